"""One worker parses, this process runs the rules (issue 12, pre12): a Doc shipped as its token
table and rebuilt here is the same Doc for the rules; only rules marked ``doc_only`` move; a
cancelled run still keeps whole chunks and leaves no process."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Mapping
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from annotator.domain.model import Article
from annotator.domain.schema import default_schema
from annotator.domain.suggestions import SuggestedSpan, SuggestionSet
from annotator.nlp import runner
from annotator.nlp.pipeline import RULE_ONLY, LoadedPipeline, load_pipeline
from annotator.nlp.quotes import suggest
from annotator.storage.project import Project

FORK = "fork" in multiprocessing.get_all_start_methods()
TEXTS = [
    '"We will not be silent," Alice Smith said on Thursday in Paris. "Never," she added.',
    "The company said on Monday that profits fell 12 percent, and analysts expected more cuts.",
    'According to Bob, prices rose because of the drought. "It is bad," he told Reuters.\n\nCritics disagreed.',
    "Zxqvelt’s unheard-of wordforms: glorbified, snarfling. Mr. Qwomp claimed that 4,000 jobs vanished.",
    "",
]


@pytest.fixture(autouse=True)
def _forking(monkeypatch: pytest.MonkeyPatch) -> None:
    # pytest-timeout's watchdog thread makes can_fork() say no; the CLI has no such thread
    monkeypatch.setattr(runner, "can_fork", lambda: FORK)


@pytest.fixture(scope="module")
def small_model() -> LoadedPipeline:
    pipeline = load_pipeline(None)
    if pipeline.rule_only:
        pytest.skip("no trained spaCy pipeline installed")
    return pipeline


def token_table(doc: Doc) -> list[tuple[object, ...]]:
    return [(t.text, t.whitespace_, t.tag_, t.pos_, t.lemma_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_, t.is_sent_start,
             str(t.morph), t.norm_, t.like_num, t.is_alpha) for t in doc]


def test_a_shipped_doc_rebuilds_as_the_same_doc_on_a_vocab_that_has_none_of_its_strings(small_model: LoadedPipeline) -> None:
    vocab = spacy.blank("en").vocab  # no tag, dependency, entity or lemma string of the model's docs
    shipped: set[int] = set()
    ner_map = dict(default_schema().ner_map)
    for text in TEXTS:
        doc = small_model.nlp(text)
        sent: set[int] = set()
        packet = runner.ship_doc(doc, shipped, sent)
        shipped |= sent
        copy = runner.rebuild_doc(vocab, text, packet)
        assert copy.text == text
        assert token_table(copy) == token_table(doc)
        assert [(e.start_char, e.end_char, e.label_) for e in copy.ents] == [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        assert [(s.start, s.end) for s in copy.sents] == [(s.start, s.end) for s in doc.sents] or not len(doc)
        assert suggest(copy, schema_ner_map=ner_map, origin="o") == suggest(doc, schema_ner_map=ner_map, origin="o")
    # each string goes once: the same text again sends none
    assert runner.ship_doc(small_model.nlp(TEXTS[0]), shipped, set())[2] == []


def test_a_doc_with_span_groups_travels_whole() -> None:
    nlp = spacy.blank("en")
    doc = nlp("Alice said it works.")
    doc.spans["attribution"] = [doc[0:1], doc[2:4]]
    packet = runner.ship_doc(doc, set(), set())
    assert packet[2] is None
    copy = runner.rebuild_doc(spacy.blank("en").vocab, doc.text, packet)
    assert [(s.start, s.end) for s in copy.spans["attribution"]] == [(0, 1), (2, 4)]


def test_only_rules_marked_doc_only_are_run_on_copies() -> None:
    assert runner.doc_only(suggest) and runner.doc_only(runner.default_rules())

    def rules(doc: Doc, *, schema_ner_map: Mapping[str, str], origin: str) -> SuggestionSet:
        return SuggestionSet(origin)

    assert not runner.doc_only(rules)
    rules.doc_only = "yes"  # type: ignore[attr-defined]  # only True itself counts
    assert not runner.doc_only(rules)


# ----------------------------------------------------------------------------- where each part runs


@Language.component("pre12_lemma_is_pid")
def _lemma_is_pid(doc: Doc) -> Doc:
    for token in doc:
        token.lemma_ = f"parsed-in-{os.getpid()}"  # a string this process's vocab never saw
    return doc


def pid_pipeline() -> LoadedPipeline:
    nlp = spacy.blank("en")
    nlp.add_pipe("pre12_lemma_is_pid")
    return LoadedPipeline(nlp, "pid", "1", rule_only=True)


def where_rules(doc: Doc, *, schema_ner_map: Mapping[str, str], origin: str) -> SuggestionSet:
    out = SuggestionSet(origin)
    out.add_span(SuggestedSpan("p", 0, 1, "PERSON", "entity", {"parsed": doc[0].lemma_, "rules": str(os.getpid())}))
    return out


def where_rules_doc_only(doc: Doc, *, schema_ner_map: Mapping[str, str], origin: str) -> SuggestionSet:
    return where_rules(doc, schema_ner_map=schema_ner_map, origin=origin)


where_rules_doc_only.doc_only = True  # type: ignore[attr-defined]


def filled(path: Path, texts: list[str]) -> Project:
    proj = Project.open(path)
    for text in texts:
        proj.add_article(Article(None, text))
    return proj


@pytest.mark.skipif(not FORK, reason="the overlapped run forks its worker")
@pytest.mark.parametrize("rules,processes,rules_here", [
    (where_rules_doc_only, 1, True),  # one worker: it parses, this process runs the rules
    (where_rules, 1, False),  # rules not marked doc_only stay with the parse
    (where_rules_doc_only, 2, False),  # several workers: this process has no core to spare
])
def test_one_worker_parses_and_this_process_runs_doc_only_rules(tmp_path: Path, rules, processes: int, rules_here: bool) -> None:
    articles = [f"Article number {n} says things." for n in range(40)]
    with filled(tmp_path / "p.db", articles) as proj:
        result = preannotate_pid(proj, rules, processes)
        attrs = [s.attrs for i in proj.article_ids() for s in proj.spans(i)]
    assert result.done == 40 and len(attrs) == 40
    parsed = {a["parsed"] for a in attrs}
    here = f"parsed-in-{os.getpid()}"
    assert here not in parsed and len(parsed) == processes  # parsed in the worker(s), its strings shipped
    assert ({a["rules"] for a in attrs} == {str(os.getpid())}) is rules_here
    if not rules_here:  # with the parse: in the process whose pid is in the lemma
        assert all(a["parsed"] == f"parsed-in-{a['rules']}" for a in attrs)


def preannotate_pid(proj: Project, rules, processes: int) -> runner.RunResult:
    return runner.preannotate(proj, pipeline=pid_pipeline(), rules=rules, processes=processes, batch_size=8)


def slow_doc_only(doc: Doc, *, schema_ner_map: Mapping[str, str], origin: str) -> SuggestionSet:
    import time

    time.sleep(0.02)
    return where_rules(doc, schema_ner_map=schema_ner_map, origin=origin)


slow_doc_only.doc_only = True  # type: ignore[attr-defined]


@pytest.mark.skipif(not FORK or not Path("/proc/self/task").exists(), reason="forks; reads child processes from /proc")
def test_a_cancelled_run_with_the_rules_here_keeps_whole_chunks_and_leaves_no_process(tmp_path: Path) -> None:
    from tests.nlp.cancel_stress import child_pids

    before = set(child_pids())
    with filled(tmp_path / "c.db", [f"Article {n}." for n in range(60)]) as proj:
        seen: list[int] = []
        result = runner.preannotate(proj, pipeline=load_pipeline(RULE_ONLY), rules=slow_doc_only, batch_size=8,
                                    on_progress=lambda done, total: seen.append(done), should_cancel=lambda: len(seen) >= 1)
        saved = sum(proj.preannotated(i) for i in proj.article_ids())
        rules_pids = {s.attrs["rules"] for i in proj.article_ids() for s in proj.spans(i)}
    assert rules_pids == {str(os.getpid())}
    assert result.cancelled and result.done == saved == len(seen) == 8  # the first chunk, whole
    assert set(child_pids()) <= before  # the worker killed and reaped


@pytest.mark.skipif(not FORK, reason="the overlapped run forks its worker")
def test_the_rules_run_here_are_stored_packed_as_the_workers_are(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # perf19: a chunk's untouched articles go to the store as one add_new_suggestions, never one
    # add_suggestions each (the parent's CPU per article); an article touched meanwhile still can
    calls: list[int] = []
    original = Project.add_suggestions

    def counted(self: Project, article_id: int, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(article_id)
        return original(self, article_id, *args, **kwargs)

    monkeypatch.setattr(Project, "add_suggestions", counted)
    articles = [f"Article number {n} says things." for n in range(40)]
    with filled(tmp_path / "p.db", articles) as proj:
        result = preannotate_pid(proj, where_rules_doc_only, 1)
        attrs = [s.attrs for i in proj.article_ids() for s in proj.spans(i)]
    assert result.done == 40 and len(attrs) == 40
    assert {a["rules"] for a in attrs} == {str(os.getpid())}  # the rules ran here
    assert calls == []
