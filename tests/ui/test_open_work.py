"""What opening costs the article view (issue 12), counted not timed: the window's settings that
it applies when a project opens leave the open article's spans alone when they are unchanged,
and a changed one still re-sorts them."""

from __future__ import annotations

from tests.ui.test_window_support import make_window, no_modals  # noqa: F401


def test_opening_a_project_sorts_the_articles_spans_once(make_window) -> None:  # noqa: ANN001
    window = make_window()
    # set_article once; the layers and show-suggestions/rejected settings, applied after it, were
    # three more whole rebuilds (at 10,000 spans, each as costly as the first)
    assert window.view.stats["full_rebuilds"] == 1
    shown = set(window.view.visible_span_ids())
    window.view.set_show_suggestions(True)
    window.view.set_show_rejected(False)
    window.view.set_visible_layers(set(window.view._layers))
    assert window.view.stats["full_rebuilds"] == 1 and set(window.view.visible_span_ids()) == shown


def test_a_changed_setting_still_rebuilds_what_is_shown(make_window) -> None:  # noqa: ANN001
    window = make_window()
    suggested = {s.id for s in window.state.spans.values() if s.status == "suggested"}
    assert suggested and suggested <= set(window.view.visible_span_ids())
    window.view.set_show_suggestions(False)
    assert window.view.stats["full_rebuilds"] == 2
    assert not suggested & set(window.view.visible_span_ids())
    window.view.set_show_suggestions(True)
    assert suggested <= set(window.view.visible_span_ids())
