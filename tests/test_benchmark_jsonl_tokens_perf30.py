"""perf30 (issue 12, usertest28 M5): the export scenario has a row for ``export --format jsonl
--tokens`` on the project whose tokens are stored, with the 3 s target of every export and its
peak-memory row (≤ 500 MB); its child runs the CLI with ``--tokens``."""

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


def test_jsonl_tokens_has_its_rows_with_the_3_s_target(monkeypatch, tmp_path) -> None:
    exported: list[str] = []

    def fake_child(module: str, *args: str, env=None, **kwargs) -> dict:
        if args[:2] == ("child", "export"):
            exported.append(args[2])
        return {"seconds": 1.0, "cpu": 0.5, "peak_mb": 40.0, "output_mb": 12.0}

    monkeypatch.setattr(scenarios_data, "run_child", fake_child)
    rows = scenarios_data.export_rows(_Work(tmp_path), 2, 3)  # type: ignore[arg-type]
    timed = next(r for r in rows if r.measure == "jsonl --tokens @ 2 articles")
    assert timed.samples == 3 and [(t.on, t.op, t.bound) for t in timed.targets] == [("value", "<=", 3)]
    assert "12 MB written" in timed.note and "stored before the rounds" in timed.note
    memory = next(r for r in rows if r.measure == "jsonl --tokens peak memory @ 2")
    assert [(t.on, t.op, t.bound) for t in memory.targets] == [("value", "<=", 500)]
    assert exported.count("jsonl-tokens") == 3


def test_the_child_exports_with_tokens(monkeypatch, tmp_path) -> None:
    said: list[tuple[str, ...]] = []
    monkeypatch.setattr(scenarios_data, "_cli", lambda *args: said.append(args))
    out = tmp_path / "out-jsonl-tokens"
    scenarios_data.child(["export", "jsonl-tokens", "p.db", str(out)])
    assert said == [("export", "p.db", "--format", "jsonl", "--tokens", "--output", f"{out}.jsonl")]
    # the other formats' command lines are as before
    said.clear()
    scenarios_data.child(["export", "spacy-file", "p.db", str(out)])
    scenarios_data.child(["export", "csv", "p.db", str(out)])
    assert said == [("export", "p.db", "--format", "spacy", "--output", f"{out}.spacy"),
                    ("export", "p.db", "--format", "csv", "--output", f"{out}.csv")]
    (tmp_path / "out-jsonl-tokens.jsonl").write_text("{}\n")
    scenarios_data._remove_output(out, "jsonl-tokens")  # a round's output is removed (280 MB at 10,000)
    assert not list(tmp_path.iterdir())
