"""The article's QTextDocument: how it is built and where its characters are.

Built once per article, with undo disabled, and only ever *formatted* as a whole (line spacing,
margins, the headline) — spans are never written into it. Positions here are Qt's UTF-16
positions; :class:`annotator.domain.offsets.OffsetMap` converts them, in the view.

Geometry helpers work on the document's own layout (document coordinates, before scrolling):
``line_rects`` gives a range's per-line rectangles, ``position_at_y`` bisects blocks and lines
to find what is at a given height, so the view can look at the visible part only.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont, QTextBlock, QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument, QTextFormat
from PySide6.QtWidgets import QWidget


# QTextDocument.setPlainText drops a leading byte-order mark, U+FEFF or its byte-swapped U+FFFE
# (one of them, only at position 0), which would shift every later offset by one.
DROPPED_AT_START = ("\ufeff", "\ufffe")
BOM_PLACEHOLDER = "\u25cc"  # DOTTED CIRCLE: one UTF-16 unit, visible, so a span over the mark can be seen


def display_text(text: str) -> str:
    """The text as the document shows it: one UTF-16 position per UTF-16 unit of ``text``.

    QTextDocument folds CRLF into one paragraph break, which would shift every later offset;
    the CR is shown as a space instead. Lone CR, LF, U+2028 and U+2029 each stay one position.
    A leading U+FEFF / U+FFFE, which Qt drops, is shown as :data:`BOM_PLACEHOLDER`.
    """
    if text.startswith(DROPPED_AT_START):
        text = BOM_PLACEHOLDER + text[1:]
    return text.replace("\r\n", " \n")


def build_document(text: str, font: QFont, *, parent: QWidget, title: str = "") -> tuple[QTextDocument, bool]:
    """A new document showing ``text``; returns it and whether its first line is ``title``
    (then set as a headline; it stays part of the text)."""
    doc = QTextDocument(parent)
    doc.setUndoRedoEnabled(False)
    doc.setDefaultFont(font)
    doc.setPlainText(display_text(text))
    return doc, style_headline(doc, title)


def first_text_block(doc: QTextDocument, *, within: int = 5) -> QTextBlock:
    block = doc.firstBlock()
    while block.isValid() and not block.text().strip() and block.blockNumber() < within:
        block = block.next()
    return block


def style_headline(doc: QTextDocument, title: str) -> bool:
    block = first_text_block(doc)
    if not (title and block.isValid() and block.text().strip() == title):
        return False
    fmt = QTextCharFormat()
    fmt.setFontWeight(QFont.Weight.Bold)
    fmt.setProperty(QTextFormat.Property.FontSizeAdjustment, 2)
    cursor = QTextCursor(block)
    cursor.select(QTextCursor.SelectionType.BlockUnderCursor)
    cursor.mergeCharFormat(fmt)
    block_format = QTextBlockFormat()
    block_format.setBottomMargin(6)
    cursor.mergeBlockFormat(block_format)
    return True


def set_line_spacing(doc: QTextDocument, extra: float) -> None:
    """Leave ``extra`` pixels under every line (for the bar slots); blank lines before the first
    text (common in scraped articles) take almost no room."""
    fmt = QTextBlockFormat()
    fmt.setLineHeight(extra, QTextBlockFormat.LineHeightTypes.LineDistanceHeight.value)
    cursor = QTextCursor(doc)
    cursor.setPosition(0)
    cursor.setPosition(doc.characterCount() - 1, QTextCursor.MoveMode.KeepAnchor)
    cursor.mergeBlockFormat(fmt)
    blank = QTextBlockFormat()
    blank.setLineHeight(2, QTextBlockFormat.LineHeightTypes.FixedHeight.value)
    block = doc.firstBlock()
    while block.isValid() and block.next().isValid() and not block.text().strip():
        QTextCursor(block).mergeBlockFormat(blank)
        block = block.next()


def set_margins(doc: QTextDocument, *, side: float, top: float, bottom: float) -> None:
    frame = doc.rootFrame().frameFormat()
    frame.setLeftMargin(side)
    frame.setRightMargin(side)
    frame.setTopMargin(top)
    frame.setBottomMargin(bottom)
    doc.rootFrame().setFrameFormat(frame)


def line_rects(doc: QTextDocument, start: int, end: int) -> list[QRectF]:
    """Rectangles of UTF-16 range ``[start, end)``, one per line it touches (document coords)."""
    doc_layout = doc.documentLayout()
    rects: list[QRectF] = []
    block = doc.findBlock(start)
    while block.isValid() and block.position() < end:
        doc_layout.blockBoundingRect(block)  # makes sure the block is laid out
        layout = block.layout()
        origin = layout.position()
        base = block.position()
        lo = max(start, base) - base
        hi = min(end, base + block.length() - 1) - base
        if hi > lo and layout.lineCount():
            first = layout.lineForTextPosition(lo).lineNumber()
            for i in range(max(first, 0), layout.lineCount()):
                line = layout.lineAt(i)
                ls = line.textStart()
                if ls >= hi:
                    break
                a, b = max(lo, ls), min(hi, ls + line.textLength())
                if b <= a:
                    continue
                x1 = line.cursorToX(a)[0]
                x2 = line.cursorToX(b)[0]
                rects.append(QRectF(origin.x() + min(x1, x2), origin.y() + line.y(), abs(x2 - x1), line.height()))
        block = block.next()
    return rects


def position_at_y(doc: QTextDocument, y: float, *, last: bool) -> int:
    """UTF-16 position of the start (or the end, ``last``) of the line at document height ``y``:
    bisects blocks, then the block's lines, so it is O(log n) however long the paragraphs."""
    doc_layout = doc.documentLayout()
    lo, hi = 0, doc.blockCount() - 1
    while lo < hi:  # the first block whose bottom is below y
        mid = (lo + hi) // 2
        if doc_layout.blockBoundingRect(doc.findBlockByNumber(mid)).bottom() <= y:
            lo = mid + 1
        else:
            hi = mid
    block = doc.findBlockByNumber(lo)
    layout = block.layout()
    n = layout.lineCount()
    if n == 0:
        return block.position() + (block.length() - 1 if last else 0)
    top = layout.position().y()
    i, j = 0, n - 1
    while i < j:
        mid = (i + j) // 2
        line = layout.lineAt(mid)
        if top + line.y() + line.height() <= y:
            i = mid + 1
        else:
            j = mid
    line = layout.lineAt(i)
    pos = block.position() + line.textStart() + (line.textLength() if last else 0)
    return min(pos, doc.characterCount() - 1)
