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


# The window composes widgets and controllers; nothing under annotator/ui/ reaches back into it
# (issue 9, "Structure": it was a circle of eleven controllers importing MainWindow). The launcher
# is handed the window's type by the CLI (annotator/cli/app.py), so only the window itself is left.
MAY_IMPORT_WINDOW = {"window.py"}


def _imports_window(tree: ast.AST) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            if any(a.name == "annotator.ui.window" or a.name.startswith("annotator.ui.window.") for a in node.names):
                lines.append(node.lineno)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:  # relative: from . import window / from .window import MainWindow
                if module == "window" or module.startswith("window.") or (not module and any(a.name == "window" for a in node.names)):
                    lines.append(node.lineno)
            elif module == "annotator.ui.window" or module.startswith("annotator.ui.window."):
                lines.append(node.lineno)
            elif module == "annotator.ui" and any(a.name == "window" for a in node.names):
                lines.append(node.lineno)
        elif isinstance(node, ast.Call) and isinstance(node.func, (ast.Name, ast.Attribute)):
            name = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
            if name in ("import_module", "__import__") and any(
                    isinstance(arg, ast.Constant) and arg.value == "annotator.ui.window" for arg in node.args):
                lines.append(node.lineno)
    return lines


def test_no_ui_module_imports_the_window() -> None:
    offenders = []
    for path in sorted((PACKAGE / "ui").rglob("*.py")):
        if path.name in MAY_IMPORT_WINDOW and path.parent == PACKAGE / "ui":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))  # TYPE_CHECKING blocks are walked too
        offenders += [f"{path.relative_to(PACKAGE)}:{line}" for line in _imports_window(tree)]
    assert not offenders, f"import annotator.ui.window (take the Session or a Protocol instead): {offenders}"


def test_the_window_import_check_sees_every_form() -> None:
    forms = [
        "from annotator.ui.window import MainWindow",
        "import annotator.ui.window",
        "from annotator.ui import window",
        "from .window import MainWindow",
        "from . import window",
        "import importlib\nimportlib.import_module('annotator.ui.window')",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from annotator.ui.window import MainWindow",
    ]
    for source in forms:
        assert _imports_window(ast.parse(source)), source
    assert not _imports_window(ast.parse("from annotator.ui.session import Session\nfrom annotator.ui import windowing"))
