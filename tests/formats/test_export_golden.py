"""Exports write what they wrote before they were made fast (issue 12): byte for byte for text
formats and brat, the same docs for DocBin (``golden_project`` builds the project and holds the
regeneration command)."""

from __future__ import annotations

import json
import zlib
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
    # and even the same msgpack message, byte for byte (compressed by isal now, not zlib's level 6:
    # formats/docbin_stream.py; the golden file is the older code's zlib stream)
    assert zlib.decompress((out / f"{status}.spacy").read_bytes()) == zlib.decompress((GOLDEN / f"{status}.spacy").read_bytes())
    # and the golden DocBin file written by the old code reads as the same docs
    assert json.loads(json.dumps(docs_of(GOLDEN / f"{status}.spacy"), ensure_ascii=False, default=str)) == want


def test_export_reports_are_the_golden_ones(exported: tuple[Path, dict]) -> None:
    _, reports = exported
    want = json.loads((GOLDEN / "reports.json").read_text(encoding="utf-8"))
    assert json.loads(json.dumps(reports, ensure_ascii=False)) == want


def test_docbin_shards_hold_the_golden_docs_in_order_and_spacy_reads_the_folder(tmp_path: Path) -> None:
    import spacy
    from spacy.training import Corpus

    from annotator.formats import spacy_docbin
    from annotator.formats.stream import iter_bundles

    project = build(tmp_path)
    try:
        report = spacy_docbin.write(iter_bundles(project), tmp_path / "train", shard_size=3)
    finally:
        project.close()
    assert sorted(p.name for p in (tmp_path / "train").iterdir()) == ["00000.spacy", "00001.spacy"]
    want = json.loads((GOLDEN / "all.spacy.json").read_text(encoding="utf-8"))
    assert json.loads(json.dumps(docs_of(tmp_path / "train"), ensure_ascii=False, default=str)) == want
    assert report.articles == 4
    examples = list(Corpus(tmp_path / "train")(spacy.blank("en")))  # what `spacy train --paths.train FOLDER` reads
    assert [e.reference.text for e in examples] == [d["json"]["text"] for d in want]


def test_docbin_shards_replace_only_a_folder_of_shards(tmp_path: Path) -> None:
    from annotator.domain.errors import InputError
    from annotator.formats import spacy_docbin
    from annotator.formats.stream import iter_bundles

    project = build(tmp_path)
    try:
        spacy_docbin.write(iter_bundles(project), tmp_path / "train", shard_size=1)
        spacy_docbin.write(iter_bundles(project), tmp_path / "train", shard_size=2)  # replaces the older shards
        assert sorted(p.name for p in (tmp_path / "train").iterdir()) == ["00000.spacy", "00001.spacy"]
        (tmp_path / "train" / "notes.txt").write_text("mine", encoding="utf-8")
        with pytest.raises(InputError):
            spacy_docbin.write(iter_bundles(project), tmp_path / "train")
        assert (tmp_path / "train" / "notes.txt").exists()
    finally:
        project.close()
