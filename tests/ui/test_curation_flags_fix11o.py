"""fix11o (issue 11 user test 11f) #3, #4 and the agreement line of #6: the two ⚠ kinds of a
curation decision — *changed since decided* (an analyst's newer layer) and *linked to nothing*
(a kept SPEAKER/CUE whose quote is not kept) — are grouped, counted and named alike everywhere,
from one Qt-free function (:mod:`annotator.domain.curation_flags`):

3. the window's Agreement dialog listed the "linked to nothing" rows under "Changed since
   decided"; now one tab per kind, each headed by the CLI's own line;
4. the curation view's counter said "2 decisions changed since decided" of two "linked to
   nothing"; now "⚠ 1 changed since decided, 1 linked to nothing";
6. ``annotator agreement``'s ⚠ line said the span's text twice
   ("#1 SPEAKER «Okafor»: SPEAKER «Okafor» is linked to nothing …"); now once.
Hand-made text, no corpus."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtWidgets import QLabel

from annotator.domain import curation
from annotator.domain.curation_flags import flag_counts, flag_line, flag_sections
from annotator.domain.model import Article, ArticleBundle, Span, Status
from annotator.storage.project import Project
from annotator.ui.agreement_dialog import AgreementDialog
from tests.cli.test_export_uncurated import run
from tests.domain.test_curation_unlinked_fix11n import _okafor, apply, state, unit_at
from tests.ui.test_curation_view import open_view
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

SECOND = "Lena Ortiz opened the new bridge in Dunmore on Tuesday."


def _person(sid: str, *, person: bool = True) -> ArticleBundle:
    """The analyst's PERSON «Lena Ortiz» (unless not ``person``) and GPE «Dunmore»: fix11am, a
    layer still holding a span, so that dropping the PERSON is that unit's change, not an
    emptied layer (whose versions gone flag only what nobody holds any more)."""
    start = SECOND.index("Lena Ortiz")
    place = SECOND.index("Dunmore")
    spans = [Span(id=f"{sid}-gpe", article_id=0, start=place, end=place + len("Dunmore"), label="GPE", layer="entity",
                  status=Status.ACCEPTED)]
    if person:
        spans.insert(0, Span(id=sid, article_id=0, start=start, end=start + len("Lena Ortiz"), label="PERSON", layer="entity",
                             status=Status.ACCEPTED))
    return ArticleBundle(Article(id=None, text=SECOND), spans=spans)


def both_kinds(tmp_path: Path) -> tuple[Path, int, int]:
    """#1: ben's SPEAKER «Okafor» kept while its quote is rejected (⚠ linked to nothing); #2: PERSON
    «Lena Ortiz» kept by all, then ben's newer version drops it (⚠ changed since decided)."""
    project, first = _okafor(tmp_path)
    try:
        st = state(project, first)
        apply(project, st.take(unit_at(st, "Okafor").key, "ben", by="lead"))
        second = project.import_bundles([ArticleBundle(Article(id=None, text=SECOND))]).article_ids[0]
        for name in ("ana", "ben"):
            project.import_bundles([_person(f"{name}-p")], analyst=name)
        st = curation.ArticleCuration(curation.curation_input(project, second, [i.analyst for i in project.layers()]))
        apply(project, st.accept_all_agreed(by="lead"))
        newer = dataclasses.replace(_person("ben-p", person=False), version_of="ben")  # ben's newer file: no PERSON there
        project.import_bundles([newer], analyst="ben")
    finally:
        project.close()
    return tmp_path / "t.db", first, second


def test_agreement_cli_names_each_kind_and_the_span_once(tmp_path: Path) -> None:
    db, first, second = both_kinds(tmp_path)
    out = run("agreement", db).output
    assert ("Gold decisions changed since decided (1): an analyst's newer layer differs from what the curator decided on; "
            "`annotator curate t.db --keep ANALYST --article ID` decides each again that analyst's way, "
            "`--reject ANALYST --article ID` rejects it (ID: the # of its line), or one by one in the window's "
            "View → Curation…\n"
            f"  #{second} ben's PERSON «Lena Ortiz» is gone since you kept it\n") in out
    assert ("Gold spans linked to nothing (1): kept, but the quote it was linked from is not kept, or kept without that link; "
            "`annotator curate t.db --keep ANALYST --article ID` keeps each so, `--reject ANALYST --article ID` rejects it "
            "(ID: the # of its line)\n"
            f"  #{first} SPEAKER «Okafor» is linked to nothing in gold") in out
    assert "«Okafor»: SPEAKER «Okafor»" not in out  # was said twice


def test_flag_line_keeps_the_unit_when_why_does_not_quote_it() -> None:
    row = {"article_id": 3, "labels": ["GPE", "ORG"], "text": "Reuters", "why": "ben's version is now ORG", "unlinked": False}
    assert flag_line(row) == "#3 GPE/ORG «Reuters»: ben's version is now ORG"
    assert [s.kind for s in flag_sections([row, {**row, "unlinked": True}])] == ["changed", "unlinked"]
    assert flag_counts(2, 1) == "2 changed since decided, 1 linked to nothing"
    assert flag_counts(0, 2) == "2 linked to nothing" and flag_counts(0, 0) == "0 changed since decided"


def test_agreement_dialog_groups_the_kinds_as_the_cli_does(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    db, first, second = both_kinds(tmp_path)
    printed = run("agreement", db).output.splitlines()
    dialog = AgreementDialog(db, article_ids=lambda _h: None, open_article=lambda _i: None)
    qtbot.addWidget(dialog)
    dialog.start()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=20000)
    titles = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert titles[-2:] == ["C&hanged since decided", "Linked to &nothing"]  # was one tab holding both
    changed, unlinked = dialog.tables["changed"], dialog.tables["unlinked"]
    assert [changed.item(r, 0).text() for r in range(changed.rowCount())] == [f"#{second}"]
    assert [unlinked.item(r, 0).text() for r in range(unlinked.rowCount())] == [f"#{first}"]
    assert unlinked.item(0, 3).text().startswith("SPEAKER «Okafor» is linked to nothing in gold")
    headings = [dialog.findChild(QLabel, f"{kind}_heading").text() for kind in ("changed", "unlinked")]
    cli = [line for line in printed if line.startswith("Gold ")][-2:]
    # the CLI's very lines up to what to do: fix11ai — the window names its keys, the CLI curate's flags
    assert [h.split("; ")[0] for h in headings] == [c.split("; ")[0] for c in cli]
    assert all("Ctrl+Shift+K" in h for h in headings) and not any("Ctrl+Shift+K" in c for c in cli)
    assert headings[1].startswith("Gold spans linked to nothing (1)")


def test_curation_counter_counts_and_names_each_kind(make_window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    db, first, second = both_kinds(tmp_path)
    window = make_window(Project.open(db, create=False), analyst="lead")
    dialog = open_view(window, qtbot)
    dialog.open_article(first)
    qtbot.waitUntil(lambda: dialog.alignment is not None and dialog.article_id == first, timeout=10000)
    dialog.count_all()
    dialog._show_counter()
    text = dialog.counter.text()
    # was "<b>⚠ 1</b> decision changed since decided in this article · <b>2</b> in the project"
    assert "<b>⚠ 1 linked to nothing</b> in this article · <b>1 changed since decided, 1 linked to nothing</b> in the project" in text
    dialog.open_article(second)
    qtbot.waitUntil(lambda: dialog.alignment is not None and dialog.article_id == second, timeout=10000)
    dialog._show_counter()
    assert "<b>⚠ 1 changed since decided</b> in this article" in dialog.counter.text()
