"""Replaces pyinstaller-hooks-contrib's hook-thinc: the same submodules and data files, without
``thinc.tests`` (excluded by the spec; see hook-spacy.py for why)."""

from PyInstaller.utils.hooks import collect_data_files, collect_submodules


def _not_tests(name: str) -> bool:
    return ".tests" not in name


datas = collect_data_files("thinc", excludes=["tests", "**/tests"])
hiddenimports = collect_submodules("thinc", filter=_not_tests)
