"""Project-wide annotation search (issue 9): each example of the issue with its right hits."""

from __future__ import annotations

import pytest

from annotator.domain.errors import InputError
from annotator.domain.text_match import has_words, word_phrase
from annotator.storage.search import SearchQuery, UnknownValueError, check_query, search
from tests.search.corpus import build


@pytest.fixture
def proj(tmp_path):
    project = build(tmp_path / "s.db")
    yield project
    project.close()


def ids(project, **query) -> list[str]:
    return [h.span_id for h in search(project.db.conn, SearchQuery(**query))]


def test_all_quotes_by_flynn_follow_speaker_span_and_speaker_ref(proj):
    # q1's SPEAKER span is "Michael Flynn"; q2's is "he" with speaker_ref "Michael Flynn".
    assert ids(proj, label="QUOTE", speaker="flynn") == ["q1", "q2"]
    hits = search(proj.db.conn, SearchQuery(label="QUOTE", speaker="FLYNN"))
    assert [(h.speaker, h.speaker_ref) for h in hits] == [("Michael Flynn", ""), ("he", "Michael Flynn")]
    assert hits[0].title == "Flynn talks" and hits[0].text == "the talks would go on"


def test_claims_against_us_missile_defence(proj):
    hits = search(proj.db.conn, SearchQuery(label="CLAIM", target="us missile defence", polarity="against"))
    assert [h.span_id for h in hits] == ["c1"]
    assert hits[0].claimant == "Flynn's aide"
    assert [(s.target, s.polarity, s.role) for s in hits[0].stances] == [("US missile defence", "against", "evidence")]
    # Merkel's quote is evidence of a stance *for* it: found by target alone, not with "against".
    assert ids(proj, target="US missile defence") == ["aide", "c1", "q3"]  # aide is the holder span
    assert ids(proj, target="missile defence", polarity="favor") == ["q3"]


def test_suggestions_still_pending(proj):
    assert ids(proj, status="suggested") == ["s4", "s3"]  # by article, then start


def test_claimant_words_match_possessive(proj):
    assert ids(proj, claimant="flynn") == ["c1"]


def test_text_is_word_case_and_accent_insensitive(proj):
    assert ids(proj, text="jose muller") == ["s4", "s3"]
    assert ids(proj, text="flynn") == ["per1", "spk1", "aide"]  # not the rejected "Flynnite" quote, nor "Flynnite"
    assert ids(proj, text="talks would") == ["q1"]


def test_text_in_article_matches_its_spans(proj):
    assert ids(proj, text="Kyiv", in_article=True) == ["spk2", "q3", "org2"]


def test_rejected_only_with_status_rejected(proj):
    assert "q4" not in ids(proj, label="QUOTE")
    assert ids(proj, status="rejected") == ["q4"]
    assert "q4" in ids(proj, status="all")


def test_analyst_and_limit(proj):
    assert ids(proj, analyst="bob") == ["q2"]
    assert ids(proj, analyst="machine", limit=1) == ["s4"]


def test_check_query_names_known_values(proj):
    with pytest.raises(UnknownValueError, match="known: PERSON"):
        check_query(SearchQuery(label="PERSONS"), labels=["PERSON", "QUOTE"], polarities=["favor"])
    with pytest.raises(UnknownValueError, match="favor, against"):
        check_query(SearchQuery(polarity="pro"), labels=[], polarities=["favor", "against"])
    with pytest.raises(UnknownValueError, match="suggested, accepted, rejected, all"):
        check_query(SearchQuery(status="pending"), labels=[], polarities=[])
    with pytest.raises(InputError, match="no letter or digit"):
        check_query(SearchQuery(speaker="--"), labels=[], polarities=[])


@pytest.mark.parametrize(("text", "query", "found"), [
    ("Michael Flynn", "flynn", True),
    ("Flynn's aide", "Flynn", True),
    ("Flynnite", "flynn", False),
    ("José Müller", "jose MULLER", True),
    ("Don\u00adald Trump", "donald trump", True),
    ("the minister\u00a0spoke", "minister spoke", True),
    ("missile defence", "defence missile", False),
])
def test_has_words(text, query, found):
    assert has_words(text, word_phrase(query)) is found


def test_speaker_follows_refers_to_of_the_speaker_span(proj):
    with proj.writing():
        proj.db.execute("UPDATE spans SET attrs = ? WHERE id = 'spk2'", ['{"refers_to": "Chancellor Angela Merkel"}'])
    assert ids(proj, speaker="chancellor") == ["q3"]
    assert ids(proj, speaker="chancellor", label="CLAIM") == []
