"""Scoring a project's suggestions against a gold project, on hand-made articles with known scores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain.errors import AnnotatorError
from annotator.domain.model import Article, ArticleBundle, Relation, Span, Status, new_id
from annotator.domain.suggestions import SuggestedSpan, SuggestionSet
from annotator.nlp.evaluate import attributions, evaluate_projects, parse_map, parse_statuses
from annotator.storage.project import Project

TEXT = 'Alice Smith said "We will win the vote." Bob Jones disagreed.\n"Never," Bob said, "not in a hundred years."'
OTHER = "An article only the gold project has."


def at(text: str, nth: int = 0) -> tuple[int, int]:
    """[start, end) of the nth occurrence of ``text`` in TEXT."""
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(text, start + 1)
    return start, start + len(text)


class Gold:
    """Builds an accepted (gold) bundle span by span."""

    def __init__(self, text: str = TEXT) -> None:
        self.bundle = ArticleBundle(Article(None, text))

    def span(self, label: str, where: tuple[int, int]) -> Span:
        span = Span(new_id(), 0, *where, label=label, layer="x", status=Status.ACCEPTED, origin="gold")
        self.bundle.spans.append(span)
        return span

    def link(self, head: Span, child: Span, label: str) -> None:
        self.bundle.relations.append(Relation(new_id(), 0, head.id, child.id, label, status=Status.ACCEPTED))


def our_gold() -> ArticleBundle:
    g = Gold()
    for where in (at("Alice Smith"), at("Bob Jones"), at("Bob", 1)):
        g.span("PERSON", where)
    q1 = g.span("QUOTE", at("We will win the vote."))
    g.link(q1, g.span("SPEAKER", at("Alice Smith")), "SPEAKER")
    g.link(q1, g.span("CUE", at("said")), "CUE")
    speaker, cue = g.span("SPEAKER", at("Bob", 1)), g.span("CUE", at("said", 1))
    for part in ("Never,", "not in a hundred years."):
        q = g.span("QUOTE", at(part))
        g.link(q, speaker, "SPEAKER")
        g.link(q, cue, "CUE")
    return g.bundle


def brat_gold() -> ArticleBundle:
    """The same attributions as brat events arrive from import without a label map."""
    g = Gold()
    for where in (at("Alice Smith"), at("Bob Jones"), at("Bob", 1)):
        g.span("PERSON", where)
    trigger = g.span("Attribution", at("said"))
    g.link(trigger, g.span("Content", at("We will win the vote.")), "Content")
    g.link(trigger, g.span("Source", at("Alice Smith")), "Source")
    g.link(trigger, g.span("Cue", at("said")), "Cue")
    trigger = g.span("Attribution", at("said", 1))
    content = g.span("Content", at("Never,"))
    g.link(content, g.span("Content", at("not in a hundred years.")), "FRAGMENT")  # one discontinuous T line
    g.link(trigger, content, "Content")
    g.link(trigger, g.span("Source", at("Bob", 1)), "Source")
    g.link(trigger, g.span("Cue", at("said", 1)), "Cue")
    return g.bundle


def predictions() -> SuggestionSet:
    out = SuggestionSet("test-model 1 + annotator-rules 1")
    n = iter(range(100))

    def span(label: str, where: tuple[int, int], **attrs: str) -> SuggestedSpan:
        return out.add_span(SuggestedSpan(f"k{next(n)}", *where, label, "x", attrs))

    span("PERSON", at("Alice"))  # overlaps gold 'Alice Smith', not exact
    span("PERSON", at("Bob Jones"))  # exact
    span("PERSON", at("hundred"))  # wrong
    q1 = span("QUOTE", at("We will win the vote"), kind="direct")  # without the full stop: overlaps > half
    out.link(q1, span("SPEAKER", at("Alice Smith")), "SPEAKER")
    out.link(q1, span("CUE", at("said")), "CUE")
    wrong_speaker, cue = span("SPEAKER", at("Bob Jones")), span("CUE", at("said", 1))
    for part in ("Never,", "not in a hundred years."):
        q = span("QUOTE", at(part), kind="direct")
        out.link(q, wrong_speaker, "SPEAKER")
        out.link(q, cue, "CUE")
    span("QUOTE", at("Bob Jones disagreed"), kind="indirect")  # no such gold quote
    return out


@pytest.fixture
def pred(tmp_path: Path) -> Project:
    with Project.open(tmp_path / "pred.db") as proj:
        article, _ = proj.add_article(Article(None, TEXT))
        proj.add_suggestions(article.id, predictions())
        proj.add_article(Article(None, "Never pre-annotated here."))
        yield proj


def gold_project(path: Path, bundle: ArticleBundle) -> Project:
    proj = Project.open(path)
    proj.import_bundles([bundle, ArticleBundle(Article(None, OTHER))])
    return proj


@pytest.fixture(params=["ours", "brat"])
def gold(request: pytest.FixtureRequest, tmp_path: Path) -> Project:
    proj = gold_project(tmp_path / "gold.db", our_gold() if request.param == "ours" else brat_gold())
    yield proj
    proj.close()


def prf(result, label: str, how: str) -> tuple[float, float, float]:
    p = result.labels[label][how]
    return round(p.precision, 3), round(p.recall, 3), round(p.f1, 3)


def test_entities_exact_and_overlap(pred: Project, gold: Project) -> None:
    result = evaluate_projects(pred, gold)
    assert prf(result, "PERSON", "exact") == (0.333, 0.333, 0.333)
    assert prf(result, "PERSON", "overlap") == (0.667, 0.667, 0.667)
    assert prf(result, "QUOTE", "exact") == (0.5, 0.667, 0.571)  # 2 of 4 predicted, 2 of 3 gold
    assert prf(result, "CUE", "exact") == (1.0, 1.0, 1.0)
    assert prf(result, "SPEAKER", "overlap") == (0.5, 0.5, 0.5)  # 'Bob Jones' is not the second 'Bob'
    assert result.articles == {"gold": 2, "pred": 2, "matched": 1, "scored": 1, "not_preannotated": 0, "gold_not_annotated": 0}


def test_quotes_as_attributions(pred: Project, gold: Project) -> None:
    q = evaluate_projects(pred, gold).quotes
    assert (q.gold, q.predicted) == (2, 3)  # the two parts of the interrupted quote are one attribution
    assert (q.scores.all.tp, q.scores.all.fp, q.scores.all.fn) == (2, 1, 0)
    assert round(q.scores.all.f1, 3) == 0.8
    assert (q.scores.direct.precision, q.scores.direct.recall) == (1.0, 1.0)
    assert (q.scores.speaker_right, q.scores.speaker_total) == (1, 2)  # 'Bob Jones' is not the second 'Bob'
    assert (q.cue_right, q.cue_total) == (2, 2)


def test_brat_trigger_label_is_reported_not_scored(pred: Project, tmp_path: Path) -> None:
    with gold_project(tmp_path / "g.db", brat_gold()) as gold:
        result = evaluate_projects(pred, gold)
    assert result.unscored_gold_labels == ["Attribution"]
    assert "Attribution" not in result.labels and "Content" not in result.labels


def test_accepted_status_scores_nothing_when_all_are_suggestions(pred: Project, gold: Project) -> None:
    result = evaluate_projects(pred, gold, pred_statuses=(Status.ACCEPTED,))
    assert result.quotes.predicted == 0 and result.quotes.scores.all.fn == 2
    assert result.labels["PERSON"]["exact"].fp == 0


def test_articles_never_preannotated_are_left_out(tmp_path: Path, gold: Project) -> None:
    with Project.open(tmp_path / "fresh.db") as fresh:
        fresh.add_article(Article(None, TEXT))
        result = evaluate_projects(fresh, gold)
    assert (result.articles["matched"], result.articles["scored"], result.articles["not_preannotated"]) == (1, 0, 1)


def test_gold_articles_without_annotations_are_left_out_by_default(tmp_path: Path, gold: Project) -> None:
    with Project.open(tmp_path / "p.db") as proj:
        article, _ = proj.add_article(Article(None, OTHER))
        proj.add_suggestions(article.id, SuggestionSet("m", [SuggestedSpan("a", 0, 2, "PERSON", "entity")]))
        assert evaluate_projects(proj, gold).articles["gold_not_annotated"] == 1
        everything = evaluate_projects(proj, gold, gold_articles="all")
    assert "PERSON" not in everything.labels and everything.labels_without_gold == ["PERSON"]  # no gold PERSON at all


def test_labels_the_gold_never_uses_are_listed_not_scored(pred: Project, tmp_path: Path) -> None:
    bundle = our_gold()
    bundle.spans = [s for s in bundle.spans if s.label != "PERSON"]
    with gold_project(tmp_path / "nopersons.db", bundle) as gold:
        result = evaluate_projects(pred, gold)
    assert result.labels_without_gold == ["PERSON"] and "PERSON" not in result.labels
    assert result.labels["QUOTE"]["exact"].tp == 2


def test_attributions_group_parts_sharing_a_cue() -> None:
    bundle = our_gold()
    (first, second) = attributions(bundle.spans, bundle.relations)
    assert second.parts == (at("Never,"), at("not in a hundred years."))
    assert second.speaker == at("Bob", 1) and second.cue == at("said", 1)
    assert first.parts == () and first.content == at("We will win the vote.")


def test_parse_map_and_statuses() -> None:
    assert parse_map("Content=QUOTE, Source=SPEAKER,Attribution=") == {"Content": "QUOTE", "Source": "SPEAKER", "Attribution": ""}
    assert parse_statuses("all") == tuple(Status)
    assert parse_statuses("suggested,accepted") == (Status.SUGGESTED, Status.ACCEPTED)
    with pytest.raises(AnnotatorError):
        parse_map("Content")
    with pytest.raises(AnnotatorError):
        parse_statuses("maybe")


def test_cli_json(pred: Project, gold: Project) -> None:
    out = CliRunner().invoke(cli, ["evaluate", str(pred.path), "--gold", str(gold.path), "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["quotes"]["all"] == {"precision": 0.6667, "recall": 1.0, "f1": 0.8, "tp": 2, "fp": 1, "fn": 0}
    assert data["quotes"]["speaker_accuracy"] == 0.5 and data["quotes"]["cue_accuracy"] == 1.0
    assert data["labels"]["PERSON"]["overlap"]["f1"] == 0.6667


def test_cli_table(pred: Project, gold: Project) -> None:
    out = CliRunner().invoke(cli, ["evaluate", str(pred.path), "--gold", str(gold.path)])
    assert out.exit_code == 0, out.output
    assert "Scored 1 article (" in out.output
    assert "PERSON          3      3      0.33  0.33  0.33        0.67  0.67  0.67" in out.output
    assert "speaker right on 50% of 2 matched quotes" in out.output


def test_cli_bad_status_is_a_one_line_error(pred: Project, gold: Project) -> None:
    out = CliRunner().invoke(cli, ["evaluate", str(pred.path), "--gold", str(gold.path), "--pred-status", "maybe"])
    assert out.exit_code == 1
    assert "unknown status" in out.output
