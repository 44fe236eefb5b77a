"""fix41 (usertest29 L2): `annotator mark P.db reviewed --all --accept-pending` said "accepted 894
pending suggestions" when 921 were pending (as `annotator stats` counts them) and all 921 were
accepted: the count was of attributions, an interrupted quote's pieces once. The line now says
the spans accepted by label and, when fewer, the attributions they make. Invented sentences."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain.model import FRAGMENT, Article, ArticleBundle, Relation, Span, Status
from annotator.storage.project import Project

TEXT = '"The dam is safe," Ivo Marek said, "and the road opens Monday."'


def _project(path: Path) -> Path:
    first, second = TEXT.index('"The'), TEXT.index('"and')
    speaker = TEXT.index("Ivo")
    spans = [
        Span("q1", 0, first, TEXT.index(",", first) + 2, "QUOTE", "attribution", status=Status.SUGGESTED),
        Span("q2", 0, second, len(TEXT), "QUOTE", "attribution", status=Status.SUGGESTED),
        Span("s1", 0, speaker, speaker + len("Ivo Marek"), "SPEAKER", "attribution", status=Status.SUGGESTED),
        Span("c1", 0, TEXT.index("said"), TEXT.index("said") + 4, "CUE", "attribution", status=Status.SUGGESTED),
    ]
    with Project.open(path) as proj:
        proj.import_bundles([
            ArticleBundle(Article(None, TEXT, title="Dam"), spans=spans,
                          relations=[Relation("f1", 0, "q1", "q2", FRAGMENT, status=Status.SUGGESTED)]),
            ArticleBundle(Article(None, "Lena Voss opened the depot.", title="Depot"),
                          spans=[Span("p1", 0, 0, 9, "PERSON", "entity", status=Status.SUGGESTED)]),
        ])
    return path


def test_mark_accept_pending_counts_every_span_it_accepted_by_label(tmp_path: Path) -> None:
    path = _project(tmp_path / "dam.db")
    with Project.open(path, create=False, read_only=True) as proj:
        pending = sum(1 for i in (1, 2) for s in proj.bundle(i).spans if s.status == Status.SUGGESTED)
    result = CliRunner().invoke(cli, ["mark", str(path), "reviewed", "--all", "--accept-pending"])
    assert result.exit_code == 0, result.output
    with Project.open(path, create=False, read_only=True) as proj:
        accepted = sum(1 for i in (1, 2) for s in proj.bundle(i).spans if s.status == Status.ACCEPTED)
    assert pending == accepted == 5
    assert result.stdout.strip() == ("Marked 2 articles reviewed; accepted 5 pending suggestions first: 2 QUOTE, 1 CUE, "
                                     "1 PERSON, 1 SPEAKER (1 attribution: 1 of the 2 QUOTE spans is a later piece of an interrupted quote).")
