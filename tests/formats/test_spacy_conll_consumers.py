"""The exports as their consumers read them: ``spacy train``, ``spacy convert -c ner``, PolNeAR gold."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy.tokens import DocBin

from annotator.domain.model import Article, ArticleBundle, Span, Status
from annotator.formats import conll, spacy_docbin, spacy_ext
from tests.conftest import SHARED_DATA

A, R, S = Status.ACCEPTED, Status.REJECTED, Status.SUGGESTED


def ent(text: str, part: str, label: str, status: Status = A, layer: str = "entity") -> Span:
    start = text.index(part)
    return Span(id=f"{label}{start}{status}{len(part)}", article_id=1, start=start, end=start + len(part), label=label,
                layer=layer, status=status)


def training_bundles() -> list[ArticleBundle]:
    texts = [
        ("Acme Corp hired Ana Ruiz in Lima.\r\n", [("Acme Corp", "ORG", R), ("Ana Ruiz", "PERSON", A), ("Lima", "GPE", S),
                                                ("Acme", "ORG", A)]),
        ("Hi.\nAna Ruiz\nsaid 北京大学 is big.", [("\nAna Ruiz\n", "PERSON", A), ("北京", "GPE", A), ("北京大学", "ORG", R),
                                                 ("Ana Ruiz", "PERSON", R)]),
        ("Bob Lee met Ana Ruiz 😄 in Paris\u00a0today.", [("Bob Lee", "PERSON", A), ("Ana Ruiz", "PERSON", R),
                                                       ("Paris", "GPE", A), ("Paris\u00a0", "GPE", R)]),
    ]
    out = []
    for n, (text, spans) in enumerate(texts, start=1):
        made = [ent(text, part, label, status) for part, label, status in spans]
        made.append(ent(text, text.split()[0], "QUOTE", A, layer="quote"))
        out.append(ArticleBundle(article=Article(id=n, text=text), spans=made))
    return out


def test_spacy_trains_on_the_docbin_with_rejected_spans_as_negatives(tmp_path: Path) -> None:
    """A tiny ``spacy train`` (blank en, ner with incorrect_spans_key) runs to the end. The data holds
    a rejected span identical to an accepted entity's trimmed span ("Ana Ruiz"), which spaCy
    refuses (E868) among the negatives: the export reports it instead."""
    from spacy.cli.init_config import init_config

    data = tmp_path / "train.spacy"
    report = spacy_docbin.write(training_bundles(), data)
    assert report.left_out[spacy_docbin.CONTRADICTED] == 1
    docs = list(DocBin().from_disk(data).get_docs(spacy.blank("en").vocab))
    assert sum(len(d.spans.get(spacy_ext.INCORRECT_SPANS_KEY, [])) for d in docs) == 4
    config = init_config(lang="en", pipeline=["ner"], optimize="efficiency")
    config["components"]["ner"]["incorrect_spans_key"] = spacy_ext.INCORRECT_SPANS_KEY
    config["components"]["tok2vec"]["model"]["encode"]["width"] = 16
    config["components"]["tok2vec"]["model"]["encode"]["depth"] = 1
    config["components"]["ner"]["model"]["hidden_width"] = 8
    config["training"].update({"max_steps": 4, "eval_frequency": 2})
    config.to_disk(tmp_path / "config.cfg")
    # `spacy train CONFIG --paths.train … --paths.dev … --output …`, in this process (spaCy is
    # loaded already): it raises (E868, E024…) where the command would exit non-zero.
    from spacy.cli.train import train

    train(tmp_path / "config.cfg", tmp_path / "model", overrides={"paths.train": str(data), "paths.dev": str(data)})
    assert (tmp_path / "model" / "model-last" / "ner").is_dir()


def test_spacy_convert_reads_one_doc_per_article_with_its_entities(tmp_path: Path) -> None:
    bundles = training_bundles()
    with (tmp_path / "data.conll").open("w", encoding="utf-8", newline="\n") as fh:
        conll.write(bundles, fh)
    run = subprocess.run([sys.executable, "-m", "spacy", "convert", str(tmp_path / "data.conll"), str(tmp_path), "-c", "ner"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    docs = list(DocBin().from_disk(tmp_path / "data.spacy").get_docs(spacy.blank("en").vocab))
    assert [[(e.text, e.label_) for e in d.ents] for d in docs] == [
        [("Acme", "ORG"), ("Ana Ruiz", "PERSON")],
        [("Ana Ruiz", "PERSON"), ("北京", "GPE")],  # split off "大学" (no space between)
        [("Bob Lee", "PERSON"), ("Paris", "GPE")],
    ]
    assert [[t.text for t in d] for d in docs][1] == ["Hi", ".", "Ana", "Ruiz", "said", "北京", "大学", "is", "big", "."]
    assert all("-DOCSTART-" not in t.text for d in docs for t in d)


POLNEAR = SHARED_DATA / "polnear-dev" / "attributions"


@pytest.mark.skipif(not POLNEAR.is_dir(), reason="PolNeAR dev data not present")
def test_polnear_every_gold_span_is_exact_in_the_docbin(tmp_path: Path) -> None:
    from annotator.formats import plan
    from annotator.formats.common import ImportOptions, tokenizer

    bundles = [item.bundle for source in plan([POLNEAR]) for item in source.reader(ImportOptions())]
    assert len(bundles) == 94 and all(b is not None for b in bundles)  # 84 texts, some by two annotators
    assert sum(len(b.spans) for b in bundles) > 5000
    # the case the export used to get wrong: span edges inside one of the tokenizer's tokens
    inside = 0
    for b in bundles:
        tokens = tokenizer()(b.article.text)
        inside += sum(1 for s in b.spans if tokens.char_span(s.start, s.end) is None)
    assert inside >= 35
    path = tmp_path / "polnear.spacy"
    report = spacy_docbin.write(bundles, path)
    docs = list(DocBin().from_disk(path).get_docs(spacy.blank("en").vocab))
    assert report.articles == len(docs) == len(bundles)
    for doc, b in zip(docs, bundles):
        assert doc.text == b.article.text
        loaded = {s.id_: (s.start_char, s.end_char, s.label_) for group in doc.spans.values() for s in group}
        assert loaded == {s.id: (s.start, s.end, s.label) for s in b.spans}
        for s in b.spans:
            piece = doc.char_span(s.start, s.end)
            assert piece is not None and (piece.start_char, piece.end_char) == (s.start, s.end)
