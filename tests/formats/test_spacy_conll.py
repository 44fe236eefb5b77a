from __future__ import annotations

import io
from pathlib import Path

import spacy
from spacy.tokens import DocBin

from annotator.domain.model import Article, ArticleBundle, Span
from annotator.formats import conll, spacy_docbin
from annotator.formats.stream import iter_bundles
from annotator.storage.project import Project


def test_docbin_loads_with_ents_spans_and_user_data(filled: Project, tmp_path: Path) -> None:
    path = tmp_path / "train.spacy"
    assert spacy_docbin.write(iter_bundles(filled), path) == 3
    docs = list(DocBin().from_disk(path).get_docs(spacy.blank("en").vocab))
    doc = docs[0]
    assert doc.text == filled.article(1).text
    assert {e.text for e in doc.ents} == {"😄", "Cafe\u0301", "owner\u00a0Ana"}
    assert {s.label_ for s in doc.spans["quote"]} == {"QUOTE"}
    data = doc.user_data["annotator"]
    assert {r["label"] for r in data["relations"]} == {"SPEAKER", "CUE"}
    assert next(s for s in data["spans"] if s["label"] == "QUOTE")["attrs"] == {"kind": "direct", "note": "CJK inside"}


def test_overlapping_entities_keep_the_longest(tmp_path: Path) -> None:
    text = "New York City Council met."
    bundle = ArticleBundle(
        article=Article(id=1, text=text),
        spans=[Span(id="a", article_id=1, start=0, end=8, label="GPE", layer="entity"),
               Span(id="b", article_id=1, start=0, end=21, label="ORG", layer="entity")],
    )
    doc = spacy_docbin.doc_of(bundle)
    assert [(e.text, e.label_) for e in doc.ents] == [("New York City Council", "ORG")]
    assert len(doc.spans["entity"]) == 2


def test_unaligned_span_expands_to_tokens() -> None:
    bundle = ArticleBundle(article=Article(id=1, text="Washington-based firm"),
                           spans=[Span(id="a", article_id=1, start=0, end=5, label="GPE", layer="entity")])
    doc = spacy_docbin.doc_of(bundle)
    assert doc.spans["entity"][0].text == "Washington"


def test_conll_iob_with_docstart_and_sentences(filled: Project) -> None:
    out = io.StringIO()
    conll.write(iter_bundles(filled), out)
    text = out.getvalue()
    assert text.count("-DOCSTART- O") == 3
    assert "owner B-PERSON\nAna I-PERSON\n" in text  # the no-break space is a whitespace token, left out
    assert "\U0001f604 B-MISC\n" in text and "Cafe\u0301 B-ORG\n" in text
    blocks = [b for b in text.split("\n\n") if b.strip()]
    assert all(len(line.split(" ")) == 2 for b in blocks for line in b.splitlines())
    assert "Alice B-PERSON\nSmith I-PERSON" in text
