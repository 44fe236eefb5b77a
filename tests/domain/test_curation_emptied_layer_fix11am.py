"""fix11am (issue 11 last user test, L2): after an analyst's layer of an article empties (cy deleted
everything she had marked there and her file was merged), the curation view flagged every unit cy
had marked — "cy's ORG «Reuters» is gone since you kept it" — though the other analysts still
agreed with what was kept on all but one, and on the unit where the lead had kept *ben's* version
the line said cy's had been kept. Only the units whose decision no longer stands are flagged now,
and a version gone that was not the kept one is named with the one that was."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from annotator.domain import curation
from annotator.domain.model import Article, ArticleBundle, Stance
from tests.domain.test_curation import TEXT, data_of, make_project, span, units_by_text
from tests.domain.test_curation_changed import _replace_layer

MARKS_NOTHING = " — cy marks nothing in this article now"


def _layer(p: str, reuters: str = "ORG", macron: bool = False) -> ArticleBundle:
    spans = [span(f"{p}-merkel", "Angela Merkel", "PERSON"), span(f"{p}-q", "the talks failed", "QUOTE", "quote"),
             span(f"{p}-reuters", "Reuters", reuters)]
    if macron:
        spans.append(span(f"{p}-macron", "Macron", "PERSON"))
    stance = Stance(id=f"{p}-s", article_id=0, holder="Angela Merkel", target="the talks", polarity="against",
                    evidence=f"{p}-q", holder_span=f"{p}-merkel")
    return ArticleBundle(Article(id=None, text=TEXT), spans=spans, stances=[stance])


def _curated_team(tmp_path: Path):  # noqa: ANN202
    """ana, ben and cy agree on Angela Merkel, the quote and its stance; Reuters is ORG for ana and
    cy, GPE for ben, and the lead keeps ben's GPE; Macron is cy's alone, and the lead keeps it."""
    bundles = {"ana": _layer("a"), "ben": _layer("b", "GPE"), "cy": _layer("c", macron=True)}
    project, aid = make_project(tmp_path / "t.db", bundles)
    project.apply(curation.accept_all_agreed(data_of(project, aid), by="lead"))
    units = units_by_text(curation.align(data_of(project, aid)))
    project.apply(curation.take(data_of(project, aid), units["Reuters"].key, "ben", by="lead"))
    project.apply(curation.take(data_of(project, aid), units["Macron"].key, "cy", by="lead"))
    al = curation.align(data_of(project, aid))
    assert all(u.decided and not u.changed for u in al.units) and al.changed_since_decided() == 0
    assert [st.decided for st in al.stances] == [True]
    return project, aid, bundles


def test_an_emptied_layer_flags_only_the_unit_whose_kept_version_was_that_analysts_alone(tmp_path: Path) -> None:
    project, aid, bundles = _curated_team(tmp_path)
    with project:
        _replace_layer(project, aid, "cy", dataclasses.replace(bundles["cy"], spans=[], stances=[]))
        al = curation.align(data_of(project, aid))
        why = {text: u.changed for text, u in units_by_text(al).items()}
        assert why == {
            "Angela Merkel": "",  # ana and ben still hold the PERSON kept by all
            "the talks failed": "",
            "Reuters": "",  # ben's GPE, the one kept, is still there; cy's ORG was not kept
            "Macron": "cy's PERSON «Macron» is gone since you kept it" + MARKS_NOTHING,  # cy's alone: nobody holds it now
        }
        assert [st.changed for st in al.stances] == [""]  # ana's and ben's stance still equal the kept one
        assert al.changed_since_decided() == 1
        # the view follows a decision edit by edit (Alignment.with_gold): the same flags after one
        again = curation.align(data_of(project, aid))
        macron = units_by_text(again)["Macron"]
        project.apply(curation.reject(data_of(project, aid), macron.key, by="lead"))
        after = curation.align(data_of(project, aid))
        assert after.changed_since_decided() == 0 and all(not u.changed for u in after.units)


def test_a_version_gone_that_was_not_the_kept_one_is_named_with_the_kept_one(tmp_path: Path) -> None:
    project, aid, bundles = _curated_team(tmp_path)
    with project:
        cy = bundles["cy"]
        # cy deletes only her ORG «Reuters» (she still marks the rest): said, with whose version was kept
        _replace_layer(project, aid, "cy", dataclasses.replace(cy, spans=[s for s in cy.spans if s.id != "c-reuters"]))
        reuters = units_by_text(curation.align(data_of(project, aid)))["Reuters"]
        assert reuters.changed == "cy's ORG «Reuters» is gone since you kept ben's GPE"
        # ben's GPE, the kept one, gone too: that one is "it"
        ben = bundles["ben"]
        _replace_layer(project, aid, "ben", dataclasses.replace(ben, spans=[s for s in ben.spans if s.id != "b-reuters"]))
        reuters = units_by_text(curation.align(data_of(project, aid)))["Reuters"]
        assert reuters.changed == ("ben's GPE «Reuters» is gone since you kept it; "
                                   "cy's ORG «Reuters» is gone since you kept ben's GPE")


def test_an_emptied_layer_still_flags_a_kept_version_nobody_holds_now_and_a_stance_kept_by_them_alone(tmp_path: Path) -> None:
    """Two analysts: ana and ben agreed on everything and the lead accepted it all; ana's layer
    empties. ben still holds every kept version: nothing is flagged. Then ben's empties too:
    every kept version is gone, each flagged with who marks nothing now."""
    bundles = {"ana": _layer("a"), "ben": _layer("b")}
    project, aid = make_project(tmp_path / "t.db", bundles)
    with project:
        project.apply(curation.accept_all_agreed(data_of(project, aid), by="lead"))
        _replace_layer(project, aid, "ana", dataclasses.replace(bundles["ana"], spans=[], stances=[]))
        al = curation.align(data_of(project, aid))
        assert al.changed_since_decided() == 0
        _replace_layer(project, aid, "ben", dataclasses.replace(bundles["ben"], spans=[], stances=[]))
        al = curation.align(data_of(project, aid))
        whys = sorted(u.changed for u in al.units)
        assert whys == ["ana's ORG «Reuters» is gone since you kept it — ana marks nothing in this article now; "
                        "ben's ORG «Reuters» is gone since you kept it — ben marks nothing in this article now",
                        "ana's PERSON «Angela Merkel» is gone since you kept it — ana marks nothing in this article now; "
                        "ben's PERSON «Angela Merkel» is gone since you kept it — ben marks nothing in this article now",
                        "ana's QUOTE «the talks failed» is gone since you kept it — ana marks nothing in this article now; "
                        "ben's QUOTE «the talks failed» is gone since you kept it — ben marks nothing in this article now"]
        assert [st.changed for st in al.stances] == [
            "ana's stance of Angela Merkel on «the talks» is gone since you kept it — ana marks nothing in this article now; "
            "ben's stance of Angela Merkel on «the talks» is gone since you kept it — ben marks nothing in this article now"]
