"""Issue 10 finding 10 (fix10d item 5), on exact text: "on 1 articles" / "scored on 1 held-out
articles" / "trains on 1 articles"; 0.00/0.00/0.00 for an entity label with nothing held out (now
"—"); the attribution table's CONTENT/SOURCE/CUE (now the project's QUOTE/SPEAKER/CUE);
`--output DIR/sub` inside a finished pipeline (now refused); `search --csv` without the pieces of
an interrupted quote (now a `pieces` column)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.cli.train import _print_result
from annotator.domain.errors import InputError
from annotator.domain.model import FRAGMENT, Article, ArticleBundle, Relation, Span, Status
from annotator.nlp import train as T
from annotator.nlp.train_summary import TrainingSummary, n_articles
from annotator.storage.project import Project

S = {"p": 0.5, "r": 0.25, "f": 1 / 3}


def _result(**extra) -> T.TrainResult:  # noqa: ANN003
    run = T.AttributionRun(train_articles=1, heldout_articles=1, steps=3, resumed_from_step=0, seconds=2.0,
                           before={"labels": {"CONTENT": S, "SOURCE": S, "CUE": S, "ALL": S},
                                   "attribution": {**S, "direct_f": 0.5, "speaker": 0.5}},
                           after={"labels": {"CONTENT": S, "SOURCE": S, "CUE": S, "ALL": S},
                                  "attribution": {**S, "direct_f": 0.5, "speaker": 0.5}},
                           complete_articles=2)
    return T.TrainResult(Path("/p/out"), ["MISC", "PERSON"], 1, 1, 3, 2.0, 0,
                         before={"MISC": {"p": 0.0, "r": 0.0, "f": 0.0}, "PERSON": S, "ALL": S},
                         after={"MISC": {"p": 0.0, "r": 0.0, "f": 0.0}, "PERSON": S, "ALL": S},
                         unmapped_labels=[], attribution=run, complete_articles=2, heldout_labels=["PERSON"], **extra)


def test_one_article_is_singular_and_absent_labels_print_a_dash_and_the_projects_labels(capsys) -> None:  # noqa: ANN001
    _print_result(_result(), Path("news.db"))
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == ("Trained MISC, PERSON on 1 article, 3 steps, in 2 s; scored on 1 held-out article "
                        "(reviewed: 2 marked done or reviewed (every unmarked word a negative)).")
    assert lines[2] == "MISC               —     —     —         —     —     —"
    assert lines[3] == "PERSON          0.50  0.25  0.33      0.50  0.25  0.33"
    assert lines[5].startswith("Trained the attribution component (QUOTE, SPEAKER, CUE) on 1 article, 3 steps, in 2 s; "
                               "scored on 1 held-out article, before = ")
    assert [line.split()[0] for line in lines[7:11]] == ["QUOTE", "SPEAKER", "CUE", "ALL"]
    assert "CONTENT" not in "\n".join(lines) and "SOURCE" not in "\n".join(lines)


def test_plural_counts_and_the_dialog_summary() -> None:
    assert [n_articles(0), n_articles(1), n_articles(2), n_articles(1, "held-out")] == [
        "0 articles", "1 article", "2 articles", "1 held-out article"]
    summary = TrainingSummary(complete=2, partial=0, labels={"PERSON": 2}, heldout=1,
                              attributions={"CONTENT": 2}, attribution_articles=2, attribution_complete=2,
                              attribution_heldout=1)
    entity, attribution = summary.describe()
    assert entity.startswith("Entity recogniser: trains on 1 article, holds out 1 to score before and after; ")
    assert attribution.startswith("Attribution component: trains on 1 article, holds out 1; ")


def test_attribution_names_follow_the_schema() -> None:
    from annotator.domain.schema import default_schema

    assert T.attribution_names(default_schema()) == {"CONTENT": "QUOTE", "SOURCE": "SPEAKER", "CUE": "CUE"}


def test_an_output_inside_a_finished_pipeline_is_refused(tmp_path: Path) -> None:
    outer = tmp_path / "m10d"
    outer.mkdir()
    (outer / T.MARKER).write_text(json.dumps({"project": "/data/a.db", "finished": "2026-12-01 15:17 UTC"}))
    for inner in (outer / "sub", outer / "ner" / "deeper"):
        for force in (False, True):
            with pytest.raises(InputError) as refused:
                T.check_output(inner, force=force, replace=True)
            assert str(refused.value) == (f"{inner}: is inside {outer}, which holds a pipeline trained on a.db (/data/a.db) "
                                          "on 2026-12-01 15:17 UTC; give a folder outside it")
    link = tmp_path / "m10d-link"
    link.symlink_to(outer, target_is_directory=True)
    with pytest.raises(InputError, match="is inside"):
        T.check_output(link / "sub", force=False)
    T.check_output(tmp_path / "beside", force=False)  # next to it: fine
    db = tmp_path / "a.db"
    with Project.open(db) as proj:
        proj.import_bundles([ArticleBundle(Article(None, "Ana Ruiz met Bo Li.", status="done"))])
    ran = CliRunner().invoke(cli, ["train", str(db), "--output", str(outer / "sub")])
    assert ran.exit_code == 1 and "is inside" in ran.stderr and not (outer / "sub").exists()


def test_search_csv_names_the_pieces_of_an_interrupted_quote(tmp_path: Path) -> None:
    text = "\u201cWe will win,\u201d said Ana Ruiz, \u201cand we will govern.\u201d"
    a, b = (1, 12), (text.index("and"), text.index("govern.") + 7)
    db = tmp_path / "q.db"
    with Project.open(db) as proj:
        proj.import_bundles([ArticleBundle(Article(None, text, title="t"), spans=[
            Span("q1", 0, *a, "QUOTE", "quote", status=Status.ACCEPTED),
            Span("q2", 0, *b, "QUOTE", "quote", status=Status.ACCEPTED),
            Span("e", 0, text.index("Ana"), text.index("Ana") + 8, "PERSON", "entity", status=Status.ACCEPTED)],
            relations=[Relation("f", 0, "q1", "q2", FRAGMENT)])])
    ran = CliRunner().invoke(cli, ["search", str(db), "--csv"])
    assert ran.exit_code == 0, ran.output
    rows = list(csv.DictReader(io.StringIO(ran.stdout)))
    assert [(r["label"], r["pieces"]) for r in rows] == [("QUOTE", f"{a[0]}-{a[1]} {b[0]}-{b[1]}"), ("PERSON", "")]
