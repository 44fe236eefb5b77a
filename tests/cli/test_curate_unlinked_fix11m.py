"""fix11m (issue 11): `annotator curate --accept-agreed` after the quote was rejected accepts the
agreed CUE and SPEAKER, says they are left ⚠ linked to nothing, and the article is not exported
as gold (not curated). Hand-made text, no corpus."""

from __future__ import annotations

from pathlib import Path

from annotator.domain import curation
from tests.cli.test_export_uncurated import run
from tests.domain.test_curation_nested_fix11k import _told, by_text, data_of, make_project


def test_curate_accept_agreed_says_what_it_left_linked_to_nothing(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    project, aid = make_project(path, {"ana": _told("a"), "cy": _told("c")})
    try:
        quote = by_text(curation.align(data_of(project, aid)))["nothing was agreed"]
        project.apply(curation.reject(data_of(project, aid), quote.key, by="lead"), by="lead")
    finally:
        project.close()
    result = run("curate", path, "--accept-agreed", "--by", "lead")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == (f"#{aid}: Curate: accept all 2 agreed units; 2 kept linked to nothing in gold (their quote was "
                        f"rejected): ⚠ `annotator curate {Path(path).name} --keep ANALYST --article {aid}` keeps each so, "
                        f"`--reject ANALYST --article {aid}` rejects it")  # fix11ak N1: flags, never keys
    assert lines[-1] == "No article exported as gold yet (1 not curated)"
