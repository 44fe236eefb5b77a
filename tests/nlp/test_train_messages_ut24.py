"""usertest24's training messages: what a trained pipeline adds to the suggestions and at what
precision (M1), "already done, re-scored" for a run that trained no step on a rerun (L3), and the
support column, gold spans per label held out (L5)."""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.tokens import Span

from annotator.cli.train import _row
from annotator.nlp import train as T
from annotator.nlp.train_summary import run_words


def _run(before: dict, after: dict, **kw) -> T.AttributionRun:  # noqa: ANN003
    return T.AttributionRun(35, 5, 200, 0, 97.0, {"labels": {}, "attribution": before}, {"labels": {}, "attribution": after}, **kw)


def test_the_pipeline_says_how_many_quotes_it_adds_and_the_precision_it_costs() -> None:
    run = _run({"p": 0.83, "matched": 81, "predicted": 98, "added": 0},
               {"p": 0.76, "matched": 94, "predicted": 124, "added": 26})
    assert run.adds() == ["On the 5 held-out articles the trained pipeline adds 26 quotes the rules did not find: "
                          "precision 0.83 → 0.76, 13 more wrong suggestions than before."]
    result = T.TrainResult(Path("/x"), [], 0, 0, 0, 0.0, 0, {}, {}, [], attribution=run)
    assert result.adds() == run.adds()
    split = _run({"p": 0.83, "matched": 81, "predicted": 98, "added": 0},
                 {"p": 0.78, "matched": 83, "predicted": 107, "added": 12, "added_by_model": 0})
    assert split.adds()[0].startswith("On the 5 held-out articles the trained pipeline adds 12 quotes the rules did not "
                                      "find (0 by the model, 12 by the cue lexicon): precision 0.83 → 0.78, 7 more wrong")
    # a run scored before these counts (its marker read back), or one adding nothing: no line
    assert _run({"p": 0.8}, {"p": 0.8}).adds() == []
    assert _run({"p": 0.8, "matched": 1, "predicted": 2, "added": 3}, {"p": 0.8, "matched": 1, "predicted": 2, "added": 3}).adds() == []


def test_a_run_that_trained_no_step_on_a_rerun_says_it_was_done_and_re_scored() -> None:
    done = T.TrainResult(Path("/x"), ["PERSON"], 35, 5, 100, 55.0, 100, {}, {}, [])
    assert run_words(done, "entity") == "entity run already done (checkpoint of step 100), re-scored in 55 s"
    resumed = T.TrainResult(Path("/x"), ["PERSON"], 35, 5, 300, 40.0, 127, {}, {}, [])
    assert run_words(resumed, "entity") == "300 steps (resumed after step 127), in 40 s"
    assert run_words(_run({}, {}), "attribution") == "200 steps, in 97 s"


def test_support_counts_the_gold_spans_held_out_per_label_and_the_cli_prints_them() -> None:
    nlp = spacy.blank("en")
    doc = nlp("Lena Brask met Tomas Ek in Oslo .")
    doc.ents = [Span(doc, 0, 2, "PERSON"), Span(doc, 3, 5, "PERSON"), Span(doc, 6, 7, "GPE")]
    assert T.heldout_support([doc, nlp("Nothing here .")]) == {"GPE": 1, "PERSON": 2, "ALL": 3}
    row = _row("EVENT", {"p": 1.0, "r": 1.0, "f": 1.0}, {"p": 0.0, "r": 0.0, "f": 0.0}, 1)
    assert row.split() == ["EVENT", "1.00", "1.00", "1.00", "0.00", "0.00", "0.00", "1"]
    assert _row("GPE", None, None).split() == ["GPE", "—", "—", "—", "—", "—", "—"]  # not counted: blank


def test_attribution_span_scores_count_the_gold_spans() -> None:
    from annotator.nlp.attribution_train import span_scores

    nlp = spacy.blank("en")
    doc = nlp("Lena Brask said fares would rise .")
    doc.ents = [Span(doc, 0, 2, "SOURCE"), Span(doc, 2, 3, "CUE"), Span(doc, 3, 6, "CONTENT")]
    scores = span_scores([[(0, 10, "SOURCE")]], [doc])
    assert {k: v["n"] for k, v in scores.items()} == {"CONTENT": 1, "SOURCE": 1, "CUE": 1, "ALL": 3}
