"""fix11j (issue 11 finding 4): a unit kept "(all)" — every analyst agrees, Ctrl+Return — was
stored with the first analyst's origin. It is every agreeing analyst's: the span's origin lists
them, and a stance that follows it names each analyst's same stance."""

from __future__ import annotations

from pathlib import Path

from annotator.domain import curation
from annotator.domain.model import Article, ArticleBundle, Stance, Status
from tests.domain.test_curation import TEXT, data_of, link, make_project, span


def _bundle(who: str) -> ArticleBundle:
    p = who[0]
    return ArticleBundle(Article(id=None, text=TEXT),
                         spans=[span(f"{p}-m", "Angela Merkel", "PERSON"), span(f"{p}-q", "the talks failed", "QUOTE", "quote")],
                         relations=[link(f"{p}-r", f"{p}-q", f"{p}-m")],
                         stances=[Stance(id=f"{p}-s", article_id=0, holder="Angela Merkel", target="the talks", polarity="against",
                                         evidence=f"{p}-q", holder_span=f"{p}-m")])


def test_accept_all_agreed_stores_every_agreeing_analyst(tmp_path: Path) -> None:
    project, article_id = make_project(tmp_path / "team.db", {"ana": _bundle("ana"), "ben": _bundle("ben")})
    try:
        edit = curation.accept_all_agreed(data_of(project, article_id), by="lead")
        project.apply(edit, by="lead")
        gold = {TEXT[s.start:s.end]: s for s in project.spans(article_id) if s.status == Status.ACCEPTED}
        assert {w: s.origin for w, s in gold.items()} == {"Angela Merkel": "analyst:ana,ben", "the talks failed": "analyst:ana,ben"}
        assert gold["the talks failed"].attrs["curation"]["from"] == ["ana:a-q", "ben:b-q"]
        (stance,) = project.stances(article_id)
        assert stance.origin == "analyst:ana,ben"
        assert stance.attrs["curation"]["from"] == ["ana:a-s", "ben:b-s"] and stance.attrs["curation"]["kept"] == "all"
        # and the article is curated: both analysts' stances are its evidence, none flagged changed
        assert curation.align(data_of(project, article_id)).curated
    finally:
        project.close()
