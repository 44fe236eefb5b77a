"""The article list (left): title, publisher, date, status, pending suggestions; filters."""

from __future__ import annotations

import bisect
import collections
import dataclasses
import itertools
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPaintEvent, QPalette, QPen, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.model import ArticleStatus
from annotator.domain.words import article_name, plural
from annotator.storage.project import ArticleSummary
from annotator.ui.row_pixmap import painted_row

SummaryRole = Qt.ItemDataRole.UserRole + 1

STATUS_TEXT = {
    ArticleStatus.NEW: "New",
    ArticleStatus.IN_PROGRESS: "In progress",
    ArticleStatus.DONE: "Done",
    ArticleStatus.REVIEWED: "Reviewed",
}
STATUS_COLOUR = {
    ArticleStatus.NEW: "#8a8f98",
    ArticleStatus.IN_PROGRESS: "#d08b1a",
    ArticleStatus.DONE: "#2e9d5b",
    ArticleStatus.REVIEWED: "#2f6fd0",
}


SummaryLoader = Callable[[Sequence[int]], list[ArticleSummary]]


def row_unsure(model: object, article_id: int) -> str:
    """What a row shows of the article's uncertainty while the list is ordered by it: its tie
    band and doubtful decisions, the two keys of the order in the order's terms ("uncertainty
    0.96–1.00 · 3 doubtful": :func:`annotator.nlp.uncertainty.band_label`; the exact score is in
    the tooltip); "uncertainty 0.99" when the score has no count; "" when it has no score. The
    words after "uncertainty" are :func:`annotator.nlp.uncertainty.uncertainty_words`, which
    ``annotator next`` prints too."""
    from annotator.nlp.uncertainty import uncertainty_words

    score = getattr(model, "uncertainty", {}).get(article_id)
    if score is None:
        return ""
    return f"uncertainty {uncertainty_words(score, getattr(model, 'doubtful', {}).get(article_id))}"


def meta_line(unsure: str, rest: Sequence[str], metrics: QFontMetrics, width: int) -> str:
    """A row's second line: ``unsure`` (:func:`row_unsure`, "" for none), then ``rest``
    (publisher, date, words; empty ones left out), joined by " · ". usertest20 L5: beside the
    Train panel the list is ~190 px wide and the line read "uncertainty 0.96–1.0…", the band cut
    and its doubtful count gone; when the whole line is wider than ``width`` px, ``unsure`` goes
    without its word "uncertainty" (the list's header names the order; the tooltip has it all),
    "0.96–1.00 · 3 doubtful · …" (the caller elides the rest)."""
    line = " · ".join(b for b in (unsure, *rest) if b)
    if unsure and metrics.horizontalAdvance(line) > width:
        line = " · ".join(b for b in (unsure.removeprefix("uncertainty "), *rest) if b)
    return line


class ArticleListModel(QAbstractListModel):
    """The article list as a window onto the project: every listed article's id and status are
    held (navigation, counts and orders need them all), its summary (title, counts, words) is
    read a page at a time when a row is first painted (``loader``:
    :meth:`annotator.storage.project.Project.article_summaries`), and rows are handed to the view
    in chunks (:meth:`canFetchMore` / :meth:`fetchMore`) so that its layout, at a reset, covers
    the rows scrolled to, not the whole project.

    Incremental: :meth:`update_summary` changes one row and emits ``dataChanged`` for that row
    only; :meth:`refresh_ids` re-reads the summaries of the given articles. Costs of an edit do not
    grow with the number of articles (issue 12: one edit at 50,000 articles re-laid out every row).
    """

    PAGE = 100  # summaries read per query, aligned on row numbers
    CHUNK = 500  # rows handed to the view per fetchMore

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ids: list[int] = []
        self._status: list[ArticleStatus | None] = []  # None: not read yet (comes with the summary)
        self._row_of = _RowIndex([])
        self._cache: dict[int, ArticleSummary] = {}
        self._loader: SummaryLoader | None = None
        self._shown = 0  # rows the view knows of (fetched)
        self.uncertainty: dict[int, float] = {}  # shown on each row while the list is ordered by it
        self.doubtful: dict[int, int] = {}  # the second key of that order (doubtful decisions), shown beside it

    def set_rows(self, rows: list[ArticleSummary]) -> None:
        """Show ``rows`` (summaries already read), in this order."""
        self.set_articles([(s.id, s.status) for s in rows], None, {s.id: s for s in rows})

    def set_articles(self, rows: Sequence[tuple[int, ArticleStatus | None]], loader: SummaryLoader | None,
                     known: Mapping[int, ArticleSummary] | None = None) -> None:
        """Show the articles ``rows`` (id, status or None when not read), in this order; their
        summaries are read by ``loader`` when first needed (``known``: summaries already read)."""
        self.set_ids([i for i, _ in rows], [st for _, st in rows], loader, known)

    def set_ids(self, ids: list[int], statuses: list[ArticleStatus | None] | None, loader: SummaryLoader | None,
                known: Mapping[int, ArticleSummary] | None = None) -> None:
        """Show the articles ``ids`` in this order, with their ``statuses`` (None: none read yet);
        the model keeps ``ids`` (the caller hands it over). No per-row Python work beyond the
        list itself: at 50,000 articles building (id, status) pairs and an id → row dict cost
        as much as reading the ids (:class:`_RowIndex`)."""
        self.beginResetModel()
        self._ids = ids
        self._status = list(statuses) if statuses is not None else [None] * len(ids)
        self._row_of = _RowIndex(ids)
        self._cache = dict(known or {})
        self._loader = loader
        self._shown = min(len(self._ids), self.CHUNK)
        self.endResetModel()

    # ----------------------------------------------------------------- Qt model

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._shown

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> bool:
        return not parent.isValid() and self._shown < len(self._ids)

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> None:
        self.show_through(self._shown + self.CHUNK - 1)

    def show_through(self, row: int) -> None:
        """Hand the view every row up to ``row`` (to select or scroll to it), rounded up to a chunk."""
        last = min(len(self._ids), (row // self.CHUNK + 1) * self.CHUNK) - 1
        if last < self._shown:
            return
        self.beginInsertRows(QModelIndex(), self._shown, last)
        self._shown = last + 1
        self.endInsertRows()

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, SummaryRole):
            return None
        summary = self._summary_at(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            return article_name(summary.title, summary.file, summary.id, summary.opening)
        if role == Qt.ItemDataRole.ToolTipRole:
            from annotator.nlp.uncertainty import TOP_K

            score = self.uncertainty.get(summary.id)
            count = self.doubtful.get(summary.id)
            unsure = (f"Uncertainty {score:.2f} (most uncertain first: the mean of 1 − the margin over the article's "
                      f"{TOP_K} most doubtful decisions of the pipeline; higher comes first)") if score is not None else ""
            if score is not None and count is not None:
                unsure += (f"\n{plural(count, 'doubtful decision')} (p between 0.25 and 0.75): among scores within 0.05, "
                           "more come first — more to teach")
            bits = [article_name(summary.title, summary.file, summary.id, summary.opening), summary.publisher, summary.published,
                    f"{STATUS_TEXT[summary.status]} · {summary.pending} pending · {summary.accepted} accepted · {summary.words:,} words",
                    unsure]
            return "\n".join(b for b in bits if b)
        return summary

    # ----------------------------------------------------------------- reading

    def ids(self) -> list[int]:
        """Every listed article, in list order (also those not yet handed to the view)."""
        return list(self._ids)

    def id_at(self, row: int) -> int | None:
        """The article listed at ``row`` (also one not yet handed to the view), None past the end."""
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def count(self) -> int:
        return len(self._ids)

    def row_of(self, article_id: int) -> int | None:
        return self._row_of.get(article_id)

    def status_of(self, article_id: int) -> ArticleStatus | None:
        """The listed article's status (read with its page of summaries if not known yet)."""
        row = self._row_of.get(article_id)
        if row is None:
            return None
        status = self._status[row]
        return status if status is not None else self._summary_at(row).status

    def summary(self, article_id: int) -> ArticleSummary | None:
        row = self._row_of.get(article_id)
        return None if row is None else self._summary_at(row)

    def _summary_at(self, row: int) -> ArticleSummary:
        article_id = self._ids[row]
        summary = self._cache.get(article_id)
        if summary is None:
            first = row - row % self.PAGE
            page = [i for i in self._ids[first:first + self.PAGE] if i not in self._cache]
            for loaded in self._loader(page) if self._loader is not None else []:
                at = self._row_of[loaded.id]
                if self._status[at] is None:
                    self._status[at] = loaded.status
                elif self._status[at] != loaded.status:  # set by an edit since the list was read: newer
                    loaded = dataclasses.replace(loaded, status=self._status[at])
                self._cache[loaded.id] = loaded
            summary = self._cache.get(article_id)
            if summary is None:  # gone from the file since the list was read: shown, not read again
                summary = self._cache[article_id] = ArticleSummary(
                    id=article_id, title="", publisher="", published="", status=self._status[row] or ArticleStatus.NEW,
                    pending=0, accepted=0, words=0, file="")
        return summary

    # ----------------------------------------------------------------- incremental updates

    def update_summary(self, article_id: int, **changes: object) -> None:
        """Change one article's row (status, pending, …): ``dataChanged`` for that row only, and
        none when the row shows the same as before (an edit that leaves the pending count and
        status as they were — a created or resized span — repaints no list row)."""
        row = self._row_of.get(article_id)
        if row is None:
            return
        before = self._status[row]
        if "status" in changes:
            self._status[row] = changes["status"]  # type: ignore[assignment]
        cached = self._cache.get(article_id)
        if cached is None:
            if set(changes) <= {"status"}:
                if self._status[row] != before:
                    self._changed(row)
                return
            cached = self._summary_at(row)
        updated = dataclasses.replace(cached, **changes)  # type: ignore[arg-type]
        if updated != cached:
            self._cache[article_id] = updated
            self._changed(row)

    def refresh_ids(self, article_ids: Iterable[int]) -> None:
        """Re-read the summaries of ``article_ids`` (those listed) after an edit of theirs: one
        query for them, one ``dataChanged`` per changed row. Rows stay where they are, even if
        a filter would now leave one out (as when an article is marked done while listed)."""
        listed = [i for i in dict.fromkeys(article_ids) if i in self._row_of]
        if not listed or self._loader is None:
            return
        for summary in self._loader(listed):
            row = self._row_of[summary.id]
            if self._cache.get(summary.id) != summary:
                self._status[row] = summary.status
                self._cache[summary.id] = summary
                self._changed(row)

    def refresh_written(self, article_ids: Iterable[int]) -> None:
        """Articles another program wrote (fix11j): the rows whose summary was read (painted, or
        read with their page) are read again (:meth:`refresh_ids`); the others only forget their
        status, read with their page when first needed — a merge of 10,000 articles reads no
        10,000 summaries."""
        read, unread = [], []
        for article_id in dict.fromkeys(article_ids):
            row = self._row_of.get(article_id)
            if row is not None:
                (read if article_id in self._cache else unread).append(row if article_id not in self._cache else article_id)
        for row in unread:
            self._status[row] = None
        self.refresh_ids(read)

    def append_ids(self, article_ids: Iterable[int]) -> list[int]:
        """Add ``article_ids`` not listed yet at the end of the list (articles another program
        added to the file: fix11j), without a reset: rows inserted when the view holds every row
        so far, else fetched with the rest. Returns the ids added."""
        new = [i for i in dict.fromkeys(article_ids) if i not in self._row_of]
        if not new:
            return []
        all_shown = self._shown == len(self._ids)
        self._ids.extend(new)
        self._status.extend([None] * len(new))
        self._row_of = _RowIndex(self._ids)
        if all_shown:
            self.show_through(len(self._ids) - 1)
        return new

    def _changed(self, row: int) -> None:
        if row < self._shown:
            index = self.index(row)
            self.dataChanged.emit(index, index)


class _RowIndex:
    """Row of an article id in a list of ids: by binary search when the ids ascend (the list in
    import order, which is how it is shown unless ordered by uncertainty), else through a dict
    built on first use. The check that they ascend stops at the first id that does not."""

    def __init__(self, ids: list[int]) -> None:
        self._ids = ids
        self._ascending = all(map(operator.lt, ids, itertools.islice(ids, 1, None)))
        self._rows: dict[int, int] | None = None

    def get(self, article_id: int) -> int | None:
        ids = self._ids
        if self._ascending:
            row = bisect.bisect_left(ids, article_id)
            return row if row < len(ids) and ids[row] == article_id else None
        if self._rows is None:
            self._rows = dict(zip(ids, range(len(ids))))
        return self._rows.get(article_id)

    def __contains__(self, article_id: object) -> bool:
        return isinstance(article_id, int) and self.get(article_id) is not None

    def __getitem__(self, article_id: int) -> int:
        row = self.get(article_id)
        if row is None:
            raise KeyError(article_id)
        return row


PAINTED_ROWS_KEPT = 150  # article rows kept painted by ArticleDelegate (~60 KB each)


class ArticleDelegate(QStyledItemDelegate):
    """Two lines per article: status dot and title; publisher · date and a pending badge.

    Painting is most of what the list costs when the window repaints (an article opened, the
    window shown: ~16 rows): fonts and metrics are made once per list font (:class:`_RowFonts`),
    and the style's item panel is drawn only for a row that has one (selected, hovered, focused),
    the other rows lying on the view's own background, as the style would leave them."""

    PAD = 8
    _STYLED = QStyle.StateFlag.State_Selected | QStyle.StateFlag.State_MouseOver | QStyle.StateFlag.State_HasFocus

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fonts: _RowFonts | None = None
        # rows as painted: (the summary's painted fields, title, uncertainty, width, height, state, palette, pixel ratio)
        # -> pixmap. An article switch repaints the row left and the row opened (~0.5 ms each of
        # Python and text drawing, issue 12), mostly as they were painted before (going back).
        self._kept: collections.OrderedDict[tuple[object, ...], QPixmap] = collections.OrderedDict()
        self.painted = 0  # rows painted anew (tests)

    def _row_fonts(self, font: QFont) -> _RowFonts:
        # compared, not keyed: QFont.key() builds a string (a third of a row's paint)
        if self._fonts is None or self._fonts.source != font:
            self._fonts = _RowFonts(font)
            self._kept.clear()  # painted in the old font
        return self._fonts

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(200, self._row_fonts(option.font).line_h * 2 + self.PAD * 2 + 2)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        """Draw a row kept as painted when its article summary, title, uncertainty, size, state
        (selected, hover, focus, window active) and palette are the same; else paint it into a
        pixmap filled with the viewport's background (what lies under a row), so the pixels are
        those of painting it directly, and keep that."""
        summary: ArticleSummary = index.data(SummaryRole)
        rect = option.rect
        device = painter.device()
        if summary is None or rect.isEmpty() or device is None:
            self._paint_row(painter, option, index, summary)
            return
        self._row_fonts(option.font)  # a new font drops the kept rows
        ratio = device.devicePixelRatio()
        score = row_unsure(index.model(), summary.id)
        # what _paint_row draws of the summary, not all of it: a count it does not show (accepted
        # spans: every created span and its undo change it) made the row opened by an undo in
        # another article a new look, painted again (~0.5 ms, issue 12)
        shown = (summary.id, summary.status, summary.pending, summary.publisher, summary.published, summary.words)
        key = (shown, index.data(Qt.ItemDataRole.DisplayRole), score, rect.width(), rect.height(),
               int(option.state.value), option.palette.cacheKey(), ratio)
        pixmap = self._kept.get(key)
        if pixmap is None:
            pixmap = painted_row(painter, option, lambda into: self._paint_row(into, option, index, summary))
            self.painted += 1
            self._kept[key] = pixmap
            while len(self._kept) > PAINTED_ROWS_KEPT:
                self._kept.popitem(last=False)
        else:
            self._kept.move_to_end(key)
        painter.drawPixmap(rect.topLeft(), pixmap)

    def _paint_row(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex,
                   summary: ArticleSummary) -> None:
        fonts = self._row_fonts(option.font)
        painter.save()
        if option.state & self._STYLED:
            style = option.widget.style() if option.widget else None
            if style is not None:
                opt = QStyleOptionViewItem(option)
                self.initStyleOption(opt, index)
                opt.text = ""
                style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        text_colour = palette.highlightedText().color() if selected else palette.text().color()
        dim = QColor(text_colour)
        dim.setAlphaF(0.65)
        rect: QRect = option.rect.adjusted(self.PAD, self.PAD, -self.PAD, -self.PAD)
        line_h = fonts.line_h
        # status dot
        dot = QRect(rect.left(), rect.top() + (line_h - 10) // 2, 10, 10)
        colour = _STATUS_QCOLOUR[summary.status]
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if summary.status == ArticleStatus.NEW:
            painter.setPen(QPen(colour, 1.6))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(dot.adjusted(1, 1, -1, -1))
        elif summary.status == ArticleStatus.IN_PROGRESS:
            painter.setPen(QPen(colour, 1.6))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(dot.adjusted(1, 1, -1, -1))
            painter.setBrush(colour)
            painter.drawPie(dot.adjusted(1, 1, -1, -1), 90 * 16, 180 * 16)
        else:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawEllipse(dot)
            painter.setPen(QPen(QColor("white"), 1.6))
            painter.drawPolyline([dot.center() + d for d in _tick_points()])
        # pending badge
        badge_w = 0
        if summary.pending:
            badge_text = str(summary.pending)
            sfm = fonts.small_metrics
            badge_w = max(sfm.horizontalAdvance(badge_text) + 12, 22)
            badge = QRect(rect.right() - badge_w, rect.top() + (line_h - sfm.height() - 2) // 2, badge_w, sfm.height() + 2)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#6c5ce7") if not selected else QColor(255, 255, 255, 70))
            painter.drawRoundedRect(badge, badge.height() / 2, badge.height() / 2)
            painter.setFont(fonts.small)
            painter.setPen(QColor("white"))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, badge_text)
        # title
        bold = summary.status in (ArticleStatus.NEW, ArticleStatus.IN_PROGRESS)
        painter.setFont(fonts.bold if bold else fonts.font)
        painter.setPen(text_colour)
        title_rect = QRect(dot.right() + 8, rect.top(), rect.width() - 18 - badge_w - 6, line_h)
        title = index.data(Qt.ItemDataRole.DisplayRole)
        painter.drawText(title_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         (fonts.bold_metrics if bold else fonts.metrics).elidedText(title, Qt.TextElideMode.ElideRight, title_rect.width()))
        # publisher · date
        painter.setFont(fonts.font)
        painter.setPen(dim)
        model = index.model()
        meta_rect = QRect(dot.right() + 8, rect.top() + line_h + 2, rect.width() - 18, line_h)
        meta = meta_line(row_unsure(model, summary.id), (summary.publisher, summary.published, f"{summary.words:,} words"),
                         fonts.metrics, meta_rect.width())
        painter.drawText(meta_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         fonts.metrics.elidedText(meta, Qt.TextElideMode.ElideRight, meta_rect.width()))
        painter.restore()


_STATUS_QCOLOUR = {status: QColor(colour) for status, colour in STATUS_COLOUR.items()}


class _RowFonts:
    """The fonts and metrics a row is painted with, made from the list's font once."""

    def __init__(self, font: QFont) -> None:
        self.source = QFont(font)
        self.font = QFont(font)
        self.metrics = QFontMetrics(self.font)
        self.line_h = self.metrics.height()
        self.bold = QFont(font)
        self.bold.setBold(True)
        self.bold_metrics = QFontMetrics(self.bold)
        self.small = QFont(font)
        self.small.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        self.small_metrics = QFontMetrics(self.small)


def _tick_points() -> list[QPoint]:
    return [QPoint(-3, 0), QPoint(-1, 2), QPoint(3, -2)]

#: the list's own moving keys (usertest24p M4): with the list focused each opens the row it lands on
LIST_MOVES = frozenset({Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown, Qt.Key.Key_Home,
                        Qt.Key.Key_End})


class ArticleTree(QTreeView):
    """The list's view: Up/Down/PgUp/PgDown/Home/End (no modifier) move the current row and emit
    ``moved`` with its index, so the panel opens that article as a click does; Return/Enter emit
    ``activated`` with ``by_key`` True while it runs (the article then takes the keys).

    usertest24p M4: a click opened the article, and opening put the focus in the article view,
    so the list's next Down, End or PgUp went to the article and the list never moved. End goes
    to the last listed article, not the last row of the chunks handed to the view so far."""

    moved = Signal(QModelIndex)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.by_key = False

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        if key in LIST_MOVES and event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier):
            before = self.currentIndex()
            model = self.model()
            if key == Qt.Key.Key_End and isinstance(model, ArticleListModel) and model.count():
                model.show_through(model.count() - 1)
                self.setCurrentIndex(model.index(model.count() - 1))
            else:
                super().keyPressEvent(event)
            now = self.currentIndex()
            if now.isValid() and now != before:
                self.scrollTo(now)
                self.moved.emit(now)
            event.accept()
            return
        self.by_key = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        try:
            super().keyPressEvent(event)
        finally:
            self.by_key = False


class OneLineNote(QLabel):
    """A label of one line whose text, when wider than the label, is cut with "…"; the whole text
    is its tooltip (:meth:`setText`). usertest24 M2: the "Most uncertain first — …" line above the
    article list wrapped to 9 lines of the list's height beside the Train panel at 1400 px.
    ``text()`` is the whole text; only the painting is cut."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # any width: the line never makes the list wider (the text is cut instead)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        self.setToolTip(text)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(self.fontMetrics().horizontalAdvance(self.text()), self.minimumSizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        margins = self.contentsMargins()
        return QSize(0, self.fontMetrics().height() + margins.top() + margins.bottom())

    def shown_text(self) -> str:
        """The text as painted: cut with "…" to the label's width."""
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, max(self.contentsRect().width(), 0))

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        # the style draws it, so the style sheet's colour for #orderNote holds
        self.style().drawItemText(painter, self.contentsRect(), int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                                  self.palette(), self.isEnabled(), self.shown_text(), QPalette.ColorRole.WindowText)
        painter.end()


class ArticleListPanel(QWidget):
    """Filters above, the list below. Emits ``articleActivated`` when the analyst picks one."""

    articleActivated = Signal(int)
    filterChanged = Signal()

    STATUS_FILTERS: tuple[tuple[str, ArticleStatus | None], ...] = (
        ("All articles", None),
        ("New", ArticleStatus.NEW),
        ("In progress", ArticleStatus.IN_PROGRESS),
        ("Done", ArticleStatus.DONE),
        ("Reviewed", ArticleStatus.REVIEWED),
    )

    ORDERS: tuple[tuple[str, str], ...] = (
        ("as-imported", "Order: as imported"),
        ("uncertain", "Order: most uncertain first"),
    )
    orderChanged = Signal(str)  # "as-imported" or "uncertain"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ArticleListModel(self)
        # Active ordering (issue 10): unreviewed articles by the model's uncertainty, set by
        # annotator.ui.active_order; the filters still apply.
        self.uncertainty: dict[int, float] = {}
        self.doubtful: dict[int, int] = {}  # article id -> doubtful decisions: the order's second key
        self.order = QComboBox(self)
        for value, text in self.ORDERS:
            self.order.addItem(text, value)
        self.order.setToolTip("Most uncertain first: unreviewed articles whose entities the language pipeline is least "
                              "sure of come first, so the next correction teaches it most")
        # What "most uncertain first" is doing (usertest16 LOW-3): set by annotator.ui.active_order
        self.order_note = OneLineNote(self)
        self.order_note.setObjectName("orderNote")
        self.order_note.hide()
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search articles (full text)")
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip('Every word, each a prefix (harb finds harbour); "copy 99" in quotes: those words together, whole')
        self.status_filter = QComboBox(self)
        for text, _ in self.STATUS_FILTERS:
            self.status_filter.addItem(text)
        # A one-column tree, not a QListView: QListView answers every dataChanged with a layout of
        # all its rows (one accept at 50,000 articles asked rowCount 100,000 times); a tree with
        # uniform row heights repaints the changed row (issue 12).
        self.view = ArticleTree(self)
        self.view.setHeaderHidden(True)
        self.view.setRootIsDecorated(False)
        self.view.setItemsExpandable(False)
        self.view.setIndentation(0)
        self.view.setUniformRowHeights(True)
        self.view.setModel(self.model)
        self.view.setItemDelegate(ArticleDelegate(self.view))
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("articleCount")

        header = QLabel("Articles", self)
        header.setObjectName("panelTitle")
        top = QHBoxLayout()
        top.addWidget(header)
        top.addStretch(1)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 8)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.search)
        layout.addWidget(self.status_filter)
        layout.addWidget(self.order)
        layout.addWidget(self.order_note)
        layout.addWidget(self.view, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self.filterChanged)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.status_filter.currentIndexChanged.connect(lambda _i: self.filterChanged.emit())
        self.order.currentIndexChanged.connect(lambda _i: self.orderChanged.emit(self.order_mode()))
        self.view.clicked.connect(self._on_clicked)
        self.view.moved.connect(self._on_clicked)
        self.view.activated.connect(self._on_activated)

    def stop_pending(self) -> None:
        """Drop a typed search's refresh still waiting for its debounce: the window closing
        closes the project right after, and the refresh would read the closed file."""
        self._debounce.stop()

    def status(self) -> ArticleStatus | None:
        return self.STATUS_FILTERS[self.status_filter.currentIndex()][1]

    def query(self) -> str:
        return self.search.text()

    def order_mode(self) -> str:
        return str(self.order.currentData())

    def set_order_mode(self, mode: str) -> None:
        self.order.setCurrentIndex(max(self.order.findData(mode), 0))

    def set_order_note(self, text: str) -> None:
        """The line under the order box saying what the order is doing ("" hides it): one line,
        cut with "…" when the list is narrow, the whole of it in the tooltip."""
        self.order_note.setText(text)
        self.order_note.setVisible(bool(text))

    def set_uncertainty(self, scores: dict[int, float], doubtful: dict[int, int] | None = None) -> None:
        """The unreviewed articles' uncertainty (0..1) the 'most uncertain first' order sorts by,
        and their doubtful decisions (the second key, :func:`annotator.nlp.uncertainty.order_by_uncertainty`)."""
        self.uncertainty = dict(scores)
        self.doubtful = dict(doubtful or {})

    def ordered(self, rows: Sequence[tuple[int, ArticleStatus | None]]) -> list[tuple[int, ArticleStatus | None]]:
        """``rows`` (id, status) in the chosen order: most uncertain first puts the unreviewed
        scored articles first (highest score first, scores within 0.05 by most doubtful decisions,
        then in import order), then the others as they came."""
        if self.order_mode() != "uncertain" or not self.uncertainty:
            return list(rows)
        from annotator.nlp.uncertainty import order_by_uncertainty

        reviewed = (ArticleStatus.DONE, ArticleStatus.REVIEWED)
        scores = {i: self.uncertainty[i] for i, st in rows if i in self.uncertainty and st not in reviewed}
        status = dict(rows)
        return [(i, status[i]) for i in order_by_uncertainty([i for i, _ in rows], scores, self.doubtful)]

    def set_rows(self, rows: list[ArticleSummary], current: int | None, total: int) -> None:
        """Show summaries already read (all of them): see :meth:`set_articles`."""
        self.set_articles([(s.id, s.status) for s in rows], None, current, total, known={s.id: s for s in rows})

    def set_articles(self, rows: Sequence[tuple[int, ArticleStatus | None]], loader: SummaryLoader | None, current: int | None,
                     total: int, *, known: Mapping[int, ArticleSummary] | None = None) -> None:
        """List the articles ``rows`` (id, status; :meth:`Project.article_list_rows`) in the chosen
        order, ``current`` selected; summaries are read by ``loader`` as rows are painted."""
        rows = self.ordered(rows)
        reviewed = (ArticleStatus.DONE, ArticleStatus.REVIEWED)
        self.model.uncertainty = {i: self.uncertainty[i] for i, st in rows if i in self.uncertainty and st not in reviewed} \
            if self.order_mode() == "uncertain" and self.uncertainty else {}
        self.model.doubtful = {i: self.doubtful[i] for i in self.model.uncertainty if i in self.doubtful}
        self.model.set_articles(rows, loader, known)
        self._listed(current, total)

    def set_article_ids(self, ids: list[int], loader: SummaryLoader, current: int | None, total: int) -> None:
        """List the articles ``ids`` (:meth:`Project.article_list_ids`: no status filter, import
        order) as :meth:`set_articles` does, without their statuses (read with each row's
        summary); the model keeps ``ids``. The uncertainty order needs every status: then give
        (id, status) rows to :meth:`set_articles`."""
        self.model.uncertainty = {}
        self.model.doubtful = {}
        self.model.set_ids(ids, None, loader)
        self._listed(current, total)

    def append_articles(self, ids: Sequence[int], total: int) -> None:
        """Add articles another program added (fix11j) at the end of an unfiltered list, keeping
        the rows, the scroll and the selection as they are."""
        self.model.append_ids(ids)
        shown = self.model.count()
        self.count_label.setText(f"{shown:,} of {total:,}" if shown != total else f"{total:,}")

    def _listed(self, current: int | None, total: int) -> None:
        shown = self.model.count()
        self.count_label.setText(f"{shown:,} of {total:,}" if shown != total else f"{total:,}")
        self.set_current(current)

    def set_current(self, article_id: int | None) -> None:
        row = None if article_id is None else self.model.row_of(article_id)
        if row is None:
            self.view.clearSelection()
            return
        self.model.show_through(row)
        index = self.model.index(row)
        if self.view.currentIndex() != index:
            self.view.setCurrentIndex(index)
        self.view.scrollTo(index)

    def _on_clicked(self, index: QModelIndex) -> None:
        """A click or a moving key opens the row's article and leaves the focus in the list, so
        the next Down/End/PgUp moves on from it (usertest24p M4); the review keys still act on
        the article from here (annotator.ui.key_scope)."""
        if index.isValid():
            self.articleActivated.emit(index.data(SummaryRole).id)
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_activated(self, index: QModelIndex) -> None:
        """Return/Enter open the row and hand the keys to the article (opening focuses it); an
        activation by a click (a style that activates on one click) keeps the list's focus."""
        if not index.isValid():
            return
        if self.view.by_key:
            self.articleActivated.emit(index.data(SummaryRole).id)
        else:
            self._on_clicked(index)

    def neighbour(self, article_id: int | None, step: int) -> int | None:
        """The article ``step`` rows from ``article_id`` in list order (the first when it is not
        listed); None past either end."""
        model = self.model
        if not model.count():
            return None
        row = None if article_id is None else model.row_of(article_id)
        return model.id_at(0) if row is None else model.id_at(row + step)
