"""Issue 10 (fix10c items 1 and 3): `annotator train co2.db --output co_model --max-steps 5`
silently replaced co_model, a 300-step pipeline trained on co.db. A folder holding a finished
trained pipeline is refused without --replace/--force, with one line saying what is there (its
project, held-out F1, date); continuing an unfinished run of the same project is not refused. An
--output that is a symbolic link to a folder is followed (it was refused after training, with a
brat message)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain.errors import InputError
from annotator.nlp import train as T
from annotator.storage.project import Project
from tests.nlp.test_train import BASE, _bundles, trained


@pytest.fixture
def co(tmp_path: Path) -> Path:
    path = tmp_path / "co.db"
    with Project.open(path) as proj:
        proj.import_bundles(_bundles())
    return path


def _train(project: Path, out: Path, *extra: str):  # noqa: ANN202
    return CliRunner().invoke(cli, ["train", str(project), "--output", str(out), "--max-steps", "2",
                                    "--eval-frequency", "2", *extra])


@trained
def test_a_finished_pipeline_is_not_replaced_unless_asked_from_this_project_or_another(co: Path, tmp_path: Path) -> None:
    out = tmp_path / "co_model"
    first = _train(co, out)
    assert first.exit_code == 0, first.output
    # the training config is kept in DIR once DIR.training is gone (fix10c item 6)
    assert not T.work_folder(out).exists()
    assert "[training]" in (out / T.TRAINING_CONFIG).read_text() and "max_steps = 2" in (out / T.TRAINING_CONFIG).read_text()
    marker = (out / T.MARKER).read_text()
    info = json.loads(marker)
    assert info["project"] == str(co.resolve()) and info["finished"].endswith(" UTC")
    co2 = tmp_path / "co2.db"
    shutil.copy(co, co2)
    for project in (co2, co):  # another project, and the same one: both refused
        again = _train(project, out)
        assert again.exit_code == 1, again.output
        line = again.stderr.strip()
        assert "\n" not in line and "Traceback" not in again.output
        f1 = info["after"]["ALL"]["f"]
        assert line == (f"Error: {out}: holds a pipeline trained on co.db ({co.resolve()}) on {info['finished']}, "
                        f"held-out F1: entities {f1:.2f}; training would replace it: give another --output folder, "
                        "or add --replace to replace it")
        assert (out / T.MARKER).read_text() == marker  # untouched
        assert not T.work_folder(out).exists()
    replaced = _train(co2, out, "--replace")
    assert replaced.exit_code == 0, replaced.output
    assert json.loads((out / T.MARKER).read_text())["project"] == str(co2.resolve())


@trained
def test_an_unfinished_run_of_the_same_project_resumes_over_a_finished_pipeline(co: Path, tmp_path: Path) -> None:
    out = tmp_path / "co_model"
    assert _train(co, out).exit_code == 0
    with Project.open(co) as proj:
        steps: list[T.Progress] = []
        with pytest.raises(T.TrainingCancelled):  # asked to replace, then cancelled: a checkpoint
            T.train(proj, out, base=BASE, max_steps=4, eval_frequency=2, replace=True, on_progress=steps.append,
                    cancelled=lambda: len(steps) >= 2)
    co2 = tmp_path / "co2.db"
    shutil.copy(co, co2)
    with Project.open(co2) as proj, pytest.raises(InputError, match="holds a pipeline trained on co.db"):
        T.train(proj, out, base=BASE, max_steps=4, eval_frequency=2)  # another project's checkpoint: no
    with Project.open(co) as proj:
        result = T.train(proj, out, base=BASE, max_steps=4, eval_frequency=2)  # the same project: continues
    assert result.resumed_from_step == 2 and result.steps == 4


def test_the_refusal_names_what_is_there_for_older_outputs_too(tmp_path: Path) -> None:
    out = tmp_path / "old"
    out.mkdir()
    (out / T.MARKER).write_text(json.dumps({"project": "/data/co.db", "labels": ["PERSON"], "after": {"ALL": {"f": 0.789}},
                                            "attribution": {"after": {"attribution": {"f": 0.45}}}}))
    (out / "meta.json").write_text(json.dumps({"version": "2026.12.01.162005"}))
    assert T.finished_pipeline(out) == ("a pipeline trained on co.db (/data/co.db) on 2026-12-01 16:20 UTC, "
                                        "held-out F1: entities 0.79, attributions 0.45")
    assert T.finished_pipeline(tmp_path) is None
    with pytest.raises(InputError, match="holds a pipeline trained on co.db"):
        T.check_output(out, force=False)
    T.check_output(out, force=True)
    T.check_output(out, force=False, replace=True)


@trained
def test_output_given_as_a_symbolic_link_to_a_folder_is_followed(co: Path, tmp_path: Path) -> None:
    real = tmp_path / "models" / "co"
    real.mkdir(parents=True)
    link = tmp_path / "co_link"
    link.symlink_to(real, target_is_directory=True)
    ran = _train(co, link)
    assert ran.exit_code == 0, ran.output
    assert "brat" not in ran.output
    assert link.is_symlink() and (real / T.MARKER).is_file() and (real / "config.cfg").is_file()
    again = _train(co, link)  # now it holds a finished pipeline: the training refusal, not brat's
    assert again.exit_code == 1 and "holds a pipeline trained on co.db" in again.stderr and "brat" not in again.stderr
    assert _train(co, link, "--replace").exit_code == 0
    assert link.is_symlink() and link.resolve() == real.resolve() and (real / T.MARKER).is_file()
    dangling = tmp_path / "gone_link"
    dangling.symlink_to(tmp_path / "nowhere", target_is_directory=True)
    ran = _train(co, dangling)
    assert ran.exit_code == 1 and "symbolic link to a folder that does not exist" in ran.stderr


@trained
def test_a_cancel_before_the_first_step_stops_at_the_end_of_the_stage(co: Path, tmp_path: Path) -> None:
    """fix10c item 6: Ctrl+C early in the attribution run took 16.6 s to stop (measured on r.db:
    7.9 s reading, 4.5 s loading, 1.9 s initialising before the first step checked). The run now
    checks between those stages."""
    from annotator.cli.train import stopping_line
    from annotator.nlp import attribution_train as AT

    out = tmp_path / "out"
    with Project.open(co) as proj, pytest.raises(T.TrainingCancelled) as stopped:
        T.train(proj, out, base=BASE, max_steps=2, cancelled=lambda: True)
    assert str(stopped.value) == "training cancelled while the pipeline loaded, before its first step; nothing was saved"
    assert not out.exists() and not T.work_folder(out).exists()
    with pytest.raises(T.TrainingCancelled, match="attribution component cancelled before it started, before its first step"):
        AT.run(base=BASE, work=tmp_path / "w", train_docs=[], heldout_docs=[], digest="x", max_steps=2, eval_frequency=1,
               on_progress=None, cancelled=lambda: True, say=lambda _m: None)
    assert stopping_line(T.Progress(3, 10, 1.0, None)) == "Stopping after this step (Ctrl+C again to stop at once)..."
    for last in (None, T.Progress(10, 10, 1.0, 0.5)):  # nothing stepped yet; the entity run done, the next one loading
        assert stopping_line(last).startswith("Stopping when this stage ends: the corpus is being read or a pipeline loaded")


@trained
def test_a_label_preannotate_would_drop_is_named_once_before_training(co: Path, tmp_path: Path) -> None:
    """fix10c item 6: MISC got scores, then a note at the end that it will never be suggested. The
    schema here maps nothing to MISC: with the default one MISC is a target of the map, which
    preannotate suggests as itself, and no note is due (usertest17, fixut19c)."""
    import dataclasses

    events: list[str] = []
    with Project.open(co) as proj:
        proj.set_schema(dataclasses.replace(proj.schema, ner_map={k: v for k, v in proj.schema.ner_map.items() if v != "MISC"}))
        T.train(proj, tmp_path / "out", base=BASE, max_steps=2, eval_frequency=2,
                on_message=events.append, on_progress=lambda p: events.append(f"step {p.step}"))
    note = ('The project\'s ner_map does not map MISC to itself, so preannotate would not suggest it (it is trained and '
            'scored all the same): add "MISC": "MISC" to "ner_map" (annotator schema PROJECT > schema.json; edit; '
            'annotator schema PROJECT --set schema.json)')
    assert events.count(note) == 1 and events.index(note) < events.index("step 1")
    ran = _train(co, tmp_path / "out2")
    assert ran.exit_code == 0 and ran.stderr.count('"MISC": "MISC"') == 1 and '"MISC"' not in ran.stdout


@trained
def test_no_unmapped_note_for_a_label_the_default_map_has_as_a_target(co: Path, tmp_path: Path) -> None:
    """usertest17 (fixut19c): the default schema's ner_map sends WORK_OF_ART/PRODUCT/LANGUAGE to
    MISC, so preannotate suggests a trained MISC as itself (schema.suggested_label): the note that
    it would not be suggested was false there."""
    from annotator.domain.schema import suggested_label

    events: list[str] = []
    with Project.open(co) as proj:
        assert suggested_label("MISC", dict(proj.schema.ner_map)) == "MISC"
        T.train(proj, tmp_path / "out", base=BASE, max_steps=2, eval_frequency=2, on_message=events.append)
    assert not [e for e in events if "does not map" in e]
