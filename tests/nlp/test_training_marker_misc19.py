"""usertest18 L8: the annotator-training.json of an attribution-only run said ``labels: [],
before: {}, after: {}`` at the top while its numbers were under ``attribution``. The file now has
the keys of the runs that happened only (``components`` says which); every reader (Preferences'
list, train's refusal line, the totals, the date) reads older files as before."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.nlp import train as T
from annotator.nlp.train_summary import read_trained

RUN = {"steps": 40, "train_articles": 33, "heldout_articles": 10, "seconds": 12.0,
       "before": {"attribution": {"f": 0.53}}, "after": {"attribution": {"f": 0.58}}}
FULL = {"project": "/data/q.db", "base": "en_core_web_sm", "finished": "2026-12-03 10:00 UTC", "labels": [],
        "steps": 40, "train_articles": 33, "heldout_articles": 10, "complete_articles": 0, "partial_articles": 0,
        "heldout_percent": 20, "before": {}, "before_map": {}, "resumed_from_step": 0, "data_changed_on_resume": False,
        "changes_on_resume": None, "near_duplicates": 0, "after": {}, "seconds": 12.0, "attribution": RUN}


def _folder(tmp_path: Path, name: str, info: dict) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    (folder / T.MARKER).write_text(json.dumps(info), encoding="utf-8")
    return folder


def test_an_attribution_only_marker_has_no_empty_entity_keys_and_reads_as_an_old_one(tmp_path: Path) -> None:
    new = T.marker_shape({**FULL, "components": ["attribution"]})
    assert set(new) == {"project", "base", "components", "finished", "steps", "train_articles", "heldout_articles",
                        "heldout_percent", "seconds", "attribution"}
    entity_only = T.marker_shape({**FULL, "components": ["ner"], "labels": ["PERSON"], "attribution": {}})
    assert "attribution" not in entity_only and entity_only["labels"] == ["PERSON"] and "before" in entity_only
    both = {**FULL, "components": ["ner", "attribution"], "labels": ["PERSON"]}
    assert T.marker_shape(both) == both
    # the readers: the file written now and one of an earlier version (empty keys) read alike
    old = {**FULL, "components": ["attribution"]}
    for name, info in (("new-pipe", new), ("old-pipe", old)):
        folder = _folder(tmp_path, name, info)
        listed = read_trained(folder)
        assert (listed.labels, listed.f1_before, listed.f1_after) == ((), None, None)
        assert (listed.attribution_before, listed.attribution_after, listed.project) == (0.53, 0.58, "/data/q.db")
        assert listed.describe().endswith("2026-12-03 10:00 UTC · attributions F1 0.53 → 0.58")
        assert T.finished_pipeline(folder) == ("a pipeline trained on q.db (/data/q.db) on 2026-12-03 10:00 UTC, "
                                               "held-out F1: attributions 0.58")
        assert T.marker_totals(info) == {"steps": 40, "train_articles": 33, "heldout_articles": 10}
