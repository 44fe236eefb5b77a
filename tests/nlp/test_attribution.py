"""The learned attribution component (issue 10): corpus, assembled pipeline, linker, merge with
the rules, training a project of attributions alone, and the PolNeAR benchmark's --smoke."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.domain.model import FRAGMENT, Article, ArticleBundle, ArticleStatus, Relation, Span, Status
from annotator.domain.suggestions import SuggestionSet
from annotator.formats.common import ExportReport
from annotator.nlp import train as T
from annotator.nlp.attribution_components import ATTRIBUTION_KEY
from annotator.nlp.attribution_corpus import ATTRIBUTION_REJECTED, attribution_doc, attribution_docs, gold_attributions
from annotator.nlp.attribution_link import link
from annotator.nlp.attribution_merge import merge
from annotator.nlp.pipeline import default_pipeline_name
from annotator.nlp.quotes import add_quotes, with_model_attributions
from annotator.nlp.quotes_types import Quote
from annotator.storage.project import Project
from tests.conftest import SHARED_DATA

ROOT = Path(__file__).resolve().parents[2]
BASE = default_pipeline_name()
trained = pytest.mark.skipif(BASE is None, reason="no trained spaCy pipeline installed")

TEXT = '"Taxes will rise," Ana Ruiz said, "and soon." Critics rejected the plan. Nobody knew.'


def _range(sub: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(sub)
    return start, start + len(sub)


def _bundle(status: ArticleStatus = ArticleStatus.DONE, text: str = TEXT) -> ArticleBundle:
    q1, q2 = _range("Taxes will rise,", text), _range("and soon.", text)
    sp, cu = _range("Ana Ruiz", text), _range("said", text)
    rej = _range("the plan", text)
    spans = [
        Span("q1", 0, *q1, "QUOTE", "quote"), Span("q2", 0, *q2, "QUOTE", "quote"),
        Span("sp", 0, *sp, "SPEAKER", "speaker"), Span("cu", 0, *cu, "CUE", "cue"),
        Span("no", 0, *rej, "QUOTE", "quote", status=Status.REJECTED),
    ]
    relations = [Relation("r1", 0, "q1", "q2", FRAGMENT), Relation("r2", 0, "q1", "sp", "SPEAKER"),
                 Relation("r3", 0, "q1", "cu", "CUE")]
    return ArticleBundle(Article(None, text, status=status), spans=spans, relations=relations)


# ----------------------------------------------------------------------------- corpus


def test_corpus_of_a_complete_article_content_pieces_source_cue_and_negatives() -> None:
    doc = attribution_doc(_bundle(), ExportReport(), complete=True)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Taxes will rise,", "CONTENT"), ("Ana Ruiz", "SOURCE"), ("said", "CUE"), ("and soon.", "CONTENT")]
    assert [(s.text, s.label_) for s in doc.spans[ATTRIBUTION_REJECTED]] == [("the plan", "CONTENT")]
    assert all(t.ent_iob_ == "O" for t in doc if t.ent_type_ == "" and not t.is_space)  # complete: the rest is outside
    gold = gold_attributions(_bundle())
    assert len(gold) == 1 and gold[0].parts == (_range("Taxes will rise,"), _range("and soon."))
    assert gold[0].speaker == _range("Ana Ruiz") and gold[0].cue == _range("said")



def test_speaker_and_cue_spans_on_the_quote_layer_are_source_and_cue_too() -> None:
    """usertest13 F2: a JSONL import can put SPEAKER/CUE labels on the quote layer; the corpus
    read only the speaker/cue layers, so the held-out gold had no SOURCE/CUE and `train` printed
    SPEAKER and CUE 0.00 while `evaluate` (by label) gave 1.00. A quote-layer span with another
    label is still no part of an attribution."""
    b = _bundle()
    moved = [Span(s.id, 0, s.start, s.end, s.label, "quote", status=s.status) if s.label in ("SPEAKER", "CUE") else s
             for s in b.spans]
    other = _range("Critics")
    doc = attribution_doc(ArticleBundle(b.article, spans=[*moved, Span("x", 0, *other, "NOTE", "quote")],
                                        relations=b.relations), ExportReport(), complete=True)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Taxes will rise,", "CONTENT"), ("Ana Ruiz", "SOURCE"), ("said", "CUE"), ("and soon.", "CONTENT")]

def test_corpus_of_a_partial_article_knows_only_the_decisions(tmp_path: Path) -> None:
    doc = attribution_doc(_bundle(ArticleStatus.NEW), ExportReport(), complete=False)
    outside = [t for t in doc if t.ent_type_ == ""]
    assert outside and all(t.ent_iob == 0 for t in outside)  # missing, not "no attribution"
    with Project.open(tmp_path / "p.db") as proj:
        proj.import_bundles([_bundle(), ArticleBundle(Article(None, "Nothing reviewed here."))])
        docs = attribution_docs(proj)
    assert (len(docs.docs), docs.complete, docs.partial, docs.accepted_quotes) == (1, 1, 0, 2)


def test_overlapping_spans_are_counted_not_dropped_silently() -> None:
    b = _bundle()
    nested = Span("in", 0, *_range("Taxes"), "SPEAKER", "speaker")
    report = ExportReport()
    doc = attribution_doc(ArticleBundle(b.article, spans=[*b.spans, nested], relations=b.relations), report, complete=True)
    assert "Taxes" not in [e.text for e in doc.ents]
    assert sum(report.left_out.values()) == 1 and "overlapping a longer one" in next(iter(report.left_out))


# ----------------------------------------------------------------------------- linker


@pytest.fixture(scope="module")
def nlp():
    if BASE is None:
        pytest.skip("no trained spaCy pipeline installed")
    import spacy

    return spacy.load(BASE)


def _spans(doc, *items: tuple[str, str]):
    from spacy.tokens import Span as SpacySpan

    out = []
    for sub, label in items:
        a, b = _range(sub, doc.text)
        s = doc.char_span(a, b)
        out.append(SpacySpan(doc, s.start, s.end, label=label))
    return out


@trained
def test_linker_takes_the_subject_of_the_cue_not_the_nearest_source(nlp) -> None:
    doc = nlp("Smith, unlike his rival Jones, said that taxes will rise next year.")
    quotes = link(doc, _spans(doc, ("Smith", "SOURCE"), ("Jones", "SOURCE"), ("said", "CUE"),
                               ("taxes will rise next year", "CONTENT")))
    assert len(quotes) == 1
    q = quotes[0]
    assert (doc.text[slice(*q.speaker)], doc.text[slice(*q.cue)], q.kind) == ("Smith", "said", "indirect")


@trained
def test_linker_joins_an_interrupted_quote_and_marks_it_direct(nlp) -> None:
    doc = nlp(TEXT)
    quotes = link(doc, _spans(doc, ("Taxes will rise,", "CONTENT"), ("Ana Ruiz", "SOURCE"), ("said", "CUE"),
                               ("and soon.", "CONTENT"), ("the plan", "CONTENT")), first_group=5)
    assert [doc.text[slice(*q.content)] for q in quotes] == ["Taxes will rise,", "and soon.", "the plan"]
    assert quotes[0].group == quotes[1].group == 5 and quotes[2].group == 6
    assert quotes[0].kind == "direct" and quotes[2].kind == "indirect"
    assert doc.text[slice(*quotes[1].speaker)] == "Ana Ruiz"
    assert quotes[2].speaker is None and quotes[2].cue is None  # nothing of the next sentence's


@trained
def test_linker_takes_a_cue_of_the_next_sentence_only_when_its_own_has_none(nlp) -> None:
    doc = nlp("Polls show a close race. The governor disagreed.")
    quotes = link(doc, _spans(doc, ("Polls", "SOURCE"), ("show", "CUE"), ("a close race", "CONTENT"), ("disagreed", "CUE")))
    assert doc.text[slice(*quotes[0].cue)] == "show" and doc.text[slice(*quotes[0].speaker)] == "Polls"


# ----------------------------------------------------------------------------- merge


def test_merge_keeps_the_rule_quote_adds_the_model_one_and_reads_each_stretch_once() -> None:
    rules = [Quote((0, 20), "direct", cue=(22, 26), speaker=(27, 30), group=0),
             Quote((40, 50), "direct", cue=(22, 26), speaker=(27, 30), group=0)]
    model = [Quote((5, 25), "indirect", cue=(30, 34), group=0),  # overlaps the rule quote: dropped
             Quote((60, 80), "indirect", cue=(81, 85), speaker=(86, 90), group=1)]
    out = merge(rules, model)
    assert [q.content for q in out] == [(0, 20), (40, 50), (60, 80)]
    assert [q.origin for q in out] == ["rules", "rules", "model"]
    assert out[2].group not in (0,) and out[2].speaker == (86, 90)
    preferring = merge([Quote((0, 20), "indirect", group=0)], model, prefer="model")
    assert [(q.content, q.origin) for q in preferring] == [((5, 25), "model"), ((60, 80), "model")]
    assert merge(rules, model, prefer="model")[:2] == rules  # the rules' direct quotes always stand
    with pytest.raises(ValueError):
        merge(rules, model, prefer="both")


def test_model_quotes_say_so_in_the_suggestion_and_no_component_means_rules_alone() -> None:
    out = SuggestionSet("test")
    add_quotes(out, "x" * 100, [Quote((0, 20), "direct"), Quote((60, 80), "indirect", group=1, origin="model")])
    quotes = [s for s in out.spans if s.label == "QUOTE"]
    assert [dict(s.attrs).get("suggested_by") for s in quotes] == [None, "model"]
    import spacy

    doc = spacy.blank("en")("He said so.")
    rules = [Quote((0, 2), "indirect")]
    assert with_model_attributions(doc, rules, text=doc.text) is rules
    doc.spans[ATTRIBUTION_KEY] = []
    assert with_model_attributions(doc, rules, text=doc.text) == rules


# ----------------------------------------------------------------------------- training and the pipeline


def _attribution_bundles(n: int = 8) -> list[ArticleBundle]:
    out = []
    for i in range(n):
        text = f'"Taxes will rise," Ana Ruiz said, "and soon." Critics rejected the plan. Nobody knew it in {1990 + i}.'
        out.append(_bundle(text=text))
    return out


@trained
def test_a_project_of_attributions_alone_trains_the_attribution_component_alone(tmp_path: Path) -> None:
    with Project.open(tmp_path / "q.db") as proj:
        proj.import_bundles(_attribution_bundles())
        result = T.train(proj, tmp_path / "out", base=BASE, max_steps=2, eval_frequency=1)
    assert result.labels == [] and result.attribution is not None and result.attribution.steps == 2
    assert set(result.attribution.after["labels"]) == {"CONTENT", "SOURCE", "CUE", "ALL"}
    assert "speaker" in result.attribution.before["attribution"]
    marker = json.loads((tmp_path / "out" / T.MARKER).read_text())
    assert marker["components"] == ["attribution"]
    # A plain spacy.load in a fresh process (the entry points register the components): doc.ents
    # is the base entity recogniser's, the attribution spans are in doc.spans["attribution"].
    code = (
        "import spacy, sys\n"
        f"a = spacy.load({str(tmp_path / 'out')!r}); b = spacy.load({BASE!r})\n"
        "t = 'Ana Ruiz of Acme Corp said in Paris that taxes will rise.'\n"
        "da, db = a(t), b(t)\n"
        "assert 'attribution' in a.pipe_names and 'attribution' in da.spans, a.pipe_names\n"
        "assert [(x.ent_iob_, x.ent_type_) for x in da] == [(x.ent_iob_, x.ent_type_) for x in db]\n"
        "assert [e.text for e in da.ents] == [e.text for e in db.ents] and da.ents\n"
        # issue 10 item 8: the component's labels are its own only (not the base's PERSON, DATE…)
        "assert sorted(a.get_pipe('attribution').labels) == ['CONTENT', 'CUE', 'SOURCE'], a.get_pipe('attribution').labels\n"
        "assert {s.label_ for s in da.spans['attribution']} <= {'CONTENT', 'CUE', 'SOURCE'}\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "ok", done.stderr[-2000:]


@trained
def test_a_project_of_entities_alone_still_trains_the_entity_recogniser_alone(tmp_path: Path) -> None:
    text = "Yesterday Ana Ruiz met the board. Nothing else happened."
    a, b = _range("Ana Ruiz", text)
    bundles = [ArticleBundle(Article(None, text + f" Meeting {i}.", status=ArticleStatus.DONE),
                             spans=[Span(f"s{i}", 0, a, b, "PERSON", "entity")]) for i in range(6)]
    with Project.open(tmp_path / "e.db") as proj:
        proj.import_bundles(bundles)
        result = T.train(proj, tmp_path / "out", base=BASE, max_steps=1)
    assert result.labels == ["PERSON"] and result.attribution is None
    import spacy

    assert "attribution" not in spacy.load(tmp_path / "out").pipe_names


@trained
def test_benchmark_smoke_runs() -> None:
    if not (SHARED_DATA / "polnear-train").is_dir():
        pytest.skip("no PolNeAR data beside the repository")
    done = subprocess.run([sys.executable, "-m", "benchmarks.train_polnear", "--smoke"], cwd=ROOT,
                          capture_output=True, text=True, timeout=170)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "all attributions F1" in done.stdout and "rules alone" in done.stdout, done.stdout


@trained
def test_cancel_of_an_attribution_only_run_keeps_its_checkpoint_and_the_rerun_resumes(tmp_path: Path) -> None:
    """Issue 10: Ctrl+C after an attribution checkpoint deleted DIR.training (only work/model-last
    was looked for); the checkpoint is kept and the rerun resumes from it."""
    out = tmp_path / "out"
    work = T.work_folder(out)
    with Project.open(tmp_path / "q.db") as proj:
        proj.import_bundles(_attribution_bundles())
        steps: list[T.Progress] = []
        with pytest.raises(T.TrainingCancelled, match="after step 2 of 4"):
            T.train(proj, out, base=BASE, max_steps=4, eval_frequency=2, on_progress=steps.append,
                    cancelled=lambda: len(steps) >= 2)
        assert (work / "attribution" / T.MODEL_LAST / "config.cfg").exists() and T.has_checkpoint(work)
        messages: list[str] = []
        result = T.train(proj, out, base=BASE, max_steps=4, eval_frequency=2, on_message=messages.append)
    assert result.attribution is not None and result.attribution.resumed_from_step == 2
    assert result.attribution.steps == 4
    assert any("Resuming the attribution run from the checkpoint after step 2" in m for m in messages)
    assert not work.exists()


def test_has_checkpoint_sees_either_run(tmp_path: Path) -> None:
    assert not T.has_checkpoint(tmp_path)
    (tmp_path / "attribution" / T.MODEL_LAST).mkdir(parents=True)
    assert T.has_checkpoint(tmp_path)
    (tmp_path / "attribution" / T.MODEL_LAST).rmdir()
    (tmp_path / T.MODEL_LAST).mkdir()
    assert T.has_checkpoint(tmp_path)


def test_attribution_spans_keep_only_the_components_own_labels() -> None:
    """Issue 10 item 8: a pipeline trained before the fix predicts the base's labels too; they
    are never attributions (the user test saw ('Thursday', 'DATE') in doc.spans["attribution"])."""
    import spacy
    from spacy.tokens import Span as SpacySpan

    from annotator.nlp.attribution_components import AttributionSpans

    doc = spacy.blank("en")("He said it on Thursday")
    doc.ents = [SpacySpan(doc, 0, 1, "SOURCE"), SpacySpan(doc, 1, 2, "CUE"), SpacySpan(doc, 4, 5, "DATE")]
    AttributionSpans("attribution_spans")(doc)
    assert [(s.text, s.label_) for s in doc.spans[ATTRIBUTION_KEY]] == [("He", "SOURCE"), ("said", "CUE")]
