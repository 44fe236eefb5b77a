"""Where the real data lives: one rule for the app, the scorers, the benchmarks and the tests.

The data (the seed article, PolNeAR, CoNLL-2003, FNC-1 bodies) stays outside the repository, in
``../shared/data`` beside a checkout; ``ANNOTATOR_SHARED_DATA`` points elsewhere (a worktree, CI).
"""

from __future__ import annotations

import os
from pathlib import Path

ENV = "ANNOTATOR_SHARED_DATA"


def shared_data() -> Path:
    """The real data's folder: ``$ANNOTATOR_SHARED_DATA``, else ``../shared/data`` beside the
    checkout this module is in (absent in an installed copy; callers check before reading)."""
    return Path(os.environ.get(ENV, Path(__file__).resolve().parents[2] / "shared" / "data"))
