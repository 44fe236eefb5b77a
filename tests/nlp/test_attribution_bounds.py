"""attribution_bounds: the model does not undo what the rules decided on structure -- where a
content ends (closing quotation mark, occasion phrase, paired brackets), which quoted words are
a name, which line is a headline -- and its own contents are trimmed as the rules trim theirs.
Each case: rules + a constructed model output -> the merged result. Invented sentences only."""

from __future__ import annotations

import pytest

from annotator.nlp.attribution_bounds import balanced, headline_label, may_extend_end, opens_with_title, trimmed
from annotator.nlp.attribution_merge import merge
from annotator.nlp.pipeline import default_pipeline_name
from annotator.nlp.quotes_types import Quote

pytestmark = pytest.mark.timeout(120)

BASE = default_pipeline_name()


@pytest.fixture(autouse=True)
def _bounds_alone(monkeypatch):
    # most cases here build a model content with neither cue nor speaker to test its bounds alone;
    # merge49's guard (attribution_sanity.unsure_addition) would not add such a content at all
    from annotator.nlp import attribution_sanity

    monkeypatch.setattr(attribution_sanity, "GUARD_CUELESS", False)


@pytest.fixture(scope="module")
def nlp():
    if BASE is None:
        pytest.skip("no trained spaCy pipeline installed")
    import spacy

    return spacy.load(BASE)


def _at(text: str, part: str) -> tuple[int, int]:
    a = text.index(part)
    return a, a + len(part)


def _merged(nlp, text: str, rules: list[Quote], model: list[Quote]) -> list[tuple[str, str]]:
    doc = nlp(text)
    return [(text[slice(*q.content)], q.origin) for q in merge(rules, model, text=text, doc=doc)]


def _rule(text: str, content: str, cue: str, speaker: str, kind: str = "indirect") -> Quote:
    return Quote(_at(text, content), kind, cue=_at(text, cue), speaker=_at(text, speaker), group=0)


def _model(text: str, content: str, cue: str | None = None, speaker: str | None = None, kind: str = "indirect") -> Quote:
    return Quote(_at(text, content), kind, cue=_at(text, cue) if cue else None,
                 speaker=_at(text, speaker) if speaker else None, group=0, origin="model")


# ------------------------------------------------------------------ ends of rule contents


@pytest.mark.parametrize(("text", "rule", "longer"), [
    ('Harbour master Olek Brand said the pier was "a hazard" at a briefing on Thursday.',
     'the pier was "a hazard"', 'the pier was "a hazard" at a briefing on Thursday'),
    ('Coach Ines Varro called the draw "a robbery" after the match.',
     'the draw "a robbery"', 'the draw "a robbery" after the match'),
    ('Brand said the strike would "close the docks" by phone from Tarrow.',
     'the strike would "close the docks"', 'the strike would "close the docks" by phone from Tarrow'),
])
def test_a_rule_content_ending_at_a_closing_mark_is_not_widened_past_it(nlp, text, rule, longer) -> None:
    cue = "called" if "called" in text else "said"
    r = _rule(text, rule, cue, text.split(" said")[0].split(" called")[0], kind="mixed")
    assert _merged(nlp, text, [r], [_model(text, longer)]) == [(rule, "rules")]


def test_a_rule_content_is_not_widened_over_an_occasion_phrase(nlp) -> None:
    text = "Councillor Mira Tan told reporters the levy was dead at a press conference on Monday."
    r = _rule(text, "the levy was dead", "told", "Councillor Mira Tan")
    m = _model(text, "the levy was dead at a press conference on Monday")
    assert _merged(nlp, text, [r], [m]) == [("the levy was dead", "rules")]


def test_a_rule_content_is_not_widened_into_an_unpaired_bracket(nlp) -> None:
    text = "The bakery said sales had tripled (it noted the figures were early) and that it would open two shops."
    r = _rule(text, "sales had tripled", "said", "The bakery")
    assert _merged(nlp, text, [r], [_model(text, "sales had tripled (")]) == [("sales had tripled", "rules")]


def test_a_longer_reading_of_a_clause_cut_short_still_widens_the_rule_content(nlp) -> None:
    # the "extent" rule stands where the rules decided nothing: no mark, occasion or bracket at the end
    text = "The mayor vowed to help the families rebuild should the levee fail again this spring."
    r = _rule(text, "to help the families rebuild", "vowed", "The mayor")
    m = _model(text, "to help the families rebuild should the levee fail again this spring")
    assert _merged(nlp, text, [r], [m]) == [("to help the families rebuild should the levee fail again this spring", "rules")]


def test_may_extend_end_without_a_parse_still_keeps_the_closing_mark() -> None:
    text = 'Brand said the pier was "a hazard" at dawn.'
    assert not may_extend_end(_at(text, 'the pier was "a hazard"'), _at(text, 'the pier was "a hazard" at dawn'), text, None)
    assert may_extend_end(_at(text, "the pier was"), _at(text, 'the pier was "a hazard"'), text, None)


# ------------------------------------------------------------------ model contents trimmed as the rules trim


def test_a_model_content_loses_an_unpaired_bracket_and_keeps_its_leading_that(nlp) -> None:
    # "that" stays: PolNeAR contents start with it (cutting it lowered both slices; module docstring)
    text = "The ferry firm said fares would rise (it added that the rise would be small) in June."
    m = _model(text, "that the rise would be small)", cue="added", speaker="it")
    assert _merged(nlp, text, [], [m]) == [("that the rise would be small", "model")]
    opened = _model(text, "fares would rise (", cue="said", speaker="The ferry firm")
    assert _merged(nlp, text, [], [opened]) == [("fares would rise", "model")]


def test_a_model_content_ends_at_a_closing_mark_before_an_occasion_phrase(nlp) -> None:
    text = 'Pilot Dana Kerr said the runway would "flood by noon" by phone from Dunmore.'
    m = _model(text, 'the runway would "flood by noon" by phone from Dunmore', cue="said", speaker="Pilot Dana Kerr")
    assert _merged(nlp, text, [], [m]) == [('the runway would "flood by noon"', "model")]


def test_trimmed_keeps_a_paired_bracket_and_an_untouched_content(nlp) -> None:
    text = "Kerr said the runway (the long one) would reopen."
    doc = nlp(text)
    q = _model(text, "the runway (the long one) would reopen")
    assert trimmed(q, text, doc) == q
    assert balanced("a (b) c") and not balanced("a (b c") and not balanced("a) b (")


# ------------------------------------------------------------------ titles the rules refused


@pytest.mark.parametrize(("text", "content", "cue"), [
    ('Lawmakers argued over a plan known as "Clean Harbours" for three days.', '"Clean Harbours" for three days', "argued"),
    ('The scheme, dubbed "Fresh Rails," will begin in March.', '"Fresh Rails," will begin in March', "dubbed"),
    ('The trust published a study titled "Rivers in Retreat" on Friday.', '"Rivers in Retreat" on Friday', "titled"),
])
def test_a_model_content_opening_with_a_title_the_rules_refused_is_not_added(nlp, text, content, cue) -> None:
    m = _model(text, content, cue=cue, kind="mixed")
    assert opens_with_title(m, text)
    assert _merged(nlp, text, [], [m]) == []


def test_a_quoted_title_with_its_authors_or_a_clause_on_it_stays(nlp) -> None:
    # a paper named with its authors, a list or a relative clause on the name: the model's reading stands
    for text, content in [('The group cited "How Ports Grow" by Ana Ruiz and Teo Marr.', '"How Ports Grow" by Ana Ruiz and Teo Marr'),
                          ('She praised "Harbour Days" and a street fair.', '"Harbour Days" and a street fair'),
                          ('Critics liked "The Tide," which opens in May.', '"The Tide," which opens in May')]:
        m = _model(text, content)
        assert _merged(nlp, text, [], [m]) == [(content, "model")], text


def test_a_model_quote_opening_with_someones_quoted_words_stays(nlp) -> None:
    text = 'Dorn shouted, "We will not move," and sat down.'
    m = _model(text, '"We will not move,"', cue="shouted", speaker="Dorn", kind="direct")
    assert not opens_with_title(m, text)
    assert _merged(nlp, text, [], [m]) == [('"We will not move,"', "model")]


# ------------------------------------------------------------------ headline lines


def test_a_headline_of_two_clauses_is_not_a_quote(nlp) -> None:
    text = "Port Board Rejects Tram Plan: Mayor Vows Fight\n\nThe board voted four to one."
    m = _model(text, "Mayor Vows Fight", cue=":", speaker="Port Board Rejects Tram Plan")
    assert headline_label(m, text)
    assert _merged(nlp, text, [], [m]) == []


def test_a_long_headline_label_with_quoted_words_or_a_verb_of_saying_stays(nlp) -> None:
    for text, content in [("Singer Mara Voss taunts rival fans: 'You are all asleep.'\n\nThe show ended.", "'You are all asleep.'"),
                          ("Harbour Board Chair Ida Senn Says Tram Plan: Too Costly by Far\n\nMore.", "Too Costly by Far")]:
        m = _model(text, content, cue=":", speaker=text.split(":")[0])
        assert not headline_label(m, text), text
        assert _merged(nlp, text, [], [m]) == [(content, "model")]


@pytest.mark.parametrize(("text", "speaker", "content"), [
    ("Nurses to Hospital Board: Fix the Wards Now\n\nThe union met on Sunday.", "Nurses", "Fix the Wards Now"),
    ("Mayor Ula Dorn: Fares Will Rise\n\nThe mayor spoke late.", "Mayor Ula Dorn", "Fares Will Rise"),
])
def test_a_headline_label_naming_a_speaker_stays(nlp, text, speaker, content) -> None:
    m = _model(text, content, cue=":", speaker=speaker)
    assert not headline_label(m, text)
    assert _merged(nlp, text, [], [m]) == [(content, "model")]


# ------------------------------------------------------------------ model contents ending mid-phrase (bounds13)


@pytest.mark.parametrize(("text", "short", "whole"), [
    ("Riders told the council on Monday that the ticket machines were broken for a month.",
     "the ticket machines were broken for a", "the ticket machines were broken for a month"),
    ("Greta Holm, a baker, said the market hall was closed for the", None, None),  # nothing right: unchanged
    ("Greta Holm, a baker, said the covered market had stayed shut for the whole week, sadly.",
     "the covered market had stayed shut for the", "the covered market had stayed shut for the whole week"),
    ("The pilots' union said the new hangar would be finished by the mayor's office in May.",
     "the new hangar would be finished by the mayor's", "the new hangar would be finished by the mayor's office"),
])
def test_a_model_content_ending_on_an_open_word_is_carried_to_the_phrase_end(nlp, text, short, whole) -> None:
    if short is None:  # the phrase has no words after it in the text
        short = whole = "the market hall was closed for the"
    assert _merged(nlp, text, [], [_model(text, short)]) == [(whole, "model")]


def test_a_completed_model_content_stops_at_the_sentence_end(nlp) -> None:
    text = "Ames said the ferry was late by an. Hour after hour the queue grew."
    # whatever the parse makes of "an", the content does not run into the next sentence
    (got, origin), = _merged(nlp, text, [], [_model(text, "the ferry was late by an")])
    assert got.startswith("the ferry was late by an") and "Hour" not in got


def test_a_completed_model_content_stops_at_another_attribution(nlp) -> None:
    text = 'Ames said the ferry was late for a "whole month of delays," Brand wrote.'
    # the quotation mark opens another attribution: the first content is not carried over it
    rule = _rule(text, '"whole month of delays,"', "wrote", "Brand", kind="direct")
    got = _merged(nlp, text, [rule], [_model(text, "the ferry was late for a")])
    assert ("the ferry was late for a", "model") in got
    text = "Ames said the ferry was late for a month, Brand wrote."
    short = "the ferry was late for"
    m = Quote(_at(text, short), "indirect", group=0, origin="model")
    other = Quote(_at(text, "a month"), "indirect", cue=_at(text, "wrote"), speaker=_at(text, "Brand"), group=1, origin="model")
    got = _merged(nlp, text, [], [m, other])
    assert (short, "model") in got and ("a month", "model") in got


def test_completed_leaves_a_content_ending_on_a_full_phrase(nlp) -> None:
    from annotator.nlp.attribution_bounds import completed

    text = "Ames said the ferry was late for a month."
    q = _model(text, "the ferry was late for a month")
    assert completed(q, text, nlp(text)) is q
    assert completed(_model(text, "the ferry was late for a"), text, None).content == _at(text, "the ferry was late for a")


def test_a_model_content_ending_before_its_words_head_is_completed(nlp) -> None:
    text = "Ames said the council heard whether Tom Reyes, who runs the ferry, was in fact retired."
    short = "whether Tom Reyes"
    assert _merged(nlp, text, [], [_model(text, short)]) == [
        ("whether Tom Reyes, who runs the ferry, was in fact retired", "model")]
