"""What "overall" is (docs/agreement.md): pooled over labels per pair, then the mean over pairs —
never the mean of the label rows; the tables and --json print the same figure."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from annotator.agreement.inputs import ArticleLayer, SpanUnit
from annotator.agreement.measures import measure
from annotator.cli import cli
from tests.agreement.team_project import build


def _layer(*spans: tuple[int, int, str]) -> ArticleLayer:
    return ArticleLayer(100, tuple(SpanUnit(s, e, lab, "entity") for s, e, lab in spans))


def test_span_f1_overall_pools_the_labels_of_a_pair_then_means_the_pairs() -> None:
    many = [(0, 5, "PERSON"), (10, 15, "PERSON"), (20, 25, "PERSON")]
    report = measure({
        "ana": {"a": _layer(*many, (40, 45, "ORG"))},
        "ben": {"a": _layer(*many)},                     # ana/ben: PERSON 3 of 3, ORG 0 of 1
        "cy": {"a": _layer(*many, (40, 45, "ORG"))},     # ana/cy: everything; ben/cy as ana/ben
    })
    # ana/ben pooled: 2·3 / (4 + 3) = 6/7 (the mean of the label rows would be (1 + 0)/2); ana/cy 1; ben/cy 6/7
    assert report.pairs[0]["span_f1"]["overall"]["exact"] == pytest.approx(6 / 7)
    assert report.span_f1["overall"]["exact"] == pytest.approx((6 / 7 + 1 + 6 / 7) / 3)
    assert report.span_f1["ORG"]["exact"] == pytest.approx((0 + 1 + 0) / 3)


def test_the_table_and_json_print_the_same_overall(tmp_path) -> None:
    path = build(tmp_path / "team.db")
    runner = CliRunner()
    data = json.loads(runner.invoke(cli, ["agreement", str(path), "--json"], catch_exceptions=False).stdout)
    text = runner.invoke(cli, ["agreement", str(path)], catch_exceptions=False).stdout
    row = next(line.split() for line in text.splitlines() if line.startswith("overall "))
    assert row[1:3] == [f"{data['span_f1']['overall'][k]:.3f}" for k in ("exact", "overlap")]
    assert "overall: every label pooled" in text
