"""fix11ad (issue 11, fix11ac's loose end 1): ``curate``'s bulk decisions return a typed result —
what they decided (units, stances) and, when they wrote nothing, a reason code
(:class:`annotator.domain.curation.NotDone`) — and ``curate --keep`` decides on the code: it
matched the words "Not kept: no unit only" of the message. Hand-written text (t20's), no corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain import curation
from annotator.domain.curation import BulkDecision, NotDone
from annotator.domain.edits import Edit
from annotator.storage import curation_state
from annotator.storage.project import Project
from tests.cli.test_curate_by_name_fix11ac import hm_files
from tests.cli.test_curate_stances_fix11y import ok, rec, write


def single(tmp_path: Path, *, status: str | None = "done") -> Path:
    db = tmp_path / "p.db"
    ok("import", db, write(tmp_path / "a.jsonl", rec(status=status)), "--analyst", "ana")
    return db


def test_accept_single_says_what_it_kept_and_why_not_by_code(tmp_path: Path) -> None:
    db = single(tmp_path)
    with Project.open(db) as project:
        done = curation_state.accept_single(project, 1, by="lead")
        assert isinstance(done, BulkDecision) and done.reason is None and bool(done)
        # the QUOTE's two pieces, PERSON, CUE; the stance comes with its quote (counted with it)
        assert (done.units, done.stances) == (4, 0), done.message
        assert done.message == "Curate: keep ana's version of all 4 units only ana was given (article curated)"
        assert [(s.holder, s.status.value) for s in project.stances(1) if not s.analyst] == [("Tom Brennan", "accepted")]
        again = curation_state.accept_single(project, 1, by="lead")
        assert again.reason is NotDone.NOTHING_LEFT and not again and (again.units, again.stances) == (0, 0)
        assert again.message == again.edit.description


def test_accept_single_on_an_unreviewed_or_shared_article_gives_its_code(tmp_path: Path) -> None:
    (tmp_path / "u").mkdir()
    with Project.open(single(tmp_path / "u", status="new")) as project:
        refused = curation_state.accept_single(project, 1, by="lead")
        assert refused.reason is NotDone.UNREVIEWED and "has not reviewed it" in refused.message
        assert curation_state.accept_agreed(project, 1, by="lead").reason is NotDone.UNREVIEWED
    db = tmp_path / "two.db"
    a, b = hm_files(tmp_path)
    ok("import", db, a, "--analyst", "ana")
    ok("import", db, b, "--analyst", "ben")
    with Project.open(db) as project:
        assert curation_state.accept_single(project, 1, by="lead").reason is NotDone.SEVERAL_ANALYSTS
        agreed = curation_state.accept_agreed(project, 1, by="lead")
        assert agreed.reason is None and agreed.units >= 1, agreed.message
        assert curation_state.accept_agreed(project, 1, by="lead").reason is NotDone.NOTHING_LEFT


@pytest.mark.parametrize("reason, said", [(NotDone.NOTHING_LEFT, False), (NotDone.UNREVIEWED, True), (None, True)])
def test_keep_decides_on_the_reason_code_not_the_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       reason: NotDone | None, said: bool) -> None:
    """``--keep ana`` on an article given to ana alone kept 1 disagreement, then runs accept_single:
    its line is left out exactly when its reason is NOTHING_LEFT, whatever its words."""
    db = tmp_path / "p.db"
    ok("import", db, write(tmp_path / "g_org.jsonl", rec(label="ORG", status=None)))
    ok("import", db, write(tmp_path / "a_eq.jsonl", rec()), "--analyst", "ana")
    words = "some other wording of the same outcome"
    monkeypatch.setattr(curation, "decide_single", lambda *a, **k: BulkDecision(Edit(words, ()), reason=reason))
    kept = ok("curate", db, "--keep", "ana", "--article", "1")
    assert "#1: kept ana's version of 1 disagreement" in kept, kept
    assert (f"#1: {words}" in kept) is said, kept
