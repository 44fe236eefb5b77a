"""fix11j (issue 11 finding 3): with three analysts where some articles have only two, Fleiss' κ
and α_u "for all" are computed on the articles all three annotated only; every output — the CLI
table, ``--json`` and the window's agreement view — says on which articles (n of N)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from annotator.agreement.inputs import ArticleLayer, SpanUnit as S
from annotator.agreement.measures import measure
from annotator.cli import cli
from annotator.storage.project import Project
from tests.agreement.team_project import TEXT, at, build


def one(spans=()) -> ArticleLayer:  # noqa: ANN001
    return ArticleLayer(100, tuple(spans))


def test_the_all_figures_say_they_cover_only_the_articles_all_annotated() -> None:
    a = [S(0, 5, "ORG"), S(10, 15, "PER")]
    # three articles: t1 and t2 all three analysts have; t3 only ana and ben
    team = {"ana": {"t1": one(a), "t2": one(a), "t3": one(a)}, "ben": {"t1": one(a), "t2": one(a[:1]), "t3": one(a)},
            "cy": {"t1": one(a), "t2": one(a)}}
    report = measure(team)
    assert (report.articles_all, report.articles_any_two, report.articles_any, report.partial) == (2, 3, 3, True)
    assert report.all_scope() == ("on 2 of 3 articles only (those all 3 analysts annotated; 1 article has only some of "
                                  "them: see the pairs and alpha)")
    data = report.to_json()
    assert data["articles"] == {"all": 2, "at_least_two": 3, "any": 3, "partial": True}
    assert data["alpha_u_articles"] == 2
    assert all(v["fleiss_articles"] == 2 for v in data["kappa"].values())
    assert data["stances"]["kappa"]["fleiss_articles"] == 2
    # all analysts on every article: said too, not partial
    whole = measure({"ana": {"t1": one(a)}, "ben": {"t1": one(a)}})
    assert (whole.partial, whole.all_scope()) == (False, "on the 1 article (both analysts annotated it)")  # fix11q: not "all 1"


def _three_analysts(path: Path) -> Path:
    """tests/agreement/team_project.build (ana and ben, both articles) and cy, given the tax
    article only: the "all" figures cover 1 of the 2 articles."""
    build(path)
    with Project.open(path) as project, project.writing():
        tax = project.db.execute("SELECT id FROM articles WHERE title = 'Tax plan'").fetchone()[0]
        project.db["layers"].insert({"analyst": "cy", "source": "cy.db"})
        project.db["layer_articles"].insert({"analyst": "cy", "article_id": tax, "status": "done"})
        start, end = at(TEXT, "Ana Diaz")
        project.db["layer_spans"].insert({"id": "cy1", "article_id": tax, "start": start, "end": end, "label": "PERSON",
                                          "layer": "entity", "status": "accepted", "analyst": "cy"})
    return path


def test_cli_table_and_json_say_on_which_articles(tmp_path: Path) -> None:
    path = _three_analysts(tmp_path / "team.db")
    text = CliRunner().invoke(cli, ["agreement", str(path)])
    assert text.exit_code == 0, text.output
    scope = "on 1 of 2 articles only (those all 3 analysts annotated; 1 article has only some of them: see the pairs and alpha)"
    assert f"Fleiss k and alpha_u (all analysts together): {scope}." in text.output
    assert "(1 of 2 articles)" in text.output  # the stances line
    printed = CliRunner().invoke(cli, ["agreement", str(path), "--json"])
    data = json.loads(printed.output)
    assert data["articles"] == {"all": 1, "at_least_two": 2, "any": 2, "partial": True}
    assert data["alpha_u_articles"] == 1 and data["kappa"]["overall"]["fleiss_articles"] == 1
    assert data["relations"]["SPEAKER"]["kappa"]["fleiss_articles"] == 1


def test_the_window_view_says_on_which_articles(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    from tests.ui.test_agreement_dialog import open_dialog

    path = _three_analysts(tmp_path / "team.db")
    window = make_window(Project.open(path, create=False), analyst="lead")
    dialog = open_dialog(window, qtbot)
    assert "Fleiss κ and α_u (all analysts together): on 1 of 2 articles only" in dialog.summary.text()
    labels = dialog.tables["labels"]
    headers = [labels.horizontalHeaderItem(c).text() for c in range(labels.columnCount())]
    assert headers[4] == "Fleiss κ (1 of 2 art.)" and headers[6] == "α_u (1 of 2 art.)"
    assert "computed on 1 of 2 art." in labels.horizontalHeaderItem(4).toolTip()
    links = dialog.tables["links"]
    assert links.horizontalHeaderItem(3).text() == "Fleiss κ (1 of 2 art.)"


from tests.ui.test_window_support import make_window, no_modals  # noqa: E402, F401


def test_an_untitled_article_is_named_by_its_first_words_in_the_report() -> None:
    """fix11j (finding 4): the articles to discuss showed an untitled article with an empty title."""
    from annotator.agreement.from_project import layer_from_bundle
    from annotator.domain.model import Article, ArticleBundle
    from annotator.domain.schema import default_schema

    text = "The mayor of Lyon said on Monday that the tax plan fails, and left."
    layer = layer_from_bundle(ArticleBundle(Article(id=1, text=text, title="  ")), default_schema())
    assert layer.title == "The mayor of Lyon said on Monday that…"
    assert layer_from_bundle(ArticleBundle(Article(id=1, text=text, title="Tax")), default_schema()).title == "Tax"
