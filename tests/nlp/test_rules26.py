"""Rules, usertest22 H1/H3 (issue 10): invented sentences of the shapes the FNC-1 bodies showed.

1. A quote mark glued to the punctuation before it (web copy: 'said,"No one', 'told us:"We',
   '...,"she said', '...."She added', '...,”said the mayor'): spaCy's tokenizer kept 'said,"No'
   one token, so the parse had no cue verb and the quote no speaker.
   ``quotes_sents.split_glued_quote_marks`` splits the mark and the punctuation off in every
   pipeline the suggestions use; the glued sentence then reads as the spaced one.
2. A colon quote after a reported clause ('Mrs Hale said the fair was never intended to grow
   so large: "..."'): the quote took the clause's verb ("was never intended") as its cue and had no
   speaker. ``quotes_direct._colon_report`` gives it the reporting verb whose clause holds that
   word when the word has no one as its subject; ``quotes._clause_then_colon_quote`` keeps the
   clause's reading beside the quote (one attribution, two pieces), and the quote's next
   paragraphs go on with the speaker.
3. A sentence-final frame (", the Associated Press reports.") the parse hung under the first
   clause's verb as its complement: ``quotes_frames.trailing_frames`` gives the clause to the
   frame's speaker instead of the frame to the clause's subject.
4. Another story's headline inside the body ("Terror News: Official Reveals Ban on Video
   Site", a related-story link): ``quotes_colon.link_headlines``; no reading in it. The article's
   own title keeps its colon attribution, as PolNeAR annotates titles.

Rows: (content, cue, speaker), one per suggested piece.
"""

from __future__ import annotations

import pytest

from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture

pytestmark = [pytest.mark.trained, pytest.mark.timeout(120)]


def _rows(trained, text: str) -> list[tuple]:
    from annotator.nlp.quotes import suggest_quotes

    def s(r):
        return text[r[0] : r[1]] if r else None

    return [(s(q.content), s(q.cue), s(q.speaker)) for q in suggest_quotes(trained(text), text=text)]


# ---- 1. a quote mark glued to the punctuation before it ---------------------------------------

GLUED = [
    # (glued text, the (content, cue, speaker) the same text with the usual space gets)
    ('One villager said,"Nobody came to help the driver."', ("Nobody came to help the driver.", "said", "One villager")),
    ('A fire officer added,"The road stays shut until noon."', ("The road stays shut until noon.", "added", "A fire officer")),
    ('The farmer told reporters:"We lost the whole harvest this year."', ("We lost the whole harvest this year.", "told", "The farmer")),
    ('"We lost the whole harvest this year,"she said.', ("We lost the whole harvest this year", "said", "she")),
    ('“The bridge will open in June,”said the mayor.', ("The bridge will open in June", "said", "the mayor")),
    ('"The bridge will open in June,"Maria Lopez told the paper.', ("The bridge will open in June", "told", "Maria Lopez")),
    ('He wrote,“The bridge will open in June.”', ("The bridge will open in June.", "wrote", "He")),
    ("Maria Lopez said,'The bridge will open in June.'", ("The bridge will open in June.", "said", "Maria Lopez")),
    ("The minister said,«The bridge will open in June.»", ("The bridge will open in June.", "said", "The minister")),
]


@pytest.mark.parametrize("text,expected", GLUED)
def test_a_glued_quote_mark_reads_as_a_spaced_one(trained, text, expected):
    rows = _rows(trained, text)
    assert rows == [expected], rows


@pytest.mark.parametrize("text", [
    '"We lost the whole harvest this year."She added that help came late.',
    '"We lost the whole harvest this year."She added,"Help came late."',
])
def test_a_mark_glued_after_a_period_reads_as_a_spaced_one(trained, text):
    spaced = text.replace('."S', '." S').replace(',"H', ', "H')
    rows = _rows(trained, text)
    assert rows == _rows(trained, spaced), rows
    assert [r[1:] for r in rows if r[0].lower().startswith("help came late")] == [("added", "She")], rows


def test_glued_marks_split_only_tokens_and_leave_words_whole(trained):
    def toks(t):
        return [x.text for x in trained.tokenizer(t)]

    assert toks('He said,"Go."And left.') == ["He", "said", ",", '"', "Go", ".", '"', "And", "left", "."]
    # apostrophes, times, numbers and abbreviations are untouched
    assert toks("a Ph.D.'s debt, don't, 3:30, 1,000, the students' books") == [
        "a", "Ph.D.", "'s", "debt", ",", "do", "n't", ",", "3:30", ",", "1,000", ",", "the", "students", "'", "books"]


# ---- 3. a trailing frame is never another reading's content ----------------------------------

FRAMED = [
    # (text, the reading: content, cue, speaker); main also gave "<frame>" as content with the
    # first clause's subject as speaker, or that reading alone
    ("Villagers reported hearing a loud boom late on Sunday, the Associated Press reports.",
     ("Villagers reported hearing a loud boom late on Sunday", "reports", "the Associated Press")),
    ("Villagers reported seeing bright lights over the lake, the Associated Press reports.",
     ("Villagers reported seeing bright lights over the lake", "reports", "the Associated Press")),
    ("Villagers reported seeing bright lights over the lake, the local paper reports.",
     ("Villagers reported seeing bright lights over the lake", "reports", "the local paper")),
    ("Hikers described hearing a loud crack on the ridge, the local paper reports.",
     ("Hikers described hearing a loud crack on the ridge", "reports", "the local paper")),
    ("Drivers reported waiting for hours at the border, the Daily Courier reports.",
     ("Drivers reported waiting for hours at the border", "reports", "the Daily Courier")),
    ("Villagers reported hearing a loud boom late on Sunday, the Daily Courier reports.",
     ("Villagers reported hearing a loud boom late on Sunday", "reports", "the Daily Courier")),
    # right on main too: other frames, pronoun and name speakers, adjuncts after the cue
    ("Drivers reported waiting for hours at the border, Reuters reports.",
     ("Drivers reported waiting for hours at the border", "reports", "Reuters")),
    ("Students reported feeling sick after lunch, the school said in a statement.",
     ("Students reported feeling sick after lunch", "said", "the school")),
    ("Farmers reported losing half their crop to the frost, he said.",
     ("Farmers reported losing half their crop to the frost", "said", "he")),
    ("Hikers reported hearing a loud crack on the ridge, Maria Lopez told reporters.",
     ("Hikers reported hearing a loud crack on the ridge", "told", "Maria Lopez")),
    ("Villagers reported hearing a loud boom late on Sunday, according to the Associated Press.",
     ("Villagers reported hearing a loud boom late on Sunday", "according to", "the Associated Press")),
]


@pytest.mark.parametrize("text,expected", FRAMED)
def test_a_trailing_frame_is_no_content(trained, text, expected):
    assert _rows(trained, text) == [expected], _rows(trained, text)


@pytest.mark.parametrize("text,expected", FRAMED[:6])
def test_a_trailing_frame_before_a_paragraph_break_is_no_content(trained, text, expected):
    # in an article the sentence ends in a space and a paragraph break, tokens of its own
    rows = _rows(trained, "A rock fell in the park overnight, the city said. " + text + " \n\nThe agency gave no more details.")
    assert rows[1:] == [expected], rows


def test_a_report_inside_the_framed_clause_stays_beside_it(trained):
    text = "Officials confirmed the bridge would close in May, Reuters reports."
    assert _rows(trained, text) == [
        ("Officials confirmed the bridge would close in May", "reports", "Reuters"),
        ("the bridge would close in May", "confirmed", "Officials"),
    ]


# ---- 4. another story's headline in the body is no colon attribution --------------------------

_BEFORE = "Flood waters rose across the valley on Monday.\n"
_AFTER = "\nThe mayor said the bridges would reopen in June."
_MAYOR = ("the bridges would reopen in June", "said", "The mayor")


@pytest.mark.parametrize("line", [
    "Terror News: Political Official Reveals Ban on Video Site",  # the usertest's shape
    "CNN Politics: Local Official Reveals Plan to Close Three River Bridges",
    "BBC Weather News: Governor Announces Emergency Funds for Farmers in the North",
    "Reuters Tech Desk: Airline Cancels Hundreds of Flights After Storm Hits Coast",
    "NBC Sports Roundup: Political Official Reveals Ban on Video Site",
    "NATO Watch: Governor Announces Emergency Funds for Farmers in the North",
    "Daily Courier Opinion: Local Official Reveals Plan to Close Three River Bridges",
])
def test_a_link_headline_in_the_body_gives_no_reading(trained, line):
    assert _rows(trained, _BEFORE + line + _AFTER) == [_MAYOR]


@pytest.mark.parametrize("text,first", [
    # the article's own title: PolNeAR annotates the label's attribution (its titles end in a stop)
    ("Marta Ruiz: The Bridges Will Reopen Before the Summer" + _AFTER,
     ("The Bridges Will Reopen Before the Summer", ":", "Marta Ruiz")),
    ("Marta Ruiz: The Bridges Will Reopen Before the Summer." + _AFTER,
     ("The Bridges Will Reopen Before the Summer.", ":", "Marta Ruiz")),
    # a headline's "X to Y:" label
    ("Mayor to farmers: Help is on the way." + _AFTER, ("Help is on the way.", ":", "Mayor")),
])
def test_a_title_keeps_its_colon_attribution(trained, text, first):
    assert _rows(trained, text) == [first, _MAYOR]


def test_transcript_turns_stay_in_the_body(trained):
    text = _BEFORE + "KURTZ: Well, look, the bridges will reopen in June.\nPIKE: And the farmers will get their money back this year."
    assert _rows(trained, text) == [
        ("Well, look, the bridges will reopen in June.", ":", "KURTZ"),
        ("And the farmers will get their money back this year.", ":", "PIKE"),
    ]


# ---- 2. a colon quote belongs to the sentence's reporting verb --------------------------------

COLON_AFTER_CLAUSE = [
    # (text, the clause's reading, the quote's reading): one attribution, two pieces; main gave
    # the quote the cue word of the reported clause ("was never intended") and no speaker
    ('Mrs Hale said the fair was never intended to grow so large: "We only ran it for the children."',
     ("the fair was never intended to grow so large", "said", "Mrs Hale"), ("We only ran it for the children.", "said", "Mrs Hale")),
    ('She added that the money was never supposed to be spent: "It was a fund for emergencies only."',
     ("the money was never supposed to be spent", "added", "She"), ("It was a fund for emergencies only.", "added", "She")),
    ("The mayor said the road had been expected to close: \u201cNobody was surprised by the decision.\u201d",
     ("the road had been expected to close", "said", "The mayor"), ("Nobody was surprised by the decision.", "said", "The mayor")),
    ('Tom Reyes said the festival was never planned as a yearly event: "We thought it would happen once."',
     ("the festival was never planned as a yearly event", "said", "Tom Reyes"), ("We thought it would happen once.", "said", "Tom Reyes")),
    ('He told the paper it was never expected to grow this big: "We had ten members in the first year."',
     ("it was never expected to grow this big", "told", "He"), ("We had ten members in the first year.", "told", "He")),
]


@pytest.mark.parametrize("text,clause,quote", COLON_AFTER_CLAUSE)
def test_a_colon_quote_after_a_reported_clause_is_the_reporters(trained, text, clause, quote):
    from annotator.nlp.quotes import suggest_quotes

    quotes = suggest_quotes(trained(text), text=text)
    rows = _rows(trained, text)
    assert rows == [clause, quote], rows
    assert len({q.group for q in quotes}) == 1


def test_the_quotes_next_paragraphs_go_on_with_her(trained):
    text = ('The fair opened in a small village in 1990.\n\nMrs Hale said the fair was never intended to grow so large: '
            '"We only ran it for the children.\n\n"Then the whole village wanted to join in.\n\n'
            '"By the summer we had over a hundred people."\n\nThe fair now draws thousands.')
    rows = _rows(trained, text)
    assert rows[1:] == [
        ("We only ran it for the children.", "said", "Mrs Hale"),
        ("Then the whole village wanted to join in.", "said", "Mrs Hale"),
        ("By the summer we had over a hundred people.", "said", "Mrs Hale"),
    ], rows


def test_a_person_in_the_clause_may_frame_the_colon_quote(trained):
    # 'she had warned them': the inner verb has a person as subject; its reading stays
    text = 'She said she had warned them about the river: "It floods every spring."'
    assert _rows(trained, text) == [
        ("she had warned them about the river", "said", "She"), ("It floods every spring.", "warned", "she")]
