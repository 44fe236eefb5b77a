"""File → Export writes as the CLI does (annotator.formats.atomic): a cancelled or failing export
leaves the previous one byte for byte, and a brat folder holding a user's files is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain.errors import InputError
from annotator.domain.model import Article, ArticleBundle
from annotator.storage.project import Project
from annotator.ui import transfer
from annotator.ui.workers import Cancelled


@pytest.fixture
def project_file(tmp_path: Path) -> Path:
    path = tmp_path / "news.db"
    with Project.open(path) as project:
        project.import_bundles(ArticleBundle(Article(None, f"Article {n}: Alice met Bob in Paris.")) for n in range(30))
    return path


@pytest.mark.parametrize("fmt,name", [("jsonl", "out.jsonl"), ("csv", "out.csv"), ("conll", "out.conll"), ("spacy", "out.spacy"), ("brat", "brat")])
def test_a_cancelled_window_export_leaves_the_previous_one(project_file: Path, tmp_path: Path, fmt: str, name: str) -> None:
    out = tmp_path / name
    transfer.export_job(project_file, fmt, out)(lambda *a: None, lambda: False)
    before = sorted((p.name, p.read_bytes()) for p in ([out] if out.is_file() else out.iterdir()))
    with Project.open(project_file) as project:
        project.import_bundles([ArticleBundle(Article(None, "A new article about Rome."))])
    progress = []
    with pytest.raises(Cancelled):  # the analyst presses Cancel at article 20 of 31
        transfer.export_job(project_file, fmt, out)(lambda n, total, text: progress.append(n), lambda: len(progress) >= 20)
    assert sorted((p.name, p.read_bytes()) for p in ([out] if out.is_file() else out.iterdir())) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["news.db", name])


@pytest.mark.timeout(120)
@pytest.mark.parametrize("fmt,name", [("conll", "out.conll"), ("spacy", "out.spacy")])
def test_a_window_export_in_two_processes_is_the_same_and_cancels(project_file: Path, tmp_path: Path, fmt: str, name: str,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """export12f: split over two processes (formats/stream_pool.py) the window's export writes the
    same file, reports progress up to the last article, and Cancel leaves the previous file."""
    import zlib

    out = tmp_path / name
    monkeypatch.setenv("ANNOTATOR_EXPORT_PROCESSES", "1")
    one = transfer.export_job(project_file, fmt, out)(lambda *a: None, lambda: False)
    before = out.read_bytes()
    monkeypatch.setenv("ANNOTATOR_EXPORT_PROCESSES", "2")
    progress: list[int] = []
    two = transfer.export_job(project_file, fmt, out)(lambda n, total, text: progress.append(n), lambda: False)
    unpacked = zlib.decompress if fmt == "spacy" else (lambda data: data)
    assert unpacked(out.read_bytes()) == unpacked(before)
    assert two == one
    assert progress[-1] == 30 and progress == sorted(progress)
    with Project.open(project_file) as project:
        project.import_bundles([ArticleBundle(Article(None, "A new article about Rome."))])
    progress.clear()
    with pytest.raises(Cancelled):
        transfer.export_job(project_file, fmt, out)(lambda n, total, text: progress.append(n), lambda: len(progress) >= 5)
    assert unpacked(out.read_bytes()) == unpacked(before)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["news.db", name])


def test_window_brat_export_refuses_a_folder_with_the_users_files(project_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "brat"
    out.mkdir()
    (out / "my-notes.md").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match="holds 'my-notes.md', which an export did not write"):
        transfer.export_job(project_file, "brat", out)(lambda *a: None, lambda: False)
    assert [p.name for p in out.iterdir()] == ["my-notes.md"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brat", "news.db"]
