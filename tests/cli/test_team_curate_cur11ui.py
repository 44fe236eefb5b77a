"""Issue 11 user test (cur11ui 1, 2), as the lead runs it.

1. An article marked done by hand whose gold holds only pending machine suggestions exported 0
   spans and nothing said so: every gold export (`--layer gold`, `all`, brat's folders) and the
   `curate` listing now name such articles and say why.
2. `curate` told the lead to "mark it done" for an article its only analyst never opened (status
   new in their file): it now says the analyst has not reviewed it, and never suggests marking it.
"""

from __future__ import annotations

from pathlib import Path

from annotator.domain.model import ArticleStatus
from annotator.domain.suggestions import SuggestedSpan, SuggestionSet
from annotator.storage.project import Project
from tests.cli.test_export_uncurated import _text, run
from tests.cli.test_team_curate_fix11e import _mark, _source, _team_of_two

HOLLOW = ("1 article marked done has only pending suggestions (#{a}), so it contributed 0 spans to this export "
          "(--status accepted): accept or reject them; `--status all` to include them")


def _suggest(team: Path, text: str) -> int:
    """A pre-annotation's PERSON and GPE suggestions in the team's gold of the article ``text``, then
    the lead marks it done by hand without deciding them."""
    with Project.open(team) as p:
        aid = next(a for a in p.article_ids() if p.article(a).text == text)
        sset = SuggestionSet(origin="fake 1.0")
        for word, label in (("Angela Merkel", "PERSON"), ("Berlin", "GPE")):
            start = text.index(word)
            sset.add_span(SuggestedSpan(word, start, start + len(word), label, "entity"))
        p.add_suggestions(aid, sset)
        p.set_article_status(aid, ArticleStatus.DONE)
    return aid


def test_an_article_marked_done_with_only_pending_suggestions_is_named_by_every_gold_export(tmp_path: Path) -> None:
    team, _ana, _cy, _first = _team_of_two(tmp_path)
    aid = _suggest(team, _text(1))
    out = tmp_path / "gold.jsonl"
    exported = run("export", team, "--format", "jsonl", "--output", out)
    assert exported.exit_code == 0, exported.output
    assert "Exported 1 article, 0 spans" in exported.stderr
    assert HOLLOW.format(a=aid) in exported.stderr.splitlines()
    # with the suggestions included, it contributes them, and nothing is said
    included = run("export", team, "--format", "jsonl", "--output", out, "--status", "all")
    assert "Exported 1 article, 2 spans" in included.stderr and "only pending suggestions" not in included.stderr
    for fmt, target in (("jsonl", tmp_path / "all.jsonl"), ("csv", tmp_path / "all.csv"), ("brat", tmp_path / "brat")):
        every = run("export", team, "--format", fmt, "--layer", "all", "--output", target)
        assert every.exit_code == 0, every.output
        assert HOLLOW.format(a=aid) in every.stderr.splitlines(), (fmt, every.stderr)
    listing = run("curate", team)
    assert listing.exit_code == 0, listing.output
    assert listing.stdout.splitlines()[-1] == (
        f"1 article marked done has only pending suggestions (#{aid}), so a gold export (--status accepted, the default) "
        "writes 0 spans of it: accept or reject them; `--status all` to include them")


def test_an_article_an_analyst_never_opened_is_not_to_be_marked_done(tmp_path: Path) -> None:
    source = _source(tmp_path / "news.db", articles=2)
    assigned = run("assign", source, "--analysts", "ana,ben", "--overlap", "0", "--output", tmp_path / "team2")
    assert assigned.exit_code == 0, assigned.output
    ana = tmp_path / "team2" / "ana.db"
    with Project.open(ana) as p:
        [given] = [p.article(a).text for a in p.article_ids()]
        aid = p.article_ids()[0]
        assert p.article(aid).status == ArticleStatus.NEW  # ana never opened it: no annotation, status new
    team = tmp_path / "TEAM.db"
    ben = tmp_path / "team2" / "ben.db"
    with Project.open(ben) as p:
        [bens] = [p.article(a).text for a in p.article_ids()]
        p.set_article_status(p.article_ids()[0], ArticleStatus.IN_PROGRESS)
    _mark(ben, bens, "Angela Merkel", "PERSON", done=False)
    assert run("merge", team, ana, ben).exit_code == 0
    with Project.open(team) as p:
        by_text = {p.article(a).text: a for a in p.article_ids()}
    listing = run("curate", team)
    assert listing.exit_code == 0, listing.output
    line = next(x for x in listing.stdout.splitlines() if x.startswith(f"#{by_text[given]}"))
    assert "ana has not reviewed it (status new in their file)" in line, line
    assert "mark it done" not in line
    # ben opened his and marked a unit but never marked it done (in progress): fix11t, the same
    # rule — he has not reviewed it either, said with his status
    other = next(x for x in listing.stdout.splitlines() if x.startswith(f"#{by_text[bens]}"))
    assert "ben has not reviewed it (status in progress in their file: not marked done)" in other, other
    assert "1 unit only one analyst saw" in other
