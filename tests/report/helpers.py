"""Hand-made projects with known report figures, built through the same commands the window uses."""

from __future__ import annotations

from annotator.domain import commands
from annotator.domain.model import Article, ArticleStatus
from annotator.domain.suggestions import SuggestedSpan, SuggestionSet
from annotator.storage.project import Project

TEXT = "Alice met Bob in Paris and Rome. Carol told Dan in Oslo that Eve left Berlin for Kyiv."
#       0    5   9  13 17     23   28   33    39   44  48 51   56   61  65   70     77  81


def records(project: Project, article_id: int):
    return commands.records(project.spans(article_id), project.relations(article_id))


def span_at(project: Project, article_id: int, start: int, label: str):
    return next(s for s in project.spans(article_id) if s.start == start and s.label == label)


def known_project(project: Project) -> int:
    """One article with ten machine suggestions decided in every way the report tells apart:

    PERSON, 5 suggested: Alice accepted as is; Bob resized (corrected); Carol relabelled ORG
    (corrected, counted for PERSON); Dan rejected; Eve pending.
    GPE, 5 suggested: Paris accepted as is; Rome accepted, then deleted (rejected); Oslo resized
    onto a hand-made GPE "Osl" (merged: corrected); Berlin and Kyiv rejected.
    Hand-made: that one GPE. The article is marked done.
    """
    article, _ = project.add_article(Article(None, TEXT))
    aid = article.id
    sset = SuggestionSet(origin="test-rules 1")
    for start, end, label in [(0, 5, "PERSON"), (10, 13, "PERSON"), (33, 38, "PERSON"), (44, 47, "PERSON"),
                              (61, 64, "PERSON"), (17, 22, "GPE"), (27, 31, "GPE"), (51, 55, "GPE"),
                              (70, 76, "GPE"), (81, 85, "GPE")]:
        sset.add_span(SuggestedSpan(f"{label}{start}", start, end, label, "entity"))
    assert project.add_suggestions(aid, sset) == 10
    ctx = lambda: records(project, aid)  # noqa: E731 - fresh records before every command
    project.apply(commands.accept(ctx(), span_at(project, aid, 0, "PERSON")), by="ana")
    project.apply(commands.resize(ctx(), span_at(project, aid, 10, "PERSON"), 10, 12), by="ana")
    project.apply(commands.relabel(ctx(), span_at(project, aid, 33, "PERSON"), "ORG", "entity"), by="ana")
    project.apply(commands.reject(ctx(), span_at(project, aid, 44, "PERSON")), by="ana")
    project.apply(commands.accept(ctx(), span_at(project, aid, 17, "GPE")), by="ana")
    project.apply(commands.accept(ctx(), span_at(project, aid, 27, "GPE")), by="ana")
    project.apply(commands.delete_span(ctx(), span_at(project, aid, 27, "GPE")), by="ana")
    project.apply(commands.add_span(ctx(), article_id=aid, start=51, end=54, label="GPE", layer="entity", by="ana"), by="ana")
    oslo = next(s for s in project.spans(aid) if s.start == 51 and s.end == 55)
    project.apply(commands.resize(ctx(), oslo, 51, 54), by="ana")  # onto the hand-made one: merged
    project.apply(commands.reject(ctx(), span_at(project, aid, 70, "GPE")), by="ana")
    project.apply(commands.reject(ctx(), span_at(project, aid, 81, "GPE")), by="ana")
    project.set_article_status(aid, ArticleStatus.DONE, by="ana")
    return aid
