"""Issue 10, usertest10g findings 3, 4, 5 and 8 (task rules10o), on hand-written sentences:

3. a second inverted frame after a conjunction set off by commas ("A, the governor said,
   though, her aides said, B"): the first frame and its clause A are no part of the second
   speaker's words (``quotes_indirect._second_frame``); when the second frame's subject is the
   first speaker again ("but, she added, B") it is one attribution with two pieces
   (``quotes_indirect._continued``);
4. a title in quotation marks right after a noun of a document or a thing with a name ("The
   paper's editorial, “A City Adrift,” said", "about the memo, “Project Blue,”") is no quote; the
   report after it is found (``quotes_direct.named_title``);
5. transcripts: a bare title or name opening the sentence, set off by a comma before a name
   ("Senator, Mrs. Moss called you"), is the person addressed, the name speaks
   (``quotes_speakers._past_vocative``); a name set off after a description with an honorific
   ("Your opponent, Mr. Cole, says") is its ref (``coref.MentionIndex._appositive_name``), and
   an addressed name gets no title from the clause after it ("Tom, the mayor says":
   ``coref._titles_after``); a
   he/she in the first sentence of the next turn ("LEE: Governor Ann Moss called you. //
   KERR: She did.") gives the person just named a gender (``coref.MentionIndex._turn_gender``);
8. a he/she speaker the person index could not resolve refers to the nearest earlier speaker
   of its paragraph naming a person of a fitting gender ("Holt said. ... she added": Holt)
   (``quotes_previous_speaker``).
"""

from __future__ import annotations

import pytest

from tests.nlp.test_issue10_rules10i import _rows  # one row per suggested quote: content, cue, speaker, ref, group
from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture

pytestmark = pytest.mark.trained


# ---- 3. a second inverted frame after a conjunction -----------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("The tax will rise, the governor said, though, her aides said, not before May.",
     [("The tax will rise", "the governor"), ("not before May", "her aides")]),
    ("The tax will rise, the governor said, and, aides said, it will rise soon.",
     [("The tax will rise", "the governor"), ("it will rise soon", "aides")]),
    ("The school will close, the mayor said, but, critics warned, not this year.",
     [("The school will close", "the mayor"), ("not this year", "critics")]),
    ("The tax will rise, the governor said on Monday, but, her aides said, not before May.",
     [("The tax will rise", "the governor"), ("not before May", "her aides")]),
    # the second frame as the sentence's root, the first as "according to"
    ("The tax will rise, the governor said, however, her aides said, only in May.",
     [("The tax will rise", "the governor"), ("only in May", "her aides")]),
    ("The tax will rise, according to the governor, though, aides said, not before May.",
     [("The tax will rise", "the governor"), ("not before May", "aides")]),
    # quoted pieces
    ('"The tax will rise," the governor said, though, her aides said, "not before May."',
     [("The tax will rise", "the governor"), ("not before May.", "her aides")]),
    # a short fragment is still the deputy's words (usertest10h finding 1: rules10p,
    # quotes_frames.double_frames), and the governor's content stops at the frame
    ("The tax will rise, the governor said, although, her deputy admitted, not soon.",
     [("The tax will rise", "the governor"), ("not soon", "her deputy")]),
])
def test_second_frame_holds_no_first_frame(trained, text, expected):
    rows = _rows(trained, text)
    assert [(r[0], r[2]) for r in rows] == expected
    assert len({r[4] for r in rows}) == len(expected)  # one attribution each


@pytest.mark.parametrize(("text", "speaker", "pieces"), [
    ("Prices will fall, the minister said, but, she added, only next year.",
     "the minister", ["Prices will fall", "only next year"]),
    ("The bridge is safe, Ann Holt said, but, Holt added, it needs paint.",
     "Ann Holt", ["The bridge is safe", "it needs paint"]),
    ("The plan is dead, the senators said, and, they added, nobody will revive it.",
     "the senators", ["The plan is dead", "nobody will revive it"]),
])
def test_second_frame_of_the_same_speaker_is_one_attribution(trained, text, speaker, pieces):
    rows = _rows(trained, text)
    assert [r[0] for r in rows] == pieces
    assert {(r[1], r[2], r[4]) for r in rows} == {("said", speaker, rows[0][4])}


def test_according_to_then_the_same_source_again(trained):
    rows = _rows(trained, "The tax will rise, according to the governor, but, she added, not before May.")
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("The tax will rise", "according to", "the governor"), ("not before May", "according to", "the governor")]
    assert len({r[4] for r in rows}) == 1


def test_according_to_then_what_happened_next(trained):
    # "and the council agreed" is no word of the governor's (as after "the governor said")
    rows = _rows(trained, "The tax will rise, according to the governor, and the council agreed.")
    assert [(r[0], r[2]) for r in rows] == [("The tax will rise", "the governor")]


def test_a_pronoun_of_another_number_is_another_speaker(trained):
    # "they" after one senator: not the senator going on
    rows = _rows(trained, "The plan is dead, the senator said, and, they added, nobody will revive it.")
    assert [(r[0], r[2]) for r in rows] == [("The plan is dead", "the senator"), ("nobody will revive it", "they")]
    assert rows[0][4] != rows[1][4]


@pytest.mark.parametrize(("text", "expected"), [
    # comments after an inverted frame that were right: stay right
    ("The tax will rise, the governor said, which, aides later said, was a mistake.",
     [("The tax will rise", "the governor"), ("was a mistake", "aides")]),
    ("The tax will rise, the governor said on Monday, a move that, critics said, would hurt the poor.",
     [("The tax will rise", "the governor"), ("would hurt the poor", "critics")]),
    ("The tax will rise, the governor said, and the council agreed.", [("The tax will rise", "the governor")]),
    ("The tax will rise, according to the governor, which, critics argue, is a mistake.",
     [("The tax will rise", "the governor"), ("is a mistake", "critics")]),
    ("According to the governor, the tax will rise.", [("the tax will rise", "the governor")]),
    ("The difference, the mayor said, is that the budget is balanced.",
     [("The difference", "the mayor"), ("is that the budget is balanced", "the mayor")]),
])
def test_other_inverted_frames_unchanged(trained, text, expected):
    assert [(r[0], r[2]) for r in _rows(trained, text)] == expected


# ---- 4. a title in apposition to a noun of a named thing ------------------------------------

@pytest.mark.parametrize(("text", "content", "speaker"), [
    ('The paper\u2019s editorial, \u201cA City Adrift,\u201d said the mayor had failed.', "the mayor had failed",
     "The paper\u2019s editorial"),
    ('Asked about the memo, \u201cProject Blue,\u201d the general said it was a draft.', "it was a draft", "the general"),
    ('The union\'s statement, "A Fair Deal Now," said the strike would go on.', "the strike would go on",
     "The union's statement"),
    ('His speech, "A New Start," said the war was over.', "the war was over", "His speech"),
    ('The letter, "Dear Friends," said the school would close.', "the school would close", "The letter"),
    ('Asked about the plan, "Roads First," the mayor said it would cost too much.', "it would cost too much",
     "the mayor"),
])
def test_title_after_a_named_thing_is_no_quote(trained, text, content, speaker):
    rows = _rows(trained, text)
    assert [(r[0], r[2]) for r in rows] == [(content, speaker)]


@pytest.mark.parametrize(("text", "content"), [
    # real words stay words: a quote after a verb, a Title-Cased slogan said by someone
    ('The statement said, "We Will Not Yield."', "We Will Not Yield."),
    ('\u201cNever Again,\u201d the senator wrote on Twitter.', "Never Again"),
])
def test_words_after_a_verb_stay_quotes(trained, text, content):
    assert [r[0] for r in _rows(trained, text)] == [content]


# ---- 5. transcripts: an address is no speaker, an answer's he/she gives a gender ------------

def _refs(trained, text: str) -> list[tuple[str | None, str | None]]:
    return [(r[2], r[3]) for r in _rows(trained, text)]


_OPENING = "MARY LEE, CNN ANCHOR: Senator, welcome.\n\nSEN. JOHN KERR (D-MA): Thank you, Mary.\n\n"


@pytest.mark.parametrize(("text", "speaker"), [
    # the person addressed ("Senator,", "Jake,") opening the sentence is not who speaks
    ('DANA PIKE, CNN CORRESPONDENT, "THE LEAD": Senator, Mrs. Moss called you a liar.', ("Mrs. Moss", "Moss")),
    ("Senator, Mrs. Moss called you a liar.", ("Mrs. Moss", "Moss")),
    ("Jake, Mr. Cole says the plan is dead.", ("Mr. Cole", "Cole")),
    # a description with its name set off by commas: the description speaks, the name is its ref
    ("REED: Your opponent, Mr. Cole, says you cut schools.", ("Your opponent", "Cole")),
    ("Your opponent, Mr. Cole, says you cut schools.", ("Your opponent", "Cole")),
    ("The mayor, Ann Holt, said the plan is dead.", ("The mayor", "Ann Holt")),
])
def test_address_and_apposition_speakers(trained, text, speaker):
    assert _refs(trained, text)[-1] == speaker


@pytest.mark.parametrize(("text", "speaker"), [
    # the person addressed is no title's holder: "the mayor" is not Tom
    ("KING: Tom, the mayor says you are failing.", ("the mayor", None)),
    # an apposition closed by a comma still gives its title
    ("Sergey Lavrov, the Russian foreign minister, met Kerry. The minister said the talks were useful.",
     ("The minister", "Sergey Lavrov")),
])
def test_an_addressed_name_takes_no_title(trained, text, speaker):
    assert _refs(trained, text)[-1] == speaker


@pytest.mark.parametrize(("answer", "ref"), [
    # "She did." answers about Ann Moss: she is a woman, "He" is someone else, not named
    ("KERR: She did. He told me the vote is off.", None),
    ("KERR: She did. She told me the vote is off.", "Ann Moss"),
    # her first name is a woman's (person_gender): "He" is someone else, not named
    ("KERR: Yes. He told me the vote is off.", None),
])
def test_answer_pronoun_gives_the_named_person_a_gender(trained, answer, ref):
    text = _OPENING + "LEE: Governor Ann Moss called you today.\n\n" + answer
    assert _refs(trained, text)[-1][1] == ref


def test_answer_pronoun_of_a_person_of_unknown_gender(trained):
    # a unisex first name and no answer about them: no gender known, the one named
    text = _OPENING + "LEE: Governor Jordan Moss called you today.\n\nKERR: Yes. He told me the vote is off."
    assert _refs(trained, text)[-1][1] == "Jordan Moss"


def test_answer_pronoun_of_a_man(trained):
    text = _OPENING + "LEE: Governor Bill Moss called you today.\n\nKERR: He did. He told me the vote is off."
    assert _refs(trained, text)[-1] == ("He", "Bill Moss")


# ---- 8. a he/she after a quote by a name the recogniser left untagged -----------------------

@pytest.mark.parametrize(("text", "refs"), [
    ('"We are ready," Holt said. "We have the money," she added. "We have the votes."',
     [("Holt", None), ("she", "Holt"), ("she", "Holt")]),
    ("Reed said the plan was ready. He added that the money was there.", [("Reed", None), ("He", "Reed")]),
    ('"We are ready," Holt told reporters. She said the money was there.', [("Holt", None), ("She", "Holt")]),
    # a title of the other gender: not her
    ('"We are ready," Mr. Holt said. "We have the money," she added.', [("Mr. Holt", "Holt"), ("she", None)]),
    # an organisation or a description is no person to refer to
    ('"It is over," Google said. "We are done," he added.', [("Google", None), ("he", None)]),
    ('"We are ready," the mayor said. "We have the money," she added.', [("the mayor", None), ("she", None)]),
    # only within the paragraph
    ('"We are ready," Holt said.\n\n"We have the money," she added.', [("Holt", None), ("she", None)]),
])
def test_pronoun_after_a_quote_refers_to_its_speaker(trained, text, refs):
    assert _refs(trained, text) == refs


def test_pronoun_in_someone_elses_quote_is_not_them(trained):
    # "he" in Jane Roe's words is not Jane Roe, and no untagged name before it is taken for him
    rows = _rows(trained, 'Jane Roe said: "When I asked Holt, he said no."')
    assert [(r[2], r[3]) for r in rows if r[2] == "he"] in ([], [("he", None)])
