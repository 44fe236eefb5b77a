"""fix11s cosmetics: every count a command says agrees with its noun ("Exported 1 articles" was
said). A small end-to-end run at count 1 — import, preannotate, export every format, assign, merge,
import --analyst, curate (listing, --accept-agreed, --keep), agreement, stats, search — and no
output line may say "1 <plural>"; `plural()` is the one helper the messages use. Hand-written
text, no corpus."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from annotator.domain.words import plural
from tests.cli.test_export_uncurated import run

TEXT = 'Maria Okafor told reporters in Portsmouth that "the plant will close in June."\n'
# words ending in s that are singular (or not nouns) and may follow a 1
SINGULAR_S = {"is", "was", "has", "this", "its", "as", "us", "plus", "status", "analysis", "across", "thus", "always"}
ONE_PLURAL = re.compile(r"(?<![\d,.])\b1 ([a-z][a-z'-]*s)\b")


def test_plural_helper() -> None:
    assert plural(1, "article") == "1 article"
    assert plural(0, "article") == "0 articles"
    assert plural(2, "held-out article") == "2 held-out articles"
    assert plural(1_200, "span") == "1,200 spans"
    assert plural(2, "analysis", "analyses") == "2 analyses" and plural(1, "analysis", "analyses") == "1 analysis"


def _layer(path: Path, second: str) -> Path:
    start = TEXT.index("Portsmouth")
    path.write_text(json.dumps({"text": TEXT, "status": "done", "spans": [
        {"id": "p", "start": 0, "end": 12, "label": "PERSON", "status": "accepted"},
        {"id": "g", "start": start, "end": start + len("Portsmouth"), "label": second, "status": "accepted"}],
        "relations": []}) + "\n", encoding="utf-8")
    return path


@pytest.mark.timeout(300)
def test_no_command_says_one_with_a_plural_noun(tmp_path: Path) -> None:
    said: list[tuple[str, str]] = []

    def cli(*args: object) -> None:
        result = run(*args)
        assert result.exit_code == 0, (args, result.output)
        out = result.output + (getattr(result, "stderr", "") if getattr(result, "stderr_bytes", None) else "")
        said.extend((" ".join(str(a) for a in args[:1]), line) for line in out.splitlines())

    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    p, t = tmp_path / "p.db", tmp_path / "t.db"
    cli("import", p, tmp_path / "a.txt")
    cli("preannotate", p, "--model", "rule-only")  # 1 QUOTE, 1 SPEAKER, 1 CUE suggested
    for fmt in ("jsonl", "spacy", "csv", "conll"):
        cli("export", p, "--format", fmt, "--output", tmp_path / f"p.{fmt}", "--status", "all")
    cli("export", p, "--format", "brat", "--output", tmp_path / "pbrat", "--status", "all")
    cli("stats", p)
    cli("search", p, "Okafor")
    cli("assign", p, "--analysts", "ana,ben", "--overlap", "1", "--output", tmp_path / "team")
    cli("merge", t, tmp_path / "team" / "ana.db", tmp_path / "team" / "ben.db")
    cli("import", t, _layer(tmp_path / "ana.jsonl", "GPE"), "--analyst", "ana")
    cli("import", t, _layer(tmp_path / "ben.jsonl", "ORG"), "--analyst", "ben")
    cli("curate", t)
    cli("agreement", t)
    cli("curate", t, "--accept-agreed", "--by", "lead")  # the 1 agreed PERSON
    cli("curate", t, "--keep", "ana", "--article", 1, "--by", "lead")  # the 1 disagreement
    cli("curate", t)
    cli("agreement", t)
    cli("stats", t)
    for fmt in ("jsonl", "spacy", "csv", "conll"):
        cli("export", t, "--format", fmt, "--output", tmp_path / f"t.{fmt}")
        cli("export", t, "--format", fmt, "--output", tmp_path / f"tall.{fmt}", "--layer", "all")
    cli("export", t, "--format", "brat", "--output", tmp_path / "tbrat", "--layer", "all")
    assert any("Exported 1 article, " in line for _cmd, line in said)  # the run did say counts of 1
    wrong = [(cmd, line) for cmd, line in said for m in ONE_PLURAL.finditer(line) if m.group(1) not in SINGULAR_S]
    assert wrong == []
