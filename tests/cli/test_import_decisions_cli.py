"""`annotator import` says what a re-import merged and what it did not bring back."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain import commands
from annotator.storage.project import Project

TEXT = "The board will act on the plan soon, the chair said."


def test_reimport_line_names_what_the_analyst_decided(tmp_path: Path) -> None:
    source = tmp_path / "board.jsonl"
    source.write_text(json.dumps({"text": TEXT, "spans": [{"start": 15, "end": 30, "label": "CLAIM"},
                                                          {"start": 37, "end": 46, "label": "PERSON"}]}) + "\n", encoding="utf-8")
    db = tmp_path / "news.db"
    assert CliRunner().invoke(cli, ["import", str(db), str(source)]).exit_code == 0
    with Project.open(db, create=False) as project:
        [article_id] = project.article_ids()
        claim, person = sorted(project.spans(article_id), key=lambda s: s.start)
        ctx = commands.records(project.spans(article_id), project.relations(article_id))
        project.apply(commands.resize(ctx, claim, 19, 30), by="ana")
        project.apply(commands.delete_span(ctx, person), by="ana")

    result = CliRunner().invoke(cli, ["import", str(db), str(source)])

    assert result.exit_code == 0
    assert result.stderr.strip() == (
        # ui26 (usertest22 L1): the counts, then each note on its own line
        f"Imported 0 new articles (1 already in the project), 0 spans, 0 relations from 1 file into {db}\n"
        "  not brought back, an analyst had decided otherwise: 2 spans\n"
        # fix11i: an import into your own layer never deletes, and says so when it met articles already there
        "  the article already in the project kept all it had: an import into your own layer only adds "
        "(--analyst NAME replaces that analyst's layer)"
    )
