"""fix11ak N8 (usertest11r): `curate --keep dee` where dee marked nothing said "kept dee's version of
8 disagreements" (each rejected: her version is none). It says she marked nothing there. Invented
sentences, no corpus."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from annotator.domain.model import Status
from annotator.storage import curation_state
from annotator.storage.project import Project
from tests.cli.test_export_uncurated import run
from tests.domain.test_curation_same_words_fix11ak import gold_of, make_project, span

pytestmark = pytest.mark.timeout(60)


def _team(path: Path, dee: list) -> int:  # noqa: ANN001
    project, aid = make_project(path, {
        "ana": [span("a1", "Lena Varga", "PERSON"), span("a2", "Ostrava", "GPE")],
        "ben": [span("b1", "Lena Varga", "ORG"), span("b2", "Ostrava", "LOC")],
        "dee": dee,
    })
    project.close()
    return aid


def test_keep_an_analyst_who_marked_nothing_says_so(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    # dee was given the article and marked nothing (the one suggestion in her layer she rejected)
    aid = _team(db, [dataclasses.replace(span("d0", "Ostrava", "GPE"), status=Status.REJECTED)])
    result = run("curate", db, "--keep", "dee", "--article", aid, "--by", "lead")
    assert result.exit_code == 0, result.output
    line = result.output.splitlines()[0]
    assert line.startswith(f"#{aid}: decided 2 disagreements dee's way: dee marked nothing at any of them, so gold keeps "
                           "nothing"), line
    assert "kept dee's version" not in line
    with Project.open(db, create=False) as project:
        assert gold_of(project, aid) == []


def test_keep_counts_the_units_the_analyst_left_empty(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    aid = _team(db, [span("d1", "Lena Varga", "PERSON")])
    with Project.open(db, create=False) as project:
        kept = curation_state.keep_versions(project, aid, "dee", by="lead")
        assert (kept.disagreements, kept.nothing) == (2, 1)
        assert gold_of(project, aid) == [("Lena Varga", "PERSON")]
    line = run("curate", db, "--keep", "ana", "--redecide", "--article", aid, "--by", "lead").output.splitlines()[0]
    assert "marked nothing" not in line, line  # ana marked both
