"""fixut16a (usertest16 M3): the command line's side of the one rule of which articles
pre-annotation adds suggestions to (tests/ui/test_reviewed_not_preannotated_fixut16a.py has the
window's): an article marked done or reviewed gets none, also one marked so while the run goes on
(an analyst's window, meanwhile). Made-up texts."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain.model import Article, ArticleStatus
from annotator.storage.project import Project

TEXTS = ('"Prices will rise," Ana Ruiz said on Monday.', '"We will win," said Ben Cole.', '"It is over," Cy Dunn said.')


def _project(tmp_path: Path) -> tuple[Project, int, int]:
    """Three articles never pre-annotated; the second marked reviewed, the third done."""
    project = Project.open(tmp_path / "p.db")
    ids = [project.add_article(Article(None, text, title=f"t{n}"))[0].id for n, text in enumerate(TEXTS)]
    project.set_article_status(ids[1], ArticleStatus.REVIEWED)
    project.set_article_status(ids[2], ArticleStatus.DONE)
    return project, ids[0], ids[1]


def _spans(project: Project, article_id: int) -> int:
    return len(project.spans(article_id))


def test_the_command_line_follows_the_same_rule(tmp_path: Path) -> None:
    project, open_id, reviewed = _project(tmp_path)
    path = project.path
    project.close()
    ran = CliRunner().invoke(cli, ["preannotate", str(path), "--model", "rule-only"])
    assert ran.exit_code == 0, ran.output
    assert "2 articles done: left as they are" in ran.output
    with Project.open(path, create=False, read_only=True) as p:
        assert p.preannotated(open_id) and not p.preannotated(reviewed)
        assert len(p.spans(reviewed)) == 0


def test_the_runner_leaves_an_article_reviewed_during_the_run(tmp_path: Path) -> None:
    from annotator.nlp.runner import default_rules, preannotate

    project, open_id, _reviewed = _project(tmp_path)
    later = project.article_ids()[1]
    project.set_article_status(later, ArticleStatus.NEW)
    rules = default_rules()

    def reviewing_rules(doc, **kwargs):  # noqa: ANN001, ANN003, ANN202
        project.set_article_status(later, ArticleStatus.REVIEWED)  # an analyst's window, meanwhile
        return rules(doc, **kwargs)

    result = preannotate(project, pipeline="rule-only", rules=reviewing_rules, batch_size=1)
    assert _spans(project, later) == 0
    assert project.preannotated(open_id) and not project.preannotated(later)
    assert result.finished == [later] and result.remaining == 0
    project.close()
