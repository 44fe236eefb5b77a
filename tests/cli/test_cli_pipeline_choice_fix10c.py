"""Issue 10 (fix10c item 4): `annotator next` and `preannotate` ignored the pipeline chosen in
Preferences, so the command line's order differed from the window's, and `next --model rule-only`
advised "choose a trained pipeline in Edit → Preferences", which the command line did not read.
The rule: --model when given, else the Preferences pipeline (named on stderr), else the default.
fixut16a: the Preferences pipeline is the project's own, stored in the project file; the per-user
choice of earlier versions in the settings file is read by no command."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain.model import Article, ArticleBundle
from annotator.nlp.pipeline_use import cli_choice, set_project_choice
from annotator.nlp.uncertainty import NO_SCORES_CLI
from annotator.storage.project import Project


def _prefer(project: Path, choice: str) -> None:
    """What Edit → Preferences stores while ``project`` is open (fixut16a: in the project file)."""
    with Project.open(project, create=False) as proj:
        set_project_choice(proj, choice)


def _prefer_globally(choice: str) -> Path:
    """The per-user choice an earlier version stored in the settings file."""
    path = Path(os.environ["XDG_CONFIG_HOME"]) / "Annotator" / "Annotator.ini"  # tests get their own (tests/conftest.py)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"[nlp]\npipeline={choice}\n", encoding="utf-8")
    return path


def _project(tmp_path: Path) -> Path:
    path = tmp_path / "news.db"
    with Project.open(path) as proj:
        proj.import_bundles([ArticleBundle(Article(None, '"Prices will rise," Ana Ruiz said.', title="one")),
                             ArticleBundle(Article(None, "Nothing happened.", title="two"))])
    return path


SAID = "Using the pipeline chosen for this project in Edit → Preferences: rule-only (--model to use another for one run)"


def test_the_rule_model_then_preferences_then_default(tmp_path: Path) -> None:
    project = _project(tmp_path)
    _prefer_globally("rule-only")  # an earlier version's per-user choice: no longer read (fixut16a)
    with Project.open(project, create=False) as proj:
        assert cli_choice(None) == (None, "")
        assert cli_choice(None, proj) == (None, "")
        set_project_choice(proj, "rule-only")
        assert cli_choice("en_core_web_sm", proj) == ("en_core_web_sm", "")
        assert cli_choice(None, proj) == ("rule-only", SAID)


def test_preannotate_and_next_use_the_preferences_pipeline_and_say_so(tmp_path: Path) -> None:
    project = _project(tmp_path)
    _prefer(project, "rule-only")
    said = SAID
    ran = CliRunner().invoke(cli, ["preannotate", str(project)])
    assert ran.exit_code == 0, ran.output
    assert said in ran.stderr.splitlines()
    with Project.open(project, create=False) as proj:
        origins = {origin for (origin,) in proj.db.execute("SELECT origin FROM preannotations")}
    assert origins and all(o.startswith("blank-en ") for o in origins), origins  # the rules alone, not the installed default
    ran = CliRunner().invoke(cli, ["next", str(project)])
    assert ran.exit_code == 0, ran.output
    assert said in ran.stderr.splitlines()
    assert NO_SCORES_CLI in ran.stderr  # what the command line reads, not only the window's menu


def test_next_with_a_rule_only_model_names_what_the_command_line_reads(tmp_path: Path) -> None:
    ran = CliRunner().invoke(cli, ["next", str(_project(tmp_path)), "--model", "rule-only"])
    assert ran.exit_code == 0, ran.output
    assert ran.stderr.splitlines()[0] == (
        "the language pipeline has neither an entity recogniser nor an attribution component with scores (rules only), so the articles keep "
        "their order; give --model with a trained pipeline folder (`annotator train`), or choose one for the project in "
        "Edit → Preferences, which the command line reads when --model is left out")
    assert "Using the pipeline chosen" not in ran.stderr  # --model given: Preferences not read


def test_a_preferences_pipeline_that_does_not_load_is_one_line(tmp_path: Path) -> None:
    project = _project(tmp_path)
    gone = tmp_path / "gone-pipeline"
    _prefer(project, str(gone))
    ran = CliRunner().invoke(cli, ["preannotate", str(project)])
    assert ran.exit_code == 1 and "Traceback" not in ran.output
    last = ran.stderr.strip().splitlines()[-1]
    assert last.startswith("Error: the pipeline chosen for news.db in Edit → Preferences does not load (") and str(gone) in last
    assert last.endswith("choose another there (or the default), or give --model NAME|PATH for this run")
    with Project.open(project, create=False) as proj:
        assert proj.db.execute("SELECT count(*) FROM preannotations").fetchone()[0] == 0  # nothing written


def test_one_article_is_one_article(tmp_path: Path) -> None:
    """fix10c item 6: "Pre-annotated 1 articles"."""
    path = tmp_path / "one.db"
    with Project.open(path) as proj:
        proj.import_bundles([ArticleBundle(Article(None, "Nothing happened.", title="one"))])
    ran = CliRunner().invoke(cli, ["preannotate", str(path), "--model", "rule-only"])
    assert ran.exit_code == 0, ran.output
    assert "Pre-annotating 1 article with " in ran.stderr
    assert ran.stdout.startswith("Pre-annotated 1 article (2 words) in ")
    again = CliRunner().invoke(cli, ["preannotate", str(path), "--model", "rule-only"])
    assert again.stdout.strip() == "Nothing to do: the 1 article is pre-annotated (use --redo to do them again)."
