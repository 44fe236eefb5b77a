"""Issue 11 user test (cur11ui, 9): relabelling a QUOTE as CUE kept the quote's ``kind`` and
``speaker_ref``. A relabel drops the attributes the schema defines that the new label does not
list — in the window (a label key), in the curation view's L, and on a relabel that merges into a
span already there — in the same undoable edit; attributes the schema does not define stay."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from annotator.domain import commands
from annotator.domain.edits import Change, Edit
from annotator.domain.model import Article, Span, Status
from annotator.domain.schema import default_schema
from annotator.storage.project import Project
from tests.ui.test_window_keys import CTRL, SHIFT, K, press
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401

TEXT = "Merkel said the talks failed, the minister said."


def _attrs(path: Path, span_id: str) -> tuple[str, dict]:
    con = sqlite3.connect(path)
    try:
        label, attrs = con.execute("SELECT label, attrs FROM spans WHERE id = ?", [span_id]).fetchone()
    finally:
        con.close()
    return label, json.loads(attrs or "{}")


def _project(path: Path) -> tuple[Project, int]:
    project = Project.open(path)
    article, _ = project.add_article(Article(id=None, text=TEXT, title="t"))
    start = TEXT.index("the talks failed")
    quote = Span(id="q1", article_id=article.id, start=start, end=start + len("the talks failed"), label="QUOTE", layer="quote",
                 status=Status.ACCEPTED, attrs={"kind": "indirect", "speaker_ref": "Angela Merkel", "note": "check", "norm": ["x"]})
    project.apply(Edit("add", (Change(None, quote),)), by="ana")
    return project, article.id


def test_a_label_key_relabelling_a_quote_as_cue_drops_kind_and_speaker_ref_undoably(make_window, tmp_path: Path) -> None:  # noqa: ANN001
    project, _article_id = _project(tmp_path / "p.db")
    window = make_window(project)
    window.session.select("q1")  # as a click on the span
    press(window, K.Key_7)  # CUE
    label, attrs = _attrs(project.path, "q1")
    assert label == "CUE"
    # note: CUE has it; norm: not a schema attribute (brat's), not the schema's to drop
    assert attrs == {"note": "check", "norm": ["x"]}
    press(window, K.Key_Z, CTRL)
    assert _attrs(project.path, "q1") == ("QUOTE", {"kind": "indirect", "speaker_ref": "Angela Merkel", "note": "check", "norm": ["x"]})
    press(window, K.Key_Z, CTRL | SHIFT)
    assert _attrs(project.path, "q1") == ("CUE", {"note": "check", "norm": ["x"]})
    deleted = [json.loads(b)["attrs"] for (b,) in sqlite3.connect(project.path).execute(
        "SELECT before FROM changes WHERE kind = 'span' AND before IS NOT NULL ORDER BY rowid")]
    assert any((json.loads(a) if isinstance(a, str) else a).get("kind") == "indirect" for a in deleted)  # the change log keeps them


def test_every_relabel_path_drops_what_the_new_label_lacks(tmp_path: Path) -> None:
    from annotator.domain import curation

    schema = default_schema()
    project, article_id = _project(tmp_path / "p.db")
    ctx = commands.records(project.spans(article_id), project.relations(article_id))
    quote = project.find(Span, "q1")
    # plain relabel, QUOTE -> CLAIM: CLAIM lists checkworthy and note, not kind / speaker_ref
    edit = commands.relabel(ctx, quote, "CLAIM", "claim", schema=schema)
    assert edit.changes[0].after.attrs == {"note": "check", "norm": ["x"]} and "dropping kind, speaker_ref" in edit.description
    # without a schema (a caller that does not know it) nothing is judged
    assert commands.relabel(ctx, quote, "CLAIM", "claim").changes[0].after.attrs == quote.attrs
    # onto a CUE already at that place: the merged survivor does not take kind / speaker_ref either
    cue = Span(id="c1", article_id=article_id, start=quote.start, end=quote.end, label="CUE", layer="cue", status=Status.SUGGESTED)
    project.apply(Edit("add", (Change(None, cue),)), by="ana")
    ctx = commands.records(project.spans(article_id), project.relations(article_id))
    merged = commands.relabel(ctx, quote, "CUE", "cue", schema=schema)
    survivor = next(c.after for c in merged.changes if isinstance(c.after, Span) and c.after.id == "c1")
    assert survivor.attrs == {"note": "check", "norm": ["x"]}
    # the curation view's L on a gold span: the same rule
    gold_edit, _lost = curation.relabel_gold(ctx, quote, "PERSON", "entity", TEXT, schema=schema)
    after = next(c.after for c in gold_edit.changes if isinstance(c.after, Span) and c.after.id == "q1")
    assert after.attrs == {"note": "check", "norm": ["x"]}
