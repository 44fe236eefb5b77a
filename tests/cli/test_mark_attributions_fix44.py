"""fix44 (usertest30 M1): `annotator mark P.db done --all --accept-pending` said "(2,087 attributions:
42 of them are later pieces of interrupted quotes)" where 2,087 was every span accepted less the
42 later pieces: entities, cues and speakers counted as attributions. The attributions are the
QUOTE contents, an interrupted quote's pieces once (317 of 359 there). Invented sentences."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain.model import FRAGMENT, Article, ArticleBundle, Relation, Span, Status
from annotator.storage.project import Project

TEXT = '"The dam is safe," Ivo Marek said, "and the road opens Monday." Lena Voss said: "We agree."'


def _span(sid: str, text: str, label: str, layer: str = "attribution", nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(text, start + 1)
    return Span(sid, 0, start, start + len(text), label, layer, status=Status.SUGGESTED)


def _project(path: Path, *, interrupted: bool = True) -> Path:
    spans = [
        _span("q1", '"The dam is safe,"', "QUOTE"), _span("q2", '"and the road opens Monday."', "QUOTE"),
        _span("q3", '"We agree."', "QUOTE"),
        _span("s1", "Ivo Marek", "SPEAKER"), _span("c1", "said", "CUE"), _span("s2", "Lena Voss", "SPEAKER"),
        _span("c2", "said", "CUE", nth=1), _span("p1", "Ivo Marek", "PERSON", "entity"), _span("p2", "Lena Voss", "PERSON", "entity"),
        _span("d1", "Monday", "DATE", "entity"),
    ]
    relations = [Relation("f1", 0, "q1", "q2", FRAGMENT, status=Status.SUGGESTED)] if interrupted else []
    with Project.open(path) as proj:
        proj.import_bundles([ArticleBundle(Article(None, TEXT, title="Dam"), spans=spans, relations=relations)])
    return path


def test_the_attributions_accepted_are_the_quote_contents_pieces_once(tmp_path: Path) -> None:
    path = _project(tmp_path / "dam.db")
    result = CliRunner().invoke(cli, ["mark", str(path), "done", "--all", "--accept-pending"])
    assert result.exit_code == 0, result.output
    with Project.open(path, create=False, read_only=True) as proj:
        assert all(s.status == Status.ACCEPTED for s in proj.spans(1))
    # 3 QUOTE spans, one a later piece of the first: 2 attributions (not 10 spans less 1 = 9)
    assert result.stdout.strip() == ("Marked 1 article done; accepted 10 pending suggestions first: 3 QUOTE, 2 CUE, "
                                     "2 PERSON, 2 SPEAKER, 1 DATE (2 attributions: 1 of the 3 QUOTE spans is a later "
                                     "piece of an interrupted quote).")


def test_without_interrupted_quotes_the_line_says_no_attribution_count(tmp_path: Path) -> None:
    path = _project(tmp_path / "dam.db", interrupted=False)
    result = CliRunner().invoke(cli, ["mark", str(path), "done", "--all", "--accept-pending"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == ("Marked 1 article done; accepted 10 pending suggestions first: 3 QUOTE, 2 CUE, "
                                     "2 PERSON, 2 SPEAKER, 1 DATE.")
