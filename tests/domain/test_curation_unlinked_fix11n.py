"""fix11n (issue 11 user test), the "linked to nothing" ⚠ kind:

* (4) only a *role span* is flagged — one whose label is the name of the relation an analyst linked
  it by (SPEAKER by SPEAKER, CUE by CUE); a PERSON all analysts agree on, linked as a speaker, is an
  entity, valid on its own after X on its quote;
* (3) a digit key (`take`) on a span ⚠ linked to nothing keeps that analyst's version so, seen, as
  A does: never a no-op row, never "decided again" with the ⚠ still there;
* (5) A's description names gold's span (ben's «Okafor» kept), not the unit's first version.
Hand-made text, no corpus."""

from __future__ import annotations

from pathlib import Path

from annotator.domain import curation
from annotator.domain.model import Article, ArticleBundle, Relation, Span, Status
from annotator.storage.project import Project

TEXT = 'Maria Okafor told reporters that "the plant will close in June" and left.'
QUOTE = "the plant will close in June"


def span(sid: str, words: str, label: str, layer: str) -> Span:
    start = TEXT.index(words)
    return Span(id=sid, article_id=0, start=start, end=start + len(words), label=label, layer=layer, status=Status.ACCEPTED)


def layer(p: str, speaker: str, label: str = "SPEAKER") -> ArticleBundle:
    kind = "speaker" if label == "SPEAKER" else "entity"
    spans = [span(f"{p}-q", QUOTE, "QUOTE", "quote"), span(f"{p}-who", speaker, label, kind), span(f"{p}-cue", "told", "CUE", "cue")]
    rels = [Relation(id=f"{p}-r1", article_id=0, head=f"{p}-q", child=f"{p}-who", label="SPEAKER"),
            Relation(id=f"{p}-r2", article_id=0, head=f"{p}-q", child=f"{p}-cue", label="CUE")]
    return ArticleBundle(Article(id=None, text=TEXT), spans=spans, relations=rels)


def make(path: Path, layers: dict[str, ArticleBundle]) -> tuple[Project, int]:
    project = Project.open(path)
    aid = project.import_bundles([ArticleBundle(Article(id=None, text=TEXT))]).article_ids[0]
    for name, b in layers.items():
        project.import_bundles([b], analyst=name)
    return project, aid


def state(project: Project, aid: int) -> curation.ArticleCuration:
    return curation.ArticleCuration(curation.curation_input(project, aid, [i.analyst for i in project.layers()]))


def unit_at(st: curation.ArticleCuration, words: str) -> curation.Unit:
    start = TEXT.index(words)
    return next(u for u in st.alignment.units if u.start <= start < u.end and words in TEXT[u.start:u.end]
                and (words != "Okafor" or u.labels != ("QUOTE",)))


def apply(project: Project, edit) -> str:
    project.apply(edit, by="lead")
    return edit.description


def gold(project: Project, aid: int) -> list[tuple[str, str]]:
    return sorted((s.label, TEXT[s.start:s.end]) for s in project.spans(aid) if not s.analyst and s.status == Status.ACCEPTED)


def test_person_speaker_all_agree_on_is_not_flagged_after_its_quote_is_rejected(tmp_path: Path) -> None:
    project, aid = make(tmp_path / "t.db", {a: layer(a, "Maria Okafor", "PERSON") for a in ("ana", "ben")})
    try:
        apply(project, curation.accept_all_agreed(state(project, aid).data, by="lead"))
        st = state(project, aid)
        apply(project, st.reject(unit_at(st, QUOTE).key, by="lead"))
        st = state(project, aid)
        assert unit_at(st, "Maria Okafor").unlinked == ""  # was "PERSON «Maria Okafor» is linked to nothing …"
        # the CUE exists to be the quote's argument: still flagged
        assert unit_at(st, "told").unlinked.startswith("CUE «told» is linked to nothing in gold")
        assert st.alignment.changed_since_decided() == 1
    finally:
        project.close()


def _okafor(tmp_path: Path) -> tuple[Project, int]:
    """ana and cy: SPEAKER «Maria Okafor»; ben: «Okafor»; the quote and CUE agreed; X on the quote."""
    project, aid = make(tmp_path / "t.db", {"ana": layer("a", "Maria Okafor"), "ben": layer("b", "Okafor"),
                                           "cy": layer("c", "Maria Okafor")})
    st = state(project, aid)
    apply(project, st.reject(unit_at(st, QUOTE).key, by="lead"))
    return project, aid


def test_a_names_gold_span_not_the_units_first_version(tmp_path: Path) -> None:
    project, aid = _okafor(tmp_path)
    try:
        st = state(project, aid)
        who = unit_at(st, "Okafor")
        assert who.disagreement
        apply(project, st.take(who.key, "ben", by="lead"))  # 2: keep ben's «Okafor»
        st = state(project, aid)
        assert unit_at(st, "Okafor").unlinked.startswith("SPEAKER «Okafor» is linked to nothing in gold")
        said = apply(project, st.accept_agreed(unit_at(st, "Okafor").key, by="lead"))  # A
        assert said == "Curate: keep SPEAKER «Okafor» in gold as it is, linked to nothing"  # was «Maria Okafor»
        assert ("SPEAKER", "Okafor") in gold(project, aid) and not unit_at(state(project, aid), "Okafor").unlinked
    finally:
        project.close()


def test_digit_on_linked_to_nothing_keeps_it_so_and_clears_the_flag(tmp_path: Path) -> None:
    project, aid = _okafor(tmp_path)
    try:
        st = state(project, aid)
        apply(project, st.take(unit_at(st, "Okafor").key, "ben", by="lead"))
        rows = project.db.execute("SELECT count(*) FROM changes").fetchone()[0]
        st = state(project, aid)
        # 2 again (ben's version, which gold holds): A's keep-as-it-is, said as ben's, and the ⚠ is gone
        said = apply(project, st.take(unit_at(st, "Okafor").key, "ben", by="lead"))
        assert said == "Curate: keep ben's SPEAKER «Okafor» in gold as it is, linked to nothing"
        st = state(project, aid)
        assert not unit_at(st, "Okafor").unlinked and not unit_at(st, "Okafor").changed
        assert project.db.execute("SELECT count(*) FROM changes").fetchone()[0] > rows
        # now decided and seen: 2 once more writes nothing
        assert not st.take(unit_at(st, "Okafor").key, "ben", by="lead")
    finally:
        project.close()


def test_digit_of_another_analyst_on_linked_to_nothing_takes_that_version_seen(tmp_path: Path) -> None:
    project, aid = _okafor(tmp_path)
    try:
        st = state(project, aid)
        apply(project, st.take(unit_at(st, "Okafor").key, "ben", by="lead"))
        st = state(project, aid)
        assert unit_at(st, "Okafor").unlinked
        said = apply(project, st.take(unit_at(st, "Okafor").key, "ana", by="lead"))  # 1: ana's «Maria Okafor»
        assert said.startswith("Curate: keep ana's SPEAKER «Maria Okafor» in gold, linked to nothing")
        assert ("SPEAKER", "Maria Okafor") in gold(project, aid) and ("SPEAKER", "Okafor") not in gold(project, aid)
        assert not unit_at(state(project, aid), "Okafor").unlinked
    finally:
        project.close()


def test_a_again_on_a_cue_kept_linked_to_nothing_changes_nothing(tmp_path: Path) -> None:
    # usertest11f: X on the quote, Ctrl+Return (CUE ⚠), A keeps it so (curated); A once more wrote
    # "accept the agreed CUE", dropped the seen mark, raised the ⚠ and withdrew the curated mark.
    project, aid = make(tmp_path / "t.db", {a: layer(a[0], "Maria Okafor") for a in ("ana", "ben")})
    try:
        st = state(project, aid)
        apply(project, st.reject(unit_at(st, QUOTE).key, by="lead"))
        apply(project, curation.accept_all_agreed(state(project, aid).data, by="lead"))
        for words in ("told", "Maria Okafor"):
            st = state(project, aid)
            assert unit_at(st, words).unlinked
            assert "linked to nothing" in apply(project, st.accept_agreed(unit_at(st, words).key, by="lead"))
        assert str(project.article(aid).status) == "reviewed"
        rows = project.db.execute("SELECT count(*) FROM changes").fetchone()[0]
        for words in ("told", "Maria Okafor"):
            st = state(project, aid)
            again = st.accept_agreed(unit_at(st, words).key, by="lead")
            assert not again and again.description == "Already so in gold: nothing to change"
        assert project.db.execute("SELECT count(*) FROM changes").fetchone()[0] == rows
        st = state(project, aid)
        assert not unit_at(st, "told").unlinked and str(project.article(aid).status) == "reviewed"
    finally:
        project.close()


def test_a_digit_that_leaves_a_speaker_linked_to_nothing_says_so(tmp_path: Path) -> None:
    # usertest11f: X on the quote, then 1 on the agreed SPEAKER: "keep ana's SPEAKER «…»" and nothing
    # about the ⚠ it raised.
    project, aid = make(tmp_path / "t.db", {a: layer(a[0], "Maria Okafor") for a in ("ana", "ben")})
    try:
        st = state(project, aid)
        apply(project, st.reject(unit_at(st, QUOTE).key, by="lead"))
        st = state(project, aid)
        said = apply(project, st.take(unit_at(st, "Maria Okafor").key, "ana", by="lead"))
        assert "⚠ SPEAKER «Maria Okafor» now linked to nothing in gold: A keeps it so, X rejects it" in said
        assert unit_at(state(project, aid), "Maria Okafor").unlinked
    finally:
        project.close()
