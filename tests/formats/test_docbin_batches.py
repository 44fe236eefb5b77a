"""The DocBin export equals spaCy's own ``DocBin`` of the same Docs across batches and shards
(issue 12, docbin12i: the string table is given each word once per DocBin, span groups are
packed from record arrays, tokens are split only in the articles that need it, the garbage
collector runs less often while a DocBin is made).

The reference is spaCy itself: ``DocBin(store_user_data=True)`` with ``add(doc_of(bundle))`` for
each article of a shard, ``to_bytes()``; the export's shard must hold the same msgpack message
(``zlib.decompress`` of both: the export compresses with another deflate level) and load as the
same Docs.
"""

from __future__ import annotations

import gc
import random
import zlib
from pathlib import Path

import pytest

from annotator.domain.model import Article, Span, Status
from annotator.formats import docbin_arrays, spacy_docbin
from annotator.formats.common import ReviewedBundle
from annotator.formats.stream import iter_bundles
from tests.formats.golden_project import build

WORDS = ["Ana", "Ruiz", "said", "the", "plan", "will", "work", "in", "Utah", "Müller", "北京", "😄", "don't", "U.S.",
         "Acme", "Corp.", "mother-in-law", "Ana's", "officials", "(", ")", ",", ".", "\u201c", "\u201d", "e\u0301"]
KINDS = [("entity", "PERSON"), ("entity", "ORG"), ("entity", "GPE"), ("quote", "QUOTE"), ("speaker", "SPEAKER"),
         ("cue", "CUE")]


def _generated(count: int, seed: int) -> list[ReviewedBundle]:
    """``count`` articles of recurring words (so that words and norms recur across batches and
    shards), spans of every layer and status at word edges, inside words (split tokens), over
    whitespace edges and overlapping; some articles without spans, one of whitespace only."""
    rng = random.Random(seed)
    bundles = []
    for article_id in range(1, count + 1):
        words = [rng.choice(WORDS) + rng.choice([" ", " ", " ", "  ", "\n", "\n\n"]) for _ in range(rng.randint(1, 40))]
        text = "".join(words) if article_id != 7 else " \n "
        spans = []
        for n in range(0 if article_id % 5 == 0 else rng.randint(0, 12)):
            start = rng.randrange(len(text))
            end = rng.randint(start + 1, min(len(text), start + 30))
            layer, label = rng.choice(KINDS)
            status = rng.choice([Status.ACCEPTED, Status.ACCEPTED, Status.SUGGESTED, Status.REJECTED])
            spans.append(Span(id=f"a{article_id}s{n}", article_id=article_id, start=start, end=end, label=label,
                              layer=layer, status=status, attrs={"note": "x"} if n % 4 == 0 else {}))
        bundles.append(ReviewedBundle(Article(id=article_id, text=text, title=f"t{article_id}"), spans=spans))
    return bundles


def _spacys_message(bundles: list) -> bytes:
    """``DocBin(store_user_data=True).to_bytes()`` of ``doc_of`` of each bundle, decompressed."""
    from spacy.tokens import DocBin

    docbin = DocBin(store_user_data=True)
    for bundle in bundles:
        docbin.add(spacy_docbin.doc_of(bundle))
    return zlib.decompress(docbin.to_bytes())


def _shards_equal_spacys(bundles: list, folder: Path, shard_size: int, monkeypatch: pytest.MonkeyPatch,
                         batch: int) -> int:
    made = []

    def counted(*args, **kwargs):
        made.extend(docbin_arrays.docs_parts(*args, **kwargs))
        return made[-len(args[0]):]

    monkeypatch.setattr(spacy_docbin, "BATCH", batch)
    monkeypatch.setattr(spacy_docbin, "docs_parts", counted)
    spacy_docbin.write(iter(bundles), folder, shard_size=shard_size)
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == -(-len(bundles) // shard_size)
    for k, name in enumerate(names):
        part = bundles[k * shard_size : (k + 1) * shard_size]
        assert zlib.decompress((folder / name).read_bytes()) == _spacys_message(part), name
    return sum(p is not None for p in made)


def test_generated_project_in_many_batches_and_shards_is_spacys_docbin(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    bundles = _generated(90, seed=12)
    # batches of 8 in shards of 20: a shard's string table is filled by three batches and part of
    # a fourth, and a batch never crosses a shard (write_shards cuts it there)
    by_arrays = _shards_equal_spacys(bundles, tmp_path / "shards", 20, monkeypatch, batch=8)
    assert by_arrays >= 80  # the array path made them (the reference is spaCy's Doc path)


def test_golden_project_shards_are_spacys_docbin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = build(tmp_path)
    try:
        for status in (None, [Status.ACCEPTED]):
            bundles = list(iter_bundles(project, statuses=status))
            assert _shards_equal_spacys(bundles, tmp_path / f"shards{status is None}", 3, monkeypatch, batch=2) == len(bundles)
            single = tmp_path / f"one{status is None}.spacy"
            spacy_docbin.write(iter(bundles), single)
            assert zlib.decompress(single.read_bytes()) == _spacys_message(bundles)
    finally:
        project.close()


def test_one_file_of_many_batches_is_spacys_docbin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundles = _generated(40, seed=3)
    monkeypatch.setattr(spacy_docbin, "BATCH", 6)
    spacy_docbin.write(iter(bundles), tmp_path / "all.spacy")
    assert zlib.decompress((tmp_path / "all.spacy").read_bytes()) == _spacys_message(bundles)


def test_a_string_table_gets_each_word_once_and_every_table_gets_it(tmp_path: Path) -> None:
    """The encoder gives a DocBin's table only the words and norms new to it; another table (the
    next shard) gets them again; no table (``table=None``) gets every string each time."""
    from annotator.formats.docbin_stream import DocBinStream

    bundles = [ReviewedBundle(Article(id=i, text="Ana said the plan will work."), spans=[]) for i in (1, 2)]
    encoder = docbin_arrays.Encoder(DocBinStream(spacy_docbin.add).attrs)
    report = spacy_docbin.ExportReport()
    first, second = DocBinStream(spacy_docbin.add), DocBinStream(spacy_docbin.add)
    once = docbin_arrays.docs_parts(bundles[:1], report, encoder, gold_decided=lambda b: True, table=first)[0].strings
    again = docbin_arrays.docs_parts(bundles[1:], report, encoder, gold_decided=lambda b: True, table=first)[0].strings
    other = docbin_arrays.docs_parts(bundles[1:], report, encoder, gold_decided=lambda b: True, table=second)[0].strings
    none = docbin_arrays.docs_parts(bundles[1:], report, encoder, gold_decided=lambda b: True)[0].strings
    assert {"Ana", "said", "plan", "ana", "."} <= once
    assert again == {""}
    assert other == once == none


def test_collections_are_fewer_while_a_docbin_is_made_and_as_before_after(tmp_path: Path) -> None:
    seen = []

    def bundles():
        for bundle in _generated(3, seed=1):
            seen.append(gc.get_threshold()[0])
            yield bundle

    before = gc.get_threshold()
    spacy_docbin.write(bundles(), tmp_path / "one.spacy")
    spacy_docbin.write(bundles(), tmp_path / "shards")
    assert gc.get_threshold() == before
    assert seen and all(t >= spacy_docbin.GC_YOUNG for t in seen)


def test_overlapping_exports_leave_the_collector_as_it_was_whichever_ends_first() -> None:
    """Two exports in two threads whose blocks interleave (A in, B in, A out, B out): the
    threshold stays raised until the last one ends and is then the one from before A."""
    before = gc.get_threshold()
    a, b = spacy_docbin.fewer_collections(), spacy_docbin.fewer_collections()
    a.__enter__()
    b.__enter__()
    a.__exit__(None, None, None)
    assert gc.get_threshold()[0] >= spacy_docbin.GC_YOUNG  # B still running
    b.__exit__(None, None, None)
    assert gc.get_threshold() == before


def test_long_documents_are_spacys_docbin_in_shards_and_one_file(tmp_path: Path) -> None:
    """Token rows go to the compressor as views of their batch's array, and a piece of at least
    a quarter of ``CHUNK`` is compressed as it is, not joined (docbin12): articles of 2,000–6,000
    tokens (token rows of 0.2–0.6 MB each) between short ones, in a shard held in memory and in
    one file spilled to disk, equal spaCy's own DocBin."""
    from annotator.formats import docbin_stream

    rng = random.Random(5)
    bundles = _generated(6, seed=21)
    for k, n_words in enumerate((2000, 6000), start=1):
        text = "".join(rng.choice(WORDS) + " " for _ in range(n_words))
        spans = [Span(id=f"long{k}s{n}", article_id=100 + k, start=start, end=start + 3, label="ORG", layer="entity",
                      status=Status.ACCEPTED) for n, start in enumerate(range(0, len(text) - 4, len(text) // 7))]
        bundles.insert(2 * k, ReviewedBundle(Article(id=100 + k, text=text, title="long"), spans=spans))
    tokens = [len(spacy_docbin.doc_of(b)) for b in bundles]
    assert max(tokens) * 13 * 8 >= docbin_stream.CHUNK // 4 * 2  # some token rows take the large-piece path
    assert min(tokens) * 13 * 8 < docbin_stream.CHUNK // 4  # and others are joined
    spacy_docbin.write(iter(bundles), tmp_path / "shards", shard_size=len(bundles))
    assert zlib.decompress((tmp_path / "shards" / "00000.spacy").read_bytes()) == _spacys_message(bundles)
    spacy_docbin.write(iter(bundles), tmp_path / "one.spacy")
    assert zlib.decompress((tmp_path / "one.spacy").read_bytes()) == _spacys_message(bundles)


def test_a_token_array_that_is_not_contiguous_is_added_as_its_bytes(tmp_path: Path) -> None:
    """``add_parts`` keeps a C-contiguous token array as a view and copies any other (docbin12)."""
    import numpy

    from annotator.formats.docbin_stream import DocBinStream
    from annotator.formats.spacy_strings import DOCBIN_ATTRS

    rows = numpy.arange(3 * len(DOCBIN_ATTRS), dtype=numpy.uint64).reshape((3, len(DOCBIN_ATTRS)))
    spaces = numpy.array([[True], [False], [True]])
    written = []
    for tokens in (rows, numpy.asfortranarray(rows)):
        assert tokens.flags.c_contiguous is (tokens is rows)
        with DocBinStream(spacy_docbin.add, tmp_path, in_memory=True) as docbin:
            docbin.add_parts(tokens, spaces, b"\x90", b"\x80", {""})
            with open(tmp_path / "out.spacy", "wb") as fh:
                docbin.write_to(fh)
        written.append(zlib.decompress((tmp_path / "out.spacy").read_bytes()))
    assert written[0] == written[1]
    assert rows.tobytes() in written[0]
