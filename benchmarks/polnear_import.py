"""Import a PolNeAR split (``text/*.txt`` + brat ``attributions/*.ann``) into a project as reviewed
attributions, with the project's own brat importer (:func:`annotator.formats.brat_read.read_pair`)
and the label map of docs/formats.md (``Content=QUOTE,Source=SPEAKER,Cue=CUE``, the
``Attribution`` triggers left out). Where a text has several annotators' files the first sorted is
used, as :mod:`annotator.nlp.quotes_polnear` does. The data is read in place, never copied.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path

from annotator.domain.errors import InputError
from annotator.domain.model import ArticleBundle, ArticleStatus
from annotator.formats.brat_read import read_pair
from annotator.formats.common import ImportOptions, parse_label_map
from annotator.storage.project import Project

LABEL_MAP = "Content=QUOTE,Source=SPEAKER,Cue=CUE,Attribution=,Attribution-no-source="
_ANN_SUFFIX = re.compile(r"_[0-9a-f]+\.ann$")


def ann_files(directory: Path, limit: int | None = None) -> list[Path]:
    """One ``.ann`` per text of ``directory`` (the first sorted), in name order, at most ``limit``."""
    seen: dict[str, Path] = {}
    for ann in sorted((directory / "attributions").glob("*.ann")):
        seen.setdefault(_ANN_SUFFIX.sub("", ann.name), ann)
    files = [ann for name, ann in sorted(seen.items()) if (directory / "text" / f"{name}.txt").exists()]
    return files[:limit] if limit is not None else files


def bundles(directory: Path, project: Project, limit: int | None = None, status: ArticleStatus = ArticleStatus.DONE,
            skipped: list[str] | None = None) -> Iterator[ArticleBundle]:
    """The articles of ``directory`` as bundles with article status ``status``. A file the
    importer refuses (``annotator import --skip-errors`` would skip it too) is left out and its
    one-line error appended to ``skipped``."""
    options = ImportOptions(label_map=parse_label_map(LABEL_MAP), schema=project.schema)
    for ann in ann_files(directory, limit):
        name = _ANN_SUFFIX.sub("", ann.name)
        try:
            bundle = read_pair(ann, options, txt=directory / "text" / f"{name}.txt")
        except InputError as exc:
            if skipped is not None:
                skipped.append(str(exc))
            continue
        yield dataclasses.replace(bundle, article=dataclasses.replace(bundle.article, status=status))


def import_polnear(directory: Path, project: Project, limit: int | None = None) -> tuple[int, list[str]]:
    """Import ``directory`` into ``project`` as reviewed (status done); returns the articles
    added and the errors of the files the importer refused."""
    skipped: list[str] = []
    added = len(project.import_bundles(bundles(directory, project, limit, skipped=skipped)).article_ids)
    return added, skipped
