"""formats/spacy_strings.py holds spaCy's own rules for what a DocBin stores of a string (issue 12:
the DocBin export no longer imports spaCy or makes lexemes): every table equals spaCy's, and the
ids and norms it computes are the ones spaCy's StringStore and blank("en") vocab give."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.formats import spacy_strings

# Symbols in several cases, tokenizer-exception and BASE_NORMS keys, non-BMP and combining
# characters, every length around MurmurHash64A's 8-byte blocks.
WORDS = ["", "a", "case", "Case", "CASE", "PERSON", "person", "ORG", "nsubj", "_", "’", "’s", "``", "--", "US$", "£",
         "n't", "İstanbul", "Straße", "ΣΊΣΥΦΟΣ", "北京大学", "😄", "𝔘𝔫𝔦", "e\u0301", "\u00a0", " ", "\n\n",
         *("abcdefghijklmnopq"[:n] for n in range(18))]


def test_tables_are_spacys() -> None:
    from spacy.lang.norm_exceptions import BASE_NORMS
    from spacy.strings import SYMBOLS_BY_STR
    from spacy.tokens import DocBin

    assert spacy_strings.SYMBOLS == SYMBOLS_BY_STR
    assert spacy_strings.BASE_NORMS == BASE_NORMS
    docbin = DocBin(store_user_data=True)
    assert spacy_strings.DOCBIN_ATTRS == list(docbin.attrs)
    assert spacy_strings.DOCBIN_VERSION == docbin.version


def _check(word: str) -> None:
    from spacy.strings import StringStore, get_string_id

    from annotator.formats.common import tokenizer

    assert spacy_strings.string_id(word) == get_string_id(word) == StringStore().add(word)
    if word:  # the vocab has no lexeme for ""
        assert spacy_strings.lexeme_norm(word) == tokenizer().vocab[word].norm_


@pytest.mark.parametrize("word", WORDS + list(spacy_strings.BASE_NORMS) + ["ADJ", "root", "Root"])
def test_ids_and_norms_are_spacys(word: str) -> None:
    _check(word)


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(blacklist_categories=["Cs"]), max_size=40))
def test_ids_and_norms_of_any_text_are_spacys(word: str) -> None:
    _check(word)


def test_a_lone_surrogate_is_refused_as_spacy_refuses_it() -> None:
    from spacy.strings import get_string_id

    with pytest.raises(UnicodeEncodeError):
        get_string_id("a\ud800")
    with pytest.raises(UnicodeEncodeError):
        spacy_strings.string_id("a\ud800")


def test_a_docbin_export_of_stored_tokens_does_not_import_spacy(tmp_path: Path) -> None:
    """The golden project (its tokens stored by a first export) exported again as DocBin shards and
    as one file: no spaCy import (1-2 s of a 3 s budget), and the message is the golden one.
    In a child process, so that this test's own imports do not count."""
    from annotator.formats import spacy_docbin
    from annotator.formats.stream import iter_bundles
    from tests.formats.golden_project import GOLDEN, build

    project = build(tmp_path)
    try:
        spacy_docbin.write(iter_bundles(project), tmp_path / "first.spacy")  # keeps the tokens it had to make
    finally:
        project.close()
    code = textwrap.dedent(f"""
        import sys
        from annotator.formats import spacy_docbin
        from annotator.formats.stream import iter_bundles
        from annotator.storage.project import Project
        project = Project.open({str(project.path)!r}, create=False)
        spacy_docbin.write(iter_bundles(project), {str(tmp_path / "again.spacy")!r})
        spacy_docbin.write(iter_bundles(project), {str(tmp_path / "shards")!r}, shard_size=2)
        project.close()
        print("spacy" in sys.modules)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=Path(__file__).parents[2])
    assert out.stdout.split() == ["False"], out.stderr
    assert (zlib.decompress((tmp_path / "again.spacy").read_bytes())
            == zlib.decompress((GOLDEN / "all.spacy").read_bytes()))
    assert sorted(p.name for p in (tmp_path / "shards").iterdir()) == ["00000.spacy", "00001.spacy"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(st.characters(blacklist_categories=["Cs"]), max_size=70), max_size=30))
def test_hashes_of_many_strings_at_once_are_spacys(words: list[str]) -> None:
    """docbin_arrays.murmur_spans (every token's hash in one numpy pass) over strings of every
    length (blocks of 8 bytes and their tails), packed one after the other."""
    import numpy
    from spacy.strings import hash_string

    from annotator.formats.docbin_arrays import murmur_spans

    data = [w.encode("utf-8") for w in words]
    lengths = numpy.array([len(d) for d in data], dtype=numpy.int64)
    starts = numpy.cumsum(lengths) - lengths
    assert murmur_spans(b"".join(data), starts, lengths).tolist() == [hash_string(w) for w in words]
    assert [spacy_strings.murmurhash64a(d) for d in data] == [hash_string(w) for w in words]
