"""Real SIGKILLs at random moments (issue 8): of the edit path (the stress command's smoke size),
of `annotator export`, `annotator import` and `annotator preannotate`.

Children are forked from one zygote process (``benchmarks/stress.py``), which runs the real
`annotator` command in them and kills them. ``ANNOTATOR_KILL_ROUNDS=50`` runs more rounds of each.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.domain.model import Article, ArticleBundle, ArticleStatus, Span
from annotator.formats import atomic
from annotator.storage.project import Project

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("fork and SIGKILL are POSIX", allow_module_level=True)

from benchmarks import stress  # noqa: E402

ROUNDS = int(os.environ.get("ANNOTATOR_KILL_ROUNDS", "3"))
TEXT = "{n}. Angela Merkel said in Berlin on Monday that \"the talks will go on\", the minister told reporters. " * 3


@pytest.fixture(scope="module")
def zygote() -> Iterator[stress.Zygote]:
    with stress.Zygote(preload=("spacy",)) as z:
        yield z


def snapshot(path: Path) -> dict[str, bytes] | None:
    if not path.exists():
        return None
    if path.is_file():
        return {"": path.read_bytes()}
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def finish(zygote: stress.Zygote, argv: list[str]) -> float:
    """Run the command to its end; returns how long it took (s)."""
    start = time.perf_counter()
    outcome = zygote.run("cli", {"argv": argv})
    assert outcome.of("done") == [0], outcome.lines
    return time.perf_counter() - start


def moment(rng: random.Random, n: int, took: float) -> float:
    """When to kill round ``n``: random within its share of a full run's time (``took``), so the
    rounds together cover the run from start to end (the last share reaches past its end, where a
    kill finds the work done)."""
    return took * (n + rng.random()) / ROUNDS * (1.1 if n == ROUNDS - 1 else 1.0)


# ----------------------------------------------------------------------------- edits


def test_stress_smoke_loses_no_acknowledged_edit(capsys: pytest.CaptureFixture[str]) -> None:
    assert stress.main(["--smoke", "--seed", "3"]) == 0
    line = capsys.readouterr().out.splitlines()[0]
    found = re.match(r"rounds (\d+)  edits acknowledged (\d+)  records checked (\d+)  deletions checked (\d+)  lost (\d+)", line)
    assert found is not None, line
    rounds, acknowledged, checked, deletions, lost = map(int, found.groups())
    assert rounds == 5 and lost == 0
    assert acknowledged > 20 and checked >= acknowledged and deletions > 0


def test_the_stress_check_sees_a_lost_edit_and_an_unlogged_deletion(tmp_path: Path) -> None:
    """The check is not one that cannot fail: an acknowledged span missing from the file, and a
    deletion without its change-log row, are both reported."""
    path = tmp_path / "p.db"
    stress.make_project(path, articles=1)
    with Project.open(path) as project:
        aid = project.article_ids()[0]
        gone = project.spans(aid)[0]
        project.db.execute("DELETE FROM spans WHERE id = ?", [gone.id])  # behind the change log's back
        project.db.conn.commit()
    lost = Span(id="never-written", article_id=aid, start=0, end=3, label="ORG", layer="entity")
    from annotator.storage import rows

    outcome = stress.Outcome([("ack", {"changes": [["Span", lost.id, None, rows.record_to_json(lost)],
                                                   ["Span", gone.id, rows.record_to_json(gone), None]]})], killed=True, status=9)
    tally = stress.Tally()
    stress.check_round(path, outcome, {}, tally)
    assert len(tally.lost) == 2
    assert tally.lost[0].startswith("Span never-written: acknowledged")
    assert tally.lost[1] == f"Span {gone.id}: deleted without a change-log row"


def test_the_stress_check_sees_half_an_edit(tmp_path: Path) -> None:
    """The edit in flight at the kill must be in the file whole or not at all: one of its two
    spans in the file is reported."""
    from annotator.domain import commands
    from annotator.storage import rows

    path = tmp_path / "p.db"
    stress.make_project(path, articles=1)
    with Project.open(path) as project:
        aid = project.article_ids()[0]
        made = project.apply(commands.add_span(commands.records([]), article_id=aid, start=0, end=7, label="ORG", layer="entity"))
    written = made.changes[0].after
    never = Span(id="never", article_id=aid, start=8, end=10, label="ORG", layer="entity")
    begin = {"changes": [["Span", written.id, None, rows.record_to_json(written)], ["Span", never.id, None, rows.record_to_json(never)]]}
    tally = stress.Tally()
    stress.check_round(path, stress.Outcome([("begin", begin)], killed=True, status=9), {}, tally)
    assert len(tally.lost) == 1 and tally.lost[0].startswith("half an edit in the file")
    assert tally.in_flight == 1 and tally.in_flight_committed == 0


# ----------------------------------------------------------------------------- export


@pytest.fixture(scope="module")
def export_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "news.db"
    with Project.open(path) as project:
        project.import_bundles(
            ArticleBundle(Article(None, TEXT.format(n=n)), spans=[
                Span(id=f"p{n}", article_id=0, start=len(f"{n}. "), end=len(f"{n}. Angela Merkel"), label="PERSON", layer="entity"),
                Span(id=f"g{n}", article_id=0, start=len(f"{n}. Angela Merkel said in "), end=len(f"{n}. Angela Merkel said in Berlin"),
                     label="GPE", layer="entity", status="suggested"),
            ]) for n in range(30)
        )
    return path


@pytest.mark.parametrize("fmt,name", [("jsonl", "out.jsonl"), ("spacy", "out.spacy"), ("brat", "brat")])
def test_a_killed_export_leaves_the_previous_export_whole(
    zygote: stress.Zygote, export_project: Path, tmp_path: Path, fmt: str, name: str
) -> None:
    """Each round the target holds one export (accepted or all annotations) and a run writing the
    other is killed: the target is then the previous export or the whole new one, byte for byte;
    the next run leaves nothing beside it."""
    target = tmp_path / name
    argv = ["export", str(export_project), "--format", fmt, "--output", str(target), "--status"]
    finish(zygote, [*argv, "accepted"])
    exports = {"accepted": snapshot(target)}
    took = finish(zygote, [*argv, "all"])
    exports["all"] = snapshot(target)
    assert exports["accepted"] != exports["all"]
    rng = random.Random(f"{fmt}-{ROUNDS}")
    current, killed = "all", 0
    for n in range(ROUNDS):
        other = "accepted" if current == "all" else "all"
        outcome = zygote.run("cli", {"argv": [*argv, other]}, kill_after=moment(rng, n, took))
        killed += outcome.killed
        assert snapshot(target) in (exports[current], exports[other]), f"killed: {outcome.killed}"
        finish(zygote, [*argv, other])  # the next run cleans what the killed one left
        assert snapshot(target) == exports[other]
        assert atomic.leftovers(target) == [] and sorted(p.name for p in tmp_path.iterdir()) == [name]
        current = other
    assert killed


# ----------------------------------------------------------------------------- import


def _contents(path: Path) -> tuple[int, set[str]]:
    with Project.open(path, create=False) as project:
        assert project.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        texts = {project.article(a).text for a in project.article_ids()}
        return len(texts), texts


def test_a_killed_import_is_all_or_nothing(zygote: stress.Zygote, tmp_path: Path) -> None:
    base = tmp_path / "base.db"
    with Project.open(base) as project:
        project.import_bundles(ArticleBundle(Article(None, f"Already there {n}.")) for n in range(5))
    source = tmp_path / "many.jsonl"
    lines = [{"text": TEXT.format(n=n), "spans": [{"start": 0, "end": len(str(n)), "label": "MISC"}]} for n in range(1500)]
    source.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    before_bytes = base.read_bytes()
    _, before = _contents(base)
    assert base.read_bytes() == before_bytes and not Path(f"{base}-wal").exists()
    work = tmp_path / "work.db"
    shutil.copyfile(base, work)
    took = finish(zygote, ["import", str(work), str(source)])
    rng = random.Random(ROUNDS)
    outcomes = []
    for n in range(ROUNDS):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{work}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(base, work)
        outcome = zygote.run("cli", {"argv": ["import", str(work), str(source)]}, kill_after=moment(rng, n, took))
        # A committed import may still sit in the -wal file (the main file untouched until a
        # checkpoint): what counts is what the project reads as, and the file once closed.
        count, texts = _contents(work)
        unchanged = texts == before
        if unchanged:
            assert work.read_bytes() == before_bytes, "reads as before, yet the file changed"
        else:
            assert count == 5 + len(lines) and texts == before | {line["text"] for line in lines}
        outcomes.append((outcome.killed, unchanged))
    assert any(killed and unchanged for killed, unchanged in outcomes)  # a kill landed inside the import


# ----------------------------------------------------------------------------- pre-annotation


def _preannotation(path: Path) -> dict[int, tuple[str, frozenset[tuple[int, int, str]]]]:
    """Per article: its status and, if it is marked pre-annotated, its suggested spans."""
    with Project.open(path, create=False) as project:
        assert project.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        done = {row[0]: row[1] for row in project.db.execute("SELECT article_id, spans FROM preannotations")}
        result = {}
        for aid in project.article_ids():
            suggested = frozenset(s.key for s in project.spans(aid) if s.status == "suggested")
            if aid in done:
                assert len(suggested) == done[aid], "a pre-annotated article holds part of its suggestions"
            else:
                assert not suggested, "an article not marked pre-annotated holds suggestions"
            result[aid] = (str(project.article(aid).status), suggested if aid in done else None)
        return result


def test_a_killed_preannotation_keeps_finished_articles_and_marks_no_other(zygote: stress.Zygote, tmp_path: Path) -> None:
    base = tmp_path / "base.db"
    with Project.open(base) as project:
        project.import_bundles(ArticleBundle(Article(None, TEXT.format(n=n) * 3)) for n in range(24))
    full = tmp_path / "full.db"
    shutil.copyfile(base, full)
    argv = ["preannotate", "--model", "rule-only"]
    took = finish(zygote, [argv[0], str(full), *argv[1:]])
    reference = _preannotation(full)
    assert all(spans for _, spans in reference.values())
    rng = random.Random(ROUNDS + 1)
    partial = 0
    for n in range(ROUNDS):
        work = tmp_path / f"work{n}.db"
        shutil.copyfile(base, work)
        zygote.run("cli", {"argv": [argv[0], str(work), *argv[1:]]}, kill_after=moment(rng, n, took))
        after = _preannotation(work)
        for aid, (status, spans) in after.items():
            assert status == ArticleStatus.NEW  # nothing marked done or in progress
            assert spans is None or spans == reference[aid][1]  # finished articles whole
        partial += any(spans is None for _, spans in after.values())
        finish(zygote, [argv[0], str(work), *argv[1:]])  # running again picks up where it stopped
        assert _preannotation(work) == reference
    assert partial  # at least one kill landed half-way
