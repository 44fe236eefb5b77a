"""File → Import / Export: the formats engineer's functions, run in a worker with progress/cancel.

Each job opens its own :class:`Project` on the same file inside the worker thread (SQLite
connections never cross threads). An import is one transaction: cancelling or a bad record rolls
it back and leaves the project as it was. An export writes beside its target and swaps it in at
the end (:mod:`annotator.formats.atomic`), so a cancelled, failed or killed export leaves the
previous export as it was.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtWidgets import QInputDialog, QMessageBox, QStatusBar, QWidget

from annotator.domain.document import ArticleState
from annotator.domain.errors import InputError
from annotator.domain.words import plural, plural_verb
from annotator.formats.atomic import replacing_file
from annotator.storage.project import Project
from annotator.formats.common import ENCODING_HINT
from annotator.ui import file_dialogs
from annotator.ui.import_encoding import NotUtf8, ask_encoding
from annotator.ui.workers import Cancelled

if TYPE_CHECKING:
    from annotator.formats.export_summary import ExportSummary

Report = Callable[[int, int, str], None]
IsCancelled = Callable[[], bool]


class TransferHost(Protocol):
    """What File → Import / Export needs of the window: its project and article, its job runner,
    its status bar, and itself as the dialogs' parent (``window()``)."""

    @property
    def project(self) -> Project: ...

    @property
    def state(self) -> ArticleState | None: ...

    def analyst(self, *, ask: bool = True) -> str: ...

    def refresh_article_list(self) -> None: ...

    def articles_changed(self, article_ids: Sequence[int] = ()) -> None: ...  # the list, what counts articles, the open one

    def open_article(self, article_id: int, *, select: str | None = None) -> None: ...

    def run_job(self, title: str, fn: Callable[..., Any], on_done: Callable[[Any], None]) -> bool: ...

    def preannotate_imported(self, article_ids: Sequence[int], line: str) -> bool: ...  # the run after an import

    def statusBar(self) -> QStatusBar: ...  # noqa: N802

    def tell(self, text: str) -> None: ...  # a result line, said until replaced and kept in "Lately" (Session.tell)

    def window(self) -> QWidget: ...

IMPORT_FILTER = "Articles (*.txt *.jsonl *.ndjson *.json *.csv *.tsv *.tab *.ann *.conll *.iob);;All files (*)"
EXPORT_FORMATS: dict[str, tuple[str, str]] = {
    # filter text: (format, suffix)
    "JSONL, lossless, Prodigy-compatible (*.jsonl)": ("jsonl", ".jsonl"),
    "spaCy DocBin (*.spacy)": ("spacy", ".spacy"),
    "CSV, one row per span (*.csv)": ("csv", ".csv"),
    "CoNLL-2003 entities (*.conll)": ("conll", ".conll"),
    "brat folder (.txt/.ann pairs)": ("brat", ""),
}
EXPORT_STATUSES: dict[str, str] = {
    # as `annotator export --status`: what the analyst reads (the first is the default)
    "accepted": "Accepted annotations (reviewed)",
    "suggested": "Suggested annotations (not yet reviewed)",
    "all": "All annotations: accepted, suggested and rejected",
}


# ----------------------------------------------------------------------------- jobs (worker thread)


# The import's messages advise command-line options; the window has none of them (usertest14
# F1): each advice as the window's user can follow it. A UTF-16/32 file with a byte-order mark
# needs no advice (formats.common.bom_encoding).
_WINDOW_ADVICE = (
    (re.compile(r"try --encoding cp1252 \(Windows\), --encoding latin-1 or --encoding utf-16"),
     "the file is not UTF-8: open it in a text editor or spreadsheet, save it as UTF-8 (CSV UTF-8), and import that"),
    (re.compile(r"pass --encoding utf-16-(le|be)"),
     "open it in a text editor, save it as UTF-8, and import that"),
    (re.compile(r"; --skip-errors cannot skip this one: the rows after it cannot be read until it is fixed \(nothing imported\)"),
     "; the rows after it cannot be read until it is fixed, so nothing was imported: fix that row and import the file again"),
)


def window_advice(message: str) -> str:
    """``message`` (an import error's text) with its command-line advice (``--encoding``,
    ``--skip-errors``) given as what to do without a command line."""
    for pattern, advice in _WINDOW_ADVICE:
        message = pattern.sub(advice, message)
    return message


def import_job(project_path: Path, paths: list[Path], *, by: str, encoding: str = "utf-8") -> Callable[[Report, IsCancelled], Any]:
    """The import of ``paths`` (every file read as ``encoding``, as ``import --encoding``). One
    file given that is not UTF-8 returns :class:`~annotator.ui.import_encoding.NotUtf8` (nothing
    imported) for the window to offer its encodings (usertest18 M3); other errors raise."""
    def run(report: Report, cancelled: IsCancelled) -> Any:
        try:
            return read(report, cancelled)
        except InputError as exc:
            if (encoding == "utf-8" and ENCODING_HINT in exc.detail and exc.path is not None and len(paths) == 1
                    and Path(exc.path) == paths[0] and paths[0].is_file()):
                return NotUtf8(paths[0], exc.line or 0, window_advice(exc.detail))
            detail = window_advice(exc.detail)
            if exc.path is None:  # a box's text starts as a sentence (usertest19 L5: "nothing could be imported…")
                detail = detail[:1].upper() + detail[1:]
            raise InputError(detail, path=exc.path, line=exc.line) from None

    def read(report: Report, cancelled: IsCancelled) -> Any:
        from annotator.formats import import_sources, plan
        from annotator.formats.common import ImportOptions

        passed_over: list[str] = []  # ui27 (usertest23 M3): a folder's metadata table is no articles
        sources = plan(paths, "auto", encoding=encoding, passed_over=passed_over)
        counts = [s.count() for s in sources]
        total = sum(c for c in counts if c is not None) if None not in counts else 0
        done = [0]

        def on_item() -> None:
            if cancelled():
                raise Cancelled()
            done[0] += 1
            report(done[0], total, f"Importing {done[0]:,}" + (f" of {total:,}" if total else ""))

        project = Project.open(project_path, create=False)
        try:
            options = ImportOptions(schema=project.schema, encoding=encoding)
            imported = import_sources(project, sources, options, skip_errors=True, by=by, on_item=on_item)
            imported.passed_over = passed_over
            return imported
        finally:
            project.close()

    return run


def export_job(project_path: Path, fmt: str, output: Path, *, status: str = "accepted") -> Callable[[Report, IsCancelled], Any]:
    def run(report: Report, cancelled: IsCancelled) -> Any:
        from annotator.formats import brat, conll, csvfmt, jsonl, spacy_docbin
        from annotator.formats.export_summary import summarize
        from annotator.formats.common import ExportReport
        from annotator.formats.layers import count_gold_articles, gold_bundles
        from annotator.formats.stream import note_withheld, statuses_for

        project = Project.open(project_path, create=False)
        chosen = ExportReport()  # a team project's articles not curated yet, as the CLI (formats.layers)
        try:
            total = count_gold_articles(project)

            def counted() -> Iterator[Any]:
                for n, bundle in enumerate(gold_bundles(project, statuses_for(status), chosen), start=1):
                    if cancelled():
                        raise Cancelled()
                    yield bundle
                    report(n, total, f"Exporting {n:,} of {total:,}")

            split = _export_split(project, fmt, output, total)
            # Each writes beside ``output`` and swaps it in when complete (annotator.formats.atomic),
            # as the CLI does; brat refuses to replace a folder holding files an export did not write.
            if split is not None:  # issue 12 (export12f): two processes, as the CLI; progress and Cancel kept
                from annotator.formats import stream_pool

                def check() -> None:
                    if cancelled():
                        raise Cancelled()

                def progress(n: int) -> None:
                    report(n, total, f"Exporting {n:,} of {total:,}")

                statuses = statuses_for(status)
                if fmt == "spacy" and spacy_docbin.is_shard_folder(output):
                    with spacy_docbin.shard_folder(output) as folder:
                        result = stream_pool.export(project, "spacy", split, folder, statuses, progress=progress, check=check)
                elif fmt == "spacy":
                    with replacing_file(output, "wb") as fh:
                        result = stream_pool.export(project, "spacy-file", split, fh, statuses, beside=output, progress=progress,
                                                    check=check)
                else:
                    with replacing_file(output, "w", encoding="utf-8", newline="\n") as fh:
                        result = stream_pool.export(project, "conll", split, fh, statuses, beside=output, progress=progress,
                                                    check=check)
            elif fmt == "brat":
                result = brat.write(counted(), output)
            elif fmt == "spacy":
                result = spacy_docbin.write(counted(), output)
            else:
                writer = {"jsonl": jsonl.write, "csv": csvfmt.write, "conll": conll.write}[fmt]
                with replacing_file(output, "w", encoding="utf-8", newline="" if fmt == "csv" else "\n") as fh:
                    result = writer(counted(), fh)
            for reason, n in chosen.left_out.items():
                result.leave_out(reason, n)
            result.remarks.extend(chosen.remarks)  # fix11e: articles exported as marked done with undecided units
            note_withheld(result, project, statuses_for(status))
            return summarize(result, fmt, output)  # fix39: other names' leftovers in its folder named, as the CLI
        except OSError as exc:
            raise InputError(f"cannot be written ({exc.strerror}); check the folder and its permissions", path=str(output)) from None
        finally:
            project.close()

    return run


def _export_split(project: Project, fmt: str, output: Path, total: int) -> Any:
    """Where a CoNLL or spacy export of every article splits between two processes
    (:func:`annotator.formats.stream_pool.plan`), else None. The job runs in a worker thread, so
    the second process is spawned, not forked (stream_pool.start_method)."""
    if fmt not in ("conll", "spacy"):
        return None
    from annotator.formats import stream_pool
    from annotator.formats.layers import has_layers

    kind = "spacy-file" if fmt == "spacy" and Path(output).suffix.lower() == ".spacy" else fmt
    return stream_pool.plan(project, kind, total=total, every_article=not has_layers(project))


# ----------------------------------------------------------------------------- dialogs (UI thread)


#: merged copies an import's box lists (then "… and N more copies"); the CLI lists COPIES_SHOWN
COPIES_IN_BOX = 5


def _first_errors(errors: Sequence[Any], shown: int = 20) -> str:
    """The first ``shown`` of ``errors`` (file:line messages), one a line in the window's words
    (:func:`window_advice`), and "… and N more" when there are more."""
    more = f"\n… and {len(errors) - shown:,} more" if len(errors) > shown else ""
    return "\n".join(window_advice(str(e)) for e in errors[:shown]) + more


def skipped_words(errors: Sequence[Any], noun: str, verb: str) -> str:
    """The import line's words for ``errors`` it skipped or left out (file:line messages): how
    many and the first, by its file's name (the box after it gives whole paths), "2 bad records
    were skipped (first: a.jsonl:3: not JSON …)"."""
    error = errors[0]
    path = getattr(error, "path", None)
    if path and getattr(error, "detail", None) is not None:
        where = f"{Path(path).name}:{error.line}: " if error.line is not None else f"{Path(path).name}: "
        said = where + error.detail
    else:
        said = str(error)
    first = " ".join(window_advice(said).split())  # one line: the status bar's
    return f"{plural_verb(len(errors), noun, 'was')} {verb} (first: {first})"


def start_import(window: TransferHost, paths: list[Path] | None = None, *, encoding: str = "utf-8") -> bool:
    """File → Import of ``paths`` (asked for when None), read as ``encoding``; one file that is
    not UTF-8 asks for its encoding (:func:`annotator.ui.import_encoding.ask_encoding`) and is
    imported again with the one chosen, or nothing is imported (Cancel)."""
    if paths is None:
        names, _ = file_dialogs.get_open_file_names(window.window(), "Import articles", str(window.project.path.parent),
                                                    IMPORT_FILTER, remember="import")
        paths = [Path(n) for n in names]
    if not paths:
        return False

    def done(report: Any) -> None:
        if isinstance(report, NotUtf8):
            chosen = ask_encoding(window.window(), report)
            if chosen is None:
                window.tell(f"Nothing imported: {report.path.name} is not UTF-8 and no encoding was chosen")
            else:
                start_import(window, paths, encoding=chosen)
            return
        r = report.result
        window.articles_changed(r.article_ids)
        if window.state is None and r.article_ids:
            window.open_article(r.article_ids[0])
        notes = [note for note in (r.respaced_note(), r.merged_note(), r.settled_note(), r.decided_note(), *report.passed_over,
                                   report.joined_note(), report.tsv_note()) if note]
        repeats = f"; {plural(r.repeats, 'more copy', 'more copies')} of them, merged in" if r.repeats else ""  # fix11u
        head = (f"Imported {plural(r.added, 'new article')} ({r.duplicates:,} already there{repeats}), "
                f"{plural(r.spans, 'span')}, {plural(r.relations, 'relation')}")
        # ui32: what was skipped or left out is in the line too (its box goes once closed): how many, the first
        bad = [*([skipped_words(report.skipped, "bad record", "skipped")] if report.skipped else []),
               *([skipped_words(report.dropped, "bad line", "left out")] if report.dropped else [])]
        # fix30 (usertest26 M4): a source id met twice, in the line (how many, the first) and the box (each)
        if report.duplicate_ids:
            where, _, said = report.duplicate_ids[0].partition(": ")  # "path:line", then what (the box gives whole paths)
            bad.append(f"{plural_verb(len(report.duplicate_ids), 'duplicated source id', 'was')} imported "
                       f"(first: {Path(where).name}: {said})")
        text = head + "".join(f"; {note}" for note in [*notes, *bad])  # the status line and Lately: one line
        # ui26 (usertest22 L1): a box gives the counts a line, each note its own, and the merged copies
        # (the first COPIES_IN_BOX), not one line of thousands of characters
        box = "\n".join([head, *notes, *report.copies_lines(COPIES_IN_BOX), *report.duplicate_id_lines()])
        window.tell(text)  # ui32: until replaced (it went after 10 s, unread), and in "Lately"
        # usertest19 L7: the new articles are pre-annotated now, not at the next launch; the run's
        # end line carries ``text`` (Preannotator.start_imported), the summary is never replaced
        window.preannotate_imported(r.article_ids, text)
        if report.skipped:
            QMessageBox.warning(window.window(), "Some records were skipped",
                                f"{box}\n\n{plural_verb(len(report.skipped), 'bad record', 'was')} skipped:\n{_first_errors(report.skipped)}")
        if report.dropped:  # ui22 (usertest20 M4): bad brat lines left out, the rest of their files imported
            QMessageBox.warning(window.window(), "Some lines were left out",
                                f"{box}\n\n{plural_verb(len(report.dropped), 'bad line', 'was')} left out, the rest of "
                                f"{'its file' if len({e.path for e in report.dropped}) == 1 else 'their files'} imported:\n"
                                f"{_first_errors(report.dropped)}")

    return window.run_job("Import", import_job(window.project.path, paths, by=window.analyst(ask=False), encoding=encoding), done)


def ask_export_status(window: TransferHost) -> str | None:
    """Which annotations to export (a combo: arrows choose, Enter goes on, Esc cancels);
    'accepted' unless the analyst picks another. None when cancelled."""
    texts = list(EXPORT_STATUSES.values())
    text, ok = QInputDialog.getItem(window.window(), "Export", "&Export which annotations? (every article is exported)", texts, 0, False)
    if not ok:
        return None
    return next((status for status, t in EXPORT_STATUSES.items() if t == text), "accepted")


def export_target(name: str, chosen: str) -> tuple[str, Path]:
    """The format and path an export writes, from the name typed in the save dialog and the
    type filter ``chosen`` there (a key of :data:`EXPORT_FORMATS`).

    A typed suffix of a known format (``.jsonl``, ``.spacy``, ``.csv``, ``.conll``, any case)
    picks that format whatever the filter says: the analyst who typed ``out.spacy`` wants a
    DocBin, never JSONL in ``out.spacy.jsonl`` (usertest12 MEDIUM-4). Otherwise (no suffix, or
    one no format uses) the filter's format is written and its suffix appended; brat writes a
    folder, so nothing is appended."""
    output = Path(name)
    by_suffix = {suffix: fmt for fmt, suffix in EXPORT_FORMATS.values() if suffix}
    typed = output.suffix.lower()
    if typed in by_suffix:
        return by_suffix[typed], output
    fmt, suffix = EXPORT_FORMATS.get(chosen, ("jsonl", ".jsonl"))
    if suffix:
        output = output.with_name(output.name + suffix)
    return fmt, output


def start_export(window: TransferHost, output: Path | None = None, fmt: str | None = None, status: str | None = None) -> bool:
    """File → Export: asks which annotations (unless ``status`` is given, or ``output`` and ``fmt``
    are, when it is 'accepted'), then where and in which format."""
    if status is None:
        status = ask_export_status(window) if output is None or fmt is None else "accepted"
        if status is None:
            return False
    if status not in EXPORT_STATUSES:
        raise ValueError(f"status must be one of {', '.join(EXPORT_STATUSES)}, not {status!r}")
    if output is None or fmt is None:
        title = "Export all annotations" if status == "all" else f"Export {status} annotations"
        name, chosen = file_dialogs.get_save_file_name(
            window.window(), title, str(window.project.path.parent / window.project.path.stem), ";;".join(EXPORT_FORMATS),
            remember="export",
        )
        if not name:
            return False
        fmt, output = export_target(name, chosen)

    def done(summary: ExportSummary) -> None:
        from annotator.formats.export_summary import status_written

        # usertest24p L3: the CLI's words where the format cannot write what was asked (CoNLL: accepted only)
        what = status_written(status, fmt) or ("all annotations" if status == "all" else f"{status} annotations")
        text = f"Exported {summary.written} ({what}) to {output}"
        window.tell(text + "".join(f"; {note}" for note in summary.notes))  # ui32: until replaced, and in "Lately"
        if summary.notes:  # what the format could not hold must not pass unseen
            # usertest23 L5: a remark alone (e.g. quotes written without a suggested speaker) left nothing out
            left_out = any(note.startswith("left out:") for note in summary.notes)
            title = "Export: some annotations were left out" if left_out else "Export: written, with notes"
            QMessageBox.information(window.window(), title, text + ".\n\n" + "\n".join(summary.notes))

    return window.run_job("Export", export_job(window.project.path, fmt, output, status=status), done)
