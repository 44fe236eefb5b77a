"""Screenshots of the seed article in light and dark theme, written to docs/screenshots/.

Uses the trained pipeline's real suggestions when it is installed (else the fake ones), accepts a
few, selects a quote, and grabs the whole window. Look at the PNGs after changing the UI.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.domain.model import Status
from annotator.domain.provenance import import_file
from annotator.storage.project import Project
from annotator.storage.sample import create_sample_project
from annotator.ui.theme import apply_theme
from tests.ui.test_window_support import fake_suggester, make_window, no_modals  # noqa: F401

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _seed_project(path: Path) -> Project:
    project = create_sample_project(path)
    try:
        from annotator.nlp.pipeline import load_pipeline
        from annotator.nlp.runner import suggest_article

        pipeline = load_pipeline(None)
        suggest = lambda text: suggest_article(pipeline, text, schema_ner_map=project.schema.ner_map)  # noqa: E731
    except Exception:  # noqa: BLE001 - no spaCy: the fake suggestions still make a picture
        suggest = lambda text: fake_suggester(None, text)  # noqa: E731
    for article_id in project.article_ids():
        project.add_suggestions(article_id, suggest(project.article(article_id).text))
    return project


def _changed(image, path: Path, tolerance: int = 64) -> bool:  # noqa: ANN001
    """Whether ``image`` differs from the PNG at ``path`` in more than ``tolerance`` pixels."""
    import numpy as np
    from PySide6.QtGui import QImage

    old = QImage(str(path))
    if old.isNull() or old.size() != image.size():
        return True
    a, b = (img.convertToFormat(QImage.Format.Format_RGB32) for img in (old, image))
    pa = np.frombuffer(a.constBits(), dtype=np.uint32, count=a.width() * a.height())
    pb = np.frombuffer(b.constBits(), dtype=np.uint32, count=b.width() * b.height())
    return int((pa != pb).sum()) > tolerance


def save_widget(widget, name: str, *, min_bytes: int, out: Path = OUT) -> Path:  # noqa: ANN001
    """Grab ``widget`` into ``out/name`` (default the docs' screenshots) unless it matches the PNG
    there (400 pixels of leeway for font hinting); the file must be at least ``min_bytes`` (an
    empty grab is a few hundred). A grab showing corpus text (PolNeAR, FNC-1) goes to a test's
    temporary folder, never into the project: ../shared stays the only home of that data."""
    QApplication.processEvents()
    target = out / name
    out.mkdir(parents=True, exist_ok=True)
    image = widget.grab().toImage()
    if _changed(image, target, tolerance=400):
        assert image.save(str(target))
    assert target.stat().st_size > min_bytes
    return target


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_seed_screenshot(theme, make_window, tmp_path, qtbot, monkeypatch, app_look_kept) -> None:  # noqa: ANN001
    # fixed clocks: the picture changes only when the UI does
    import types

    import annotator.storage.project as storage
    import annotator.ui.window as window_module

    monkeypatch.setattr(storage, "now", lambda: "2026-05-04T14:02:31.000+00:00")
    monkeypatch.setattr(window_module, "time", types.SimpleNamespace(strftime=lambda _fmt: "14:02:31"))
    app = QApplication.instance()
    flash = app.cursorFlashTime()
    app.setCursorFlashTime(0)  # a steady caret, not one caught mid-blink
    apply_theme(app, theme)
    try:
        window = make_window(_seed_project(tmp_path / "default.db"))
        window.resize(1440, 900)
        first = window.state.article
        if import_file(first.meta) != "seed-article.txt":  # fix41: the import's file is under meta["_import"]
            pytest.skip("no ../shared/data/seed-article.txt: the screenshots show the seed article")
        # review the top of the article: accept three suggestions, reject one, select a quote
        for _ in range(3):
            window.step_suggestion(1)
            window.accept_selected()
        window.reject_selected()
        quotes = [s for s in window.state.spans.values() if s.label == "QUOTE" and s.status == Status.SUGGESTED]
        if quotes:
            # the first quote whose speaker the pipeline resolved: the details panel has the most to show
            window.select_span(min(quotes, key=lambda s: (not s.attrs.get("speaker_ref"), s.start)).id)
        window.view.scroll_to_span(window.state.pending()[0].id)
        window.view.text_widget().verticalScrollBar().setValue(0)
        from PySide6.QtCore import QEvent

        for widget in [*window.legend.buttons.values(), window.view.text_widget()]:  # nothing caught hovered
            widget.setAttribute(Qt.WidgetAttribute.WA_UnderMouse, False)
            QApplication.sendEvent(widget, QEvent(QEvent.Type.Leave))
        qtbot.wait(50)
        OUT.mkdir(parents=True, exist_ok=True)
        target = OUT / f"seed-{theme}.png"
        image = window.grab().toImage()
        if _changed(image, target):  # leave the file alone for a caret blink
            assert image.save(str(target))
        assert target.stat().st_size > 20_000
    finally:  # the theme: app_look_kept puts back the look the test found
        app.setCursorFlashTime(flash)
