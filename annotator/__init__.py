"""Annotator: annotate news articles with entities, quotes, claims and stances."""

from __future__ import annotations

__version__ = "0.1.0"


def _import_sqlite_utils_without_array_libraries() -> None:
    """Import sqlite-utils with numpy and pandas hidden, unless they are already imported.

    sqlite-utils imports both when installed (``sqlite_utils/db.py``: ``importlib.import_module``
    in ``try``) only to map their scalar types to column types when a table is made from such
    values; Annotator makes its tables with Python types and binds Python values. numpy alone is
    0.2-0.4 s of the window's 1 s launch (issue 12, ``python -X importtime``); the exports and
    agreement that use numpy import it themselves when they run, unaffected by this."""
    import sys

    if "sqlite_utils" in sys.modules:
        return
    hidden = [name for name in ("numpy", "pandas") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # import raises ImportError: sqlite-utils goes without
    try:
        import sqlite_utils  # noqa: F401
    finally:
        for name in hidden:
            if sys.modules.get(name, ...) is None:
                del sys.modules[name]


_import_sqlite_utils_without_array_libraries()
