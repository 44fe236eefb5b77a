"""Room in the status bar for a whole message (usertest20 L4).

``QStatusBar`` draws a temporary message in what its permanent widgets leave and cuts it there:
at the window's first size (1380 px under Xvfb) File → Import's "Imported 3 new articles (0
already there), 0 sp…" ended at the "Target: none (Shift+T)" field. The whole line was only in
the bar's tooltip. :class:`MessageRoom` hides the permanent widgets it is given (the ones that
say a state the analyst can read again a few seconds later: the current stance target, the
pipeline names), in their order, while a message wider than the room shows, and shows them again
once the message is gone (its timeout, the next message that fits without them).

ui24 (usertest21 L4): the room is looked at again when the bar's other widgets change while the
message shows: File → Import's summary was said, then the pre-annotation's indicator (its line,
bar, Jobs…, Cancel) appeared and cut it to "Imported 130 new articles (0 al" beside a Target field
that was not hidden. Whatever still does not fit is in the bar's tooltip and the jobs menu's
"Lately".

ui28 (usertest23 L1): what still did not fit was cut at the room's edge, mid-word and with no
sign that more followed ("…, 0 spans, 0 r" beside the pre-annotation's indicator; the launch line
"…62 suggestions, 62" at 1380 px). :class:`ElidingStatusBar` draws such a message elided in the
middle ("Imported 1669 new articles (0 alre…rged in), 0 spans, 0 relations"), so its start and its
end (the counts) both show, and says it with :attr:`ElidingStatusBar.cut`: the window keeps the
whole line in the jobs menu's "Lately" (Ctrl+Shift+J) as well as the bar's tooltip.

ui30 (usertest24p L2): the running work's indicator beside such a message had its own line cut
mid-word at 1380 px ("Loading the language pi", "Indexing imported articl"): its label is a
:class:`WordElidedLabel`, cut at a word's end with "…", the whole line in its tooltip.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QSizeGrip, QSizePolicy, QStatusBar, QStyle, QStyleOption, QWidget

#: px between the bar's message and its first permanent widget (the message is drawn a few px in)
MESSAGE_MARGIN = 8


class MessageRoom(QObject):
    """Makes room in ``bar`` for each temporary message by hiding ``yielding`` (permanent
    widgets of ``bar`` whose visibility nothing else sets), first to last, only as many as the
    message needs; they come back when the message goes."""

    def __init__(self, bar: QStatusBar, yielding: Sequence[QWidget], *, keeps: Callable[[str], bool] | None = None,
                 work: Sequence[WordElidedLabel] = ()) -> None:
        """``keeps(text)``: a message beside which nothing yields (fix34, usertest28 M1: the
        pre-annotation's busy-file line, said again as its count changes, hid the pipeline and
        Target fields for as long as the file was busy); it is elided in the middle instead
        (:class:`ElidingStatusBar`), whole in the bar's tooltip.

        ``work``: the lines of running work (permanent widgets' labels). usertest30 L5: at 800 px
        the token preparation's "Preparing tokens for exports: 0 of 1,185" showed as "Preparing…"
        beside the Target and pipeline fields; those yield to a work line cut short too, and come
        back once the bar has their room again (:meth:`fit_work`)."""
        super().__init__(bar)
        self._bar = bar
        self._yielding = list(yielding)
        self._keeps = keeps
        self._hidden: list[QWidget] = []
        self._work = list(work)
        self._work_hidden: list[QWidget] = []  # hidden for a work line, first hidden first
        bar.messageChanged.connect(self._message_changed)
        bar.installEventFilter(self)  # a permanent widget shown or hidden: the bar's layout asks again

    @property
    def hidden(self) -> list[QWidget]:
        """The widgets hidden for the message shown now."""
        return list(self._hidden)

    def room(self) -> int:
        """px the message has: up to the leftmost visible permanent widget, as the bar lays them out now."""
        bar = self._bar
        layout = bar.layout()
        if layout is not None:
            layout.activate()  # the geometry of what was just hidden or shown, not the last paint's
        lefts = [w.geometry().left() for w in bar.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
                 if w.isVisibleTo(bar) and not w.isWindow()]
        return (min(lefts) if lefts else bar.contentsRect().right()) - MESSAGE_MARGIN

    def _message_changed(self, text: str) -> None:
        for widget in self._hidden:  # the last message's room back first: this one may need less
            if widget not in self._work_hidden:
                widget.show()
        self._hidden = []
        self._fit(text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self._bar and event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Resize):
            if self._work:
                self.fit_work()
            if event.type() == QEvent.Type.LayoutRequest and self._bar.currentMessage():
                # only hides (never shows): what it hides asks for a layout again, and finds the room made
                self._fit(self._bar.currentMessage())
        return super().eventFilter(watched, event)

    @property
    def work_hidden(self) -> list[QWidget]:
        """The widgets hidden now for a work line's room."""
        return list(self._work_hidden)

    def fit_work(self) -> None:
        """Hide the yielding widgets, in order, while a shown work line is drawn shortened; show
        them back, the last hidden first, when the bar's free room holds one again."""
        bar = self._bar
        layout = bar.layout()
        lines = [label for label in self._work if label.text() and label.isVisibleTo(bar)]
        if layout is not None:
            layout.activate()
        for widget in self._yielding:
            if not any(label.shown_text() != label.text() for label in lines):
                break
            if widget.isVisibleTo(bar) and widget not in self._hidden:
                widget.hide()
                self._work_hidden.append(widget)
                if layout is not None:
                    layout.activate()
        spacing = max(0, layout.spacing() if layout is not None else 0) + MESSAGE_MARGIN
        while self._work_hidden:
            widget = self._work_hidden[-1]
            message = bar.fontMetrics().horizontalAdvance(bar.currentMessage()) if bar.currentMessage() else 0
            cut = any(label.shown_text() != label.text() for label in lines)
            if lines and (cut or self.room() - message < widget.sizeHint().width() + spacing):
                break
            self._work_hidden.pop()
            widget.show()
            if layout is not None:
                layout.activate()

    def _fit(self, text: str) -> None:
        """Hide the yielding widgets still shown, in order, until ``text`` fits (or none is left)."""
        if not text or (self._keeps is not None and self._keeps(text)):
            return
        need = self._bar.fontMetrics().horizontalAdvance(text)
        for widget in self._yielding:
            if need <= self.room():
                break
            if widget.isVisibleTo(self._bar):
                widget.hide()
                self._hidden.append(widget)


#: characters of a word elide_middle_at_words drops at most on either side of the "…" to end on a
#: whole word (a longer word, a path, is cut as Qt cuts it)
WORD_SNAP = 24


def elide_middle_at_words(text: str, metrics: QFontMetrics, width: int) -> str:
    """``text`` elided in the middle to ``width`` px, the "…" between whole words: Qt's own
    middle elision cut a word on each side ("skipped (first…lumn 2); each line", ui32's
    screenshot); here the part before ends at a word's end and the part after starts at a word's
    start, " … " between ("skipped (first: … each line"), unless that drops more than
    :data:`WORD_SNAP` characters of a word on a side. ``text`` when it fits."""
    if metrics.horizontalAdvance(text) <= width:
        return text
    elided = metrics.elidedText(text, Qt.TextElideMode.ElideMiddle, width)
    head, sep, tail = elided.partition("…")
    if not (sep and head and tail and text.startswith(head) and text.endswith(tail)):
        return elided
    start = len(text) - len(tail)
    if text[len(head)] != " " and not head.endswith(" "):  # the head ends inside a word
        space = head.rfind(" ")
        if 0 < space and len(head) - space <= WORD_SNAP:
            head = head[:space]
    if text[start - 1] != " " and not tail.startswith(" "):  # the tail starts inside a word
        space = tail.find(" ")
        if 0 <= space < WORD_SNAP and tail[space + 1:]:
            tail = tail[space + 1:]
    head, tail = head.rstrip(" "), tail.lstrip(" ")
    snapped = f"{head} … {tail}" if head and tail else elided
    return snapped if metrics.horizontalAdvance(snapped) <= width else elided


class ElidingStatusBar(QStatusBar):
    """A status bar that elides a temporary message too wide for its room in the middle (Qt's own
    cuts it at the room's edge, mid-word), and emits :attr:`cut` with the whole text the first
    time it is shown elided (once per message; again when the same text is said again later).

    The room is Qt's (``QStatusBarPrivate::messageRect``, Qt 6 qstatusbar.cpp): from 6 px to 2 px
    before the leftmost visible permanent widget (or the size grip, or 12 px from the right edge).
    """

    cut = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._cut_said = ""  # the message last reported by ``cut``
        self.messageChanged.connect(self._forget_cut)

    def _forget_cut(self, text: str) -> None:
        if text != self._cut_said:
            self._cut_said = ""

    def message_rect(self) -> QRect:
        """The rectangle (px, bar coordinates) the temporary message is drawn in."""
        left, right = 6, self.width() - 12
        children = [w for w in self.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
                    if w.isVisibleTo(self) and not w.isWindow()]
        for grip in children:
            if isinstance(grip, QSizeGrip):
                right = min(right, grip.x())
        lefts = [w.x() for w in children if not isinstance(w, QSizeGrip)]
        if lefts:  # while a message shows, the bar's visible widgets are its permanent ones
            right = min(right, min(lefts) - 2)
        return QRect(left, 0, max(0, right - left), self.height())

    def shown_text(self, room: QRect | None = None) -> str:
        """The message as drawn now: whole, or elided in the middle to the width of ``room``
        (default :meth:`message_rect`)."""
        text = self.currentMessage()
        if not text:
            return ""
        width = (room if room is not None else self.message_rect()).width()
        if self.fontMetrics().horizontalAdvance(text) <= width:
            return text
        return elide_middle_at_words(text, self.fontMetrics(), width)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        text = self.currentMessage()
        if not text:
            super().paintEvent(event)
            return
        # QStatusBar::paintEvent, with the message elided instead of clipped
        painter = QPainter(self)
        opt = QStyleOption()
        opt.initFrom(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_PanelStatusBar, opt, painter, self)
        for widget in self.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if widget.isVisible() and not widget.isWindow() and not isinstance(widget, QSizeGrip):
                item = QStyleOption()
                item.rect = widget.geometry().adjusted(-2, -1, 2, 1)
                item.palette = self.palette()
                item.state = QStyle.StateFlag.State_None
                self.style().drawPrimitive(QStyle.PrimitiveElement.PE_FrameStatusBarItem, item, painter, widget)
        room = self.message_rect()
        shown = self.shown_text(room)
        painter.setPen(self.palette().windowText().color())
        flags = int(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter) | int(Qt.TextFlag.TextSingleLine)
        painter.drawText(room, flags, shown)
        painter.end()
        if shown != text and self._cut_said != text:
            self._cut_said = text
            self.cut.emit(text)


class KeptLine(QObject):
    """ui32: a status-bar line said until replaced (a result, :meth:`annotator.ui.session.Session.tell`,
    or any message said with no timeout) is not lost to a menu's status tips.

    ``QMainWindow`` shows the status tip of each menu entry the pointer or the arrow keys pass
    over, and an entry without one (most of ours) clears the bar: an analyst who opened the File
    menu after an import lost its summary ("Imported 84 articles …; 3 skipped: …") without any
    message replacing it. Here an empty status tip gives the bar the kept line back instead; a
    tip with text shows as before. The line is forgotten when a timed message replaces it, or
    when the bar is cleared (another project shown)."""

    def __init__(self, window: QWidget, bar: QStatusBar) -> None:
        super().__init__(window)
        self._bar = bar
        self._kept = ""
        bar.messageChanged.connect(self._changed)
        window.installEventFilter(self)

    @property
    def kept(self) -> str:
        """The line the bar gives back after a status tip ("" for none)."""
        return self._kept

    def said(self, text: str, ms: int) -> None:
        """A message was said for ``ms`` (0: until replaced, kept)."""
        self._kept = text if ms == 0 else ""

    def _changed(self, text: str) -> None:
        if not text:  # cleared: a timed message's end, clearMessage() (another project shown)
            self._kept = ""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.StatusTip and self._kept:
            tip = event.tip() if hasattr(event, "tip") else ""
            if not tip:  # an entry with no tip, or the menu closed: the kept line, not an empty bar
                if self._bar.currentMessage() != self._kept:
                    self._bar.showMessage(self._kept)
                return True
        return super().eventFilter(watched, event)


#: characters a line may end on before the "…" that would read as a cut sign of their own
_TRAILING = " ,;:—–-·(/"


def elide_at_word(text: str, metrics: QFontMetrics, width: int) -> str:
    """``text`` if it fits ``width`` px in ``metrics``; else its longest start that ends at a word's
    end followed by "…" ("Loading the language…", never "Loading the language pi": usertest24p
    L2), punctuation and dashes before the "…" left out; when not even the first word fits, Qt's
    own right elision (cut inside that word, "…" shown)."""
    if metrics.horizontalAdvance(text) <= width:
        return text
    ends = [i for i in range(1, len(text)) if text[i] == " " and text[i - 1] != " "]
    for end in reversed(ends):
        head = text[:end].rstrip(_TRAILING)
        if head and metrics.horizontalAdvance(head + "…") <= width:
            return head + "…"
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)


class WordElidedLabel(QLabel):
    """A one-line label that, given less width than its text needs (a status bar's permanent
    widget beside a long message, a 1380 px window), draws the text cut at a word's end with "…"
    (:func:`elide_at_word`) instead of clipping it mid-word; its tooltip is the whole text.
    :meth:`text` stays the whole text. It may shrink to its first word and "…"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        self.setToolTip(text)
        self.updateGeometry()

    def shown_text(self) -> str:
        """The text as drawn at the label's width now."""
        return elide_at_word(self.text(), self.fontMetrics(), self.contentsRect().width())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().minimumSizeHint()
        first = self.text().split(" ", 1)[0]
        short = self.fontMetrics().horizontalAdvance(first + "…") + self.contentsMargins().left() + self.contentsMargins().right()
        return QSize(min(hint.width(), short), hint.height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        shown = self.shown_text()
        if shown == self.text():
            super().paintEvent(event)
            return
        painter = QPainter(self)
        painter.setPen(self.palette().windowText().color())
        painter.drawText(self.contentsRect(), int(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
                         | int(Qt.TextFlag.TextSingleLine), shown)
        painter.end()
