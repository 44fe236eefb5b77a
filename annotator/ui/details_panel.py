"""The selected span's details (right, top): label, status, origin, editable attributes, links,
and the stances that rest on it or whose holder it is (a line each, "holder — polarity → target",
with a remove link).

Attributes the program writes (:mod:`annotator.domain.machine_attrs`: the curation's decision
record, a suggestion's provenance or score) never get an editor: those an analyst benefits from
show read-only under the origin line ("Curation: kept from ana by lee, 2026-11-30"), the rest
stay hidden. So do values a field cannot hold as they are (a list, an object).

Every change the analyst makes here is emitted as a request; the window turns it into an undoable
edit. Values shown come from the stored span; updating the widgets never echoes back (signals
are blocked while the panel is filled).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QIcon, QKeyEvent, QPainter, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.guidelines import label_tip
from annotator.domain.machine_attrs import form_editable, readable
from annotator.domain.model import Relation, Span, Stance, Status
from annotator.domain.schema import LabelSchema

STATUS_STYLE = {
    Status.SUGGESTED: ("Suggested", "#6c5ce7"),
    Status.ACCEPTED: ("Accepted", "#2e9d5b"),
    Status.REJECTED: ("Rejected", "#c0392b"),
}


def swatch(colour: str, size: int = 12) -> QIcon:
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    painter.drawRoundedRect(0, 0, size, size, 3, 3)
    painter.end()
    return QIcon(pix)


class EditorLineEdit(QLineEdit):
    """A line edit that keeps Enter, Tab and Escape for itself instead of the window shortcuts.

    Enter, Tab and Shift+Tab commit the text (``editingFinished``) and then emit ``done``; Escape
    puts back the text it had when focus came in and emits ``cancelled`` and ``done``. The details panel hands the
    keyboard back to the article on ``done``, so the span whose field was edited is still the
    selected one: Tab in a field never walks the analyst through the panel's other fields and past
    a suggestion they have not decided (issue 9)."""

    OWN_KEYS = {Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape, Qt.Key.Key_Tab, Qt.Key.Key_Backtab}
    # False: Tab / Shift+Tab move focus to the next / previous field, as in any form (the
    # Article panel's fields); True: they end the edit and hand the keys back (``done``).
    TAB_ENDS_EDIT = True
    done = Signal()
    cancelled = Signal()  # Esc: the text is put back (emitted before ``done``)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._entry_text = ""

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if event.key() in self.OWN_KEYS or (event.text() and event.text().isprintable() and not event.modifiers() & Qt.KeyboardModifier.ControlModifier):
                event.accept()
                return True
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            if not self.TAB_ENDS_EDIT:
                self.focusNextPrevChild(event.key() == Qt.Key.Key_Tab)
                return True
            # Tab would move focus to the next field of the window; here it ends the edit.
            self.editingFinished.emit()
            self.done.emit()
            return True
        return super().event(event)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        self._entry_text = self.text()
        super().focusInEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            super().keyPressEvent(event)  # emits editingFinished (the value is written)
            self.done.emit()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.setText(self._entry_text)  # nothing typed is written
            self.cancelled.emit()
            self.done.emit()
            return
        super().keyPressEvent(event)


FORMS_KEPT = 12  # attribute forms kept for swapping back in (one per set of attributes edited)


@dataclasses.dataclass(slots=True)
class _Form:
    """The attribute editors built for one set of attributes, kept for the next span that has them."""

    widget: QWidget
    layout: QFormLayout
    editors: dict[str, QWidget]


class DetailsPanel(QWidget):
    labelChosen = Signal(str)
    attributeEdited = Signal(str, object)  # name, value ('' or None clears)
    acceptRequested = Signal()
    rejectRequested = Signal()
    deleteRequested = Signal()
    spanLinkActivated = Signal(str)
    relationDeleteRequested = Signal(str)
    # A field of the span was left with Enter, Tab or Escape: the keyboard goes back to the article.
    fieldDone = Signal()
    stanceDeleteRequested = Signal(str)  # stance id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._schema: LabelSchema | None = None
        self._span: Span | None = None
        self._editors: dict[str, QWidget] = {}
        self._form_key: tuple[str, tuple[str, ...]] | None = None
        self._form_names: tuple[str, ...] = ()
        self._stance_lines: list[str] = []

        title = QLabel("Selected span", self)
        title.setObjectName("panelTitle")
        self.empty = QLabel("Nothing selected.", self)
        self.empty.setWordWrap(True)
        self.empty.setTextFormat(Qt.TextFormat.RichText)
        self.empty.setObjectName("hint")

        self.body = QWidget(self)
        self.quote = QLabel(self.body)
        self.quote.setWordWrap(True)
        self.quote.setObjectName("spanText")
        self.quote.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_chip = QLabel(self.body)
        self.status_chip.setObjectName("statusChip")
        self.label_combo = QComboBox(self.body)
        self.label_combo.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.origin = QLabel(self.body)
        self.origin.setWordWrap(True)
        self.origin.setObjectName("dim")
        # what the program recorded on the span (machine attributes): read, never edited
        self.recorded = QLabel(self.body)
        self.recorded.setObjectName("recordedAttributes")
        self.recorded.setWordWrap(True)
        self.recorded.setTextFormat(Qt.TextFormat.RichText)
        self.recorded.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.recorded.setToolTip("Recorded by the program (curation decisions, where a suggestion came from): "
                                 "shown, not editable. Decide again in the curation view to change a decision.")
        self.recorded.hide()
        # The attribute editors of each set of attributes shown, kept and swapped in:
        # building them anew (and styling the new widgets) was 2-4 ms of an accept that moves to a
        # span of another label, and of every new span (issue 12). At most FORMS_KEPT are kept.
        self._forms: dict[tuple[str, ...], _Form] = {}  # by the attributes edited
        self._shown_form: _Form | None = None
        self._form_host = QWidget(self.body)
        host = QVBoxLayout(self._form_host)
        host.setContentsMargins(0, 0, 0, 0)
        host.setSpacing(0)
        self.form = QFormLayout()  # the form shown (a kept one's layout once a span is shown)
        self.links = QLabel(self.body)
        self.links.setWordWrap(True)
        self.links.setTextFormat(Qt.TextFormat.RichText)
        self.links.linkActivated.connect(self._on_link)
        self.stances = QLabel(self.body)
        self.stances.setObjectName("spanStances")
        self.stances.setWordWrap(True)
        self.stances.setTextFormat(Qt.TextFormat.RichText)
        self.stances.linkActivated.connect(self._on_link)

        self.accept_btn = QPushButton("Accept  A", self.body)
        self.reject_btn = QPushButton("Reject  X", self.body)
        self.delete_btn = QPushButton("Delete  Del", self.body)
        for btn in (self.accept_btn, self.reject_btn, self.delete_btn):
            btn.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            btn.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.accept_btn.clicked.connect(self.acceptRequested)
        self.reject_btn.clicked.connect(self.rejectRequested)
        self.delete_btn.clicked.connect(self.deleteRequested)
        self.label_combo.activated.connect(self._on_label)

        head = QHBoxLayout()
        head.addWidget(self.label_combo, 1)
        head.addWidget(self.status_chip)
        buttons = QHBoxLayout()
        buttons.addWidget(self.accept_btn)
        buttons.addWidget(self.reject_btn)
        buttons.addWidget(self.delete_btn)
        line = QFrame(self.body)
        line.setFrameShape(QFrame.Shape.HLine)
        line.setObjectName("separator")
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(6)
        body.addLayout(head)
        body.addWidget(self.quote)
        body.addWidget(self.origin)
        body.addWidget(self.recorded)
        body.addLayout(buttons)
        body.addWidget(line)
        body.addWidget(self._form_host)
        body.addWidget(self.links)
        body.addWidget(self.stances)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.setSpacing(6)
        layout.addWidget(title)
        layout.addWidget(self.empty)
        layout.addWidget(self.body)
        layout.addStretch(1)
        self.body.hide()

    # ----------------------------------------------------------------- filling

    def set_hint(self, rows: list[tuple[str, str]]) -> None:
        """What to do when nothing is selected: (keys, action) rows, from the live shortcuts."""
        body = "".join(f"<tr><td style='padding-right:10px'><b>{_esc(k)}</b></td><td>{_esc(t)}</td></tr>" for k, t in rows)
        self.empty.setText(f"<p>Nothing selected.</p><table cellspacing='2'>{body}</table>")

    def set_schema(self, schema: LabelSchema) -> None:
        self._schema = schema
        self.label_combo.blockSignals(True)
        self.label_combo.clear()
        for lab in schema.labels:
            key = f"  [{lab.shortcut}]" if lab.shortcut else ""
            self.label_combo.addItem(swatch(lab.colour), f"{lab.name}{key}", lab.name)
            tip = label_tip(lab.name, lab.layer, lab.description, lab.shortcut)  # the description where it is chosen
            self.label_combo.setItemData(self.label_combo.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        self.label_combo.blockSignals(False)
        self._span = None
        self._form_key = None
        self._form_names = ()
        self._editors = {}
        for form in self._forms.values():  # built for the old schema's attributes
            form.widget.deleteLater()
        self._forms.clear()
        self._shown_form = None

    def span(self) -> Span | None:
        return self._span

    def show_span(self, span: Span | None, *, text: str = "", relations: list[Relation] | None = None,
                  names: Mapping[str, str] | None = None, stances: list[Stance] | None = None,
                  pieces: Collection[str] = (), hidden: str = "") -> None:
        """Show ``span`` (None: the empty hint). ``text`` is the article text; ``names`` maps the
        span ids of related spans to their text, for the links; ``stances`` are the stances resting
        on the span or held by it, a line each; ``pieces``: the ids of the other pieces of its
        discontinuous span, whose links (the quote's speaker and cue) are the span's own.
        ``hidden``: the View filters that hide the span ("View → Suggestions off"), "" when it is
        drawn; while hidden, Accept / Reject / Delete are disabled and their tooltip says why (A / X
        / Delete leave a hidden span alone: usertest10g finding 7, enabled buttons that did nothing)."""
        previous = self._span
        self._span = span
        if span is None:
            self._stance_lines = []
            self.body.hide()
            self.empty.show()
            return
        self.empty.hide()
        self.body.show()
        snippet = span.text_in(text) if text else ""
        if len(snippet) > 280:
            snippet = snippet[:270] + " … " + snippet[-8:]
        self.quote.setText(f"“{snippet}”" if snippet else "")
        status_text, colour = STATUS_STYLE[span.status]
        if self.status_chip.text() != status_text:  # a style sheet change re-polishes: only when needed
            self.status_chip.setText(status_text)
            self.status_chip.setStyleSheet(
                f"QLabel {{ color: white; background: {colour}; border-radius: 8px; padding: 1px 8px; font-weight: 600; }}"
            )
        origin = span.origin or "—"
        who = f" · by {span.by}" if span.by else ""
        when = f" · {span.updated[:19].replace('T', ' ')} UTC" if span.updated else ""
        self.origin.setText(f"{origin}{who}{when}  ·  [{span.start}, {span.end})")
        self.label_combo.blockSignals(True)
        i = self.label_combo.findData(span.label)
        if i < 0:
            self.label_combo.addItem(span.label, span.label)
            i = self.label_combo.count() - 1
        self.label_combo.setCurrentIndex(i)
        self.label_combo.blockSignals(False)
        self.accept_btn.setEnabled(span.status != Status.ACCEPTED and not hidden)
        self.reject_btn.setEnabled(span.status != Status.REJECTED and not hidden)
        self.delete_btn.setEnabled(span.status == Status.ACCEPTED and not hidden)
        why = f"This {span.label} is hidden ({hidden}): switch it on in the View menu to decide it" if hidden else ""
        for btn in (self.accept_btn, self.reject_btn, self.delete_btn):
            if btn.toolTip() != why:
                btn.setToolTip(why)
        if self._form_key != (span.label, _extra_names(span, self._form_names)):
            self._build_attributes(span)  # another set of editors only when the label's attributes differ
        self._fill_attributes(span)
        self._show_recorded(span, text)
        self._show_links(span, relations or [], names or {}, set(pieces))
        self._show_stances(span, stances or [])

    def _build_attributes(self, span: Span) -> None:
        """Show the attribute editors of ``span``'s label (and of its own extra attributes): a
        kept form when one was built for the same label and extras, else a new one."""
        if self._schema is None:
            self._editors = {}
            return
        label = self._schema.label(span.label)
        # a schema naming a machine attribute still gets no editor for it (machine_attrs)
        names = tuple(n for n in (label.attributes if label else ()) if form_editable(n, None))
        extra = _extra_names(span, names)
        fields = names + extra  # the editors depend on these only: labels with the same share a form
        form = self._forms.pop(fields, None)
        if form is None:
            form = self._new_form(fields)
        self._forms[fields] = form  # the most recent last
        if self._shown_form is not form:
            if self._shown_form is not None and shiboken6.isValid(self._shown_form.widget):
                self._shown_form.widget.hide()
            form.widget.show()
            self._shown_form = form
        self._form_key, self._form_names, self._editors, self.form = (span.label, extra), names, form.editors, form.layout
        while len(self._forms) > FORMS_KEPT:  # the shown one is the most recent: never dropped
            oldest = next(iter(self._forms))
            self._forms.pop(oldest).widget.deleteLater()

    def _new_form(self, names: tuple[str, ...]) -> _Form:
        widget = QWidget(self._form_host)
        widget.hide()
        layout = QFormLayout(widget)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        editors: dict[str, QWidget] = {}
        assert self._schema is not None
        for name in names:
            spec = self._schema.attributes.get(name)
            kind = spec.type if spec else "text"
            if kind == "choice" and spec is not None:
                editor: QWidget = QComboBox(widget)
                editor.addItem("—", "")
                for value in spec.values:
                    editor.addItem(value, value)
                editor.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
                editor.activated.connect(lambda _i, n=name, e=editor: self.attributeEdited.emit(n, e.currentData()))
            elif kind == "bool":
                editor = QCheckBox(widget)
                editor.toggled.connect(lambda on, n=name: self.attributeEdited.emit(n, bool(on)))
            elif kind == "number":
                editor = QDoubleSpinBox(widget)
                editor.setRange(-1e9, 1e9)
                editor.setDecimals(3)
                editor.editingFinished.connect(lambda n=name, e=editor: self.attributeEdited.emit(n, e.value()))
            else:
                editor = EditorLineEdit(widget)
                editor.setPlaceholderText(spec.description if spec else "")
                editor.editingFinished.connect(lambda n=name, e=editor: self._on_text(n, e))
                editor.done.connect(self.fieldDone)
            if spec and spec.description:
                editor.setToolTip(spec.description)
            editors[name] = editor
            layout.addRow(name.replace("_", " ").capitalize(), editor)
        self._form_host.layout().addWidget(widget)
        return _Form(widget, layout, editors)

    def _fill_attributes(self, span: Span) -> None:
        for name, editor in self._editors.items():
            value: Any = span.attrs.get(name, "")
            # a stored list or object (an import's) would be replaced by its text: shown, not edited
            holds = form_editable(name, value)
            editor.setEnabled(holds)
            if not holds:
                value = _short(value)
            editor.blockSignals(True)
            if isinstance(editor, QComboBox):
                i = editor.findData(value)
                if i < 0 and value:
                    editor.addItem(str(value), value)
                    i = editor.count() - 1
                editor.setCurrentIndex(max(i, 0))
            elif isinstance(editor, QCheckBox):
                editor.setChecked(bool(value))
            elif isinstance(editor, QDoubleSpinBox):
                editor.setValue(_as_float(value))
            elif isinstance(editor, QLineEdit):
                if not editor.hasFocus() or editor.text() == str(value or ""):
                    editor.setText(str(value or ""))
            editor.blockSignals(False)

    def _show_recorded(self, span: Span, text: str) -> None:
        """The machine attributes worth reading (:func:`machine_attrs.readable`), read-only; a
        schema attribute whose stored value no field can hold shows here too."""
        rows = readable(span.attrs, text)
        rows += [(name.replace("_", " ").capitalize(), _short(value)) for name, value in span.attrs.items()
                 if name not in self._editors and not form_editable(name, value) and form_editable(name, None)]
        if not rows:
            self.recorded.setText("")
            self.recorded.hide()
            return
        self.recorded.setText("<br>".join(f"<span style='color:#777'>{_esc(k)}:</span> {_esc(v)}" for k, v in rows))
        self.recorded.show()

    def recorded_lines(self) -> list[str]:
        """The read-only lines shown for the span, as plain text ("Curation: kept from ana …")."""
        text = self.recorded.text() if self.recorded.isVisibleTo(self) else ""
        return [_plain(line) for line in text.split("<br>") if line]

    def _show_links(self, span: Span, relations: list[Relation], names: Mapping[str, str], pieces: set[str] | None = None) -> None:
        if not relations:
            self.links.setText("")
            self.links.hide()
            return
        rows = ["<b>Links</b>"]
        own = {span.id} | (pieces or set())  # a piece's links are the whole discontinuous span's
        for rel in relations:
            outgoing = rel.head in own and rel.child != span.id
            other = rel.child if outgoing else rel.head
            arrow = f"{rel.label} →" if outgoing else f"← {rel.label} of"
            status = "" if rel.status == Status.ACCEPTED else f" <i>({rel.status.value})</i>"
            text = names.get(other, other[:8])
            if len(text) > 60:
                text = text[:57] + "…"
            rows.append(
                f"{arrow} <a href='span:{other}'>{_esc(text)}</a>{status} "
                f"&nbsp;<a href='unlink:{rel.id}' style='color:#c0392b'>remove</a>"
            )
        self.links.setText("<br>".join(rows))
        self.links.show()

    def _show_stances(self, span: Span, stances: list[Stance]) -> None:
        self._stance_lines = [stance_line(s) for s in stances]
        if not stances:
            self.stances.setText("")
            self.stances.hide()
            return
        rows = ["<b>Stances</b>"]
        for stance in stances:
            status = "" if stance.status == Status.ACCEPTED else f" <i>({stance.status.value})</i>"
            role = "" if stance.evidence == span.id else " <i>(held here)</i>"
            rows.append(
                f"{_esc(stance_line(stance))}{status}{role} "
                f"&nbsp;<a href='unstance:{stance.id}' style='color:#c0392b'>remove</a>"
            )
        self.stances.setText("<br>".join(rows))
        self.stances.show()

    def stance_lines(self) -> list[str]:
        """The stance lines shown, as plain text ("holder — polarity → target")."""
        return list(self._stance_lines)

    # ----------------------------------------------------------------- signals out

    def editor(self, name: str) -> QWidget | None:
        return self._editors.get(name)

    def _on_label(self, index: int) -> None:
        name = self.label_combo.itemData(index)
        if self._span is not None and name and name != self._span.label:
            self.labelChosen.emit(name)
            # not written (a relabel that would drop links asks first): the list shows the stored label again
            if self._span is not None and self.label_combo.currentData() != self._span.label:
                self.label_combo.blockSignals(True)
                self.label_combo.setCurrentIndex(max(self.label_combo.findData(self._span.label), 0))
                self.label_combo.blockSignals(False)

    def _on_text(self, name: str, editor: QLineEdit) -> None:
        if self._span is None:
            return
        value = editor.text().strip()
        if value != str(self._span.attrs.get(name, "") or ""):
            self.attributeEdited.emit(name, value)

    def _on_link(self, href: str) -> None:
        kind, _, ident = href.partition(":")
        if kind == "span":
            self.spanLinkActivated.emit(ident)
        elif kind == "unlink":
            self.relationDeleteRequested.emit(ident)
        elif kind == "unstance":
            self.stanceDeleteRequested.emit(ident)


def stance_line(stance: Stance) -> str:
    """A stance as one line: "holder — polarity → target"."""
    return f"{stance.holder} — {stance.polarity} → {stance.target}"


def _extra_names(span: Span, form_names: tuple[str, ...]) -> tuple[str, ...]:
    """The span's own attributes the form edits beside its label's: neither a machine attribute
    nor a value a field cannot hold (:func:`machine_attrs.form_editable`)."""
    return tuple(k for k, v in span.attrs.items() if k not in form_names and form_editable(k, v))


def _as_float(value: Any) -> float:
    try:
        return float(value or 0)
    except (TypeError, ValueError):  # a stored text in a number field: shown as 0, the field disabled
        return 0.0


def _short(value: Any) -> str:
    import json

    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return text if len(text) <= 120 else text[:117] + "…"


def _plain(html: str) -> str:
    import re

    return re.sub(r"<[^>]+>", "", html).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

