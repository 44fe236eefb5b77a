"""usertest35 H1: the window's first File → Export of CoNLL or one .spacy file split in two
processes failed — "Export failed: the second export process ended unexpectedly (exit code 1)" —
because the second process was forked from the export job's QThread (Python's
``threading.active_count()`` was 1 there). It is spawned now (annotator/process_start.py), and the
window's file equals the command line's."""

from __future__ import annotations

import os

import pytest

from annotator.formats import stream_pool
from annotator.ui import transfer
from tests.ui.test_window_support import make_project, make_window, no_modals, wait_idle  # noqa: F401

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytestmark = pytest.mark.timeout(120)


@pytest.mark.parametrize("name", ["gold.conll", "gold.spacy"])
def test_the_first_split_export_of_a_window_is_written_and_equals_the_cli(make_window, tmp_path, monkeypatch, no_modals, name) -> None:  # noqa: ANN001
    monkeypatch.setenv(stream_pool.ENV, "2")  # split at any size, as at 1,000 articles and more
    methods: list[str] = []
    real = stream_pool.start_method
    monkeypatch.setattr(stream_pool, "start_method", lambda: methods.append(real()) or methods[-1])
    window = make_window(make_project(tmp_path / "p.db"))
    out = tmp_path / "out" / name
    out.parent.mkdir()
    fmt = "conll" if name.endswith(".conll") else "spacy"
    assert transfer.start_export(window, out, fmt, "all")  # the first export of this window
    wait_idle(window, 60)
    assert methods == ["spawn"]  # from the job's thread
    assert not any(kind == "warning" for kind, _ in no_modals), no_modals
    assert out.is_file()
    from annotator.cli import main

    cli = tmp_path / "cli" / name
    cli.parent.mkdir()
    with pytest.raises(SystemExit) as done:
        main(["export", str(tmp_path / "p.db"), "--format", fmt, "--status", "all", "--output", str(cli)])
    assert done.value.code in (0, None)
    if fmt == "conll":
        assert out.read_bytes() == cli.read_bytes()
    else:  # split and one-process .spacy files differ in their string table's order (usertest35 L1): compare the Docs
        import spacy
        from spacy.tokens import DocBin

        vocab = spacy.blank("en").vocab
        ours, theirs = (list(DocBin().from_disk(p).get_docs(vocab)) for p in (out, cli))
        assert [d.to_json() for d in ours] == [d.to_json() for d in theirs]
        assert [d.user_data for d in ours] == [d.user_data for d in theirs]
