"""Rows of the stance target and holder pickers (annotator.domain.stance_choices): the target list
first with its keys, then the article's named entities grouped by name, then the project's; one
row per name; holders from SPEAKER / PERSON / ORG / NORP / GPE spans; listing a new target."""

from __future__ import annotations

import pytest

from annotator.domain import project_lists
from annotator.domain.list_entries import TargetEntry
from annotator.domain.model import Span, Status
from annotator.domain.stance_choices import (
    ARTICLE,
    LISTED,
    PROJECT,
    HolderChoice,
    TargetChoice,
    holder_choices,
    listed,
    listing_edit,
    target_choices,
)

TEXT = "Sergei Lavrov met NATO in Geneva. Lavrov said he liked Geneva. The Kremlin and Russians agreed; the EU did not."


def span(word: str, label: str, *, nth: int = 0, status: Status = Status.ACCEPTED, **attrs: str) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    return Span(id=f"{word}-{nth}-{label}", article_id=1, start=start, end=start + len(word), label=label,
                layer="speaker" if label == "SPEAKER" else "entity", status=status, attrs=dict(attrs))


_he = TEXT.index(" he ") + 1
HE = Span(id="he", article_id=1, start=_he, end=_he + 2, label="SPEAKER", layer="speaker", attrs={"refers_to": "Sergei Lavrov"})
SPANS = [
    span("Sergei Lavrov", "PERSON"), span("NATO", "ORG"), span("Geneva", "GPE"), span("Lavrov", "PERSON", nth=1),
    span("Geneva", "GPE", nth=1), span("Kremlin", "ORG"), span("Russians", "NORP"), span("EU", "ORG", status=Status.REJECTED),
    HE,
]
TARGETS = [TargetEntry(id="t1", name="Geneva talks", kind="topic", key="t"), TargetEntry(id="t2", name="nato", kind="entity")]


def test_target_rows_list_then_article_entities_then_project_names_once_each() -> None:
    rows = target_choices(TARGETS, TEXT, SPANS, ["Kremlin", "Paris", "paris", "Geneva talks"], current="geneva")
    assert [(r.name, r.source) for r in rows] == [
        ("Geneva talks", LISTED), ("nato", LISTED),  # "NATO" of the article is the listed "nato"
        ("Sergei Lavrov", ARTICLE), ("Geneva", ARTICLE), ("Kremlin", ARTICLE), ("Russians", ARTICLE),
        ("Paris", PROJECT),
    ]
    assert [r.name for r in rows if r.current] == ["Geneva"]  # case ignored
    assert rows[0].display == "[t] Geneva talks · topic"
    assert rows[3].display == "✓ Geneva ×2 · GPE"
    assert rows[2].display == "Sergei Lavrov ×2 · PERSON"  # "Lavrov" is Sergei Lavrov
    assert rows[-1].display == "Paris · project"
    assert "EU" not in [r.name for r in rows]  # a rejected span names nothing


def test_holder_rows_group_mentions_and_follow_refers_to() -> None:
    rows = holder_choices(TEXT, SPANS, ["Moscow", "nato"])
    # "Lavrov" and "he" (refers_to) are Sergei Lavrov: three mentions, the first one's span held
    assert rows[0] == HolderChoice("Sergei Lavrov", "Sergei Lavrov-0-PERSON", "PERSON", 3)
    assert [r.name for r in rows] == ["Sergei Lavrov", "Geneva", "NATO", "Kremlin", "Russians", "Moscow"]
    assert rows[-1] == HolderChoice("Moscow")  # another article's entity: no span here
    assert rows[1].display == "Geneva ×2 · GPE"


def test_listing_a_target_uses_the_lists_spelling_or_adds_it() -> None:
    assert listed(TARGETS, "NATO") == TARGETS[1]
    name, edit = listing_edit(TARGETS, "  NATO ")
    assert (name, bool(edit)) == ("nato", False)
    name, edit = listing_edit(TARGETS, "the  Geneva\u00a0summit", kind="topic")
    assert name == "the Geneva summit"
    [change] = edit.changes
    assert change.before is None and (change.after.name, change.after.kind) == ("the Geneva summit", "topic")
    with pytest.raises(project_lists.ListEditRefused):
        listing_edit(TARGETS, "   ")


def test_target_choice_display_marks_the_current_one() -> None:
    assert TargetChoice("EU", "entity", LISTED, key="e", current=True).display == "✓ [e] EU · entity"
