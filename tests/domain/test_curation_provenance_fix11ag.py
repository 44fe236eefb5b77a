"""fix11ag P1 (issue 11, last user test): an identical stance (same holder, target, polarity) of ana
and ben on a quote whose *speaker* is disputed got gold provenance "ana,ben", "ben" or "ana" by the
order of the keys that decided the speaker, the quote and the stance. Provenance — a kept record's
``origin`` and ``attrs["curation"]["from"]`` (and a stance's ``kept``: "all" when every analyst's
equals it) — names every analyst whose version equals the kept one, in every order: checked over
every permutation of one set of decisions, for spans, links and stances. (Curation decides no
tags: a tag is gold's own.) Hand-written text, no corpus."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest

from annotator.domain import curation
from annotator.domain.model import Status
from annotator.storage.project import Project
from tests.domain.test_curation_stance_follow_fix11y import TEXT, bundle, state


def speaker_disputed(path: Path, analysts: dict[str, str] | None = None) -> tuple[Project, int]:
    """ana marks the speaker «Tom Brennan» PERSON, ben ORG (a label conflict: the speaker is
    disputed); both have the same quote, cue, links and the same stance Tom Brennan favor «harbour»
    on the quote, its holder span their speaker. ``analysts``: name → speaker label."""
    project = Project.open(path)
    aid = 0
    for name, label in (analysts or {"ana": "PERSON", "ben": "ORG"}).items():
        aid = project.import_bundles([bundle(label=label)], analyst=name).article_ids[0]
    return project, aid


def press(project: Project, aid: int, key: str, analysts: tuple[str, ...] = ("ana", "ben")) -> str:
    """One key of the curation view on the units of :func:`speaker_disputed`: ``S-ana`` (a digit on
    the speaker's row), ``Q-ben`` (a digit on the quote's), ``A-st`` / ``st-ben`` (A or a digit on
    the stance's row), ``R`` (Ctrl+Return). A refusal is part of the run (the key said why)."""
    st = state(project, aid, analysts)
    al = st.alignment
    speaker = next(u for u in al.units if {"PERSON", "ORG"} & set(u.labels))
    quote = next(u for u in al.units if "QUOTE" in u.labels and TEXT[u.start:u.end].startswith('"The'))
    row, _, who = key.partition("-")
    try:
        if key == "R":
            edit = st.accept_all_agreed(by="lead")
        elif key == "A-st":
            edit = st.accept_agreed(al.stances[0].key, by="lead")
        else:
            unit = {"S": speaker.key, "Q": quote.key, "st": al.stances[0].key}[row]
            edit = st.take(unit, who, by="lead")
    except ValueError as refused:
        return f"refused: {refused}"
    if edit:
        project.apply(edit, by="lead")
    return edit.description


def provenance(project: Project, aid: int) -> tuple[object, ...]:
    """Gold by content with its provenance: accepted spans (place, label, status, origin, from-analysts),
    links (head's and child's place and label, status, origin, from) and stances (holder, target,
    polarity, status, holder span's place, evidence's place, origin, kept, from)."""
    gold = project.bundle(aid)
    at = {s.id: (TEXT[s.start:s.end], s.label) for s in gold.spans}

    def who(record: object) -> tuple[str, ...]:
        info = getattr(record, "attrs", {}).get("curation")
        return tuple(r.split(":")[0] for r in info.get("from", ())) if isinstance(info, dict) else ()

    # a rejected record is history (ben's ORG brought by his quote's digit, then replaced): not compared
    spans = sorted((at[s.id], s.status.value, s.origin, who(s)) for s in gold.spans if s.status == Status.ACCEPTED)
    links = sorted((at.get(r.head), at.get(r.child), r.label, r.origin, who(r)) for r in gold.relations if r.status == Status.ACCEPTED)
    stances = sorted((s.holder, s.target, s.polarity, s.status.value, at.get(s.holder_span), at.get(s.evidence), s.origin,
                      s.attrs.get("curation", {}).get("kept"), who(s)) for s in gold.stances)
    return tuple(spans), tuple(links), tuple(stances)


DECISIONS = ("S-ana", "Q-ben", "A-st", "R")


@pytest.mark.timeout(120)
def test_provenance_does_not_depend_on_the_order_of_the_decisions(tmp_path: Path) -> None:
    """The 24 orders of: keep ana's speaker, keep ben's quote, A on the stance, Ctrl+Return (then
    Ctrl+Return once more, as the counter advertises): one gold, one provenance."""
    template, aid = speaker_disputed(tmp_path / "case.db")
    template.close()
    results: dict[tuple[object, ...], list[tuple[str, ...]]] = {}
    for n, order in enumerate(itertools.permutations(DECISIONS)):
        path = tmp_path / f"{n}.db"
        shutil.copyfile(tmp_path / "case.db", path)
        with Project.open(path) as project:
            for key in (*order, "R"):
                press(project, aid, key)
            assert curation.curation_status(project.article(aid)) == "curated", order
            results.setdefault(provenance(project, aid), []).append(order)
    assert len(results) == 1, "\n".join(f"{orders[0]} (+{len(orders) - 1}): {sig}" for sig, orders in results.items())
    ((spans, links, stances),) = results
    # the stance both made is both analysts' however it was kept, on ana's PERSON (the speaker kept)
    assert stances == (("Tom Brennan", "harbour", "favor", "accepted", ("Tom Brennan", "PERSON"), ('"The harbour,"', "QUOTE"),
                        "analyst:ana,ben", "all", ("ana", "ben")),)
    # the quote is both analysts' (equal), the PERSON ana's alone, ben's ORG rejected
    accepted = {s[0]: (s[2], s[3]) for s in spans if s[1] == "accepted"}
    assert accepted[('"The harbour,"', "QUOTE")] == ("analyst:ana,ben", ("ana", "ben"))
    assert accepted[("Tom Brennan", "PERSON")] == ("analyst:ana", ("ana",))
    assert ("Tom Brennan", "ORG") not in accepted
    # the SPEAKER link to the kept PERSON is ana's alone (ben's went to his ORG); the CUE link both's
    by_label = {link[2]: link[3:] for link in links}
    assert by_label["SPEAKER"] == ("analyst:ana", ("ana",))
    assert by_label["CUE"] == ("analyst:ana,ben", ("ana", "ben"))
    assert by_label["FRAGMENT"] == ("analyst:ana,ben", ("ana", "ben"))


@pytest.mark.parametrize("key", ["Q-ana", "Q-ben", "st-ana", "st-ben", "A-st", "R"])
def test_an_agreed_stance_names_both_analysts_by_every_key(tmp_path: Path, key: str) -> None:
    """The speaker decided first (ana's), then any one key that keeps the stance: "ana,ben", all."""
    project, aid = speaker_disputed(tmp_path / "p.db")
    with project:
        press(project, aid, "S-ana")
        said = press(project, aid, key)
        (gold,) = [s for s in project.stances(aid) if not s.analyst]
        assert (gold.status, gold.origin, gold.attrs["curation"]["kept"]) == (Status.ACCEPTED, "analyst:ana,ben", "all"), said
        assert [r.split(":")[0] for r in gold.attrs["curation"]["from"]] == ["ana", "ben"]


def test_a_digit_on_a_span_all_agree_on_names_every_analyst(tmp_path: Path) -> None:
    """A digit on a quote both marked the same: its origin and ``from`` name both, though ``kept``
    records the key's analyst (the decision)."""
    project, aid = speaker_disputed(tmp_path / "p.db")
    with project:
        press(project, aid, "Q-ana")
        quote = next(s for s in project.spans(aid) if not s.analyst and s.status == Status.ACCEPTED
                     and TEXT[s.start:s.end] == '"The harbour,"')
        assert quote.origin == "analyst:ana,ben" and quote.attrs["curation"]["kept"] == "ana"
        assert [r.split(":")[0] for r in quote.attrs["curation"]["from"]] == ["ana", "ben"]


def test_three_analysts_two_agree_keep_the_third_credits_only_who_equals_it(tmp_path: Path) -> None:
    """P7's check: ana and ben mark PERSON, cy ORG; keeping cy's speaker names cy alone, and
    keeping ana's names ana and ben — the stance (equal for all three) names all three."""
    analysts = ("ana", "ben", "cy")
    project, aid = speaker_disputed(tmp_path / "p.db", {"ana": "PERSON", "ben": "PERSON", "cy": "ORG"})
    with project:
        press(project, aid, "S-cy", analysts)
        person = [s for s in project.spans(aid) if not s.analyst and s.status == Status.ACCEPTED and s.label in ("PERSON", "ORG")]
        assert [(s.label, s.origin) for s in person] == [("ORG", "analyst:cy")]
        press(project, aid, "S-ana", analysts)
        person = [s for s in project.spans(aid) if not s.analyst and s.status == Status.ACCEPTED and s.label in ("PERSON", "ORG")]
        assert [(s.label, s.origin) for s in person] == [("PERSON", "analyst:ana,ben")]
        press(project, aid, "Q-cy", analysts)
        (gold,) = [s for s in project.stances(aid) if not s.analyst]
        assert (gold.origin, gold.attrs["curation"]["kept"]) == ("analyst:ana,ben,cy", "all")


@pytest.mark.timeout(120)
def test_three_analysts_provenance_does_not_depend_on_the_order_either(tmp_path: Path) -> None:
    """ana and ben PERSON, cy ORG, one stance all three made: the 24 orders of keep ana's speaker,
    keep cy's quote, a digit (ben's) on the stance, Ctrl+Return — one gold, one provenance: the
    PERSON and its SPEAKER link ana's and ben's, the quote and the stance all three's."""
    analysts = ("ana", "ben", "cy")
    project, aid = speaker_disputed(tmp_path / "case.db", {"ana": "PERSON", "ben": "PERSON", "cy": "ORG"})
    project.close()
    results: dict[tuple[object, ...], list[tuple[str, ...]]] = {}
    for n, order in enumerate(itertools.permutations(("S-ana", "Q-cy", "st-ben", "R"))):
        path = tmp_path / f"{n}.db"
        shutil.copyfile(tmp_path / "case.db", path)
        with Project.open(path) as project:
            for key in (*order, "R"):
                press(project, aid, key, analysts)
            assert curation.curation_status(project.article(aid)) == "curated", order
            results.setdefault(provenance(project, aid), []).append(order)
    assert len(results) == 1, "\n".join(f"{orders[0]} (+{len(orders) - 1}): {sig}" for sig, orders in results.items())
    ((spans, links, stances),) = results
    assert stances == (("Tom Brennan", "harbour", "favor", "accepted", ("Tom Brennan", "PERSON"), ('"The harbour,"', "QUOTE"),
                        "analyst:ana,ben,cy", "all", ("ana", "ben", "cy")),)
    accepted = {s[0]: (s[2], s[3]) for s in spans}
    assert accepted[("Tom Brennan", "PERSON")] == ("analyst:ana,ben", ("ana", "ben"))
    assert accepted[('"The harbour,"', "QUOTE")] == ("analyst:ana,ben,cy", ("ana", "ben", "cy"))
    assert {link[2]: link[3] for link in links}["SPEAKER"] == "analyst:ana,ben"
