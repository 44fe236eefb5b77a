"""What a small window gives up first: the side columns, never the article's readable width.

usertest30 L5: at the offscreen platform's 800×774 the article column was ~80 px wide (words broken
mid-word, "meteo/rite") while the article list and the right column (the selected span, the
article's tags and stances, its span list) kept their widths: the splitter's stretch gave every
pixel the window lost to the article. :class:`ColumnRoom` keeps the article view at least
:meth:`~annotator.ui.article_view.ArticleView.readable_width` px (a text column of
``READABLE_CHARS`` characters of its font, the margin labels beside it) whenever the window is
resized or the Train panel shows or hides, giving up, in this order:

1. the side columns' spare width, each narrowed to its least usable width (the article list keeps
   :data:`~annotator.ui.train_dialog.LIST_USABLE_WIDTH`, the right column its least size hint);
2. the article list, hidden (Ctrl+Return and Alt+Down still open the next article);
3. the right column, hidden (the span list and the selected span's fields: the keys still work).

Columns it hid come back, last hidden first, as soon as the article can spare their least width,
and narrowed columns widen back toward the width they had. It only ever shows the columns it hid.
Widths are px, read from the splitter after the window's layout ran.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QSplitter, QWidget


class ColumnRoom(QObject):
    """Keeps ``article`` (inside the splitter's column ``centre``) at ``readable()`` px (see the
    module docstring). ``hide_order``: the side columns, first given up first; ``usable``: a least
    width of a column's own, above its least size hint (px by column index)."""

    def __init__(self, splitter: QSplitter, article: QWidget, readable: Callable[[], int], *, centre: int,
                 hide_order: Sequence[int], usable: dict[int, int] | None = None) -> None:
        super().__init__(splitter)
        self._splitter, self._article, self._readable = splitter, article, readable
        self._centre, self._order = centre, tuple(hide_order)
        self._usable = dict(usable or {})
        self._wanted: dict[int, int] = {}  # a side column's width before it was narrowed or hidden
        self._hidden: list[int] = []  # columns hidden here, in the order they were hidden
        self._held: set[int] = set()  # columns kept hidden whatever the width (hold)
        self.fits = 0  # times the room was looked at (tests)
        self._due = QTimer(self, singleShot=True, interval=0)  # after the splitter's own resize
        self._due.timeout.connect(self.fit)
        splitter.installEventFilter(self)

    @property
    def hidden(self) -> list[QWidget]:
        """The columns hidden now to keep the article readable, first hidden first."""
        return [self._splitter.widget(i) for i in self._hidden]

    def hold(self, indices: Sequence[int]) -> None:
        """Keep the columns ``indices`` hidden whatever the width (the Train panel below the article
        in a short window: the right column's least height left the panel ~80 px); ``()`` lets
        them come back as the width allows. Looks at the room again."""
        self._held = set(indices)
        for i in indices:
            if i not in self._hidden:
                self._wanted.setdefault(i, self._splitter.sizes()[i])
                self._splitter.widget(i).hide()
                self._hidden.append(i)
        self._hidden.sort(key=lambda i: i not in self._held)  # the held ones first: the others come back before them
        self.fit()

    def least(self, index: int) -> int:
        """px a side column is narrowed to at most."""
        widget = self._splitter.widget(index)
        return max(widget.minimumSizeHint().width(), widget.minimumWidth(), self._usable.get(index, 0))

    def need(self) -> int:
        """px the article's column needs: the view's readable width and the column's own margins."""
        column = self._splitter.widget(self._centre)
        return self._readable() + max(0, column.width() - self._article.width())

    def refit(self) -> None:
        """Look at the room again once the events already posted are handled (the view's zoom)."""
        self._due.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self._splitter and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self._due.start()
        return False

    def fit(self) -> bool:
        """Give the article its room now; True when a column was hidden for it."""
        self._due.stop()
        splitter = self._splitter
        if not splitter.isVisible() or splitter.width() <= 0:
            return False
        self.fits += 1
        window = splitter.window()
        if window.layout() is not None:
            window.layout().activate()  # the splitter's width as the window lays it out now
        handle = splitter.handleWidth()
        sizes = splitter.sizes()
        need = self.need()
        centre = self._centre
        # columns hidden here come back, the last hidden first, when the article and the other
        # columns (narrowed to their least) can spare them
        while self._hidden and self._hidden[-1] not in self._held:
            i = self._hidden[-1]
            least = self.least(i)
            shown = [j for j in self._order if j != i and j not in self._hidden]
            if sizes[centre] - need + sum(max(0, sizes[j] - self.least(j)) for j in shown) < least + handle:
                break
            self._hidden.pop()
            splitter.widget(i).show()
            sizes[i] = least
            short = least + handle
            for j in (centre, *shown):  # from the article's spare first, then the others'
                take = min(short, max(0, sizes[j] - (need if j == centre else self.least(j))))
                if j != centre and take:
                    self._wanted.setdefault(j, sizes[j])
                sizes[j] -= take
                short -= take
        self._widen(sizes, need)
        hid = False
        short = need - sizes[centre]
        for i in self._order:  # 1. spare width
            if short <= 0:
                break
            if i in self._hidden or not splitter.widget(i).isVisible():
                continue
            take = min(short, max(0, sizes[i] - self.least(i)))
            if take:
                self._wanted.setdefault(i, sizes[i])
                sizes[i] -= take
                sizes[centre] += take
                short -= take
        for i in self._order:  # 2., 3. whole columns
            if short <= 0:
                break
            widget = splitter.widget(i)
            if i in self._hidden or not widget.isVisible():
                continue
            self._wanted.setdefault(i, sizes[i])
            freed = sizes[i] + handle
            widget.hide()
            self._hidden.append(i)
            hid = True
            sizes[i] = 0
            sizes[centre] += freed
            short -= freed
        if hid:  # what a hidden column freed beyond the article's need goes back to the others
            self._widen(sizes, need)
        if sizes != splitter.sizes():
            splitter.setSizes(sizes)
        return hid

    def _widen(self, sizes: list[int], need: int) -> None:
        """Narrowed columns (in ``sizes``) widen back toward their width, from what the article's
        column can spare above ``need`` px."""
        centre = self._centre
        for i in reversed(self._order):
            if i in self._hidden or i not in self._wanted:
                continue
            back = max(0, min(sizes[centre] - need, self._wanted[i] - sizes[i]))
            sizes[i] += back
            sizes[centre] -= back
            if sizes[i] >= self._wanted[i]:
                del self._wanted[i]
