"""Background-work progress in the status bar: what is running, how far, and a Cancel button."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QToolButton, QWidget

from annotator.ui.status_room import WordElidedLabel


class ProgressIndicator(QWidget):
    cancelRequested = Signal()
    queueRequested = Signal()  # the Jobs button: the running and queued work, one at a time (misc12)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # cut at a word's end with "…" when the bar is short of room, never mid-word (usertest24p L2)
        self.label = WordElidedLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setMaximumWidth(160)
        self.bar.setMaximumHeight(14)
        self.bar.setTextVisible(False)
        self.cancel = QToolButton(self)
        self.cancel.setText("Cancel")
        self.cancel.setAutoRaise(True)
        self.cancel.setToolTip("Stop this work (Ctrl+.) — what is already saved stays saved")
        self.cancel.clicked.connect(self.cancelRequested)
        self.queue = QToolButton(self)
        self.queue.setText("Jobs…")
        self.queue.setAutoRaise(True)
        self.queue.setToolTip("The running and queued work: cancel or drop one of them alone (Ctrl+Shift+J)")
        self.queue.clicked.connect(self.queueRequested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.queue)
        layout.addWidget(self.cancel)
        self.hide()

    def show_progress(self, done: int, total: int, text: str) -> None:
        """``total`` 0, or nothing done yet: a busy bar (e.g. while the pipeline loads)."""
        if done and total:
            self.bar.setRange(0, total)
            self.bar.setValue(done)
        else:
            self.bar.setRange(0, 0)
        self.label.setText(text)
        self.show()
