"""The window's actions and menus: one QAction per :data:`ACTIONS` entry (keys from Preferences),
the menu bar, the label and recent-project menus, and the View menu's layer and suggestion toggles."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMenu, QMenuBar

from annotator.domain.document import ArticleState
from annotator.domain.guidelines import label_tip
from annotator.domain.model import ArticleStatus
from annotator.ui import dialogs
from annotator.ui.actions import ACTIONS, keys_for
from annotator.ui.article_edits import ArticleAnnotations, ArticleStances
from annotator.ui.article_view import ArticleView
from annotator.ui.details_panel import DetailsPanel, swatch
from annotator.ui.editing import EditPath
from annotator.ui.file_watch import OutsideWrites
from annotator.ui.key_scope import SpanKeyScope
from annotator.ui.navigation import ArticleNavigator
from annotator.ui.piece_keys import PieceKeys
from annotator.ui.review import ReviewController
from annotator.ui.session import Session
from annotator.ui.span_list import SpanListPanel

if TYPE_CHECKING:
    from annotator.ui.search_panel import SearchPanel


# issue 12 (launch12): the dialogs and views a menu opens are imported when it is opened, not
# before the window's first paint (each module imported then costs its import and a PySide6
# source scan of the module on the UI thread; the curation view alone is ~2,000 lines).
def open_schema_dialog(*args: Any, **kwargs: Any) -> Any:
    from annotator.ui.schema_dialog import open_schema_dialog as open_dialog

    return open_dialog(*args, **kwargs)


def show_charts(*args: Any, **kwargs: Any) -> Any:
    from annotator.ui.charts_dialog import show_charts as show

    return show(*args, **kwargs)


def open_curation(*args: Any, **kwargs: Any) -> Any:  # issue 11
    from annotator.ui.curation_view import open_curation as open_view

    return open_view(*args, **kwargs)


def open_agreement(*args: Any, **kwargs: Any) -> Any:  # issue 11, branch agreeview
    from annotator.ui.agreement_dialog import open_agreement as open_dialog

    return open_dialog(*args, **kwargs)


class MenuHost(dialogs.DialogHost, Protocol):
    """What the menus act on: the window's controllers, panels and commands. The actions are added
    to it (``window()``), so their keys work anywhere in it."""

    session: Session
    edits: EditPath
    review: ReviewController
    navigator: ArticleNavigator
    article_annotations: ArticleAnnotations
    article_stances: ArticleStances  # Ctrl+Shift+T picks holder, target, polarity
    view: ArticleView
    span_list: SpanListPanel
    details: DetailsPanel
    outside_writes: OutsideWrites  # fix11ah: other programs' writes, followed by the curation view too
    piece_keys: PieceKeys  # J / Shift+J / B (fixut16c)

    @property
    def state(self) -> ArticleState | None: ...

    @property
    def undo_stack(self) -> QUndoStack: ...

    def menuBar(self) -> QMenuBar: ...  # noqa: N802

    def step_suggestion(self, step: int) -> None: ...

    def accept_selected(self) -> None: ...

    def reject_selected(self) -> None: ...

    def delete_selected(self) -> None: ...

    def apply_label(self, name: str) -> None: ...

    def clear_selection(self) -> None: ...

    def open_context_menu(self) -> None: ...

    def undo(self) -> None: ...

    def redo(self) -> None: ...

    def step_article(self, step: int) -> None: ...

    def mark_done_and_next(self) -> None: ...

    def mark_reviewed(self) -> None: ...  # fix11f: asks first on an uncurated team article, as done does

    def open_find(self) -> None: ...

    def find_again(self, *, backwards: bool) -> None: ...

    def focus_article_search(self) -> None: ...

    def show_saved(self) -> None: ...

    def restore_backup(self) -> None: ...

    def save_copy(self) -> bool: ...

    def import_dialog(self) -> None: ...

    def export_dialog(self) -> None: ...

    def start_preannotation(self) -> bool: ...

    def cancel_background(self) -> None: ...

    def open_preferences(self, focus: str = "") -> None: ...

    def close(self) -> bool: ...

LAYER_GROUPS: dict[str, tuple[str, ...]] = {
    "Entities": ("entity", "other"),
    "Quotes, speakers and cues": ("quote", "speaker", "cue"),
    "Claims": ("claim",),
}


class WindowMenus(QObject):
    """Builds the actions (added to the window, so their keys work anywhere in it) and the menus."""

    def __init__(self, window: MenuHost) -> None:
        super().__init__(window.window())
        self._window = window
        self.actions_by_id: dict[str, QAction] = {}
        self.layer_actions: dict[str, QAction] = {}
        self.search_panel: SearchPanel | None = None  # Ctrl+Shift+F, made on first use
        self._build_actions()
        self._build_menus()
        # Span keys (A, X, Del, 1-9, Tab…) act only while the article view or the span list has focus.
        self.key_scope = SpanKeyScope(window.window(), self.actions_by_id, self._span_widgets)
        window.session.projectChanged.connect(self._forget_search_panel)

    def _forget_search_panel(self, _project: Any = None) -> None:
        """fixut17a: the search dialog belongs to the project it searched: closed when another
        opens (it stayed open on the closed file); Ctrl+Shift+F makes one for the new project."""
        if self.search_panel is not None:
            self.search_panel.close()
            self.search_panel.deleteLater()
            self.search_panel = None

    def _span_widgets(self) -> list[Any]:
        w = self._window  # built after the menus, hence looked up at key time
        return [x for x in (getattr(w, "view", None), getattr(w, "span_list", None)) if x is not None]

    def _handlers(self) -> dict[str, Callable[[], Any]]:
        w = self._window
        handlers: dict[str, Callable[[], Any]] = {
            "next_suggestion": lambda: w.step_suggestion(1),
            "prev_suggestion": lambda: w.step_suggestion(-1),
            "next_span": lambda: w.review.step_span(1),
            "prev_span": lambda: w.review.step_span(-1),
            "accept": w.accept_selected,
            "reject": w.reject_selected,
            "accept_all": w.review.accept_all,
            "delete": w.delete_selected,
            "end_right": lambda: w.review.move_edge("end", 1),
            "end_left": lambda: w.review.move_edge("end", -1),
            "start_left": lambda: w.review.move_edge("start", -1),
            "start_right": lambda: w.review.move_edge("start", 1),
            # Edges by word / sentence / paragraph, resize to the text selection (issue 9).
            **{f"{edge}_{way}_{unit}": (lambda e=edge, st=step, u=unit: w.review.move_edge(e, st, u))
               for unit, ways in (("word", (("right", 1), ("left", -1))), ("sentence", (("right", 1), ("left", -1))),
                                  ("paragraph", (("down", 1), ("up", -1))))
               for edge in ("start", "end") for way, step in ways},
            "resize_to_selection": lambda: w.review.resize_to_selection(),
            "clear_selection": w.clear_selection,
            # S / U / Shift+S open the link pickers (annotator.ui.linking).
            "pick_speaker": lambda: w.linking.pick_speaker(),
            "pick_cue": lambda: w.linking.pick_cue(),
            "pick_speaker_ref": lambda: w.linking.pick_speaker_ref(),
            # J / Shift+J / B: join quotes into one interrupted quote, split a piece off (annotator.ui.piece_keys).
            "join_next": lambda: w.piece_keys.join_step(1),
            "join_prev": lambda: w.piece_keys.join_step(-1),
            "split_piece": lambda: w.piece_keys.split_off(),
            "context_menu": w.open_context_menu,
            "undo": w.undo,
            "redo": w.redo,
            "next_article": lambda: w.step_article(1),
            "prev_article": lambda: w.step_article(-1),
            "mark_done": w.mark_done_and_next,
            "mark_reviewed": w.mark_reviewed,  # fix11f
            "reopen": lambda: w.navigator.set_status(ArticleStatus.IN_PROGRESS),
            "add_tag": w.article_annotations.focus_tag,
            "add_stance": w.article_stances.start,  # holder, target, polarity pickers
            "find": w.open_find,
            "find_next": lambda: w.find_again(backwards=False),
            "find_prev": lambda: w.find_again(backwards=True),
            "find_article": w.focus_article_search,
            "search_project": self.open_search_panel,
            "zoom_in": lambda: w.view.zoom_in(),
            "zoom_out": lambda: w.view.zoom_out(),
            "zoom_reset": lambda: w.view.reset_zoom(),
            "save": w.show_saved,
            "new_project": lambda: dialogs.new_project(w),
            "open_project": lambda: dialogs.open_project(w),
            "restore_backup": w.restore_backup,
            "save_copy": w.save_copy,
            "import": w.import_dialog,
            "export": w.export_dialog,
            "preannotate": lambda: w.preannotate_asked(),
            "cancel_work": w.cancel_background,
            "queued_work": lambda: w.background.show_menu(),  # type: ignore[attr-defined]
            # Training and active ordering (issue 10, branch trainui): annotator.ui.train_dialog / active_order.
            "train": lambda: w.training.open_dialog(),  # type: ignore[attr-defined]
            "order_uncertain": lambda: w.active_order.toggle(),  # type: ignore[attr-defined]
            "preferences": w.open_preferences,
            # Project lists and guidelines (issue 9).
            "targets_tags": lambda: open_schema_dialog(w.window(), w.session.project, w.edits.push, undo=w.undo, redo=w.redo, stack=w.undo_stack),
            "guidelines": lambda: w.guidelines_panel.setVisible(not w.guidelines_panel.isVisible()),
            "shortcuts": lambda: dialogs.show_shortcuts(w),
            # Progress and charts (Ctrl+Shift+R): the dialog takes the project, not the window.
            "charts": lambda: show_charts(w),
            # -- curation (issue 11): the view takes the project and the edit path, not the window --
            "curation": lambda: open_curation(w.window(), w.session.project, w.edits.push, undo=w.undo, redo=w.redo,
                                              by=lambda: w.session.analyst(ask=False), stack=w.undo_stack,
                                              project_changed=w.session.projectChanged,
                                              article_id=w.state.article_id if w.state is not None else None,
                                              watch=w.outside_writes),  # fix11ah: the window's watcher, shared
            # -- agreement (issue 11, branch agreeview): the dialog takes the project and an article opener --
            "agreement": lambda: open_agreement(w.window(), w.session.project, lambda article_id: w.open_article(article_id),
                                                project_changed=w.session.projectChanged),
            "quit": w.close,
        }
        for n in range(1, 10):
            handlers[f"label_{n}"] = lambda n=n: w.review.apply_label_key(str(n))
        # F / G / N and the current target (Shift+T).
        for n in range(1, 4):
            handlers[f"stance_polarity_{n}"] = lambda n=n: w.stance_keys.set_polarity(n - 1)
        handlers["stance_target"] = lambda: w.stance_keys.choose_target()
        return handlers

    # ---- project search (issue 9, branch `search`): re-home onto the session when merging ----
    def open_search_panel(self) -> None:
        """Ctrl+Shift+F: show the project search dialog (one per window and project); a hit
        opens its article in this window with the span selected."""
        from annotator.ui.search_panel import SearchPanel

        w = self._window
        if self.search_panel is not None and self.search_panel.project is not w.project:
            self._forget_search_panel()  # the window opened another project
        if self.search_panel is None:
            self.search_panel = SearchPanel(w.project, w)

            def open_hit(article_id: int, span_id: str) -> None:
                w.open_article(article_id, select=span_id)
                w.activateWindow()

            self.search_panel.openRequested.connect(open_hit)

            def give_keys_back(_result: int) -> None:
                # usertest15 M1: closed with Esc, the dialog left the keys nowhere where no window
                # manager activates its parent (Xvfb, some tiling ones): the article takes them back
                w.activateWindow()
                w.view.setFocus()

            self.search_panel.finished.connect(give_keys_back)
        self.search_panel.fill_choices()
        self.search_panel.show()
        self.search_panel.raise_()
        self.search_panel.activateWindow()
        self.search_panel.text.setFocus()
        self.search_panel.text.selectAll()
    # ---- end of project search ----

    def _build_actions(self) -> None:
        w = self._window
        handlers = self._handlers()
        for spec in ACTIONS:
            action = QAction(spec.text, w.window())
            action.setObjectName(f"action_{spec.id}")
            action.setToolTip(spec.help)
            action.setStatusTip(spec.help)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _c=False, f=handlers[spec.id]: f())
            w.window().addAction(action)
            self.actions_by_id[spec.id] = action

    def _build_menus(self) -> None:
        w, a = self._window, self.actions_by_id
        menu = w.menuBar()
        file_menu = menu.addMenu("&File")
        file_menu.addActions([a["new_project"], a["open_project"]])
        self.recent_menu = file_menu.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self.fill_recent_menu)
        file_menu.addAction(a["save_copy"])
        file_menu.addAction(a["restore_backup"])
        file_menu.addSeparator()
        file_menu.addActions([a["import"], a["export"], a["preannotate"], a["cancel_work"], a["queued_work"]])
        file_menu.addSeparator()
        file_menu.addAction(a["save"])
        file_menu.addAction(a["quit"])

        edit_menu = menu.addMenu("&Edit")
        edit_menu.addActions([a["undo"], a["redo"]])
        edit_menu.addSeparator()
        edit_menu.addActions([a["accept"], a["reject"], a["accept_all"], a["delete"]])
        self.label_menu = edit_menu.addMenu("&Label selection")
        self.label_menu.setToolTipsVisible(True)  # each label's description (branch lists)
        edit_menu.addSeparator()
        edit_menu.addActions([a["next_suggestion"], a["prev_suggestion"], a["next_span"], a["prev_span"]])
        boundary = edit_menu.addMenu("Span &boundaries")
        boundary.addActions([a["start_left"], a["start_right"], a["end_left"], a["end_right"]])
        for unit, ways in (("word", ("left", "right")), ("sentence", ("left", "right")), ("paragraph", ("up", "down"))):  # bounds
            boundary.addSeparator()
            boundary.addActions([a[f"start_{ways[0]}_{unit}"], a[f"start_{ways[1]}_{unit}"],
                                 a[f"end_{ways[0]}_{unit}"], a[f"end_{ways[1]}_{unit}"]])
        boundary.addSeparator()
        boundary.addAction(a["resize_to_selection"])  # bounds
        edit_menu.addActions([a["context_menu"], a["clear_selection"]])
        edit_menu.addActions([a["pick_speaker"], a["pick_cue"], a["pick_speaker_ref"]])
        edit_menu.addActions([a["join_next"], a["join_prev"], a["split_piece"]])
        edit_menu.addSeparator()
        edit_menu.addAction(a["targets_tags"])  # branch lists (issue 9)
        edit_menu.addAction(a["preferences"])

        article_menu = menu.addMenu("&Article")
        article_menu.addActions([a["next_article"], a["prev_article"], a["mark_done"], a["mark_reviewed"], a["reopen"]])
        article_menu.addSeparator()
        article_menu.addActions([a["add_tag"], a["add_stance"]])
        article_menu.addActions([a["stance_polarity_1"], a["stance_polarity_2"], a["stance_polarity_3"], a["stance_target"]])
        article_menu.addSeparator()
        article_menu.addActions([a["find"], a["find_next"], a["find_prev"], a["find_article"], a["search_project"]])

        self._build_view_menu(menu.addMenu("&View"))
        # ---- Tools (issue 10, branch trainui) ----
        tools_menu = menu.addMenu("&Tools")
        tools_menu.addActions([a["train"], a["order_uncertain"]])

        help_menu = menu.addMenu("&Help")
        help_menu.addAction(a["shortcuts"])
        about = QAction("&About Annotator", w.window())
        about.triggered.connect(lambda _c=False: dialogs.show_about(w))
        help_menu.addAction(about)

    def _build_view_menu(self, view_menu: QMenu) -> None:
        w, a = self._window, self.actions_by_id
        settings = w.settings
        for title in LAYER_GROUPS:
            act = QAction(title, w.window(), checkable=True, checked=self._setting_on(f"view/layer/{title}", True))
            act.toggled.connect(lambda on, t=title: (settings.set_value(f"view/layer/{t}", on), self.apply_layers()))
            view_menu.addAction(act)
            self.layer_actions[title] = act
        view_menu.addSeparator()
        self.show_suggestions_action = QAction("Suggestions", w.window(), checkable=True, checked=self._setting_on("view/suggestions", True))
        self.show_suggestions_action.toggled.connect(self._set_show_suggestions)
        self.show_rejected_action = QAction("Rejected suggestions", w.window(), checkable=True, checked=self._setting_on("view/rejected", False))
        self.show_rejected_action.toggled.connect(self._set_show_rejected)
        view_menu.addActions([self.show_suggestions_action, self.show_rejected_action])
        view_menu.addSeparator()
        view_menu.addActions([a["zoom_in"], a["zoom_out"], a["zoom_reset"]])
        view_menu.addSeparator()
        view_menu.addAction(a["guidelines"])
        view_menu.addAction(a["charts"])
        # -- curation (issue 11): enabled only in a project with analysts' layers --
        view_menu.addAction(a["curation"])
        view_menu.addAction(a["agreement"])  # -- agreement (issue 11, branch agreeview) --
        def enable_curation(*_: object) -> None:  # and Agreement… (branch agreeview): both need analysts' layers
            has_layers = self._window.session.project.has_layers()
            for key in ("curation", "agreement"):
                a[key].setEnabled(has_layers)
                # fix11aj (usertest11q M1): a disabled action's key does nothing, so its menu line says why
                a[key].setStatusTip("" if has_layers else "Needs analysts' layers: `annotator merge` this file with the analysts' files first")
        view_menu.aboutToShow.connect(enable_curation)
        self._window.session.projectChanged.connect(enable_curation)
        # fix11aj (usertest11q M1): a merge run while the window is open (or while it opened) makes the
        # file a team project; Ctrl+Shift+K stayed disabled until the View menu was opened or the
        # file reopened. The window connects its watcher of other programs' writes to this.
        self.enable_curation = enable_curation
        enable_curation()
        view_menu.addSeparator()
        theme_menu = view_menu.addMenu("&Theme")
        group = QActionGroup(w.window())
        current = str(settings.value("view/theme", "light"))
        for value, text in (("light", "Light"), ("dark", "Dark"), ("system", "System")):
            act = QAction(text, w.window(), checkable=True, checked=value == current)
            act.triggered.connect(lambda _c=False, v=value: w.set_theme(v))
            group.addAction(act)
            theme_menu.addAction(act)

    # ------------------------------------------------------------ keys

    def apply_shortcuts(self) -> None:
        overrides = self._window.settings.shortcut_overrides()
        for spec in ACTIONS:
            keys = [QKeySequence(k) for k in keys_for(spec, overrides)]
            self.actions_by_id[spec.id].setShortcuts(keys)
        self._window.details.set_hint(self._hint_rows())

    def _hint_rows(self) -> list[tuple[str, str]]:
        def keys(*ids: str) -> str:
            out = []
            for action_id in ids:
                shortcuts = self.actions_by_id[action_id].shortcuts()
                if shortcuts:
                    out.append(shortcuts[0].toString(QKeySequence.SequenceFormat.NativeText))
            return " / ".join(out)

        return [
            (keys("next_suggestion", "prev_suggestion"), "next / previous suggestion"),
            (keys("next_span", "prev_span"), "next / previous span, accepted too"),
            (keys("accept") + ", " + keys("reject"), "accept, reject (then on to the next)"),
            ("1–9", "label the selected text or span"),
            (keys("accept_all"), "accept all shown suggestions here"),
            (keys("mark_done"), "article done, open the next"),
            (keys("undo"), "undo, in any article"),
            (keys("shortcuts"), "all keys"),
        ]

    def update_undo_texts(self) -> None:
        stack = self._window.undo_stack
        undo_text, redo_text = stack.undoText(), stack.redoText()
        self.actions_by_id["undo"].setText(f"&Undo {undo_text}" if undo_text else "&Undo")
        self.actions_by_id["redo"].setText(f"&Redo {redo_text}" if redo_text else "&Redo")
        self.actions_by_id["undo"].setEnabled(stack.canUndo())
        self.actions_by_id["redo"].setEnabled(stack.canRedo())

    # ------------------------------------------------------------ menus filled on demand

    def fill_label_menu(self) -> None:
        w = self._window
        self.label_menu.clear()
        for lab in w.schema.labels:
            act = self.label_menu.addAction(swatch(lab.colour), lab.name)
            act.triggered.connect(lambda _c=False, n=lab.name: w.apply_label(n))
            act.setToolTip(label_tip(lab.name, lab.layer, lab.description, lab.shortcut))  # branch lists: the description where it is chosen
            act.setStatusTip(act.toolTip())
            if lab.shortcut:
                act.setText(f"{lab.name}\t{lab.shortcut}")
        for n in range(1, 10):
            label = w.schema.by_shortcut(str(n))
            self.actions_by_id[f"label_{n}"].setText(f"Label {label.name}" if label else f"Label key {n}")

    def fill_recent_menu(self) -> None:
        w = self._window
        self.recent_menu.clear()
        for path in w.settings.recent_projects():
            act = self.recent_menu.addAction(str(path).replace("&", "&&"))
            act.setEnabled(path.exists())
            act.triggered.connect(lambda _c=False, p=path: w.switch_project(p))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("(none)").setEnabled(False)

    # ------------------------------------------------------------ view options

    def _layers_on(self) -> set[str]:
        layers: set[str] = set()
        for title, action in self.layer_actions.items():
            if action.isChecked():
                layers.update(LAYER_GROUPS[title])
        known = set().union(*LAYER_GROUPS.values())
        layers.update(layer for layer in self._window.schema.layers() if layer not in known)
        return layers

    def apply_layers(self) -> None:
        self._window.view.set_visible_layers(self._layers_on())
        self.list_follows_view()

    def view_filters(self) -> tuple[bool, frozenset[str] | None, bool]:
        """The View menu's filters as the span list takes them (``SpanListModel.set_filters``):
        rejected shown, the layers shown (None: every layer), suggestions shown."""
        every = all(action.isChecked() for action in self.layer_actions.values())
        return (self.show_rejected_action.isChecked(), None if every else frozenset(self._layers_on()),
                self.show_suggestions_action.isChecked())

    def list_follows_view(self) -> None:
        """The span list lists what the article view draws (issue 10, ui10k): its rows are built
        again when a filter changed."""
        w = self._window
        if w.span_list.model.set_filters(*self.view_filters()):
            w.span_list.set_state(w.state, w.schema)

    def _setting_on(self, key: str, default: bool) -> bool:
        return str(self._window.settings.value(key, default)).lower() in ("true", "1")

    def _set_show_suggestions(self, on: bool) -> None:
        self._window.settings.set_value("view/suggestions", on)
        self._window.view.set_show_suggestions(on)
        self.list_follows_view()

    def _set_show_rejected(self, on: bool) -> None:
        w = self._window
        w.settings.set_value("view/rejected", on)
        w.view.set_show_rejected(on)
        self.list_follows_view()
