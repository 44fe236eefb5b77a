"""fix11ac (issue 11, usertest11n N1): an agreed stance whose holder one analyst marked as a span
and the other named by name only. Once the lead keeps the by-name version of the holder (nothing
marked there) or rejects it, Ctrl+Return / ``--accept-agreed`` keeps the stance by name, as that
analyst names it (docs/team.md, holder rule: a stance named by name only keeps the name) — it
counted the stance as "1 agreed unit to accept (Ctrl+Return)" and then answered "No agreed unit
left to accept", with no key and no CLI flag that finished the article. Hand-written text, no corpus."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from annotator.domain import curation
from annotator.domain.model import ArticleBundle
from annotator.storage.project import Project
from tests.domain.test_curation_holders_fix11ab import accepted_without_holder, with_maria
from tests.domain.test_curation_stance_follow_fix11y import TEXT, apply, gold_stances, state


def ben_by_name() -> ArticleBundle:
    """gen3.py ``hm_b``: ben's stance of Maria Okafor names her by name only; he marked no span of her."""
    b = with_maria(holder="maria")
    b.spans = [s for s in b.spans if s.id != "m"]
    b.stances = [dataclasses.replace(st, holder_span="") for st in b.stances]
    return b


def hm(path: Path) -> tuple[Project, int]:
    project = Project.open(path)
    aid = project.import_bundles([with_maria(holder="maria")], analyst="ana").article_ids[0]
    project.import_bundles([ben_by_name()], analyst="ben")
    return project, aid


def maria(st: curation.ArticleCuration) -> curation.Unit:
    return next(u for u in st.alignment.units if TEXT[u.start:u.end] == "Maria Okafor")


def counted_agreed(st: curation.ArticleCuration) -> int:
    return len(curation.agreed_left(st.alignment)) + len(curation.agreed_stances_left(st.alignment))


def test_ctrl_return_keeps_the_stance_by_name_when_the_lead_kept_no_holder_span(tmp_path: Path) -> None:
    """r54 L1/L2: `Tab 2` (ben's: no Maria span) then Ctrl+Return / --accept-agreed."""
    project, aid = hm(tmp_path / "p.db")
    st = state(project, aid)
    apply(project, st.take(maria(st).key, "ben", by="lead"))
    st = state(project, aid)
    edit = st.accept_all_agreed(by="lead")
    assert "not accepted" not in edit.description
    assert "(article curated)" in edit.description
    apply(project, edit)
    st = state(project, aid)
    assert st.alignment.article_curated and counted_agreed(st) == 0
    stances = [s for s in gold_stances(project, aid) if s[0] == "Maria Okafor"]
    assert stances == [("Maria Okafor", "favor", "accepted", "", '"The harbour," QUOTE accepted')]
    assert accepted_without_holder(project, aid) == ['Maria Okafor favor «harbour» holder_span=\'\'']  # by name: no span to name
    # and again: nothing left, nothing promised
    assert state(project, aid).accept_all_agreed(by="lead").description.startswith("No agreed unit left to accept")


def test_x_on_the_holder_then_ctrl_return_keeps_it_by_name_too(tmp_path: Path) -> None:
    project, aid = hm(tmp_path / "p.db")
    st = state(project, aid)
    apply(project, st.reject(maria(st).key, by="lead"))
    apply(project, state(project, aid).accept_all_agreed(by="lead"))
    st = state(project, aid)
    assert st.alignment.article_curated and counted_agreed(st) == 0
    assert [s[:4] for s in gold_stances(project, aid) if s[0] == "Maria Okafor"] == [("Maria Okafor", "favor", "accepted", "")]


def test_while_the_holder_is_undecided_the_stance_waits_for_it(tmp_path: Path) -> None:
    """Not by name before the lead decided the holder: keeping ana's PERSON afterwards names it."""
    project, aid = hm(tmp_path / "p.db")
    apply(project, state(project, aid).accept_all_agreed(by="lead"))
    assert [s for s in gold_stances(project, aid) if s[0] == "Maria Okafor"] == []
    st = state(project, aid)
    apply(project, st.take(maria(st).key, "ana", by="lead"))
    apply(project, state(project, aid).accept_all_agreed(by="lead"))
    assert [s[:4] for s in gold_stances(project, aid) if s[0] == "Maria Okafor"] == [
        ("Maria Okafor", "favor", "accepted", "Maria Okafor PERSON accepted")]
    assert state(project, aid).alignment.article_curated


def test_a_on_the_stance_keeps_it_by_name_too(tmp_path: Path) -> None:
    """Ctrl+Return first (the quote kept, the stance held back: its holder undecided), then ``2`` on
    the holder, then A on the stance (its row clicked): by name, and the digit on ana's says so."""
    project, aid = hm(tmp_path / "p.db")
    apply(project, state(project, aid).accept_all_agreed(by="lead"))
    st = state(project, aid)
    apply(project, st.take(maria(st).key, "ben", by="lead"))
    st = state(project, aid)
    su = next(s for s in st.alignment.stances if s.name == "Maria Okafor")
    with pytest.raises(ValueError, match=r"its holder «Maria Okafor» is rejected in gold, .* — 2 keeps the stance by name, as ben names it \(A or Ctrl\+Return too\), "
                       r"or reject the stance \(X\)"):
        st.take(su.key, "ana", by="lead")
    apply(project, st.accept_agreed(su.key, by="lead"))
    assert state(project, aid).alignment.article_curated
    assert [s[:4] for s in gold_stances(project, aid) if s[0] == "Maria Okafor"] == [("Maria Okafor", "favor", "accepted", "")]


def test_an_agreed_stance_whose_every_holder_span_the_lead_rejected_is_rejected_by_ctrl_return(tmp_path: Path) -> None:
    """Both analysts mark Maria's PERSON and her stance; X on the PERSON, then Ctrl+Return: the stance
    was held back and still counted ("1 agreed unit"), the next Ctrl+Return said "No agreed unit left
    to accept". Now it is rejected with its holder (as X on the holder rejects a gold stance naming it)
    — fix11ad: by the one Ctrl+Return that keeps the quote bringing it (fix11ac needed a second)."""
    project = Project.open(tmp_path / "p.db")
    aid = 0
    for name in ("ana", "ben"):
        aid = project.import_bundles([with_maria(holder="maria")], analyst=name).article_ids[0]
    st = state(project, aid)
    apply(project, st.reject(maria(st).key, by="lead"))
    edit = state(project, aid).accept_all_agreed(by="lead")
    assert "its stance of Maria Okafor favor «harbour» rejected in gold (its holder «Maria Okafor» is not kept)" in edit.description
    assert "not accepted" not in edit.description and edit.description.endswith("(article curated)"), edit.description
    apply(project, edit)
    st = state(project, aid)
    assert counted_agreed(st) == 0 and st.alignment.article_curated
    assert [s[:3] for s in gold_stances(project, aid) if s[0] == "Maria Okafor"] == [("Maria Okafor", "favor", "rejected")]
    assert accepted_without_holder(project, aid) == []
    assert state(project, aid).accept_all_agreed(by="lead").description.startswith("No agreed unit left to accept")
