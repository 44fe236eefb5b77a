"""A text that itself starts with U+FEFF survives the brat round trip (found by tests/fidelity,
``BOM_ARTICLE``): the ``.txt`` gets a UTF-8 byte-order mark before it, which every UTF-8 reader
(ours, ``utf-8-sig``) drops, so the text's own U+FEFF — and every span over it — comes back."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain.model import Article, ArticleBundle
from annotator.formats.stream import iter_bundles
from tests.formats.test_brat_roundtrip import ann_of, files, round_trip, snapshot, span


@pytest.mark.parametrize("text", ["\ufeffLavrov said talks were useful.", "\ufeff\ufeffLavrov said:\r\n\u201cTalks.\u201d"])
def test_text_starting_with_feff_comes_back_exactly(tmp_path: Path, text: str) -> None:
    lavrov = span(text, "p", "Lavrov", "PERSON")
    with_mark = span(text, "o", text[:text.index("Lavrov") + 6], "ORG")  # a span over the U+FEFF itself
    first, second, report = round_trip(tmp_path, [ArticleBundle(Article(None, text), [lavrov, with_mark])])
    assert not report.left_out
    [txt] = (tmp_path / "out1").glob("*.txt")
    assert txt.read_bytes() == b"\xef\xbb\xbf" + text.encode("utf-8")
    # brat counts the byte-order mark as character 0 (and the text's own U+FEFF as the next ones)
    feffs = len(text) - len(text.lstrip("\ufeff"))
    assert f"T2\tPERSON {1 + feffs} {7 + feffs}\tLavrov" in ann_of(tmp_path / "out1")
    [back] = list(iter_bundles(second))
    assert back.article.text == text
    assert snapshot(second) == snapshot(first)
    assert files(tmp_path / "out2") == files(tmp_path / "out1")


def test_text_without_feff_gets_no_byte_order_mark(tmp_path: Path) -> None:
    text = "Lavrov said talks were useful."
    round_trip(tmp_path, [ArticleBundle(Article(None, text), [span(text, "p", "Lavrov", "PERSON")])])
    [txt] = (tmp_path / "out1").glob("*.txt")
    assert txt.read_bytes() == text.encode("utf-8")
