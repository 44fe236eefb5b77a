"""Plain text: one article per ``.txt`` file, stored exactly as decoded (only a leading BOM dropped)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from annotator.domain.errors import InputError
from annotator.domain.model import Article, ArticleBundle, guess_title
from annotator.formats.common import ImportOptions, Item, read_text


def read(path: Path, options: ImportOptions, *, name: str | None = None) -> Iterator[Item]:
    try:
        text = read_text(path, options.encoding)
        if not text.strip():
            raise InputError("is empty (no text to import); remove it or add the article's text", path=str(path))
    except InputError as exc:
        yield Item(error=exc)
        return
    article = Article(id=None, text=text, title=guess_title(text), meta={"file": name or path.name})
    yield Item(bundle=ArticleBundle(article), path=str(path))
