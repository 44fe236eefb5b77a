"""The sanity rules on model attributions (annotator/nlp/attribution_sanity.py, usertest16 H4): a
weak model's speaker inside its own content, a clause or a quoted show title as speaker, a name
as content and a cue that is no word of saying are dropped before the merge; sound model
attributions pass untouched. Synthetic model outputs on parsed sentences."""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan

from annotator.nlp.attribution_components import ATTRIBUTION_KEY
from annotator.nlp.quotes import with_model_attributions
from annotator.nlp.quotes_types import Quote
from tests.nlp.test_attribution_bounds import _at, nlp  # noqa: F401 - the module's pipeline fixture, shared


def _model(text: str, content: str, speaker: str | None, cue: str | None, group: int = 0) -> Quote:
    return Quote(_at(text, content), "indirect", cue=_at(text, cue) if cue else None,
                 speaker=_at(text, speaker) if speaker else None, group=group, origin="model")


def _read(text: str, quotes: list[Quote]) -> list[tuple[str, str | None, str | None]]:
    return [(text[slice(*q.content)], text[slice(*q.cue)] if q.cue else None,
             text[slice(*q.speaker)] if q.speaker else None) for q in quotes]


def _sane(nlp, text: str, *quotes: Quote) -> list[tuple[str, str | None, str | None]]:
    from annotator.nlp.attribution_sanity import sane

    return _read(text, sane(nlp(text), list(quotes), text))


def test_a_speaker_equal_to_its_own_noun_phrase_content_drops_the_attribution(nlp) -> None:
    text = "The president spoke on Monday. Critics said the president was wrong about trade."
    assert _sane(nlp, text, _model(text, "the president", "the president", "said")) == []
    text = "Moss's remarks, which came after the hearing, drew criticism from unions."
    assert _sane(nlp, text, _model(text, "Moss's remarks", "Moss's remarks", "which came")) == []


def test_a_speaker_inside_a_clause_content_is_dropped_and_the_content_stays(nlp) -> None:
    text = "Officials said the mayor would resign before the vote in March."
    assert _sane(nlp, text, _model(text, "the mayor would resign before the vote", "the mayor", "said")) == [
        ("the mayor would resign before the vote", "said", None)]


def test_a_clause_as_speaker_and_a_preposition_as_cue_leave_nothing(nlp) -> None:
    text = "During WKBN's town hall forum, she said she would repeal the new tariff."
    assert _sane(nlp, text, _model(text, "WKBN's town hall forum", "she would repeal the new tariff",
                                   "During")) == []


def test_a_quoted_show_title_is_no_speaker(nlp) -> None:
    text = 'Vance appeared on "Morning Talk" and argued that the deal was a disaster.'
    assert _sane(nlp, text, _model(text, "the deal was a disaster", "Morning Talk", "argued")) == [
        ("the deal was a disaster", "argued", None)]


def test_a_noun_phrase_that_names_no_one_is_no_speaker(nlp) -> None:
    text = "His blood pressure suggests that he is healthy, his doctors wrote."
    assert _sane(nlp, text, _model(text, "he is healthy", "His blood pressure", "suggests")) == [
        ("he is healthy", "suggests", None)]


def test_a_name_or_a_date_as_content_is_dropped(nlp) -> None:
    text = "Ann Holt's campaign manager, Tom Reyes, said the emails were fake."
    assert _sane(nlp, text, _model(text, "Tom Reyes", "Ann Holt's campaign manager", None)) == []
    text = "Jorge Silva died three months ago, his family said."
    assert _sane(nlp, text, _model(text, "three months ago", "Jorge Silva", "died")) == []


def test_a_cue_that_is_no_word_of_saying_is_dropped_and_the_speaker_stays(nlp) -> None:
    text = "The senator arrived in Ohio as the plan would cut taxes for families, aides noted."
    assert _sane(nlp, text, _model(text, "the plan would cut taxes for families", "The senator", "arrived")) == [
        ("the plan would cut taxes for families", None, "The senator")]


def test_sound_model_attributions_pass_untouched(nlp) -> None:
    text = ("The Holt camp said the report was false. A new poll shows that Reyes leads in Ohio. "
            "Officials slammed the plan as reckless. She insisted that nothing had changed.")
    quotes = [_model(text, "the report was false", "The Holt camp", "said", 0),
              _model(text, "Reyes leads in Ohio", "A new poll", "shows", 1),
              _model(text, "the plan as reckless", "Officials", "slammed", 2),
              _model(text, "nothing had changed", "She", "insisted", 3),
              _model(text, "the report was false", None, None, 4)]  # neither cue nor speaker: kept as before
    assert _sane(nlp, text, *quotes) == _read(text, quotes)


def test_the_merge_drops_the_models_nonsense_end_to_end(nlp) -> None:
    # the recogniser's spans as a weak model reads them: the same phrase as content and source
    text = "Moss's remarks, which came after the hearing, drew criticism from unions."
    doc = nlp(text)
    spans = []
    for part, label in (("Moss's remarks", "CONTENT"), ("Moss's remarks", "SOURCE"), ("came", "CUE")):
        s = doc.char_span(*_at(text, part))
        spans.append(SpacySpan(doc, s.start, s.end, label=label))
    doc.spans[ATTRIBUTION_KEY] = spans
    assert [q for q in with_model_attributions(doc, [], text=text) if q.origin == "model"] == []


def test_a_stance_verb_holding_the_content_and_a_common_noun_speaker_stay(nlp) -> None:
    # PolNeAR's stance cues are any verb whose object the content is; a common noun may speak
    text = "Ann Holt unleashed a series of posts early Friday. An architect said he was never paid."
    quotes = [_model(text, "a series of posts early Friday", "Ann Holt", "unleashed", 0),
              _model(text, "he was never paid", "An architect", "said", 1)]
    assert _sane(nlp, text, *quotes) == _read(text, quotes)


def test_a_quotation_holding_its_own_speaker_keeps_its_content(nlp) -> None:
    # the model read the quotation well and its speaker badly: the speaker goes, the quote stays
    text = 'Protesters gathered outside. "I am so tired of this long fight." Others cheered.'
    quote = _model(text, '"I am so tired of this long fight."', "I", None)
    assert _sane(nlp, text, quote) == [('"I am so tired of this long fight."', None, None)]


def test_a_speaker_read_by_its_head_noun_not_its_determiner(nlp) -> None:
    text = "Ann Holt is seizing upon a Daily Ledger report that Tom Reyes had a net loss in 2009."
    quote = _model(text, "that Tom Reyes had a net loss in 2009", "a Daily Ledger", "report")
    assert _sane(nlp, text, quote) == _read(text, [quote])


def test_a_possessed_agent_noun_may_speak(nlp) -> None:
    text = "Vermont's tax commissioner says an internal audit found no breach."
    quote = _model(text, "an internal audit found no breach", "Vermont's tax commissioner", "says")
    assert _sane(nlp, text, quote) == _read(text, [quote])


def test_which_speaks_as_the_subject_of_a_verb_of_saying_only(nlp) -> None:
    # PolNeAR marks "which" of "the Police Department which reported" as the source
    text = "They turned to the Dayton Police Department which reported 412 burglaries this year."
    quote = _model(text, "412 burglaries this year", "which", "reported")
    assert _sane(nlp, text, quote) == _read(text, [quote])


def _merged(nlp, text: str, parts: tuple[tuple[str, str], ...]) -> list[tuple[str, str | None, str | None]]:
    # the recogniser's spans as a weak model reads them, through the whole chain (rules, merge)
    from annotator.nlp.quotes import suggest_quotes

    doc = nlp(text)
    spans = []
    for part, label in parts:
        s = doc.char_span(*_at(text, part))
        spans.append(SpacySpan(doc, s.start, s.end, label=label))
    doc.spans[ATTRIBUTION_KEY] = spans
    return _read(text, [q for q in with_model_attributions(doc, suggest_quotes(doc, text=text), text=text)
                        if q.origin == "model"])


def test_closing_quote_marks_and_the_speaker_as_content_leave_nothing(nlp) -> None:
    # usertest17 N1: "'' Mr. Castaneda" took the rules' speaker of "said" in the merge
    text = "''We will not pay for the wall,'' Mr. Vela said on Sunday in the capital."
    assert _merged(nlp, text, (("'' Mr. Vela", "CONTENT"), ("said", "CUE"))) == []
    text = "''It was a long night for all of us,'' he said after the count ended."
    assert _merged(nlp, text, (("'' he", "CONTENT"), ("said", "CUE"))) == []


def test_an_opening_clause_and_its_subject_are_no_content(nlp) -> None:
    # usertest17 N1: "Lamenting their luck, Mexicans" (say), "That's because Trump" (wants)
    text = "Cursing the weather, farmers say the harvest will be the worst in a decade."
    assert _merged(nlp, text, (("Cursing the weather, farmers", "CONTENT"), ("say", "CUE"))) == []
    text = "That's because Holt wants the council to approve the new budget before May."
    assert _merged(nlp, text, (("That's because Holt", "CONTENT"), ("wants", "CUE"))) == []
    # before the merge (no speaker yet) only a comma or quotation mark before the subject counts
    text2 = "Cursing the weather, farmers say the harvest will be the worst in a decade."
    assert _sane(nlp, text2, _model(text2, "Cursing the weather, farmers", None, "say")) == []
    cut = "Aides said that party leaders strongly denied the report on Friday."
    kept = _model(cut, "that party leaders", None, "denied")
    assert _sane(nlp, cut, kept) == _read(cut, [kept])


def test_a_content_ending_with_its_own_speaker_is_dropped_whole(nlp) -> None:
    text = "Walking into the second hearing in two weeks, Reyes told reporters the case was weak."
    quote = _model(text, "Walking into the second hearing in two weeks, Reyes", "Reyes", "told")
    assert _sane(nlp, text, quote) == []


def test_a_verbless_content_holding_the_rules_speaker_is_dropped(nlp) -> None:
    # usertest17 N1: a content that is a lawmaker's name, title and "in a statement" alone
    text = ("The audit is a disgrace, said Sen. Ann Holt, the top Republican on the Budget Committee, "
            "in a statement.")
    got = _merged(nlp, text, (("Sen. Ann Holt, the top Republican on the Budget Committee, in a statement.",
                               "CONTENT"), ("said", "CUE")))
    assert all("Holt" not in content for content, _cue, _speaker in got)


def test_the_other_pieces_of_an_opening_clause_reading_go_with_it(nlp) -> None:
    # usertest17 N1: '..., Trump' | said | 'this month on CNBC.' stayed as a direct quote alone
    text = 'Fearing a rigged debate, Holt said this month on the radio that she would stay home.'
    pieces = [_model(text, "Fearing a rigged debate, Holt", None, "said", 0),
              _model(text, "this month on the radio", None, "said", 0)]
    assert _sane(nlp, text, *pieces) == []
