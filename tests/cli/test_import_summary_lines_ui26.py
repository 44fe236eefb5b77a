"""usertest22 L1: the import summary was one line of thousands of characters (polnear-train:
3,441): one line of counts, then each note on its own line and the merged copies listed below,
the first COPIES_SHOWN and "… and N more copies". Made-up texts."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from annotator.cli import cli
from annotator.formats import COPIES_SHOWN

TEXT = "The ferry board met on Monday and the chair said the timetable stays."


def test_counts_notes_and_copies_each_get_their_lines(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for k in range(COPIES_SHOWN + 4):  # one article, then COPIES_SHOWN + 3 copies of it
        (folder / f"copy{k:02}.txt").write_text(TEXT + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(tmp_path / "p.db"), str(folder)])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[0] == (f"Imported 1 new article (0 already in the project; {COPIES_SHOWN + 3} more copies of them in the input, "
                        f"merged in), 0 spans, 0 relations from {COPIES_SHOWN + 4} files into {tmp_path / 'p.db'}")
    start = lines.index(f"  These {COPIES_SHOWN + 3} copies of articles met earlier in the import were merged into the first:")
    copies = lines[start + 1:start + 1 + COPIES_SHOWN]
    assert copies[0] == f"    {folder / 'copy01.txt'} is the same article as {folder / 'copy00.txt'}: merged into it"
    assert all(line.startswith("    ") and line.endswith("merged into it") for line in copies)
    assert lines[start + 1 + COPIES_SHOWN] == "    … and 3 more copies"
    assert max(len(line) for line in lines) < 300
