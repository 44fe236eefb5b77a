"""The sample project: the bundled articles, so a first run opens on something real."""

from __future__ import annotations

import getpass
import json
from importlib import resources
from pathlib import Path

from annotator.domain.model import Article, ArticleBundle, guess_title
from annotator.paths import SHARED_DATA_ENV, shared_data
from annotator.storage.project import Project


def sample_articles() -> list[Article]:
    """The sample articles, in the catalogue's order. An entry marked ``"shared"`` is real data,
    which stays in :func:`shared_data` and is never copied into the project: it is read from there
    when present and left out when not (an installed copy has the fictional articles only)."""
    folder = resources.files("annotator.resources.sample")
    catalogue = json.loads(folder.joinpath("articles.json").read_text(encoding="utf-8"))
    articles = []
    for name, info in catalogue.items():
        if info.get("shared"):
            source = shared_data() / name
            if not source.is_file():
                continue
            text = source.read_text(encoding="utf-8").removeprefix("\ufeff")
        else:
            text = folder.joinpath(name).read_text(encoding="utf-8").removeprefix("\ufeff")
        articles.append(
            Article(
                id=None, text=text, title=guess_title(text), publisher=info.get("publisher", ""),
                published=info.get("published", ""), url=info.get("url", ""), meta={"file": name, "sample": True},
            )
        )
    return articles


#: Project setting: the line saying which real-data articles of the sample were not found when it
#: was made (:func:`missing_note`), said once where the sample opens, then "" (usertest22 L5)
SAMPLE_NOTE = "sample_note"


def missing_shared() -> list[Path]:
    """The real-data articles of the sample (catalogue entries marked ``"shared"``) whose file is
    not in :func:`shared_data`: a clone outside the folder holding ``shared/data`` has none."""
    folder = resources.files("annotator.resources.sample")
    catalogue = json.loads(folder.joinpath("articles.json").read_text(encoding="utf-8"))
    return [shared_data() / name for name, info in catalogue.items()
            if info.get("shared") and not (shared_data() / name).is_file()]


def missing_note(missing: list[Path]) -> str:
    """usertest22 L5: ``"Sample without its real news article: …/seed-article.txt not found
    (set $ANNOTATOR_SHARED_DATA to the data folder)"``, or "" when nothing is missing."""
    if not missing:
        return ""
    names = ", ".join(str(p) for p in missing)
    # short: the status line shows ~120 characters beside its right-hand items (path and reason first)
    return f"Sample without its real news article: {names} not found (set ${SHARED_DATA_ENV} to the data folder)"


def take_sample_note(project: Project) -> str:
    """The :data:`SAMPLE_NOTE` of ``project`` and, once read, cleared (said once); "" when none."""
    note = project.get_setting(SAMPLE_NOTE) or ""
    if note and not project.read_only:
        project.set_setting(SAMPLE_NOTE, "")
    return note


def create_sample_project(path: str | Path, *, by: str = "") -> Project:
    """Open (creating if needed) a project at ``path`` and add the sample articles to it. The
    change log's ``by`` of the import (fix11l: it was empty) is ``by``, else the login name (as
    ``annotator.cli.params.acting_name`` and the window default the analyst name), else
    "annotator". A real-data article not found leaves :data:`SAMPLE_NOTE` saying so."""
    project = Project.open(path)
    missing = missing_shared()
    project.import_bundles((ArticleBundle(a) for a in sample_articles()), origin="sample", by=by or _login_name())
    if missing:  # usertest22 L5: a clone outside /work got no seed article and nothing said why
        project.set_setting(SAMPLE_NOTE, missing_note(missing))
    return project


def _login_name() -> str:
    try:
        return getpass.getuser().strip() or "annotator"
    except Exception:  # noqa: BLE001 - no login name in some containers
        return "annotator"
