"""Every write transaction starts with BEGIN IMMEDIATE (Project.writing / write_transaction): a
deferred one reads first and then fails at once with "database is locked" instead of waiting its
turn (issue 8). This scan keeps a new write path from slipping back to sqlite-utils' atomic()."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "annotator"
ALLOWED = {ROOT / "storage" / "transactions.py"}  # the one place that makes savepoints


def test_no_write_transaction_bypasses_begin_immediate() -> None:
    offenders = []
    for path in sorted(ROOT.rglob("*.py")):
        if path in ALLOWED:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if re.search(r"\.atomic\(\)|execute\(\s*['\"]BEGIN(?! IMMEDIATE| EXCLUSIVE)", line):
                offenders.append(f"{path.relative_to(ROOT.parent)}:{number}: {line.strip()}")
    assert offenders == [], "use Project.writing() / write_transaction():\n" + "\n".join(offenders)
