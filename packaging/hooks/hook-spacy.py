"""Replaces pyinstaller-hooks-contrib's hook-spacy: the same submodules and data files, without
``spacy.tests``. The spec excludes the tests, and the contrib hook's hidden imports of every test
module then printed one "Hidden import … not found!" warning each, burying real ones."""

from PyInstaller.utils.hooks import collect_data_files, collect_submodules


def _not_tests(name: str) -> bool:
    return ".tests" not in name


datas = collect_data_files("spacy", excludes=["tests", "**/tests"])
hiddenimports = collect_submodules("spacy", filter=_not_tests)
