"""The attribution scorer and the PolNeAR runner's brat reading (pure; no model needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.nlp.quotes_eval import Attribution, match, quoted_mask, score_attributions, score_spans
from annotator.nlp.quotes_polnear import main, read_brat, to_attributions
from annotator.nlp.quotes_types import Quote

TEXT = 'Intro line here. "We will win this race easily," Smith said. Jones said taxes would rise.'


def test_half_overlap_rule_and_one_to_one():
    gold = [Attribution((0, 100))]
    assert match(gold, [Attribution((0, 49))]) == []
    assert match(gold, [Attribution((0, 50))]) == [(0, 0)]
    # two predictions for one gold: only the bigger overlap matches
    assert match(gold, [Attribution((0, 60)), Attribution((0, 90))]) == [(0, 1)]


def test_discontinuous_content_sums_parts():
    gold = [Attribution((0, 100), parts=((0, 20), (80, 100)))]  # 40 chars of content
    assert match(gold, [Attribution((0, 20))]) == [(0, 0)]
    assert match(gold, [Attribution((0, 19))]) == []


def test_scores_direct_all_and_speaker():
    q_start = TEXT.index("We will")
    q_end = TEXT.index(',"')
    smith = (TEXT.index("Smith"), TEXT.index("Smith") + 5)
    jones = (TEXT.index("Jones"), TEXT.index("Jones") + 5)
    ind = (TEXT.index("taxes"), TEXT.index("rise") + 4)
    gold = [Attribution((q_start - 1, q_end + 2), speaker=smith), Attribution(ind, speaker=jones)]
    pred = [
        Attribution((q_start, q_end), speaker=smith, kind="direct"),
        Attribution(ind, speaker=smith, kind="indirect"),  # matched, wrong speaker
        Attribution((0, 15), kind="indirect"),  # false positive
    ]
    sc = score_attributions(gold, pred, text=TEXT)
    assert (sc.all.tp, sc.all.fp, sc.all.fn) == (2, 1, 0)
    assert (sc.direct.tp, sc.direct.fp, sc.direct.fn) == (1, 0, 0)
    assert (sc.speaker_right, sc.speaker_total) == (1, 2)
    assert sc.all.precision == pytest.approx(2 / 3) and sc.all.recall == 1.0


def test_speaker_via_refers_to_name():
    text = "He said it. Vladimir Putin spoke."
    gold = [Attribution((3, 10), speaker=(12, 26))]
    pred = [Attribution((3, 10), speaker=(0, 2), speaker_ref="Vladimir Putin")]
    assert score_attributions(gold, pred, text=text).speaker_right == 1


def test_quoted_mask_handles_typewriter_quotes_and_lines():
    text = "a ''bc'' d \"e\nf"
    mask = quoted_mask(text)
    assert [text[i] for i in range(len(text)) if mask[i] and text[i] not in "'\""] == ["b", "c", "e"]


def test_score_spans_exact_and_overlap():
    gold = [(0, 5, "PERSON"), (10, 20, "ORG")]
    pred = [(0, 5, "PERSON"), (12, 18, "ORG"), (30, 40, "ORG")]
    sc = score_spans(gold, pred)
    assert (sc["PERSON"].exact.tp, sc["PERSON"].exact.f1) == (1, 1.0)
    assert (sc["ORG"].exact.tp, sc["ORG"].overlap.tp, sc["ORG"].overlap.fp, sc["ORG"].overlap.fn) == (0, 1, 1, 0)


def test_read_brat_events_and_fragments():
    ann = (
        "T1\tSource 0 5\tSmith\n"
        "T2\tCue 6 10\tsaid\n"
        "T3\tContent 11 20;30 40\txxx\n"
        "T4\tAttribution 6 10\tsaid\n"
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
        "T5\tContent 50 60\tyyy\n"
        "T6\tAttribution-no-source 61 65\tzz\n"
        "E2\tAttribution-no-source:T6 Content:T5\n"
        "#1\tAnnotatorNotes T1\tignored\n"
    )
    a1, a2 = read_brat(ann)
    assert a1.content == (11, 40) and a1.parts == ((11, 20), (30, 40)) and a1.speaker == (0, 5) and a1.cue == (6, 10)
    assert a2.content == (50, 60) and a2.speaker is None


def test_interrupted_quote_parts_become_one_attribution():
    qs = [Quote((0, 5), "direct", (6, 10), (11, 15), None, 3), Quote((20, 30), "direct", (6, 10), (11, 15), None, 3)]
    [a] = to_attributions(qs)
    assert a.parts == ((0, 5), (20, 30)) and a.kind == "direct"


def test_runner_without_data_exits_cleanly(tmp_path: Path, capsys):
    assert main([str(tmp_path / "absent")]) == 0
    assert "no PolNeAR data" in capsys.readouterr().out
