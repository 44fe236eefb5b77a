"""fix11v (issue 11, usertest11j F2, F4, F6): the undo/redo lines (``step_said``: the main window's
"Undid: …", the curation view's "Undone: …") say what the step did — never the decision's advice,
its ⚠ or, on an undo, "article curated" — for every form of description a curation step makes;
the pending suggestions are counted as the analyst's window counts them (an interrupted quote
once); ``keep_single_analyst`` says why it kept nothing. Hand-made text, no corpus."""

from __future__ import annotations

import dataclasses

import pytest

from annotator.domain import curation
from annotator.domain.attributions import pending_suggestions, suggestions_said
from annotator.domain.curation import step_said
from annotator.domain.curation_flags import MarkMove, StepWords
from annotator.domain.edits import Edit
from annotator.domain.document import ArticleState
from annotator.domain.model import FRAGMENT, Article, ArticleBundle, ArticleStatus, Relation, Span, Status

TEXT = '"The plan," she said, "is fully funded." Reuters reported it on Monday.'
PIECES = "2 pending machine suggestions no analyst accepted rejected in gold (3 spans: an interrupted quote's pieces are one suggestion)"


def _span(sid: str, word: str, label: str, status: Status = Status.SUGGESTED, layer: str = "entity", analyst: str = "") -> Span:
    start = TEXT.index(word)
    return Span(id=sid, article_id=1, start=start, end=start + len(word), label=label, layer=layer, status=status,
                analyst=analyst)


def _machine(prefix: str, analyst: str = "") -> tuple[list[Span], list[Relation]]:
    """The pre-annotation each file starts with: an interrupted QUOTE of two pieces (FRAGMENT) and
    an ORG, all pending — 3 spans, 2 suggestions."""
    spans = [_span(f"{prefix}q1", '"The plan,"', "QUOTE", layer="quote", analyst=analyst),
             _span(f"{prefix}q2", '"is fully funded."', "QUOTE", layer="quote", analyst=analyst),
             _span(f"{prefix}org", "Reuters", "ORG", analyst=analyst)]
    return spans, [Relation(id=f"{prefix}frag", article_id=1, head=f"{prefix}q1", child=f"{prefix}q2", label=FRAGMENT,
                            analyst=analyst)]


def _article() -> Article:
    return Article(id=1, text=TEXT, status=ArticleStatus.NEW)


def _empty_team() -> curation.CurationInput:
    """t5/repro5.sh: both analysts marked the article done without deciding a suggestion."""
    layers = {who: ArticleBundle(_article(), *_machine(who[0], who)) for who in ("ana", "ben")}
    return curation.CurationInput(gold=ArticleBundle(_article(), *_machine("g")), layers=layers,
                                  statuses={"ana": "done", "ben": "done"})


def test_pending_suggestions_count_an_interrupted_quote_once_as_the_window_does() -> None:
    spans, relations = _machine("a")
    assert pending_suggestions(spans, relations) == (2, 3)
    assert ArticleState(_article(), spans, relations).pending_count() == 2  # the window's count ("Marked done with …")
    assert suggestions_said((2, 3)) == "2 suggestions (3 spans: an interrupted quote's pieces are one suggestion)"
    assert suggestions_said((3, 3)) == "3 suggestions"
    # one piece decided, the other pending: the quote is still pending (attribution_status), once
    half = [dataclasses.replace(spans[0], status=Status.ACCEPTED), *spans[1:]]
    assert pending_suggestions(half, relations) == (2, 2)
    assert pending_suggestions([s for s in spans if s.label != "QUOTE"], relations) == (1, 1)


def test_ctrl_return_on_an_article_left_empty_counts_and_its_undo_redo_lines() -> None:
    edit = curation.accept_all_agreed(_empty_team(), by="lead", at="2026-12-01T10:00:00+00:00")
    # F4: counted as ana's window said it ("Marked done with 2 suggestions (3 spans: …) still pending")
    assert edit.description == ("Curate: nothing left to decide (every analyst left it empty): article curated; " + PIECES
                                + " — ⚠ ana left 2 suggestions pending, ben left 2 suggestions pending (decided none of them)")
    # F2: the undo names what it did, not the decision's "article curated" nor its ⚠
    # fix11ai: said from the edit's typed words (its StepWords), not its description
    assert edit.step == StepWords("nothing left to decide (every analyst left it empty): article curated", MarkMove.CURATED,
                                  (2, 3), marked_only=True, tail="; " + PIECES)
    assert step_said(edit, redo=False) == ("curated mark taken back; 2 machine suggestions back to pending "
                                           "(3 spans: an interrupted quote's pieces are one suggestion)")
    assert step_said(edit, redo=True) == ("nothing left to decide (every analyst left it empty): article curated; "
                                          + PIECES)
    plain = _decided(StepWords("nothing left to decide (every unit is decided): article curated", MarkMove.CURATED,
                               marked_only=True))
    assert step_said(plain, redo=False) == "curated mark taken back"
    assert step_said(plain, redo=True) == "nothing left to decide (every unit is decided): article curated"


def _decided(step: StepWords) -> curation.Decided:
    return curation.Decided("Curate: " + step.did, (), step=step)


CURATED, WITHDRAWN = MarkMove.CURATED, MarkMove.WITHDRAWN


@pytest.mark.parametrize(("step", "undo", "redo"), [
    # fix11ai: every form of what a step did (typed: StepWords), its undo and its redo line — the
    # advice a decision gives is never in its StepWords (test_step_said_fix11ai makes each decision)
    (StepWords("accept the 1 agreed unit"), "accept the 1 agreed unit", "accept the 1 agreed unit"),
    (StepWords("accept all 3 agreed units", CURATED), "accept all 3 agreed units (curated mark taken back)",
     "accept all 3 agreed units (article curated)"),
    # its notes are what it did: kept, the mark and the suggestions it rejected said after them
    (StepWords("keep ben's QUOTE «fully funded»; its SPEAKER link to «she» rejected in gold (ben's version has none)",
               CURATED, (2, 2)),
     "keep ben's QUOTE «fully funded»; its SPEAKER link to «she» rejected in gold (ben's version has none) "
     "(curated mark taken back; 2 machine suggestions back to pending)",
     "keep ben's QUOTE «fully funded»; its SPEAKER link to «she» rejected in gold (ben's version has none) "
     "(article curated); 2 pending machine suggestions no analyst accepted rejected in gold"),
    (StepWords("reject CUE «said»", WITHDRAWN), "reject CUE «said» (curated mark back)", "reject CUE «said» (curated mark withdrawn)"),
    (StepWords("keep ana's ORG «Reuters»", tail=" (not marked curated: ben has not reviewed it (status new in their file))"),
     "keep ana's ORG «Reuters»", "keep ana's ORG «Reuters»"),
    (StepWords("keep ana's version of all 2 units only ana was given", CURATED),
     "keep ana's version of all 2 units only ana was given (curated mark taken back)",
     "keep ana's version of all 2 units only ana was given (article curated)"),
    # «words» holding a ";" or brackets are the span's words: nothing is split any more
    (StepWords("keep the decision on QUOTE «plan; (funded» as it is (kept), though ben's version changed"),
     "keep the decision on QUOTE «plan; (funded» as it is (kept), though ben's version changed",
     "keep the decision on QUOTE «plan; (funded» as it is (kept), though ben's version changed"),
    (StepWords("nothing left to decide (every analyst left it empty): article curated", CURATED, (1, 1), marked_only=True),
     "curated mark taken back; 1 machine suggestion back to pending",
     "nothing left to decide (every analyst left it empty): article curated; 1 pending machine suggestion no analyst "
     "accepted rejected in gold"),
])
def test_every_form_of_a_curation_step_undone_and_redone(step: StepWords, undo: str, redo: str) -> None:
    edit = _decided(step)
    assert step_said(edit, redo=False) == undo
    assert step_said(edit, redo=True) == redo
    assert "article curated" not in step_said(edit, redo=False)


def test_an_edit_without_typed_words_is_said_as_it_is() -> None:
    """No curation decision (a plain edit), or a plain string: as it is — no words are parsed."""
    assert step_said(Edit("Accept PERSON", ()), redo=False) == "Accept PERSON"
    assert step_said("Curate: keep ana's ORG «Reuters» (article curated)", redo=False) == \
        "Curate: keep ana's ORG «Reuters» (article curated)"


def test_keep_single_analyst_says_the_mark_and_the_rejected_suggestions() -> None:
    """Its combined line dropped "(article curated)" whenever the mark rejected a suggestion."""
    ana = ArticleBundle(_article(), spans=[_span("a-org", "Reuters", "ORG", Status.ACCEPTED, analyst="ana")])
    gold = ArticleBundle(_article(), spans=[_span("g-day", "Monday", "DATE")])  # a machine suggestion ana did not take
    data = curation.CurationInput(gold=gold, layers={"ana": ana}, statuses={"ana": "done"})
    edit = curation.keep_single_analyst(data, by="lead", at="2026-12-01T10:00:00+00:00")
    assert edit.description == ("Curate: keep ana's version of the 1 unit only ana was given (article curated); "
                                "1 pending machine suggestion no analyst accepted rejected in gold")
    assert step_said(edit, redo=False) == ("keep ana's version of the 1 unit only ana was given "
                                                       "(curated mark taken back; 1 machine suggestion back to pending)")


def test_keep_single_analyst_says_why_it_kept_nothing() -> None:
    """F6: its own "Not kept: …" line, as --accept-agreed's "Not accepted: …"."""
    team = _empty_team()
    # fix11ag P8: the window's words name keys only, curate's flags only (they were mixed)
    edit = curation.keep_single_analyst(team)
    assert edit.description == (
        "Not kept: the article was given to ana, ben, not to one analyst: decide it by what they agree on "
        "(Ctrl+Return) and each disagreement (Tab, then 1…9 or X)")
    assert curation.cli_words(edit) == (
        "Not kept: the article was given to ana, ben, not to one analyst: decide it by what they agree on "
        f"(--accept-agreed) and each disagreement (--keep ANALYST --article {team.article.id})")
    ana = ArticleBundle(_article(), spans=[_span("a-org", "Reuters", "ORG", Status.ACCEPTED, analyst="ana")])
    gold = ArticleBundle(_article(), spans=[dataclasses.replace(_span("g-org", "Reuters", "ORG", Status.ACCEPTED),
                                                                attrs={"curation": {"kept": "ana", "by": "lead", "at": "x",
                                                                                    "from": ["a-org"]}})])
    decided = curation.CurationInput(gold=gold, layers={"ana": ana}, statuses={"ana": "done"})
    assert curation.keep_single_analyst(decided).description == "Not kept: no unit only ana was given is left undecided"
    waiting = curation.CurationInput(gold=ArticleBundle(_article()), layers={"ana": ana}, statuses={"ana": "new"})
    assert curation.keep_single_analyst(waiting).description == (
        "Not kept: ana has not reviewed it (status new in their file): their layer is what they were given, not their "
        "answer — have them review it and merge their file again")
