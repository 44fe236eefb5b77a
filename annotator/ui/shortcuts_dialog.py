"""Help → Keyboard shortcuts: rendered from the action table with the analyst's current keys."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from annotator.ui.actions import render_html


class ShortcutsDialog(QDialog):
    def __init__(self, overrides: Mapping[str, tuple[str, ...]], label_names: Mapping[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(680, 640)
        self.browser = QTextBrowser(self)
        self.browser.setHtml(
            "<p>Every edit is saved as you make it. Drag to select text (whole tokens; hold Alt for exact "
            "characters), click a span to select it, right-click for labels and links.</p>"
            + render_html(overrides, label_names)
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
