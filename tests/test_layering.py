"""The core never imports Qt: only annotator.ui may (style habit 1)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "annotator"


def test_core_imports_without_qt() -> None:
    code = (
        "import sys, annotator.cli, annotator.storage.project, annotator.domain.commands, annotator.storage.sample\n"
        "import pkgutil, importlib, annotator\n"
        "for m in pkgutil.walk_packages(annotator.__path__, 'annotator.'):\n"
        "    if not m.name.startswith('annotator.ui'):\n"
        "        importlib.import_module(m.name)\n"
        "assert not any(n.startswith('PySide6') for n in sys.modules), sorted(n for n in sys.modules if 'PySide' in n)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_no_pyside_import_outside_ui() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "ui" in path.relative_to(PACKAGE).parts[:1]:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path}:{node.lineno}" for n in names if n.split(".")[0] in ("PySide6", "shiboken6")]
    assert not offenders, offenders
