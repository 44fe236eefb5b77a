"""The cue lexicon learned from a project's accepted CUE spans (issue 10, lexicon10): learning,
the attributions it makes, how they join the rules' and the model's, and ``annotator train``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.domain.model import Article, ArticleBundle, ArticleStatus, Relation, Span
from annotator.nlp import train as T
from annotator.nlp.attribution_lexicon import (
    COMPONENT,
    LEXICON_KEY,
    CueLexicon,
    add_lexicon,
    add_to_pipeline,
    learn,
    lexicon_attributions,
)
from annotator.nlp import attribution_lexicon as AL
from annotator.nlp.pipeline import default_pipeline_name
from annotator.domain.suggestions import SuggestionSet
from annotator.nlp.quotes import add_quotes, suggest_quotes, with_model_attributions
from annotator.nlp.quotes_types import Quote
from annotator.storage.project import Project

BASE = default_pipeline_name()
trained = pytest.mark.skipif(BASE is None, reason="no trained spaCy pipeline installed")


@pytest.fixture(scope="module")
def nlp():
    import spacy

    return spacy.load(BASE)


def _range(sub: str, text: str) -> tuple[int, int]:
    start = text.index(sub)
    return start, start + len(sub)


# ----------------------------------------------------------------------------- learning


@trained
def test_learn_counts_cue_heads_against_every_verb_of_the_lemma(nlp, monkeypatch: pytest.MonkeyPatch) -> None:
    # the count rule alone: fix43's rules for new verbs and thin data are tests/nlp/test_learning_fix43.py's
    monkeypatch.setattr(AL, "MIN_LEXICON_ARTICLES", 0)
    monkeypatch.setattr(AL, "NEW_MIN_CUES", 2)
    texts = ["The mayor endorsed the harbour plan on Monday.", "The council endorsed the budget.",
             "Farmers endorsed nothing and walked home."]
    docs = [nlp(t) for t in texts]
    cues = [[_range("endorsed", texts[0])], [_range("endorsed", texts[1])], []]
    lex = learn(zip(docs, cues, [None] * 3), min_cues=2, min_precision=0.5)
    # three verbs "endorse", two of them cues; "walk" was never a cue, so it is not counted
    assert lex.counts == {"endorse": (2, 3)}
    assert lex.lemmas == {"endorse"}
    assert CueLexicon(lex.counts, 3, 0.5).lemmas == frozenset()  # too few cues
    assert CueLexicon(lex.counts, 2, 0.7).lemmas == frozenset()  # 2/3 under the precision asked
    assert CueLexicon.from_json(json.loads(json.dumps(lex.to_json()))) == lex


@trained
def test_a_verb_outside_what_was_reviewed_is_not_counted_as_a_miss(nlp) -> None:
    texts = ["The mayor endorsed the harbour plan.", "The council endorsed the budget."]
    docs = [nlp(t) for t in texts]
    # the second article was trained on only through its accepted spans: its verb says nothing
    lex = learn([(docs[0], [_range("endorsed", texts[0])], None), (docs[1], [], [False] * len(docs[1]))], min_cues=1)
    assert lex.counts == {"endorse": (1, 1)}


# ----------------------------------------------------------------------------- attributions


@trained
@pytest.mark.parametrize("text, content, speaker", [
    ("The governor endorsed the new transit levy last week.", "the new transit levy", "The governor"),
    ("Local pastors applauded the decision to reopen the shelter.", "the decision to reopen the shelter", "Local pastors"),
    ("Dana Whitfield applauded as the team scored.", None, None),  # no object: nothing reported
    ("It endorsed the measure.", None, None),  # "it" speaks for no one here
])
def test_a_lexicon_verb_gives_its_object_and_its_subject(nlp, text, content, speaker) -> None:
    q = _the_one_reading(nlp, text, {"endorse", "applaud"}, content, speaker)
    assert q is None or (text[q.cue[0]:q.cue[1]] in ("endorsed", "applauded") and q.origin == "lexicon")


def _the_one_reading(nlp, text: str, lemmas: set[str], content: str | None, speaker: str | None):
    """The lexicon's one attribution in ``text`` with ``lemmas``, checked to have ``content`` and
    ``speaker``; None (after checking there is none) when ``content`` is None."""
    found = lexicon_attributions(nlp(text), text, lemmas=frozenset(lemmas))
    if content is None:
        assert found == []
        return None
    [q] = found
    assert text[q.content[0]:q.content[1]] == content
    assert text[q.speaker[0]:q.speaker[1]] == speaker
    return q


@trained
def test_a_lexicon_object_runs_to_the_end_of_the_verbs_phrase(nlp) -> None:
    text = "Ms. Okafor faulted the ferry schedule, and the fares as well, in a long letter."
    [q] = lexicon_attributions(nlp(text), text, lemmas=frozenset({"fault"}))
    assert text[q.content[0]:q.content[1]] == "the ferry schedule, and the fares as well, in a long letter"


@trained
def test_a_lexicon_verb_reporting_a_clause_gives_the_clause(nlp) -> None:
    text = "Ms. Okafor conceded that the ferry schedule had failed commuters."
    [q] = lexicon_attributions(nlp(text), text, lemmas=frozenset({"concede"}))
    assert text[q.content[0]:q.content[1]] == "the ferry schedule had failed commuters"
    assert text[q.speaker[0]:q.speaker[1]] == "Ms. Okafor"


@trained
def test_a_guarded_verb_reads_only_a_reported_clause(nlp) -> None:
    # attr10v: a lemma of the 0.15-0.5 band is read only where it reports a clause
    clause = "The harbour study found that the old pier was sinking."
    [q] = lexicon_attributions(nlp(clause), clause, lemmas=frozenset(), guarded=frozenset({"find"}))
    assert clause[q.content[0]:q.content[1]] == "the old pier was sinking"
    assert clause[q.speaker[0]:q.speaker[1]] == "The harbour study"
    obj = "Inspector Marta Lindqvist found a crack in the old pier."
    assert lexicon_attributions(nlp(obj), obj, lemmas=frozenset(), guarded=frozenset({"find"})) == []
    # the same verb kept unguarded gives its object
    [q] = lexicon_attributions(nlp(obj), obj, lemmas=frozenset({"find"}))
    assert obj[q.content[0]:q.content[1]].startswith("a crack")


def test_guarded_band_of_the_lexicon_and_its_file() -> None:
    lex = CueLexicon({"say": (9, 10), "find": (3, 10), "see": (2, 20), "hint": (1, 3)}, 2, 0.5, 0.15)
    assert lex.lemmas == {"say"}
    assert lex.guarded == {"find"}  # 0.30; "see" 0.10 under the guard's floor; "hint" one cue
    assert CueLexicon.from_json(json.loads(json.dumps(lex.to_json()))) == lex
    # a file written before the band existed reads as it did: no guarded lemmas
    old = {"min_cues": 2, "min_precision": 0.5, "lemmas": {"say": [9, 10], "find": [3, 10]}}
    assert CueLexicon.from_json(old).guarded == frozenset()
    assert CueLexicon(lex.counts, 2, 0.5, 0.5).guarded == frozenset()


@trained
@pytest.mark.parametrize("text, content, speaker", [
    ("The ferry plan was criticized by the island council.", "The ferry plan", "the island council"),
    ("The move was condemned by Mayor Ruth Adeyemi on Friday.", "The move", "Mayor Ruth Adeyemi"),
    ("The harbour tax, opposed by local fishermen, passed anyway.", "The harbour tax", "local fishermen"),
    ("The ferry plan was criticized in the spring.", None, None),  # no agent: nobody speaks
    # the relative pronoun is what was criticized, not who criticized it
    ("Voters rejected the ferry plan, which was criticized by the island council.", "which", "the island council"),
])
def test_a_passive_lexicon_verb_gives_its_patient_and_its_agent(nlp, text, content, speaker) -> None:
    q = _the_one_reading(nlp, text, {"criticize", "condemn", "oppose"}, content, speaker)
    assert q is None or q.speaker_pronoun is None


def test_lexicon_attributions_join_only_where_nothing_kept_reads() -> None:
    kept = [Quote((10, 30), "indirect", (5, 9), (0, 4), group=0)]
    found = [
        Quote((25, 40), "indirect", (41, 45), (46, 50), group=0, origin="lexicon"),  # overlaps a kept content
        Quote((60, 70), "indirect", (5, 9), (0, 4), group=1, origin="lexicon"),  # on a kept cue
        Quote((80, 95), "indirect", (75, 79), (70, 74), group=2, origin="lexicon"),  # free: added
        Quote((90, 99), "indirect", (100, 104), None, group=3, origin="lexicon"),  # overlaps the one added
    ]
    out = add_lexicon(kept, found)
    assert [q.content for q in out] == [(10, 30), (80, 95)]
    assert out[1].group == 1 and out[1].origin == "lexicon"


@trained
def test_pipeline_with_the_component_marks_the_verbs_and_the_merge_adds_them(nlp, tmp_path: Path) -> None:
    import spacy

    add_to_pipeline(nlp, CueLexicon({"endorse": (9, 10)}, 5, 0.25))
    try:
        nlp.to_disk(tmp_path / "p")
    finally:
        nlp.remove_pipe(COMPONENT)
    loaded = spacy.load(tmp_path / "p")
    text = "The teachers' union endorsed the school board's proposal."
    doc = loaded(text)
    assert [s.text for s in doc.spans[LEXICON_KEY]] == ["endorsed"]
    quotes = with_model_attributions(doc, suggest_quotes(doc, text=text), text=text)
    assert [(text[q.content[0]:q.content[1]], q.origin) for q in quotes] == [("the school board's proposal", "lexicon")]
    out = SuggestionSet("test")
    add_quotes(out, text, quotes)  # the analyst sees which component suggested it
    assert [dict(x.attrs).get("suggested_by") for x in out.spans if x.label == "QUOTE"] == ["lexicon"]
    # without the component: the rules alone, which read no "endorsed"
    plain = nlp(text)
    assert with_model_attributions(plain, suggest_quotes(plain, text=text), text=text) == []


# ----------------------------------------------------------------------------- annotator train


SENTENCES = [
    "Senator Ilse Brandt endorsed the coastal wind farm in {y}.",
    "The rail workers' union endorsed the transit levy in {y}.",
    "Two county judges endorsed the bail reform proposal in {y}.",
]


def _bundles(n: int = 9, *, attributions: bool = True) -> list[ArticleBundle]:
    out = []
    for i in range(n):
        text = SENTENCES[i % 3].format(y=1990 + i) + " Nobody else spoke that week."
        spans, relations = [], []
        if attributions:
            cue = _range("endorsed", text)
            content = (cue[1] + 1, text.index(" in "))
            speaker = (0, cue[0] - 1)
            spans = [Span("q", 0, *content, "QUOTE", "quote"), Span("s", 0, *speaker, "SPEAKER", "speaker"),
                     Span("c", 0, *cue, "CUE", "cue")]
            relations = [Relation("r1", 0, "q", "s", "SPEAKER"), Relation("r2", 0, "q", "c", "CUE")]
        else:
            spans = [Span("p", 0, 0, 7, "PERSON", "entity")]
        out.append(ArticleBundle(Article(None, text, status=ArticleStatus.DONE), spans=spans, relations=relations))
    return out


def _train_marker(tmp_path: Path, bundles: list[ArticleBundle]) -> dict:
    """Train 2 steps on ``bundles`` into ``tmp_path/out``; the training record (annotator-training.json).
    The lexicon is learned as from enough articles (fix43: fewer than
    :data:`annotator.nlp.attribution_lexicon.MIN_LEXICON_ARTICLES` keep only the rules' verbs)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(AL, "MIN_LEXICON_ARTICLES", 0)
        return _train_marker_now(tmp_path, bundles)


def _train_marker_now(tmp_path: Path, bundles: list[ArticleBundle]) -> dict:
    with Project.open(tmp_path / "p.db") as proj:
        proj.import_bundles(bundles)
        result = T.train(proj, tmp_path / "out", base=BASE, max_steps=2, eval_frequency=1)
    assert result.attribution is not None
    return json.loads((tmp_path / "out" / T.MARKER).read_text())


def _lexicon_readings(model: Path, texts: tuple[str, ...]) -> list[str]:
    """What the lexicon reads in each of ``texts`` with the pipeline at ``model``, loaded by a plain
    spacy.load in a fresh process (the entry point registers the component): one printed list of
    (content, speaker, cue) per text. The recogniser after 2 steps reads little, so its spans are set
    aside: the lexicon alone speaks."""
    code = (
        "import spacy\n"
        "from annotator.nlp.quotes import suggest_quotes, with_model_attributions\n"
        f"nlp = spacy.load({str(model)!r})\n"
        "assert 'cue_lexicon' in nlp.pipe_names, nlp.pipe_names\n"
        f"for t in {texts!r}:\n"
        "    d = nlp(t); d.spans['attribution'] = []\n"
        "    qs = [q for q in with_model_attributions(d, suggest_quotes(d, text=t), text=t) if q.origin == 'lexicon']\n"
        "    print([(t[q.content[0]:q.content[1]], t[q.speaker[0]:q.speaker[1]], t[q.cue[0]:q.cue[1]]) for q in qs])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.split("\n")[: len(texts)]


@trained
def test_train_learns_the_lexicon_and_the_trained_pipeline_applies_it(tmp_path: Path) -> None:
    marker = _train_marker(tmp_path, _bundles())
    assert marker["attribution"]["lexicon"] == ["endorse"]
    assert _lexicon_readings(tmp_path / "out", ("The harbour pilots endorsed a longer training course.",)) == [
        "[('a longer training course', 'The harbour pilots', 'endorsed')]"]


def _guarded_bundles(n: int = 9) -> list[ArticleBundle]:
    # "discovered" (no verb of the rules' lists) is a cue once in each article and twice not:
    # 1/3 of its uses, the guarded band
    out = []
    for i in range(n):
        text = (f"Officials discovered that the bridge had cracked in {1990 + i}. "
                "The hikers discovered a cave and the children discovered a nest.")
        cue = _range("discovered", text)
        content = (text.index("the bridge"), text.index("."))
        spans = [Span("q", 0, *content, "QUOTE", "quote"), Span("s", 0, 0, cue[0] - 1, "SPEAKER", "speaker"),
                 Span("c", 0, *cue, "CUE", "cue")]
        relations = [Relation("r1", 0, "q", "s", "SPEAKER"), Relation("r2", 0, "q", "c", "CUE")]
        out.append(ArticleBundle(Article(None, text, status=ArticleStatus.DONE), spans=spans, relations=relations))
    return out


@trained
def test_train_keeps_a_rarer_cue_guarded_and_the_pipeline_reads_it_only_with_a_clause(tmp_path: Path) -> None:
    marker = _train_marker(tmp_path, _guarded_bundles())
    assert marker["attribution"]["lexicon"] == [] and marker["attribution"]["lexicon_guarded"] == ["discover"]
    texts = ("Two engineers discovered that the tunnel had flooded.", "Two engineers discovered a leak in the tunnel.")
    assert _lexicon_readings(tmp_path / "out", texts) == ["[('the tunnel had flooded', 'Two engineers', 'discovered')]", "[]"]


@trained
def test_a_project_with_no_attributions_gets_no_lexicon(tmp_path: Path) -> None:
    import spacy

    with Project.open(tmp_path / "e.db") as proj:
        proj.import_bundles(_bundles(6, attributions=False))
        result = T.train(proj, tmp_path / "out", base=BASE, max_steps=1)
    assert result.attribution is None
    assert COMPONENT not in spacy.load(tmp_path / "out").pipe_names
    assert not list((tmp_path / "out").rglob("lexicon.json"))
