"""The curation view (issue 11): adjudicate the analysts' layers of each article into gold.

A window-modal dialog over the main window: the article's text with every unit (a place the
analysts annotated, :mod:`annotator.domain.curation`) coloured by agreement — all agree / partial /
label conflict / one analyst only — and, under it, the units side by side: one column per analyst
(their colour, digit key and version), then the gold layer. Keys (:data:`CURATION_KEYS`): Tab goes
disagreement to disagreement, a digit keeps that analyst's version, ``A`` accepts an agreed unit,
``X`` rejects, Ctrl+Return accepts every agreed unit of the article; Shift(+Ctrl)+arrows resize and
``L`` relabels the gold span.

Every decision is an ordinary edit given to ``push`` (the window's ``EditPath.push``): written to
the project file at once and put on the window's undo stack; Ctrl+Z here calls ``undo``. The view
follows the stack (``refresh`` on ``indexChanged``), so an undo made anywhere shows here. It takes
the project and callables, never the window (no module under ``annotator/ui/`` imports it).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QKeyEvent, QTextCharFormat, QTextCursor, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QHBoxLayout, QHeaderView, QInputDialog, QLabel, QTableWidget, QTableWidgetItem,
    QTextEdit, QVBoxLayout, QWidget,
)

from annotator.domain import commands, curation
from annotator.domain.boundaries import moved_edge
from annotator.domain.curation import Agreement, Alignment, CurationInput, Decision, Unit
from annotator.domain.edits import Edit
from annotator.domain.model import Span
from annotator.domain.offsets import OffsetMap
from annotator.storage.project import Project
from annotator.ui.curation_keys import CURATION_KEYS

#: Background of a unit by agreement (light enough to read black text on, in both themes' text view).
AGREEMENT_COLOURS: dict[Agreement, str] = {
    Agreement.AGREED: "#b7e4b0",
    Agreement.PARTIAL: "#ffd98a",
    Agreement.CONFLICT: "#f4a3a3",
    Agreement.ONE_ANALYST: "#c9c3f0",
    Agreement.SINGLE: "#d9d9d9",  # grey: nobody else saw it, neither agreed (green) nor disputed
}
AGREEMENT_NAMES: dict[Agreement, str] = {
    Agreement.AGREED: "all agree", Agreement.PARTIAL: "partial", Agreement.CONFLICT: "label conflict",
    Agreement.ONE_ANALYST: "one analyst", Agreement.SINGLE: "single (one analyst given the article)",
}
#: One colour per analyst lane (column header and versions), in analyst order, cycling.
ANALYST_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f")


def curated_article_ids(project: Project, analysts: list[str]) -> list[int]:
    """Articles given to at least one analyst, in id order."""
    ids: set[int] = set()
    for name in analysts:
        ids.update(project.layer_article_ids(name))
    return sorted(ids)


class CurationDialog(QDialog):
    """See the module doc. ``by`` gives the curator's name recorded in each decision."""

    def __init__(self, project: Project, push: Callable[[Edit], bool], *, undo: Callable[[], None],
                 redo: Callable[[], None], by: Callable[[], str] = lambda: "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("curation_dialog")
        self.setWindowTitle("Curation — adjudicate the analysts' layers")
        self.project, self._push, self._undo, self._redo, self._by = project, push, undo, redo, by
        self.analysts = [info.analyst for info in project.layers()]
        self.article_ids = curated_article_ids(project, self.analysts)
        self._statuses = {a: project.layer_article_statuses(a) for a in self.analysts}
        self.article_id: int | None = None
        self.data: CurationInput | None = None
        self.alignment: Alignment | None = None
        self.current: str | None = None  # unit key
        self._table_of: Alignment | None = None  # the alignment the table shows (rebuilt only when it changes)
        self._left: dict[int, int] = {}  # article id -> disagreements left

        self.article_box = QComboBox()
        self.article_box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.article_box.activated.connect(lambda i: self.open_article(self.article_ids[i]))
        self.counter = QLabel()
        self.counter.setObjectName("curation_counter")
        top = QHBoxLayout()
        top.addWidget(QLabel("Article:"))
        top.addWidget(self.article_box, 1)
        top.addWidget(self.counter)

        self.text = QTextEdit(readOnly=True)
        self.text.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.legend = QLabel(" ".join(
            f"<span style='background:{AGREEMENT_COLOURS[a]};color:black'>&nbsp;{AGREEMENT_NAMES[a]}&nbsp;</span>" for a in Agreement
        ) + " &nbsp; decided units are underlined, the current one bold")
        self.table = QTableWidget()
        self.table.setObjectName("curation_units")
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.cellClicked.connect(lambda row, _col: self._select_row(row))
        self.help = QLabel("  ·  ".join(f"<b>{k}</b> {what.split(';')[0].split('(')[0].strip().split('.')[0]}"
                                         for k, what in CURATION_KEYS[:5]))
        self.help.setWordWrap(True)
        self.status = QLabel()
        self.status.setObjectName("curation_status")

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.text, 2)
        layout.addWidget(self.legend)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.help)
        layout.addWidget(self.status)
        self.resize(1100, 760)
        self.stack: QUndoStack | None = None  # set by open_curation: tells which articles an undo touched
        # The project's count is made a few articles per event-loop turn (an article of six analysts
        # takes ~50 ms to align): the view opens at once and never blocks on a large project.
        self._to_count: list[int] = list(self.article_ids)
        self._counting = QTimer(self)
        self._counting.setSingleShot(True)
        self._counting.timeout.connect(self._count_some)
        self._fill_articles()
        # open on the first article (list order) with undecided disagreements, else the first not curated
        first = self._next_with_disagreements(None, 1) or next(
            (a for a in self.article_ids if curation.curation_status(self.project.article(a)) != "curated"),
            self.article_ids[0] if self.article_ids else None)
        if first is not None:
            self.open_article(first)
        self._counting.start(0)
        self.setFocus()

    # ------------------------------------------------------------------------ reading

    def _align(self, article_id: int) -> tuple[CurationInput, Alignment]:
        data = curation.curation_input(self.project, article_id, self.analysts)
        return data, curation.align(data)

    def _fill_articles(self) -> None:
        self.article_box.clear()
        for a in self.article_ids:
            self.article_box.addItem("")
            self._name_article(a)

    def _name_article(self, article_id: int) -> None:
        article = self.project.article(article_id)
        title = article.title or article.text[:60].replace("\n", " ")
        left = self._left.get(article_id)
        count = "counting…" if left is None else f"{left} disagreement{'' if left == 1 else 's'} left"
        done = " — curated" if curation.curation_status(article) == "curated" else ""
        self.article_box.setItemText(self.article_ids.index(article_id), f"#{article_id} {title} ({count}){done}")

    def _count_some(self, budget_s: float = 0.03) -> None:
        """Count the disagreements of a few more articles (about ``budget_s`` of work), then let
        the event loop run; again until every article is counted."""
        started = time.perf_counter()
        try:
            while self._to_count and time.perf_counter() - started < budget_s:
                article_id = self._to_count.pop(0)
                if article_id not in self._left:
                    self._left[article_id] = self._align(article_id)[1].disagreements_left()
                    self._name_article(article_id)
        except sqlite3.ProgrammingError:  # the project was closed under us
            return
        self._show_counter()
        if self._to_count:
            self._counting.start(0)

    def count_all(self) -> None:
        """Finish counting now (tests; a small project is counted within the first turn anyway)."""
        while self._to_count:
            self._count_some(budget_s=3600)

    def open_article(self, article_id: int) -> None:
        self.article_id = article_id
        self.current = None
        self._reload()
        first = self.alignment.ordered()[0] if self.alignment and self.alignment.units else None
        self.current = first.key if first else None
        self._show()

    def refresh(self) -> None:
        """Read the article again (after an edit or an undo made anywhere) and show it. Nothing once
        closed: the stack it follows is cleared when the window opens another project."""
        if not self.isVisible():
            return
        try:
            self._reload()
        except sqlite3.ProgrammingError:  # the window closed its project under us: nothing to show
            self.close()

    def _reload(self) -> None:
        if self.article_id is None:
            return
        self.data, self.alignment = self._align(self.article_id)
        self._left[self.article_id] = self.alignment.disagreements_left()
        self._name_article(self.article_id)
        for other in self._touched_elsewhere():  # an undo may have been of another article's decision
            self._left.pop(other, None)
            self._to_count.insert(0, other)
            self._counting.start(0)
        if self.current is not None and self.alignment.unit(self.current) is None:
            self.current = None
        self._show()

    def _touched_elsewhere(self) -> set[int]:
        """Articles other than this one that the edits next to the stack's index (the one just
        done, undone or redone) touched."""
        stack, out = self.stack, set()
        if stack is not None:
            for index in (stack.index() - 1, stack.index()):
                command = stack.command(index) if 0 <= index < stack.count() else None
                edit = getattr(command, "edit", None)
                if isinstance(edit, Edit):
                    out |= {a for a in edit.article_ids() if a in self.article_ids}
        return out - {self.article_id}

    def current_unit(self) -> Unit | None:
        return self.alignment.unit(self.current) if self.alignment and self.current else None

    # ------------------------------------------------------------------------ showing

    def _show(self) -> None:
        al = self.alignment
        if al is None:
            return
        index = self.article_ids.index(self.article_id)
        self.article_box.setCurrentIndex(index)
        self._show_counter()
        text = al.article.text
        if self.text.toPlainText() != text:
            self.text.setPlainText(text)
        self._paint_text(al, OffsetMap(text))
        self._fill_table(al)

    def _show_counter(self) -> None:
        al = self.alignment
        if al is None:
            return
        left_project = sum(self._left.values())
        counting = f" (counting, {len(self._left)} of {len(self.article_ids)} articles)" if len(self._left) < len(self.article_ids) else ""
        curated = " · article curated ✓" if al.curated else ""
        stances = sum(not st.agreed for st in al.stances)
        curated += f" · {stances} stance{'s' if stances != 1 else ''} differ" if stances else ""
        self.counter.setText(f"Disagreements left: <b>{al.disagreements_left()}</b> in this article · "
                             f"<b>{left_project}</b> in the project{counting}{curated}")

    def _paint_text(self, al: Alignment, offsets: OffsetMap) -> None:
        selections = []
        for unit in al.units:
            fmt = QTextCharFormat()
            colour = QColor(AGREEMENT_COLOURS[unit.agreement])
            if unit.decided:
                colour.setAlpha(110)
                fmt.setFontUnderline(True)
            fmt.setBackground(colour)
            fmt.setForeground(QColor("black"))
            if unit.key == self.current:
                fmt.setFontWeight(QFont.Weight.Bold)
                fmt.setBackground(QColor(AGREEMENT_COLOURS[unit.agreement]).darker(125))
            sel = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.text.document())
            cursor.setPosition(offsets.to_utf16(unit.start))
            cursor.setPosition(offsets.to_utf16(unit.end), QTextCursor.MoveMode.KeepAnchor)
            sel.cursor, sel.format = cursor, fmt
            selections.append(sel)
        self.text.setExtraSelections(selections)
        unit = self.current_unit()
        if unit is not None:
            cursor = QTextCursor(self.text.document())
            cursor.setPosition(offsets.to_utf16(unit.start))
            self.text.setTextCursor(cursor)
            self.text.ensureCursorVisible()

    def _describe(self, span: Span | None, links: dict[str, tuple[str, ...]] | None) -> str:
        if span is None:
            return "—"
        text = self.alignment.article.text if self.alignment else ""
        out = f"{span.label} «{text[span.start:span.end]}»"
        for label, keys in (links or {}).items():
            named = [self.alignment.unit(k) for k in keys] if self.alignment else []
            out += f"  → {label}: " + ", ".join(f"«{text[u.start:u.end]}»" for u in named if u is not None)
        return out

    def _fill_table(self, al: Alignment) -> None:
        if self._table_of is al:  # same alignment (Tab, a click): only the selection moves
            self._select_current(al)
            return
        self._table_of = al
        # each analyst's own status of the article (an analyst still "in progress" may not have looked everywhere)
        statuses = {a: self._statuses[a].get(al.article.id or -1, "") for a in self.analysts}
        headers = ["Agreement", *(f"{n} {a}" + (f" ({statuses[a].replace('_', ' ')})" if statuses[a] else "")
                                  for n, a in enumerate(self.analysts, 1)), "Gold"]
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        for n in range(len(self.analysts)):
            self.table.horizontalHeaderItem(n + 1).setForeground(QColor(ANALYST_COLOURS[n % len(ANALYST_COLOURS)]))
        self.table.setRowCount(len(al.units))
        given = set(al.analysts)
        for row, unit in enumerate(al.units):
            why = AGREEMENT_NAMES[unit.agreement] + ("" if unit.links_agree else ", links differ")
            cells = [why]
            for a in self.analysts:
                cells.append(self._describe(unit.version_of(a), dict(unit.links.get(a, {}))) if a in given else "(not given)")
            kept = unit.kept_gold()
            if unit.decision == Decision.KEPT and kept is not None:
                info = kept.attrs.get("curation", {})
                who = info.get("kept", "") if isinstance(info, dict) else ""
                cells.append(f"✓ {kept.label} «{al.article.text[kept.start:kept.end]}»" + (f" ({who})" if who else ""))
            elif unit.decision == Decision.REJECTED:
                cells.append("✗ rejected")
            elif not unit.disagreement and (waits := curation.waiting_on(al, unit)):
                cells.append("not decided — waits for its " + ", ".join(dict.fromkeys("/".join(u.labels) for u in waits)))
            else:
                cells.append("not decided")
            for col, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                if col == 0:
                    item.setBackground(QColor(AGREEMENT_COLOURS[unit.agreement]))
                    item.setForeground(QColor("black"))
                elif col <= len(self.analysts):
                    item.setForeground(QColor(ANALYST_COLOURS[(col - 1) % len(ANALYST_COLOURS)]))
                if unit.decided:
                    font = item.font()
                    font.setItalic(True)
                    item.setFont(font)
                self.table.setItem(row, col, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self._select_current(al)

    def _select_current(self, al: Alignment) -> None:
        rows = {u.key: n for n, u in enumerate(al.units)}
        if self.current in rows:
            self.table.selectRow(rows[self.current])
            self.table.scrollToItem(self.table.item(rows[self.current], 0))
        else:
            self.table.clearSelection()

    def _select_row(self, row: int) -> None:
        if self.alignment and 0 <= row < len(self.alignment.units):
            self.current = self.alignment.units[row].key
            self._show()

    # ------------------------------------------------------------------------ acting

    def _disagreements_left(self, article_id: int) -> int:
        if article_id not in self._left:
            self._left[article_id] = self._align(article_id)[1].disagreements_left()
        return self._left[article_id]

    def _next_with_disagreements(self, after: int | None, direction: int) -> int | None:
        """The next (``direction`` 1) or previous (-1) article in list order after ``after`` (None:
        from the start / end) with undecided disagreements, wrapping to ``after`` excluded; None
        when there is none. Articles not counted yet are aligned on the way, in order."""
        ids = self.article_ids
        if not ids:
            return None
        if after is None:
            order = ids if direction > 0 else ids[::-1]
        else:
            n = ids.index(after)
            order = [ids[(n + direction * k) % len(ids)] for k in range(1, len(ids))]
        return next((a for a in order if self._disagreements_left(a) > 0), None)

    def step(self, direction: int) -> None:
        """Tab / Shift+Tab: the next / previous undecided disagreement; past the last (first) one of
        this article, the first (last) of the next (previous) article that has some."""
        if self.alignment is None:
            return
        al = self.alignment
        pool = [u for u in al.units if u.disagreement and not u.decided]
        here = al.unit(self.current) if self.current else None
        if here is not None:
            pos = (here.start, here.end, here.key)
            beyond = [u for u in pool if ((u.start, u.end, u.key) > pos if direction > 0 else (u.start, u.end, u.key) < pos)]
        else:
            beyond = pool
        if not beyond and self.article_id is not None:
            other = self._next_with_disagreements(self.article_id, direction)
            if other is not None:
                self.open_article(other)
                unit = self.alignment.step(None, direction) if self.alignment else None
                self.current = unit.key if unit else None
                self._show()
                left = self._left.get(other, 0)
                self.say(f"Article #{other}: {left} disagreement{'' if left == 1 else 's'} left")
                return
        unit = al.step(self.current, direction)
        self.current = unit.key if unit else None
        self._show()

    def step_article(self, direction: int) -> None:
        if not self.article_ids or self.article_id is None:
            return
        index = (self.article_ids.index(self.article_id) + direction) % len(self.article_ids)
        self.open_article(self.article_ids[index])

    def _decide(self, build: Callable[[CurationInput, str], Edit]) -> None:
        unit = self.current_unit()
        if unit is None or self.data is None:
            self.say("No unit selected: Tab goes to the next disagreement")
            return
        try:
            edit = build(self.data, unit.key)
        except (KeyError, ValueError) as exc:
            # the message itself: str() of a KeyError is the repr of its message (quotes, escapes)
            self.say(str(exc.args[0]) if exc.args else str(exc))
            return
        if not edit:
            self.say("Already so in gold: nothing to change")
            return
        if self._push(edit):
            self.say(f"Saved: {edit.description}")
        self.refresh()

    def take(self, number: int) -> None:
        """Keep the ``number``-th analyst's (1-based) version of the current unit."""
        if not 1 <= number <= len(self.analysts):
            self.say(f"No analyst {number}: the analysts are " + ", ".join(f"{n} {a}" for n, a in enumerate(self.analysts, 1)))
            return
        analyst = self.analysts[number - 1]
        self._decide(lambda data, key: curation.take(data, key, analyst, by=self._by()))

    def accept_agreed(self) -> None:
        self._decide(lambda data, key: curation.accept_agreed(data, key, by=self._by()))

    def reject_unit(self) -> None:
        """X: gold keeps none of the current unit's versions. (Not ``reject``: that is QDialog's
        close-by-Esc, which must never write a decision.)"""
        self._decide(lambda data, key: curation.reject(data, key, by=self._by()))

    def accept_all(self) -> None:
        if self.data is None:
            return
        edit = curation.accept_all_agreed(self.data, by=self._by())
        if not edit:
            self.say(edit.description)
            return
        if self._push(edit):
            self.say(f"Saved: {edit.description}")
        self.refresh()

    def _gold_records(self) -> tuple[Span, commands.Records] | None:
        unit = self.current_unit()
        kept = unit.kept_gold() if unit else None
        if kept is None or self.data is None:
            self.say("Keep a version first (1, 2, … or A): then its gold span can be edited")
            return None
        gold = self.data.gold
        return kept, commands.records(gold.spans, gold.relations, gold.stances)

    def move_edge(self, edge: str, step: int) -> None:
        found = self._gold_records()
        if found is None or self.alignment is None:
            return
        span, records = found
        moved = moved_edge(self.alignment.article.text, span.start, span.end, edge=edge, step=step, unit="word")  # type: ignore[arg-type]
        if moved is None:
            self.say("The span cannot move that way")
            return
        self._push_gold(commands.resize(records, span, *moved))

    def relabel(self) -> None:
        found = self._gold_records()
        if found is None:
            return
        span, records = found
        names = [lab.name for lab in self.project.schema.labels]
        name, ok = QInputDialog.getItem(self, "Relabel the gold span", "Label:", names,
                                        names.index(span.label) if span.label in names else 0, False)
        if ok and name and name != span.label:
            self._push_gold(commands.relabel(records, span, name, self.project.schema.layer_of(name)))

    def _push_gold(self, edit: Edit) -> None:
        if edit and self._push(edit):
            self.say(f"Saved: {edit.description}")
        self.refresh()

    def say(self, text: str) -> None:
        self.status.setText(text)

    # ------------------------------------------------------------------------ keys

    def event(self, event: QEvent) -> bool:  # noqa: D102 - Tab is ours before focus navigation takes it
        if event.type() == QEvent.Type.KeyPress and self._key(event):  # type: ignore[arg-type]
            return True
        return super().event(event)

    def _key(self, event: QKeyEvent) -> bool:
        key, mods = event.key(), event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
        if key == Qt.Key.Key_Backtab or (key == Qt.Key.Key_Tab and shift):
            self.step(-1)
        elif key == Qt.Key.Key_Tab:
            self.step(1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and ctrl:
            self.accept_all()
        elif key == Qt.Key.Key_Z and ctrl:
            (self._redo if shift else self._undo)()
            self.refresh()
        elif key == Qt.Key.Key_Y and ctrl:
            self._redo()
            self.refresh()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and shift:
            self.move_edge("start" if ctrl else "end", 1 if key == Qt.Key.Key_Right else -1)
        elif ctrl or mods & Qt.KeyboardModifier.AltModifier:
            return False
        elif Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            self.take(key - Qt.Key.Key_0)
        elif key == Qt.Key.Key_A:
            self.accept_agreed()
        elif key == Qt.Key.Key_X:
            self.reject_unit()
        elif key == Qt.Key.Key_L:
            self.relabel()
        elif key == Qt.Key.Key_PageDown:
            self.step_article(1)
        elif key == Qt.Key.Key_PageUp:
            self.step_article(-1)
        else:
            return False
        return True


def open_curation(parent: QWidget, project: Project, push: Callable[[Edit], bool], *, undo: Callable[[], None],
                  redo: Callable[[], None], by: Callable[[], str], stack: object | None = None,
                  project_changed: object | None = None) -> CurationDialog | None:
    """Show the curation view window-modal without blocking, following ``stack`` (a QUndoStack:
    undo/redo made elsewhere) and closed by ``project_changed`` (a signal: the window opened
    another project); None (nothing shown) in a project without analysts' layers."""
    if not project.layers():
        return None
    dialog = CurationDialog(project, push, undo=undo, redo=redo, by=by, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if stack is not None:
        dialog.stack = stack  # type: ignore[assignment]
        stack.indexChanged.connect(dialog.refresh)  # type: ignore[attr-defined]
        dialog.finished.connect(lambda _r: stack.indexChanged.disconnect(dialog.refresh))  # type: ignore[attr-defined]
    if project_changed is not None:
        project_changed.connect(dialog.close)  # type: ignore[attr-defined]
    dialog.open()
    return dialog


__all__ = ["AGREEMENT_COLOURS", "CurationDialog", "open_curation"]
