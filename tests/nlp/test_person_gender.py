"""Issue 10 (gender10): a he/she speaker links to a person of that gender.

Evidence per person (:mod:`annotator.nlp.person_gender`): a gendered title, the possessives and
reflexives of the person's own clause outside quotation marks, the first name; unisex names and
lone surnames are unknown. Resolution (:class:`annotator.nlp.coref.MentionIndex`): the most recent
person of the pronoun's gender or of none known; one known to be of its gender ranks above one of
unknown gender. Every sentence here is made up.
"""

from __future__ import annotations

import pytest

from annotator.nlp.coref import MentionIndex
from annotator.nlp.person_gender import first_name_gender, genders, quoted_ranges, title_gender
from annotator.nlp.quotes import suggest_quotes
from tests.nlp.test_quotes_sentence_end import trained  # noqa: F401 - the pipeline fixture

pytestmark = pytest.mark.timeout(120)


def _ref(nlp, text: str, content: str) -> list[str | None]:
    """The speaker_ref of every quote whose content is ``content``."""
    quotes = suggest_quotes(nlp(text), text=text)
    return [q.speaker_ref for q in quotes if text[q.content[0] : q.content[1]] == content]


# ---- the first-name list ------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "gender"), [
    ("Ann Moss", "f"),
    ("Tom Reyes", "m"),
    ("Beth Lowe", "f"),
    ("Dmitri Okafor", "m"),
    ("Jordan Vale", None),  # unisex
    ("Robin Hale", None),  # unisex
    ("Leslie Crane", None),  # unisex
    ("Moss", None),  # a lone word is a surname: never looked up
    ("General Ann Moss", None),  # a title word first: not a given name
    ("J. Moss", None),  # an initial
    ("Zyxwv Moss", None),  # not a known given name
])
def test_first_name_gender(name, gender):
    assert first_name_gender(name) == gender


def test_the_list_ships_with_the_package_and_keeps_no_unisex_name():
    from importlib import resources

    text = resources.files("annotator.resources").joinpath("first_names.tsv").read_text(encoding="utf-8")
    rows = dict(line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    assert len(rows) > 10_000 and set(rows.values()) == {"m", "f"}
    assert not {"jordan", "chris", "taylor", "jean", "kim", "leslie", "robin"} & set(rows)
    assert "MIT License" in text  # nomquamgender's notice travels with its data


def test_title_gender():
    assert (title_gender("Mrs. Holt"), title_gender("Mr. Holt"), title_gender("Sen. Holt"), title_gender("Mr. and Mrs. Holt")) == ("f", "m", None, None)


def test_quoted_ranges_curly_straight_and_unclosed():
    text = 'Ann said \u201cwe won\u201d and "they lost." Tom\u2019s view: \u201cwait\nNext line "open'
    got = [text[a:b] for a, b in quoted_ranges(text)]
    assert got == ["\u201cwe won\u201d", '"they lost."', "\u201cwait", '"open']


# ---- evidence per person (a parse needed) -------------------------------------------------------

def _genders(nlp, text):
    doc = nlp(text)
    ents = [e for e in doc.ents if e.label_ == "PERSON"]
    return {name: g for name, (g, _source) in genders(doc, ents, [e.text for e in ents], parsed=True, text=text).items()}


@pytest.mark.trained
@pytest.mark.parametrize(("text", "name", "gender"), [
    # (a) a title beats a first name
    ("Mr. Leslie Crane opened the hearing.", "Leslie Crane", "m"),
    ("Mrs. Tom Reyes opened the hearing.", "Tom Reyes", "f"),
    # (b) a possessive or reflexive of the person's own clause
    ("Jordan Vale defended his record at the hearing.", "Jordan Vale", "m"),
    ("Robin Hale tried to explain herself to the board.", "Robin Hale", "f"),
    # ... beats the first name (the text knows the person)
    ("Tom Reyes thanked her staff after the count.", "Tom Reyes", "f"),
    # not a possessive of a reported clause or a relative clause: someone else's
    ("Jordan Vale said his plan had failed.", "Jordan Vale", None),
    ("Jordan Vale met a farmer who lost his barn.", "Jordan Vale", None),
    # not after another person in the clause: the possessive may be theirs
    ("Jordan Vale faulted Tom Reyes over his plan.", "Jordan Vale", None),
    ("Jordan Vale faulted the mayor over his plan.", "Jordan Vale", None),
    # (c) the first name alone
    ("Ann Moss opened the hearing.", "Ann Moss", "f"),
    # unisex, nothing else: unknown
    ("Jordan Vale opened the hearing.", "Jordan Vale", None),
])
def test_evidence_of_each_kind(trained, text, name, gender):
    assert _genders(trained, text)[name] == gender


@pytest.mark.trained
def test_a_possessive_inside_quotation_marks_is_no_evidence(trained):
    plain = "Jordan Vale never answered his critics, the report said."
    quoted = '"Jordan Vale never answered his critics," Robin Hale said.'
    assert _genders(trained, plain)["Jordan Vale"] == "m"
    assert _genders(trained, quoted)["Jordan Vale"] is None


@pytest.mark.trained
def test_a_bare_surname_two_people_share_gives_no_possessive_evidence(trained):
    # "Holt" may be either Holt: Ann Holt's gender comes from her first name, not his gun
    text = "Peter Holt stayed in the car while Ann Holt spoke to the officers. Holt then dropped his gun on the grass."
    doc = trained(text)
    assert MentionIndex(doc, text).gender("Ann Holt") == "f"


@pytest.mark.trained
def test_a_bare_surname_of_one_person_gives_possessive_evidence(trained):
    # one Vale only: "Vale ... his" is Jordan Vale's
    text = "Jordan Vale spoke to the officers. Vale then dropped his gun on the grass."
    doc = trained(text)
    assert MentionIndex(doc, text).gender("Jordan Vale") == "m"


@pytest.mark.trained
def test_conflicting_evidence_of_one_kind_is_unknown(trained):
    text = "Jordan Vale defended his record. Later Jordan Vale thanked her family."
    assert _genders(trained, text)["Jordan Vale"] is None


@pytest.mark.trained
def test_the_source_of_each_gender_is_kept(trained):
    text = "Mr. Dale Quill spoke. Robin Hale defended his record. Ann Moss left. Jordan Vale stayed."
    doc = trained(text)
    ents = [e for e in doc.ents if e.label_ == "PERSON"]
    got = genders(doc, ents, [e.text.removeprefix("Mr. ") for e in ents], parsed=True, text=text)
    assert got == {"Dale Quill": ("m", "title"), "Robin Hale": ("m", "pronoun"), "Ann Moss": ("f", "first name"), "Jordan Vale": (None, "")}
    index = MentionIndex(doc, text)
    # a title apart from the weaker kinds
    assert [index.titled_gender(n) for n in ("Dale Quill", "Robin Hale", "Ann Moss")] == ["m", None, None]


@pytest.mark.trained
def test_the_index_knows_a_surname_by_its_full_name(trained):
    text = "Ann Moss opened the hearing. Moss spoke for an hour."
    doc = trained(text)
    index = MentionIndex(doc, text)
    assert index.gender("Ann Moss") == "f" and index.gender("Beth Lowe") == "f" and index.gender("Jordan Vale") is None


# ---- resolution ---------------------------------------------------------------------------------

@pytest.mark.trained
@pytest.mark.parametrize(("text", "ref"), [
    # the user tester's example (the earlier speaker path also gets it right)
    ('Ann Moss said the vote would wait. Tom Reyes disagreed. "We are ready," she said.', "Ann Moss"),
    # its kind: the last named is a man, "she" is the woman before him (first names)
    ('Ann Moss arrived early. Tom Reyes disagreed with the plan. "We are ready," she said.', "Ann Moss"),
    ('Tom Reyes arrived early. Ann Moss disagreed with the plan. "We are ready," he said.', "Tom Reyes"),
    # ... also when both of them spoke
    ('Ann Moss said the vote would wait. Tom Reyes said it would not. "We are ready," she said.', "Ann Moss"),
    ('"We are ready," Ann Holt said. Tom Reyes said the money was there. "It will pass," she added.', "Ann Holt"),
    # two of the pronoun's gender: the most recent
    ('Ann Moss arrived early. Beth Lowe disagreed with the plan. "We are ready," she said.', "Beth Lowe"),
    ('Tom Reyes arrived early. Dmitri Okafor disagreed with the plan. "We are ready," he said.', "Dmitri Okafor"),
    # a unisex name stays possible when no one known to be of the pronoun's gender is named
    ('Jordan Vale arrived early. Tom Reyes disagreed with the plan. "We are ready," she said.', "Jordan Vale"),
    # an honorific decides where the first name cannot
    ('Mr. Leslie Crane arrived early. Ann Moss disagreed with the plan. "We are ready," he said.', "Leslie Crane"),
    # the text's own possessive decides where the first name cannot, and ranks the one it
    # genders above a more recent person of unknown gender
    ('Robin Hale defended his record. Jordan Vale disagreed with the plan. "We are ready," he said.', "Robin Hale"),
    # known to be of the pronoun's gender (first name) ranks above a more recent unknown one
    ('Ann Moss arrived early. Jordan Vale disagreed with the plan. "We are ready," she said.', "Ann Moss"),
    # the passive "she was quoted as saying"
    ("Ann Moss arrived early. Tom Reyes left. She was quoted as saying the vote would wait.", "Ann Moss"),
])
def test_a_pronoun_speaker_takes_a_person_of_its_gender(trained, text, ref):
    content = "It will pass" if "It will pass" in text else "the vote would wait" if "quoted as" in text else "We are ready"
    assert _ref(trained, text, content) == [ref]


@pytest.mark.trained
def test_across_a_paragraph_break_recency_decides(trained):
    # the known man is in an earlier paragraph: the unknown one of this paragraph is "he"
    text = 'Tom Reyes arrived early.\nAnn Moss met Jordan Vale. "We are ready," he said.'
    assert _ref(trained, text, "We are ready") == ["Jordan Vale"]


@pytest.mark.trained
def test_a_paragraph_naming_no_one_looks_back_to_the_subject_first(trained):
    # neither man is in the pronoun's paragraph: the earlier one's subject, not its last mention
    text = 'Tom Reyes faulted Dan Ruiz on Monday.\n"We are ready," he said.'
    assert _ref(trained, text, "We are ready") == ["Tom Reyes"]


@pytest.mark.trained
def test_a_known_mention_does_not_outrank_an_unknown_main_subject(trained):
    # Chris is unisex, Tom a man: still the subject, not the man named in a clause inside
    text = 'Chris Vale bristled at the idea that the board erred in trusting Tom Reyes. "We are ready," he said.'
    assert _ref(trained, text, "We are ready") == ["Chris Vale"]


# far enough (over 400 characters) for the subject to fall out of the person index's window
_FILLER = (
    "in a turn that startled the nine members of the Orlen valley water board, who had backed "
    "his canal scheme through three wet winters, two audits and one very long dispute over eels, "
    "and who had hoped to vote on it at the spring sitting in the old grain store on Pell Street, "
    "where the board has met since the flood of the Orlen took the roof off its own hall and "
    "carried the minute books halfway to the coast. "
)


@pytest.mark.trained
def test_a_first_name_does_not_keep_a_mere_mention_over_the_speaker_going_on(trained):
    # the index takes the man named last, who said nothing; the man just quoted goes on
    text = f'"We are ready," Dan Ruiz said on Monday, {_FILLER}It was a blow for Tom Reyes. "We will wait," he said.'
    assert _ref(trained, text, "We will wait") == ["Dan Ruiz"]


@pytest.mark.trained
def test_no_person_of_the_pronouns_gender_leaves_it_unresolved(trained):
    text = 'Tom Reyes arrived early. Dmitri Okafor disagreed with the plan. "We are ready," she said.'
    assert _ref(trained, text, "We are ready") == [None]


@pytest.mark.trained
def test_a_he_inside_a_quotation_is_not_its_speaker(trained):
    # the "he" of Ann Moss's words is a third person: the quote is hers, not Tom Reyes's
    text = 'Tom Reyes left early. Ann Moss said, "He told us the vote would wait."'
    quotes = suggest_quotes(trained(text), text=text)
    assert [q.speaker_ref for q in quotes if "vote would wait" in text[q.content[0] : q.content[1]]] == ["Ann Moss"]


@pytest.mark.trained
def test_an_earlier_speaker_of_the_paragraph_goes_by_first_name(trained):
    # the previous-speaker path: "she" goes on from the woman who spoke, not the man after her
    text = '"We are ready," Ann Holt said. "We have the money," Tom Reyes added. "It will pass," she said.'
    assert _ref(trained, text, "It will pass") == ["Ann Holt"]


@pytest.mark.trained
def test_the_earlier_speaker_goes_by_her_own_first_name_not_the_indexs_other_evidence(trained):
    # the person index may carry a title over to the wrong full name ("her husband Holt" read as
    # Maria Holt's): the earlier-speaker path trusts only the speaker's own first name
    from annotator.nlp.quotes_previous_speaker import previous_speaker
    from annotator.nlp.quotes_types import Quote

    text = '"Stop now," Maria Holt shouted. Officers held the man. "Let him go," she says.'

    def at(words: str) -> tuple[int, int]:
        i = text.index(words)
        return (i, i + len(words))

    quotes = [
        Quote(at("Stop now"), "direct", at("shouted"), at("Maria Holt"), "Maria Holt", group=0),
        Quote(at("Let him go"), "direct", at("says"), at("she"), None, group=1),
    ]
    out = previous_speaker(trained(text), quotes, text, lambda name: "m", shown=lambda name: None)
    assert [q.speaker_ref for q in out] == ["Maria Holt", "Maria Holt"]


@pytest.mark.trained
@pytest.mark.parametrize(("text", "alone", "name"), [
    # a first name alone stands for the one full name it opens
    ("Pete Orlow spoke first. Then Pete left the hall.", "Pete", "Pete Orlow"),
    # two full names open with it: no one in particular
    ("Ann Holt met Ann Kerr. Ann left the hall.", "Ann", "Ann"),
])
def test_a_first_name_alone(trained, text, alone, name):
    doc = trained(text)
    index = MentionIndex(doc, text)
    at = text.rindex(alone)
    assert index.name_in(at, at + len(alone)) == name


@pytest.mark.trained
@pytest.mark.parametrize(("text", "ref"), [
    ('The Harbor Union met Ann Moss on Monday. "We are ready," it said.', None),
    # rules41: a group's "they" stands for the group's phrase, never the named person
    ('Port officials met Ann Moss on Monday. "We are ready," they said.', "Port officials"),
])
def test_it_and_they_never_take_a_person(trained, text, ref):
    # an organisation's "it" and a group's "they": no named person
    assert _ref(trained, text, "We are ready") == [ref]
