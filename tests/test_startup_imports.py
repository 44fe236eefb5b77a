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


def test_the_window_imports_no_heavy_library_and_sqlite_utils_still_works() -> None:
    """One fresh process: nothing heavy after importing the CLI and the window; sqlite-utils
    still infers column types and inserts; numpy still imports when a feature asks for it."""
    code = f"""
import sys, json
import annotator.cli, annotator.ui.launch, annotator.ui.window
at_paint = sorted(m for m in {HEAVY!r} if m in sys.modules)
import sqlite_utils
db = sqlite_utils.Database(memory=True)
db['t'].insert_all([{{'a': 1, 'b': 2.5, 'c': 'x'}}])
assert db['t'].columns_dict == {{'a': int, 'b': float, 'c': str}}, db['t'].columns_dict
assert list(db['t'].rows) == [{{'a': 1, 'b': 2.5, 'c': 'x'}}]
import numpy
assert int(numpy.arange(3).sum()) == 3
print(json.dumps(at_paint))
"""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
