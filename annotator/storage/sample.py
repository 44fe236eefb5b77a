"""The sample project: the bundled articles, so a first run opens on something real."""

from __future__ import annotations

import getpass
import json
from importlib import resources
from pathlib import Path

from annotator.domain.model import Article, ArticleBundle, guess_title
from annotator.paths import shared_data
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


def create_sample_project(path: str | Path, *, by: str = "") -> Project:
    """Open (creating if needed) a project at ``path`` and add the sample articles to it. The
    change log's ``by`` of the import (fix11l: it was empty) is ``by``, else the login name (as
    ``annotator.cli.params.acting_name`` and the window default the analyst name), else
    "annotator"."""
    project = Project.open(path)
    project.import_bundles((ArticleBundle(a) for a in sample_articles()), origin="sample", by=by or _login_name())
    return project


def _login_name() -> str:
    try:
        return getpass.getuser().strip() or "annotator"
    except Exception:  # noqa: BLE001 - no login name in some containers
        return "annotator"
