"""PolNeAR dev files chosen by what they hold, never by name (fix11am).

A PolNeAR file's stem carries a headline fragment, so naming one in a test copies corpus text into
the repository. The tests ask for a property instead — the first article in sorted order that at
least N annotators annotated, the first files holding given brat types — and skip cleanly when
``../shared/data`` (``ANNOTATOR_SHARED_DATA``) is absent or no file has the property.

Layout (the dev split): ``attributions/<article>_<annotator>.ann`` (annotator: 4 hex digits) and
``text/<article>.txt``.
"""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path

import pytest

from tests.conftest import SHARED_DATA

POLNEAR_DEV = SHARED_DATA / "polnear-dev"
ATTRIBUTIONS = POLNEAR_DEV / "attributions"
TEXTS = POLNEAR_DEV / "text"


@dataclasses.dataclass(frozen=True)
class PolnearArticle:
    """One dev article: ``text`` its ``.txt`` file; ``annotators`` the annotator codes that have an
    ``.ann`` file of it, sorted."""

    stem: str
    annotators: tuple[str, ...]

    @property
    def text(self) -> Path:
        return TEXTS / f"{self.stem}.txt"

    def ann(self, annotator: str) -> Path:
        """The annotator's ``.ann`` file of the article."""
        return ATTRIBUTIONS / f"{self.stem}_{annotator}.ann"


@functools.cache
def articles() -> tuple[PolnearArticle, ...]:
    """Every dev article with a text and at least one ``.ann`` file, in sorted order of stem; ()
    without the data."""
    if not ATTRIBUTIONS.is_dir() or not TEXTS.is_dir():
        return ()
    by_stem: dict[str, list[str]] = {}
    for ann in sorted(ATTRIBUTIONS.glob("*.ann")):
        stem, _, annotator = ann.stem.rpartition("_")
        if stem and (TEXTS / f"{stem}.txt").is_file():
            by_stem.setdefault(stem, []).append(annotator)
    return tuple(PolnearArticle(stem, tuple(sorted(names))) for stem, names in sorted(by_stem.items()))


def article_with_annotators(n: int) -> PolnearArticle | None:
    """The first article (sorted order) that ``n`` or more annotators annotated; None when none
    (or no data)."""
    return next((a for a in articles() if len(a.annotators) >= n), None)


def brat_types(ann: Path) -> frozenset[str]:
    """The brat types of the file's text-bound (``T``) and event (``E``) lines."""
    types = set()
    for line in ann.read_text(encoding="utf-8").splitlines():
        if line[:1] in ("T", "E") and "\t" in line:
            types.add(line.split("\t")[1].split(" ")[0].split(":")[0])
    return frozenset(types)


def files_with_types(types: set[str], count: int) -> list[Path]:
    """The first ``count`` ``.ann`` files (sorted order, at most one per article) holding every
    brat type of ``types``; fewer when fewer exist."""
    found = []
    for article in articles():
        ann = next((article.ann(a) for a in article.annotators if types <= brat_types(article.ann(a))), None)
        if ann is not None:
            found.append(ann)
            if len(found) == count:
                break
    return found


def need_article_with_annotators(n: int) -> PolnearArticle:
    """:func:`article_with_annotators`, or skip the test (the data or such an article absent)."""
    article = article_with_annotators(n)
    if article is None:
        pytest.skip(f"no PolNeAR dev article with {n} annotators in {POLNEAR_DEV} (../shared/data absent?)")
    return article
