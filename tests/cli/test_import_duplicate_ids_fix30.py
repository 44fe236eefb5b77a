"""fix30 (usertest26 M4): ``annotator import P.db bad.csv --text-column articleBody`` with two rows
sharing ``Body ID`` imports both (exit 0) and says each duplicate on its own line, naming both
physical lines (a record spanning three lines comes before it); at most DUPLICATE_IDS_SHOWN, then
"… and N more duplicated ids". Made-up texts."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from annotator.cli import cli
from annotator.formats.common import DUPLICATE_IDS_SHOWN


def test_a_duplicated_body_id_is_a_warning_with_both_lines(tmp_path: Path) -> None:
    source = tmp_path / "bad.csv"
    source.write_text('Body ID,articleBody\n'
                      'a300,"The ferry board met on Monday."\n'
                      'a301,"The council\nvoted on the budget\nlate at night."\n'
                      'a300,The harbour closed for the storm.\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(tmp_path / "p.db"), str(source), "--text-column", "articleBody"])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[0].startswith("Imported 3 new articles (0 already in the project)")
    at = lines.index("  Warning: 1 duplicated source id (imported as they are; a join on it is ambiguous):")
    assert lines[at + 1] == f"    {source}:6: Body ID 'a300' already on line 2"
    assert len(lines) == at + 2


def test_at_most_ten_then_how_many_more(tmp_path: Path) -> None:
    n = DUPLICATE_IDS_SHOWN + 4
    source = tmp_path / "ids.csv"
    source.write_text("id,text\n" + "".join(f"x{k},Article number {k} of the first run.\n" for k in range(n))
                      + "".join(f"x{k},Article number {k} of the second run.\n" for k in range(n)), encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(tmp_path / "p.db"), str(source)])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"Imported {2 * n} new articles")
    at = lines.index(f"  Warning: {n} duplicated source ids (imported as they are; a join on them is ambiguous):")
    assert lines[at + 1:at + 1 + DUPLICATE_IDS_SHOWN] == [f"    {source}:{n + 2 + k}: id 'x{k}' already on line {k + 2}"
                                                           for k in range(DUPLICATE_IDS_SHOWN)]
    assert lines[at + 1 + DUPLICATE_IDS_SHOWN] == "    … and 4 more duplicated ids"
