"""Preferences: the analyst's name (recorded on every decision) and a key for every action."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QKeySequenceEdit,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.ui.actions import ACTIONS, keys_for
from annotator.ui.settings import Settings


class PreferencesDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None, *, titles: dict[str, str] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.resize(720, 620)
        self._settings = settings
        overrides = settings.shortcut_overrides()
        self.name = QLineEdit(settings.analyst() or settings.default_analyst(), self)
        self.name.setPlaceholderText("Your name, as recorded on each decision")
        self.theme = QComboBox(self)
        for value, text in (("light", "Light"), ("dark", "Dark"), ("system", "System")):
            self.theme.addItem(text, value)
        i = self.theme.findData(str(settings.value("view/theme", "light")))
        self.theme.setCurrentIndex(max(i, 0))
        form = QFormLayout()
        form.addRow("Analyst name", self.name)
        form.addRow("Theme", self.theme)

        self.table = QTableWidget(len(ACTIONS), 3, self)
        self.table.setHorizontalHeaderLabels(["Action", "Key", "Also"])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.editors: dict[str, tuple[QKeySequenceEdit, tuple[str, ...]]] = {}
        for row, spec in enumerate(ACTIONS):
            keys = keys_for(spec, overrides)
            item = QTableWidgetItem((titles or {}).get(spec.id, spec.plain_text))
            item.setToolTip(spec.help)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(row, 0, item)
            edit = QKeySequenceEdit(QKeySequence(keys[0]) if keys else QKeySequence(), self.table)
            edit.setMaximumSequenceLength(1)
            self.table.setCellWidget(row, 1, edit)
            also = QTableWidgetItem(", ".join(keys[1:]))
            also.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(row, 2, also)
            self.editors[spec.id] = (edit, keys[1:])
        reset = QPushButton("Reset keys to defaults", self)
        reset.clicked.connect(self.reset_keys)
        self.conflicts = QLabel(self)
        self.conflicts.setStyleSheet("color: #c0392b")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Keyboard shortcuts (click a key, then press the new one):", self))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.conflicts)
        layout.addWidget(reset, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(buttons)

    def reset_keys(self) -> None:
        for spec in ACTIONS:
            edit, _ = self.editors[spec.id]
            edit.setKeySequence(QKeySequence(spec.keys[0]) if spec.keys else QKeySequence())
            self.editors[spec.id] = (edit, spec.keys[1:])

    def chosen_keys(self) -> dict[str, tuple[str, ...]]:
        out = {}
        for spec in ACTIONS:
            edit, also = self.editors[spec.id]
            main = edit.keySequence().toString(QKeySequence.SequenceFormat.PortableText)
            out[spec.id] = tuple(k for k in (main, *also) if k)
        return out

    def accept(self) -> None:
        keys = self.chosen_keys()
        seen: dict[str, str] = {}
        clashes = []
        for action_id, sequences in keys.items():
            for seq in sequences:
                if seq in seen:
                    clashes.append(f"{seq} is used by both '{_text(seen[seq])}' and '{_text(action_id)}'")
                seen[seq] = action_id
        if clashes:
            self.conflicts.setText("; ".join(clashes) + ". Give one of them another key.")
            return
        overrides = {spec.id: keys[spec.id] for spec in ACTIONS if keys[spec.id] != spec.keys}
        self._settings.set_shortcut_overrides(overrides)
        self._settings.set_analyst(self.name.text().strip() or self._settings.default_analyst())
        self._settings.set_value("view/theme", self.theme.currentData())
        super().accept()


def _text(action_id: str) -> str:
    return next(s.plain_text for s in ACTIONS if s.id == action_id)
