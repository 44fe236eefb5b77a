"""A pre-annotation child ``start`` that says the niceness it runs at (module-level and Qt-free:
the ``spawn`` child imports it by name)."""

from __future__ import annotations

import os
from typing import Any

from annotator.nlp import suggest_process


def niceness_start(choice: str, ner_map: Any, project_path: str) -> Any:
    """No pipeline: the description's version is the child's niceness when ``start`` runs."""
    return {"description": suggest_process.PipelineDescription("niceness", str(os.nice(0)), False),
            "texts": suggest_process.ArticleTexts(project_path)}
