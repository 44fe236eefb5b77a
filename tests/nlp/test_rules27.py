"""Rules, usertest22 H1, M5, M6, M7 and L3 (issue 10), one section per kind. Invented sentences.

1. a belief or guess asked of the reader ("Would you ever have imagined that ...?": subject
   "you", a question mark) and a passive "was told to <verb>" (an instruction) are no reports
   (``quotes_indirect._to_the_reader``, ``quotes_indirect._told_to_do``). "want", "know" and
   "learn" stay cues: PolNeAR's gold (dev + train) marks them cues in 67 %, 59 % and 62 % of
   their uses outside another content;
2. an emphatic reflexive the parse made a subject ("she was held ... and *had herself claimed*
   that ...") is never the speaker: the subject of its auxiliary or of the first conjunct is
   (``quotes_speakers._reflexive_owner``), and the first report stops before "and had"
   (``quotes_indirect._without_trailing_and``);
3. a plural speaker's present cue coordinated after the reported clause, with no subject of
   its own ("neighbours say Marco has ... *and say that* ...") is the speaker's next report: the
   first content stops before "and", and the second is the speaker's, not the reported
   subject's (``quotes_speakers.speakers_next_report``; "... and *says* that", agreeing with a
   singular reported subject, stays that subject's);
4. a "she"/"he" after a sentence whose subject is one person and whose later clause has a list of
   three or more names as its subject ("X was selected ... as Kim, Alex, Robin Day and Sam had
   fun below") goes to that person: a list is "they", so none of its names is a salient subject
   (``coref._in_a_list``); before, the last name of the list got the quote;
5. a refusal to comment on a question ("would not comment on whether the suspect was armed",
   "declined to comment on how many ...") is read as "would not say whether" is: cue from the
   negation or the refusing verb through "on", content the question
   (``quotes_indirect._comment_on``); before, nothing, or "refused" with "to comment on ..." as
   the content;
6. '"A," the minister, who, asked whether he would resign, laughed, said, "B."': the participle
   set off after "who" frames no quote (``quotes_direct._after_cue`` passes it, as rules24's
   cue-first order does), and the act before the cue ("laughed,", which the parse makes a clause
   "said" reports) gives the frame its speaker (``quotes_direct._subject_of_act_before``); before,
   the first piece had cue "asked" and the second no speaker;
7. a hyphenated name the parse split into several subjects ("al-Masri said") is the speaker whole
   (``quotes_speakers.np_range``); before, "Masri".

Rows: (content, cue, speaker, group, nested), one per suggested piece.
"""

from __future__ import annotations

import pytest

from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture
from tests.nlp.test_rules24 import _rows  # the rows (content, cue, speaker, group, nested) per piece

pytestmark = [pytest.mark.trained, pytest.mark.timeout(120)]


# ---- 1. questions to the reader, instructions -------------------------------------------------

@pytest.mark.parametrize("text", [
    "Would you ever have imagined that a goat could climb that wall?",  # the usertest's shape
    "Did you know that the old bridge was built by prisoners?",
    "Can you believe the council wants to sell the park?",
    "Do you think the mayor will keep her promise?",
    "Would you ever have guessed that the bakery had closed?",
    "Have you heard that the ferry will stop running in winter?",
    "Pupils were told to write something kind about the teacher.",  # the usertest's shape
    "The guards were told to search every bag at the gate.",
    "Residents have been told to boil their water until Friday.",
    "Drivers are told to keep left on the new bridge.",
    "The crew was told to leave the ship before noon.",
])
def test_a_question_to_the_reader_or_an_instruction_is_no_report(trained, text):
    assert _rows(trained, text) == []


@pytest.mark.parametrize(("text", "content", "cue", "speaker"), [
    # were right, stay right
    ("He was told that the ferry would not run on Sunday.", "the ferry would not run on Sunday", "told", None),
    ("She was told by doctors that the surgery had gone well.", "the surgery had gone well", "told", "doctors"),
    ("The mayor thinks the council will approve the park.", "the council will approve the park", "thinks", "The mayor"),
    ("Officials believe the fire was started on purpose.", "the fire was started on purpose", "believe", "Officials"),
    ("Most people in the village eventually knew what he was planning.", "what he was planning", "knew", "Most people"),
])
def test_a_belief_or_a_report_stays(trained, text, content, cue, speaker):
    assert [r[:3] for r in _rows(trained, text)] == [(content, cue, speaker)]


# ---- 2. an emphatic reflexive is never the speaker ---------------------------------------------

@pytest.mark.parametrize(("text", "first", "second", "speaker"), [
    ("They said she was stopped for driving with a false licence and had herself admitted that she was the "
     "owner's wife.", "she was stopped for driving with a false licence", "she was the owner's wife", "she"),  # the usertest's
    ("Police said he was held for carrying a stolen passport and had himself admitted that he is a deserter.",
     "he was held for carrying a stolen passport", "he is a deserter", "he"),
    ("Reports said the singer was fined for speeding and had herself admitted that she was late for a show.",
     "the singer was fined for speeding", "she was late for a show", "the singer"),
    ("Friends said the climber was rescued after two days and had himself insisted that he was fine.",
     "the climber was rescued after two days", "he was fine", "the climber"),
    ("Officials said the driver was arrested at the border and had himself claimed that he stole the van.",
     "the driver was arrested at the border", "he stole the van", "the driver"),
    ("Staff said the patient was sent home early and had herself insisted that she felt well.",
     "the patient was sent home early", "she felt well", "the patient"),
    ("Neighbours said the couple had themselves claimed that the house was empty.",
     "the couple had themselves claimed that the house was empty", "the house was empty", "the couple"),
])
def test_a_reflexive_stands_for_the_clauses_subject(trained, text, first, second, speaker):
    rows = [r[:3] for r in _rows(trained, text)]
    assert rows[0][0] == first, rows
    assert rows[1][0] == second and rows[1][2] == speaker, rows
    assert len(rows) == 2, rows


@pytest.mark.parametrize(("text", "content", "cue", "speaker"), [
    ("She had herself claimed that the painting was a fake.", "the painting was a fake", "claimed", "She"),
    ("The coach had himself said that the team was tired.", "the team was tired", "said", "The coach"),
    ("They had themselves warned that the dam would break.", "the dam would break", "warned", "They"),
    # were right, stay right
    ("The mayor herself said the bridge will reopen in May.", "the bridge will reopen in May", "said", "The mayor"),
    ("He himself told reporters that the vote was rigged.", "the vote was rigged", "told", "He"),
])
def test_a_reflexive_after_its_subject(trained, text, content, cue, speaker):
    assert [r[:3] for r in _rows(trained, text)] == [(content, cue, speaker)]


# ---- 3. an elided second report -----------------------------------------------------------------

@pytest.mark.parametrize(("text", "speaker", "first", "second"), [
    ("Former neighbours say Marco has a deep voice and say that most people on the street knew him.",
     "Former neighbours", "Marco has a deep voice", "most people on the street knew him"),  # the usertest's
    ("Colleagues say Ana is a careful pilot and say that she never skips a check.",
     "Colleagues", "Ana is a careful pilot", "she never skips a check"),
    ("Parents say the headmaster has lost their trust and demand that he resign at once.",
     "Parents", "the headmaster has lost their trust", "he resign at once"),
    ("Witnesses say the driver was drunk and insist that he ran the red light.",
     "Witnesses", "the driver was drunk", "he ran the red light"),
    ("Fans say Lena has been ill for weeks and claim that the tour was far too long.",
     "Fans", "Lena has been ill for weeks", "the tour was far too long"),
    ("Teachers say the school is too small and say that the roof leaks every winter.",
     "Teachers", "the school is too small", "the roof leaks every winter"),
    ("The unions say wages are too low and warn that a strike is coming.",
     "The unions", "wages are too low", "a strike is coming"),
])
def test_a_coordinated_cue_without_a_subject_is_the_speakers(trained, text, speaker, first, second):
    rows = [(r[0], r[2]) for r in _rows(trained, text)]
    assert rows == [(first, speaker), (second, speaker)]


@pytest.mark.parametrize(("text", "rows"), [
    # were right, stay right
    ("Critics say the senator has changed his mind and says that he will vote no.",
     [("the senator has changed his mind and says that he will vote no", "Critics"), ("he will vote no", "the senator")]),
    ("Doctors said the ward was full and added that two nurses were ill.",
     [("the ward was full", "Doctors"), ("two nurses were ill", "Doctors")]),
    ("Neighbours say Marco sings and dances in the garden every night.",
     [("Marco sings and dances in the garden every night", "Neighbours")]),
])
def test_a_conjunct_agreeing_with_the_reported_subject_stays_its(trained, text, rows):
    assert [(r[0], r[2]) for r in _rows(trained, text)] == rows


# ---- 4. a pronoun's speaker_ref over a list of names --------------------------------------------

def _refs(trained, text: str) -> list[tuple]:
    from annotator.nlp.quotes import suggest_quotes

    return [(text[q.speaker[0] : q.speaker[1]], q.speaker_ref) for q in suggest_quotes(trained(text), text=text) if q.speaker]


LIST = "as Kim, Alex, Robin Day and Sam"


@pytest.mark.parametrize(("text", "pronoun", "ref"), [
    (f"Jordan Blake was selected to watch over the garden {LIST} had fun below.\n\nHer decision to come forward "
     "came at the end of her first week at college, when students were told to share something.\n\nAfter holding back "
     'for days, she eventually said: "I saw no point in hiding it any longer."', "she", "Jordan Blake"),  # the usertest's shape
    (f"Quinn Harper was selected to watch over the park {LIST} had fun below.\n\nAfter holding back for weeks, she "
     'eventually said: "I decided to tell them the whole story."', "she", "Quinn Harper"),
    ("Parker Lane was selected to sit on the wall as Kim, Jo, Robin Day and Sam had fun below.\n\nSome time later, "
     'he said: "Nobody believed me when I first told them."', "he", "Parker Lane"),
    (f"Skyler Dunn was chosen to wave from the balcony {LIST} had fun below.\n\nYears later, she said: "
     '"I only remember the noise of the crowd."', "she", "Skyler Dunn"),
    (f"Reese Gray was selected to stand by the gate {LIST} ran below.\n\nAsked about it later, she said: "
     '"I only remember the rain."', "she", "Reese Gray"),
    # were right, stay right
    ("Jordan Blake was chosen to watch over the field as Remy, Alex, Robin Day and Sam played below.\n\nAfter "
     'holding back for days, she eventually said: "I saw no point in hiding it any longer."', "she", "Jordan Blake"),
    ("Jordan Blake was selected to watch over the garden while Kim and Sam played below.\n\nAfter holding back "
     'for days, she eventually said: "I saw no point in hiding it any longer."', "she", "Jordan Blake"),
    ('Tom Reyes and Ana Ruiz met at the station on Friday.\n\nHe said: "We talked about the port for an hour."',
     "He", "Tom Reyes"),
])
def test_a_list_of_names_is_no_salient_subject(trained, text, pronoun, ref):
    assert _refs(trained, text) == [(pronoun, ref)]


# ---- 5. a refusal to comment on a question ------------------------------------------------------

@pytest.mark.parametrize(("text", "content", "cue", "speaker"), [
    ("A police spokesman would not comment on whether the suspect was armed.",  # the usertest's
     "whether the suspect was armed", "would not comment on", "A police spokesman"),
    ("The club declined to comment on whether the coach would stay.",
     "whether the coach would stay", "declined to comment on", "The club"),
    ("Officials refused to comment on how many people were hurt.",
     "how many people were hurt", "refused to comment on", "Officials"),
    ("The company would not comment on why the plant was closed.",
     "why the plant was closed", "would not comment on", "The company"),
    ("A spokeswoman did not comment on whether talks had resumed.",
     "whether talks had resumed", "did not comment on", "A spokeswoman"),
    ("The mayor has refused to comment on what the council will do next.",
     "what the council will do next", "refused to comment on", "The mayor"),
    # were right, stay right
    ("The minister would not say whether the suspect was armed.",
     "whether the suspect was armed", "would not say", "The minister"),
])
def test_a_refusal_to_comment_on_a_question(trained, text, content, cue, speaker):
    assert [r[:3] for r in _rows(trained, text)] == [(content, cue, speaker)]


@pytest.mark.parametrize("text", [
    # were right, stay right: a thing commented on, or a comment made, is no question refused
    "The coach commented on the weather before the match.",
    "A spokesman would not comment on the letter.",
])
def test_a_comment_on_a_thing_stays_no_report(trained, text):
    assert _rows(trained, text) == []


# ---- 6. "who, asked whether ..., laughed, said," between two pieces -----------------------------

@pytest.mark.parametrize(("text", "first", "second", "speaker"), [
    ('"We are not going anywhere," the minister, who, asked whether he would resign, laughed, said, '
     '"and the port will open in May."', "We are not going anywhere", "and the port will open in May.", "the minister"),
    ('"It was a fair game," the coach, who, asked whether he would appeal, shrugged, said, "and we move on."',
     "It was a fair game", "and we move on.", "the coach"),
    ('"The talks went well," the envoy, who, asked whether a deal was near, paused, said, "but there is more to do."',
     "The talks went well", "but there is more to do.", "the envoy"),
    ('"I have no regrets," the senator, who, asked whether she would run again, laughed, said, "and I would do it again."',
     "I have no regrets", "and I would do it again.", "the senator"),
    # were right, stay right
    ('"The budget is fine," the mayor, who, asked whether she would cut jobs, sighed, said, "and nobody will lose a job."',
     "The budget is fine", "and nobody will lose a job.", "the mayor"),
    ('"The road is safe," the engineer, who, asked whether it would flood, frowned, said, "for now."',
     "The road is safe", "for now.", "the engineer"),
    ('"We are ready," the minister, who has led the party since May, said, "and we will win."',
     "We are ready", "and we will win.", "the minister"),
])
def test_an_asked_aside_then_an_act_before_the_cue(trained, text, first, second, speaker):
    rows = _rows(trained, text)
    assert [r[:3] for r in rows] == [(first, "said", speaker), (second, "said", speaker)]
    assert len({r[3] for r in rows}) == 1, rows  # one attribution


# ---- 7. a hyphenated name split by the parse ----------------------------------------------------

@pytest.mark.parametrize(("text", "speaker"), [
    ("The ceasefire will hold, al-Masri said on Sunday.", "al-Masri"),
    ("The town is safe again, al-Qasim said on Monday.", "al-Qasim"),
    ("The border will stay open, al-Jaziri said in a statement.", "al-Jaziri"),
    # were right, stay right
    ('"We will not stop," al-Rashidi added.', "al-Rashidi"),
    ("The talks failed, al-Amin said.", "al-Amin"),
    ("No one was hurt in the blast, al-Hakim told the radio.", "al-Hakim"),
    ("Aid will arrive by Sunday, el-Fayed said.", "el-Fayed"),
    ("Prices will rise, Smith-Jones said.", "Smith-Jones"),
    ("Abu al-Masri said the ceasefire would hold.", "Abu al-Masri"),
])
def test_a_hyphenated_name_is_the_whole_speaker(trained, text, speaker):
    assert [r[2] for r in _rows(trained, text)] == [speaker]
