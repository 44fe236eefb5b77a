"""Issue 11, usertest11g finding 7 (fix11q): ``export --format jsonl --layer all`` imported into a
new file reproduces the project's curation decisions: same ``agreement --json`` and ``curate``
output, no decision ⚠ changed since decided, the same curated marks. Before, the analysts' record
ids came back as "ana:a-merkel" (the export's per-line prefix), so every decision's versions read
as gone and new at once, and the rejections (not exported) came back undecided. Hand-made team."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain import curation
from annotator.storage import curation_state
from annotator.storage.layers import set_layer_statuses
from annotator.storage.project import Project
from tests.domain.test_curation import layers
from tests.domain.test_curation import make_project as make_team_project


def run(*args: object):  # noqa: ANN201
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def _state(path: Path) -> tuple[dict, str, list[str], set[str]]:
    """``agreement --json`` (paths out), ``curate``'s output (the file's name out), each article's
    curation status, and every analyst record's layer and id."""
    agreement = json.loads(run("agreement", path, "--json").output)
    curate = run("curate", path).output.replace(path.name, "PROJECT")
    with Project.open(path, create=False) as project:
        marks = [curation.curation_status(project.article(a)) for a in project.article_ids()]
        ids = {f"{info.analyst}/{s.id}" for info in project.layers() for a in project.article_ids()
               for s in project.spans(a, analyst=info.analyst)}
    return agreement, curate, marks, ids


def test_an_export_of_every_layer_imported_again_gives_the_same_decisions(tmp_path: Path) -> None:
    project, article_id = make_team_project(tmp_path / "team.db", layers())
    with project.writing():  # the analysts reviewed their article (as their merged files say)
        for name in ("ana", "ben"):
            set_layer_statuses(project.db.conn, name, {article_id: "done"}, edit="merge-1", action=f"merge {name}.db",
                               by="lead", at="2026-12-01T08:00:00+00:00")
    curation_state.keep_versions(project, article_id, "ana", by="lead")  # ana's kept; ben's CUE rejected
    curation_state.accept_agreed(project, article_id, by="lead")
    project.close()
    exported = run("export", tmp_path / "team.db", "--format", "jsonl", "--layer", "all", "--output", tmp_path / "all.jsonl")
    assert exported.exit_code == 0, exported.output
    assert ("also written: 1 gold record a curation decision rejected (status rejected): the lead's decisions, which an "
            "import of this file reproduces") in exported.output
    imported = run("import", tmp_path / "again.db", tmp_path / "all.jsonl")
    assert imported.exit_code == 0, imported.output
    assert "withdrawn" not in imported.output
    before, after = _state(tmp_path / "team.db"), _state(tmp_path / "again.db")
    assert after[2] == before[2] == ["curated"]
    assert after[3] == before[3]  # ana/a-merkel, not ana/ana:a-merkel
    assert after[0]["changed_since_decided"] == before[0]["changed_since_decided"] == []
    assert after[0] == before[0] and after[1] == before[1]
