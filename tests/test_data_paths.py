"""Data outside the repository is found relative to it (``../shared/data``), never by an absolute path."""

from __future__ import annotations

import ast
import importlib.util
import re
from pathlib import Path

from tests.conftest import SHARED_DATA

ROOT = Path(__file__).resolve().parents[1]
# A string that names a folder of one machine: "/work/…", "/home/…", "C:\\…". The kernel's own
# interfaces (/proc, /sys, /dev) are the same on every Linux machine and are not data: allowed.
ABSOLUTE = re.compile(r"^(/(?!(?:proc|sys|dev)/)[A-Za-z_][\w.-]*/|[A-Za-z]:\\\\)")


def _absolute_literals(path: Path, root: Path = ROOT) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            for word in node.value.split():
                if ABSOLUTE.match(word.strip("`'\"()")):
                    found.append(f"{path.relative_to(root)}:{node.lineno}: {word}")
    return found


def test_no_absolute_paths_in_source() -> None:
    files = [*sorted((ROOT / "annotator").rglob("*.py")), *sorted((ROOT / "benchmarks").rglob("*.py"))]
    assert files
    assert [hit for f in files for hit in _absolute_literals(f)] == []


def test_the_check_sees_an_absolute_path(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text('DATA = Path("/work/shared/data/x.csv")\nOK = "a/b"\nKERNEL = "/proc/sys/fs/pipe-max-size"\n'
                      'HOME = "/processes/x"\n', encoding="utf-8")
    assert sorted(_absolute_literals(sample, tmp_path)) == ["sample.py:1: /work/shared/data/x.csv", "sample.py:4: /processes/x"]


def test_polnear_scorer_defaults_to_shared_data_beside_the_repo() -> None:
    from annotator.nlp import quotes_polnear

    assert quotes_polnear.DEFAULT_DIR == SHARED_DATA / "polnear-dev"


def test_import_export_benchmark_defaults_to_shared_data_beside_the_repo() -> None:
    spec = importlib.util.spec_from_file_location("bench_import_export", ROOT / "benchmarks" / "import_export.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    assert module.DATA == SHARED_DATA / "fnc1-train-bodies.csv"


def test_one_rule_finds_the_data_beside_the_repo_or_where_the_variable_says(monkeypatch, tmp_path: Path) -> None:
    from annotator.paths import SHARED_DATA_ENV as ENV, shared_data

    monkeypatch.delenv(ENV, raising=False)
    assert shared_data() == ROOT.parent / "shared" / "data"
    monkeypatch.setenv(ENV, str(tmp_path))
    assert shared_data() == tmp_path


def test_no_module_builds_the_data_path_by_hand() -> None:
    # The one rule is annotator/paths.py: shared_data; a module that spells "shared" / "data" itself would
    # ignore ANNOTATOR_SHARED_DATA (as the scorer and six benchmarks did).
    files = [*sorted((ROOT / "annotator").rglob("*.py")), *sorted((ROOT / "benchmarks").rglob("*.py")),
             *sorted((ROOT / "tests").rglob("*.py"))]
    by_hand = [str(f.relative_to(ROOT)) for f in files
               if f not in (ROOT / "annotator" / "paths.py", ROOT / "tests" / "test_data_paths.py") and re.search(r'"shared"\s*/\s*"data"', f.read_text(encoding="utf-8"))]
    assert by_hand == []
