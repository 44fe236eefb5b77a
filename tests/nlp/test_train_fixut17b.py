"""usertest16 H3, M1, M5, M6, M8, L3-L6: `annotator train --base` a pipeline trained with the
attribution component; a component left out for too little data is said; Ctrl+C lines true to
the phase; `annotator evaluate` with nothing comparable; the --output refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain.model import Article, ArticleBundle, ArticleStatus, Span
from annotator.nlp import train as T
from annotator.nlp.pipeline import default_pipeline_name
from annotator.nlp.train_summary import TrainingSummary, training_summary
from annotator.storage.project import Project
from tests.nlp.test_attribution import _attribution_bundles, _range

BASE = default_pipeline_name()
trained = pytest.mark.skipif(BASE is None, reason="no trained spaCy pipeline installed")


def _with_person(bundles: list[ArticleBundle], how_many: int) -> list[ArticleBundle]:
    """``bundles`` with an accepted PERSON ("Ana Ruiz") in the first ``how_many`` of them."""
    for i, bundle in enumerate(bundles[:how_many]):
        a, b = _range("Ana Ruiz", bundle.article.text)
        bundle.spans.append(Span(f"e{i}", 0, a, b, "PERSON", "entity"))
    return bundles


def _entity_bundles(n: int, label: str = "PERSON") -> list[ArticleBundle]:
    out = []
    for i in range(n):
        text = f"Yesterday Ana Ruiz met the board for meeting {i}. Nothing else happened."
        a, b = _range("Ana Ruiz", text)
        out.append(ArticleBundle(Article(None, text, status=ArticleStatus.DONE),
                                 spans=[Span(f"s{i}", 0, a, b, label, "entity")]))
    return out


def _pipes(folder: Path) -> list[str]:
    import spacy

    return spacy.load(folder).pipe_names


# ----------------------------------------------------------------------------- H3


@trained
def test_a_base_trained_with_the_attribution_component_is_fine_tuned_again(tmp_path: Path) -> None:
    """H3: --base a pipeline `annotator train` wrote with the attribution component crashed with
    [E007] 'attribution_stash' already exists. Now its components are replaced, its attribution
    recogniser is the start of the run, and 'before' is that base's suggestions."""
    path = tmp_path / "q.db"
    with Project.open(path) as proj:
        proj.import_bundles(_with_person(_attribution_bundles(6), 6))
        T.train(proj, tmp_path / "first", base=BASE, max_steps=1, eval_frequency=1)
    first = _pipes(tmp_path / "first")
    assert first[-4:] == ["attribution_stash", "attribution", "attribution_spans", "cue_lexicon"]
    ran = CliRunner().invoke(cli, ["train", str(path), "--base", str(tmp_path / "first"), "--output", str(tmp_path / "second"),
                                   "--max-steps", "1", "--eval-frequency", "1"])
    assert ran.exit_code == 0, ran.output
    assert "Traceback" not in ran.output
    assert _pipes(tmp_path / "second") == first  # each component once, in the same order
    config = (tmp_path / "second" / T.ATTRIBUTION_TRAINING_CONFIG).read_text()
    assert f'source = "{(tmp_path / "first").resolve()}"\ncomponent = "attribution"' in config
    assert "before = the base pipeline (its rules, model and cue lexicon merged)" in ran.stdout
    marker = json.loads((tmp_path / "second" / T.MARKER).read_text())
    assert marker["components"] == ["ner", "attribution"] and marker["base"] == str(tmp_path / "first")


@trained
def test_a_base_trained_without_the_attribution_component_trains_it_from_its_ner(tmp_path: Path) -> None:
    """H3's other half: an entity-only trained pipeline as --base (which worked) still does, and
    the attribution run starts from its ner, as from an installed pipeline's; 'before' is the rules."""
    ents = tmp_path / "e.db"
    with Project.open(ents) as proj:
        proj.import_bundles(_entity_bundles(4))
        T.train(proj, tmp_path / "ents", base=BASE, max_steps=1)
    assert "attribution" not in _pipes(tmp_path / "ents")
    path = tmp_path / "q.db"
    finishing: list[bool] = []
    with Project.open(path) as proj:
        proj.import_bundles(_with_person(_attribution_bundles(6), 6))
        result = T.train(proj, tmp_path / "out", base=str(tmp_path / "ents"), max_steps=1, eval_frequency=1,
                         on_finishing=lambda: finishing.append(True))
    assert finishing == [True]  # M1: said once, when the last run's steps are done
    assert result.attribution is not None and not result.attribution.base_trained
    assert _pipes(tmp_path / "out")[-4:] == ["attribution_stash", "attribution", "attribution_spans", "cue_lexicon"]
    config = (tmp_path / "out" / T.ATTRIBUTION_TRAINING_CONFIG).read_text()
    assert 'component = "ner"' in config


# ----------------------------------------------------------------------------- M5, M8


@trained
def test_the_entity_run_left_out_for_one_article_is_said(tmp_path: Path) -> None:
    """M5: accepted entities in 1 reviewed article, attributions in 6: the entity run was skipped
    without a word (CLI and dialog)."""
    path = tmp_path / "q.db"
    with Project.open(path) as proj:
        proj.import_bundles(_with_person(_attribution_bundles(6), 1))
        summary = training_summary(proj)
    line = "Entity recogniser: not trained (accepted entities in 1 reviewed article; needs 2, one is held out)"
    assert summary.describe()[-1] == line + "."
    ran = CliRunner().invoke(cli, ["train", str(path), "--output", str(tmp_path / "o"), "--max-steps", "1",
                                   "--eval-frequency", "1"])
    assert ran.exit_code == 0, ran.output
    assert line in ran.stderr.splitlines()
    assert "Trained the attribution component" in ran.stdout


@trained
def test_the_attribution_run_left_out_for_one_article_is_said_and_the_entities_train(tmp_path: Path) -> None:
    """M5, the attribution side: quotes in 1 reviewed article stopped the whole run ("only 1
    article with reviewed attributions") though 6 articles had entities to train on."""
    path = tmp_path / "q.db"
    with Project.open(path) as proj:
        proj.import_bundles([*_entity_bundles(6), *_attribution_bundles(1)])
        summary = training_summary(proj)
    line = "Attribution component: not trained (accepted quotes in 1 reviewed article; needs 2, one is held out)"
    assert summary.describe()[-1] == line + "."
    ran = CliRunner().invoke(cli, ["train", str(path), "--output", str(tmp_path / "o"), "--max-steps", "1"])
    assert ran.exit_code == 0, ran.output
    assert line in ran.stderr.splitlines()
    assert ran.stdout.startswith("Trained PERSON on ")


def test_one_attribution_article_and_no_entities_is_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "q.db"
    with Project.open(path) as proj:
        proj.import_bundles(_attribution_bundles(1))
    ran = CliRunner().invoke(cli, ["train", str(path), "--output", str(tmp_path / "o"), "--base", BASE or "x"])
    assert ran.exit_code == 1 and ran.stderr.count("\n") == 1
    assert "only 1 article with reviewed attributions" in ran.stderr
    assert not (tmp_path / "o").exists() and not T.work_folder(tmp_path / "o").exists()


def test_the_summary_says_an_unmapped_label_before_start(tmp_path: Path) -> None:
    """M8: the MISC ner_map line was the command line's only; the dialog's summary shows it."""
    import dataclasses

    with Project.open(tmp_path / "m.db") as proj:
        proj.import_bundles(_entity_bundles(4, "MISC"))
        assert training_summary(proj).unmapped == ()  # the default map has MISC as a target: suggested as itself
        proj.set_schema(dataclasses.replace(proj.schema, ner_map={k: v for k, v in proj.schema.ner_map.items() if v != "MISC"}))
        summary = training_summary(proj)
    assert summary.unmapped == ("MISC",)
    assert summary.warnings()[-1] == T.unmapped_note(["MISC"])
    assert TrainingSummary(4, 0, {"PERSON": 4}, 1).warnings() == []


def test_a_bad_output_is_refused_before_the_ner_map_line(tmp_path: Path) -> None:
    """M8 and L5: the MISC line came before the refusal of --output FILE/sub, which named
    sub.training ("Not a directory") instead of the file in the way."""
    path = tmp_path / "m.db"
    with Project.open(path) as proj:
        proj.import_bundles(_entity_bundles(4, "MISC"))
    (tmp_path / "afile").write_text("x")
    ran = CliRunner().invoke(cli, ["train", str(path), "--output", str(tmp_path / "afile" / "sub"), "--base", BASE or "x"])
    assert ran.exit_code == 1
    assert ran.stderr.splitlines() == [
        f"Error: {tmp_path / 'afile'}: is a file, so the output folder {tmp_path / 'afile' / 'sub'} cannot be made "
        "inside it; give an --output folder that is not inside a file"]


# ----------------------------------------------------------------------------- L3, L4


def test_an_empty_output_option_is_said(tmp_path: Path) -> None:
    path = tmp_path / "e.db"
    with Project.open(path) as proj:
        proj.import_bundles(_entity_bundles(4))
    ran = CliRunner().invoke(cli, ["train", str(path), "--output", ""])
    assert ran.exit_code == 1
    assert ran.stderr.splitlines() == ["Error: --output is empty; give a folder for the trained pipeline, or leave the "
                                       "option out (default: PROJECT-pipeline beside the project)"]


def test_a_folder_holding_a_pipeline_in_use_is_refused_even_with_force(tmp_path: Path) -> None:
    """L4: a folder holding the venv (an installed pipeline inside it) was refused as "(or holds)
    the pipeline in use … add --force to replace it" — and --force then deleted the folder, the
    pipeline in use and all beside it. A folder that holds the one in use is refused, --force or
    not, saying what it would delete; the folder in use itself is replaced only with --force;
    a non-empty folder holding none is said to be no training output."""
    holder = tmp_path / "home"
    installed = holder / "venv" / "en_pipe"
    installed.mkdir(parents=True)
    (installed / "config.cfg").write_text("[nlp]\n")
    for force in (False, True):
        with pytest.raises(T.InputError, match="holds the pipeline in use .* inside it; training would delete it with everything else"):
            T.check_output(holder, force=force, in_use=[installed])
    assert (installed / "config.cfg").exists()
    with pytest.raises(T.InputError, match=r"is \(or holds\) the pipeline in use"):
        T.check_output(installed, force=False, in_use=[installed])
    other = tmp_path / "other"
    (other / "notes").mkdir(parents=True)
    with pytest.raises(T.InputError, match="is a non-empty folder that is not an earlier `annotator train` output"):
        T.check_output(other, force=False, in_use=[installed])
    empty = tmp_path / "empty"
    empty.mkdir()
    T.check_output(empty, force=False, in_use=[installed])  # an empty folder is fine


# ----------------------------------------------------------------------------- M1, L6


def test_ctrl_c_lines_say_what_happens_in_the_last_phase() -> None:
    from annotator.cli.train import stopping_line

    line = stopping_line(T.Progress(40, 40, 1.0, None, "attribution"), finishing=True)
    assert line.startswith("Not stopping: every step is done and the pipeline is written in a moment")
    assert "corpus is being read" not in line
    assert stopping_line(T.Progress(3, 40, 1.0, None)) == "Stopping after this step (Ctrl+C again to stop at once)..."
    assert stopping_line(None).startswith("Stopping when this stage ends: the corpus is being read")


def test_a_second_ctrl_c_says_what_is_kept(tmp_path: Path) -> None:
    from annotator.cli.train import at_once_note

    out = tmp_path / "out"
    assert at_once_note(out) == f"nothing was saved and {out} is as it was; run the command again to start over"
    (T.work_folder(out) / T.MODEL_LAST).mkdir(parents=True)
    assert at_once_note(out) == (f"no pipeline was written; the last checkpoint in {T.work_folder(out)} is kept: "
                                 "run the same command again to continue")


# ----------------------------------------------------------------------------- M6


def _texts(path: Path, texts: list[str], spans: bool = False) -> Path:
    with Project.open(path) as proj:
        bundles = []
        for i, text in enumerate(texts):
            a, b = _range("Ana Ruiz", text) if "Ana Ruiz" in text else (0, 1)
            bundles.append(ArticleBundle(Article(None, text), spans=[Span(f"s{i}", 0, a, b, "PERSON", "entity")] if spans else []))
        proj.import_bundles(bundles)
    return path


def test_evaluate_with_nothing_comparable_is_one_line_and_exit_1(tmp_path: Path) -> None:
    pred = _texts(tmp_path / "p.db", ["Ana Ruiz spoke.", "Nobody came."])
    gold = _texts(tmp_path / "g.db", ["Other text entirely, Ana Ruiz.", "Nothing here either."], spans=True)
    ran = CliRunner().invoke(cli, ["evaluate", str(pred), "--gold", str(gold)])
    assert ran.exit_code == 1, ran.output
    assert ran.stderr.splitlines() == [
        f"Error: nothing to compare: none of the 2 articles of {gold} has the same text as an article of {pred} "
        "(articles are paired by text); import the same texts into both"]
    assert ran.stdout == ""
    same = CliRunner().invoke(cli, ["evaluate", str(pred), "--gold", str(pred)])
    assert same.exit_code == 1 and same.stderr.count("\n") == 1
    assert "is both the project and --gold" in same.stderr


def test_evaluate_with_matched_articles_never_preannotated_is_one_line(tmp_path: Path) -> None:
    pred = _texts(tmp_path / "p.db", ["Ana Ruiz spoke."])
    gold = _texts(tmp_path / "g.db", ["Ana Ruiz spoke."], spans=True)
    ran = CliRunner().invoke(cli, ["evaluate", str(pred), "--gold", str(gold)])
    assert ran.exit_code == 1
    assert ran.stderr.splitlines() == [
        f"Error: nothing scored: 1 article of {gold} matched by text, but 1 were never pre-annotated in {pred} "
        "(run `annotator preannotate` first)"]


def test_evaluate_without_gold_quotes_says_not_scored(tmp_path: Path) -> None:
    pred = _texts(tmp_path / "p.db", ["Ana Ruiz spoke."], spans=True)
    gold = _texts(tmp_path / "g.db", ["Ana Ruiz spoke."], spans=True)
    ran = CliRunner().invoke(cli, ["evaluate", str(pred), "--gold", str(gold), "--pred-status", "accepted"])
    assert ran.exit_code == 0, ran.output
    assert "Quotes as attributions: not scored, no gold quotes (predicted 0)." in ran.stdout
    assert "P 0.00" not in ran.stdout
