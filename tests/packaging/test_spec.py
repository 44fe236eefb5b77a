"""packaging/annotator.spec, run with stand-ins for PyInstaller's build classes on each platform it
names (the real build runs on Linux only, in the `bundle` test): the executables it makes and the
macOS bundle's Info.plist (issue 13)."""

from __future__ import annotations

import sys
import types
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "annotator.spec"


class _Recorder:
    """A PyInstaller build target (Analysis, PYZ, EXE, COLLECT, BUNDLE) that keeps its arguments."""

    made: list[_Recorder] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args, self.kwargs = args, kwargs
        self.scripts: list[Any] = []
        self.pure: list[Any] = []
        self.binaries: list[Any] = []
        self.datas: list[Any] = []
        _Recorder.made.append(self)


def _run_spec(platform: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
              analysed: list[tuple[str, str, str]] | None = None) -> dict[str, list[_Recorder]]:
    stage = tmp_path / "stage" / "annotator" / "resources"
    stage.mkdir(parents=True)
    (stage / "schema.json").write_text("{}", encoding="utf-8")
    monkeypatch.setenv("ANNOTATOR_STAGE", str(tmp_path / "stage"))
    monkeypatch.setenv("ANNOTATOR_ICONS", str(tmp_path / "icons"))
    hooks = types.ModuleType("PyInstaller.utils.hooks")
    hooks.collect_data_files = hooks.collect_submodules = hooks.copy_metadata = lambda *a, **k: []  # type: ignore[attr-defined]
    for name in ("PyInstaller", "PyInstaller.utils"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    monkeypatch.setitem(sys.modules, "PyInstaller.utils.hooks", hooks)
    monkeypatch.setattr(sys, "platform", platform)
    kinds = {kind: type(kind, (_Recorder,), {}) for kind in ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE")}
    if analysed:  # what PyInstaller's Analysis would have found: (name in the bundle, source, kind)
        def found(self: _Recorder, *args: Any, **kwargs: Any) -> None:
            _Recorder.__init__(self, *args, **kwargs)
            self.datas = list(analysed)
        kinds["Analysis"].__init__ = found  # type: ignore[misc]
    _Recorder.made = []
    exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), {"SPECPATH": str(SPEC.parent), **kinds})
    return {kind: [r for r in _Recorder.made if type(r).__name__ == kind] for kind in kinds}


@pytest.mark.parametrize("platform", ["linux", "win32", "darwin"])
def test_the_executables_names_differ_in_more_than_case(platform: str, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # NTFS and APFS are case-insensitive by default: `Annotator` beside `annotator` in one folder
    # would overwrite it, leaving Windows without its console command (no --selftest output).
    made = _run_spec(platform, tmp_path, monkeypatch)
    names = [exe.kwargs["name"] for exe in made["EXE"]]
    assert names[0] == "annotator" and made["EXE"][0].kwargs["console"] is True
    assert len({name.casefold() for name in names}) == len(names), names
    if platform in ("win32", "darwin"):
        assert [exe.kwargs["console"] for exe in made["EXE"]] == [True, False]  # a windowed one for the menu/Finder


def test_the_macos_bundle_starts_the_windowed_executable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = _run_spec("darwin", tmp_path, monkeypatch)
    windowed = next(exe.kwargs["name"] for exe in made["EXE"] if not exe.kwargs["console"])
    (bundle,) = made["BUNDLE"]
    assert bundle.kwargs["info_plist"]["CFBundleExecutable"] == windowed
    assert bundle.kwargs["name"] == "Annotator.app"


def test_the_hooks_folder_the_spec_names_holds_spacy_and_thinc_hooks(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    made = _run_spec("linux", tmp_path, monkeypatch)
    (hooks,) = made["Analysis"][0].kwargs["hookspath"]
    assert {p.name for p in Path(hooks).glob("hook-*.py")} >= {"hook-spacy.py", "hook-thinc.py"}


def test_the_bundle_leaves_out_the_build_machines_install_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # pip's direct_url.json of an editable install names the source folder of the build machine.
    info = "annotator-0.1.0.dist-info"
    made = _run_spec("linux", tmp_path, monkeypatch, analysed=[
        (f"{info}/METADATA", "/home/builder/src/METADATA", "DATA"),
        (f"{info}/direct_url.json", "/home/builder/src/direct_url.json", "DATA"),
        (f"{info}/entry_points.txt", "/home/builder/src/entry_points.txt", "DATA"),
    ])
    collected = [entry for arg in made["COLLECT"][0].args if isinstance(arg, list) for entry in arg]
    names = [entry[0] for entry in collected if isinstance(entry, tuple)]
    assert names == [f"{info}/METADATA", f"{info}/entry_points.txt"]
