"""`annotator train` (annotator/nlp/train.py, annotator/cli/train.py): the reviewed data, the split,
the config, a tiny training run, refusals, cancel and resume."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain.errors import AnnotatorError, InputError
from annotator.domain.model import Article, ArticleBundle, ArticleStatus, Span, Status
from annotator.formats.spacy_ext import INCORRECT_SPANS_KEY
from annotator.nlp import train as T
from annotator.nlp.pipeline import clear_cache, default_pipeline_name, load_pipeline
from annotator.storage.project import Project

BASE = default_pipeline_name()
trained = pytest.mark.skipif(BASE is None, reason="no trained spaCy pipeline installed")
NAMES = [("Ana Ruiz", "PERSON"), ("Acme Corp", "ORG"), ("Euro Cup", "MISC")]  # MISC: not in the default ner_map


def _bundles(n: int = 12) -> list[ArticleBundle]:
    out = []
    for i in range(n):
        name, label = NAMES[i % 3]
        text = f"Yesterday {name} met the board for meeting {i}. Nothing else happened."
        start = text.index(name)
        out.append(ArticleBundle(Article(None, text, status=ArticleStatus.DONE),
                                 spans=[Span(f"s{i}", 0, start, start + len(name), label, "entity")]))
    return out


@pytest.fixture
def small_project(tmp_path: Path) -> Path:
    path = tmp_path / "news.db"
    with Project.open(path) as proj:
        proj.import_bundles(_bundles())
    return path


# ----------------------------------------------------------------------------- split


def test_split_is_deterministic_by_article_and_keeps_both_sides() -> None:
    hashes = [f"hash-{i}" for i in range(200)]
    train, heldout = T.split_by_hash(hashes)
    assert (train, heldout) == T.split_by_hash(hashes)
    assert sorted(train + heldout) == list(range(200))
    assert 20 <= len(heldout) <= 60  # about 20 %
    # An article's side depends on its own text only, not on the others in the project.
    reversed_train, _ = T.split_by_hash(hashes[::-1])
    assert {hashes[::-1][i] for i in reversed_train} == {hashes[i] for i in train}
    for pair in (["a", "b"], ["x", "y"], ["only-two", "of-them"]):
        tr, ho = T.split_by_hash(pair)
        assert len(tr) == 1 and len(ho) == 1


# ----------------------------------------------------------------------------- reviewed data


def test_reviewed_docs_complete_partial_and_negatives(project: Project) -> None:
    done_text = "Ana Ruiz met Acme Corp in Lisbon on Monday."
    partial_text = "Bo Li visited Paris and Rome last week."
    new_text = "Nobody decided anything about Madrid here."
    project.import_bundles([
        ArticleBundle(Article(None, done_text, status=ArticleStatus.DONE), spans=[
            Span("p", 0, 0, 8, "PERSON", "entity"),
            Span("p2", 0, 4, 8, "PERSON", "entity"),  # inside a longer accepted one: not trainable, said so
            Span("o", 0, 13, 22, "ORG", "entity", status=Status.SUGGESTED),  # undecided: missing
            Span("g", 0, 26, 32, "ORG", "entity", status=Status.REJECTED),  # a negative
            Span("q", 0, 0, 22, "QUOTE", "quote"),  # another layer: not trained here
        ]),
        ArticleBundle(Article(None, partial_text, status=ArticleStatus.IN_PROGRESS), spans=[
            Span("b", 0, 0, 5, "PERSON", "entity"),
            Span("r", 0, 24, 28, "GPE", "entity", status=Status.SUGGESTED),
        ]),
        ArticleBundle(Article(None, new_text), spans=[Span("m", 0, 30, 36, "GPE", "entity", status=Status.SUGGESTED)]),
    ])
    docs, complete, partial, report = T.reviewed_docs(project)
    assert any("overlapping a longer one" in note for note in report.notes())
    assert (complete, partial) == (1, 1)
    by_text = {doc.text: doc for _, doc in docs}
    assert set(by_text) == {done_text, partial_text}
    done = by_text[done_text]
    assert [(e.text, e.label_) for e in done.ents] == [("Ana Ruiz", "PERSON")]
    assert [t.ent_iob_ for t in done if t.text in ("Acme", "Corp")] == ["", ""]  # suggested: unknown
    assert [t.ent_iob_ for t in done if t.text in ("met", "Monday")] == ["O", "O"]  # reviewed: no entity
    assert [(s.text, s.label_) for s in done.spans[INCORRECT_SPANS_KEY]] == [("Lisbon", "ORG")]
    assert "quote" not in done.spans and not done.user_data
    part = by_text[partial_text]
    assert [(e.text, e.label_) for e in part.ents] == [("Bo Li", "PERSON")]
    # Not reviewed as a whole: nothing outside the accepted entity is a negative.
    assert {t.ent_iob_ for t in part if t.i >= 2} == {""}

    corpora = T.build_corpora(project)
    assert corpora.labels == ["PERSON"]
    assert len(corpora.train) + len(corpora.heldout) == 2 and corpora.train and corpora.heldout
    assert T.build_corpora(project).digest() == corpora.digest()
    # --labels PERSON: the rejected ORG is no PERSON negative, so it is left out.
    only_person = T.build_corpora(project, ["PERSON"])
    assert all(INCORRECT_SPANS_KEY not in doc.spans for doc in [*only_person.train, *only_person.heldout])


def test_nothing_to_train_on_and_unknown_labels(project: Project) -> None:
    project.import_bundles([ArticleBundle(Article(None, "Ana Ruiz spoke."),
                                          spans=[Span("a", 0, 0, 8, "PERSON", "entity", status=Status.SUGGESTED)])])
    with pytest.raises(AnnotatorError, match="nothing to train on"):
        T.build_corpora(project)
    with pytest.raises(InputError, match="FOO is not an entity label"):
        T.build_corpora(project, ["FOO"])


# ----------------------------------------------------------------------------- config


@trained
def test_config_sources_the_base_and_freezes_all_but_ner(tmp_path: Path) -> None:
    import spacy.util

    config = T.make_config(BASE, train_path=tmp_path / "t.spacy", heldout_path=tmp_path / "h.spacy", max_steps=50)
    config.to_disk(tmp_path / "config.cfg")
    loaded = spacy.util.load_config(tmp_path / "config.cfg")
    pipeline = loaded["nlp"]["pipeline"]
    assert "ner" in pipeline
    assert all(loaded["components"][name]["source"] == BASE for name in pipeline)
    assert sorted(loaded["training"]["frozen_components"]) == sorted(n for n in pipeline if n != "ner")
    assert loaded["training"]["max_steps"] == 50 and loaded["training"]["eval_frequency"] == 50
    assert loaded["paths"]["train"] == str(tmp_path / "t.spacy")
    assert loaded["system"]["gpu_allocator"] is None


# ----------------------------------------------------------------------------- training


@trained
def test_tiny_training_cancelled_resumed_and_loadable(small_project: Path, tmp_path: Path) -> None:
    """A handful of steps on 12 short docs: cancelled after step 2 (a checkpoint, nothing in
    DIR), resumed to step 4, then a pipeline spacy.load and preannotate --model read."""
    import spacy

    out = tmp_path / "out"
    with Project.open(small_project) as proj:
        steps: list[T.Progress] = []
        with pytest.raises(T.TrainingCancelled, match="after step 2 of 4"):
            T.train(proj, out, base=BASE, max_steps=4, eval_frequency=2, on_progress=steps.append,
                    cancelled=lambda: len(steps) >= 2)
        assert [p.step for p in steps] == [1, 2] and steps[-1].score is not None
        assert not out.exists()  # nothing in DIR until complete
        work = T.work_folder(out)
        assert (work / T.MODEL_LAST / "config.cfg").exists() and (work / "config.cfg").exists()
        assert json.loads((work / "state.json").read_text())["steps"] == 2
    # The rerun (here the command) resumes from the checkpoint and finishes the 4 steps.
    ran = CliRunner().invoke(cli, ["train", str(small_project), "--output", str(out), "--max-steps", "4",
                                   "--eval-frequency", "2"])
    assert ran.exit_code == 0, ran.output
    assert "Resuming from the checkpoint after step 2" in ran.stderr
    assert "Trained MISC, ORG, PERSON on" in ran.stdout and "4 steps (resumed after step 2)" in ran.stdout
    assert [line.split()[0] for line in ran.stdout.splitlines()[2:6]] == ["MISC", "ORG", "PERSON", "ALL"]
    assert f"--model {out}" in ran.stdout
    # the default schema's ner_map has MISC as a target, so preannotate suggests it as itself: no
    # "add MISC" line (usertest17; tests/nlp/test_train_replace.py has a map without it)
    assert '"MISC": "MISC"' not in ran.stderr
    assert not T.work_folder(out).exists()  # checkpoints go once the pipeline is complete
    nlp = spacy.load(out)
    ner = nlp.get_pipe("ner")
    assert {"MISC", "ORG", "PERSON"} <= set(ner.labels)
    assert ner.cfg["incorrect_spans_key"] == INCORRECT_SPANS_KEY
    assert {"tagger", "parser", "lemmatizer"} <= set(nlp.pipe_names)  # the rules' components stay
    marker = json.loads((out / T.MARKER).read_text())
    assert marker["steps"] == 4 and marker["labels"] == ["MISC", "ORG", "PERSON"]
    assert "ALL" in marker["before"] and "ALL" in marker["after"]
    # a finished pipeline is replaced only when asked (fix10c: a 5-step run silently replaced a 300-step one)
    with pytest.raises(InputError, match=r"holds a pipeline trained on news\.db .* held-out F1: entities"):
        T.check_output(out, force=False, project_path=small_project)
    T.check_output(out, force=False, replace=True)
    # preannotate --model DIR loads it (with the line-break sentence component the rules add).
    clear_cache()
    loaded = load_pipeline(out)
    assert loaded.source == str(out.resolve()) and not loaded.rule_only
    assert "ner" in loaded.nlp.pipe_names


# ----------------------------------------------------------------------------- refusals


def test_refuses_a_foreign_folder_a_file_and_the_pipeline_in_use(tmp_path: Path) -> None:
    foreign = tmp_path / "notes"
    foreign.mkdir()
    (foreign / "mine.txt").write_text("keep me")
    with pytest.raises(InputError, match="not an earlier `annotator train` output"):
        T.check_output(foreign, force=False)
    T.check_output(foreign, force=True)
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    with pytest.raises(InputError, match="not a folder"):
        T.check_output(a_file, force=True)
    in_use = tmp_path / "site-packages" / "en_core_web_sm"
    in_use.mkdir(parents=True)
    with pytest.raises(InputError, match="pipeline in use"):
        T.check_output(in_use, force=False, in_use=[in_use])
    with pytest.raises(InputError, match="pipeline in use"):
        T.check_output(in_use / "en_core_web_sm-3.8.0", force=False, in_use=[in_use])
    earlier = tmp_path / "earlier"
    earlier.mkdir()
    (earlier / T.MARKER).write_text("{}")
    with pytest.raises(InputError, match="holds a pipeline trained on an unknown project"):
        T.check_output(earlier, force=False)  # a finished output: replaced only when asked (fix10c)
    T.check_output(earlier, force=False, replace=True)
    T.check_output(tmp_path / "new", force=False)
    if BASE is not None:
        installed = T.installed_pipeline_folders()
        assert installed
        with pytest.raises(InputError, match="pipeline in use"):
            T.check_output(Path(installed[0]), force=False, in_use=installed)


def test_cli_refusals_are_one_line_and_write_nothing(small_project: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    foreign = tmp_path / "notes"
    foreign.mkdir()
    (foreign / "mine.txt").write_text("keep me")
    result = runner.invoke(cli, ["train", str(small_project), "--output", str(foreign)])
    assert result.exit_code == 1
    assert result.stderr.strip().count("\n") == 0 and "--force" in result.stderr
    assert sorted(p.name for p in foreign.iterdir()) == ["mine.txt"]
    result = runner.invoke(cli, ["train", str(small_project), "--labels", "FOO", "--output", str(tmp_path / "o")])
    assert result.exit_code == 1 and "FOO is not an entity label" in result.stderr
    for base, why in (("no-such-pipeline", "no spaCy pipeline 'no-such-pipeline'"), (str(foreign), "holds no config.cfg")):
        result = runner.invoke(cli, ["train", str(small_project), "--base", base, "--output", str(tmp_path / "o")])
        assert result.exit_code == 1 and why in result.stderr
        assert not (tmp_path / "o").exists() and not T.work_folder(tmp_path / "o").exists()
    result = runner.invoke(cli, ["train", str(small_project), "--max-steps", "0"])
    assert result.exit_code == 2
    result = runner.invoke(cli, ["train", str(tmp_path / "missing.db")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    empty = tmp_path / "empty.db"
    with Project.open(empty) as proj:
        proj.import_bundles([ArticleBundle(Article(None, "Nothing reviewed here."))])
    result = runner.invoke(cli, ["train", str(empty), "--output", str(tmp_path / "o")])
    assert result.exit_code == 1 and "nothing to train on" in result.stderr
    assert not (tmp_path / "o").exists() and not T.work_folder(tmp_path / "o").exists()


@trained
def test_config_paths_do_not_depend_on_the_directory_the_command_ran_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 10: `train = "p2-pipeline.training/train.spacy"` broke `spacy train DIR.training/config.cfg`
    run from anywhere else. The corpora (and a pipeline folder given as base) are absolute."""
    from spacy.util import load_config

    monkeypatch.chdir(tmp_path)
    (tmp_path / "p2-pipeline.training").mkdir()
    config = T.make_config(BASE, train_path=Path("p2-pipeline.training/train.spacy"),
                           heldout_path=Path("p2-pipeline.training/heldout.spacy"), max_steps=1,
                           source="p2-pipeline.training")
    config.to_disk(tmp_path / "p2-pipeline.training" / "config.cfg")
    monkeypatch.chdir("/")
    saved = load_config(tmp_path / "p2-pipeline.training" / "config.cfg")
    assert saved["paths"]["train"] == str(tmp_path / "p2-pipeline.training" / "train.spacy")
    assert saved["paths"]["dev"] == str(tmp_path / "p2-pipeline.training" / "heldout.spacy")
    assert saved["components"]["ner"]["source"] == str(tmp_path / "p2-pipeline.training")
