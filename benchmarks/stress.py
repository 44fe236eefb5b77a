"""Kill stress: edits made the way the window makes them, SIGKILLed at random moments.

Each round a child process opens the project and makes random edits through the same path as the
window — :mod:`annotator.domain.commands` builds an edit from the article's stored records,
:meth:`Project.apply` writes it (one transaction), and, as the window does with Ctrl+Z,
:meth:`Project.undo` sometimes takes the last one back. After ``apply``/``undo`` returns, the
child reports the stored records on a pipe (an *acknowledged* edit: what the window would show as
saved). At a random moment (uniform in ``[0, --max-delay)`` s after it starts editing) the child
is killed with SIGKILL. Then the project is opened and checked:

* every record of every acknowledged edit is in the file exactly as acknowledged (or as the one
  edit in flight at the kill left it: that one may or may not have committed, never half);
* every acknowledged deletion has its row in the change log (``changes.after IS NULL``);
* ``PRAGMA integrity_check`` is ``ok``.

Why not the real ``MainWindow``: a Qt application per child would cost seconds of start-up a
round and the kill would land mostly in Qt's start-up; the window's edit path
(:class:`annotator.ui.editing.EditPath`) is exactly ``commands.* → Project.apply / undo`` with
painting after it, and painting writes nothing. Children are forked from one "zygote" process
that has imported everything once (it also reaps each child, so a PID is never reused before the
kill), which makes a round cost milliseconds rather than a Python start-up.

    .venv/bin/python benchmarks/stress.py                # 100 rounds
    .venv/bin/python benchmarks/stress.py --smoke        # 5 rounds (the test suite runs this)
    .venv/bin/python benchmarks/stress.py --rounds 500 --seed 7

Prints rounds, edits acknowledged and checked, and lost (must be 0; exit 1 otherwise).
POSIX only (fork, SIGKILL).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import select
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

STAMP_FIELDS = ("updated", "created", "added", "by")


# =============================================================================== zygote (child side)


def _write_line(fd: int, kind: str, payload: Any = None) -> None:
    """One line per os.write: the reader never sees half of a line as a whole one."""
    data = (kind + (" " + json.dumps(payload, ensure_ascii=False) if payload is not None else "") + "\n").encode()
    while data:
        data = data[os.write(fd, data):]


def _job_cli(args: dict[str, Any], fd: int) -> int:
    """Run the real `annotator` command (click and all) with ``args["argv"]``."""
    from annotator.cli import main

    _write_line(fd, "started")
    try:
        main(args["argv"])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        _write_line(fd, "done", code)
        return code
    _write_line(fd, "done", 0)
    return 0


def _job_edits(args: dict[str, Any], fd: int) -> int:
    """Random edits, forever (until killed) or ``args["edits"]`` of them."""
    from annotator.domain import commands
    from annotator.domain.edits import Edit
    from annotator.domain.errors import AnnotatorError
    from annotator.domain.model import ArticleStatus, Status
    from annotator.storage import rows
    from annotator.storage.project import Project

    rng = random.Random(args["seed"])
    project = Project.open(Path(args["project"]), create=False)
    ids = project.article_ids()
    labels = [("PERSON", "entity"), ("ORG", "entity"), ("QUOTE", "quote"), ("CLAIM", "claim")]
    done: list[Edit] = []
    _write_line(fd, "started")

    def report(kind: str, edit: Edit) -> None:
        _write_line(fd, kind, {"description": edit.description, "changes": [
            [type(c.record).__name__, str(c.record.id), rows.record_to_json(c.before), rows.record_to_json(c.after)]
            for c in edit.changes
        ]})

    for _ in range(args.get("edits") or 10**9):
        aid = rng.choice(ids)
        article = project.article(aid)
        spans = project.spans(aid)
        records = commands.records(spans, project.relations(aid), project.stances(aid))
        pick = rng.random()
        decided = [s for s in spans if s.status == Status.ACCEPTED]
        pending = [s for s in spans if s.status == Status.SUGGESTED]
        undo = False
        if pick < 0.3 or not spans:
            start = rng.randrange(0, len(article.text) - 1)
            end = rng.randrange(start + 1, min(len(article.text), start + 40) + 1)
            label, layer = rng.choice(labels)
            edit = commands.add_span(records, article_id=aid, start=start, end=end, label=label, layer=layer, by="stress")
        elif pick < 0.4 and pending:
            edit = rng.choice([commands.accept, commands.reject])(records, rng.choice(pending))
        elif pick < 0.55 and decided:
            edit = commands.delete_span(records, rng.choice(decided))
        elif pick < 0.62 and decided:
            span = rng.choice(decided)
            edit = commands.set_attrs(span, {"note": rng.choice(["checked", "", "unsure ✓"])})
        elif pick < 0.7 and len(decided) >= 2:
            head, child = rng.sample(decided, 2)
            edit = commands.add_relation(records, head=head, child=child, label=rng.choice(["SPEAKER", "CUE"]), by="stress")
        elif pick < 0.76 and project.relations(aid):
            edit = commands.delete_relation(rng.choice(project.relations(aid)))
        elif pick < 0.82:
            tags = project.tags(aid)
            fresh = sorted({"politics", "economy", "europe"} - {t.tag for t in tags})
            edit = commands.delete_tag(rng.choice(tags)) if tags and (rng.random() < 0.5 or not fresh) else commands.add_tag(
                article_id=aid, tag=rng.choice(fresh), by="stress")
        elif pick < 0.88:
            stances = project.stances(aid)
            edit = commands.delete_stance(rng.choice(stances)) if stances and rng.random() < 0.5 else commands.add_stance(
                records, article_id=aid, holder="Merkel", target="the deal", polarity=rng.choice(["favor", "against"]), by="stress")
        elif pick < 0.92:
            edit = commands.set_article_status(article, rng.choice(list(ArticleStatus)))
        else:
            undo = bool(done)
            edit = done[-1].inverse() if undo else commands.set_article_status(article, ArticleStatus.IN_PROGRESS)
        if not edit:
            continue
        report("begin", edit)  # may commit or not: the kill may come at any moment
        try:
            if undo:
                project.undo(done.pop(), by="stress")  # writes the records it replaced back exactly
                report("ack", edit)
            else:
                stamped = project.apply(edit, by="stress")
                done.append(stamped)
                report("ack", stamped)
        except (AnnotatorError, sqlite3.IntegrityError) as exc:  # refused whole, as the window says
            report("refused", edit)
            _write_line(fd, "why", str(exc))
    project.close()
    return 0


JOBS: dict[str, Callable[[dict[str, Any], int], int]] = {"cli": _job_cli, "edits": _job_edits}


def zygote_main(preload: list[str]) -> None:
    """Read one JSON command a line on stdin (``{"job", "args", "kill_after"}``); fork a child
    for it; relay the child's complete lines to stdout; SIGKILL it ``kill_after`` seconds after
    it reports "started" (never, if null); reap it; print ``exit {"status", "killed"}``."""
    import annotator.cli  # noqa: F401  # imported once, shared by every forked child
    import annotator.domain.commands  # noqa: F401
    import annotator.storage.project  # noqa: F401

    for name in preload:
        __import__(name)
    if "spacy" in preload:
        from annotator.formats.common import tokenizer

        tokenizer()
    out = sys.stdout.buffer
    while True:
        line = sys.stdin.readline()
        if not line:
            return
        cmd = json.loads(line)
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:  # child
            os.close(r)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)  # the command's own output must not mix with the relay
            os.dup2(devnull, 2) if cmd.get("quiet", True) else None
            code = 1
            try:
                code = JOBS[cmd["job"]](cmd["args"], w)
            except BaseException:
                os.write(w, ("error " + json.dumps(traceback.format_exc()) + "\n").encode())
            finally:
                os._exit(code)
        os.close(w)
        deadline: float | None = None
        killed = False
        buf = b""
        while True:
            now = time.monotonic()
            if deadline is not None and not killed and now >= deadline:
                os.kill(pid, signal.SIGKILL)  # not yet reaped: the PID cannot be someone else's
                killed = True
            timeout = None if deadline is None or killed else max(0.0, deadline - now)
            ready, _, _ = select.select([r], [], [], timeout)
            if not ready:
                continue
            chunk = os.read(r, 1 << 16)
            if not chunk:
                break
            buf += chunk
            *lines, buf = buf.split(b"\n")
            for complete in lines:
                if complete == b"started" and cmd.get("kill_after") is not None and deadline is None:
                    deadline = time.monotonic() + cmd["kill_after"]
                out.write(complete + b"\n")
            out.flush()
        os.close(r)
        _, status = os.waitpid(pid, 0)
        out.write(b"exit " + json.dumps({"status": status, "killed": killed}).encode() + b"\n")
        out.flush()


# =============================================================================== parent side


@dataclasses.dataclass
class Outcome:
    lines: list[tuple[str, Any]]
    killed: bool
    status: int

    def of(self, kind: str) -> list[Any]:
        return [payload for k, payload in self.lines if k == kind]


class Zygote:
    """A process that forks the children to kill (see the module docstring). Use as a context manager."""

    def __init__(self, preload: tuple[str, ...] = ()) -> None:
        env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
        self.proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--zygote", *preload],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, cwd=str(ROOT),
        )

    def run(self, job: str, args: dict[str, Any], *, kill_after: float | None = None, quiet: bool = True) -> Outcome:
        """Run ``job`` in a fresh child; SIGKILL it ``kill_after`` s after it starts (None: let it finish)."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write((json.dumps({"job": job, "args": args, "kill_after": kill_after, "quiet": quiet}) + "\n").encode())
        self.proc.stdin.flush()
        lines: list[tuple[str, Any]] = []
        while True:
            raw = self.proc.stdout.readline()
            if not raw:
                raise RuntimeError("the stress zygote died")
            kind, _, rest = raw.decode().rstrip("\n").partition(" ")
            payload = json.loads(rest) if rest else None
            if kind == "exit":
                return Outcome(lines, payload["killed"], payload["status"])
            if kind == "error":
                raise RuntimeError(f"child failed:\n{payload}")
            lines.append((kind, payload))

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait(timeout=30)

    def __enter__(self) -> Zygote:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def make_project(path: Path, articles: int = 6) -> None:
    """A project of ``articles`` short articles with suggested spans to accept and reject."""
    from annotator.domain.model import Article
    from annotator.domain.suggestions import SuggestedSpan, SuggestionSet
    from annotator.storage.project import Project

    with Project.open(path) as project:
        for n in range(articles):
            text = f"Article {n}. Angela Merkel said in Berlin that the talks with Paris would go on for {n + 2} weeks."
            stored, _ = project.add_article(Article(id=0, text=text))
            project.add_suggestions(stored.id, SuggestionSet(origin="stress", spans=[
                SuggestedSpan(key="p", start=12, end=25, label="PERSON", layer="entity"),
                SuggestedSpan(key="g", start=34, end=40, label="GPE", layer="entity"),
            ]))


def _strip(record_json: str | None) -> Any:
    if record_json is None:
        return None
    row = json.loads(record_json)
    return {k: v for k, v in row.items() if k not in STAMP_FIELDS}


@dataclasses.dataclass
class Tally:
    rounds: int = 0
    acknowledged: int = 0
    checked: int = 0
    deletions: set[tuple[str, str]] = dataclasses.field(default_factory=set)
    in_flight: int = 0  # rounds whose kill came between an edit's start and its acknowledgement
    in_flight_committed: int = 0  # …of which the edit had committed (whole) before the kill
    lost: list[str] = dataclasses.field(default_factory=list)


def check_round(project_path: Path, outcome: Outcome, expected: dict[tuple[str, str], str | None], tally: Tally) -> None:
    """Fold the round's acknowledged edits into ``expected`` (record → its JSON, None = deleted)
    and check the file holds them all (see the module docstring); problems go to ``tally.lost``."""
    from annotator.domain.model import Article, Relation, Span, Stance, Tag
    from annotator.storage import rows
    from annotator.storage.project import Project

    kinds = {"Article": Article, "Span": Span, "Relation": Relation, "Stance": Stance, "Tag": Tag}
    in_flight: dict[tuple[str, str], tuple[str | None, str | None]] = {}  # record → (before, after)
    for kind, payload in outcome.lines:
        if kind not in ("begin", "ack", "refused"):
            continue
        changes = {(k, i): (before, after) for k, i, before, after in payload["changes"]}
        if kind == "begin":
            in_flight = changes
        elif kind == "refused":
            in_flight = {}
        else:  # acknowledged: the stored records, stamps included
            tally.acknowledged += 1
            expected.update({key: after for key, (_, after) in changes.items()})
            in_flight = {}
    with Project.open(project_path, create=False) as project:
        integrity = project.db.execute("PRAGMA integrity_check").fetchone()[0]
        if integrity != "ok":
            tally.lost.append(f"integrity_check: {integrity}")
        deleted_logged = {(r[0], r[1]) for r in project.db.execute("SELECT kind, record_id FROM changes WHERE after IS NULL")}

        def stored(key: tuple[str, str]) -> str | None:
            kind, record_id = key
            return rows.record_to_json(project.find(kinds[kind], int(record_id) if kind == "Article" else record_id))

        if in_flight:  # the kill came inside an edit: it is in the file whole, or not at all
            tally.in_flight += 1
            now = {key: stored(key) for key in in_flight}
            applied = all(_strip(now[key]) == _strip(after) for key, (_, after) in in_flight.items())
            untouched = all(_strip(now[key]) == _strip(before) for key, (before, _) in in_flight.items())
            if not (applied or untouched):
                tally.lost.append(f"half an edit in the file: {in_flight} → {now}")
            tally.in_flight_committed += applied and not untouched
            # From here on, hold the file to what it has (a record the edit would have created,
            # absent as it did not commit, is not a deletion to look for in the change log).
            expected.update({key: have for key, have in now.items() if have is not None or key in expected})
        for key, wanted in list(expected.items()):
            if key in in_flight:
                continue
            have = stored(key)
            tally.checked += 1
            if have != wanted:
                tally.lost.append(f"{key[0]} {key[1]}: acknowledged {wanted}, file has {have}")
            elif wanted is None:
                tally.deletions.add(key)
                if (key[0].lower(), key[1]) not in deleted_logged:
                    tally.lost.append(f"{key[0]} {key[1]}: deleted without a change-log row")


def stress(rounds: int, *, seed: int = 0, max_delay: float = 0.4, folder: Path | None = None,
           on_round: Callable[[int, Tally], None] | None = None) -> Tally:
    """Run ``rounds`` kill rounds on a fresh project in ``folder`` (a temp folder if None)."""
    rng = random.Random(seed)
    tally = Tally()
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        path = Path(tmp) / "stress.db"
        make_project(path)
        expected: dict[tuple[str, str], str | None] = {}
        with Zygote() as zygote:
            for n in range(rounds):
                outcome = zygote.run("edits", {"project": str(path), "seed": rng.randrange(1 << 30)},
                                     kill_after=rng.uniform(0, max_delay))
                if not outcome.killed:
                    tally.lost.append(f"round {n}: the child ended before the kill (status {outcome.status})")
                check_round(path, outcome, expected, tally)
                tally.rounds += 1
                if on_round is not None:
                    on_round(n, tally)
    return tally


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--smoke", action="store_true", help="5 rounds (what the test suite runs)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-delay", type=float, default=0.4, help="kill within this many seconds of the first edit")
    parser.add_argument("--zygote", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.zygote is not None:
        zygote_main(args.zygote)
        return 0
    rounds = 5 if args.smoke else args.rounds
    start = time.perf_counter()
    tally = stress(rounds, seed=args.seed, max_delay=args.max_delay)
    seconds = time.perf_counter() - start
    print(f"rounds {tally.rounds}  edits acknowledged {tally.acknowledged}  records checked {tally.checked}  "
          f"deletions checked {len(tally.deletions)}  lost {len(tally.lost)}  ({seconds:.1f} s)")
    print(f"kills inside an edit (started, not acknowledged) {tally.in_flight}, of which committed whole {tally.in_flight_committed}")
    for problem in tally.lost[:20]:
        print(f"  LOST: {problem}")
    return 1 if tally.lost else 0


if __name__ == "__main__":
    sys.exit(main())
