"""fix11n (issue 11 user test #3): `curate --keep NAME` on a kept SPEAKER ⚠ linked to nothing said
"kept ben's version of 0 disagreements and 1 decision ⚠ changed since decided (decided again)",
added a no-op change-log row each run and the ⚠ stayed. Now it keeps it so (as A), says so, the
next run writes nothing; `curate` and `agreement` name this ⚠ kind as what it is (A or X), not as
"an analyst's newer layer differs". Hand-made text, no corpus."""

from __future__ import annotations

from pathlib import Path

from annotator.storage.project import Project
from tests.cli.test_export_uncurated import run
from tests.domain.test_curation_unlinked_fix11n import _okafor, apply, state, unit_at


def _rows(db: Path) -> int:
    with Project.open(db, read_only=True) as p:
        return p.db.execute("SELECT count(*) FROM changes").fetchone()[0]


def test_curate_keep_on_linked_to_nothing_keeps_it_so_once(tmp_path: Path) -> None:
    project, aid = _okafor(tmp_path)
    try:
        st = state(project, aid)
        apply(project, st.take(unit_at(st, "Okafor").key, "ben", by="lead"))
    finally:
        project.close()
    db = tmp_path / "t.db"
    before = run("curate", db)
    assert "1 kept span ⚠ linked to nothing in gold (the quote it was linked from is not kept, or kept without that link)" in before.output
    # fix11ai: curate's words are its flags (the window's keys were named here)
    assert ("for each span ⚠ linked to nothing: `annotator curate t.db --keep ANALYST --article 1` keeps it so, "
            "`--reject ANALYST --article 1` rejects it") in before.output, before.output
    assert "changed since decided" not in before.output  # no newer layer changed anything here
    agreement = run("agreement", db)
    assert "Gold spans linked to nothing (1): kept, but the quote it was linked from is not kept, or kept without that link" in agreement.output
    assert "an analyst's newer layer differs" not in agreement.output
    assert "  #1 SPEAKER «Okafor» is linked to nothing in gold" in agreement.output  # gold's span, said once (fix11o)
    result = run("curate", db, "--keep", "ben", "--article", aid, "--by", "lead")
    assert result.exit_code == 0, result.output
    first = result.output.splitlines()[0]
    # fix11t: a kind at 0 is not named
    assert first == f"#{aid}: kept ben's version of 1 span ⚠ linked to nothing (kept so, ben's version: as A)"
    assert "linked to nothing" not in result.output.splitlines()[1]  # the ⚠ is gone (the agreed CUE is left)
    rows = _rows(db)
    again = run("curate", db, "--keep", "ben", "--article", aid, "--by", "lead")
    assert again.output.splitlines()[0] == f"#{aid}: nothing to keep: no disagreement and no ⚠ decision is left undecided"
    assert _rows(db) == rows  # no no-op row


def test_reimport_names_the_span_gone_and_since_which_decision(tmp_path: Path) -> None:
    """#6: ben deletes one span from his newer .ann (ana still has it): the re-import summary named
    "ben's PERSON is gone"; it names the text and the decision, as `agreement` and the docs do."""
    from tests.cli.test_import_version_fix11i import FIRST, _brat

    team = tmp_path / "team.db"
    for name in ("ana", "ben"):
        assert run("import", team, _brat(tmp_path / name, FIRST), "--analyst", name).exit_code == 0
    assert run("curate", team, "--article", 1, "--accept-agreed", "--by", "lead").exit_code == 0
    newer = [s for s in FIRST if s[1] != "Olaf Scholz"]
    result = run("import", team, _brat(tmp_path / "ben2", newer), "--analyst", "ben")
    assert result.exit_code == 0, result.output
    assert ("1 decision ⚠ changed since decided: ben's PERSON «Olaf Scholz» is gone since you kept it): decide again"
            in result.output), result.output  # was "ben's PERSON is gone"
