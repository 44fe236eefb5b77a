"""Docs that cannot rot: docs/keyboard.md is the action table; every action is wired."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QKeySequence

from annotator.ui.actions import ACTIONS, render_html, render_markdown
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

DOC = Path(__file__).resolve().parents[2] / "docs" / "keyboard.md"


def test_keyboard_doc_matches_the_action_table() -> None:
    assert DOC.read_text(encoding="utf-8") == render_markdown(), (
        "docs/keyboard.md is out of date: run `python -m annotator.ui.actions > docs/keyboard.md`"
    )


def test_every_default_key_parses_and_none_clash() -> None:
    seen: dict[str, str] = {}
    for spec in ACTIONS:
        for key in spec.keys:
            assert not QKeySequence(key).isEmpty(), (spec.id, key)
            normal = QKeySequence(key).toString()
            assert normal not in seen, f"{key} is bound to {seen.get(normal)} and {spec.id}"
            seen[normal] = spec.id


def test_every_action_is_in_the_window_with_its_keys(make_window) -> None:  # noqa: ANN001
    window = make_window()
    for spec in ACTIONS:
        action = window.actions_by_id[spec.id]
        assert [k.toString() for k in action.shortcuts()] == [QKeySequence(k).toString() for k in spec.keys]


def test_help_page_lists_every_action_and_custom_keys() -> None:
    page = render_html({"accept": ("Space",)}, {str(n): f"L{n}" for n in range(1, 10)})
    for spec in ACTIONS:
        if not spec.id.startswith("label_"):
            assert spec.plain_text in page
    assert "Space" in page and "Label the selection or selected span L3" in page
