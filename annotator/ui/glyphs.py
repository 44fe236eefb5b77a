"""Characters no installed font can draw, and how to name them to the analyst.

Qt already falls back, character by character, to any installed font that has a glyph (through
fontconfig on Linux; 😄 is drawn from DejaVu Sans when the reading font, DejaVu Serif, lacks it;
an emoji font, when installed, is preferred for emoji). Where no font at all has the glyph, Qt
draws an empty box (usertest10g: the sample's 🌊 under Xvfb). The text is not damaged, and its
offsets do not change: the box stands for one character of the article, which the view names
when the pointer is on it (:func:`describe`), and the window counts on opening the article.

Only characters that would show a box are reported: controls, format characters (ZWJ, tags,
bidi marks), separators and variation selectors are invisible by design, never boxes.
"""

from __future__ import annotations

import html
import re
import unicodedata

from PySide6.QtCore import QEvent, QObject, QPoint
from PySide6.QtGui import QFont, QFontMetricsF, QHelpEvent, QTextCursor
from PySide6.QtWidgets import QTextEdit, QToolTip

# General categories never drawn as a glyph of their own (Cc controls, Cf format characters such as
# ZWJ, soft hyphen and tags, Z* separators, Cs lone surrogates).
_INVISIBLE = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Cs"})
# Default-ignorable marks: variation selectors (emoji/text presentation), the combining grapheme joiner.
_IGNORABLE = re.compile("[\u034f\u180b-\u180f\ufe00-\ufe0f\U000e0100-\U000e01ef]")


def _drawn(char: str, metrics: QFontMetricsF) -> bool:
    if ord(char) < 0x7F or unicodedata.category(char) in _INVISIBLE or _IGNORABLE.match(char):
        return True
    return metrics.inFontUcs4(ord(char))  # the font with Qt's fallback fonts, as it lays text out


def undrawable(text: str, font: QFont) -> list[int]:
    """Code-point offsets (sorted) of the characters of ``text`` that neither ``font`` nor any
    font Qt falls back to can draw: each shows as an empty box. Distinct characters are looked
    up once, so a long text costs one pass of ``set`` and one of a regular expression."""
    metrics = QFontMetricsF(font)
    missing = sorted(c for c in set(text) if not _drawn(c, metrics))
    if not missing:
        return []
    pattern = re.compile("[" + "".join(re.escape(c) for c in missing) + "]")
    return [m.start() for m in pattern.finditer(text)]


def describe(char: str) -> str:
    """``char`` named for the analyst: "U+1F30A WATER WAVE" (the code point and its Unicode name;
    "U+E000 private use" / "U+0378 unassigned" when it has none)."""
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "")
    if not name:
        category = unicodedata.category(char)
        name = {"Co": "private use", "Cn": "unassigned"}.get(category, category)
    return f"{code} {name}"


def box_note(char: str) -> str:
    """The tooltip (HTML) of an empty box: the character's name on a line of its own, then that
    the text holds it unchanged and what would show it."""
    return (f"<p><nobr><b>{html.escape(describe(char))}</b></nobr><br>"
            "No installed font can draw this character, so it shows as an empty box; the text holds "
            "it unchanged. Installing a font that has it (for emoji: Noto Color Emoji) shows it.</p>")


def boxes_said(text: str, offsets: list[int]) -> str:
    """The status line for an article whose characters at ``offsets`` (code points, from
    :func:`undrawable`) show as empty boxes: short, to fit beside the status bar's right-hand
    items (each box's tooltip names its character). E.g. "Empty box in the text: U+1F30A WATER
    WAVE (no installed font can draw it)", "8 empty boxes: characters no installed font can draw
    (point at one for its name)"."""
    if len(set(text[i] for i in offsets)) == 1:
        count = "Empty box" if len(offsets) == 1 else f"{len(offsets):,} empty boxes"
        return f"{count} in the text: {describe(text[offsets[0]])} (no installed font can draw it)"
    return f"{len(offsets):,} empty boxes: characters no installed font can draw (point at one for its name)"


def box_at(edit: QTextEdit, pos: QPoint) -> str | None:
    """The character no installed font can draw whose box is under ``pos`` (``edit``'s viewport
    coordinates), or None. Works on the document's own text (a grapheme at a time, so a ZWJ
    sequence is one box group); no offsets are converted."""
    near = edit.cursorForPosition(pos).position()
    metrics = QFontMetricsF(edit.document().defaultFont())
    for start in (near - 1, near):  # the nearest position is before or after the character under the pointer
        if start < 0:
            continue
        cursor = QTextCursor(edit.document())
        cursor.setPosition(start)
        if not cursor.movePosition(QTextCursor.MoveOperation.NextCharacter, QTextCursor.MoveMode.KeepAnchor):
            continue
        begin = QTextCursor(cursor)
        begin.setPosition(start)
        left, right = edit.cursorRect(begin), edit.cursorRect(cursor)
        if left.top() != right.top() or not (left.left() <= pos.x() <= right.left() and left.top() <= pos.y() <= left.bottom()):
            continue
        for char in cursor.selectedText():
            if not _drawn(char, metrics):
                return char
    return None


class BoxTooltips(QObject):
    """Names the empty box under the pointer in ``edit`` (its tooltip: :func:`box_note`); any
    other tooltip event goes on as before."""

    def __init__(self, edit: QTextEdit) -> None:
        super().__init__(edit)
        self._edit = edit
        edit.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            char = box_at(self._edit, event.pos())
            if char is not None:
                QToolTip.showText(event.globalPos(), box_note(char), self._edit.viewport())
                return True
        return False
