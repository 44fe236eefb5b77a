"""usertest29 M1 and L1 (issue 10, learning). A pipeline trained on 60 PolNeAR articles added 22
quotes to 12 unseen news bodies, 17 of them invented: (a) three contents starting at a closing
quotation mark and holding only the attribution tail of the quote before them ('[" The Agency
relays]'); (b) a cue lexicon learned from 48 articles keeping action verbs (double 3/3, list 2/2,
push 5/7, enjoy 2/4). L1: a reviewed article with no quotes was left out of the attribution corpus
("59 marked done or reviewed" of 60). Sentences are invented."""

from __future__ import annotations

from pathlib import Path

from annotator.domain.model import Article, ArticleBundle, ArticleStatus, Span, Status
from annotator.nlp import attribution_lexicon as AL
from annotator.nlp import attribution_merge as AM
from annotator.nlp.quotes_marks import find_quoted_runs
from annotator.nlp.quotes_types import Quote
from annotator.nlp.train_rule import ATTRIBUTION_LAYERS, COMPLETE, UNCOVERED, article_roles
from annotator.storage.project import Project

TEXT = '"Crowds left the square by the back stairs, guards told the radio," The Agency relays.\n\nThen it rained.'


def _rule_and_tail() -> tuple[Quote, Quote]:
    close = TEXT.index('," The') + 1  # the closing mark
    agency = TEXT.index("The Agency")
    relays = TEXT.index("relays")
    rule = Quote((1, close - 1), "direct", cue=(relays, relays + 6), speaker=(agency, agency + 10), group=0)
    guards = TEXT.index("guards")
    told = TEXT.index("told")
    tail = Quote((close, relays + 6), "indirect", cue=(told, told + 4), speaker=(guards, guards + 6), group=0,
                 origin="model")
    return rule, tail


# ---- M1 (a): a content never starts at a closing quotation mark ----

def test_content_starting_at_a_closing_mark_is_dropped() -> None:
    _rule, tail = _rule_and_tail()
    assert TEXT[tail.content[0]] == '"'
    assert AM.against_marks([tail], TEXT, find_quoted_runs(TEXT)) == []


def test_content_ending_just_past_an_opening_mark_is_dropped() -> None:
    text = 'The mayor said "the bridge stays shut" on Monday.'
    opening = text.index('"') + 1
    q = Quote((4, opening), "indirect", origin="model")
    assert AM.against_marks([q], text, find_quoted_runs(text)) == []
    inside = Quote((opening, text.index('" on')), "direct", origin="model")
    assert AM.against_marks([inside], text, find_quoted_runs(text)) == [inside]


def test_curly_closing_mark_by_its_shape() -> None:
    text = "\u201cWe are done,\u201d the coach said of the season."
    q = Quote((text.index("\u201d"), len(text) - 1), "indirect", origin="model")
    assert AM.against_marks([q], text, []) == []


def test_merge_never_adds_the_attribution_tail_of_a_rule_quote() -> None:
    rule, tail = _rule_and_tail()
    out = AM.merge([rule], [tail], text=TEXT)
    assert [q.content for q in out] == [rule.content]


def test_a_model_reading_over_a_rule_frame_is_left_out() -> None:
    rule, tail = _rule_and_tail()
    # without the mark: the tail trimmed to "The Agency relays" holds the rule's speaker and cue
    trimmed = Quote((TEXT.index("The Agency"), tail.content[1]), "indirect", origin="model")
    assert AM.reads_rule_frame([trimmed], [rule])
    assert [q.content for q in AM.merge([rule], [trimmed], text=TEXT)] == [rule.content]
    # a model cue and speaker inside the rule's content ("guards told") with a content outside it
    after = TEXT.index("Then")
    inner = Quote((after, len(TEXT) - 1), "indirect", cue=tail.cue, speaker=tail.speaker, origin="model")
    assert AM.reads_rule_frame([inner], [rule])
    # an outer report holding the whole rule reading is not this
    outer = Quote((0, len(TEXT)), "indirect", origin="model")
    assert not AM.reads_rule_frame([outer], [rule])
    # a model reading elsewhere stays
    plain = Quote((after, len(TEXT) - 1), "indirect", origin="model")
    assert not AM.reads_rule_frame([plain], [rule])


# ---- M1 (b): the learned cue lexicon ----

COUNTS = {"say": (328, 390), "double": (3, 3), "list": (2, 2), "push": (5, 7), "enjoy": (2, 4),
          "plan": (6, 10), "slam": (14, 20), "accord": (27, 34)}


def test_thin_data_keeps_only_the_rules_verbs_and_says_so() -> None:
    lex = AL.CueLexicon(dict(COUNTS), articles=48)
    assert lex.thin
    assert {"double", "list", "push", "enjoy", "slam"}.isdisjoint(lex.lemmas | lex.guarded)
    # verbs the rules know ("according to" too), read only where they report a clause as the rules do
    assert lex.lemmas == frozenset() and {"say", "plan", "accord"} <= lex.guarded
    warning = lex.thin_warning()
    assert "48 training articles" in warning and "double" in warning and "review more articles" in warning


def test_enough_data_needs_more_evidence_for_a_verb_the_rules_do_not_know() -> None:
    lex = AL.CueLexicon(dict(COUNTS), articles=600)
    assert not lex.thin and lex.thin_warning() == ""
    assert {"slam", "double", "push"} <= lex.lemmas  # 14/20, 3/3, 5/7: at least 3 cues, precision >= 0.5
    assert {"list", "enjoy"}.isdisjoint(lex.lemmas | lex.guarded)  # 2/2, 2/4: 2 cues, too few for a new verb
    assert {"say", "plan"} <= lex.lemmas
    assert "advise" in AL.CueLexicon({"advise": (2, 3)}, articles=600).lemmas  # a rules' verb: 2 cues suffice


def test_lexicon_file_keeps_the_article_count() -> None:
    lex = AL.CueLexicon(dict(COUNTS), articles=48)
    again = AL.CueLexicon.from_json(lex.to_json())
    assert again.articles == 48 and again.lemmas == lex.lemmas
    old = lex.to_json()
    del old["articles"]  # a file written before: no fallback, the new-verb rule only
    assert AL.CueLexicon.from_json(old).articles is None


def test_learn_counts_its_articles() -> None:
    import spacy

    nlp = spacy.blank("en")
    docs = [(nlp("One two."), [], None), (nlp("Three."), [], None)]
    assert AL.learn(docs).articles == 2


# ---- L1: a reviewed article with no attributions is negative data ----

def _project(tmp_path: Path) -> Project:
    project = Project.open(tmp_path / "gold.db")
    text = "Ana Ruiz said the port would reopen."
    bundles = []
    for i in range(2):
        bundles.append(ArticleBundle(Article(None, f"{text} {i}", title=f"q{i}", status=ArticleStatus.REVIEWED), spans=[
            Span(f"q{i}", 0, 14, 36, "QUOTE", "quote", status=Status.ACCEPTED),
            Span(f"s{i}", 0, 0, 8, "SPEAKER", "speaker", status=Status.ACCEPTED)]))
    bundles.append(ArticleBundle(Article(None, "Results: 52 to 48 in the first round.", title="blank",
                                         status=ArticleStatus.REVIEWED)))
    bundles.append(ArticleBundle(Article(None, "Bo Li visited Paris.", title="entities only", status=ArticleStatus.DONE),
                                 spans=[Span("e", 0, 0, 5, "PERSON", "entity", status=Status.ACCEPTED)]))
    project.import_bundles(bundles)
    return project


def test_reviewed_article_without_quotes_is_kept_as_negative_data(tmp_path: Path) -> None:
    project = _project(tmp_path)
    roles = article_roles(project, ATTRIBUTION_LAYERS)
    by_title = {a.title: roles[a.id] for a in (project.bundle(i).article for i in project.article_ids())}
    assert by_title["blank"] == COMPLETE
    assert by_title["entities only"] == UNCOVERED  # entities reviewed: "done" says nothing of quotes
    # a project with no attribution decided at all: a blank done article stays uncovered
    plain = Project.open(tmp_path / "plain.db")
    plain.import_bundles([ArticleBundle(Article(None, "Nothing here.", title="x", status=ArticleStatus.DONE))])
    assert list(article_roles(plain, ATTRIBUTION_LAYERS).values()) == [UNCOVERED]


def test_attribution_corpus_and_summary_count_it(tmp_path: Path) -> None:
    from annotator.nlp.attribution_corpus import attribution_docs
    from annotator.nlp.train_summary import _attribution_counts

    project = _project(tmp_path)
    docs = attribution_docs(project)
    assert docs.complete == 3 and docs.uncovered == 1
    assert _attribution_counts(project)[1] == 3



def test_summary_line_says_why_a_done_article_is_left_out() -> None:
    from annotator.nlp.train_summary import reviewed_words

    line = reviewed_words(59, 0, "quotes, speakers or cues", 1)
    assert line.startswith("reviewed: 59 marked done or reviewed")
    assert "1 more marked done but not used: no quotes, speakers or cues decided there" in line
    assert reviewed_words(60, 0, "quotes, speakers or cues") == \
        "reviewed: 60 marked done or reviewed (every unmarked word a negative)"
