"""`annotator --selftest`: does this installation work, end to end? (issue 13)

Runs, in a temporary folder that is removed afterwards, what an analyst's first hour does: make a
project with the sample articles, pre-annotate them with the default pipeline, export every
format through the same ``annotator export`` command a user types (each output checked as its
consumer reads it: spaCy loads the DocBin, the CoNLL columns and IOB tags parse, brat's
``.txt``/``.ann`` files pair up and their offsets hold), and open the window offscreen and close it.
Last, it checks (without writing) that the folder of the user's default project can be written,
as a read-only home would pass everything else and then stop ``annotator`` at start.

The user's projects and preferences are never touched: ``ANNOTATOR_HOME`` and
``XDG_CONFIG_HOME`` (:mod:`annotator.paths`, :class:`annotator.ui.settings.Settings`) point into
the temporary folder while it runs, and ``QT_QPA_PLATFORM=offscreen`` is set for the window step
only. Meant to run in its own process (the CLI flag): it creates Qt's one ``QApplication``.

One line per step on ``out``: number, name, seconds, ``ok`` or ``FAILED``, and what was found or
why it failed. :func:`run` returns the exit code: 0 only when every step worked.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import io
import json
import os
import re
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

WINDOW_TIMEOUT_MS = 60_000  # a window that never shows fails the step instead of hanging
EXPORT_FORMATS = ("jsonl", "spacy", "csv", "conll", "brat")
IOB_TAG = re.compile(r"^(O|[BI]-\S+)$")
BRAT_TEXT_BOUND = re.compile(r"^T\d+\t(\S+) ([\d ;]+)\t(.*)$")


class StepFailed(Exception):
    """A check found the output wrong; the message says what, in one line."""


@dataclasses.dataclass(slots=True)
class StepResult:
    name: str
    ok: bool
    seconds: float
    detail: str

    def line(self, number: int, total: int) -> str:
        status = "ok" if self.ok else "FAILED"
        return f"{number:>2}/{total} {self.name:<16} {self.seconds:6.2f} s  {status}  {self.detail}".rstrip()


@dataclasses.dataclass(slots=True)
class Context:
    """What the steps share: the temporary folder, the project file, what export must contain."""

    folder: Path
    project: Path
    articles: int = 0
    texts: frozenset[str] = frozenset()
    spans: int = 0  # spans of every status: the exports run with --status all
    pipeline: str = ""
    user_folder: Path | None = None  # where the user's default project lives (paths.user_data_dir), never written


@contextlib.contextmanager
def environment(**values: str) -> Iterator[None]:
    """Set environment variables for the block, then restore them exactly (unset stays unset)."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


# ------------------------------------------------------------------------------------------- steps


def step_sample_project(ctx: Context) -> str:
    """The sample project, as a first run makes it."""
    from annotator.storage.sample import create_sample_project, sample_articles

    expected = sample_articles()
    if not expected:
        raise StepFailed("no sample articles in the installed resources (annotator/resources/sample)")
    with create_sample_project(ctx.project) as project:
        ctx.articles = project.count_articles()
        ctx.texts = frozenset(project.article(i).text for i in project.article_ids())
    if ctx.articles != len(expected):
        raise StepFailed(f"{ctx.articles} articles in the project, {len(expected)} in the sample")
    return f"{ctx.articles} articles imported"


def step_preannotate(ctx: Context) -> str:
    """Machine suggestions with the default pipeline; a rule-only fallback is said, not hidden."""
    from annotator.formats.stream import iter_bundles
    from annotator.nlp.pipeline import load_pipeline
    from annotator.nlp.runner import preannotate
    from annotator.storage.project import Project

    pipeline = load_pipeline(None)
    with Project.open(ctx.project, create=False) as project:
        result = preannotate(project, pipeline=pipeline, processes=1)
        ctx.spans = sum(len(bundle.spans) for bundle in iter_bundles(project, statuses=None))
    if result.failed:
        article, error = result.failed[0]
        raise StepFailed(f"{len(result.failed)} articles failed (article {article}: {error})")
    if result.done != ctx.articles:
        raise StepFailed(f"{result.done} of {ctx.articles} articles pre-annotated")
    if ctx.spans == 0:
        raise StepFailed(f"no suggestions from {pipeline.label}")
    ctx.pipeline = "rule-only" if pipeline.rule_only else pipeline.label
    fallback = f"; rule-only fallback: {pipeline.notice}" if pipeline.rule_only else ""
    return f"{ctx.spans} suggestions with {ctx.pipeline}{fallback}"


def export(ctx: Context, fmt: str) -> Path:
    """``annotator export PROJECT --format FMT --status all --output …``, run in this process
    through the CLI, its messages kept for the failure line."""
    from annotator.cli import cli

    output = ctx.folder / ("brat" if fmt == "brat" else f"export.{fmt}")
    messages = io.StringIO()
    with contextlib.redirect_stderr(messages), contextlib.redirect_stdout(messages):
        code = cli.main(args=["export", str(ctx.project), "--format", fmt, "--status", "all", "--output", str(output)],
                        prog_name="annotator", standalone_mode=False)
    if code not in (None, 0):
        last = (messages.getvalue().strip().splitlines() or ["no message"])[-1]
        raise StepFailed(f"annotator export exited {code}: {last}")
    if not output.exists():
        raise StepFailed(f"annotator export wrote no {output.name}")
    return output


def check_jsonl(ctx: Context, path: Path) -> str:
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if {r.get("text") for r in records} != ctx.texts or len(records) != ctx.articles:
        raise StepFailed(f"{len(records)} records whose texts are not the project's {ctx.articles} articles")
    spans = sum(len(r.get("spans", [])) for r in records)
    if spans != ctx.spans:
        raise StepFailed(f"{spans} spans in the file, {ctx.spans} in the project")
    return f"{len(records)} records, {spans} spans"


def check_spacy(ctx: Context, path: Path) -> str:
    import spacy
    from spacy.tokens import DocBin

    docs = list(DocBin().from_disk(path).get_docs(spacy.blank("en").vocab))
    if len(docs) != ctx.articles or {doc.text for doc in docs} != ctx.texts:
        raise StepFailed(f"spaCy read {len(docs)} docs whose texts are not the project's {ctx.articles} articles")
    ents = sum(len(doc.ents) for doc in docs)
    groups = sum(len(group) for doc in docs for group in doc.spans.values())
    if ents + groups == 0:
        raise StepFailed("spaCy read the docs but no entity or span group in them")
    return f"spaCy loads {len(docs)} docs, {ents} ents, {groups} spans in groups"


def check_csv(ctx: Context, path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    if len(rows) != ctx.spans:
        raise StepFailed(f"{len(rows)} rows, {ctx.spans} spans in the project (one row per span)")
    for number, row in enumerate(rows, start=2):
        if not (row.get("start", "").isdigit() and row.get("end", "").isdigit()):
            raise StepFailed(f"{path.name}:{number}: start/end are not offsets")
    return f"{len(rows)} rows"


def check_conll(ctx: Context, path: Path) -> str:
    documents = tokens = 0
    previous = "O"
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            previous = "O"
            continue
        columns = line.split(" ")
        if columns[0] == "-DOCSTART-":
            documents += 1
            continue
        if len(columns) != 4 or not IOB_TAG.match(columns[3]):
            raise StepFailed(f"{path.name}:{number}: not 'token _ _ TAG' with an IOB tag: {line!r}")
        tag = columns[3]
        if tag.startswith("I-") and previous[2:] != tag[2:]:
            raise StepFailed(f"{path.name}:{number}: {tag} follows {previous} (IOB2 needs B- first)")
        previous = tag
        tokens += 1
    if documents != ctx.articles:
        raise StepFailed(f"{documents} -DOCSTART- lines, {ctx.articles} articles")
    return f"{documents} documents, {tokens} tokens"


def check_brat(ctx: Context, folder: Path) -> str:
    texts = {p.stem for p in folder.glob("*.txt")}
    anns = {p.stem for p in folder.glob("*.ann")}
    if texts != anns:
        raise StepFailed(f"unpaired files: {', '.join(sorted(texts ^ anns))}")
    if len(texts) != ctx.articles:
        raise StepFailed(f"{len(texts)} .txt/.ann pairs, {ctx.articles} articles")
    if not (folder / "annotation.conf").is_file():
        raise StepFailed("no annotation.conf")
    bounds = 0
    for stem in sorted(texts):
        # brat reads the text with universal newlines (Python's default)
        text = (folder / f"{stem}.txt").read_text(encoding="utf-8")
        for number, line in enumerate((folder / f"{stem}.ann").read_text(encoding="utf-8").splitlines(), start=1):
            if not line.startswith("T"):
                continue
            match = BRAT_TEXT_BOUND.match(line)
            if match is None:
                raise StepFailed(f"{stem}.ann:{number}: not a brat text-bound line: {line!r}")
            fragments = [tuple(map(int, part.split())) for part in match.group(2).split(";")]
            if " ".join(text[start:end] for start, end in fragments) != match.group(3):
                raise StepFailed(f"{stem}.ann:{number}: offsets {match.group(2)} do not hold {match.group(3)!r} in {stem}.txt")
            bounds += 1
    return f"{len(texts)} pairs, {bounds} text-bound annotations hold their text"


CHECKS: dict[str, Callable[[Context, Path], str]] = {
    "jsonl": check_jsonl, "spacy": check_spacy, "csv": check_csv, "conll": check_conll, "brat": check_brat,
}


def export_step(fmt: str) -> Callable[[Context], str]:
    def step(ctx: Context) -> str:
        return CHECKS[fmt](ctx, export(ctx, fmt))

    step.__doc__ = f"``annotator export --format {fmt}``, read back as its consumer would."
    return step


def step_window(ctx: Context) -> str:
    """The window on the project, offscreen; shown, one turn of its event loop, closed."""
    with environment(QT_QPA_PLATFORM="offscreen"):
        from annotator.ui.selftest_window import open_and_close
        from annotator.ui.window import MainWindow

        check = open_and_close(ctx.project, window_type=MainWindow, timeout_ms=WINDOW_TIMEOUT_MS)
    qt_said = f" (Qt said: {check.qt_messages[-1]})" if check.qt_messages else ""
    if not check.opened:
        raise StepFailed(f"the window did not open on the project{qt_said}")
    if check.usable_ms is None:
        raise StepFailed(f"the window's event loop did not run within {WINDOW_TIMEOUT_MS // 1000} s{qt_said}")
    if not check.shown:
        raise StepFailed(f"the window was not visible after opening{qt_said}")
    if check.articles != ctx.articles:
        raise StepFailed(f"the window's project has {check.articles} articles, not {ctx.articles}")
    return f"shown offscreen and closed; usable {check.usable_ms} ms after opening the project"


def step_user_folder(ctx: Context) -> str:
    """The folder of the user's default project can be made and written (a read-only home passes
    every other step, which work in the temporary folder, and then ``annotator`` cannot start).
    Checked with ``os.access``; nothing is created or written there."""
    folder = ctx.user_folder
    if folder is None:
        return "not checked"
    project = folder / "default.db"
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not os.access(existing, os.W_OK | os.X_OK):
        raise StepFailed(f"{existing}: not writable, so your default project {project} cannot be made there; make it "
                         "writable, or set ANNOTATOR_HOME to a folder you may write")
    if project.exists() and not os.access(project, os.R_OK | os.W_OK):
        raise StepFailed(f"{project}: your default project cannot be read and written; check its permissions")
    state = "has your default project" if project.exists() else "can hold your default project"
    return f"{folder} {state} (checked, not written)"


STEPS: tuple[tuple[str, Callable[[Context], str]], ...] = (
    ("sample project", step_sample_project),
    ("pre-annotate", step_preannotate),
    *((f"export {fmt}", export_step(fmt)) for fmt in EXPORT_FORMATS),
    ("window", step_window),
    ("user folder", step_user_folder),
)
INDEPENDENT_STEPS = frozenset({"user folder"})  # run even when the sample project could not be made


# ------------------------------------------------------------------------------------------- run


def _reason(exc: BaseException) -> str:
    if isinstance(exc, StepFailed):
        return str(exc)
    # the innermost frame of a real file (not Python's "<frozen importlib._bootstrap>")
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if not f.filename.startswith("<")]
    frame = frames[-1] if frames else None
    where = f" at {Path(frame.filename).name}:{frame.lineno}" if frame else ""
    text = " ".join(str(exc).split()) or "no message"
    return f"{type(exc).__name__}{where}: {text}"


def run_steps(folder: Path, out: IO[str], user_folder: Path | None = None) -> list[StepResult]:
    """Run every step in ``folder`` (which must exist), printing one line each as it ends. A step
    whose predecessor failed is not run (it would fail for the same reason) and is reported so.
    ``user_folder`` is the user's data folder, only checked (:func:`step_user_folder`)."""
    ctx = Context(folder=folder, project=folder / "selftest.db", user_folder=user_folder)
    results: list[StepResult] = []
    needed_ok = True
    for name, step in STEPS:
        started = time.perf_counter()
        if not needed_ok and name not in INDEPENDENT_STEPS:
            result = StepResult(name, False, 0.0, "not run: an earlier step failed")
        else:
            try:
                detail = step(ctx)
            except Exception as exc:  # noqa: BLE001 - every failure is reported as a line, not a traceback
                result = StepResult(name, False, time.perf_counter() - started, _reason(exc))
            else:
                result = StepResult(name, True, time.perf_counter() - started, detail)
        if name in ("sample project", "pre-annotate") and not result.ok:
            needed_ok = False
        results.append(result)
        print(result.line(len(results), len(STEPS)), file=out, flush=True)
    return results


def run(out: IO[str] | None = None) -> int:
    """The self-test. Returns 0 when every step worked, else 1; prints a line per step and a
    summary on ``out`` (stdout by default)."""
    out = out or sys.stdout
    started = time.perf_counter()
    try:
        temporary = tempfile.TemporaryDirectory(prefix="annotator-selftest-")
    except OSError as exc:  # no writable TMPDIR, /tmp, /var/tmp or current folder
        print(f"selftest FAILED: could not make its temporary folder ({exc.strerror or exc}; tried TMPDIR, the "
              "system's temporary folders and the current folder); set TMPDIR to a folder you may write",
              file=out)
        return 1
    from annotator.paths import user_data_dir

    user_folder = user_data_dir()  # before ANNOTATOR_HOME points into the temporary folder
    with temporary as temp:
        folder = Path(temp)
        with environment(ANNOTATOR_HOME=str(folder / "home"), XDG_CONFIG_HOME=str(folder / "config")):
            print(f"Annotator self-test in {folder} (removed afterwards; your projects and settings are not used)",
                  file=out, flush=True)
            results = run_steps(folder, out, user_folder)
    failed = [r.name for r in results if not r.ok]
    seconds = time.perf_counter() - started
    if failed:
        print(f"selftest FAILED: {len(failed)} of {len(results)} steps ({', '.join(failed)}) in {seconds:.1f} s", file=out)
        return 1
    print(f"selftest ok: all {len(results)} steps in {seconds:.1f} s", file=out)
    return 0
