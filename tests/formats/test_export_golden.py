"""Exports write what they wrote before they were made fast (issue 12): byte for byte for text
formats and brat, the same docs for DocBin (``golden_project`` builds the project and holds the
regeneration command)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.formats.golden_project import GOLDEN, build, docs_of, export_all


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    folder = tmp_path_factory.mktemp("golden")
    project = build(folder)
    try:
        reports = export_all(project, folder / "out")
    finally:
        project.close()
    return folder / "out", reports


TEXT_FILES = sorted(p.name for p in GOLDEN.iterdir() if p.suffix in (".jsonl", ".csv", ".conll"))


@pytest.mark.parametrize("name", TEXT_FILES)
def test_text_exports_are_byte_for_byte_the_golden_files(exported: tuple[Path, dict], name: str) -> None:
    out, _ = exported
    assert (out / name).read_bytes() == (GOLDEN / name).read_bytes()


@pytest.mark.parametrize("status", ["all", "accepted"])
def test_brat_export_is_byte_for_byte_the_golden_folder(exported: tuple[Path, dict], status: str) -> None:
    out, _ = exported
    want = {p.name: p.read_bytes() for p in (GOLDEN / f"brat-{status}").iterdir()}
    got = {p.name: p.read_bytes() for p in (out / f"brat-{status}").iterdir()}
    assert got == want


@pytest.mark.parametrize("status", ["all", "accepted"])
def test_docbin_export_holds_the_golden_docs(exported: tuple[Path, dict], status: str) -> None:
    out, _ = exported
    want = json.loads((GOLDEN / f"{status}.spacy.json").read_text(encoding="utf-8"))
    got = json.loads(json.dumps(docs_of(out / f"{status}.spacy"), ensure_ascii=False, default=str))
    assert len(got) == 4
    assert got == want
    # and the golden DocBin file written by the old code reads as the same docs
    assert json.loads(json.dumps(docs_of(GOLDEN / f"{status}.spacy"), ensure_ascii=False, default=str)) == want


def test_export_reports_are_the_golden_ones(exported: tuple[Path, dict]) -> None:
    _, reports = exported
    want = json.loads((GOLDEN / "reports.json").read_text(encoding="utf-8"))
    assert json.loads(json.dumps(reports, ensure_ascii=False)) == want
