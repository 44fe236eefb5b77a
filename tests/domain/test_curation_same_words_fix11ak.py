"""fix11ak N2 (usertest11r): versions over the same words with different labels are one
label-conflict unit whatever other versions overlap them, and no decision leaves two labels on
the same words in one gold layer (the spaCy/CoNLL exports keep one entity per place and dropped the
other silently). Hand-made text, invented names; no corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain import curation
from annotator.domain.curation import Agreement
from annotator.domain.model import Article, ArticleBundle, Span, Status
from annotator.storage.project import Project

TEXT = "The Korvel board met in Tarnby while Lena Varga of Tarnby watched from Ostrava."

pytestmark = pytest.mark.timeout(60)


def span(sid: str, words: str, label: str, n: int = 0) -> Span:
    start = -1
    for _ in range(n + 1):
        start = TEXT.index(words, start + 1)
    return Span(id=sid, article_id=0, start=start, end=start + len(words), label=label, layer="entity", status=Status.ACCEPTED)


def make_project(path: Path, layers: dict[str, list[Span]]) -> tuple[Project, int]:
    project = Project.open(path)
    aid = project.import_bundles([ArticleBundle(Article(id=None, text=TEXT), spans=[])]).article_ids[0]
    for name, spans in layers.items():
        project.import_bundles([ArticleBundle(Article(id=None, text=TEXT), spans=spans)], analyst=name)
    return project, aid


def data_of(project: Project, aid: int) -> curation.CurationInput:
    return curation.curation_input(project, aid, [info.analyst for info in project.layers()])


def gold_of(project: Project, aid: int) -> list[tuple[str, str]]:
    return sorted((TEXT[s.start:s.end], s.label) for s in project.spans(aid) if s.status == Status.ACCEPTED and not s.analyst)


def units_at(al: curation.Alignment, words: str) -> list[curation.Unit]:
    start = TEXT.index(words)
    return [u for u in al.units if any(v.start == start and v.end == start + len(words) for v in u.versions)]


def test_same_words_two_labels_with_a_longer_version_are_one_conflict_unit(tmp_path: Path) -> None:
    """The reported shape: ana PERSON «Lena Varga», ben PERSON «Lena Varga of Tarnby watched», cy ORG «Lena
    Varga» → one label-conflict unit holding all three (was: a PERSON partial and an ORG one-analyst unit)."""
    project, aid = make_project(tmp_path / "t.db", {
        "ana": [span("a1", "Lena Varga", "PERSON")],
        "ben": [span("b1", "Lena Varga of Tarnby watched", "PERSON")],
        "cy": [span("c1", "Lena Varga", "ORG")],
    })
    try:
        al = curation.align(data_of(project, aid))
        found = units_at(al, "Lena Varga")
        assert len(found) == 1
        unit = found[0]
        assert unit.agreement == Agreement.CONFLICT
        assert sorted((v.analyst, v.label, TEXT[v.start:v.end]) for v in unit.versions) == [
            ("ana", "PERSON", "Lena Varga"), ("ben", "PERSON", "Lena Varga of Tarnby watched"), ("cy", "ORG", "Lena Varga")]
        assert len(al.units) == 1
        # deciding it once leaves one label there
        project.apply(curation.take(data_of(project, aid), unit.key, "cy", by="lead"), by="lead")
        assert gold_of(project, aid) == [("Lena Varga", "ORG")]
        al = curation.align(data_of(project, aid))
        project.apply(curation.take(data_of(project, aid), al.units[0].key, "ana", by="lead"), by="lead")
        assert gold_of(project, aid) == [("Lena Varga", "PERSON")]
    finally:
        project.close()


def test_same_words_in_other_groups_still_join(tmp_path: Path) -> None:
    """The other way round: ana GPE «Tarnby» and cy LOC «Tarnby» (the same words), ben LOC «Tarnby
    watched» joining cy's by label: still one label-conflict unit of all three."""
    project, aid = make_project(tmp_path / "t.db", {
        "ana": [span("a1", "Tarnby", "GPE", 1)],
        "ben": [span("b1", "Tarnby watched", "LOC")],
        "cy": [span("c1", "Tarnby", "LOC", 1)],
    })
    try:
        al = curation.align(data_of(project, aid))
        assert len(units_at(al, "Tarnby watched")) == 1
        assert units_at(al, "Tarnby watched") == [u for u in al.units if u.agreement == Agreement.CONFLICT]
        assert len(al.units) == 1
    finally:
        project.close()


def test_decision_giving_two_labels_on_the_same_words_is_refused(tmp_path: Path) -> None:
    """One analyst marked the same words twice (PERSON and ORG): two one-analyst units. Keeping one
    is fine; keeping the other too would put two labels there: refused, naming keys (window) and
    flags (curate), nothing written."""
    project, aid = make_project(tmp_path / "t.db", {
        "ana": [span("a1", "Lena Varga", "PERSON"), span("a2", "Lena Varga", "ORG")],
        "ben": [span("b1", "Ostrava", "GPE")],
    })
    try:
        al = curation.align(data_of(project, aid))
        found = units_at(al, "Lena Varga")
        assert len(found) == 2
        project.apply(curation.take(data_of(project, aid), found[0].key, "ana", by="lead"), by="lead")
        first = gold_of(project, aid)
        assert len(first) == 1
        with pytest.raises(curation.Refused) as caught:
            curation.take(data_of(project, aid), found[1].key, "ana", by="lead")
        said = str(caught.value.args[0])
        assert "ORG and PERSON" in said and "«Lena Varga»" in said and "X rejects" in said and "`" not in said
        assert "--reject ANALYST --article" in caught.value.cli and "X rejects" not in caught.value.cli
        assert gold_of(project, aid) == first
        # rejecting the other is fine
        project.apply(curation.reject(data_of(project, aid), found[1].key, by="lead"), by="lead")
        assert gold_of(project, aid) == first
    finally:
        project.close()
