"""Screenshots of the stance pickers over the seed article, written to docs/screenshots/
(``stance-target-picker.png``: the target picker open on a quote; ``article-stances.png``: the
Article panel with a quote's stance and an article-level one). Look at them after changing the UI."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication

from annotator.domain import project_lists
from annotator.domain.model import Status
from annotator.ui.theme import apply_theme
from tests.ui.test_linking import Inputs
from tests.ui.test_window_screenshots import OUT, _changed, _seed_project
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

K = Qt.Key


def _save(window, name: str, qtbot) -> None:  # noqa: ANN001
    for widget in [*window.legend.buttons.values(), window.view.text_widget()]:  # nothing caught hovered
        widget.setAttribute(Qt.WidgetAttribute.WA_UnderMouse, False)
        QApplication.sendEvent(widget, QEvent(QEvent.Type.Leave))
    qtbot.wait(30)
    OUT.mkdir(parents=True, exist_ok=True)
    target = OUT / name
    image = window.grab().toImage()
    if _changed(image, target, tolerance=400):  # leave the file alone for a caret blink
        assert image.save(str(target))
    assert target.stat().st_size > 20_000


def test_stance_screenshots(make_window, tmp_path, qtbot, monkeypatch, app_look_kept) -> None:  # noqa: ANN001
    import types

    import annotator.storage.project as storage
    import annotator.ui.window as window_module

    import itertools

    ticks = itertools.count()  # a fixed clock that still moves: stances keep the order they were made in
    monkeypatch.setattr(storage, "now", lambda: f"2026-05-04T14:02:31.{next(ticks) % 1000:03d}+00:00")
    monkeypatch.setattr(window_module, "time", types.SimpleNamespace(strftime=lambda _fmt: "14:02:31"))
    app = QApplication.instance()
    flash = app.cursorFlashTime()
    app.setCursorFlashTime(0)
    apply_theme(app, "light")  # as the seed screenshots: the same picture whatever ran before
    try:
        project = _seed_project(tmp_path / "default.db")
        for name, kind, key in (("Russia sanctions", "topic", "r"), ("NATO expansion", "topic", "n"), ("Vladimir Putin", "entity", "p")):
            project.apply(project_lists.add_target(project.targets(), name, kind=kind, key=key), by="lead")
        window = make_window(project)
        window.resize(1440, 900)
        quotes = sorted((s for s in window.state.spans.values() if s.label == "QUOTE" and s.status != Status.REJECTED),
                        key=lambda s: s.start)
        linked = [q for q in quotes if any(r.head == q.id and r.label == "SPEAKER" for r in window.state.relations.values())]
        quote = (linked or quotes)[0]
        window.select_span(quote.id)
        window.view.scroll_to_span(quote.id)
        inputs = Inputs(qtbot, window)
        inputs.key(K.Key_T, Qt.KeyboardModifier.ShiftModifier)
        assert window.target_chooser.picker.isVisible()
        _save(window, "stance-target-picker.png", qtbot)
        inputs.key("r")  # Russia sanctions, by its key
        window.select_span(quote.id)
        inputs.key(K.Key_G)
        assert window.state.stance_list(), window.statusBar().currentMessage()
        # an article-level stance: Ctrl+Shift+T, the first holder, the current target, F
        inputs.key(K.Key_T, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        inputs.key(K.Key_1)
        inputs.key(K.Key_Return)
        inputs.key(K.Key_N)
        assert len(window.state.stance_list()) == 2
        window.select_span(quote.id)
        _save(window, "article-stances.png", qtbot)
    finally:
        app.setCursorFlashTime(flash)
