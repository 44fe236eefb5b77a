"""What a jsonl or csv export of a project whose tokens are stored imports (issue 12): at 1,000
articles the imports were half of the export (numpy through the CoNLL writer's module, 0.2 s of
CPU; importlib.metadata for spaCy's version; the curation module) against 0.1 s for a raw dump
of the same articles. None of them is needed: the CLI imports the chosen writer only, the jsonl
writer reads the stored token starts without numpy."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from annotator.cli import main as cli_main
from annotator.domain.model import Article, ArticleBundle, Span
from annotator.storage.project import Project

ROOT = Path(__file__).resolve().parents[2]
NOT_NEEDED = ("numpy", "spacy", "importlib.metadata", "annotator.domain.curation", "annotator.formats.conll",
              "annotator.formats.spacy_docbin", "annotator.formats.brat")


def _export(*args: str) -> None:
    try:
        cli_main(list(args))
    except SystemExit as exc:
        assert exc.code in (0, None)


def test_a_jsonl_or_csv_export_of_stored_tokens_imports_no_numpy_spacy_or_other_writer(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    project = Project.open(path)
    try:
        text = "Ana Lima said the plan works. Bob agreed, and left."
        project.import_bundles([ArticleBundle(Article(id=None, text=text), spans=[
            Span(id="a", article_id=0, start=0, end=8, label="PERSON", layer="entity"),
            Span(id="b", article_id=0, start=30, end=33, label="PERSON", layer="entity")])])
    finally:
        project.close()
    _export("export", str(path), "--format", "jsonl", "--output", str(tmp_path / "first.jsonl"))  # tokenises once, keeps the tokens
    code = f"""
import sys, json
import annotator.cli, annotator.formats
before = set(sys.modules)
from annotator.cli import main
for fmt in ("jsonl", "csv"):
    try:
        main(["export", {str(path)!r}, "--format", fmt, "--output", {str(tmp_path)!r} + "/again." + fmt])
    except SystemExit as exc:
        assert exc.code in (0, None), exc.code
print(json.dumps(sorted(m for m in {NOT_NEEDED!r} if m in sys.modules and m not in before)))
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=dict(os.environ), capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
    first = (tmp_path / "first.jsonl").read_text(encoding="utf-8")
    assert (tmp_path / "again.jsonl").read_text(encoding="utf-8") == first
    assert [s["token_start"] for s in json.loads(first)["spans"]] == [0, 7]
