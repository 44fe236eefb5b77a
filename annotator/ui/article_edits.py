"""Tags and stances of the open article as undoable edits, and the Article panel kept in step.

The panel (:mod:`annotator.ui.article_panel`) emits requests; each becomes one edit through the
window's :class:`EditPath` (undo stack → project file → :class:`ArticleState`), exactly like a
span edit, so Ctrl+Z undoes it — in whichever article it was made.
"""

from __future__ import annotations

from collections.abc import Callable

from annotator.domain import commands
from annotator.domain.model import Status
from annotator.ui.article_panel import ArticlePanel
from annotator.ui.editing import EditPath
from annotator.ui.session import Session

HOLDER_LABELS = ("PERSON", "ORG", "SPEAKER")


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
        panel.stanceAddRequested.connect(self.add_stance)
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
            panel.set_completions(tags=self.project_tags(), holders=self.holder_candidates())
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
        """Every tag used anywhere in the project."""
        return [r[0] for r in self._session.project.db.execute("SELECT DISTINCT tag FROM tags ORDER BY tag")]

    def holder_candidates(self) -> list[str]:
        """Names a stance holder is likely to be: PERSON / ORG / SPEAKER span texts of the open
        article (not rejected ones), the people quotes are attributed to, and earlier holders."""
        w = self._session
        state = w.state
        if state is None:
            return []
        names: set[str] = set()
        for span in state.spans.values():
            if span.status == Status.REJECTED:
                continue
            if span.label in HOLDER_LABELS or span.layer == "speaker":
                names.add(" ".join(span.text_in(state.text).split()))
            ref = span.attrs.get("speaker_ref")
            if isinstance(ref, str) and ref.strip():
                names.add(ref.strip())
        names.update(s.holder for s in state.stances.values())
        return sorted((n for n in names if n), key=str.casefold)

    # ------------------------------------------------------------ edits

    def add_tag(self, tag: str) -> bool:
        w = self._session
        tag = " ".join(tag.split())
        if w.state is None or not tag:
            return False
        if w.state.has_tag(tag):
            w.say(f"This article is already tagged “{tag}”", 3000)
            self._panel.clear_tag_field()
            return False
        edit = commands.add_tag(article_id=w.state.article_id, tag=tag, by=w.analyst())
        if not self._edits.push(edit):
            return False
        self._panel.clear_tag_field()
        self._panel.add_tag_word(tag)
        w.say(f"Tagged “{tag}” (Ctrl+Z to take it back)", 4000)
        return True

    def remove_tag(self, tag_id: str) -> bool:
        w = self._session
        tag = w.state.tags.get(tag_id) if w.state else None
        if tag is None:
            return False
        return self._edits.push(commands.delete_tag(tag))

    def add_stance(self, holder: str, polarity: str, target: str, note: str = "") -> bool:
        w = self._session
        if w.state is None or not holder.strip() or not target.strip():
            return False
        polarity = polarity or w.schema.stance_polarities[0]
        edit = commands.add_stance(w.state, article_id=w.state.article_id, holder=holder.strip(), target=target.strip(),
                                   polarity=polarity, by=w.analyst(), note=note.strip())
        if not self._edits.push(edit):
            return False
        self._panel.clear_stance_fields()
        w.say(f"Stance added: {holder} {polarity} {target} (Ctrl+Z to take it back)", 4000)
        return True

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

    def focus_stance(self) -> None:
        if self._session.state is None:
            return
        self._panel.set_completions(tags=self.project_tags(), holders=self.holder_candidates())
        self._panel.focus_stance()
