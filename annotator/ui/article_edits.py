"""Tags and stances of the open article as undoable edits, and the Article panel kept in step.

The panel (:mod:`annotator.ui.article_panel`) emits requests; each becomes one edit through the
window's :class:`EditPath` (undo stack → project file → :class:`ArticleState`), exactly like a
span edit, so Ctrl+Z undoes it — in whichever article it was made.

A tag not yet in the project's tag list joins it in the same edit that tags the article (one
undo step); a tag typed in another case than its list entry takes the entry's spelling.

Article-level stances (:class:`ArticleStances`, Ctrl+Shift+T or "Add stance…") are picked, never
typed: the holder from the article's SPEAKER / PERSON / ORG / NORP / GPE spans grouped by name, or
a named entity of another article (:func:`annotator.domain.stance_choices.holder_choices`); the
target with the target picker (:class:`annotator.ui.stance_keys.TargetChooser`: Enter takes the
current target); the polarity with F / G / N, a digit, or Enter for the polarity combo's value.
A target not in the target list joins it in the stance's edit.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint

from annotator.domain import commands, project_lists
from annotator.domain.candidates import fold
from annotator.domain.link_edits import collapse
from annotator.domain.list_entries import TargetKind
from annotator.domain.model import Status
from annotator.domain.stance_choices import HolderChoice, clean, holder_choices
from annotator.domain.stance_rule import StanceError
from annotator.ui.article_panel import ArticlePanel
from annotator.ui.editing import EditPath
from annotator.ui.picker import Picker
from annotator.ui.session import Session
from annotator.ui.stance_keys import TargetChooser, project_entity_names

POLARITY_KEYS = ("f", "g", "n")  # the default keys of the schema's first three polarities (F / G / N)


class ArticleAnnotations:
    """The open article (``session.state``) shown in, and edited from, the Article ``panel``."""

    def __init__(self, session: Session, panel: ArticlePanel, edits: EditPath) -> None:
        self._session = session
        self._panel = panel
        self._edits = edits
        self._shown_article: int | None = None  # whose drafts the panel's fields hold
        # Called after the article's stances are shown: the details panel lists the selected span's.
        self.after_refresh: Callable[[], None] | None = None
        panel.tagAddRequested.connect(self.add_tag)
        panel.tagRemoveRequested.connect(self.remove_tag)
        panel.stanceDeleteRequested.connect(self.delete_stance)
        panel.evidenceActivated.connect(self.select_evidence)

    # ------------------------------------------------------------ showing

    def refresh(self, *, completions: bool = False) -> None:
        """Show the open article's tags and stances (and, on opening it, refill the completions)."""
        w = self._session
        panel = self._panel
        state = w.state
        if state is None:
            panel.clear()
            return
        if completions:
            panel.set_polarities(w.schema.stance_polarities)
            if state.article_id != self._shown_article:
                # A stance or tag being typed belongs to the article it was typed for: another
                # article starts from empty fields and the first polarity, never the last one used.
                panel.reset_drafts()
            self._shown_article = state.article_id
            panel.set_completions(tags=self.project_tags)  # read when the tag field is next focused
        stances = state.stance_list()
        evidence = {s.evidence: state.spans[s.evidence].text_in(state.text) for s in stances if s.evidence in state.spans}
        panel.show_annotations(state.tag_list(), stances, evidence)
        if self.after_refresh is not None:
            self.after_refresh()

    def select_evidence(self, span_id: str) -> None:
        """A click on a stance's row: select the quote or claim it rests on."""
        state = self._session.state
        if state is not None and span_id in state.spans:
            self._session.select(span_id)

    def project_tags(self) -> list[str]:
        """The project's tag list, then tags in use anywhere in the project but not listed."""
        listed = [entry.name for entry in self._session.project.tag_entries()]
        folded = {fold(name) for name in listed}
        used = [r[0] for r in self._session.project.db.execute("SELECT DISTINCT tag FROM tags ORDER BY tag")]
        return listed + [tag for tag in used if fold(tag) not in folded]

    # ------------------------------------------------------------ edits

    def add_tag(self, tag: str) -> bool:
        w = self._session
        tag = " ".join(tag.split())
        if w.state is None or not tag:
            return False
        entries = w.project.tag_entries()
        entry = next((e for e in entries if fold(e.name) == fold(tag)), None)
        tag = entry.name if entry is not None else tag
        if w.state.has_tag(tag):
            w.say(f"This article is already tagged “{tag}”", 3000)
            self._panel.clear_tag_field()
            return False
        tagging = commands.add_tag(article_id=w.state.article_id, tag=tag, by=w.analyst())
        if entry is None:
            try:
                listing = project_lists.add_tag(entries, tag)
            except project_lists.ListEditRefused as exc:
                w.say(str(exc), 5000)
                return False
            edit = collapse(f"{tagging.description} (added to the tag list)", [listing, tagging])
        else:
            edit = tagging
        if not self._edits.push(edit):
            return False
        self._panel.clear_tag_field()
        self._panel.add_tag_word(tag)
        joined = "; new in the tag list" if entry is None else ""
        w.say(f"Tagged “{tag}”{joined} (Ctrl+Z to take it back)", 4000)
        return True

    def remove_tag(self, tag_id: str) -> bool:
        w = self._session
        tag = w.state.tags.get(tag_id) if w.state else None
        if tag is None:
            return False
        return self._edits.push(commands.delete_tag(tag))

    def delete_stance(self, stance_id: str) -> bool:
        w = self._session
        stance = w.state.stances.get(stance_id) if w.state else None
        if stance is None:
            return False
        return self._edits.push(commands.delete_stance(stance))

    # ------------------------------------------------------------ keys (Article menu)

    def focus_tag(self) -> None:
        if self._session.state is None:
            return
        self._panel.focus_tag()


class ArticleStances:
    """Article-level stances picked with the keyboard (module docstring): ``start`` opens the
    holder picker, then the target picker of ``chooser``, then the polarity picker; the stance is
    one edit through ``edits``. ``picker`` (a :class:`Picker` of the window) shows the holder and
    polarity rows; ``after_close`` is called when the flow ends or is given up (the window puts
    the focus back on the article)."""

    def __init__(self, session: Session, panel: ArticlePanel, edits: EditPath, chooser: TargetChooser, picker: Picker) -> None:
        self._session = session
        self._panel = panel
        self._edits = edits
        self.chooser = chooser
        self.picker = picker
        self.after_close: Callable[[], None] | None = None
        self._stage = ""  # "holder" or "polarity" while its picker is open
        self._holder: HolderChoice | None = None
        self._target: tuple[str, str] = ("", "")
        self._polarities: list[str] = []
        picker.chosen.connect(self._on_chosen)
        picker.closed.connect(self._on_closed)
        panel.stanceStartRequested.connect(self.start)
        chooser.currentTargetChanged.connect(panel.set_current_target)

    def _anchor(self) -> QPoint:
        parent = self.picker.parentWidget()
        button = self._panel.add_stance_btn
        if parent is None or not button.isVisible():
            return QPoint(0, 0)
        below = parent.mapFromGlobal(button.mapToGlobal(QPoint(0, button.height() + 2)))
        return QPoint(below.x() + button.width() - self.picker.width(), below.y())

    def holder_rows(self) -> list[HolderChoice]:
        state = self._session.state
        if state is None:
            return []
        return holder_choices(state.text, state.spans.values(), project_entity_names(self._session.project))

    def start(self) -> None:
        """Ctrl+Shift+T / "Add stance…": open the holder picker."""
        if self._session.state is None:
            return
        rows = self.holder_rows()
        if not rows:
            self._session.say("No SPEAKER, PERSON, ORG, NORP or GPE is marked yet: select the holder's name in the article, "
                              "label it, then Ctrl+Shift+T", 8000)
            return
        self._stage = "holder"
        self.picker.open("Stance holder (who)? Not listed: Esc, select the name in the article, label it, Ctrl+Shift+T",
                         rows, at=self._anchor())

    def _on_closed(self) -> None:
        if not self.picker.isVisible() and self._stage and self.after_close is not None:
            self.after_close()

    def _on_chosen(self, row: object) -> None:
        stage, self._stage = self._stage, ""
        if stage == "holder" and isinstance(row, HolderChoice):
            self._holder = row
            self.chooser.open(self._anchor(), self._on_target, title=f"Target of {row.name}'s stance")
        elif stage == "polarity" and isinstance(row, str) and self._holder is not None:
            self.add(self._holder, row, *self._target)

    def _on_target(self, name: str, kind: str) -> None:
        self._target = (name, kind)
        self._polarities = list(self._session.schema.stance_polarities)
        keys = {POLARITY_KEYS[i]: i for i in range(min(len(POLARITY_KEYS), len(self._polarities)))}
        current = self._panel.polarity_combo.currentIndex()
        self._stage = "polarity"
        holder = self._holder.name if self._holder else ""
        self.picker.open(f"{holder} on {name}: F favour · G against · N neutral (Enter: the combo's)",
                         self._polarities, at=self._anchor(), keys=keys,
                         current=current if 0 <= current < len(self._polarities) else None)

    def add(self, holder: HolderChoice, polarity: str, target: str, kind: str = TargetKind.ENTITY.value) -> bool:
        """Add the article-level stance ``holder`` — ``polarity`` → ``target`` (with the panel's
        note) as one edit, listing the target when it is not listed. True when saved."""
        w = self._session
        state = w.state
        if state is None:
            return False
        note = self._panel.note_edit.text().strip()
        span_id = holder.span_id if holder.span_id in state.spans else ""
        try:
            target, listing = self.chooser.listing(target, kind)
            stance = commands.add_stance(state, article_id=state.article_id, holder=clean(holder.name), holder_span=span_id,
                                         target=target, polarity=polarity, by=w.analyst(), note=note, text=state.text)
        except (StanceError, project_lists.ListEditRefused) as exc:
            w.say(str(exc), 5000)
            return False
        if not stance:
            w.say(f"{holder.name} — {polarity} → {target} is set already", 4000)
            return False
        held = state.spans.get(span_id)
        # a suggested holder is accepted by this edit: said here and in the undo text (usertest16 MEDIUM-2)
        accepts = commands.accepts_note([held], state.text) if held is not None and held.status != Status.ACCEPTED else ""
        what = stance.description + (f"; {target} added to the target list" if listing else "")
        if not self._edits.push(collapse(what, [e for e in (listing, stance) if e])):
            return False
        self._panel.clear_stance_fields()
        i = self._panel.polarity_combo.findData(polarity)
        if i >= 0:
            self._panel.polarity_combo.setCurrentIndex(i)
        back = "Ctrl+Z takes both back" if accepts else "Ctrl+Z to take it back"
        w.say(f"Stance added: {holder.name} {polarity} {target}{accepts} ({back})", 6000 if accepts else 4000)
        return True
