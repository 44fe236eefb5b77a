"""fix11af (issue 11, usertest11o O8): Ctrl+Return / ``--accept-agreed`` that keeps a stance by name
after the lead rejected (X) or kept no span of its holder says so in its line — it said only
"accept all 4 agreed units (article curated)". A stance every analyst named by name only is not
"without the span": nothing more is said. Hand-written text, no corpus."""

from __future__ import annotations

from pathlib import Path

from tests.domain.test_curation_by_name_fix11ac import hm, maria
from tests.domain.test_curation_stance_follow_fix11y import apply, state

SAID = "its stance of Maria Okafor favor «harbour» kept by name, as ben names it (the holder's span is not kept in gold)"


def test_x_on_the_holder_then_ctrl_return_says_the_stance_was_kept_by_name(tmp_path: Path) -> None:
    project, aid = hm(tmp_path / "p.db")
    st = state(project, aid)
    apply(project, st.reject(maria(st).key, by="lead"))
    edit = state(project, aid).accept_all_agreed(by="lead")
    assert "(article curated)" in edit.description and SAID in edit.description, edit.description


def test_keeping_ben_s_nothing_at_the_holder_then_ctrl_return_says_it_too(tmp_path: Path) -> None:
    project, aid = hm(tmp_path / "p.db")
    st = state(project, aid)
    apply(project, st.take(maria(st).key, "ben", by="lead"))
    edit = state(project, aid).accept_all_agreed(by="lead")
    assert SAID in edit.description, edit.description
