"""Rules, speaker faults analysts found in news from outside PolNeAR (issue 10, rules37), one
section per kind. Invented sentences.

Rows: (content, cue, speaker, group, nested), one per suggested piece; refs: (speaker text,
speaker_ref) per piece.
"""

from __future__ import annotations

import pytest

from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture
from tests.nlp.test_rules24 import _rows  # the rows (content, cue, speaker, group, nested) per piece

pytestmark = [pytest.mark.trained, pytest.mark.timeout(120)]


def _refs(trained, text: str) -> list[tuple]:
    from annotator.nlp.quotes import suggest_quotes

    return [(text[q.speaker[0] : q.speaker[1]] if q.speaker else None, q.speaker_ref)
            for q in suggest_quotes(trained(text), text=text)]


# ---- 1. a wire dateline before a colon or a dash ----------------------------------------------

@pytest.mark.parametrize(("text", "row"), [
    ("WASHINGTON (Reuters): The senator said the vote would be held on Friday.",
     ("the vote would be held on Friday", "said", "The senator")),
    ("NEW DELHI (AFP): Officials said the train had derailed near the border.",
     ("the train had derailed near the border", "said", "Officials")),
    ("The crisis deepened.\nLONDON (AP): The prime minister told reporters the talks had failed.",
     ("the talks had failed", "told", "The prime minister")),
    # were right, stay right
    ("LONDON (AP) \u2014 The prime minister said the talks had failed.", ("the talks had failed", "said", "The prime minister")),
    ("WASHINGTON (Reuters) - The senator said the vote would be held on Friday.",
     ("the vote would be held on Friday", "said", "The senator")),
])
def test_a_wire_dateline_is_no_speaker_and_no_colon_quote(trained, text, row):
    assert [r[:3] for r in _rows(trained, text)] == [row]


def test_a_turn_tag_is_still_a_turn(trained):
    text = "SEN. LAURA PIKE (D-OH): I will vote against the bill.\nKURTZ: Why?"
    assert [(r[1], r[2]) for r in _rows(trained, text)] == [(":", "SEN. LAURA PIKE"), (":", "KURTZ")]


# ---- 2. a kin or role noun "of X" is that person, not X -----------------------------------------

@pytest.mark.parametrize(("text", "refs"), [
    ("The spokesman of Mayor Tom Reed said he would resign. He said the city needed change.",
     [("The spokesman of Mayor Tom Reed", None), ("He", None)]),
    ('The daughter of Senator Jordan Hale said she would not run. "I am tired," she said.',
     [("The daughter of Senator Jordan Hale", None), ("she", None)]),
    ('The son of Robin Park said he had not seen the letter. "I never read it," he said.',
     [("The son of Robin Park", None), ("he", None)]),
    ("Jordan Hale's wife told reporters she was proud. She said the family would stay.",
     [("Jordan Hale's wife", None), ("She", None)]),
    # were right, stay right: a name for the relative; the other gender's pronoun may be X
    ("Ana Lopez, the daughter of Senator Mark Hale, said she would not run. Hale was not available. "
     "Later she said the campaign was over.", [("Ana Lopez", "Ana Lopez"), ("she", "Ana Lopez")]),
    ("Hale's wife, Jo, told reporters she was proud of him. She said the family would stay.",
     [("Hale's wife", "Jo"), ("She", "Jo")]),
    ('Ann Hale\'s husband said the family was fine. "We are happy," she said.',
     [("Ann Hale's husband", None), ("she", "Ann Hale")]),
])
def test_a_relative_or_aide_of_someone_is_not_that_someone(trained, text, refs):
    assert _refs(trained, text) == refs


# ---- 3. an outlet never takes a person's he/she -------------------------------------------------

@pytest.mark.parametrize("text", [
    'Mediaite said the host was leaving. "I loved this job," she said.',
    'TheWrap reported that the studio had fired its chief. "I was shocked," he said.',
    'The Daily Telegraph reported that the minister had resigned. "I was shocked," he said.',
    'CNN reported that the senator would retire. "It is time," she said.',
])
def test_an_outlet_is_no_pronoun_ref(trained, text):
    assert _refs(trained, text)[-1] == ("he" if '," he' in text else "she", None)


@pytest.mark.parametrize(("name", "outlet"), [
    ("TheWrap", True), ("Mediaite", True), ("BuzzFeed", True), ("The Daily Telegraph", True), ("Tampa Bay Times", True),
    ("John McCain", False), ("Ron DeSantis", False), ("LeBron James", False), ("Emily Post", False), ("McCain", False),
])
def test_news_outlet(name, outlet):
    from annotator.nlp.coref import news_outlet

    assert news_outlet(name) is outlet


def test_a_person_is_still_a_pronoun_ref(trained):
    text = 'Senator John McCain said the vote was close. "We lost," he said.'
    assert _refs(trained, text)[-1] == ("he", "John McCain")


# ---- 4. he/she after an unnamed reporter and a name of unknown gender ---------------------------
# (not reproduced on main in the shapes tried: a gendered name earlier in the paragraph already
# beats a name of unknown gender after it, coref._salient; kept as guards)

@pytest.mark.parametrize(("text", "ref"), [
    ('Senator Jane Hale spoke on Tuesday. A reporter, Alex Morgan, asked about the bill. "I will not back down," she said.', "Jane Hale"),
    ('Senator Jane Hale took questions. A reporter asked about the vote. Alex Morgan followed up. "No," she said.', "Jane Hale"),
    ('Mayor Tom Reed took questions. A writer asked about the budget, and then Casey Lee asked about the strike. "It will end," he said.',
     "Tom Reed"),
    ('Mr. Park arrived late. A reporter asked Jordan Vale about it. "I was stuck in traffic," he said.', "Park"),
])
def test_a_pronoun_skips_a_name_of_unknown_gender_after_a_reporter(trained, text, ref):
    assert _refs(trained, text)[-1][1] == ref


# ---- 5. a participle phrase and an organisation's name before an apposition ---------------------

@pytest.mark.parametrize(("text", "speaker"), [
    ("A group monitoring the war said the shelling had killed ten people.", "A group monitoring the war"),
    ("A man living near the plant said the smell was unbearable.", "A man living near the plant"),
    ("Care Now, a charity, said the camp was running out of water.", "Care Now"),
    ("Doctors Without Borders, a charity, said the camp was running out of water.", "Doctors Without Borders"),
    # were right, stay right
    ("Save Rivers, a campaign group, said the dam would flood the valley.", "Save Rivers"),
    ("Ana Ruiz, a fisherman, said the water came up to the windows.", "Ana Ruiz"),
    ("The group, a charity, said the camp was running out of water.", "The group"),
])
def test_a_participle_phrase_and_a_name_before_an_apposition_are_the_speaker(trained, text, speaker):
    assert [r[2] for r in _rows(trained, text)] == [speaker]


# ---- 6. a non-speech verb coordinated before the cue ---------------------------------------------
# (right on main; guards)

@pytest.mark.parametrize(("text", "row"), [
    ('"It\'s a joke," they laughed and said.', ("It's a joke", "said", "they")),
    ("She smiled and said she would be back.", ("she would be back", "said", "She")),
    ("They laughed and said that the plan would never work.", ("the plan would never work", "said", "They")),
    ('"It is over," he shrugged and added.', ("It is over", "added", "he")),
])
def test_a_non_speech_verb_before_and_does_not_hide_the_cue(trained, text, row):
    assert [r[:3] for r in _rows(trained, text)] == [row]


# ---- 7. a bare "Q:" answered by named turns -------------------------------------------------------
# PolNeAR's gold has the label as the source of a "Q:" turn (usa-today's Q&A: every "Q" and "A"
# a Source), so the question keeps "Q" as its speaker, with no person as speaker_ref

@pytest.mark.parametrize(("text", "rows"), [
    ("Q: Will you run?\nMayor Ruiz: I have not decided.",
     [("Will you run?", ":", "Q"), ("I have not decided.", ":", "Mayor Ruiz")]),
    ("Q: Will you run again for office?\nMayor Ruiz: I have not decided yet, but soon.\nQ: When will you know?\n"
     "Mayor Ruiz: By the end of the summer, I think.",
     [("Will you run again for office?", ":", "Q"), ("I have not decided yet, but soon.", ":", "Mayor Ruiz"),
      ("When will you know?", ":", "Q"), ("By the end of the summer, I think.", ":", "Mayor Ruiz")]),
    ("Q: Will you run again?\nRUIZ: I have not decided yet, but soon.",
     [("Will you run again?", ":", "Q"), ("I have not decided yet, but soon.", ":", "RUIZ")]),
    # was right, stays right
    ("Q: Will you run again for office?\nA: I have not decided yet, but soon.",
     [("Will you run again for office?", ":", "Q"), ("I have not decided yet, but soon.", ":", "A")]),
])
def test_a_bare_question_label_with_named_answers(trained, text, rows):
    got = _rows(trained, text)
    assert [r[:3] for r in got] == rows
    assert len({r[3] for r in got}) == len(rows)  # each turn its own attribution
    assert _refs(trained, text)[0] == ("Q", None)


# ---- 8. "announced" with a one- or two-word object ------------------------------------------------
# PolNeAR's gold (dev + train, "announce*" + a 1-2 word object then a stop or a time): the object
# is the content 14 of 24 times outside negation, 0 of 3 negated ("has not announced their choice")

@pytest.mark.parametrize(("text", "rows"), [
    ("The company announced layoffs.", [("layoffs", "announced", "The company")]),
    ("Smith announced his resignation.", [("his resignation", "announced", "Smith")]),
    ("The bank announced record profits on Monday.", [("record profits on Monday", "announced", "The bank")]),
    ("The club has not announced a replacement.", []),
    ("The mayor announced it on Friday.", []),
    # words past the object the parse hangs on the verb: not the short object alone
    ("The league says the commissioner will announce rules Monday for a new fund designed to help players.",
     [("the commissioner will announce rules Monday for a new fund designed to help players", "says", "The league")]),
])
def test_announced_with_a_short_object(trained, text, rows):
    assert [r[:3] for r in _rows(trained, text)] == rows


def test_a_title_with_its_office_is_the_person(trained):
    # "Secretary of Homeland Security Jeh Johnson": no relative-of phrase (item 2's guard)
    text = "Secretary of Homeland Security Jeh Johnson said the rumors were unfounded."
    assert _refs(trained, text) == [("Secretary of Homeland Security Jeh Johnson", "Jeh Johnson")]


# ---- 9. 'replied "no" when asked whether ...' ------------------------------------------------------
# the question keeps its sourceless reading, cue "asked" (PolNeAR's gold: 24 of 25, rules32)

@pytest.mark.parametrize(("text", "rows"), [
    ('She replied "no" when asked whether she would run again.',
     [("no", "replied", "She"), ("whether she would run again", "asked", None)]),
    ('He replied "yes" when asked if he would stay.', [("yes", "replied", "He"), ("if he would stay", "asked", None)]),
    ('The minister said "never" when asked about a second term.', [("never", "said", "The minister")]),
    # was right, stays right
    ('"No," she said when asked whether she would run again.',
     [("No", "said", "she"), ("whether she would run again", "asked", None)]),
])
def test_a_short_quote_before_when_asked_is_framed_by_the_verb_before_it(trained, text, rows):
    assert [r[:3] for r in _rows(trained, text)] == rows


# ---- 10. 'X, who called it "a disgrace," said ...' ---------------------------------------------
# two attributions: the label with cue "called" (the object with it, as for 'called the plan
# "reckless"'), and the said-clause with cue "said"

@pytest.mark.parametrize(("text", "label", "said"), [
    ('Hale, who called it "a disgrace," said the vote would be challenged.', "a disgrace",
     ("the vote would be challenged", "said", "Hale")),
    ('The mayor, who called the plan "reckless," said she would veto it.', "reckless", ("she would veto it", "said", "The mayor")),
    ('The senator, who has called them "traitors," said the group should disband.', "traitors",
     ("the group should disband", "said", "The senator")),
    # was right, stays right
    ('The mayor, who described the plan as "reckless," said she would veto it.', "reckless",
     ("she would veto it", "said", "The mayor")),
])
def test_a_label_in_a_relative_clause_and_the_said_clause_are_two_readings(trained, text, label, said):
    rows = [r[:3] for r in _rows(trained, text)]
    assert len(rows) == 2 and said == rows[1]
    content, cue, speaker = rows[0]
    assert label in content and cue in ("called", "described") and speaker == said[2]


# ---- 11 (part). 'Calling it "a betrayal," the mayor, Ana Ruiz, said ..., The Daily Telegraph said.'
# the quote is not framed by the "said" after it: the mayor's own said-clause is a reading again.
# The fronted participle's reading ("Calling", the mayor) and the outer frame's whole nested
# reading with the apposition subject: tests/nlp/test_rules39.py; "the city's mayor" (rules31)
# kept as the guard below

@pytest.mark.parametrize("quote", ['"a betrayal,"', "a \u201cbetrayal,\u201d"])
def test_a_fronted_participles_quote_is_not_the_verb_afters(trained, quote):
    text = f"Calling it {quote} the mayor, Ana Ruiz, said the plan would hurt families, The Daily Telegraph said."
    rows = [r[:3] for r in _rows(trained, text)]
    assert ("the plan would hurt families", "said", "the mayor") in rows
    assert not any(cue == "said" and speaker == "the mayor" and "betrayal" in content for content, cue, speaker in rows)


def test_a_fronted_participle_with_a_possessive_subject(trained):
    text = ('Calling it a "betrayal," the city\'s mayor, Ana Ruiz, said the plan would hurt families, '
            "The Daily Telegraph said.")
    rows = [r[:3] for r in _rows(trained, text)]
    assert ('it a "betrayal,"', "Calling", "the city's mayor") in rows
    assert ("the plan would hurt families", "said", "the city's mayor") in rows
