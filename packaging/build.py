"""Build Annotator into an application analysts install without Python (issue 13).

    python packaging/build.py            # build/bundle/dist/annotator/ (+ the Linux .tar.gz)
    python packaging/build.py --test     # … then run the bundle's `annotator --selftest`
    python packaging/build.py --test --measure-window   # … and time start → window (Xvfb, Linux)

Needs the `packaging` extra (``pip install -e '.[packaging]'``: PyInstaller). Steps:

1. stage ``annotator/`` with ``resources/`` placed at ``annotator/resources`` (the wheel's layout;
   an editable install maps it with an import hook PyInstaller does not follow);
2. render the hicolor icons (16…512 px PNG and the SVG) from ``resources/annotator.svg``;
3. run PyInstaller on ``packaging/annotator.spec`` (one folder; an ``.app`` on macOS);
4. on Linux, pack ``annotator-VERSION-linux-ARCH.tar.gz``: the folder, the ``.desktop`` entry, the
   icons, ``install.sh`` and ``uninstall.sh`` (per user, under ``~/.local``).

Name and version come from the installed package's metadata. Every step prints its time; sizes
are printed in MiB. Exit 1 with one line when a step fails. docs/packaging.md has the macOS and
Windows commands.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
OUT = ROOT / "build" / "bundle"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)  # hicolor sizes (freedesktop icon theme spec)
DIST = "annotator"


class BuildError(Exception):
    """A step failed; the message is one line saying what to do."""


def log(message: str) -> None:
    print(message, flush=True)


def mib(path: Path) -> float:
    """Size of a file, or of everything under a folder, in MiB (symlinks not followed)."""
    if path.is_file():
        return path.stat().st_size / 2**20
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() or p.is_symlink()) / 2**20


def name_and_version() -> tuple[str, str]:
    try:
        return importlib.metadata.metadata(DIST)["Name"], importlib.metadata.version(DIST)
    except importlib.metadata.PackageNotFoundError:
        raise BuildError("annotator is not installed in this Python; run: pip install -e '.[packaging]'") from None


def stage(folder: Path) -> Path:
    """A copy of the package as the wheel lays it out: ``folder/annotator/resources/…``."""
    shutil.rmtree(folder, ignore_errors=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "annotator", folder / "annotator", ignore=ignore)
    shutil.copytree(ROOT / "resources", folder / "annotator" / "resources", ignore=ignore)
    return folder


def render_icons(folder: Path) -> Path:
    """``folder/SIZExSIZE/apps/annotator.png`` for every hicolor size, and ``scalable/apps/annotator.svg``,
    rendered from resources/annotator.svg with Qt's SVG renderer (offscreen: no display needed)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    svg = ROOT / "resources" / "annotator.svg"
    app = QGuiApplication.instance() or QGuiApplication(["build"])  # noqa: F841 - QPainter needs one
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise BuildError(f"{svg}: not a valid SVG; fix the icon")
    shutil.rmtree(folder, ignore_errors=True)
    for size in ICON_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        target = folder / f"{size}x{size}" / "apps" / "annotator.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(target)):
            raise BuildError(f"{target}: could not be written; check the build folder's permissions")
    scalable = folder / "scalable" / "apps"
    scalable.mkdir(parents=True)
    shutil.copy2(svg, scalable / "annotator.svg")
    return folder


def pyinstaller(stage_folder: Path, icons: Path, work: Path, dist: Path) -> Path:
    """Run PyInstaller on the spec; returns the one-folder app (``dist/annotator``)."""
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        raise BuildError("PyInstaller is not installed; run: pip install -e '.[packaging]'") from None
    env = {**os.environ, "ANNOTATOR_STAGE": str(stage_folder), "ANNOTATOR_ICONS": str(icons)}
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
               "--workpath", str(work), "--distpath", str(dist), str(PACKAGING / "annotator.spec")]
    # Not from the repository root: there `annotator/` (without resources/) and a stale
    # annotator.egg-info would be found before the staged package and the installed metadata.
    if subprocess.run(command, env=env, cwd=work.parent).returncode != 0:
        raise BuildError("PyInstaller failed (its messages are above)")
    app = dist / DIST
    if not (app / DIST).exists() and not (app / f"{DIST}.exe").exists():
        raise BuildError(f"PyInstaller finished but {app} holds no {DIST} executable")
    return app


def linux_archive(app: Path, icons: Path, version: str) -> Path:
    """``annotator-VERSION-linux-ARCH.tar.gz`` beside ``app``'s folder: the app in ``annotator/``,
    ``share/applications/annotator.desktop``, ``share/mime/packages/annotator.xml``, ``share/icons/hicolor/…``, install.sh, uninstall.sh."""
    base = f"{DIST}-{version}-linux-{platform.machine()}"
    extras = OUT / "linux-extras"  # the small files beside the app; the app is packed from where it is
    shutil.rmtree(extras, ignore_errors=True)
    applications = extras / "share" / "applications"
    applications.mkdir(parents=True)
    shutil.copy2(ROOT / "resources" / "annotator.desktop", applications / "annotator.desktop")
    mime = extras / "share" / "mime" / "packages"
    mime.mkdir(parents=True)
    shutil.copy2(ROOT / "resources" / "annotator-mime.xml", mime / "annotator.xml")
    shutil.copytree(icons, extras / "share" / "icons" / "hicolor")
    for script in ("install.sh", "uninstall.sh"):
        shutil.copy2(PACKAGING / "linux" / script, extras / script)
        (extras / script).chmod(0o755)
    archive = OUT / f"{base}.tar.gz"
    with tarfile.open(archive, "w:gz", compresslevel=6) as tar:  # 9 takes longer for ~1 % less
        tar.add(app, arcname=f"{base}/{DIST}")
        for item in sorted(extras.iterdir()):
            tar.add(item, arcname=f"{base}/{item.name}")
    return archive


def selftest(app: Path) -> float:
    """Run the bundle's ``annotator --selftest``, its report printed; returns the seconds it took."""
    exe = app / (f"{DIST}.exe" if sys.platform == "win32" else DIST)
    started = time.perf_counter()
    run = subprocess.run([str(exe), "--selftest"], capture_output=True, text=True, timeout=600)
    seconds = time.perf_counter() - started
    log(run.stdout.rstrip())
    if run.stderr.strip():
        log(run.stderr.rstrip())
    if run.returncode != 0:
        raise BuildError(f"the bundle's self-test failed (exit {run.returncode}); see its report above")
    return seconds


def measure_window(app: Path, folder: Path) -> float:
    """Seconds from starting the bundled ``annotator PROJECT.db`` to its window mapped on an X
    server (Xvfb), found with ``xdotool search --sync``. Linux only; needs Xvfb and xdotool."""
    for tool in ("Xvfb", "xdotool"):
        if shutil.which(tool) is None:
            raise BuildError(f"--measure-window needs {tool}; install it (Debian: apt install xvfb xdotool)")
    folder.mkdir(parents=True, exist_ok=True)
    display = ":97"
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(1.0)
        env = {**os.environ, "DISPLAY": display, "ANNOTATOR_HOME": str(folder / "home"),
               "XDG_CONFIG_HOME": str(folder / "config")}
        env.pop("QT_QPA_PLATFORM", None)
        env.pop("WAYLAND_DISPLAY", None)
        started = time.perf_counter()
        window = subprocess.Popen([str(app / DIST)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--name", "Annotator"], env=env,
                           capture_output=True, timeout=120, check=True)
            seconds = time.perf_counter() - started
        except (subprocess.TimeoutExpired, subprocess.CalledProcessError):
            window.kill()
            raise BuildError(f"no Annotator window appeared within 120 s: {window.communicate()[1].decode()[-300:]}") from None
        window.terminate()
        window.wait(timeout=30)
        return seconds
    finally:
        xvfb.terminate()
        xvfb.wait(timeout=30)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--test", action="store_true", help="run the bundle's `annotator --selftest` after building")
    parser.add_argument("--measure-window", action="store_true",
                        help="time start → window of the bundle under Xvfb (Linux; needs Xvfb and xdotool)")
    parser.add_argument("--no-build", action="store_true", help="use the bundle already in build/bundle/dist")
    parser.add_argument("--icons-only", action="store_true",
                        help="only render the icons into build/bundle/icons (macOS: before iconutil, see docs/packaging.md)")
    args = parser.parse_args(argv)
    try:
        name, version = name_and_version()
        dist = OUT / "dist"
        app = dist / DIST
        icons = OUT / "icons"
        if args.icons_only:
            log(f"icons: {render_icons(icons)}")
            return 0
        if not args.no_build:
            started = time.perf_counter()
            stage_folder = stage(OUT / "stage")
            render_icons(icons)
            app = pyinstaller(stage_folder, icons, OUT / "work", dist)
            build_seconds = time.perf_counter() - started
            log(f"built {name} {version}: {app} ({mib(app):.0f} MiB) in {build_seconds:.0f} s")
            if sys.platform.startswith("linux"):
                started = time.perf_counter()
                archive = linux_archive(app, icons, version)
                log(f"archive: {archive} ({mib(archive):.0f} MiB) in {time.perf_counter() - started:.0f} s")
        if args.test:
            log(f"self-test of the bundle: {selftest(app):.1f} s")
        if args.measure_window:
            log(f"start → window mapped (Xvfb): {measure_window(app, OUT / 'measure'):.2f} s")
    except BuildError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
