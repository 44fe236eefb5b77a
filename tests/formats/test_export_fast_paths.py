"""The fast paths of issue 12's exports give what the general code gives: rows read by column
position are the records ``storage.rows`` reads (damaged rows included), token bounds of many
spans at once are each span's own, and a folder made durable by one ``syncfs`` falls back to an
``fsync`` per file where that fails."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.domain.model import Article, Relation, Span, Stance, Tag
from annotator.formats import atomic, token_store
from annotator.formats.spacy_tokens import token_bounds, token_bounds_all
from annotator.formats.stream import fast_reader
from annotator.storage import rows

ALPHABET = st.sampled_from(list("aZ9 .,'\"-!?:;()$%\n\t\u00a0😄北") + ["n't", "U.S.", "  ", " \n"])
TEXTS = st.lists(ALPHABET, min_size=1, max_size=40).map("".join)


@settings(max_examples=150, deadline=None)
@given(TEXTS, st.data())
def test_token_bounds_all_is_token_bounds_of_each_span(text: str, data: st.DataObject) -> None:
    tokens = token_store.tokenize(text)
    stops = tokens.stops(len(text))
    ranges = []
    for _ in range(data.draw(st.integers(1, 6))):
        start = data.draw(st.integers(0, len(text) - 1))
        ranges.append((start, data.draw(st.integers(start + 1, len(text)))))
    firsts, lasts = token_bounds_all(tokens.starts, stops, [s for s, _ in ranges], [e for _, e in ranges])
    assert list(zip(firsts, lasts)) == [token_bounds(tokens.starts, stops, s, e) for s, e in ranges]
    assert all(type(v) is int for v in firsts + lasts)  # JSON-serialisable, as token_bounds' ints


SPAN_COLUMNS = ["id", "article_id", "start", "end", "label", "layer", "status", "origin", "attrs", "created", "updated", "by", "analyst"]
SOUND_SPAN = ("s1", 3, 0, 4, "PERSON", "entity", "accepted", "import:jsonl", "{}", "2026-01-01", "2026-01-02", "ana", "")


def _both(kind: type, names: list[str], row: tuple):
    return fast_reader(kind, names)(row), rows.FROM_ROW[kind](dict(zip(names, row)))


@pytest.mark.parametrize("change", [
    {},  # sound
    {"attrs": '{"note": "x", "n": [1, 2]}'},  # attributes: read, not dropped
    {"attrs": None, "origin": None, "by": None, "created": None},  # NULL text reads as ""
    {"attrs": "[1, 2]"},  # damaged: not an object, kept under _unreadable_stored
    {"attrs": "{not json"},  # damaged: not JSON
    {"status": "maybe"},  # damaged status: back to suggested, the stored text kept
    {"status": "rejected", "analyst": "ben"},
    {"attrs": "[" * 5000 + "]" * 5000},  # nested too deeply for json: kept as damaged
])
def test_span_rows_read_by_position_are_the_general_readers(change: dict) -> None:
    row = tuple(change.get(name, value) for name, value in zip(SPAN_COLUMNS, SOUND_SPAN))
    fast, general = _both(Span, SPAN_COLUMNS, row)
    assert fast == general
    assert type(fast.status) is type(general.status)


def test_a_span_the_record_refuses_raises_as_the_general_reader_does() -> None:
    row = tuple({"start": 4, "end": 4}.get(name, value) for name, value in zip(SPAN_COLUMNS, SOUND_SPAN))
    with pytest.raises(ValueError, match="empty or negative"):
        fast_reader(Span, SPAN_COLUMNS)(row)


def test_columns_in_another_order_or_missing_read_the_same() -> None:
    order = list(reversed(SPAN_COLUMNS[:-1]))  # a file from before migration 0007: no analyst column
    row = tuple(dict(zip(SPAN_COLUMNS, SOUND_SPAN))[name] for name in order)
    fast, general = _both(Span, order, row)
    assert fast == general and fast.analyst == ""


def test_articles_relations_stances_and_tags_read_the_same() -> None:
    article = (7, "Text.", "abc", None, "P", "", "", '{"Body ID": "1"}', "done", "2026", "2026", 1)
    names = ["id", "text", "text_hash", "title", "publisher", "url", "published", "meta", "status", "added", "updated", "words"]
    fast, general = _both(Article, names, article)
    assert fast == general and fast.title == "" and fast.meta == {"Body ID": "1"}
    relation = ("r1", 7, "s1", "s2", "SPEAKER", "accepted", "", "{}", "", "", "", "")
    names = ["id", "article_id", "head", "child", "label", "status", "origin", "attrs", "created", "updated", "by", "analyst"]
    assert _both(Relation, names, relation)[0] == _both(Relation, names, relation)[1]
    stance = ("t1", 7, "Ana", "", "tax", "against", "s1", "suggested", "", '{"x": 1}', "", "", "", "")
    names = ["id", "article_id", "holder", "holder_span", "target", "polarity", "evidence", "status", "origin", "attrs",
             "created", "updated", "by", "analyst"]
    fast, general = _both(Stance, names, stance)
    assert fast == general and fast.attrs == {"x": 1}
    tag = ("g1", 7, "sports", "manual", "", "", "")
    names = ["id", "article_id", "tag", "origin", "created", "by", "analyst"]
    assert _both(Tag, names, tag)[0] == _both(Tag, names, tag)[1]


def test_each_record_gets_its_own_attrs() -> None:
    read = fast_reader(Span, SPAN_COLUMNS)
    first, second = read(SOUND_SPAN), read(("s2", *SOUND_SPAN[1:]))
    assert first.attrs == {} and first.attrs is not second.attrs


def _written(folder: Path) -> None:
    for n in range(3):
        (folder / f"{n}.txt").write_text(json.dumps(n))


def test_a_folder_is_made_durable_by_one_syncfs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _written(tmp_path)
    calls: list[int] = []
    fsyncs: list[int] = []
    monkeypatch.setattr(atomic, "_syncfs", lambda: lambda fd: calls.append(fd) or 0)
    real_fsync = os.fsync
    monkeypatch.setattr(atomic.os, "fsync", lambda fd: fsyncs.append(fd) or real_fsync(fd))
    atomic._fsync_tree(tmp_path)
    assert len(calls) == 1
    assert fsyncs == []  # syncfs wrote the files and the folder's entries too


@pytest.mark.parametrize("syncfs", [None, lambda fd: -1])
def test_without_syncfs_every_file_is_fsynced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, syncfs) -> None:
    _written(tmp_path)
    fsyncs: list[int] = []
    monkeypatch.setattr(atomic, "_syncfs", lambda: syncfs)
    real_fsync = os.fsync
    monkeypatch.setattr(atomic.os, "fsync", lambda fd: fsyncs.append(fd) or real_fsync(fd))
    atomic._fsync_tree(tmp_path)
    assert len(fsyncs) == 4  # three files and the folder


def test_sentence_punctuation_is_the_sentencizers() -> None:
    from spacy.pipeline import Sentencizer

    assert token_store.SENT_PUNCT_CHARS == frozenset(Sentencizer.default_punct_chars)


WORDS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=4) | st.sampled_from(
    list("!.?,;:\"'()-—…。！") + [" ", "\n", "\u00a0", "\u2029", "--", "?!", "...", "a.", "U.S."])


@settings(max_examples=120, deadline=None)
@given(WORDS)
def test_word_flags_are_the_lexemes(word: str) -> None:
    from annotator.formats.common import tokenizer

    lexeme = tokenizer().vocab[word]
    want = (token_store.IS_SPACE * lexeme.is_space | token_store.IS_PUNCT * lexeme.is_punct
            | token_store.SENT_PUNCT * (word in frozenset(__import__("spacy.pipeline").pipeline.Sentencizer.default_punct_chars)))
    assert token_store.word_flags(word) == want


def test_a_conll_export_of_stored_tokens_does_not_import_spacy() -> None:
    """Tokens stored, entity edges inside tokens ("Ana" of "Ana's", "in" of "mother-in-law"): the
    split tokens get their flags without a lexeme, so no spaCy import (1.5-4 s of an export).
    Run in a child process, so that this test's own imports do not count."""
    import subprocess
    import sys
    import textwrap

    from annotator.formats import conll
    from annotator.formats.common import ReviewedBundle

    text = "Ana's mother-in-law said: no. Then Ruiz left."
    tokens = token_store.tokenize(text)
    spans = [Span(id="a", article_id=1, start=0, end=3, label="PERSON", layer="entity"),
             Span(id="b", article_id=1, start=13, end=15, label="ORG", layer="entity")]
    want = conll.sentences(ReviewedBundle(Article(id=1, text=text), spans=spans, tokens=tokens))
    assert ("Ana", "B-PERSON") in want[0] and ("in", "B-ORG") in want[0]
    edges = [(s.id, s.start, s.end, s.label) for s in spans]
    code = textwrap.dedent(f"""
        import sys
        from annotator.domain.model import Article, Span
        from annotator.formats import conll, token_store
        from annotator.formats.common import ReviewedBundle
        tokens = token_store.unpack(*{token_store.pack(tokens)!r})
        spans = [Span(id=i, article_id=1, start=a, end=b, label=label, layer="entity") for i, a, b, label in {edges!r}]
        print(repr(conll.sentences(ReviewedBundle(Article(id=1, text={text!r}), spans=spans, tokens=tokens))))
        print("spacy" in sys.modules)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.splitlines()
    assert out == [repr(want), "False"]


@pytest.mark.parametrize("size", [0, 1, 15, 16, 255, 256, 65535, 65536, 70000])
def test_msgpack_headers_are_srslys(size: int) -> None:
    import srsly

    from annotator.formats.docbin_stream import array_header, bin_header

    assert bin_header(size) + b"x" * size == srsly.msgpack_dumps(b"x" * size)
    assert array_header(size) + b"\xc0" * size == srsly.msgpack_dumps([None] * size)


@pytest.mark.parametrize("count", [0, 1, 17])
def test_a_streamed_docbin_is_to_bytes_byte_for_byte(tmp_path: Path, count: int) -> None:
    """17 documents: the span group and user data arrays take an array 16 header. The message is
    to_bytes()' byte for byte; its deflate is isal's, not zlib's level 6 (docbin_stream)."""
    import io
    import zlib

    from spacy.tokens import DocBin

    from annotator.formats import spacy_docbin
    from annotator.formats.common import tokenizer
    from annotator.formats.docbin_stream import DocBinStream

    docs = []
    for n in range(count):
        doc = tokenizer()(f"Ana Ruiz said {n} times: “no.” Then she left Madrid.")
        doc.ents = [doc.char_span(0, 8, label="PERSON")]
        doc.spans["quote"] = [doc[5:9]]
        doc.user_data["annotator"] = {"n": n, "note": "é" * n * 20}
        docs.append(doc)
    whole = DocBin(store_user_data=True)
    out = io.BytesIO()
    with DocBinStream(spacy_docbin.add, tmp_path) as stream:
        for doc in docs:
            spacy_docbin.add(whole, doc)
            stream.add_doc(doc)
        stream.write_to(out)
    assert zlib.decompress(out.getvalue()) == zlib.decompress(whole.to_bytes())
    assert out.getvalue() != whole.to_bytes()  # the faster compressor wrote it
    assert list(tmp_path.iterdir()) == []  # the temporary files have no names
    back = list(DocBin().from_bytes(out.getvalue()).get_docs(tokenizer().vocab))
    assert [d.user_data["annotator"]["n"] for d in back] == list(range(count))


@settings(max_examples=150, deadline=None)
@given(TEXTS, st.data())
def test_split_plan_skips_only_what_needs_no_split(text: str, data: st.DataObject) -> None:
    """The shortcut (every span on token edges: nothing to split) gives what the full plan gives."""
    from annotator.formats import spacy_tokens

    tokens = token_store.tokenize(text)
    stops = tokens.stops(len(text))
    ranges = []
    for _ in range(data.draw(st.integers(1, 4))):
        if data.draw(st.booleans()) and len(tokens):  # on token edges, the common case
            first = data.draw(st.integers(0, len(tokens) - 1))
            last = data.draw(st.integers(first, len(tokens) - 1))
            ranges.append((int(tokens.starts[first]), int(stops[last])))
        else:
            start = data.draw(st.integers(0, len(text) - 1))
            ranges.append((start, data.draw(st.integers(start + 1, len(text)))))
    args = (tokens.starts, stops, tokens.spaces, [s for s, _ in ranges], [e for _, e in ranges])
    got = spacy_tokens.split_plan(*args)
    real = spacy_tokens._on_edges
    try:
        spacy_tokens._on_edges = lambda edges, points: False  # type: ignore[assignment]
        full = spacy_tokens.split_plan(*args)
    finally:
        spacy_tokens._on_edges = real  # type: ignore[assignment]
    assert got == full


@settings(max_examples=200, deadline=None)
@given(TEXTS, st.data())
def test_split_plan_arrays_are_the_loop(text: str, data: st.DataObject) -> None:
    """split_plan cuts tokens with array operations (issue 12); the loop it replaced gives the same tokens."""
    import numpy

    from annotator.formats import spacy_tokens

    tokens = token_store.tokenize(text)
    stops = tokens.stops(len(text))
    ranges = []
    for _ in range(data.draw(st.integers(1, 5))):
        start = data.draw(st.integers(0, len(text) - 1))
        ranges.append((start, data.draw(st.integers(start + 1, len(text)))))
    got = spacy_tokens.split_plan(tokens.starts, stops, tokens.spaces, [s for s, _ in ranges], [e for _, e in ranges])
    begin, stop, space = tokens.starts.astype(numpy.int64), stops.astype(numpy.int64), tokens.spaces.astype(bool)
    opens, closes = numpy.unique([s for s, _ in ranges]), numpy.unique([e for _, e in ranges])
    cuts = numpy.union1d(opens, closes)
    lo, hi = numpy.searchsorted(cuts, begin, side="right"), numpy.searchsorted(cuts, stop, side="left")
    space_alone = space & (numpy.isin(stop, opens) | numpy.isin(stop + 1, closes))
    affected = numpy.flatnonzero((hi > lo) | space_alone)
    want = spacy_tokens._split_plan_loop(begin, stop, space, cuts, lo, hi, space_alone, affected) if len(affected) else None
    assert got == want


def test_spilled_parts_read_back_whole_and_in_order(tmp_path: Path) -> None:
    """More than one read chunk (2.5 MB of zeros and random bytes), items of every size, 0 included."""
    import random

    from annotator.formats.docbin_stream import CHUNK, _Spill

    rng = random.Random(7)
    items = [bytes(rng.randrange(256) for _ in range(rng.randrange(0, 300))) for _ in range(200)]
    items += [b"", bytes(CHUNK + 5), rng.randbytes(CHUNK // 2) + bytes(CHUNK), b"x"]
    spill = _Spill(tmp_path)
    for item in items:
        spill.add(item)
    assert spill.total() == sum(map(len, items))
    assert list(spill.items()) == items
    spill.close()
    spill = _Spill(tmp_path)
    for item in items:
        spill.add(item)
    assert b"".join(spill.chunks()) == b"".join(items)
    spill.close()


@settings(max_examples=150, deadline=None)
@given(st.lists(TEXTS, min_size=1, max_size=5), st.data())
def test_split_arrays_of_texts_end_to_end_are_each_texts_own(texts: list[str], data: st.DataObject) -> None:
    """export12d (issue 12): the CoNLL and DocBin exports split the tokens of up to 64 articles
    with one split_arrays call, the texts laid end to end with a gap of one; each text's tokens
    come out as split_plan splits that text alone (None: as stored)."""
    import numpy

    from annotator.formats import spacy_tokens

    all_starts, all_stops, all_spaces, all_opens, all_closes, want_starts, want_stops, want_spaces = ([] for _ in range(8))
    shift = 0
    for text in texts:
        tokens = token_store.tokenize(text)
        stops = tokens.stops(len(text))
        ranges = []
        if text:
            for _ in range(data.draw(st.integers(0, 4))):
                start = data.draw(st.integers(0, len(text) - 1))
                ranges.append((start, data.draw(st.integers(start + 1, len(text)))))
        plan = spacy_tokens.split_plan(tokens.starts, stops, tokens.spaces, [s for s, _ in ranges], [e for _, e in ranges])
        own = plan if plan is not None else (tokens.starts.tolist(), stops.tolist(), tokens.spaces.tolist())
        want_starts += [x + shift for x in own[0]]
        want_stops += [x + shift for x in own[1]]
        want_spaces += list(own[2])
        all_starts += (tokens.starts + shift).tolist()
        all_stops += (stops + shift).tolist()
        all_spaces += tokens.spaces.tolist()
        all_opens += [s + shift for s, _ in ranges]
        all_closes += [e + shift for _, e in ranges]
        shift += len(text) + 1
    got = spacy_tokens.split_arrays(numpy.array(all_starts, dtype=numpy.int64), numpy.array(all_stops, dtype=numpy.int64),
                                    numpy.array(all_spaces, dtype=bool), all_opens, all_closes)
    if got is None:
        assert (want_starts, want_stops, want_spaces) == (all_starts, all_stops, all_spaces)
    else:
        assert (got[0].tolist(), got[1].tolist(), got[2].tolist()) == (want_starts, want_stops, want_spaces)


def _longest_first(ranges: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """non_overlapping's rule written out: longest first (then earliest, then first given), a range
    overlapping one taken is not; both lists in text order."""
    taken: list[int] = []
    dropped: list[int] = []
    for i in sorted(range(len(ranges)), key=lambda i: (ranges[i][0] - ranges[i][1], ranges[i][0], i)):
        s, e = ranges[i]
        if any(s < ranges[j][1] and ranges[j][0] < e for j in taken):
            dropped.append(i)
        else:
            taken.append(i)
    in_text = lambda i: (ranges[i][0], ranges[i][1], i)  # noqa: E731
    return sorted(taken, key=in_text), sorted(dropped, key=in_text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(1, 8)).map(lambda p: (p[0], p[0] + p[1])), max_size=8),
       st.booleans())
def test_non_overlapping_shortcut_keeps_the_rule(ranges: list[tuple[int, int]], spread: bool) -> None:
    """export12d: non_overlapping returns at once when no two ranges overlap; with overlaps or
    without, its result is the longest-first rule's."""
    from annotator.formats.spacy_tokens import non_overlapping

    if spread:  # mostly disjoint ranges, as in most articles: the shortcut's case
        ranges = [(s * 10, s * 10 + min(n, 9)) for s, n in ranges]
    assert non_overlapping(ranges) == _longest_first(ranges)


def _recorded_syncs(monkeypatch: pytest.MonkeyPatch) -> tuple[list[int], list[str]]:
    """Record, without stopping them, the export's syncfs calls (descriptors) and fsyncs (the
    paths synced, by /proc/self/fd): ``(syncfs calls, fsynced paths)``, filled as they come."""
    calls: list[int] = []
    fsyncs: list[str] = []
    monkeypatch.setattr(atomic, "_syncfs", lambda: lambda fd: calls.append(fd) or 0)
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: fsyncs.append(os.readlink(f"/proc/self/fd/{fd}")) or real_fsync(fd))
    return calls, fsyncs


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="names an fsync-ed descriptor by /proc/self/fd (Linux)")
def test_a_folder_of_synced_files_gets_one_fsync_of_the_folder_and_no_syncfs(tmp_path: Path,
                                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # syncfs waits for every other process's unwritten data on the file system too (issue 12)
    calls, fsyncs = _recorded_syncs(monkeypatch)
    target = tmp_path / "out"
    with atomic.replacing_folder(target, lambda _p: True, files_synced=True) as folder:
        _written(folder)
        written = str(folder)
    assert calls == []
    assert fsyncs[0] == written  # the new folder's entries, then the swap's parent
    assert sorted(p.name for p in target.iterdir()) == ["0.txt", "1.txt", "2.txt"]


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="names an fsync-ed descriptor by /proc/self/fd (Linux)")
def test_every_docbin_shard_is_fsynced_as_it_is_written_and_no_syncfs_waits(tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from annotator.formats import spacy_docbin

    calls, synced = _recorded_syncs(monkeypatch)
    bundles = [_bundle_of(n) for n in range(5)]
    spacy_docbin.write(iter(bundles), tmp_path / "shards", shard_size=2)
    names = sorted(p.name for p in (tmp_path / "shards").iterdir())
    assert len(names) == 3
    assert calls == []
    assert sorted(Path(p).name for p in synced if p.endswith(".spacy")) == names


def _bundle_of(n: int) -> Any:
    from annotator.domain.model import Status
    from annotator.formats.common import ReviewedBundle

    text = f"Article number {n} says the river rose by {n + 2} metres overnight."
    span = Span(id=f"s{n}", article_id=n + 1, start=0, end=7, label="ORG", layer="entity", status=Status.ACCEPTED)
    return ReviewedBundle(Article(id=n + 1, text=text, title=f"t{n}"), spans=[span])
