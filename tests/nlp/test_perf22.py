"""perf22: quotes_doc.one_of is numpy.isin, and the text the runner hands the rules is what
doc_text gives (the suggestions themselves: ``python -m benchmarks.suggestions_same``)."""

from __future__ import annotations

import numpy
from spacy.tokens import Doc
from spacy.vocab import Vocab

from annotator.nlp import runner
from annotator.nlp.quotes_doc import doc_text, one_of, text_known


def _parsed() -> Doc:
    words = ["The", "new", "plant", "adds", "more", "jobs", "than", "the", "old", "one", "."]
    heads = [2, 2, 3, 3, 5, 3, 4, 9, 9, 6, 3]
    deps = ["det", "amod", "nsubj", "ROOT", "amod", "dobj", "prep", "det", "amod", "pobj", "punct"]
    pos = ["DET", "ADJ", "NOUN", "VERB", "ADJ", "NOUN", "ADP", "DET", "ADJ", "NOUN", "PUNCT"]
    tags = ["DT", "JJ", "NN", "VBZ", "JJR", "NNS", "IN", "DT", "JJ", "NN", "."]
    return Doc(Vocab(), words=words, spaces=[True] * 9 + [False, False], heads=heads, deps=deps, pos=pos, tags=tags)


def test_one_of_is_numpy_isin() -> None:
    rng = numpy.random.default_rng(22)
    values = rng.choice(numpy.array([0, 5, 2**63 + 7, 2**64 - 1, 42], dtype="uint64"), size=300)
    for ids in ([], [5], [2**63 + 7, 42], [2**64 - 1, 0, 9]):
        assert one_of(values, ids).tolist() == numpy.isin(values, numpy.array(ids, dtype="uint64")).tolist()


def test_doc_text_answers_the_known_text() -> None:
    doc = _parsed()
    text = "The new plant adds more jobs than the old one."
    assert doc.text == text
    given = "".join(list(text))  # equal, not the same object
    with text_known(doc, given):
        assert doc_text(doc) is given
    assert doc_text(doc) is not given and doc_text(doc) == text
    with text_known(doc, "A new plant adds more jobs than the old one."):  # not the doc's text: rebuilt
        assert doc_text(doc) == text


def test_runner_hands_the_rules_the_parsed_text() -> None:
    doc = _parsed()
    given = "".join(list(doc.text))
    seen: list[bool] = []

    def rules(d: Doc, **_: object) -> None:
        seen.append(doc_text(d) is given)

    runner._suggest_one(rules, doc, (1, 10), {}, "test", given)  # type: ignore[arg-type]
    runner._suggest_one(rules, doc, (1, 10), {}, "test")  # type: ignore[arg-type]
    assert seen == [True, False]
