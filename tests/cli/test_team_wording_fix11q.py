"""Issue 11, usertest11g finding 9 (fix11q): team messages said as they are — each on its exact
text. An analyst name ``..`` refused for what it is; no "1 articles", "all 1 agreed units", "all 2
analysts"; Ctrl+Return says a quote kept without the link was kept; a discontinuous quote named by
all its pieces; a file given twice in one import read once, and said so; ``--overlap 0``'s
agreement note no longer says "see the pairs" when no pair shares an article. Hand-made texts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain import curation
from annotator.domain.errors import InputError
from annotator.domain.model import FRAGMENT, Article, ArticleBundle, Relation, Span
from annotator.storage.project import Project
from annotator.storage.team import parse_analysts
from tests.domain.test_curation import TEXT, at, layers, link, span
from tests.domain.test_curation import make_project as make_team_project


def run(*args: object):  # noqa: ANN201
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.mark.parametrize(("name", "where"), [("..", "the folder above"), (".", "the folder itself")])
def test_a_dot_analyst_name_is_refused_for_what_it_is(name: str, where: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_analysts(f"ana,{name}")
    assert str(caught.value) == (f"--analysts: analyst name {name!r} means {where} in a path, so it cannot name the analyst's "
                                 f"folder (brat --layer all) or file ({name}.db); choose another analyst name")
    assert "character" not in str(caught.value)


def test_agreement_on_one_shared_article_of_two_analysts_says_it_in_good_grammar(tmp_path: Path) -> None:
    project, _ = make_team_project(tmp_path / "team.db", layers())
    project.close()
    result = run("agreement", tmp_path / "team.db")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Agreement of 2 analysts (ana, ben): 1 article annotated by both, 1 by at least two.\n")
    assert "(1 of 1 article)" in result.output and "Gold: no article exported as gold yet; 1 not curated yet: `annotator curate team.db`" in result.output
    assert "0 of" not in result.output and "(0 curated)" not in result.output
    assert "1 articles" not in result.output and "all 2" not in result.output
    assert "Fleiss k and alpha_u (all analysts together): on the 1 article (both analysts annotated it).\n" in result.output


def test_overlap_zero_agreement_note_does_not_send_to_pairs_that_share_nothing(tmp_path: Path) -> None:
    path = tmp_path / "apart.db"
    with Project.open(path) as project:
        for name, word in (("ana", "Angela Merkel"), ("ben", "Reuters")):
            text = f"{name} alone read this one: {TEXT}"
            start = text.index(word)
            bundle = ArticleBundle(Article(id=None, text=text),
                                   spans=[Span(id=f"{name}-1", article_id=0, start=start, end=start + len(word), label="PERSON", layer="entity")])
            project.import_bundles([ArticleBundle(Article(id=None, text=text))])
            project.import_bundles([bundle], analyst=name)
    notes = json.loads(run("agreement", path, "--json").output)["notes"]
    assert ("no article has a layer of two analysts or more: nothing to compare, every figure is empty "
            "(give articles to several analysts: annotator assign --overlap)") in notes
    assert not any("see the pairs" in n for n in notes)


def _speaker_team(path: Path) -> tuple[Project, int]:
    """ana: QUOTE, SPEAKER «Angela Merkel», CUE «said», both linked; ben: the same spans, only the CUE link."""
    def spans(p: str) -> list[Span]:
        return [span(f"{p}-q", "the talks failed", "QUOTE", "quote"), span(f"{p}-s", "Angela Merkel", "SPEAKER", "speaker"),
                span(f"{p}-c", "said", "CUE", "cue")]
    ana = ArticleBundle(Article(id=None, text=TEXT), spans=spans("a"),
                        relations=[link("a1", "a-q", "a-s", "SPEAKER"), link("a2", "a-q", "a-c", "CUE")])
    ben = ArticleBundle(Article(id=None, text=TEXT), spans=spans("b"), relations=[link("b2", "b-q", "b-c", "CUE")])
    return make_team_project(path, {"ana": ana, "ben": ben})


def test_ctrl_return_says_the_quote_was_kept_without_that_link_not_that_it_is_not_kept(tmp_path: Path) -> None:
    project, aid = _speaker_team(tmp_path / "team.db")
    data = curation.curation_input(project, aid, ["ana", "ben"])
    quote = next(u for u in curation.align(data).units if u.labels == ("QUOTE",))
    project.apply(curation.take(data, quote.key, "ben"), by="lead")  # ben's quote: no SPEAKER link
    edit = curation.accept_all_agreed(curation.curation_input(project, aid, ["ana", "ben"]), by="lead")
    assert edit.description == ("Curate: accept the 1 agreed unit; 1 kept linked to nothing in gold (their quote was kept "
                                "without that link): ⚠ A keeps each so, X rejects it")


def test_a_discontinuous_quote_is_named_by_all_its_pieces(tmp_path: Path) -> None:
    pieces = [span("a-q1", "Angela Merkel said", "QUOTE", "quote"), span("a-q2", "according to Reuters", "QUOTE", "quote")]
    ana = ArticleBundle(Article(id=None, text=TEXT), spans=pieces,
                        relations=[Relation(id="af", article_id=0, head="a-q1", child="a-q2", label=FRAGMENT)])
    project, aid = make_team_project(tmp_path / "team.db", {"ana": ana, "ben": ArticleBundle(Article(id=None, text=TEXT))})
    al = curation.align(curation.curation_input(project, aid, ["ana", "ben"]))
    first = next(u for u in al.units if (u.start, u.end) == at("Angela Merkel said"))
    assert al.words(first) == "Angela Merkel said … according to Reuters"
    alone = next(u for u in al.units if (u.start, u.end) == at("according to Reuters"))
    assert al.words(alone) == "according to Reuters"  # a later piece is named by itself


def test_the_same_file_given_twice_in_one_import_is_read_once_and_said(tmp_path: Path) -> None:
    source = tmp_path / "one.txt"
    source.write_text(TEXT, encoding="utf-8")
    result = run("import", tmp_path / "news.db", source, source)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Imported 1 new article (0 already in the project), 0 spans, 0 relations from 1 file into ")
    assert f"\n  {source} given more than once: read once" in result.output  # ui26: a note a line
    with Project.open(tmp_path / "news.db", create=False) as project:
        assert len(project.article_ids()) == 1
    folder = run("import", tmp_path / "news2.db", source, tmp_path)  # also inside a folder given
    assert "from 1 file into" in folder.output and "given more than once: read once" in folder.output
