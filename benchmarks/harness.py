"""What every scenario of ``python -m benchmarks`` shares: a result row, its target, timing, the
table and the JSON, and running a measurement in a child process.

A :class:`Row` is one measure of one scenario: ``median`` and ``p95`` of its samples (in ``unit``),
the baseline measured in the same run (``None`` where the issue names none), ``ratio`` =
measured / baseline, and the :class:`Target` checks from issue 12. ``holds`` is ``None`` when the
row has no target or was skipped; a skipped row carries ``skipped`` (why) and no numbers.
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import re
import statistics
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

# A user's Annotator loads its modules from bytecode (pip compiles an install; an editable checkout
# writes __pycache__ at its first run). Under PYTHONDONTWRITEBYTECODE (set on this machine) every
# child compiled each module it imported lazily inside its clock: 0.24 s of a 1.05 s jsonl export of
# 10,000 articles (cProfile: 81 modules through builtins.compile), a cost no user pays. The children
# write and reuse bytecode as a user's process does (Python ignores an empty value), warmed once by
# :func:`compile_sources`, so each sample measures the work. Where a scenario passes its own
# environment (launch: a cache of its own), that wins.
BYTECODE_ENV = {"PYTHONDONTWRITEBYTECODE": ""}


def compile_sources() -> None:
    """Write the bytecode of ``annotator`` and ``benchmarks`` before any child runs (``compileall``,
    ~1-3 s once; later runs find it current), so no child's first sample pays the compile."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", "annotator", "benchmarks"], cwd=ROOT, check=False,
                   env={**os.environ, **BYTECODE_ENV}, capture_output=True)


@dataclasses.dataclass(frozen=True, slots=True)
class Target:
    """One bound: on the measured median (``on="value"``), its p95 (``"p95"``) or the ratio to the
    baseline (``"ratio"``); ``op`` is ``"<="`` or ``">="``."""

    on: str
    op: str
    bound: float
    unit: str = ""

    def text(self) -> str:
        name = {"value": "", "p95": "p95 ", "ratio": ""}[self.on]
        unit = "×" if self.on == "ratio" else f" {self.unit}" if self.unit else ""
        return f"{name}{'≤' if self.op == '<=' else '≥'} {self.bound:g}{unit}"

    def met(self, value: float | None) -> bool | None:
        if value is None or math.isnan(value):
            return None
        return value <= self.bound if self.op == "<=" else value >= self.bound


def at_most(bound: float, unit: str, *, p95: float | None = None) -> list[Target]:
    out = [Target("value", "<=", bound, unit)]
    return out + ([Target("p95", "<=", p95, unit)] if p95 is not None else [])


@dataclasses.dataclass(slots=True)
class Row:
    scenario: str
    measure: str
    unit: str = "ms"
    median: float | None = None
    p95: float | None = None
    samples: int = 0
    baseline: float | None = None
    baseline_name: str = ""
    targets: list[Target] = dataclasses.field(default_factory=list)
    skipped: str = ""
    note: str = ""

    @property
    def baseline_short(self) -> str:
        """The baseline's name as the table shows it (:func:`short_baseline`)."""
        return short_baseline(self.baseline_name)

    @property
    def ratio(self) -> float | None:
        if self.median is None or not self.baseline:
            return None
        return self.median / self.baseline

    @property
    def holds(self) -> bool | None:
        if self.skipped or not self.targets:
            return None
        values = {"value": self.median, "p95": self.p95, "ratio": self.ratio}
        verdicts = [t.met(values[t.on]) for t in self.targets]
        return None if None in verdicts else all(verdicts)

    def as_json(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario, "measure": self.measure, "unit": self.unit,
            "median": self.median, "p95": self.p95, "samples": self.samples,
            "baseline": self.baseline, "baseline_name": self.baseline_name, "baseline_short": self.baseline_short,
            "ratio": self.ratio,
            "target": "; ".join(t.text() for t in self.targets), "holds": self.holds,
            "skipped": self.skipped, "note": self.note,
        }


#: The longest baseline name the table shows whole (usertest24p M5: the brat baseline's 100-character
#: description made the table 262 characters wide); a longer one is shown by its entry in
#: :data:`SHORT_BASELINES`, else cut with "…", and given whole in the row's note below the table.
BASELINE_WIDTH = 40
#: Short names of baselines whose description is longer than :data:`BASELINE_WIDTH`: description → name.
#: A scenario registers its own beside the description (benchmarks.scenarios_data); the JSON's
#: ``baseline_name`` stays the description, ``baseline_short`` is the name.
SHORT_BASELINES: dict[str, str] = {}


def short_baseline(name: str) -> str:
    """The baseline's name for the table: ``name`` itself when it has at most
    :data:`BASELINE_WIDTH` characters, else its :data:`SHORT_BASELINES` entry, else its first
    ``BASELINE_WIDTH - 1`` characters and "…"."""
    if len(name) <= BASELINE_WIDTH:
        return name
    return SHORT_BASELINES.get(name) or name[:BASELINE_WIDTH - 1].rstrip() + "…"


def skipped(scenario: str, measure: str, why: str) -> Row:
    return Row(scenario, measure, skipped=why)


def from_samples(scenario: str, measure: str, samples: Sequence[float], *, unit: str = "ms", scale: float = 1000.0,
                 baseline: Sequence[float] | float | None = None, baseline_name: str = "",
                 targets: list[Target] | None = None, note: str = "") -> Row:
    """A row from raw samples (seconds by default, shown ×``scale`` in ``unit``); the baseline is
    samples of the same kind (its median is used) or one number already in ``unit``."""
    base: float | None
    if baseline is None or isinstance(baseline, (int, float)):
        base = baseline  # type: ignore[assignment]
    else:
        base = statistics.median(baseline) * scale if baseline else None
    return Row(scenario, measure, unit, median(samples) * scale, p95(samples) * scale, len(samples),
               base, baseline_name, targets or [], note=note)


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def p95(values: Sequence[float]) -> float:
    """Nearest-rank 95th percentile (with few samples, the largest)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(len(ordered) * 0.95) - 1))]


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def sample(fn: Callable[[], object], repeat: int) -> list[float]:
    return [timed(fn) for _ in range(repeat)]


# ----------------------------------------------------------------------------- output


def _num(value: float | None) -> str:
    if value is None:
        return "—"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.3g}" if abs(value) < 10 else f"{value:.1f}"


def ratio_text(row: Row) -> str:
    """The ratio as printed: two decimals, or four where two would round a missed ratio target onto
    its bound (0.8997× against ≥ 0.9× must not read "0.90×" beside "NO")."""
    if row.ratio is None:
        return "—"
    text = f"{row.ratio:.2f}"
    for target in row.targets:
        if target.on == "ratio" and target.met(row.ratio) is False and target.met(float(text)):
            text = f"{row.ratio:.4f}"
    return f"{text}×"


#: The terminal table's width at most, in characters (Unicode code points, ``len(line)``; its UTF-8
#: bytes are more: "≤", "≥", "×", "…", "—" are 2-3 bytes each) (usertest24p M5: 262 characters): a
#: long measure name wraps in its column rather than push ``target`` and ``holds`` off the screen.
TABLE_WIDTH = 160
HEAD = ("scenario", "measure", "median", "p95", "unit", "baseline", "ratio", "target", "holds")
#: The smoke table's first line: at 8-30 articles and any load a "NO" says nothing (usertest24p M5)
SMOKE_HEADER = "smoke size: checks the benchmark runs; targets are for the full sizes (holds not judged)"


def cells(row: Row, *, smoke: bool = False) -> tuple[str, ...]:
    """One measured row's cells in :data:`HEAD`'s order, as the terminal and README tables show
    them (the baseline by its short name; at ``smoke`` size ``holds`` is "(smoke)")."""
    holds = "(smoke)" if smoke and row.targets else {True: "yes", False: "NO", None: "—"}[row.holds]
    base = f"{_num(row.baseline)} ({row.baseline_short})" if row.baseline is not None else "—"
    return (row.scenario, row.measure, _num(row.median), _num(row.p95), row.unit, base, ratio_text(row),
            "; ".join(t.text() for t in row.targets) or "—", holds)


def row_note(row: Row) -> str:
    """The note below the table: a baseline shown by a short name first gets its description."""
    about = f"baseline {row.baseline_short!r}: {row.baseline_name}" if row.baseline_short != row.baseline_name else ""
    return "; ".join(part for part in (about, row.note) if part)


def table(rows: Sequence[Row], *, smoke: bool = False, width: int = TABLE_WIDTH) -> str:
    """The rows as the terminal shows them: aligned columns at most ``width`` characters wide (the
    measure column wraps when the others leave it too little; a skipped row says why, wrapped),
    then each row's note, wrapped to ``width`` too (a path or word longer than that is left whole).
    ``smoke``: the header line says the targets are not judged at that size, holds shows "(smoke)".
    Returns the lines joined by newlines, without a final one."""
    lines = [cells(r, smoke=smoke) for r in rows if not r.skipped]
    widths = [max(len(line[i]) for line in [HEAD, *lines]) for i in range(len(HEAD))]
    others = sum(widths) - widths[1] + 2 * (len(HEAD) - 1)
    widths[1] = max(len(HEAD[1]), min(widths[1], width - others))
    out = [SMOKE_HEADER] if smoke else []

    def aligned(line: Sequence[str]) -> str:
        return "  ".join(f"{c:<{w}}" if i < 2 or i > 5 else f"{c:>{w}}" for i, (c, w) in enumerate(zip(line, widths))).rstrip()

    out += [aligned(HEAD), "-" * len(aligned(HEAD))]
    for r in rows:
        if r.skipped:
            lead = f"{r.scenario:<{widths[0]}}  {r.measure:<{widths[1]}}  "
            out += textwrap.wrap(f"skipped: {r.skipped}", width, initial_indent=lead, subsequent_indent=" " * len(lead),
                                 break_long_words=False, break_on_hyphens=False)
            continue
        line = cells(r, smoke=smoke)
        parts = textwrap.wrap(line[1], widths[1], break_long_words=True) or [""]
        out.append(aligned((line[0], parts[0], *line[2:])))
        out += [aligned(("", part, *[""] * (len(HEAD) - 2))) for part in parts[1:]]
    notes = [line for r in rows if not r.skipped and row_note(r)
             for line in textwrap.wrap(f"{r.scenario} / {r.measure}: {row_note(r)}", width, initial_indent="  ",
                                       subsequent_indent="    ", break_long_words=False, break_on_hyphens=False)]
    return "\n".join(out + (["notes:", *notes] if notes else []))


def markdown(rows: Sequence[dict[str, Any]]) -> str:
    """The README's table ("Last full run") from the rows of a ``--json`` file: the terminal's
    columns and short baseline names (``baseline_short``; a file written before it had the field
    gets :func:`short_baseline` of ``baseline_name``), skipped rows left out. The notes are not in it."""
    out = ["| " + " | ".join(HEAD) + " |", "|" + " --- |" * len(HEAD)]
    for d in rows:
        if d.get("skipped"):
            continue
        row = Row(d["scenario"], d["measure"], d["unit"], d["median"], d["p95"], d.get("samples", 0), d["baseline"],
                  d.get("baseline_name", ""), note=d.get("note", ""))
        line = list(cells(row))
        if row.baseline is not None:
            line[5] = f"{_num(row.baseline)} ({d.get('baseline_short') or row.baseline_short})"
        line[7] = d.get("target") or "—"
        # the JSON keeps the target as text: its ratio bounds (e.g. "≥ 0.9×") give ratio_text its check back
        row.targets = [Target("ratio", "<=" if op == "≤" else ">=", float(bound))
                       for op, bound in re.findall(r"([≤≥]) ([\d.]+)×", line[7])]
        line[6] = ratio_text(row)
        line[8] = {True: "yes", False: "NO", None: "—"}[d.get("holds")]
        out.append("| " + " | ".join(line) + " |")
    return "\n".join(out)


def machine() -> dict[str, Any]:
    """Where it ran: CPUs and the load (a shared machine skews every number)."""
    return {"cpus": os.cpu_count(), "load_average": os.getloadavg(), "python": sys.version.split()[0],
            "platform": sys.platform, "when": time.strftime("%Y-%m-%d %H:%M:%S %Z")}


def write_json(path: Path, rows: Sequence[Row], info: dict[str, Any]) -> None:
    path.write_text(json.dumps({"machine": info, "rows": [r.as_json() for r in rows]}, indent=1, ensure_ascii=False) + "\n",
                    encoding="utf-8")


# ----------------------------------------------------------------------------- child processes


class ChildFailed(RuntimeError):
    pass


def dirty_mb() -> float | None:
    """The system's file data written but not yet on disk (``Dirty`` of ``/proc/meminfo``), in
    MB; None where there is no such file."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Dirty:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def settle_writes() -> float | None:
    """``os.sync()`` before a timed child, outside its clock: what an earlier scenario wrote (the
    50,000-article project is built right before the exports) is then on disk, not written back
    by the kernel during the next child's rounds, and every scenario starts alike (export22).
    Returns the MB that were dirty before it (:func:`dirty_mb`)."""
    before = dirty_mb()
    if hasattr(os, "sync"):
        os.sync()
    return before


def run_child(module: str, *args: str, timeout: float = 900.0, env: dict[str, str] | None = None,
              settle: bool = True) -> dict[str, Any]:
    """Run ``python -m benchmarks.<module> ARGS`` and return the JSON object it prints last, with
    ``dirty_mb``: the MB of file data not yet on disk just before the child started, which
    :func:`settle_writes` then flushed. Used where a measure must be a process's own: peak memory,
    launch time, UI freezes. ``settle=False``: no sync here (a caller whose child's clock starts at
    a time passed in ``args`` settles before taking that time), ``dirty_mb`` None.

    Raises :class:`ChildFailed` (with the end of its stderr) when it exits non-zero or prints no JSON."""
    dirty = settle_writes() if settle else None
    full_env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"), **BYTECODE_ENV,
                **(env or {})}
    full_env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), full_env.get("PYTHONPATH", "")]))
    done = subprocess.run([sys.executable, "-m", f"benchmarks.{module}", *args], capture_output=True, text=True,
                          timeout=timeout, env=full_env, cwd=ROOT)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise ChildFailed(f"benchmarks.{module} {' '.join(args)}: exit {done.returncode}: {done.stderr.strip()[-800:]}")
    result = json.loads(lines[-1])
    if isinstance(result, dict):
        result.setdefault("dirty_mb", dirty)
    return result


_STATUS = Path("/proc", "self", "status")  # Linux: the process's own memory counters


def _status_mb(field: str) -> float | None:
    """A memory field (``VmHWM``, ``VmRSS``) of the process status file in MB; None where there is none."""
    if not _STATUS.exists():
        return None
    with _STATUS.open(encoding="ascii") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return None


def peak_rss_mb() -> float:
    """This process's peak resident memory (``VmHWM``; elsewhere ``ru_maxrss``), in MB."""
    found = _status_mb("VmHWM")
    if found is None:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return found


def rss_mb() -> float:
    """This process's resident memory now (``VmRSS``), in MB; NaN where it cannot be read."""
    found = _status_mb("VmRSS")
    return float("nan") if found is None else found
