"""What a user test of the team workflow found in the window (issue 11, fix11ui), each driven by
the keyboard: the details panel never edits an attribute the program wrote (the curation's
decision record above all), and a relabel in the main window that would drop links or move a
stance names them first, writes on the second press, and is undone whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QDoubleSpinBox, QLineEdit

from annotator.domain import commands
from annotator.domain.machine_attrs import MACHINE_ATTRIBUTES, MachineAttributeError, readable
from annotator.domain.model import Span, Status
from tests.domain.test_curation import TEXT, layers
from tests.domain.test_curation import make_project as make_team_project
from tests.ui.test_curation_view import open_view
from tests.ui.test_window_screenshots import save_widget
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

K = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


def press(window, key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:  # noqa: ANN001
    """A key press where the analyst's focus is: on the article text."""
    from pytestqt.qtbot import QtBot

    QtBot.keyClick(window.view.text_widget(), key, modifiers)
    QApplication.processEvents()


def curated_window(make_window, qtbot, tmp_path: Path, analyst_key: Qt.Key):  # noqa: ANN001, ANN201
    """The hand-made team article with the quote decided in the curation view by ``analyst_key``
    (1 ana: her SPEAKER link to Merkel and her stance follow; 2 ben: his speaker and CUE), the view
    closed, the window showing the gold."""
    project, article_id = make_team_project(tmp_path / "team.db", layers())
    window = make_window(project, analyst="lead")
    dialog = open_view(window, qtbot)
    qtbot.keyClick(dialog, K.Key_Tab)  # fix11q: lands on "said", the view opened on
    qtbot.keyClick(dialog, K.Key_Tab)  # "said" → the quote
    qtbot.keyClick(dialog, analyst_key)
    qtbot.keyClick(dialog, K.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    qtbot.wait(50)  # the closed view is deleted; the window is the active one again
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.open_article(article_id)
    window.view.setFocus()
    return window, project, article_id


def gold_span(window, text: str, label: str) -> Span:  # noqa: ANN001
    return next(s for s in window.state.spans.values() if TEXT[s.start:s.end] == text and s.label == label)


# ------------------------------------------------------------------------ 1. machine attributes


def test_the_details_panel_never_edits_the_curation_record_typed_into(make_window, qtbot, tmp_path: Path, monkeypatch) -> None:  # noqa: F811
    """The curation's decision record showed as a text field; typing in it replaced the record
    (and with it the ⚠ "changed since decided" check, which reads its ``seen``). Every field the
    panel offers is typed into with the keyboard: the record is unchanged and shown read-only."""
    import annotator.domain.curation as curation_module
    import annotator.storage.project as storage

    fixed = "2026-11-30T14:02:31.000+00:00"  # fixed clocks: the screenshot changes only when the panel does
    monkeypatch.setattr(storage, "now", lambda: fixed)
    monkeypatch.setattr(curation_module, "now", lambda: fixed)
    window, project, article_id = curated_window(make_window, qtbot, tmp_path, K.Key_1)
    quote = gold_span(window, "the talks failed", "QUOTE")
    record = dict(quote.attrs["curation"])
    assert record["kept"] == "ana" and record["by"] == "lead" and "seen" in record
    window.session.select(quote.id)  # as a click on the span
    panel = window.details
    assert panel.editor("curation") is None
    assert panel.recorded_lines() == ["Curation: kept from ana by lead, 2026-11-30"]
    save_widget(panel, "details_curated_span.png", min_bytes=2000)  # looked at: the record a line, no field for it
    for name, editor in list(panel._editors.items()):  # every field the form offers, typed into and left with Return
        if isinstance(editor, QLineEdit) and editor.isEnabled():
            editor.setFocus()
            qtbot.keyClicks(editor, "typed over")
            qtbot.keyClick(editor, K.Key_Return)
    stored = next(s for s in project.spans(article_id) if s.id == quote.id)
    assert stored.attrs["curation"] == record
    assert all(not (isinstance(e, (QLineEdit, QComboBox, QCheckBox, QDoubleSpinBox)) and n in MACHINE_ATTRIBUTES)
               for n, e in panel._editors.items())
    # the edit path refuses a machine attribute even when asked directly
    logged = project.db.execute("SELECT count(*) FROM changes").fetchone()[0]
    panel.attributeEdited.emit("curation", "")
    assert "written by the program" in window.statusBar().currentMessage()
    assert next(s for s in project.spans(article_id) if s.id == quote.id).attrs["curation"] == record
    assert project.db.execute("SELECT count(*) FROM changes").fetchone()[0] == logged


def test_every_machine_attribute_is_refused_by_the_attribute_command_and_shown_read_only() -> None:
    span = Span(id="q", article_id=1, start=0, end=4, label="QUOTE", layer="quote",
                attrs={"kind": "direct", "suggested_by": "model", "speaker_pronoun": "0-2", "score": 0.8125,
                       "curation": {"kept": "all", "by": "lee", "at": "2026-11-30T10:00:00+00:00", "from": [], "seen": {}}})
    for name in MACHINE_ATTRIBUTES:
        with pytest.raises(MachineAttributeError, match=name):
            commands.set_attrs(span, {name: "x"})
        with pytest.raises(MachineAttributeError):
            commands.set_attrs(span, {"note": "fine", name: None})  # clearing one is refused too
    assert commands.set_attrs(span, {"kind": "indirect"}).changes[0].after.attrs["kind"] == "indirect"
    assert readable(span.attrs, "He said") == [
        ("Curation", "kept as all analysts agreed by lee, 2026-11-30"), ("Suggested by", "the model"),
        ("Speaker pronoun", "«He» (0–2)"), ("Score", "0.81")]
    # a record an analyst typed over before this fix: said, so the unit is decided again
    assert readable({"curation": "ok"}) == [("Curation", "record replaced by 'ok': decide this unit again in the curation view")]
    rejected = {"kept": "ben", "by": "lee", "at": "2026-12-01", "decision": "rejected"}
    assert readable({"curation": rejected}) == [("Curation", "rejected in curation (ben marked nothing here) by lee, 2026-12-01")]


def test_a_suggested_quotes_provenance_is_read_only_and_its_kind_stays_editable(make_window, qtbot, tmp_path: Path) -> None:  # noqa: F811
    """``suggested_by`` (the learned component's quotes) and a stored list value (brat's ``norm``)
    are shown, not fields; the analyst's own ``kind`` keeps its field and is saved from the keys."""
    project, article_id = make_team_project(tmp_path / "solo.db", {}, gold=[
        Span(id="q", article_id=0, start=TEXT.index("the talks"), end=TEXT.index(","), label="QUOTE", layer="quote",
             status=Status.SUGGESTED, attrs={"kind": "indirect", "suggested_by": "model",
                                             "norm": [{"type": "Reference", "ref": "wd:Q1"}]})])
    window = make_window(project, analyst="lead")
    window.open_article(article_id)
    window.session.select("q")
    panel = window.details
    assert panel.editor("suggested_by") is None and panel.editor("norm") is None
    lines = panel.recorded_lines()
    assert lines[0] == "Suggested by: the model" and lines[1].startswith('Norm: [{"ref": "wd:Q1"')
    kind = panel.editor("kind")
    assert kind is not None and kind.isEnabled()
    if isinstance(kind, QLineEdit):
        kind.setFocus()
        kind.selectAll()
        qtbot.keyClicks(kind, "direct")
        qtbot.keyClick(kind, K.Key_Return)
    else:  # a choice of the schema: picked from the list with the keyboard
        kind.setFocus()
        kind.setCurrentIndex(kind.findData("direct"))
        kind.activated.emit(kind.currentIndex())
    [stored] = project.spans(article_id)
    assert stored.attrs["kind"] == "direct" and stored.attrs["suggested_by"] == "model" and stored.attrs["norm"][0]["ref"] == "wd:Q1"


# ------------------------------------------------------------------------ 2. relabel in the main window


def test_relabelling_a_quote_names_the_links_first_then_drops_them_and_undo_restores(make_window, qtbot, tmp_path: Path) -> None:  # noqa: F811
    """PERSON for ana's gold quote: its SPEAKER link would be dropped and the stance resting on it
    made article level. Chosen in the details panel's label list, nothing is written and the
    status line says so; key 1 (PERSON) then writes it (the link's deletion in the change log);
    Ctrl+Z brings the quote, link and stance back."""
    window, project, article_id = curated_window(make_window, qtbot, tmp_path, K.Key_1)
    quote = gold_span(window, "the talks failed", "QUOTE")
    assert [r.label for r in project.relations(article_id)] == ["SPEAKER"] and len(project.stances(article_id)) == 1
    window.session.select(quote.id)
    logged = project.db.execute("SELECT count(*) FROM changes").fetchone()[0]
    combo = window.details.label_combo  # the details panel's label list (a label key asks the same way, below)
    combo.setCurrentIndex(combo.findData("PERSON"))
    combo.activated.emit(combo.currentIndex())
    assert combo.currentData() == "QUOTE"  # the list shows the stored label again, not the one refused
    said = window.statusBar().currentMessage()
    assert said.startswith("Relabelling QUOTE as PERSON would drop its SPEAKER link to «Angela Merkel»; ")
    assert "the stance of Angela Merkel against «the talks» it is evidence of (it becomes article level)" in said
    assert "Nothing changed: give it PERSON again" in said
    assert project.db.execute("SELECT count(*) FROM changes").fetchone()[0] == logged
    assert {s.label for s in project.spans(article_id) if s.id == quote.id} == {"QUOTE"}
    press(window, K.Key_1)  # the same relabel again (key 1 is PERSON): written
    assert {s.label for s in project.spans(article_id) if s.id == quote.id} == {"PERSON"}
    assert project.relations(article_id) == []
    [stance] = project.stances(article_id)
    assert stance.evidence == ""  # kept, at article level, as the message said
    deleted = project.db.execute("SELECT kind FROM changes WHERE rowid > ? AND after IS NULL", [logged]).fetchall()
    assert [k for (k,) in deleted] == ["relation"]
    press(window, K.Key_Z, CTRL)
    assert [r.label for r in project.relations(article_id)] == ["SPEAKER"]
    assert project.stances(article_id)[0].evidence == quote.id
    assert {s.label for s in project.spans(article_id) if s.id == quote.id} == {"QUOTE"}


def test_relabelling_a_cue_drops_the_link_to_it_after_asking_and_a_harmless_relabel_is_written_at_once(
        make_window, qtbot, tmp_path: Path) -> None:  # noqa: F811
    """Ben's quote kept: "said" is its CUE. Key 1 (PERSON) on the CUE: a CUE link to a PERSON is
    not allowed (before, the window kept it silently); named first, dropped on the second press.
    Moving to another span in between asks again. Relabelling the speaker PERSON → ORG loses
    nothing: written at once, the SPEAKER link kept."""
    window, project, article_id = curated_window(make_window, qtbot, tmp_path, K.Key_2)
    cue = gold_span(window, "said", "CUE")
    assert sorted(r.label for r in project.relations(article_id)) == ["CUE", "SPEAKER"]
    window.session.select(cue.id)
    press(window, K.Key_1)
    assert window.statusBar().currentMessage().startswith("Relabelling CUE as PERSON would drop its CUE link from «talks failed». ")
    merkel = gold_span(window, "Angela Merkel", "PERSON")
    window.session.select(merkel.id)
    window.session.select(cue.id)
    press(window, K.Key_1)  # another span was chosen in between: asked again, nothing written
    assert "would drop its CUE link" in window.statusBar().currentMessage()
    assert {s.label for s in project.spans(article_id) if s.id == cue.id} == {"CUE"}
    press(window, K.Key_1)
    assert {s.label for s in project.spans(article_id) if s.id == cue.id} == {"PERSON"}
    assert [r.label for r in project.relations(article_id)] == ["SPEAKER"]
    window.session.select(merkel.id)
    press(window, K.Key_2)  # ORG: a speaker may be an organisation, nothing lost
    assert {s.label for s in project.spans(article_id) if s.id == merkel.id} == {"ORG"}
    assert [r.label for r in project.relations(article_id)] == ["SPEAKER"]
    press(window, K.Key_Z, CTRL)
    press(window, K.Key_Z, CTRL)
    assert sorted(r.label for r in project.relations(article_id)) == ["CUE", "SPEAKER"]


def test_the_fidelity_adapter_models_the_asked_relabel_as_the_window_does(make_window, tmp_path: Path) -> None:  # noqa: F811
    """Key 1 (PERSON) on a suggested QUOTE whose SPEAKER link it would drop: once → nothing
    written; twice → relabelled, the link gone. The window and the fidelity adapter agree."""
    from tests.fidelity.findings import LAVROV, QUOTE_AND_SPEAKER
    from tests.fidelity.strategies import Scenario
    from tests.fidelity.test_window_adapter import through_adapter, through_window

    once = Scenario(LAVROV, QUOTE_AND_SPEAKER, (("q", "s", "SPEAKER"),), (("select", 1), ("label", "1", "none", 0, 0)))
    twice = Scenario(LAVROV, QUOTE_AND_SPEAKER, (("q", "s", "SPEAKER"),),
                     (("select", 1), ("label", "1", "none", 0, 0), ("label", "1", "none", 0, 0)))
    asked, done = through_adapter(once), through_adapter(twice)
    assert [(s[2], s[4]) for s in asked["spans"]] == [("SPEAKER", "suggested"), ("QUOTE", "suggested")]
    assert [r[2] for r in asked["relations"]] == ["SPEAKER"]
    assert [(s[2], s[4]) for s in done["spans"]] == [("SPEAKER", "suggested"), ("PERSON", "accepted")] and done["relations"] == []
    assert through_window(make_window, tmp_path, once, 0) == asked
    assert through_window(make_window, tmp_path, twice, 1) == done


def test_a_decision_record_typed_over_before_the_fix_is_flagged_changed_since_decided(tmp_path: Path) -> None:
    """Projects edited before this fix may hold a record replaced by text: the unit is flagged
    (⚠, Tab stops there) so the curator decides it again, instead of passing as decided."""
    import dataclasses

    from annotator.domain import curation
    from tests.domain.test_curation import data_of

    project, article_id = make_team_project(tmp_path / "team.db", layers())
    data = data_of(project, article_id)
    key = next(u.key for u in curation.align(data).units if TEXT[u.start:u.end] == "the talks failed")
    project.apply(curation.take(data, key, "ana", by="lead"))
    quote = next(s for s in project.spans(article_id) if s.label == "QUOTE")
    project.apply(commands.Edit("typed over (before fix11ui)", (commands.Change(quote, dataclasses.replace(
        quote, attrs={**quote.attrs, "curation": "ok"})),)))
    unit = next(u for u in curation.align(data_of(project, article_id)).units if TEXT[u.start:u.end] == "the talks failed")
    assert unit.changed == "its decision record was replaced by hand"
    project.close()
