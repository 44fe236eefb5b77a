"""usertest16 M4: a checkpoint is a warm start. The Train dialog tells the analyst to keep
annotating during training and that Cancel + Start resumes; but any change to the reviewed data
discarded the checkpoint ("the project's training data changed since step N"). Now a checkpoint
of the same labels and base resumes on the changed data for the steps left, saying what changed,
unless an article it trained on would now be held out (then, and when the labels changed, it is
discarded with the reason). The entity run and the attribution run alike."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.domain import commands
from annotator.domain.model import Article, ArticleBundle, ArticleStatus, Span, Status, text_hash
from annotator.nlp import train as T
from annotator.nlp.pipeline import default_pipeline_name
from annotator.storage.project import Project

BASE = default_pipeline_name()
trained = pytest.mark.skipif(BASE is None, reason="no trained spaCy pipeline installed")
NAMES = [("Ana Ruiz", "PERSON"), ("Acme Corp", "ORG")]


def _text(i: int, name: str) -> str:
    """Articles that are not near copies of one another (their own words)."""
    return f"{name} spoke about plan{i}a budget{i}b school{i}c road{i}d on day{i} in hall{i}. Ben Cole listened."


def _entity(i: int, text: str, name: str, label: str, status: Status = Status.ACCEPTED) -> Span:
    start = text.index(name)
    return Span(f"s{i}", 0, start, start + len(name), label, "entity", status=status)


def _ben(i: int, text: str, status: Status = Status.SUGGESTED, label: str = "PERSON") -> Span:
    start = text.index("Ben Cole")
    return Span(f"b{i}", 0, start, start + 8, label, "entity", status=status)


def _project(path: Path, n: int = 8, *, extra_new: bool = True) -> None:
    bundles = []
    for i in range(n):
        name, label = NAMES[i % 2]
        text = _text(i, name)
        bundles.append(ArticleBundle(Article(None, text, status=ArticleStatus.DONE),
                                     spans=[_entity(i, text, name, label), _ben(i, text)]))
    if extra_new:  # an article nobody reviewed yet, with a suggestion
        text = _text(99, "Ana Ruiz")
        bundles.append(ArticleBundle(Article(None, text, status=ArticleStatus.NEW),
                                     spans=[_entity(99, text, "Ana Ruiz", "PERSON", Status.SUGGESTED)]))
    with Project.open(path) as proj:
        proj.import_bundles(bundles)


def _cancelled_after_step_2(proj: Project, out: Path) -> None:
    steps: list[T.Progress] = []
    with pytest.raises(T.TrainingCancelled, match="after step 2 of 4"):
        T.train(proj, out, base=BASE, max_steps=4, eval_frequency=2, on_progress=steps.append,
                cancelled=lambda: len(steps) >= 2, attribution=False)
    assert (T.work_folder(out) / T.MODEL_LAST).exists()


def _accept(proj: Project, article_id: int, span_id: str) -> None:
    span = next(s for s in proj.spans(article_id) if s.id == span_id)
    proj.apply(commands.accept(commands.records(proj.spans(article_id), proj.relations(article_id)), span), by="ana")


def _article(proj: Project, text: str) -> int:
    return next(a for a in proj.article_ids() if proj.article(a).text == text)


@trained
def test_annotating_meanwhile_then_start_again_resumes_on_the_changed_data(tmp_path: Path) -> None:
    path, out = tmp_path / "news.db", tmp_path / "out"
    _project(path)
    with Project.open(path) as proj:
        _cancelled_after_step_2(proj, out)
        state = json.loads((T.work_folder(out) / "state.json").read_text())
        assert len(state["articles"]) == 8 and set(state["trained_on"]) < set(state["articles"])  # some held out
        # what the dialog says to do: keep annotating. One more reviewed article (a suggestion
        # accepted in an unreviewed one) and one more span accepted in a reviewed article.
        _accept(proj, _article(proj, _text(99, "Ana Ruiz")), "s99")
        _accept(proj, _article(proj, _text(0, "Ana Ruiz")), "b0")
        messages: list[str] = []
        steps: list[T.Progress] = []
        result = T.train(proj, out, base=BASE, max_steps=4, eval_frequency=2, on_message=messages.append,
                         on_progress=steps.append, attribution=False)
    assert result.resumed_from_step == 2 and result.steps == 4 and [p.step for p in steps] == [3, 4]
    assert result.data_changed_on_resume
    assert result.changes_on_resume == {"more": 1, "changed": 1, "no_longer_reviewed": 0, "moved": 0}
    assert ("resumed after step 2 (entity run) with the data changed since: 1 more reviewed article, 1 changed; "
            "none of the articles it trained on is held out") in messages
    assert not any(m.startswith("checkpoint discarded") for m in messages)
    assert result.train_articles + result.heldout_articles == 9
    marker = json.loads((out / T.MARKER).read_text())
    assert marker["resumed_from_step"] == 2 and marker["data_changed_on_resume"] is True
    assert marker["changes_on_resume"]["more"] == 1


@trained
def test_a_trained_on_article_that_would_be_held_out_discards_the_checkpoint(tmp_path: Path) -> None:
    """A held-out-by-hash article trained on because its near copy is trained on: once the near
    copy is no longer reviewed, the hash holds it out; resuming would score the run on an
    article it trained on, so the checkpoint is discarded and the line says why."""
    held = next(i for i in range(100, 1100) if T.heldout_bucket(text_hash(_text(i, "Ana Ruiz"))) < T.HELDOUT_PERCENT)
    copy_text = _text(held, "Ana Ruiz") + " Nobody else came."  # a near copy, trained on by its hash
    assert T.heldout_bucket(text_hash(copy_text)) >= T.HELDOUT_PERCENT
    path, out = tmp_path / "news.db", tmp_path / "out"
    _project(path, extra_new=False)
    with Project.open(path) as proj:
        text = _text(held, "Ana Ruiz")
        proj.import_bundles([
            ArticleBundle(Article(None, text, status=ArticleStatus.DONE), spans=[_entity(500, text, "Ana Ruiz", "PERSON")]),
            ArticleBundle(Article(None, copy_text, status=ArticleStatus.DONE),
                          spans=[_entity(501, copy_text, "Ana Ruiz", "PERSON")])])
        _cancelled_after_step_2(proj, out)
        assert text_hash(text) in json.loads((T.work_folder(out) / "state.json").read_text())["trained_on"]
        # the near copy is no longer reviewed: its only entity deleted
        copy_id = _article(proj, copy_text)
        span = next(s for s in proj.spans(copy_id) if s.id == "s501")
        proj.apply(commands.delete_span(commands.records(proj.spans(copy_id), proj.relations(copy_id)), span), by="ana")
        messages: list[str] = []
        result = T.train(proj, out, base=BASE, max_steps=2, eval_frequency=2, on_message=messages.append, attribution=False)
    assert result.resumed_from_step == 0 and not result.data_changed_on_resume
    assert ("checkpoint discarded (entity run): the project's training data changed and 1 article it trained on "
            "would now be held out (scoring it would overstate the gain) since step 2; training starts again from step 0"
            ) in messages
    assert json.loads((out / T.MARKER).read_text())["data_changed_on_resume"] is False


@trained
def test_labels_changed_discard_the_checkpoint_as_before(tmp_path: Path) -> None:
    path, out = tmp_path / "news.db", tmp_path / "out"
    _project(path, extra_new=False)
    with Project.open(path) as proj:
        _cancelled_after_step_2(proj, out)
        # an entity of a label not trained before: the recogniser's output layer is another one
        aid = _article(proj, _text(1, "Acme Corp"))
        records = commands.records(proj.spans(aid), proj.relations(aid))
        ben = next(s for s in proj.spans(aid) if s.id == "b1")
        proj.apply(commands.relabel(records, ben, "GPE", "entity", schema=proj.schema), by="ana")  # (accepts it)
        messages: list[str] = []
        result = T.train(proj, out, base=BASE, max_steps=2, eval_frequency=2, on_message=messages.append, attribution=False)
    assert result.labels == ["GPE", "ORG", "PERSON"] and result.resumed_from_step == 0
    assert ("checkpoint discarded (entity run): the labels trained changed (ORG, PERSON -> GPE, ORG, PERSON) "
            "since step 2; training starts again from step 0") in messages


def test_the_rule_on_states() -> None:
    """resume_plan alone: a checkpoint of an earlier version (no trained_on) is resumed on the
    same data only; an un-reviewed article and one moved to training are counted."""
    settings = {"digest": "d2", "labels": ["PERSON"], "base": "b", "articles": {"a": "1", "c": "3", "e": "5"}}
    old = {"digest": "d1", "labels": ["PERSON"], "base": "b", "steps": 1200}
    plan = T.resume_plan(old, settings, run="entity run", checkpoint=True, train_hashes=["a", "c"], heldout_hashes=["e"])
    assert not plan.resume and plan.line.startswith("checkpoint discarded (entity run): the project's training data "
                                                    "changed since step 1,200")
    old |= {"articles": {"a": "1", "b": "2", "c": "9"}, "trained_on": ["a", "b"]}
    plan = T.resume_plan(old, settings, run="entity run", checkpoint=True, train_hashes=["a", "c"], heldout_hashes=["e"])
    assert plan.resume and plan.data_changed and plan.trained_on == ["a", "b", "c"]
    assert plan.line == ("resumed after step 1,200 (entity run) with the data changed since: 1 more reviewed article, "
                         "1 changed, 1 no longer reviewed, 1 moved from held-out to training; none of the articles it "
                         "trained on is held out")
    plan = T.resume_plan(old, settings, run="entity run", checkpoint=True, train_hashes=["c", "e"], heldout_hashes=["a"])
    assert not plan.resume and "1 article it trained on would now be held out" in plan.line
    same = T.resume_plan({**old, "digest": "d2"}, settings, run="entity run", checkpoint=True, train_hashes=["a", "c"],
                         heldout_hashes=["e"])
    assert same.resume and not same.data_changed and same.line == ""
    assert not T.resume_plan(old, settings, run="entity run", checkpoint=False, train_hashes=["a"], heldout_hashes=[]).resume
    assert T.no_steps_left(2000, 2000, "entity run") == (
        "no steps left (entity run): the checkpoint has done 2,000 of the 2,000 steps, so the articles changed since "
        "are not trained on; give more steps to train on them")


@trained
def test_the_attribution_run_resumes_on_changed_data_too(tmp_path: Path) -> None:
    from tests.nlp.test_attribution import _attribution_bundles, _bundle

    out = tmp_path / "out"
    work = T.work_folder(out)
    with Project.open(tmp_path / "q.db") as proj:
        proj.import_bundles(_attribution_bundles())
        steps: list[T.Progress] = []
        with pytest.raises(T.TrainingCancelled, match="after step 2 of 4"):
            T.train(proj, out, base=BASE, max_steps=4, eval_frequency=2, on_progress=steps.append,
                    cancelled=lambda: len(steps) >= 2)
        assert (work / "attribution" / T.MODEL_LAST / "config.cfg").exists()
        state = json.loads((work / "attribution" / "state.json").read_text())
        assert state["trained_on"] and set(state["trained_on"]) < set(state["articles"])
        # one more reviewed article of attributions meanwhile
        proj.import_bundles([_bundle(text='"Taxes will rise," Ana Ruiz said, "and soon." Critics rejected the plan. '
                                          'Nobody knew it in 2050.')])
        messages: list[str] = []
        result = T.train(proj, out, base=BASE, max_steps=4, eval_frequency=2, on_message=messages.append)
    run = result.attribution
    assert run is not None and run.resumed_from_step == 2 and run.steps == 4 and run.data_changed_on_resume
    assert any(m.startswith("resumed after step 2 (attribution run) with the data changed since: 1 more reviewed article")
               for m in messages), messages
    marker = json.loads((out / T.MARKER).read_text())
    assert marker["attribution"]["data_changed_on_resume"] is True
