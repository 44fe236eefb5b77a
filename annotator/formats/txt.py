"""Plain text: one article per ``.txt`` file, stored exactly as decoded (only a leading BOM dropped)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from annotator.domain.errors import InputError
from annotator.domain.model import Article, ArticleBundle, guess_title
from annotator.formats.common import EMPTY_TEXT, ImportOptions, Item, is_blank, read_text


def read(path: Path, options: ImportOptions, *, name: str | None = None) -> Iterator[Item]:
    try:
        text = read_text(path, options.encoding)
        if is_blank(text):
            raise InputError(EMPTY_TEXT, path=str(path))
    except InputError as exc:
        yield Item(error=exc)
        return
    article = Article(id=None, text=text, title=guess_title(text), meta={"_import": {"file": name or path.name}})  # fix41: provenance apart from user keys
    yield Item(bundle=ArticleBundle(article), path=str(path))
