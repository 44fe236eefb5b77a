"""File → Import of a file that is not UTF-8: choose its encoding in the window (usertest18 M3).

``annotator import --encoding latin-1`` reads a CSV or text file saved by Excel on Windows; the
window said only "save it as UTF-8 and import that". When the import of one file fails because a
byte is not UTF-8, :func:`ask_encoding` offers the usual single-byte encodings of such files and
shows the first line that is not UTF-8 (where they differ) read with the one chosen, so the
analyst sees which gives the right letters; Import runs the import again with it (as
``--encoding``), Cancel leaves the project as it was (the failed import wrote nothing: one
transaction, rolled back).
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

# (codec, what the analyst reads): Windows-1252 first, the encoding of Excel's "CSV" on Windows in
# Western Europe and the Americas; Latin-1 reads every byte (never refused) but puts control
# characters where Windows-1252 has “ ” ‘ ’ – — € (bytes 0x80-0x9F).
ENCODINGS: tuple[tuple[str, str], ...] = (
    ("cp1252", "Windows-1252 (Western European: Excel on Windows)"),
    ("latin-1", "Latin-1 (ISO-8859-1)"),
    ("iso-8859-15", "Latin-9 (ISO-8859-15, with €)"),
    ("cp1250", "Windows-1250 (Central European)"),
    ("mac_roman", "Mac Roman (older Mac files)"),
)
PREVIEW_CHARS = 300  # of the line shown: enough to find the accented words


@dataclasses.dataclass(frozen=True)
class NotUtf8:
    """The result of an import job whose one file is not UTF-8 (nothing was imported): the file,
    the error's physical line (1-based; 0 when not known) and its message."""

    path: Path
    line: int
    message: str


_LINE = re.compile(r"\(byte (0x[0-9a-f]{2})")


def first_bad_line(path: Path, line: int = 0, *, limit: int = 1_000_000) -> tuple[int, bytes]:
    """The physical line of ``path`` (1-based number, its bytes without the line end) holding the
    first byte that is not UTF-8: line ``line`` when given (the import error's), else the first
    such line among the first ``limit`` lines; (0, b"") when none is found. Reads line by line:
    a large file is not read into memory. Raises OSError when the file cannot be read."""
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, start=1):
            if number > limit:
                break
            if line and number != line:
                continue
            if line:
                return number, raw.rstrip(b"\r\n")
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                return number, raw.rstrip(b"\r\n")
    return 0, b""


def preview(raw: bytes, encoding: str) -> tuple[str, bool]:
    """``raw`` (a line's bytes) read as ``encoding``, cut to :data:`PREVIEW_CHARS` around the
    first byte that is not UTF-8; and whether ``encoding`` reads every byte of it (when not, the
    undecodable ones are shown as U+FFFD)."""
    try:
        text, ok = raw.decode(encoding), True
    except UnicodeDecodeError:
        text, ok = raw.decode(encoding, errors="replace"), False
    try:
        raw.decode("utf-8")
        at = 0
    except UnicodeDecodeError as exc:
        at = len(raw[:exc.start].decode(encoding, errors="replace"))
    start = max(0, min(at - PREVIEW_CHARS // 3, len(text) - PREVIEW_CHARS))
    cut = text[start:start + PREVIEW_CHARS]
    return ("…" if start else "") + cut + ("…" if start + PREVIEW_CHARS < len(text) else ""), ok


class EncodingDialog(QDialog):
    """Which encoding to import ``problem.path`` with (see the module docstring)."""

    def __init__(self, problem: NotUtf8, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import: the file is not UTF-8")
        self.setModal(True)
        try:
            self._number, self._raw = first_bad_line(problem.path, problem.line)
        except OSError:
            self._number, self._raw = 0, b""
        byte = _LINE.search(problem.message)
        where = f" (byte {byte.group(1)} on line {problem.line})" if byte and problem.line else ""
        layout = QVBoxLayout(self)
        intro = QLabel(f"“{problem.path.name}” cannot be read as UTF-8{where}: it was saved in another "
                       "encoding. Import it as:")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.combo = QComboBox()
        self.combo.setObjectName("encoding")
        for codec, words in ENCODINGS:
            self.combo.addItem(words, codec)
        intro.setBuddy(self.combo)
        layout.addWidget(self.combo)
        self.heading = QLabel()
        layout.addWidget(self.heading)
        self.preview = QLabel()
        self.preview.setObjectName("preview")
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setStyleSheet("padding: 6px; border: 1px solid palette(mid);")
        layout.addWidget(self.preview)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton("&Import", QDialogButtonBox.ButtonRole.AcceptRole)
        # Enter imports: Cancel (an auto-default button, the box's first) would take the default
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAutoDefault(False)
        self.import_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.combo.currentIndexChanged.connect(self._show)
        self._show()
        self.resize(560, self.sizeHint().height())

    def encoding(self) -> str:
        return str(self.combo.currentData())

    def _show(self) -> None:
        words = self.combo.currentText().split(" (")[0]
        if not self._raw:
            self.heading.setText(f"Read as {words}:")
            self.preview.setText("(the line could not be read back to show it)")
            self.import_button.setEnabled(True)
            return
        text, ok = preview(self._raw, self.encoding())
        self.heading.setText(f"Line {self._number}, the first that is not UTF-8, read as {words} — check its letters:")
        self.preview.setText(text if ok else f"{text}\n\n{words} cannot read this line (shown as �): choose another.")
        self.import_button.setEnabled(ok)


def ask_encoding(parent: QWidget | None, problem: NotUtf8) -> str | None:
    """Show :class:`EncodingDialog`; the codec chosen, or None when cancelled."""
    dialog = EncodingDialog(problem, parent)
    try:
        return dialog.encoding() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()
