"""usertest20 M4: brat lines whose text field runs over line breaks (PolNeAR-train has 3 of 919),
and ``--skip-errors`` leaving out one bad span, not its whole file. Invented sentences."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain.errors import InputError
from annotator.storage.project import Project
from tests.formats.helpers import import_paths

# A quote over a paragraph break; its second paragraph starts with "T", as a T line would.
TEXT = ("The harbour master said the ferry would sail at noon.\n\n"
        "Tides permit it, he added, and the crew is ready.\nNobody else spoke.\n")
QUOTE = "the ferry would sail at noon.\n\nTides permit it"
LABELS = {"Content": "QUOTE", "Source": "SPEAKER", "Cue": "CUE"}


def _at(part: str) -> str:
    start = TEXT.index(part)
    return f"{start} {start + len(part)}\t{part}"


def _pair(folder: Path, ann: str, text: str = TEXT) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "doc.txt").write_text(text, encoding="utf-8", newline="")
    (folder / "doc.ann").write_text(ann, encoding="utf-8", newline="")
    return folder / "doc.ann"


def _ann(quote_field: str = QUOTE) -> str:
    """Lines 1-3 T1-T3, T3's text field over 3 physical lines (3-5), then E1 (6) and A1 (7)."""
    start = TEXT.index(QUOTE)
    return (f"T1\tSource {_at('The harbour master')}\n"
            f"T2\tCue {_at('said')}\n"
            f"T3\tContent {start} {start + len(QUOTE)}\t{quote_field}\n"
            "E1\tCue:T2 Source:T1 Content:T3\n"
            "A1\tConfidence T3 High\n")


def test_a_text_field_over_line_breaks_is_read_when_joined_it_is_the_text(project: Project, tmp_path: Path) -> None:
    # the .ann line holds the quote with its own blank line in it: brat's reader sees three lines
    report = import_paths(project, _pair(tmp_path / "a", _ann()), label_map=LABELS)
    spans = {s.label: s for s in project.spans(report.result.article_ids[0])}
    assert TEXT[spans["QUOTE"].start:spans["QUOTE"].end] == QUOTE
    assert spans["QUOTE"].attrs == {"Confidence": "High"}
    assert "SPEAKER" in {r.label for r in project.relations(report.result.article_ids[0])}  # E1 read: T3 is its quote
    assert report.joined == ["doc.ann:3"]
    assert report.joined_note().endswith(": doc.ann:3") and "brat itself rejects such lines" in report.joined_note()


def test_crlf_files_join_too(project: Project, tmp_path: Path) -> None:
    # brat counts a CRLF as one character, so the offsets are the same as in TEXT
    path = _pair(tmp_path / "c", _ann().replace("\n", "\r\n"), text=TEXT.replace("\n", "\r\n"))
    assert import_paths(project, path, label_map=LABELS).joined == ["doc.ann:3"]


def test_joined_lines_that_still_differ_stay_an_error_naming_skip_errors(project: Project, tmp_path: Path) -> None:
    path = _pair(tmp_path / "b", _ann(QUOTE.replace("permit", "forbid")))
    with pytest.raises(InputError) as info:
        import_paths(project, path, label_map=LABELS)
    assert info.value.line == 3
    assert "stops at a line break inside the span" in str(info.value) and "--skip-errors" in str(info.value)
    assert project.count_articles() == 0


def test_skip_errors_leaves_out_the_bad_span_and_what_needs_it_not_the_file(tmp_path: Path) -> None:
    ann = _ann(QUOTE.replace("permit", "forbid")) + f"T4\tSource {_at('Nobody')}\n#1\tAnnotatorNotes T4\tthe crowd\n"
    db = tmp_path / "p.db"
    result = CliRunner().invoke(cli, ["import", str(db), str(_pair(tmp_path / "d", ann)), "--skip-errors", "--label-map",
                                      "Content=QUOTE,Source=SPEAKER,Cue=CUE"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Imported 1 new article" in out and "3 spans, 0 relations" in out and "Skipped" not in out
    # the span (3), its rest (5: "Tides permit it" is no T line), the event (6) and the attribute (7) needing it
    assert "Left out 4 bad lines of files otherwise imported (--skip-errors):" in out
    assert [line.split(": ", 1)[0].rsplit(":", 1)[1] for line in out.splitlines() if line.startswith("  ")] == ["3", "5", "6", "7"]
    assert "refers to T3, which was left out" in out
    with Project.open(db) as project:
        spans = project.spans(1)
    assert sorted(s.label for s in spans) == ["CUE", "SPEAKER", "SPEAKER"]
    assert [s.attrs for s in spans if TEXT[s.start:s.end] == "Nobody"] == [{"note": "the crowd"}]


def test_the_windows_import_reads_the_same(tmp_path: Path) -> None:
    from annotator.ui.transfer import import_job

    project = tmp_path / "w.db"
    Project.open(project).close()
    joined = _pair(tmp_path / "w1", _ann())
    # another article (the window always skips bad records): its T3 is bad, the rest is read
    bad = _pair(tmp_path / "w2", _ann(QUOTE.replace("permit", "forbid")), text=TEXT.replace("Nobody", "No one"))
    report = import_job(project, [joined, bad], by="")(lambda *_: None, lambda: False)
    assert report.joined == ["doc.ann:3"]
    assert [(Path(e.path).parent.name, e.line) for e in report.dropped] == [("w2", 3), ("w2", 5), ("w2", 6), ("w2", 7)]
    assert report.result.added == 2 and not report.skipped
