"""Issue 10 "one quote, one reading", usertest16 M4 (readings17): every stretch of words gets one
reading on screen (:mod:`annotator.nlp.quotes_overlap`). Two overlapping QUOTE suggestions are
one quote (a rule and a model reading of the same words), a nested attribution marked
``within`` (stored as ``nested_in``, shown on the window's row), or, when they crossed, no longer
cross. Made-up sentences of the user's shapes; the user's parses written out where the pipeline
here parses the made-up words otherwise."""

from __future__ import annotations

import pytest

from annotator.domain.machine_attrs import MACHINE_ATTRIBUTES, nested_in, readable
from annotator.domain.suggestions import SuggestionSet
from annotator.nlp.quotes import add_quotes, suggest_quotes
from annotator.nlp.quotes_overlap import one_stretch
from annotator.nlp.quotes_types import Quote
from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture


def at(text: str, words: str, after: int = 0) -> tuple[int, int]:
    start = text.index(words, after)
    return start, start + len(words)


def said(text: str, rng) -> str | None:
    return text[rng[0] : rng[1]] if rng else None


def crossing(quotes: list[Quote]) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Pairs of attributions (extents) sharing words with neither inside the other."""
    ext: dict[int, tuple[int, int]] = {}
    for q in quotes:
        lo, hi = ext.get(q.group, q.content)
        ext[q.group] = (min(lo, q.content[0]), max(hi, q.content[1]))
    es = sorted(ext.values())
    return [(a, b) for i, a in enumerate(es) for b in es[i + 1 :]
            if b[0] < a[1] and not (a[0] <= b[0] and b[1] <= a[1]) and not (b[0] <= a[0] and a[1] <= b[1])]


# ---- (a) the same words read by the rules and the model: one quote ---------------------------

HEADLINE = "Harris Says New City Library Will Open Its Doors in May\n\nThe mayor said the building was ready."


def test_a_headline_read_by_model_and_rules_is_one_reading_with_the_rules_cue() -> None:
    # usertest16 M4, the title with the trained pipeline: the model read the headline from its
    # second word with a cue from the next paragraph, the rules the clause after "Says"
    t = HEADLINE
    model = Quote(at(t, "Harris Says New City Library Will Open Its Doors in May"), "indirect", at(t, "said"),
                  at(t, "The mayor"), group=5, origin="model")
    rules = Quote(at(t, "New City Library Will Open Its Doors in May"), "indirect", at(t, "Says"), at(t, "Harris"), group=0)
    out = one_stretch([model, rules], t)
    assert [(said(t, q.content), said(t, q.cue), q.origin) for q in out] == [
        ("New City Library Will Open Its Doors in May", "Says", "rules")]


def test_two_rule_readings_one_reading_settled_keeps_both_when_nested() -> None:
    # two rule readings sharing words were settled by quotes_readings.one_reading (a report in an
    # "according to" reading stays): here only marked, never dropped
    t = "According to the paper, Bloomberg reports that the plan failed in May."
    outer = Quote(at(t, "Bloomberg reports that the plan failed in May"), "indirect", at(t, "According to"),
                  at(t, "the paper"), group=0)
    inner = Quote(at(t, "the plan failed in May"), "indirect", at(t, "reports"), at(t, "Bloomberg"), group=1, nested=True)
    out = one_stretch([outer, inner], t)
    assert [(said(t, q.content), q.within) for q in out] == [
        ("Bloomberg reports that the plan failed in May", None), ("the plan failed in May", outer.content)]


# ---- (b) a report inside a report: both kept, the inner one marked --------------------------

def test_a_report_inside_a_report_is_marked_nested_in_the_outer(trained) -> None:  # noqa: F811
    t = "Miller calls on Brown to apologize for suggesting Smith takes bribes"
    quotes = suggest_quotes(trained(t), text=t)
    rows = [(said(t, q.content), said(t, q.cue), said(t, q.speaker), said(t, q.within)) for q in quotes]
    assert rows == [("to apologize for suggesting Smith takes bribes", "calls", "Miller", None),
                    ("Smith takes bribes", "suggesting", "Brown", "to apologize for suggesting Smith takes bribes")]


def test_a_described_person_reading_holds_no_second_reading_of_its_words(trained) -> None:  # noqa: F811
    # usertest16 M4's second shape: 'X as a "disgrace" after she blamed A on "B" against C'
    t = "Governor Chris Hale described Democratic nominee Jane Moss as a \u201cdisgrace\u201d after she blamed street crime on \u201cweak laws\u201d against gangs."
    quotes = suggest_quotes(trained(t), text=t)
    assert crossing(quotes) == []
    assert all(q.within is not None for q in quotes[1:])  # any second reading of these words is nested


def test_the_stored_quote_says_what_it_is_nested_in() -> None:
    t = "Miller calls on Brown to apologize for suggesting Smith takes bribes"
    outer = Quote(at(t, "to apologize for suggesting Smith takes bribes"), "indirect", at(t, "calls"), at(t, "Miller"), group=0)
    inner = Quote(at(t, "Smith takes bribes"), "indirect", at(t, "suggesting"), at(t, "Brown"), group=1, nested=True,
                  within=outer.content)
    out = SuggestionSet("rules")
    add_quotes(out, t, [outer, inner])
    quotes = {s.start: s for s in out.spans if s.label == "QUOTE"}
    assert "nested_in" not in quotes[outer.content[0]].attrs
    assert quotes[inner.content[0]].attrs["nested_in"] == f"{outer.content[0]}-{outer.content[1]}"
    assert "nested_in" in MACHINE_ATTRIBUTES  # the program's record: no editor in the details form
    attrs = quotes[inner.content[0]].attrs
    assert nested_in(attrs, t, 20) == "«to apologize for su…»"
    assert ("Nested in", "«to apologize for suggesting Smith takes bribes»") in readable(attrs, t)
    assert nested_in({"nested_in": "5-900"}, t) == "5-900"  # offsets past the text: shown as they are
    assert nested_in({}, t) == ""


# ---- (c) crossing readings -------------------------------------------------------------------

WARREN = ("Smith\u2019s repeated claim that only 2 percent of the firm\u2019s staff had taken part in what several "
          "senators called \u201ctheft\u201d led Sens. Jane Roe and Tom Poe to call for new rules.")


def test_a_naming_that_runs_into_the_main_clause_ends_at_its_closing_mark() -> None:
    # the user's parse written out: both the claim's content and the naming's ran on into
    # "led Sens" (the main clause's verb hung inside the reported clause)
    t = WARREN
    end = at(t, "led Sens")[1]
    outer = Quote((at(t, "claim that")[0], end), "mixed", at(t, "repeated"), at(t, "Smith\u2019s"), group=0)
    inner = Quote((at(t, "\u201ctheft")[0], end), "mixed", at(t, "called"), at(t, "several senators"), group=1)
    out = one_stretch([outer, inner], t)
    assert [said(t, q.content)[-17:] for q in out] == ["rs called \u201ctheft\u201d", "\u201ctheft\u201d"]
    assert out[1].within == out[0].content


def test_a_closing_mark_past_the_outer_reading_leaves_both_as_read_and_nested() -> None:
    # 'said A, and called him "B."': the direct reading's closing mark one past the outer's end;
    # cutting either lost a gold match on the held-out slice (the scorer pairs by overlap)
    t = 'Reed said the plan would cut money for schools, and called him "the leading voice for cuts."'
    outer = Quote((at(t, "the plan")[0], at(t, "cuts.")[1]), "mixed", at(t, "said"), at(t, "Reed"), group=0)
    inner = Quote((at(t, "him")[0], len(t)), "direct", at(t, "called"), at(t, "Reed"), group=1)
    out = one_stretch([outer, inner], t)
    assert [q.content for q in out] == [outer.content, inner.content]
    assert out[1].within == outer.content


def test_a_quote_read_as_part_of_another_attribution_leaves_that_one() -> None:
    # 'He called China "A," accusing it of "B"': the accusing reading took "A" as its first part
    t = "He called China ''brash and greedy,'' accusing it of ''building a wall of sand'' in the sea."
    called = Quote(at(t, "China ''brash and greedy,''"), "direct", at(t, "called"), at(t, "He"), group=0)
    part1 = Quote(at(t, "brash and greedy"), "direct", at(t, "accusing"), at(t, "He"), group=1)
    part2 = Quote(at(t, "it of ''building a wall of sand'' in the sea"), "mixed", at(t, "accusing"), at(t, "He"), group=1)
    out = one_stretch([called, part1, part2], t)
    assert [(said(t, q.content), q.group) for q in out] == [
        ("China ''brash and greedy,''", 0), ("it of ''building a wall of sand'' in the sea", 1)]


def test_a_reading_whose_cue_is_in_the_other_content_is_reported_by_it() -> None:
    # 'she said she recalls A being "upset," and B ...': the recalls reading runs past the said
    # reading, which holds its cue: the said reading runs on to its end, the other nested in it
    t = 'She said she recalls the manager being "upset," and the owner being calm all day.'
    outer = Quote(at(t, 'she recalls the manager being "upset,"'), "mixed", at(t, "said"), at(t, "She"), group=0)
    inner = Quote(at(t, "the manager being \"upset,\" and the owner being calm all day"), "mixed", at(t, "recalls"),
                  at(t, "she", 5), group=1)
    out = one_stretch([outer, inner], t)
    assert [said(t, q.content) for q in out] == [
        'she recalls the manager being "upset," and the owner being calm all day',
        'the manager being "upset," and the owner being calm all day']
    assert out[1].within == out[0].content and crossing(out) == []


def test_crossing_readings_without_a_cue_inside_end_where_the_later_starts() -> None:
    # 'he said A: "B"' read as A-and-part-of-B (said) and as B (wrote): the earlier one ends
    t = 'He said he was far too busy to check: "I have a lot going on. Good luck," he wrote.'
    first = Quote((at(t, "he was")[0], at(t, "a lot going on")[1]), "mixed", at(t, "said"), at(t, "He"), group=0)
    second = Quote(at(t, "I have a lot going on. Good luck,"), "direct", at(t, "wrote"), at(t, "he", 60), group=1)
    out = one_stretch([first, second], t)
    assert [said(t, q.content) for q in out] == ["he was far too busy to check", "I have a lot going on. Good luck,"]
    assert crossing(out) == []


@pytest.mark.parametrize("text", [
    WARREN,
    'Ryan said he was \u201cvery pleased\u201d and Trump calling it a \u201cfine meeting.\u201d',
    'She said she recalls the manager being "upset," and the owner being calm - at one point even telling the staff: '
    '"You have to listen to her."',
])
def test_no_two_rule_readings_cross(trained, text) -> None:  # noqa: F811
    quotes = suggest_quotes(trained(text), text=text)
    assert len({q.group for q in quotes}) >= 2
    bad = [(a, b) for a, b in crossing(quotes) if not (b[0] < a[1] and b[1] - a[1] <= 2 and not any(c.isalnum() for c in text[a[1] : b[1]]))]
    assert bad == []
    assert sum(q.within is not None for q in quotes) >= 1  # the inner reading is marked


def test_the_rules_and_model_merge_ends_with_one_reading_per_stretch(monkeypatch) -> None:
    # the merge keeps no model reading over a rule one, but a relinked or lexicon one may come
    # in beside it: whatever the merge returns goes through one_stretch
    import spacy

    from annotator.nlp import attribution_merge
    from annotator.nlp.attribution_components import ATTRIBUTION_KEY
    from annotator.nlp.quotes import with_model_attributions

    t = HEADLINE
    model = Quote(at(t, "Harris Says New City Library Will Open Its Doors in May"), "indirect", at(t, "said"),
                  at(t, "The mayor"), group=5, origin="model")
    rules = Quote(at(t, "New City Library Will Open Its Doors in May"), "indirect", at(t, "Says"), at(t, "Harris"), group=0)
    monkeypatch.setattr(attribution_merge, "model_attributions", lambda doc, text, first_group: [model])
    monkeypatch.setattr(attribution_merge, "merge", lambda quotes, more, text, doc: [*more, *quotes])
    doc = spacy.blank("en")(t)
    doc.spans[ATTRIBUTION_KEY] = []
    out = with_model_attributions(doc, [rules], text=t)
    assert [(said(t, q.content), said(t, q.cue), q.origin) for q in out] == [
        ("New City Library Will Open Its Doors in May", "Says", "rules")]
