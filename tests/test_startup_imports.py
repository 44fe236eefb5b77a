"""What `annotator open` imports before its first paint (issue 12: launch under a second).

spaCy (1.5 s), numpy (0.2-0.4 s, which sqlite-utils would import for nothing), pandas,
matplotlib, krippendorff: none is needed to paint the window; each is imported by the feature
that uses it, when it runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("spacy", "thinc", "numpy", "pandas", "matplotlib", "krippendorff", "scipy")


def _imported_after(code: str) -> list[str]:
    probe = f"import sys, json\n{code}\nprint(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_window_and_the_cli_import_no_heavy_library() -> None:
    assert _imported_after("import annotator.cli, annotator.ui.launch, annotator.ui.window") == []


def test_sqlite_utils_still_works_and_numpy_imports_later() -> None:
    code = (
        "import annotator.storage.project\n"
        "import sqlite_utils\n"
        "db = sqlite_utils.Database(memory=True)\n"
        "db['t'].insert_all([{'a': 1, 'b': 2.5, 'c': 'x'}])\n"
        "assert db['t'].columns_dict == {'a': int, 'b': float, 'c': str}, db['t'].columns_dict\n"
        "assert list(db['t'].rows) == [{'a': 1, 'b': 2.5, 'c': 'x'}]\n"
        "import numpy\n"
        "assert numpy.arange(3).sum() == 3\n"
    )
    assert _imported_after(code) == ["numpy"]
