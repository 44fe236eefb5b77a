"""usertest24p L3: a CoNLL export of ``--status all`` or ``suggested`` writes accepted entities only
(CoNLL has no way to say "suggested"); its first line said "(all)" above "left out: N × suggested
(undecided) entities". It now says what was written; other formats keep the asked status."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain.model import Article, ArticleBundle, Span, Status
from annotator.formats.export_summary import status_written
from annotator.storage.project import Project


@pytest.fixture
def project_file(tmp_path: Path) -> Path:
    path = tmp_path / "desk.db"
    with Project.open(path) as project:
        project.import_bundles([ArticleBundle(
            Article(None, "Nora Vale toured the harbour in Lisbon."),
            spans=[Span(id="n", article_id=0, start=0, end=9, label="PERSON", layer="entity"),
                   Span(id="l", article_id=0, start=32, end=38, label="GPE", layer="entity", status=Status.SUGGESTED)],
        )])
    return path


@pytest.mark.parametrize(("status", "said", "tagged"), [
    ("all", "accepted only: CoNLL holds no suggestion status", ["B-PERSON"]),
    ("suggested", "no entities: CoNLL holds no suggestion status; use jsonl or spacy", []),
])
def test_conll_export_of_suggestions_says_what_it_wrote(project_file: Path, tmp_path: Path, status: str, said: str,
                                                        tagged: list[str]) -> None:
    out = tmp_path / "out.conll"
    result = CliRunner().invoke(cli, ["export", str(project_file), "--format", "conll", "--status", status, "--output", str(out)])
    assert result.exit_code == 0, result.output
    first, *rest = result.stderr.splitlines()
    assert first.startswith("Exported 1 article, ") and first.endswith(f"({said}) as conll to {out}"), first
    assert any(line.startswith("left out: 1 × suggested") for line in rest), rest
    tags = [line.split()[-1] for line in out.read_text(encoding="utf-8").splitlines() if line.strip() and line.split()[-1] != "O"]
    assert [t for t in tags if t.startswith("B-")] == tagged


def test_other_formats_and_accepted_keep_the_asked_status(project_file: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["export", str(project_file), "--format", "jsonl", "--status", "all", "--output", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0].endswith(f"(all) as jsonl to {tmp_path / 'o.jsonl'}")
    assert status_written("accepted", "conll") is None
    assert status_written("all", "spacy") is None
