"""fix11ai (issue 11): ``annotator curate --reject ANALYST --article N`` — the window's X from the
shell, so a lead on the command line can finish an article where every analyst's version is wrong
(before, only the window could reject). Hand-written text, no corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.storage import curation_state
from annotator.storage.project import Project
from tests.cli.test_curate_stances_fix11y import _at, ok, rec, write
from tests.cli.test_export_uncurated import run
from tests.domain.test_curation_words_fix11ag import ALL_KEYS

pytestmark = pytest.mark.timeout(120)


def team(tmp_path: Path) -> Path:
    """ana: Tom Brennan PERSON; ben: Tom Brennan ORG (a disagreement both mark) and Maria Okafor
    PERSON (a disagreement only ben marks); the quote, cue, links and stance alike."""
    ben = rec(label="ORG")
    m = _at("Maria Okafor")
    ben["spans"].append({"id": "m", "start": m[0], "end": m[1], "label": "PERSON"})
    db = tmp_path / "team.db"
    ok("import", db, write(tmp_path / "ana.jsonl", rec()), "--analyst", "ana")
    ok("import", db, write(tmp_path / "ben.jsonl", ben), "--analyst", "ben")
    return db


def gold_spans(db: Path) -> list[tuple[str, str, str]]:
    with Project.open(db, create=False) as p:
        return sorted((p.article(1).text[s.start:s.end], s.label, s.status.value) for s in p.spans(1))


def test_reject_rejects_the_disagreements_the_analyst_marked_and_leaves_the_rest(tmp_path: Path) -> None:
    db = team(tmp_path)
    with Project.open(db, create=False) as p:
        logged = len(p.history(article_id=1))
    out = ok("curate", db, "--reject", "ana", "--article", "1", "--by", "lead")
    assert out.splitlines()[0] == ("#1: rejected 1 disagreement where ana marked a version (gold keeps nothing there): "
                                   "ORG/PERSON «Tom Brennan»"), out
    assert not ALL_KEYS.search(out), out
    with Project.open(db, create=False) as p:
        state = curation_state.state_of(p, 1)
        history = p.history(article_id=1)
    assert state.disagreements == 1 and not state.curated  # ben's Maria Okafor (ana marked nothing there) is left
    new = history[logged:]  # in the change log, by the curator, under the rejection's action
    assert new and all(row["by"] == "lead" and row["action"] == "Curate: reject ORG/PERSON «Tom Brennan»" for row in new), new
    assert ("Tom Brennan", "ORG", "accepted") not in gold_spans(db) and ("Tom Brennan", "PERSON", "accepted") not in gold_spans(db)
    # a second --reject ana: nothing left of hers; said so, nothing written
    again = ok("curate", db, "--reject", "ana", "--article", "1", "--by", "lead")
    assert again.splitlines()[0] == "#1: nothing to reject: ana marked no disagreement and no ⚠ decision left undecided", again


def test_reject_then_accept_agreed_finishes_the_article_from_the_shell(tmp_path: Path) -> None:
    db = team(tmp_path)
    ok("curate", db, "--reject", "ana", "--article", "1", "--by", "lead")
    out = ok("curate", db, "--reject", "ben", "--accept-agreed", "--article", "1", "--by", "lead")
    lines = out.splitlines()
    assert lines[0] == ("#1: rejected 1 disagreement where ben marked a version (gold keeps nothing there): "
                        "PERSON «Maria Okafor»"), out
    # the stance whose holder gold rejected goes with it; the quote and its cue are accepted
    assert lines[1].startswith("#1: Curate: accept all 3 agreed units;") and lines[1].endswith("(article curated)"), out
    assert "its stance of Tom Brennan favor «harbour» rejected in gold" in lines[1], out
    assert lines[2].endswith(": curated (exported as gold)"), out
    accepted = [s for s in gold_spans(db) if s[2] == "accepted"]
    assert {(t, lab) for t, lab, _ in accepted} == {('"The harbour,"', "QUOTE"), ('"stays public."', "QUOTE"), ("said", "CUE")}


def test_reject_s_refusals_are_usage_lines_and_write_nothing(tmp_path: Path) -> None:
    db = team(tmp_path)
    before = db.read_bytes()
    no_article = run("curate", db, "--reject", "ana")
    assert no_article.exit_code == 2 and "--reject rejects every disagreement of an article" in no_article.output
    both = run("curate", db, "--reject", "ana", "--keep", "ben", "--article", "1")
    assert both.exit_code == 2 and "--keep and --reject decide the same disagreements" in both.output
    stranger = run("curate", db, "--reject", "zed", "--article", "1")
    assert stranger.exit_code == 1 and stranger.output.strip().endswith(
        "--reject zed: 'zed' was not given article #1; its analysts are ana, ben"), stranger.output
    assert "Traceback" not in no_article.output + both.output + stranger.output
    assert db.read_bytes() == before


def test_reject_versions_returns_typed_counts(tmp_path: Path) -> None:
    db = team(tmp_path)
    with Project.open(db, create=False) as p:
        done = curation_state.reject_versions(p, 1, "ben", by="lead")
        assert (done.disagreements, done.changed, done.written) == (2, 0, 2)
        assert done.rejected == ["ORG/PERSON «Tom Brennan»", "PERSON «Maria Okafor»"] and done.refused == []
        with pytest.raises(KeyError):
            curation_state.reject_versions(p, 1, "zed")


def test_reject_a_span_linked_to_nothing_is_said_as_its_kind(tmp_path: Path) -> None:
    """ben's SPEAKER kept while its quote is rejected (⚠ linked to nothing): --reject ben rejects it, said so."""
    from tests.ui.test_curation_flags_fix11o import both_kinds

    db, first, _second = both_kinds(tmp_path)
    out = ok("curate", db, "--reject", "ben", "--article", str(first), "--by", "lead")
    assert out.splitlines()[0].startswith(f"#{first}: rejected 1 span ⚠ linked to nothing where ben marked a version "
                                          "(gold keeps nothing there): SPEAKER «Maria Okafor»"), out
    with Project.open(db, create=False) as p:
        assert curation_state.state_of(p, first).unlinked == 0
