"""CLI faults: broken pipes, mistyped commands, missing project files, export summaries."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli, main
from annotator.cli.params import ProjectFile
from annotator.domain.model import Article, ArticleBundle, Span
from annotator.formats.common import ExportReport
from annotator.storage.project import Project

ANNOTATOR = Path(sys.executable).with_name("annotator")


def run(*args: object) -> object:
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture
def project_file(tmp_path: Path) -> Path:
    path = tmp_path / "news.db"
    with Project.open(path) as project:
        text = "Alice Smith met Bob Jones in Paris."
        project.import_bundles([ArticleBundle(
            Article(None, text),
            spans=[Span(id="a", article_id=0, start=0, end=11, label="PERSON", layer="entity", attrs={"note": "x", "aliases": ["A. Smith", "Alice"]}),
                   Span(id="p", article_id=0, start=29, end=34, label="GPE", layer="entity")],
        )])
    return path


# ----------------------------------------------------------------------------- broken pipe


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_export_into_a_closed_pipe_stops_quietly(tmp_path: Path, fmt: str) -> None:
    db = tmp_path / "many.db"
    with Project.open(db) as project:
        text = "The council of Geneva met on Monday and members said many things about the budget. " * 4
        # csv writes a row per span; jsonl needs none (and without spans it does not tokenise: fast).
        project.import_bundles(ArticleBundle(Article(None, f"{i}. {text}"), spans=[
            Span(id=f"s{i}", article_id=0, start=0, end=len(str(i)), label="MISC", layer="entity")] if fmt == "csv" else [])
            for i in range(1500))
    # A real pipe whose reader leaves after the first line, as `| head -1` does.
    proc = subprocess.Popen([str(ANNOTATOR), "export", str(db), "--format", fmt, "--output", "-"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline()
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141  # 128 + SIGPIPE, as a shell reports for `yes | head`
    assert stderr == ""


# ----------------------------------------------------------------------------- mistyped commands


def test_mistyped_command_names_the_command_meant_and_creates_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as stop:
        main(["stat"])
    assert stop.value.code == 2
    assert "Error: no such command 'stat' (did you mean 'stats'?)" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_unknown_command_without_a_close_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("frobnicate", "x")
    assert result.exit_code == 2
    assert "no such command 'frobnicate'; 'annotator --help' lists the commands" in result.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["news.db", "archive.sqlite", "sub/news", "existing"])
def test_a_project_name_opens_the_window(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    import annotator.ui.launch

    monkeypatch.chdir(tmp_path)
    (tmp_path / "existing").write_bytes(b"")
    opened: list[Path | None] = []
    monkeypatch.setattr(annotator.ui.launch, "run_app", lambda project, **_: opened.append(project) or 0)
    result = run(name)
    assert result.exit_code == 0, result.output
    assert opened == [Path(name)]


# ----------------------------------------------------------------------------- missing project file

# Every command that reads a project, with the other arguments it needs; "{db}" is an existing project.
READERS = {
    "export": ["export", "{missing}", "--output", "{tmp}/out.jsonl"],
    "stats": ["stats", "{missing}"],
    "schema": ["schema", "{missing}"],
    "guidelines": ["guidelines", "{missing}", "--export", "{tmp}/guide.md"],
    "preannotate": ["preannotate", "{missing}"],
    "evaluate": ["evaluate", "{missing}", "--gold", "{db}"],
    "evaluate --gold": ["evaluate", "{db}", "--gold", "{missing}"],
    "restore": ["restore", "{missing}", "--list"],
    "search": ["search", "{missing}", "flynn"],
    "report": ["report", "{missing}", "--output", "{tmp}/report"],
    "train": ["train", "{missing}", "--output", "{tmp}/pipeline"],
    "next": ["next", "{missing}"],
    "assign": ["assign", "{missing}", "--analysts", "ana,ben", "--output", "{tmp}/team"],
    "analyst": ["analyst", "{missing}"],
    "agreement": ["agreement", "{missing}"],
    "curate": ["curate", "{missing}"],  # fix11cli
    "mark": ["mark", "{missing}", "reviewed", "--all"],  # ui29
}


@pytest.mark.parametrize("case", sorted(READERS))
def test_every_command_refuses_a_missing_project_the_same_way(project_file: Path, tmp_path: Path, case: str) -> None:
    missing = tmp_path / "missing.db"
    args = [a.format(missing=missing, db=project_file, tmp=tmp_path) for a in READERS[case]]
    result = run(*args)
    assert result.exit_code == 1, result.output
    assert result.output == (
        f"Error: {missing}: no such project file; check the path (a new project is made by "
        f"'annotator import {missing} FILES' or 'annotator open {missing}')\n"
    )
    assert not missing.exists()


def test_every_command_taking_a_project_to_read_uses_the_shared_check() -> None:
    creating = {"import", "open"}  # these create a missing project
    readers = {
        name for name, command in cli.commands.items()
        for param in command.params if isinstance(param.type, ProjectFile)
    }
    takes_project = {name for name, command in cli.commands.items() if any(p.name == "project" for p in command.params)}
    assert readers == takes_project - creating
    assert {case.split()[0] for case in READERS} == readers


def test_a_folder_is_not_a_project(tmp_path: Path) -> None:
    result = run("stats", tmp_path)
    assert result.exit_code == 1
    assert result.output == f"Error: {tmp_path}: is a folder, not a project file; give the path of the project's .db file\n"


# ----------------------------------------------------------------------------- export summary


def test_export_prints_the_report_and_each_note(project_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from annotator.formats import conll

    def write(bundles, fh):  # noqa: ANN001 - a writer already returning an ExportReport
        report = ExportReport()
        for bundle in bundles:
            report.articles += 1
            report.spans += len(bundle.spans)
        report.leave_out("QUOTE spans: CoNLL holds one entity layer only; use jsonl or spacy", 3)
        report.leave_out("overlapping entities: CoNLL holds one tag per token; use jsonl", 1)
        return report

    monkeypatch.setattr(conll, "write", write)
    result = run("export", project_file, "--format", "conll", "--output", tmp_path / "out.conll")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"Exported 1 article, 2 spans, 0 relations (accepted) as conll to {tmp_path / 'out.conll'}",
        "left out: 3 × QUOTE spans: CoNLL holds one entity layer only; use jsonl or spacy",
        "left out: 1 × overlapping entities: CoNLL holds one tag per token; use jsonl",
    ]


def test_every_writer_returns_an_export_report_the_summary_reads() -> None:
    """The transitional reading of bare counts is gone: a writer returning anything else is a bug
    caught here, not a summary that silently says nothing was left out."""
    from annotator.formats.common import ExportReport
    from annotator.formats.export_summary import summarize

    report = ExportReport(articles=2, spans=5, relations=1)
    report.leave_out("QUOTE spans: CoNLL holds one entity layer only; use jsonl or spacy", 3)
    summary = summarize(report, "conll")
    assert summary.written == "2 articles, 5 spans, 1 relation"
    assert summary.notes == ("left out: 3 × QUOTE spans: CoNLL holds one entity layer only; use jsonl or spacy",)
    with pytest.raises(TypeError, match="conll writer returned int"):
        summarize(3, "conll")  # type: ignore[arg-type]


def test_brat_export_names_what_brat_cannot_hold(project_file: Path, tmp_path: Path) -> None:
    result = run("export", project_file, "--format", "brat", "--output", tmp_path / "brat")
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[0] == f"Exported 1 article, 2 spans, 0 relations (accepted) as brat to {tmp_path / 'brat'}"
    assert len(lines) == 2 and lines[1].startswith("left out: 1 × ") and "use jsonl" in lines[1]


def test_export_lines_are_on_stderr_and_the_data_on_stdout(project_file: Path) -> None:
    result = run("export", project_file, "--output", "-")
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [1]
    assert result.stderr.startswith("Exported 1 ")
