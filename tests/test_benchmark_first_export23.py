"""export23: the export scenario's rounds measure a project whose tokens are stored (one untimed
export first), and the first export of a project without them is a row of its own, measured on
copies whose ``article_tokens`` is empty, never on the workdir's project itself. perf29: one such
row for each export that tokenises (jsonl, CoNLL, DocBin shards), each with the 3 s target."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from benchmarks import scenarios_data


class _Work:
    def __init__(self, path: Path) -> None:
        self.path = path

    def project(self, n: int) -> Path:
        target = self.path / "fnc.db"
        conn = sqlite3.connect(target)
        with conn:
            conn.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY, text TEXT)")
            conn.execute("CREATE TABLE article_tokens (article_id INTEGER PRIMARY KEY, starts BLOB)")
            conn.executemany("INSERT INTO articles VALUES (?, ?)", [(1, "One made-up line."), (2, "Another one.")])
            conn.executemany("INSERT INTO article_tokens VALUES (?, ?)", [(1, b"x"), (2, b"y")])
        conn.close()
        return target


def test_first_export_is_its_own_row_on_copies_without_tokens(monkeypatch, tmp_path) -> None:
    calls: list[tuple[tuple[str, ...], dict | None, int | None]] = []

    def fake_child(module: str, *args: str, env=None, **kwargs) -> dict:
        tokens = None
        if args[:2] == ("child", "export") and args[2] in ("jsonl", "conll", "spacy"):
            conn = sqlite3.connect(args[3])
            tokens = conn.execute("SELECT count(*) FROM article_tokens").fetchone()[0]
            conn.close()
        calls.append((args, env, tokens))
        return {"seconds": 1.0, "cpu": 0.5, "peak_mb": 40.0}

    monkeypatch.setattr(scenarios_data, "run_child", fake_child)
    rows = scenarios_data.export_rows(_Work(tmp_path), 2, 3)  # type: ignore[arg-type]
    first = [r for r in rows if "first export" in r.measure]
    assert [r.measure.split(" first")[0] for r in first] == ["jsonl", "conll", "spacy (shards folder)"]
    assert all(r.samples == 3 and [(t.on, t.op, t.bound) for t in r.targets] == [("value", "<=", 3)] for r in first)
    project = str(tmp_path / "fnc.db")
    exports = [(args[2], args[3], env, tokens) for args, env, tokens in calls if args[1] == "export"]
    # three rounds of first exports, the formats alternated, on copies with no stored tokens,
    # the project itself untouched
    assert [(fmt, tokens) for fmt, path, _, tokens in exports[:9]] == [("jsonl", 0), ("conll", 0), ("spacy", 0)] * 3
    assert all(path != project for _, path, _, _ in exports[:9])
    assert not list(tmp_path.glob("first-export-*"))  # the copies are removed
    # then one untimed export of the project in one process, before any timed round reads it
    assert exports[9][:3] == ("conll", project, {"ANNOTATOR_EXPORT_PROCESSES": "1"})
    assert all(path == project and tokens in (None, 2) for _, path, _, tokens in exports[10:])
    jsonl = next(r for r in rows if r.measure.startswith("jsonl @"))
    assert "stored before the rounds" in jsonl.note and "2 of 2 articles" in jsonl.note
