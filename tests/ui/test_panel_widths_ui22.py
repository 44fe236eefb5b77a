"""usertest20 L5: after a run the Train panel's right edge (Browse…, the Max steps arrows, the
table's After columns) ran under its scroll bar and out of the panel, and beside the panel the
"Most uncertain first" rows read only "uncertainty 0.96–1.0…"."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics

from tests.ui.test_train_dialog import WorseTrainer, _open_dialog, _push, reviewed_window  # noqa: F401
from tests.ui.test_window_support import make_window, no_modals, pump_until  # noqa: F401


class UntrustedTrainer(WorseTrainer):
    """The worse run, scored on 2 held-out articles: the longest Use button text."""


def test_the_panel_stays_as_wide_as_the_dialog_after_a_run(reviewed_window) -> None:  # noqa: ANN001
    dialog = _open_dialog(reviewed_window, UntrustedTrainer())
    panel = reviewed_window.training.panel
    scroll = panel._scroll  # noqa: SLF001
    _push(dialog.start_button)
    pump_until(lambda: not dialog.is_running() and dialog.summary_ready)
    assert "anyway" in dialog.use_button.text()
    # the dialog's least width (now with the long Use button) fits beside the scroll bar
    pump_until(lambda: scroll.viewport().width() >= dialog.minimumSizeHint().width(), timeout=5)
    bar = scroll.verticalScrollBar().sizeHint().width()
    assert scroll.width() >= dialog.minimumSizeHint().width() + bar
    assert dialog.use_button.geometry().right() <= scroll.viewport().width()
    # Close sits beside Start, not beside the long Use button
    assert dialog.close_button.geometry().top() == dialog.start_button.geometry().top()


def test_a_narrow_row_keeps_the_band_and_the_count() -> None:
    from annotator.ui.article_list import meta_line

    metrics = QFontMetrics(QFont())
    unsure = "uncertainty 0.96–1.00 · 3 doubtful"
    rest = ("", "", "139 words")
    wide = meta_line(unsure, rest, metrics, 10_000)
    assert wide == "uncertainty 0.96–1.00 · 3 doubtful · 139 words"
    narrow = meta_line(unsure, rest, metrics, metrics.horizontalAdvance("0.96–1.00 · 3 doubtful · 13"))
    assert narrow == "0.96–1.00 · 3 doubtful · 139 words"  # the caller elides its end
    assert meta_line("", rest, metrics, 10) == "139 words"
