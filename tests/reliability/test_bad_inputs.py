"""Bad input is refused with one line naming the file (and line) and what to do, exit code 1,
and nothing written: every case of ``bad_inputs.BAD_INPUTS``, whose answers are the table in
docs/reliability.md (so the table cannot drift from what the program says)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reliability.bad_inputs import BAD_INPUTS, DOC, Bad, doc_messages, doc_table, prepare, run_case, table

REGENERATE = "run `.venv/bin/python -m tests.reliability.bad_inputs --write` and review the diff of docs/reliability.md"


def files(folder: Path) -> dict[str, bytes | None]:
    """Everything in ``folder`` (SQLite's -wal/-shm aside: they come and go with connections)."""
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.rglob("*")) if not p.name.endswith(("-wal", "-shm"))}


@pytest.mark.parametrize("number,case", list(enumerate(BAD_INPUTS)), ids=[c.what for c in BAD_INPUTS])
def test_bad_input_gets_one_line_exit_1_and_nothing_written(tmp_path: Path, number: int, case: Bad) -> None:
    prepare(case, tmp_path)
    before = files(tmp_path)
    code, output = run_case(case, tmp_path)
    assert code == 1, output
    lines = output.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "Traceback" not in output, output
    assert files(tmp_path) == before
    documented = doc_messages(DOC.read_text(encoding="utf-8"))
    assert number < len(documented) and documented[number] == lines[0], REGENERATE


def test_the_table_in_the_docs_lists_every_case_in_order() -> None:
    doc = DOC.read_text(encoding="utf-8")
    messages = doc_messages(doc)
    assert len(messages) == len(BAD_INPUTS), REGENERATE
    assert doc_table(doc) == table(messages), REGENERATE
