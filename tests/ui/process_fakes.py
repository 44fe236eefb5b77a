"""Stand-ins for the pre-annotation child's ``start``/``work`` (module-level and Qt-free: the
``spawn`` child imports them by name)."""

from __future__ import annotations

import os
import time
from typing import Any

from annotator.domain.suggestions import SuggestedSpan, SuggestionSet
from annotator.nlp import suggest_process

CRASH_ID_FILE = "ANNOTATOR_TEST_CRASH_ID"  # env var naming the article whose work kills the child


def crash_on_start(choice: str, ner_map: Any, project_path: str) -> Any:
    os._exit(3)  # a native crash while the pipeline loads


def raise_on_start(choice: str, ner_map: Any, project_path: str) -> Any:
    raise suggest_process.AnnotatorError("the pipeline folder is damaged; reinstall it")


def slow_start(choice: str, ner_map: Any, project_path: str) -> Any:
    time.sleep(60)  # a load that never ends in a test's time: only a kill stops it


def light_start(choice: str, ner_map: Any, project_path: str) -> Any:
    """No spaCy: a first word suggested as PERSON (the crash tests need a child, not a pipeline)."""
    return {"description": suggest_process.PipelineDescription("fake", "1.0", False),
            "texts": suggest_process.ArticleTexts(project_path)}


def light_work(state: Any, task: tuple[str, int]) -> Any:
    kind, article_id = task
    if kind == "describe":
        return state["description"]
    text = state["texts"].text(article_id)
    end = len(text.split()[0])
    return SuggestionSet("fake 1.0", [SuggestedSpan("p0", 0, end, "PERSON", "entity")])


def crash_on_article(state: Any, task: tuple[str, int]) -> Any:
    kind, article_id = task
    if kind != "describe" and str(article_id) == os.environ.get(CRASH_ID_FILE, ""):
        os._exit(9)
    return light_work(state, task)


def always_crash(state: Any, task: tuple[str, int]) -> Any:
    if task[0] != "describe":
        os._exit(9)
    return light_work(state, task)


SLOW_SECONDS = "ANNOTATOR_TEST_SLOW_SECONDS"  # env var: seconds slow_work_with_tokens takes an article


def slow_work_with_tokens(state: Any, task: tuple[str, int]) -> Any:
    """light_work's suggestion and, for suggest_process.SUGGEST_TOKENS, the article's tokens packed
    as pre-annotation packs them (``blank("en")`` in the child), after a pause a cancel can fall in."""
    kind, article_id = task
    if kind == "describe":
        return state["description"]
    time.sleep(float(os.environ.get(SLOW_SECONDS, "0.2")))
    suggestions = light_work(state, task)
    if kind != suggest_process.SUGGEST_TOKENS:
        return suggestions
    from annotator.domain.model import text_hash
    from annotator.formats.token_store import pack, tokenize

    text = state["texts"].text(article_id)
    return suggestions, (text_hash(text), *pack(tokenize(text)))
