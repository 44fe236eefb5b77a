"""The project's guidelines: Markdown text kept in the project file (``project`` table, key
:data:`GUIDELINES_KEY`); every change is logged in ``changes`` (kind ``guidelines``, before and
after as JSON strings), so no version is ever lost."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from annotator.domain.errors import InputError
from annotator.domain.model import now
from annotator.storage.project import Project

GUIDELINES_KEY = "guidelines"
MAX_BYTES = 5_000_000  # a guide is a few pages; more is a wrong file (a PDF, a data dump)


def read_guidelines(project: Project) -> str:
    """The stored guidelines ("" when none were written)."""
    return project.get_setting(GUIDELINES_KEY) or ""


def write_guidelines(project: Project, text: str, *, by: str = "", action: str = "Edit guidelines") -> bool:
    """Store ``text`` as the guidelines and log the change; False (nothing written) when the
    stored text is the same. Raises :class:`~annotator.storage.project.ReadOnlyProjectError`
    for a read-only project and ``ProjectBusy`` when another writer holds the file."""
    project.refuse_if_read_only("saving the guidelines")
    with project.writing():
        before = project.get_setting(GUIDELINES_KEY)  # under the write lock: the text replaced is the stored one
        if (before or "") == text:
            return False
        project.db["project"].upsert({"key": GUIDELINES_KEY, "value": text}, pk="key")
        project.db["changes"].insert(
            {"at": now(), "by": by, "edit": uuid.uuid4().hex, "action": action, "kind": "guidelines",
             "record_id": GUIDELINES_KEY, "article_id": None,
             "before": None if before is None else json.dumps(before, ensure_ascii=False), "after": json.dumps(text, ensure_ascii=False)}
        )
    return True


def read_markdown_file(path: Path) -> str:
    """The text of a Markdown file to import as guidelines, newlines as ``\\n``. Raises
    :class:`InputError` (one line naming the file and what to do) for a missing, unreadable,
    binary, non-UTF-8 or oversized file."""
    where = str(path)
    if path.is_dir():
        raise InputError("is a folder; give a Markdown (.md) file", path=where)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file; check the path", path=where) from None
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror}); check its permissions", path=where) from None
    if len(data) > MAX_BYTES:
        raise InputError(f"is {len(data):,} bytes, more than a guide ({MAX_BYTES:,} at most); give the Markdown file", path=where)
    if b"\x00" in data:
        raise InputError("is a binary file, not Markdown text; export the guide as a .md file", path=where)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError("is not UTF-8 text; save it as UTF-8", path=where, line=line) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


__all__ = ["GUIDELINES_KEY", "read_guidelines", "read_markdown_file", "write_guidelines"]
