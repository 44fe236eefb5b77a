"""Annotator: annotate news articles with entities, quotes, claims and stances."""

from __future__ import annotations

__version__ = "0.1.0"

# sqlite-utils is not imported here (launch13): opening a project and the window's launch use
# plain sqlite3; annotator.storage.connection.load_sqlite_utils imports it, numpy and pandas
# hidden, when a table method or a migration first needs it.
