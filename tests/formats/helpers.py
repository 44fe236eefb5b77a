"""Small helpers shared by the format tests."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

from annotator.formats import import_sources, jsonl, plan
from annotator.formats.common import ImportOptions
from annotator.formats.stream import iter_bundles, statuses_for
from annotator.storage.project import Project


def export_jsonl(project: Project, status: str = "all") -> str:
    out = io.StringIO()
    jsonl.write(iter_bundles(project, statuses=statuses_for(status)), out)
    return out.getvalue()


def import_paths(project: Project, *paths: Path, fmt: str = "auto", skip_errors: bool = False, **options):
    opts = ImportOptions(schema=project.schema, **options)
    return import_sources(project, plan(list(paths), fmt), opts, skip_errors=skip_errors)


def records(text: str) -> list[dict]:
    # JSONL lines end at "\n" only: str.splitlines() would also split inside a string holding
    # U+0085, U+2028 or U+2029, which JSON (ensure_ascii=False) writes as they are.
    return [json.loads(line) for line in text.split("\n") if line.strip()]


class Cancelled(Exception):
    """Raised by a :func:`cancel_after` check: stands in for the user's Cancel."""


def cancel_after(calls: int) -> Callable[[], None]:
    """A should-cancel check (an export's ``check``) that lets ``calls`` calls pass and raises
    :class:`Cancelled` on every later one."""
    seen = 0

    def check() -> None:
        nonlocal seen
        seen += 1
        if seen > calls:
            raise Cancelled()

    return check
