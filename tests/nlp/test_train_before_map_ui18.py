"""usertest17 L-d: the held-out "before" of the entity run reads the base pipeline's labels as
pre-annotation suggests them (annotator.domain.schema.suggested_label with the project's
ner_map), and says how: a CoNLL project's LOC/MISC against the base's GPE/NORP read 0.00 with
no word. Made-up texts."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain.model import Article, ArticleBundle, ArticleStatus, Span
from annotator.nlp import train as T
from annotator.storage.project import Project
from tests.nlp.test_train_messages import BASE

CONLL_MAP = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "NORP": "NORP", "LOC": "LOC", "FAC": "LOC",
             "WORK_OF_ART": "MISC", "PRODUCT": "MISC"}
BASE_LABELS = ["CARDINAL", "DATE", "FAC", "GPE", "LOC", "NORP", "ORG", "PERSON", "PRODUCT", "WORK_OF_ART"]


def test_before_maps_the_base_as_preannotation_does() -> None:
    base_map = T.base_label_map([*BASE_LABELS, "MISC"], CONLL_MAP)
    # MISC is one of the map's targets, not a key: pre-annotation suggests it as itself (a base
    # trained on the project says MISC: N11), and the old "before" (ner_map.get) dropped it
    assert base_map["MISC"] == "MISC" and base_map["FAC"] == "LOC" and base_map["WORK_OF_ART"] == "MISC"
    assert "DATE" not in base_map and "CARDINAL" not in base_map


def test_the_note_says_what_was_mapped_and_what_is_left_out() -> None:
    note = T.before_map_note(T.base_label_map(BASE_LABELS, CONLL_MAP), ["LOC", "MISC", "ORG", "PERSON"])
    assert note.startswith("Before: the base's labels mapped as pre-annotation maps them (the project's ner_map: "
                           "FAC→LOC, PRODUCT→MISC, WORK_OF_ART→MISC)")
    assert "its GPE, NORP suggestions (labels not trained here) are left out" in note
    note = T.before_map_note(T.base_label_map(["PERSON", "GPE"], CONLL_MAP), ["PERSON", "MISC"])
    assert 'no base label maps to MISC, so its "before" is 0' in note
    assert T.before_map_note({"PERSON": "PERSON"}, ["PERSON"]) == ""


@pytest.mark.skipif(BASE is None, reason="no trained spaCy pipeline installed")
def test_a_run_scores_before_through_the_map_and_the_cli_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mappings: list = []
    real = T.ner_scores
    monkeypatch.setattr(T, "ner_scores", lambda nlp, docs, mapping: (mappings.append(mapping), real(nlp, docs, mapping))[1])
    path = tmp_path / "c.db"
    with Project.open(path) as proj:
        bundles = []
        for i in range(8):
            name, label = (("Tom Vale", "PERSON"), ("Harbour Song", "MISC"))[i % 2]
            text = f"On day {i} {name} was in the news again. Nothing else happened."
            start = text.index(name)
            bundles.append(ArticleBundle(Article(None, text, status=ArticleStatus.DONE),
                                         spans=[Span(f"s{i}", 0, start, start + len(name), label, "entity")]))
        proj.import_bundles(bundles)
    result = CliRunner().invoke(cli, ["train", str(path), "--output", str(tmp_path / "out"), "--max-steps", "1",
                                      "--no-attribution"])
    assert result.exit_code == 0, result.output + result.stderr
    before = mappings[0]  # the first scoring is the base's
    assert before("WORK_OF_ART") == "MISC" and before("PERSON") == "PERSON" and before("GPE") is None
    assert "Before: the base's labels mapped as pre-annotation maps them (the project's ner_map: " in result.output
    assert "WORK_OF_ART→MISC" in result.output
