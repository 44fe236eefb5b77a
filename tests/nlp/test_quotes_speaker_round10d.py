"""Speaker kinds of round 10d (issue 10, speakers of rules + model), each on made-up sentences:

* a present participle hanging on a noun ("a resolution *condemning* X") is said by the noun's
  possessor, by whoever issued the thing it hangs on, or by the person/group noun itself
  (``quotes_speakers._participle_doer``);
* the cue under an adjective ("are more likely *to say*", "was reluctant *to endorse*") takes
  the copula's subject;
* a title-case place before a wire agency and a dash ("Philadelphia (AFP) –") is a dateline,
  never a speaker;
* the name after "told"/"asked" is the addressee, never the speaker (the parser-free reading).
"""

from __future__ import annotations

import pytest
import spacy

from annotator.nlp.quotes_doc import DocContext
from annotator.nlp.quotes_speakers import speaker_for
from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture


def _speaker(nlp, text: str, cue: str) -> str | None:
    doc = nlp(text)
    ctx = DocContext(doc, text)
    t = next(t for t in doc if t.text == cue)
    lo, hi = (t.sent.start, t.sent.end) if doc.has_annotation("DEP") else (0, len(doc))
    found = speaker_for(ctx, t.i, lo, hi)
    return text[found[0] : found[1]] if found else None


PARTICIPLES = [
    # (sentence, participle cue, speaker)
    ("The town council on Tuesday passed a resolution condemning the new parking rules.", "condemning", "The town council"),
    ("Maria Lopez, the union's treasurer, issued a statement confirming that dues will rise next year.", "confirming", "Maria Lopez"),
    ("Last year the bakery owner gave $5,000 to a group opposing the stadium.", "opposing", "a group"),
    ("The governor's speech praising the nurses drew long applause.", "praising", "The governor"),
    # what was received speaks, not who received it
    ("On Monday the police received several calls saying that a man was armed.", "saying", "several calls"),
    # the parse hangs the participle on the addressees of the message it describes
    ("Her campaign quickly sent out an email to supporters stating that the race was close.", "stating", "Her campaign"),
]


@pytest.mark.trained
@pytest.mark.parametrize(("text", "cue", "speaker"), PARTICIPLES)
def test_a_participle_on_a_noun_is_said_by_its_possessor_its_issuer_or_the_group_itself(trained, text, cue, speaker):
    assert _speaker(trained, text, cue) == speaker


@pytest.mark.trained
@pytest.mark.parametrize(("text", "cue", "speaker"), [
    ("Most farmers are more likely to say that the drought will last.", "say", "Most farmers"),
    ("The mayor, who was reluctant to endorse the plan, spoke last.", "endorse", "The mayor"),
])
def test_a_cue_under_an_adjective_takes_the_copulas_subject(trained, text, cue, speaker):
    assert _speaker(trained, text, cue) == speaker


@pytest.mark.trained
def test_a_title_case_place_before_a_wire_agency_and_a_dash_is_no_speaker(trained):
    text = "Philadelphia (AFP) \u2013 Mayor Jim Kenney will lead the fight on Monday, contrasting the two budgets."
    assert _speaker(trained, text, "contrasting") == "Mayor Jim Kenney"


def test_the_name_after_told_is_the_addressee_not_the_speaker():
    # no parser: the words around the cue decide; "said Reuters" names the speaker, "told Reuters"
    # the one spoken to
    nlp = spacy.blank("en")
    told = "Asked about the deal, the aide declined and told Reuters it was dead."
    said = "The deal is dead, said Jane Ruiz, an aide to the mayor."
    assert _speaker(nlp, told, "told") is None
    assert _speaker(nlp, said, "said") == "Jane Ruiz"


@pytest.mark.trained
def test_a_gerund_the_parse_made_the_object_of_its_preposition_takes_the_governing_subject(trained):
    # "by joking" parsed pobj, not pcomp: the same gerund frame ("after questioning", round 10b)
    text = 'Trump tried to brush it aside by joking, "Only my old rival from television." But Kelly was relentless.'
    assert _speaker(trained, text, "joking") == "Trump"


@pytest.mark.trained
@pytest.mark.parametrize(("text", "cue", "speaker"), [
    ("The two parties will be under pressure to pledge that they will cut taxes.", "pledge", "The two parties"),
    ("The mayor's refusal to admit that the bridge was unsafe angered the council.", "admit", "The mayor"),
])
def test_an_infinitive_on_a_noun_is_said_by_its_possessor_or_the_clauses_subject(trained, text, cue, speaker):
    assert _speaker(trained, text, cue) == speaker


def test_a_gerund_under_a_participle_tagged_as_an_adjective_takes_its_clauses_subject():
    # the tagger's slip the held-out slice showed: "surprised" read JJ in a relative clause
    from spacy.tokens import Doc

    from annotator.nlp.quotes_speakers import subject

    words = ["She", "met", "Ryan", ",", "who", "surprised", "Trump", "by", "declaring", "he", "would", "quit", "."]
    heads = [1, 1, 1, 2, 5, 2, 5, 5, 7, 11, 11, 8, 1]
    deps = ["nsubj", "ROOT", "dobj", "punct", "nsubj", "relcl", "dobj", "prep", "pcomp", "nsubj", "aux", "ccomp", "punct"]
    tags = ["PRP", "VBD", "NNP", ",", "WP", "JJ", "NNP", "IN", "VBG", "PRP", "MD", "VB", "."]
    pos = ["PRON", "VERB", "PROPN", "PUNCT", "PRON", "ADJ", "PROPN", "ADP", "VERB", "PRON", "AUX", "VERB", "PUNCT"]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, tags=tags, pos=pos)
    found = subject(doc[8])
    assert found is not None and found.text == "Ryan"  # the relative clause's antecedent


@pytest.mark.trained
@pytest.mark.parametrize(("text", "content", "speaker"), [
    ('The paper did not hold back.\n\n"The new budget is a mess from start to finish," reads an editorial in the Daily Star.',
     "The new budget", "an editorial"),
    ('The host kept talking about the band.\n\nThe comedian interjected, "Ladies and gentlemen, that was the worst song of the night."',
     "Ladies and gentlemen", "The comedian"),
])
def test_speech_verbs_of_quote_tags_credit_the_quote(trained, text, content, speaker):
    from annotator.nlp.quotes import suggest_quotes

    quotes = suggest_quotes(trained(text), text=text)
    k = text.index(content)
    hit = [q for q in quotes if q.content[0] <= k < q.content[1]]
    assert hit and hit[0].speaker is not None, quotes
    assert text[hit[0].speaker[0] : hit[0].speaker[1]] == speaker


@pytest.mark.trained
def test_the_relative_pronoun_is_recorded_for_a_participle_on_a_noun_of_the_relative_clause(trained):
    from annotator.nlp.quotes_speakers import relative_pronoun

    text = "The crowd cheered for Mayor Ana Ruiz, who opened the fair with a speech praising the nurses."
    doc = trained(text)
    ctx = DocContext(doc, text)
    cue = next(t for t in doc if t.text == "praising")
    speaker = speaker_for(ctx, cue.i, cue.sent.start, cue.sent.end)
    assert speaker is not None and text[speaker[0] : speaker[1]] == "Mayor Ana Ruiz"
    pron = relative_pronoun(cue, speaker)
    assert pron is not None and pron.text == "who"


def test_a_speaker_the_parse_hung_on_the_opening_phrase_as_an_appositive_speaks():
    # the parse the held-out data showed: "her adviser" an appositive of "the Herald", "said"
    # left without a subject
    from spacy.tokens import Doc

    words = ["In", "a", "statement", "to", "the", "Herald", ",", "her", "adviser", ",", "Tom", "Reyes", ",", "said", "the", "vote", "was", "close", "."]
    heads = [13, 2, 0, 2, 5, 3, 5, 8, 5, 8, 11, 8, 8, 13, 15, 16, 13, 16, 13]
    deps = ["prep", "det", "pobj", "prep", "det", "pobj", "punct", "poss", "appos", "punct", "compound", "appos", "punct",
            "ROOT", "det", "nsubj", "ccomp", "acomp", "punct"]
    pos = ["ADP", "DET", "NOUN", "ADP", "DET", "PROPN", "PUNCT", "PRON", "NOUN", "PUNCT", "PROPN", "PROPN", "PUNCT",
           "VERB", "DET", "NOUN", "AUX", "ADJ", "PUNCT"]
    tags = ["IN", "DT", "NN", "IN", "DT", "NNP", ",", "PRP$", "NN", ",", "NNP", "NNP", ",", "VBD", "DT", "NN", "VBD", "JJ", "."]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, pos=pos, tags=tags)
    text = doc.text
    found = speaker_for(DocContext(doc, text), 13, 0, len(doc))
    assert found is not None and text[found[0] : found[1]] == "her adviser"


@pytest.mark.trained
def test_who_is_heard_or_seen_saying_it_speaks(trained):
    text = '"Is the road open yet?" a reporter can be heard asking in the video.'
    assert _speaker(trained, text, "heard") == "a reporter"
    # "it was reported that": a passive of another verb still names no one
    assert _speaker(trained, "It was reported that the road was closed.", "reported") is None


@pytest.mark.trained
def test_the_relative_pronoun_is_recorded_for_an_adverbial_participle_of_the_relative_clause(trained):
    from annotator.nlp.quotes_speakers import relative_pronoun

    text = "He was profiled by the Daily Star, which ran a long article on him calling him the angriest man in town."
    doc = trained(text)
    cue = next(t for t in doc if t.text == "calling")
    assert cue.dep_ == "advcl", [(t.text, t.dep_, t.head.text) for t in doc]  # the parse this test is about
    pron = relative_pronoun(cue, None)
    assert pron is not None and pron.text == "which"
