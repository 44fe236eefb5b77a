"""The last user test's findings on `annotator curate` / `merge` (issue 11, fix11e), run as the lead
runs them: `assign`, analysts edit their files, `merge`, `curate`, `export`.

1. a curated article whose analyst's layer a later merge changes is curated no more (mark withdrawn,
   logged, said by the merge; gold export leaves it out); units changed since decided hold it back.
3. an article given to one analyst: `--accept-single` / `--keep ANALYST` keep that analyst's units.
7. decisions made without --by are made by someone (never "").
10. messages: no such article; --keep names the article's analysts.
"""

from __future__ import annotations

import json
from pathlib import Path

from annotator.domain import curation
from annotator.domain.edits import Change, Edit
from annotator.domain.model import Article, ArticleBundle, ArticleStatus, Span, Status
from annotator.storage.curation_state import WITHDRAWN, state_of
from annotator.storage.project import Project
from tests.cli.test_export_uncurated import _text, run


def _source(path: Path, articles: int = 3) -> Path:
    with Project.open(path) as p:
        p.import_bundles([ArticleBundle(Article(id=None, text=_text(n))) for n in range(articles)], by="lead")
    return path


def _mark(path: Path, article_text: str, word: str, label: str, *, start_at: int = 0, done: bool = True) -> None:
    """The analyst of ``path`` marks ``word`` (its first occurrence from ``start_at``) as ``label``,
    and (``done``) marks the article done: fix11t, an article an analyst has not marked done is
    not reviewed, and no curation marks it curated."""
    with Project.open(path) as p:
        aid = next(a for a in p.article_ids() if p.article(a).text == article_text)
        start = article_text.index(word, start_at)
        span = Span(id=f"{label}-{aid}-{start}", article_id=aid, start=start, end=start + len(word), label=label, layer="entity",
                    status=Status.ACCEPTED)
        p.apply(Edit(f"add {label}", (Change(None, span),)), by="analyst")
        if done and p.article(aid).status != ArticleStatus.DONE:
            p.set_article_status(aid, ArticleStatus.DONE)


def _move(path: Path, article_text: str, label: str, word: str) -> None:
    """The analyst of ``path`` moves their ``label`` span to ``word``."""
    with Project.open(path) as p:
        aid = next(a for a in p.article_ids() if p.article(a).text == article_text)
        old = next(s for s in p.bundle(aid).spans if s.label == label and s.status == Status.ACCEPTED)
        start = article_text.index(word)
        new = Span(**{**{f: getattr(old, f) for f in old.__slots__}, "start": start, "end": start + len(word)})
        p.apply(Edit("move", (Change(old, new),)), by="analyst")


def _team_of_two(tmp_path: Path) -> tuple[Path, Path, Path, int]:
    """ana and cy given every article; on article 0 both mark Merkel PERSON and Berlin GPE, cy also
    Olaf Scholz PERSON (a disagreement). Returns (team, ana.db, cy.db, the team's id of article 0)."""
    source = _source(tmp_path / "news.db")
    folder = tmp_path / "team"
    assigned = run("assign", source, "--analysts", "ana,cy", "--overlap", "1", "--output", folder)
    assert assigned.exit_code == 0, assigned.output
    ana, cy = folder / "ana.db", folder / "cy.db"
    for f in (ana, cy):
        _mark(f, _text(0), "Angela Merkel", "PERSON")
        _mark(f, _text(0), "Berlin", "GPE")
    _mark(cy, _text(0), "Olaf Scholz", "PERSON")
    team = tmp_path / "TEAM.db"
    merged = run("merge", team, ana, cy)
    assert merged.exit_code == 0, merged.output
    with Project.open(team) as p:
        first = next(a for a in p.article_ids() if p.article(a).text == _text(0))
    return team, ana, cy, first


def _gold_texts(path: Path) -> dict[str, list[str]]:
    out = {}
    for doc in map(json.loads, path.read_text(encoding="utf-8").splitlines()):
        out[doc["text"]] = sorted(f"{doc['text'][s['start']:s['end']]}/{s['label']}" for s in doc["spans"])
    return out


def _curate_fully(team: Path, article: int) -> None:
    kept = run("curate", team, "--article", article, "--keep", "cy")
    assert kept.exit_code == 0, kept.output
    done = run("curate", team, "--article", article, "--accept-agreed")
    assert done.exit_code == 0 and "(article curated)" in done.stdout, done.output
    assert done.stdout.splitlines()[-2].endswith(": curated (exported as gold)")


def test_a_merge_that_adds_a_unit_to_a_curated_article_withdraws_its_mark_and_gold_export_leaves_it_out(tmp_path: Path) -> None:
    team, _ana, cy, first = _team_of_two(tmp_path)
    _curate_fully(team, first)
    _mark(cy, _text(0), "Article", "ORG")  # the user test: cy adds an ORG after the article was curated
    merged = run("merge", team, cy, "--json")
    assert merged.exit_code == 0, merged.output
    assert json.loads(merged.stdout)[0]["curate_again"] == {str(first): "1 disagreement not decided yet"}
    assert f"1 curated article changed, no longer exported as gold until curated again: #{first} (1 disagreement not decided yet)" in merged.stderr
    with Project.open(team) as p:
        state = state_of(p, first)
        assert (state.curated, state.decided, state.disagreements) == (False, False, 1)
        article = p.article(first)
        assert curation.curation_status(article) == WITHDRAWN and article.status == ArticleStatus.IN_PROGRESS
        logged = [json.loads(a) for (a,) in p.db.execute("SELECT after FROM changes WHERE kind = 'article' ORDER BY rowid")]
        meta = logged[-1]["meta"]
        assert (json.loads(meta) if isinstance(meta, str) else meta)["curation"]["status"] == WITHDRAWN  # the withdrawal is in the change log
    listing = run("curate", team, "--article", first)
    assert f"#{first}" in listing.stdout and "not curated yet, so not exported as gold — 1 disagreement" in listing.stdout
    out = tmp_path / "gold.jsonl"
    export = run("export", team, "--format", "jsonl", "--output", out)
    assert export.exit_code == 0 and "Exported 0 articles" in export.output and "left out: 3 ×" in export.output, export.output
    # curating it again (keep cy's ORG) puts it back, the ORG in it
    again = run("curate", team, "--article", first, "--keep", "cy")
    assert again.exit_code == 0 and again.stdout.splitlines()[-2].endswith(": curated (exported as gold)"), again.output
    run("export", team, "--format", "jsonl", "--output", out)
    assert _gold_texts(out) == {_text(0): ["Angela Merkel/PERSON", "Article/ORG", "Berlin/GPE", "Olaf Scholz/PERSON"]}


def test_units_changed_since_decided_keep_the_article_uncurated_even_after_accept_agreed(tmp_path: Path) -> None:
    team, ana, cy, first = _team_of_two(tmp_path)
    _curate_fully(team, first)
    _move(ana, _text(0), "PERSON", "Merkel")  # two decided units change:
    _move(cy, _text(0), "GPE", "Berlin on")
    merged = run("merge", team, ana, cy)
    assert merged.exit_code == 0 and "2 units changed since decided" in merged.stdout, merged.output
    accepted = run("curate", team, "--article", first, "--accept-agreed")
    assert accepted.exit_code == 0 and "(article curated)" not in accepted.stdout, accepted.output
    assert "2 units changed since decided" in accepted.stdout and "not curated yet" in accepted.stdout
    with Project.open(team) as p:
        state = state_of(p, first)
        assert (state.curated, state.decided, state.changed) == (False, False, 2)
        data = curation.curation_input(p, first, ["ana", "cy"])
        assert curation.align(data).curated is False


def test_single_analyst_articles_have_a_bulk_path(tmp_path: Path) -> None:
    source = _source(tmp_path / "news.db", articles=4)
    folder = tmp_path / "team"
    assert run("assign", source, "--analysts", "ana,ben", "--overlap", "0", "--output", folder).exit_code == 0
    ana_texts = []
    for name in ("ana", "ben"):
        with Project.open(folder / f"{name}.db") as p:
            texts = [p.article(a).text for a in p.article_ids()]
        for text in texts:
            _mark(folder / f"{name}.db", text, "Angela Merkel", "PERSON")
            _mark(folder / f"{name}.db", text, "Berlin", "GPE")
        if name == "ana":
            ana_texts = texts
    team = tmp_path / "TEAM.db"
    assert run("merge", team, folder / "ana.db", folder / "ben.db").exit_code == 0
    with Project.open(team) as p:
        ids = {p.article(a).text: a for a in p.article_ids()}
    one = ids[ana_texts[0]]
    before = run("curate", team, "--article", one)
    assert "not exported as gold — 2 units only one analyst saw not decided yet" in before.stdout  # fix11x (F5): no "0 …"
    assert "0 disagreements" not in before.stdout and "0 agreed" not in before.stdout
    assert f"`annotator curate TEAM.db --accept-single --article {one}`" in before.stdout
    kept = run("curate", team, "--keep", "ana", "--article", one)
    assert kept.exit_code == 0 and f"#{one}: Curate: keep ana's version of all 2 units only ana was given (article curated)" in kept.stdout
    bulk = run("curate", team, "--accept-single")
    assert bulk.exit_code == 0, bulk.output
    assert bulk.stdout.splitlines()[-1] == "4 of 4 articles exported as gold (4 curated)"
    out = tmp_path / "gold.jsonl"
    run("export", team, "--format", "jsonl", "--output", out)
    assert _gold_texts(out) == {text: ["Angela Merkel/PERSON", "Berlin/GPE"] for text in ids}


def test_decisions_without_by_are_made_by_someone(tmp_path: Path) -> None:
    team, _ana, _cy, first = _team_of_two(tmp_path)
    assert run("curate", team, "--article", first, "--accept-agreed").exit_code == 0
    with Project.open(team) as p:
        bys = {s.attrs["curation"]["by"] for s in p.bundle(first).spans if not s.analyst and "curation" in s.attrs}
        logged = {b for (b,) in p.db.execute("SELECT DISTINCT by FROM changes WHERE action LIKE 'Curate%'")}
    assert bys and "" not in bys and "" not in logged


def test_curate_names_a_missing_article_and_the_articles_own_analysts(tmp_path: Path) -> None:
    source = _source(tmp_path / "news.db", articles=4)
    folder = tmp_path / "team"
    assert run("assign", source, "--analysts", "ana,ben,cy", "--overlap", "0", "--output", folder).exit_code == 0
    team = tmp_path / "TEAM.db"
    assert run("merge", team, *(folder / f"{n}.db" for n in ("ana", "ben", "cy"))).exit_code == 0
    with Project.open(team) as p:
        of_ana = next(a for a in p.article_ids() if a in set(p.layer_article_ids("ana")))
    bad = run("curate", team, "--article", 99)
    assert bad.exit_code == 1 and "there is no article #99 in this project" in bad.stderr
    bad = run("curate", team, "--keep", "ben", "--article", of_ana)
    assert bad.exit_code == 1 and bad.stderr.rstrip().endswith(f"'ben' was not given article #{of_ana}; its analysts are ana")


def test_export_names_the_real_file_and_each_article_marked_done_with_undecided_units(tmp_path: Path) -> None:
    team, _ana, _cy, first = _team_of_two(tmp_path)
    other = tmp_path / "news team.db"
    team.rename(other)  # another name, one needing quotes in a shell
    with Project.open(other) as p:  # marked done by hand in the editing view, nothing curated: 3 undecided units
        article = p.article(first)
        p.apply(Edit("done", (Change(article, Article(**{**{f: getattr(article, f) for f in article.__slots__},
                                                          "status": ArticleStatus.DONE})),)), by="lead")
    out = tmp_path / "gold.jsonl"
    export = run("export", other, "--format", "jsonl", "--output", out)
    assert export.exit_code == 0, export.output
    # fix11j: the untitled article is named by its first words ("#3 «Article 0: …»"), never «» or a bare number
    assert f"#{first} «Article 0: Angela Merkel met Olaf Schol…»: exported as marked done with 3 undecided units (its gold as it is)" in export.output
    assert f"`annotator curate '{other}' --accept-agreed`" in export.output and "TEAM.db" not in export.output
    assert _gold_texts(out) == {_text(0): []}  # what is there: nothing, and the line says why
    listing = run("curate", other, "--article", first)
    assert "marked done by hand (exported as gold as it is, with 3 undecided units)" in listing.stdout


def test_agreement_lists_a_unit_new_since_the_article_was_curated(tmp_path: Path) -> None:
    team, _ana, cy, first = _team_of_two(tmp_path)
    _curate_fully(team, first)
    assert "Gold decisions changed since decided" not in run("agreement", team).stdout
    _mark(cy, _text(0), "Article", "ORG")
    assert run("merge", team, cy).exit_code == 0
    report = run("agreement", team)
    assert report.exit_code == 0, report.output
    # fix11ak N7: counted apart from decisions changed since decided (curate counts it among its disagreements)
    assert ("Gold decisions changed since decided (1 new since the article was curated, not "
            "decided yet)") in report.stdout
    assert f"  #{first} ORG «Article»: new since the article was curated (cy's)" in report.stdout
    again = run("curate", team, "--article", first, "--keep", "cy")
    assert again.exit_code == 0 and "Gold decisions changed since decided" not in run("agreement", team).stdout


def test_a_stale_curated_mark_from_an_older_merge_is_said_and_withdrawn_by_the_next_curate(tmp_path: Path) -> None:
    from annotator.storage import layers as layer_store

    team, _ana, _cy, first = _team_of_two(tmp_path)
    _curate_fully(team, first)
    with Project.open(team) as p:  # cy's layer replaced as a merge before this fix did: the mark stays
        bundle = p.bundle(first, analyst="cy")
        start = _text(0).index("Article")
        extra = Span(id="late-org", article_id=first, start=start, end=start + 7, label="ORG", layer="entity",
                     status=Status.ACCEPTED, analyst="cy")
        bundle = ArticleBundle(bundle.article, spans=[*bundle.spans, extra], relations=bundle.relations, stances=bundle.stances)
        with p.writing():
            layer_store.replace_article_layer(p.db.conn, "cy", first, bundle, edit="e", action="old merge", by="merge", at="later")
    listing = run("curate", team, "--article", first)
    assert "marked curated before an analyst's layer changed (exported as gold as it is); 1 disagreement" in listing.stdout
    assert listing.stdout.splitlines()[-1] == "1 of 1 article exported as gold (1 as it is, not curated)"
    fixed = run("curate", team, "--article", first, "--accept-agreed")
    assert f"#{first}: curated mark withdrawn, an analyst's layer changed since (1 disagreement not decided yet)" in fixed.stdout
    assert fixed.stdout.splitlines()[-1] == "No article exported as gold yet (1 not curated)"
