"""usertest13: ``annotator train`` said "Cue lexicon: 4 verbs kept" without saying which; the
verbs are now named (alphabetically, the first 20, the rest counted)."""

from __future__ import annotations

from annotator.nlp.train import LEXICON_SHOWN, lexicon_line

RULE = "(at least 2 accepted cues; 3 for a verb the rules do not list, a cue in at least 50% of their uses)"  # fix43


def test_the_kept_verbs_are_named() -> None:
    assert lexicon_line({"quip", "caution", "insist", "grumble"}, 2, 0.5) == (
        f"Cue lexicon: 4 verbs kept: caution, grumble, insist, quip {RULE}")


def test_one_and_none() -> None:
    assert lexicon_line({"quip"}, 2, 0.5) == f"Cue lexicon: 1 verb kept: quip {RULE}"
    assert lexicon_line(set(), 2, 0.5) == f"Cue lexicon: 0 verbs kept {RULE}"


def test_a_long_list_is_cut_and_counted() -> None:
    lemmas = {f"verb{n:02d}" for n in range(LEXICON_SHOWN + 5)}
    line = lexicon_line(lemmas, 2, 0.5)
    assert line.startswith(f"Cue lexicon: {LEXICON_SHOWN + 5} verbs kept: verb00, verb01,")
    assert f"verb{LEXICON_SHOWN - 1:02d} and 5 more {RULE}" in line
