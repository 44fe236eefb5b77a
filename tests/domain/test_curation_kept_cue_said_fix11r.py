"""Issue 11, usertest11h F7 (fix11r): keeping an analyst's quote whose CUE was already decided the
other analyst's way links the quote to the cue gold keeps — and now says so ("its CUE stays «…» as
you decided"); it said only "its SPEAKER link … added", as if this version's cue had come along.
Hand-made team, no corpus text."""

from __future__ import annotations

from pathlib import Path

from annotator.domain import curation
from annotator.domain.model import Article, ArticleBundle, Status
from annotator.storage.project import Project
from tests.domain.test_curation_decided_links import QUOTE, TEXT, data_of, gold, link, span, unit


def test_keeping_a_quote_says_its_cue_stays_as_decided(tmp_path: Path) -> None:
    project = Project.open(tmp_path / "t.db")
    with project:
        article_id = project.import_bundles([ArticleBundle(Article(id=None, text=TEXT))]).article_ids[0]
        project.import_bundles([ArticleBundle(Article(id=None, text=TEXT), spans=[
            span("f-q", QUOTE, "QUOTE", "quote"), span("f-w", "Lee", "SPEAKER", "speaker"), span("f-c", "said", "CUE", "cue")],
            relations=[link("fr", "f-q", "f-w"), link("fc", "f-q", "f-c", "CUE")])], analyst="ana")
        project.import_bundles([ArticleBundle(Article(id=None, text=TEXT), spans=[
            span("g-q", "he would combat the crisis", "QUOTE", "quote"), span("g-c", "said Lee", "CUE", "cue")],
            relations=[link("gc", "g-q", "g-c", "CUE")])], analyst="ben")
        units = curation.align(data_of(project, article_id)).units
        cue = next(u for u in units if any(TEXT[v.start:v.end] == "said" for v in u.versions))
        project.apply(curation.take(data_of(project, article_id), cue.key, "ben"))  # gold's CUE: ben's «said Lee»
        assert gold(project, article_id)["said Lee"].status == Status.ACCEPTED
        quote = next(u for u in curation.align(data_of(project, article_id)).units
                     if any(TEXT[v.start:v.end] == QUOTE for v in u.versions))
        edit = curation.take(data_of(project, article_id), quote.key, "ana")
        assert "its CUE stays «said Lee» as you decided" in edit.description, edit.description
        project.apply(edit)
        spans = gold(project, article_id)
        by_id = {s.id: s for s in project.spans(article_id)}
        links = {(TEXT[by_id[r.child].start:by_id[r.child].end], r.label) for r in project.relations(article_id)
                 if r.status == Status.ACCEPTED and r.head == spans[QUOTE].id}
        assert ("said Lee", "CUE") in links and spans["said Lee"].attrs["curation"]["kept"] == "ben"
