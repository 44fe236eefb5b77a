"""attribution_merge.without_titles (and, below, the "outer report" rule): a model content that is only a title in quotation marks
(a book, a show, a heading) is nobody's words and is dropped before the merge; a quoted title
the model tied to a verb of speech ("he declared, "Vote Now"") or to "titled" stays."""

from __future__ import annotations

from annotator.nlp.attribution_merge import merge, title_words, without_titles
from annotator.nlp.quotes_types import Quote


def _at(text: str, part: str) -> tuple[int, int]:
    a = text.index(part)
    return a, a + len(part)


def _model(text: str, part: str, *, cue: str | None = None) -> Quote:
    return Quote(_at(text, part), "direct", cue=_at(text, cue) if cue else None, group=0)


def test_title_words() -> None:
    assert title_words("The Long Road Home:".split())
    assert title_words(["Related:"])
    assert title_words(["Unifier?"])
    assert title_words("A Tale of Two Cities".split())
    assert not title_words("we will win the vote".split())
    assert not title_words("We Will Win.".split())  # a full stop ends a sentence, not a name
    assert not title_words("Nine Words Are Far Too Many For Any Title Here".split())
    assert not title_words([])


def test_a_cueless_quoted_heading_is_dropped() -> None:
    text = 'The plan failed in March.\n\n"Related:"\n\nThe council met again on Monday.'
    assert without_titles([_model(text, '"Related:"')], text) == []
    assert merge([], [_model(text, "Related:")], text=text) == []  # the inner words alone too


def test_a_cueless_book_title_is_dropped_but_a_cueless_sentence_stays() -> None:
    text = "His reading list has ''A Quiet Kind of War,'' by Ann Roe. ''We will win the vote,'' a sign read."
    book = _model(text, "''A Quiet Kind of War,''")
    sentence = _model(text, "''We will win the vote,''")
    assert without_titles([book, sentence], text) == [sentence]


def test_a_title_after_according_to_is_dropped_even_with_a_cue() -> None:
    text = "The family sold the hotel in 1979, according to ''The Long Road Home,'' by Jane Roe."
    quote = _model(text, "''The Long Road Home,''", cue="according to")
    assert without_titles([quote], text) == []


def test_a_title_case_quote_with_a_verb_of_speech_stays_and_a_named_memo_goes() -> None:
    # rules10l widened named_title to a title after a verb of a work ('a memo titled "…"'): the
    # memo's name is a name, never a quote, whichever side reads it; a cry with its verb stays
    text = 'Protesters chanted outside. "Vote Now," he declared. A memo titled "The Plain Truth" followed.'
    shouted = _model(text, '"Vote Now,"', cue="declared")
    memo = _model(text, '"The Plain Truth"', cue="titled")
    assert without_titles([shouted, memo], text) == [shouted]
    out = merge([], [shouted, memo], text=text)
    assert [text[slice(*q.content)] for q in out] == ['"Vote Now,"']


# --------------------------------------------------------------- outer report (same module)

REPORT = "Lee responded on Friday to reports that Moss planned to endorse his rival in the race."


def _r(part: str) -> tuple[int, int]:
    return _at(REPORT, part)


def test_a_model_report_holding_a_whole_rule_reading_is_added_and_the_rule_one_nested() -> None:
    inner = Quote(_r("to endorse his rival"), "indirect", cue=_r("planned"), speaker=_r("Moss"), group=0)
    outer = Quote(_r("that Moss planned to endorse his rival"), "indirect", cue=_r("reports"), speaker=_r("Lee"), group=0)
    out = merge([inner], [outer], text=REPORT)
    assert [(REPORT[slice(*q.content)], q.origin, q.nested) for q in out] == [
        ("that Moss planned to endorse his rival", "model", False),
        ("to endorse his rival", "rules", True),
    ]


def test_no_outer_report_without_a_cue_outside_or_with_the_frame_after_the_content() -> None:
    inner = Quote(_r("to endorse his rival"), "indirect", cue=_r("planned"), speaker=_r("Moss"), group=0)
    cueless = Quote(_r("that Moss planned to endorse his rival"), "indirect", group=0)
    assert merge([inner], [cueless], text=REPORT) == [inner]
    text = "The plan will fail, the minister said on Monday, and the vote was put off."
    rule = Quote(_at(text, "The plan will fail"), "indirect", cue=_at(text, "said"), speaker=_at(text, "the minister"), group=0)
    run_on = Quote(_at(text, "The plan will fail, the minister said on Monday"), "indirect", cue=_at(text, "put off"), group=0)
    assert merge([rule], [run_on], text=text) == [rule]


def test_no_outer_report_over_a_direct_rule_quote_or_one_it_holds_only_in_part() -> None:
    text = 'Lee cited reports that Moss said "we will endorse him" at the rally on Friday.'
    direct = Quote(_at(text, "we will endorse him"), "direct", cue=_at(text, "said"), speaker=_at(text, "Moss"), group=0)
    outer = Quote(_at(text, 'that Moss said "we will endorse him"'), "indirect", cue=_at(text, "reports"), group=0)
    assert merge([direct], [outer], text=text) == [direct]
    inner = Quote(_r("to endorse his rival in the race"), "indirect", cue=_r("planned"), speaker=_r("Moss"), group=0)
    part = Quote(_r("that Moss planned to endorse his rival"), "indirect", cue=_r("reports"), group=0)
    assert [q.nested for q in merge([inner], [part], text=REPORT)] == [False]
