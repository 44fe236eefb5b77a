"""Which pipeline folders are *in use*, and how a pipeline choice is stored: the one Qt-free rule
``annotator train`` and the window's Train dialog share (issue 10), without importing spaCy or Qt.

A folder is in use when it is (or holds, or lies inside) one of:

* an installed pipeline package's folder;
* the pipeline picked in Preferences (the ``nlp/pipeline`` key of the per-user settings file the
  window writes, :func:`settings_file`; read here without Qt, so the command line sees what the
  window chose); a relative choice (stored by versions before issue 10) is read relative to the
  project's folder;
* the pipeline that pre-annotated the project: the project stores each article's pre-annotation
  *origin* ("NAME VERSION + rules …", table ``preannotations``), not a folder, so a folder is that
  pipeline when its ``meta.json`` gives the same "LANG_NAME VERSION".

Paths are compared resolved (symbolic links followed). A pipeline choice that names a folder is
stored absolute and resolved (:func:`normalise_choice`).
"""

from __future__ import annotations

import configparser
import dataclasses
import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path

from annotator.domain.errors import InputError

SETTINGS_ORGANISATION = SETTINGS_APPLICATION = "Annotator"  # ui.settings.Settings' QSettings names
PIPELINE_KEY = ("nlp", "pipeline")  # QSettings key "nlp/pipeline"
RULE_ONLY = "rule-only"  # annotator.nlp.pipeline.RULE_ONLY (not imported: that module is heavier)


@dataclasses.dataclass(frozen=True, slots=True)
class InUse:
    """A pipeline folder training must not replace, and why (e.g. "the pipeline chosen in Preferences")."""

    path: Path
    why: str


# ----------------------------------------------------------------------------- the settings file


def settings_file() -> Path:
    """The INI file :class:`annotator.ui.settings.Settings` writes (QSettings, IniFormat, user
    scope): ``$XDG_CONFIG_HOME/Annotator/Annotator.ini`` when that is set, else
    ``%APPDATA%\\Annotator\\Annotator.ini`` on Windows and ``~/.config/Annotator/Annotator.ini``
    elsewhere (Qt's defaults)."""
    base = os.environ.get("XDG_CONFIG_HOME")
    if not base:
        base = os.environ.get("APPDATA", "") if sys.platform == "win32" else ""
        base = base or str(Path.home() / ".config")
    return Path(base) / SETTINGS_ORGANISATION / f"{SETTINGS_APPLICATION}.ini"


_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v",
            '"': '"', "'": "'", "\\": "\\", "?": "?", ";": ";", ",": ",", "=": "="}


def _qt_ini_string(raw: str) -> str:
    """A string value as QSettings wrote it in an INI file: double quotes group, backslash
    escapes (``\\n``, ``\\"``, ``\\xHHHH``), ``@@`` stands for a leading ``@``; unquoted outer
    spaces are not part of it."""
    out: list[str] = []
    quoted = False
    i = 0
    while i < len(raw):
        c = raw[i]
        if c == '"':
            quoted = not quoted
        elif c == "\\" and i + 1 < len(raw):
            i += 1
            e = raw[i]
            if e == "x":
                j = i + 1
                while j < len(raw) and raw[j] in "0123456789abcdefABCDEF":
                    j += 1
                out.append(chr(int(raw[i + 1:j], 16)) if j > i + 1 else "x")
                i = j - 1
            else:
                out.append(_ESCAPES.get(e, e))
        elif not quoted and c in " \t" and (not out or i == len(raw) - 1 or not raw[i + 1:].strip()):
            pass  # outer spaces outside quotes
        else:
            out.append(c)
        i += 1
    text = "".join(out)
    return text[1:] if text.startswith("@@") else text


def preferences_pipeline(path: Path | None = None) -> str:
    """The pipeline choice stored in Preferences (``path``: default :func:`settings_file`), as
    :meth:`annotator.ui.settings.Settings.pipeline_choice` returns it: '' when none (or the file
    is missing or unreadable: nothing is refused on its account)."""
    path = path or settings_file()
    parser = configparser.RawConfigParser(strict=False, delimiters=("=",), comment_prefixes=(";",),
                                          inline_comment_prefixes=None, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    try:
        parser.read_string(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeError, configparser.Error):
        return ""
    section, key = PIPELINE_KEY
    if not parser.has_option(section, key):
        return ""
    return _qt_ini_string(parser.get(section, key))


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


def cli_choice(model: str | None, project_folder: Path | None = None) -> tuple[str | None, str]:
    """The pipeline a command (``preannotate``, ``next``) loads, and the line saying why, by the
    one rule of issue 10: ``--model`` when given (line ''); else the pipeline chosen in
    Preferences (the window's, read from :func:`settings_file`; a relative choice of an earlier
    version relative to ``project_folder``), named in the line; else None, the default pipeline
    (line ''), as the window does with no choice."""
    if model is not None:
        return model, ""
    choice = normalise_choice(preferences_pipeline(), project_folder)
    if not choice:
        return None, ""
    return choice, f"Using the pipeline chosen in Edit → Preferences: {choice} (from {settings_file()}; --model to use another)"


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
    """The folders training must not replace (see the module docstring), without the project's
    own (:func:`check_not_in_use` reads those from the project). ``preference``: the Preferences
    choice (None: read it from :func:`settings_file`); ``installed``: installed pipeline folders
    (None: from package metadata)."""
    if installed is None:
        from annotator.nlp.train import installed_pipeline_folders

        installed = installed_pipeline_folders()
    used = [InUse(Path(p).resolve(), "an installed pipeline") for p in installed]
    choice = preferences_pipeline() if preference is None else preference
    folder = choice_folder(choice, project_folder)
    if folder is not None:
        used.append(InUse(folder, "the pipeline chosen in Preferences"))
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
