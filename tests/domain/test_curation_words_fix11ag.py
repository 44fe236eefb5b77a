"""fix11ag P4, P5, P8 (issue 11, last user test): every refusal and every line of what a decision
left says how to go on — the window's words name its keys only, ``curate``'s its flags only
(:func:`curation.cli_words`, :attr:`Refused.cli`); Ctrl+Return counts and names every disagreement
it leaves, an article-level stance too; no line advises a key whose work is done. Hand-written
text, no corpus."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from annotator.domain import curation
from annotator.domain.model import Stance
from annotator.storage.project import Project
from tests.domain.test_curation_provenance_fix11ag import press, speaker_disputed
from tests.domain.test_curation_stance_follow_fix11y import TEXT, bundle, state
from tests.ui.test_curation_tab_order_fix11ag import holder_and_stance_disputed

#: window keys a curate line must not name, and flags a window line must not name
KEYS = re.compile(r"\bTab\b|1…9|\(X\)|X rejects|Ctrl\+Return|\bA keeps\b|click")
FLAGS = re.compile(r"--[a-z]")


def window_and_cli(window: str, cli: str) -> None:
    assert not FLAGS.search(window), window
    assert not KEYS.search(cli), cli


def test_p4_ctrl_return_leaving_a_stance_for_its_disputed_holder_names_keys_and_the_flag(tmp_path: Path) -> None:
    project, aid = holder_and_stance_disputed(tmp_path / "p.db")
    with project:
        edit = state(project, aid).accept_all_agreed(by="lead")
        window, cli = edit.description, curation.cli_words(edit)
        window_and_cli(window, cli)
        assert "1 disagreement left to decide: ORG/PERSON «Maria Okafor»" in window
        assert "1 stance left to decide: Maria Okafor on «harbour» (ana favor, ben against) — Tab to each" in window
        assert "`annotator curate --keep ANALYST --article 1` keeps that analyst's version of each" in cli


def test_p4_a_stance_refused_for_its_disputed_holder_names_keys_and_the_flag(tmp_path: Path) -> None:
    """The stance whose holder is disputed: 1 on the stance is refused, saying how to go on."""
    project, aid = holder_and_stance_disputed(tmp_path / "p.db")
    with project:
        project.apply(state(project, aid).accept_all_agreed(by="lead"), by="lead")
        st = state(project, aid)
        with pytest.raises(curation.Refused) as refused:
            st.take(st.alignment.stances[0].key, "ana", by="lead")
        window, cli = str(refused.value), refused.value.cli
        window_and_cli(window, cli)
        assert "keep the holder first (Tab to it), or reject the stance (X)" in window
        assert "`annotator curate --keep ANALYST --article 1` keeps that analyst's holder, then the stance" in cli


def test_p4_a_stance_on_a_quote_waiting_for_its_disputed_speaker_names_the_speaker(tmp_path: Path) -> None:
    """After Ctrl+Return (the quote waits for its disputed speaker), A on the agreed stance said
    "accept the agreed quote first (Ctrl+Return)" — pressed already: now the speaker to decide."""
    project, aid = speaker_disputed(tmp_path / "p.db")
    with project:
        press(project, aid, "R")
        st = state(project, aid)
        with pytest.raises(curation.Refused) as refused:
            st.accept_agreed(st.alignment.stances[0].key, by="lead")
        window, cli = str(refused.value), refused.value.cli
        window_and_cli(window, cli)
        assert "it waits for ORG/PERSON «Tom Brennan», a disagreement: decide that first (Tab to it" in window
        assert "Ctrl+Return" not in window
        assert "`annotator curate --keep ANALYST --article 1` decides it, the quote and the stance" in cli


def with_article_stance(b, polarity: str):  # noqa: ANN001, ANN201
    b.stances.append(Stance(id="st2", article_id=0, holder="Maria Okafor", holder_span="", target="port", polarity=polarity,
                            evidence=""))
    return b


def test_p5_ctrl_return_names_every_stance_left_an_article_level_one_too(tmp_path: Path) -> None:
    project = Project.open(tmp_path / "p.db")
    with project:
        aid = project.import_bundles([with_article_stance(bundle(), "favor")], analyst="ana").article_ids[0]
        project.import_bundles([with_article_stance(bundle(stance="against"), "against")], analyst="ben")
        edit = state(project, aid).accept_all_agreed(by="lead")
        assert edit.description == (
            "Curate: accept all 4 agreed units; 2 stances left to decide: Maria Okafor on «port» (article level; ana favor, "
            "ben against), Tom Brennan on «harbour» (ana favor, ben against) — Tab to each; 1…9 keeps an analyst's version, "
            "X rejects")
        window_and_cli(edit.description, curation.cli_words(edit))


def test_p5_more_than_three_left_are_counted_and_the_first_three_named(tmp_path: Path) -> None:
    project = Project.open(tmp_path / "p.db")
    with project:
        a, b = bundle(), bundle(stance="against")
        for n, target in enumerate(("port", "bridge", "ferry", "tunnel")):
            a = with_article_stance(a, "favor")
            b = with_article_stance(b, "against")
            a.stances[-1] = Stance(id=f"a{n}", article_id=0, holder="Maria Okafor", target=target, polarity="favor")
            b.stances[-1] = Stance(id=f"b{n}", article_id=0, holder="Maria Okafor", target=target, polarity="against")
        aid = project.import_bundles([a], analyst="ana").article_ids[0]
        project.import_bundles([b], analyst="ben")
        edit = state(project, aid).accept_all_agreed(by="lead")
        assert "; 5 stances left to decide: " in edit.description, edit.description
        assert " and 2 more — Tab to each" in edit.description, edit.description


def test_p8_a_stance_on_a_rejected_quote_advises_no_x(tmp_path: Path) -> None:
    """X on the quote rejects its stance with it: a digit on the stance is refused without "(X)"."""
    project = Project.open(tmp_path / "p.db")
    with project:
        aid = project.import_bundles([bundle(quote_short=True)], analyst="ana").article_ids[0]
        project.import_bundles([bundle(stance="against")], analyst="ben")
        st = state(project, aid)
        quote = next(u for u in st.alignment.units if "QUOTE" in u.labels and TEXT[u.start:u.end].startswith('"The'))
        project.apply(st.reject(quote.key, by="lead"), by="lead")
        st = state(project, aid)
        with pytest.raises(curation.Refused) as refused:
            st.take(st.alignment.stances[0].key, "ana", by="lead")
        window, cli = str(refused.value), refused.value.cli
        window_and_cli(window, cli)
        assert "(X)" not in window and "it is rejected with it" in window
        assert "--redecide" in cli


def test_p8_accept_single_on_a_shared_article_keys_in_the_window_flags_in_curate(tmp_path: Path) -> None:
    project, aid = speaker_disputed(tmp_path / "p.db")
    with project:
        done = curation.decide_single(state(project, aid).data, by="lead")
        assert done.reason is curation.NotDone.SEVERAL_ANALYSTS
        window_and_cli(done.message, done.cli_message)
        assert done.message.endswith("(Ctrl+Return) and each disagreement (Tab, then 1…9 or X)")
        assert done.cli_message.endswith("(--accept-agreed) and each disagreement (--keep ANALYST --article 1)")


# ---------------------------------------------------------------- fix11ai: every message kind, enumerated

#: fix11ai: the window's keys, Ctrl+Shift+K among them (the listing and the agreement headings named it)
ALL_KEYS = re.compile(KEYS.pattern + r"|Ctrl\+Shift\+K")


def test_fix11ai_every_curate_listing_line_names_flags_never_keys() -> None:
    """Every kind of ``curate`` listing line (each combination of what an article can have left,
    marked, decided, unreviewed, empty): flags and the window's menu command, never a key."""
    import itertools

    from annotator.storage.curation_state import CurationState

    kinds = ("disagreements", "agreed", "single", "changed", "unlinked", "gold_own")
    seen = 0
    for counts in itertools.product((0, 2), repeat=len(kinds)):
        fields = dict(zip(kinds, counts, strict=True))
        if fields["unlinked"] > fields["changed"] or fields["gold_own"] > fields["disagreements"]:
            continue  # each is a part of the kind before it
        for curated, decided, marked, unreviewed, empty in itertools.product((False, True), repeat=5):
            state = CurationState(article_id=4, title="Ferry strike", curated=curated, decided=decided or curated,
                                  marked=marked, unreviewed=("ana",) if unreviewed else (),
                                  unreviewed_status=(("ana", "new"),) if unreviewed else (), no_units=empty, **fields)
            line = state.line("team.db")
            assert not ALL_KEYS.search(line), line
            if not state.curated and not state.decided and not state.unreviewed:
                assert "`annotator curate team.db --" in line, line  # what to do is a command
            seen += 1
    assert seen > 500


def test_fix11ai_agreement_flag_headings_name_flags_on_the_cli_and_keys_in_the_window() -> None:
    from annotator.domain.curation_flags import flag_sections

    rows = [{"article_id": 2, "labels": ["PERSON"], "text": "Lena Ortiz", "why": "ben's version is gone", "unlinked": False},
            {"article_id": 3, "labels": ["SPEAKER"], "text": "Okafor", "why": "x", "unlinked": True}]
    cli, window = flag_sections(rows, cli="team.db"), flag_sections(rows)
    assert [s.kind for s in cli] == [s.kind for s in window] == ["changed", "unlinked"]
    for c, w in zip(cli, window, strict=True):
        window_and_cli(w.heading, c.heading)
        assert not ALL_KEYS.search(c.heading) and "--reject ANALYST" in c.heading, c.heading
        assert "Ctrl+Shift+K" in w.heading, w.heading


def _every_decision(st: curation.ArticleCuration) -> list[tuple[str, str]]:
    """(window words, curate words) of every decision the view offers on every unit of ``st``:
    each analyst's digit, X, A, and Ctrl+Return and S on the article — written or refused."""
    said: list[tuple[str, str]] = []

    def attempt(decide) -> None:  # noqa: ANN001
        try:
            edit = decide()
        except curation.Refused as refused:
            said.append((str(refused), refused.cli))
        except (KeyError, ValueError):
            return  # a plain refusal names neither keys nor flags (its words are the same everywhere)
        else:
            said.append((edit.description, curation.cli_words(edit)))

    al = st.alignment
    for key in [u.key for u in al.units] + [s.key for s in al.stances]:
        for analyst in st.data.layers:
            attempt(lambda key=key, analyst=analyst: st.take(key, analyst, by="lead"))
        attempt(lambda key=key: st.reject(key, by="lead"))
        attempt(lambda key=key: st.accept_agreed(key, by="lead"))
    bulk = curation.decide_agreed(st.data, by="lead", alignment=al)
    said.append((bulk.message, bulk.cli_message))
    single = curation.decide_single(st.data, by="lead", alignment=al)
    said.append((single.message, single.cli_message))
    return said


@pytest.mark.parametrize("made", ["holder_and_stance_disputed", "speaker_disputed"])
def test_fix11ai_every_decision_and_refusal_names_keys_in_the_window_and_flags_in_curate(tmp_path: Path, made: str) -> None:
    """Every decision kind, on every unit, before and after Ctrl+Return (which changes what each
    says: a stance waiting for its holder, a link to a decided unit): the window's words and
    curate's words each name only their own controls."""
    maker = {"holder_and_stance_disputed": holder_and_stance_disputed, "speaker_disputed": speaker_disputed}[made]
    project, aid = maker(tmp_path / "p.db")
    with project:
        said = _every_decision(state(project, aid))
        project.apply(state(project, aid).accept_all_agreed(by="lead"), by="lead")
        said += _every_decision(state(project, aid))
    assert len(said) > 10
    for window, cli in said:
        window_and_cli(window, cli)
        assert not re.search(r"Ctrl\+Shift\+K", cli), cli


def _bulk_said(edit: curation.Edit) -> tuple[str, str]:
    return edit.description, curation.cli_words(edit)


def test_fix11ak_accept_agreed_leaving_a_changed_unit_names_flags_in_curate(tmp_path: Path) -> None:
    """N1a (usertest11r): `--accept-agreed` with only a ⚠ changed-since-decided unit left printed
    "Tab to it, 1…9 keeps…, X rejects"; curate's words name its flags, the window's its keys."""
    import dataclasses

    from tests.domain.test_curation import data_of, layers, make_project
    from tests.domain.test_curation_changed import _replace_layer

    bundles = layers()
    project, aid = make_project(tmp_path / "t.db", bundles)
    with project:
        project.apply(curation.accept_all_agreed(data_of(project, aid), by="lead"))
        ben = bundles["ben"]
        _replace_layer(project, aid, "ben", dataclasses.replace(
            ben, spans=[dataclasses.replace(s, label="ORG") if s.id == "b-merkel" else s for s in ben.spans]))
        bulk = curation.decide_agreed(data_of(project, aid), by="lead")
        window, cli = bulk.message, bulk.cli_message
    assert "1 unit ⚠ changed since decided left for you" in window and "Tab to it" in window, window
    assert "1 unit ⚠ changed since decided left for you: `annotator curate --keep ANALYST --article" in cli, cli
    window_and_cli(window, cli)


def test_fix11ak_accept_agreed_leaving_unlinked_and_gold_own_names_flags_in_curate(tmp_path: Path) -> None:
    """The same kind: what Ctrl+Return leaves ⚠ linked to nothing, and where gold held its own
    version (held_for_lead), in curate's words name flags only; --accept-single's too."""
    from tests.domain.test_curation_own_gold_fix11s import TEXT as OWN_TEXT
    from tests.domain.test_curation_own_gold_fix11s import make as make_own
    from tests.domain.test_curation_own_gold_fix11s import span as own_span
    from tests.domain.test_curation_own_gold_fix11s import state as own_state
    from annotator.domain.model import Article, ArticleBundle
    from tests.domain.test_curation_nested_fix11k import _told, data_of, make_project
    from tests.domain.test_curation_unlinked_fix11m import _decide

    said: list[tuple[str, str]] = []
    project, aid = make_project(tmp_path / "u.db", {"ana": _told("a"), "cy": _told("c")})
    with project:
        _decide(project, aid, "nothing was agreed", "X")
        edit = curation.accept_all_agreed(data_of(project, aid), by="lead")
        said.append(_bulk_said(edit))
        project.apply(edit, by="lead")
        bulk = curation.decide_agreed(data_of(project, aid), by="lead")
        said.append((bulk.message, bulk.cli_message))
    assert "kept linked to nothing in gold" in said[0][1] and "--keep ANALYST --article" in said[0][1], said[0]
    assert "linked to nothing in gold" in said[1][1] and "--reject ANALYST --article" in said[1][1], said[1]
    gold = ArticleBundle(Article(id=None, text=OWN_TEXT), spans=[own_span("g-o", "Okafor", "PERSON", "entity")])
    project, aid = make_own(tmp_path / "g.db", gold)
    with project:
        st = own_state(project, aid)
        said.append(_bulk_said(st.accept_all_agreed(by="lead")))
        single = curation.decide_single(st.data, by="lead", alignment=st.alignment)
        said.append((single.message, single.cli_message))
    assert "where gold differs left for you" in said[2][1] and "View → Curation…" in said[2][1], said[2]
    for window, cli in said:
        window_and_cli(window, cli)
        assert not re.search(r"Ctrl\+Shift\+K", cli), cli


def test_fix11ak_gold_export_left_out_reasons_name_flags_never_keys() -> None:
    """N1b: every gold export of a team project printed "Ctrl+Return in the curation view
    (Ctrl+Shift+K)"; the export's left-out reasons name `annotator curate` and the menu command."""
    from annotator.formats import layers

    for line in (layers.HOW_TO_CURATE, layers.NOT_CURATED, layers.GOLD_NOT_CURATED,
                 layers.not_curated("team.db"), layers.gold_not_curated("team.db")):
        assert not KEYS.search(line) and not re.search(r"Ctrl\+", line), line
        assert "--accept-agreed" in line, line


def test_fix11ak_two_labels_refusal_names_keys_in_the_window_and_flags_in_curate(tmp_path: Path) -> None:
    """N2's refusal is one of the decisions: its two wordings keep the rule."""
    from tests.domain.test_curation_same_words_fix11ak import data_of as sw_data
    from tests.domain.test_curation_same_words_fix11ak import make_project as sw_project
    from tests.domain.test_curation_same_words_fix11ak import span as sw_span

    project, aid = sw_project(tmp_path / "t.db", {"ana": [sw_span("a1", "Lena Varga", "PERSON"), sw_span("a2", "Lena Varga", "ORG")],
                                                  "ben": [sw_span("b1", "Ostrava", "GPE")]})
    with project:
        units = [u for u in curation.align(sw_data(project, aid)).units if u.labels in (("PERSON",), ("ORG",))]
        project.apply(curation.take(sw_data(project, aid), units[0].key, "ana", by="lead"), by="lead")
        with pytest.raises(curation.Refused) as caught:
            curation.take(sw_data(project, aid), units[1].key, "ana", by="lead")
    window_and_cli(str(caught.value), caught.value.cli)


def test_fix11ak_changed_listing_line_reads_where_no_version_is_left() -> None:
    """N8: "one no analyst's version is left of is kept as gold has it …" was unreadable."""
    from annotator.storage.curation_state import CurationState

    line = CurationState(article_id=4, title="Ferry strike", curated=False, decided=False, disagreements=0, agreed=0, single=0,
                         changed=2).line("team.db")
    assert "where no analyst's version is left, keep gold's as it is in the window's View → Curation…" in line, line
    assert "one no analyst" not in line


def test_fix11ak_changed_heading_counts_the_new_since_curation_apart() -> None:
    """N7: agreement's heading counted units new since curation (undecided) as changed since decided."""
    from annotator.domain.curation_flags import flag_sections

    rows = [{"article_id": 3, "labels": ["PERSON"], "text": "Lena Varga", "why": "x", "unlinked": False, "undecided": False},
            *({"article_id": 3, "labels": ["stance"], "text": "y", "why": "new", "unlinked": False, "undecided": True} for _ in range(3))]
    heading = flag_sections(rows, cli="team.db")[0].heading
    assert heading.startswith("Gold decisions changed since decided (4: 1 changed since decided, 3 new since the article was "
                              "curated, not decided yet)"), heading
    assert flag_sections(rows[:1])[0].heading.startswith("Gold decisions changed since decided (1):")
