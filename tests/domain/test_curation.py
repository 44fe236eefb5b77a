"""Curation logic (issue 11, annotator.domain.curation) on hand-made analysts' layers whose units,
agreements and gold decisions are known by hand; decisions are applied to a real project file,
reopened, and undone."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from annotator.domain import curation
from annotator.domain.curation import Agreement, Decision
from annotator.domain.model import Article, ArticleBundle, ArticleStatus, Relation, Span, Stance, Status
from annotator.storage.project import Project

TEXT = "Angela Merkel said the talks failed, according to Reuters. Macron disagreed."


def at(word: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


def span(sid: str, word: str, label: str, layer: str = "entity", status: Status = Status.ACCEPTED) -> Span:
    start, end = at(word)
    return Span(id=sid, article_id=0, start=start, end=end, label=label, layer=layer, status=status)


def link(rid: str, head: str, child: str, label: str = "SPEAKER") -> Relation:
    return Relation(id=rid, article_id=0, head=head, child=child, label=label)


def layers(ben_speaker: str = "b-merkel") -> dict[str, ArticleBundle]:
    """ana and ben: Merkel agreed; QUOTE partial (offsets); Reuters ORG vs GPE (conflict); Macron
    ana only; both quotes' SPEAKER is Merkel (unless ``ben_speaker`` says otherwise)."""
    ana = [span("a-merkel", "Angela Merkel", "PERSON"), span("a-q", "the talks failed", "QUOTE", "quote"),
           span("a-reuters", "Reuters", "ORG"), span("a-macron", "Macron", "PERSON")]
    ben = [span("b-merkel", "Angela Merkel", "PERSON"), span("b-q", "talks failed", "QUOTE", "quote"),
           span("b-reuters", "Reuters", "GPE"), span("b-said", "said", "CUE", "cue")]
    if ben_speaker == "b-macron":
        ben.append(span("b-macron", "Macron", "PERSON"))
    return {
        "ana": ArticleBundle(Article(id=None, text=TEXT), spans=ana, relations=[link("ar", "a-q", "a-merkel")],
                             stances=[Stance(id="as", article_id=0, holder="Angela Merkel", target="the talks", polarity="against",
                                             evidence="a-q", holder_span="a-merkel")]),
        "ben": ArticleBundle(Article(id=None, text=TEXT), spans=ben,
                             relations=[link("br", "b-q", ben_speaker), link("bc", "b-q", "b-said", "CUE")]),
    }


def make_project(path: Path, bundles: dict[str, ArticleBundle], gold: list[Span] = ()) -> tuple[Project, int]:
    project = Project.open(path)
    result = project.import_bundles([ArticleBundle(Article(id=None, text=TEXT), spans=list(gold))])
    for name, bundle in bundles.items():
        project.import_bundles([bundle], analyst=name)
    return project, result.article_ids[0]


def data_of(project: Project, article_id: int) -> curation.CurationInput:
    return curation.curation_input(project, article_id, [info.analyst for info in project.layers()])


def units_by_text(al: curation.Alignment) -> dict[str, curation.Unit]:
    return {TEXT[u.start:u.end]: u for u in al.units}


@pytest.fixture
def team(tmp_path: Path):
    project, article_id = make_project(tmp_path / "team.db", layers())
    yield project, article_id
    project.close()


def test_units_and_their_agreement_are_the_ones_known_by_hand(team) -> None:
    project, article_id = team
    al = curation.align(data_of(project, article_id))
    assert al.analysts == ("ana", "ben")
    units = units_by_text(al)
    assert {k: u.agreement for k, u in units.items()} == {
        "Angela Merkel": Agreement.AGREED,
        "said": Agreement.ONE_ANALYST,
        "the talks failed": Agreement.PARTIAL,
        "Reuters": Agreement.CONFLICT,
        "Macron": Agreement.ONE_ANALYST,
    }
    assert units["Reuters"].labels == ("GPE", "ORG")
    # both quotes name Merkel's unit as SPEAKER; only ben gave a CUE: the links differ
    quote = units["the talks failed"]
    assert quote.links["ana"]["SPEAKER"] == quote.links["ben"]["SPEAKER"] == (units["Angela Merkel"].key,)
    assert not quote.links_agree
    assert all(u.decision == Decision.UNDECIDED for u in al.units)
    # disagreements first, in text order, the agreed unit last
    assert [TEXT[u.start:u.end] for u in al.ordered()] == ["said", "the talks failed", "Reuters", "Macron", "Angela Merkel"]
    assert al.disagreements_left() == 5  # and ana's stance, which ben did not set (fix11: stances are curated too)


def test_tab_goes_disagreement_to_disagreement_in_text_order_and_wraps(team) -> None:
    project, article_id = team
    al = curation.align(data_of(project, article_id))
    seen, current = [], None
    for _ in range(5):
        current = al.step(current, 1).key
        seen.append(TEXT[al.unit(current).start:al.unit(current).end])
    assert seen == ["said", "the talks failed", "Reuters", "Macron", "said"]
    assert TEXT[al.step(al.ordered()[0].key, -1).start:al.step(al.ordered()[0].key, -1).end] == "Macron"


def test_a_different_speaker_is_a_disagreement_even_where_the_quotes_agree(tmp_path: Path) -> None:
    bundles = layers(ben_speaker="b-macron")
    project, article_id = make_project(tmp_path / "t.db", bundles)
    with project:
        units = units_by_text(curation.align(data_of(project, article_id)))
        quote = units["the talks failed"]
        assert quote.links["ana"]["SPEAKER"] == (units["Angela Merkel"].key,)
        assert quote.links["ben"]["SPEAKER"] == (units["Macron"].key,)
        assert not quote.links_agree and quote.disagreement
        assert units["Macron"].agreement == Agreement.AGREED  # ben's Macron is where ana's is


def test_taking_ana_writes_a_new_gold_record_with_her_links_and_stance_saved_and_undoable(team, tmp_path: Path) -> None:
    project, article_id = team
    data = data_of(project, article_id)
    quote = units_by_text(curation.align(data))["the talks failed"]
    stamped = project.apply(curation.take(data, quote.key, "ana", by="lead", at="2026-11-30T20:00:00.000+00:00"), by="lead")
    project.close()
    with Project.open(tmp_path / "team.db") as reopened:
        gold = {reopened.article(article_id).text[s.start:s.end]: s for s in reopened.spans(article_id)}
        assert set(gold) == {"the talks failed", "Angela Merkel"}
        kept = gold["the talks failed"]
        assert kept.id not in {"a-q", "b-q"} and kept.analyst == "" and kept.origin == "analyst:ana"
        assert kept.status == Status.ACCEPTED and kept.label == "QUOTE"
        assert kept.attrs["curation"] == {"kept": "ana", "by": "lead", "at": "2026-11-30T20:00:00.000+00:00", "from": ["ana:a-q"],
                                          "seen": {"ana:a-q": [*at("the talks failed"), "QUOTE"], "ben:b-q": [*at("talks failed"), "QUOTE"]},
                                          # and the links from it (gold11: a newer layer dropping a SPEAKER is found)
                                          "seen_links": [["ana:a-q", "SPEAKER", "ana:a-merkel"], ["ben:b-q", "CUE", "ben:b-said"],
                                                         ["ben:b-q", "SPEAKER", "ben:b-merkel"]],
                                          "given": ["ana", "ben"]}  # fix11ab: who was given the article then
        speaker = gold["Angela Merkel"]  # her SPEAKER followed: taken from her layer too
        # fix11ag P1: ben's «Angela Merkel» equals hers: the kept span names both, whichever digit kept it
        assert speaker.origin == "analyst:ana,ben" and speaker.id != "a-merkel"
        assert [(r.head, r.child, r.label, r.status) for r in reopened.relations(article_id)] == [
            (kept.id, speaker.id, "SPEAKER", Status.ACCEPTED)]
        [stance] = reopened.stances(article_id)
        assert (stance.evidence, stance.holder_span, stance.polarity) == (kept.id, speaker.id, "against")
        # ana's own layer is untouched
        assert {s.id for s in reopened.spans(article_id, analyst="ana")} == {"a-merkel", "a-q", "a-reuters", "a-macron"}
        units = units_by_text(curation.align(data_of(reopened, article_id)))
        assert units["the talks failed"].decision == Decision.KEPT
        assert units["Angela Merkel"].decision == Decision.KEPT
        reopened.undo(stamped)
        assert reopened.spans(article_id) == [] and reopened.relations(article_id) == [] and reopened.stances(article_id) == []


def test_taking_ben_after_ana_rejects_her_version_and_follows_his_links(team) -> None:
    project, article_id = team
    quote = units_by_text(curation.align(data_of(project, article_id)))["the talks failed"]
    project.apply(curation.take(data_of(project, article_id), quote.key, "ana"))
    project.apply(curation.take(data_of(project, article_id), quote.key, "ben"))
    gold = {(TEXT[s.start:s.end], s.label): s for s in project.spans(article_id)}
    assert gold[("the talks failed", "QUOTE")].status == Status.REJECTED
    assert gold[("talks failed", "QUOTE")].status == Status.ACCEPTED
    assert gold[("talks failed", "QUOTE")].origin == "analyst:ben"
    assert gold[("said", "CUE")].status == Status.ACCEPTED  # his CUE followed
    links = {(r.head, r.child, r.label): r.status for r in project.relations(article_id)}
    assert links[(gold[("talks failed", "QUOTE")].id, gold[("said", "CUE")].id, "CUE")] == Status.ACCEPTED
    assert links[(gold[("talks failed", "QUOTE")].id, gold[("Angela Merkel", "PERSON")].id, "SPEAKER")] == Status.ACCEPTED
    assert links[(gold[("the talks failed", "QUOTE")].id, gold[("Angela Merkel", "PERSON")].id, "SPEAKER")] == Status.REJECTED
    unit = units_by_text(curation.align(data_of(project, article_id)))["the talks failed"]
    assert unit.decision == Decision.KEPT and unit.kept_gold().origin == "analyst:ben"
    # taking the same version again changes nothing
    assert not curation.take(data_of(project, article_id), quote.key, "ben")


def test_reject_keeps_nothing_and_stays_decided(team) -> None:
    project, article_id = team
    reuters = units_by_text(curation.align(data_of(project, article_id)))["Reuters"]
    project.apply(curation.reject(data_of(project, article_id), reuters.key))
    gold = project.spans(article_id)
    assert sorted((s.label, s.status) for s in gold) == [("GPE", Status.REJECTED), ("ORG", Status.REJECTED)]
    assert project.spans(article_id, statuses=[Status.ACCEPTED]) == []
    assert units_by_text(curation.align(data_of(project, article_id)))["Reuters"].decision == Decision.REJECTED


def test_accept_all_agreed_is_one_edit_and_only_the_agreed(team) -> None:
    project, article_id = team
    edit = curation.accept_all_agreed(data_of(project, article_id))
    # fix11q: not "all 1 agreed units"; fix11ag P5: then every disagreement left, counted and named by kind
    assert edit.description == ("Curate: accept the 1 agreed unit; 4 disagreements left to decide: CUE «said», QUOTE «the talks "
                                "failed», GPE/ORG «Reuters» and 1 more; 1 stance left to decide: Angela Merkel on «the talks» "
                                "(ana against, ben has none) — Tab to each; 1…9 keeps an analyst's version, X rejects")
    assert curation.cli_words(edit).endswith("— `annotator curate --keep ANALYST --article 1` keeps that analyst's version of each")
    stamped = project.apply(edit)
    assert [(TEXT[s.start:s.end], s.attrs["curation"]["kept"]) for s in project.spans(article_id)] == [("Angela Merkel", "all")]
    assert not curation.accept_all_agreed(data_of(project, article_id))  # nothing left
    project.undo(stamped)
    assert project.spans(article_id) == []
    with pytest.raises(ValueError):
        curation.accept_agreed(data_of(project, article_id), units_by_text(curation.align(data_of(project, article_id)))["Reuters"].key)


def test_a_pre_annotation_in_gold_alone_decides_nothing_and_keeping_ana_writes_her_record_not_the_machines(tmp_path: Path) -> None:
    # docs/team.md: a record taken from an analyst's layer is a new gold record (new id, origin
    # analyst:ana); the machine's suggestion at the same place is rejected in the same edit, not
    # turned into hers (gold11: it kept id "pre" and the machine's origin)
    pre = dataclasses.replace(span("pre", "Reuters", "ORG", status=Status.SUGGESTED), origin="pipeline:en_core_web_sm")
    project, article_id = make_project(tmp_path / "t.db", layers(), gold=[pre])
    with project:
        unit = units_by_text(curation.align(data_of(project, article_id)))["Reuters"]
        assert [g.id for g in unit.gold] == ["pre"] and unit.decision == Decision.UNDECIDED
        edit = curation.take(data_of(project, article_id), unit.key, "ana")
        project.apply(edit)
        gold = {s.id: s for s in project.spans(article_id)}
        [kept] = [s for s in gold.values() if s.status == Status.ACCEPTED]
        assert kept.id != "pre" and kept.origin == "analyst:ana" and kept.attrs["curation"]["kept"] == "ana"
        assert (gold["pre"].status, gold["pre"].origin) == (Status.REJECTED, "pipeline:en_core_web_sm")
        project.apply(edit.inverse())
        assert [(s.id, s.status) for s in project.spans(article_id)] == [("pre", Status.SUGGESTED)]


def test_deciding_the_last_unit_marks_the_article_curated(team) -> None:
    project, article_id = team
    project.apply(curation.accept_all_agreed(data_of(project, article_id)))
    al = curation.align(data_of(project, article_id))
    for unit in al.units:
        if not curation.align(data_of(project, article_id)).unit(unit.key).decided:
            project.apply(curation.take(data_of(project, article_id), unit.key, "ben"))
    # ben's quote kept, ana's stance on it left: a stance disagreement holds the article back (fix11)
    al = curation.align(data_of(project, article_id))
    assert not al.curated and curation.curation_status(project.article(article_id)) == ""
    [stance] = al.stances
    project.apply(curation.take_stance(data_of(project, article_id), stance.key, "ben"))  # ben set none: rejected
    article = project.article(article_id)
    assert curation.curation_status(article) == "curated" and article.status == ArticleStatus.REVIEWED
    assert curation.align(data_of(project, article_id)).curated
    # ben had no Macron: taking his version there is "nothing", a rejection
    assert units_by_text(curation.align(data_of(project, article_id)))["Macron"].decision == Decision.REJECTED


@pytest.mark.parametrize("who", ["ana", "ben"])
def test_an_article_given_to_one_analyst_is_single_not_agreed_and_accept_all_leaves_it(tmp_path: Path, who: str) -> None:
    """PolNeAR: 82 of 84 articles have one annotator; their units opened green "all agree" and
    Ctrl+Return accepted one person's work as agreed (issue 11 user test)."""
    project, article_id = make_project(tmp_path / "t.db", {who: layers()[who]})
    with project:
        data = data_of(project, article_id)
        al = curation.align(data)
        assert len(al.units) == 4
        assert {u.agreement for u in al.units} == {Agreement.SINGLE} and al.disagreements_left() == 0
        assert not any(u.disagreement for u in al.units) and all(u.single for u in al.units)
        edit = curation.accept_all_agreed(data)
        assert not edit and edit.description.startswith("No agreed unit left")
        with pytest.raises(ValueError, match=f"only {who} was given this article"):
            curation.accept_agreed(data, al.units[0].key)
        project.apply(curation.take(data, al.units[0].key, who))  # the curator can still take it
        assert curation.align(data_of(project, article_id)).units[0].decision == Decision.KEPT


def test_an_agreed_quote_waits_while_its_speaker_is_disputed(tmp_path: Path) -> None:
    """Both quote the same words with the SPEAKER Merkel, but ana's speaker span is 'Angela
    Merkel' and ben's 'Merkel': accepting the quote "as all agree" must not pick a speaker unseen."""
    quote = ("the talks failed", "QUOTE", "quote")
    ana = ArticleBundle(Article(id=None, text=TEXT), spans=[span("a-s", "Angela Merkel", "PERSON"), span("a-q", *quote)],
                        relations=[link("ar", "a-q", "a-s")])
    ben = ArticleBundle(Article(id=None, text=TEXT), spans=[span("b-s", "Merkel", "PERSON"), span("b-q", *quote)],
                        relations=[link("br", "b-q", "b-s")])
    project, article_id = make_project(tmp_path / "t.db", {"ana": ana, "ben": ben})
    with project:
        units = units_by_text(curation.align(data_of(project, article_id)))
        assert units["the talks failed"].agreement == Agreement.AGREED and units["the talks failed"].links_agree
        assert units["Angela Merkel"].agreement == Agreement.PARTIAL
        assert curation.accept_all_agreed(data_of(project, article_id)).description == \
            ("No agreed unit left to accept; 1 waits for a disputed speaker or cue; 1 disagreement left to decide: "
             "PERSON «Angela Merkel» — Tab to it; 1…9 keeps an analyst's version, X rejects")
        with pytest.raises(ValueError, match="decide that first"):
            curation.accept_agreed(data_of(project, article_id), units["the talks failed"].key)
        project.apply(curation.take(data_of(project, article_id), units["Angela Merkel"].key, "ben"))
        project.apply(curation.accept_all_agreed(data_of(project, article_id)))
        spans = {TEXT[s.start:s.end]: s for s in project.spans(article_id)}
        assert set(spans) == {"Merkel", "the talks failed"}
        assert [(r.head, r.child) for r in project.relations(article_id)] == [(spans["the talks failed"].id, spans["Merkel"].id)]
        assert curation.curation_status(project.article(article_id)) == "curated"


def test_a_suggestion_an_analyst_left_pending_is_not_their_annotation(tmp_path: Path) -> None:
    """Every analyst's file starts with the same pre-annotation: left pending by both, it must not
    count as "all agree"; accepted by one, it is that analyst's alone."""
    pending = span("pre", "Reuters", "ORG", status=Status.SUGGESTED)
    ana = ArticleBundle(Article(id=None, text=TEXT), spans=[pending, span("a-m", "Macron", "PERSON")])
    ben = ArticleBundle(Article(id=None, text=TEXT), spans=[pending, dataclasses.replace(span("a-m", "Macron", "PERSON"), status=Status.SUGGESTED)])
    project, article_id = make_project(tmp_path / "t.db", {"ana": ana, "ben": ben})
    with project:
        units = units_by_text(curation.align(data_of(project, article_id)))
        assert set(units) == {"Macron"} and units["Macron"].agreement == Agreement.ONE_ANALYST


def test_stances_are_compared_by_holder_target_and_evidence_unit(team) -> None:
    project, article_id = team
    [stance] = curation.align(data_of(project, article_id)).stances
    assert (stance.holder, stance.target, dict(stance.polarities)) == ("angela merkel", "the talks", {"ana": "against"})
    assert not stance.agreed  # ben set no stance there


def _big_article(n_chars: int, counts: dict[str, int], seed: int = 11) -> curation.CurationInput:
    """A generated article of ``n_chars`` characters with ``counts`` analyst → number of accepted
    spans (words of 1-3 tokens, labels drawn from four, some nested QUOTEs) and a SPEAKER link from
    every tenth span to its neighbour."""
    import random

    rng = random.Random(seed)
    words = "the minister said talks failed according to Reuters in Berlin on Monday".split()
    parts, size = [], 0
    while size < n_chars:
        w = rng.choice(words)
        parts.append(w)
        size += len(w) + 1
    text = " ".join(parts)[:n_chars]
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == " "]
    layers = {}
    for name, count in counts.items():
        chosen = sorted(rng.sample(range(len(starts) - 9), count))
        spans, relations = [], []
        for k, w in enumerate(chosen):
            label = rng.choice(["PERSON", "ORG", "GPE", "QUOTE"])
            end = starts[w + (8 if label == "QUOTE" else rng.randint(1, 2))] - 1
            spans.append(Span(id=f"{name}{k}", article_id=0, start=starts[w], end=end, label=label,
                              layer="quote" if label == "QUOTE" else "entity", analyst=name))
            if k % 10 == 1:
                relations.append(link(f"{name}r{k}", f"{name}{k}", f"{name}{k - 1}"))
        layers[name] = ArticleBundle(Article(id=1, text=text), spans=spans, relations=relations)
    return curation.CurationInput(gold=ArticleBundle(Article(id=1, text=text)), layers=layers)


def test_a_611566_character_article_of_68793_spans_aligns_in_seconds() -> None:
    """The tester's article (issue 11): 611,566 characters, 36,248 spans of ana and 32,545 of ben
    had not opened after 390 s (every pair of groups compared)."""
    import time

    data = _big_article(611_566, {"ana": 36_248, "ben": 32_545})
    # against a tenth of it aligned in the same run, median of three (the machine is shared: an absolute
    # 6 s failed at 7 s under load while the code was faster than before)
    tenth = _big_article(61_157, {"ana": 3_625, "ben": 3_255})
    small = []
    for _ in range(3):
        started = time.perf_counter()
        curation.align(tenth)
        small.append(time.perf_counter() - started)
    started = time.perf_counter()
    al = curation.align(data)
    seconds = time.perf_counter() - started
    # 10× the spans: ~10-30× the time here (sorting, allocation, a shared machine); pairwise was ~100×
    assert seconds < 50 * sorted(small)[1] and seconds < 60, (seconds, small)
    assert sum(len(u.versions) for u in al.units) == 36_248 + 32_545
    assert len(al.article.text) == 611_566


def test_the_sweep_makes_the_same_units_as_every_pair_did() -> None:
    """On a small generated article the units are those of the pairwise grouping (by hand: every
    pair of spans compared, as before the sweep)."""
    data = _big_article(3_000, {"ana": 60, "ben": 55, "cy": 40}, seed=5)
    spans = [s for a in data.analysts for s in data.layers[a].spans]
    # the old pairwise grouping, kept here as the reference
    g = curation._Groups(len(spans))
    for i in range(len(spans)):
        for j in range(i + 1, len(spans)):
            if spans[i].label == spans[j].label and curation._overlap(spans[i], spans[j]) > 0:
                g.union(i, j)
    first = [[spans[i] for i in m] for m in g.members()]
    ext = [(min(s.start for s in x), max(s.end for s in x)) for x in first]
    pairs = sorted((-curation._jaccard(ext[i], ext[j]), i, j) for i in range(len(first)) for j in range(i + 1, len(first))
                   if curation._jaccard(ext[i], ext[j]) >= curation.CONFLICT_OVERLAP
                   and {s.label for s in first[i]} != {s.label for s in first[j]})
    m = curation._Groups(len(first))
    mem = {i: {i} for i in range(len(first))}
    for _n, i, j in pairs:
        ri, rj = m.find(i), m.find(j)
        if ri == rj or {s.analyst for k in mem[ri] for s in first[k]} & {s.analyst for k in mem[rj] for s in first[k]}:
            continue
        m.union(ri, rj)
        mem[m.find(ri)] = mem[ri] | mem[rj]
    expected = sorted(sorted(curation.ref(s) for k in x for s in first[k]) for x in m.members())
    got = sorted(sorted(curation.ref(s) for s in u.versions) for u in curation.align(data).units)
    assert got == expected
    assert any(len(u.labels) > 1 for u in curation.align(data).units)  # conflicts were merged too


def test_taking_an_analyst_not_given_the_article_names_them_without_quotes(team) -> None:
    project, article_id = team
    al = curation.align(data_of(project, article_id))
    for name in ("cy", "o'brien"):
        with pytest.raises(KeyError) as err:
            curation.take(data_of(project, article_id), al.units[0].key, name)
        assert err.value.args[0] == f"{name} was not given this article"
