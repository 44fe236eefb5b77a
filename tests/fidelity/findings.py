"""The minimal examples of what the fidelity tests found, as scenarios.

Each one runs as an explicit ``@example`` of the property it breaks (so the fixed-seed run always
meets it, and its ``xfail(strict=True)`` turns into XPASS once the fault is fixed) and is listed,
with the observed and the right value, in docs/fidelity.md.
"""

from __future__ import annotations

from tests.fidelity.strategies import Scenario, SpanSpec

LAVROV = "Sergei Lavrov said talks were useful."
QUOTE_AND_SPEAKER = (SpanSpec("q", 19, 36, "QUOTE", "quote"), SpanSpec("s", 0, 13, "SPEAKER", "speaker"))

# Reading order (the adapter's "select" index): the SPEAKER [0, 13) is 0, the QUOTE [19, 36) is 1.
RESIZE_LEAVES_RELATION_SUGGESTED = Scenario(
    LAVROV, QUOTE_AND_SPEAKER, (("q", "s", "SPEAKER"),),
    (("select", 0), ("accept",), ("select", 1), ("resize", "end", -1)),
)
"""Accept the speaker, then Shift+← on the suggested quote: resizing accepts the quote, but its
SPEAKER relation stays ``suggested`` between two accepted spans (commands.resize)."""

RELABEL_LEAVES_RELATION_SUGGESTED = Scenario(
    LAVROV, QUOTE_AND_SPEAKER, (("q", "s", "SPEAKER"),),
    (("select", 0), ("accept",), ("select", 1), ("label", "8", "none", 0, 0)),
)
"""Accept the speaker, then key 8 (CLAIM) on the suggested quote: relabelling accepts it, the
relation stays ``suggested`` (commands.relabel)."""

RESIZE_ONTO_SAME_LABEL = Scenario(
    LAVROV, (SpanSpec("a", 0, 6, "PERSON", "entity"), SpanSpec("b", 0, 13, "PERSON", "entity")), (),
    (("select", 1), ("resize", "end", 1)),
)
"""Shift+→ on PERSON "Sergei" [0, 6) moves it onto the suggested PERSON "Sergei Lavrov" [0, 13):
two PERSON spans at [0, 13), one accepted, one suggested (commands.resize does not merge)."""

RELABEL_ONTO_SAME_LABEL = Scenario(
    LAVROV, (SpanSpec("a", 0, 13, "PERSON", "entity"), SpanSpec("b", 0, 13, "SPEAKER", "speaker")), (),
    (("select", 1), ("label", "1", "none", 0, 0)),
)
"""Key 1 (PERSON) on the SPEAKER "Sergei Lavrov" where a suggested PERSON already stands: two
PERSON spans at [0, 13) (commands.relabel does not merge)."""

EDIT_FINDINGS = {
    "no_suggested_relation_between_accepted_spans": (RESIZE_LEAVES_RELATION_SUGGESTED, RELABEL_LEAVES_RELATION_SUGGESTED),
    "no_duplicate_span": (RESIZE_ONTO_SAME_LABEL, RELABEL_ONTO_SAME_LABEL),
}


# ----------------------------------------------------------------------------- exports
# (scenario, --status): each breaks at least one (format, facet) of test_exports; which ones is
# recorded in test_exports.KNOWN and docs/fidelity.md.

CRLF_QUOTE = Scenario(
    "Lavrov said:\r\n\u201cTalks were useful.\u201d",
    (SpanSpec("q", 14, 34, "QUOTE", "quote", (("kind", "direct"),)), SpanSpec("s", 0, 6, "SPEAKER", "speaker"),
     SpanSpec("p", 0, 6, "PERSON", "entity")),
    (("q", "s", "SPEAKER"),),
    (("accept_all",),),
)
"""A CRLF before the quote: brat (universal newlines) sees the text one character shorter, so the
quote's offsets point one character off, its end lies past the text, and the SPEAKER link goes with it."""

BOM_ARTICLE = Scenario("\ufeffLavrov said talks were useful.", (SpanSpec("p", 1, 7, "PERSON", "entity"),), (), (("accept_all",),))
"""A text starting with U+FEFF (stored as given by the window's import path): the brat .txt starts
with a BOM, which the brat reader drops, so every offset is off by one after re-import."""

ATTRIBUTE_VALUES = Scenario(
    "Lavrov said talks were useful.",
    (SpanSpec("q", 12, 29, "QUOTE", "quote"),),
    (),
    (("accept_all",), ("select", 0), ("attr", ("speaker_ref", "Sergei Lavrov")), ("attr", ("note", "line\nbreak"))),
)
"""Attribute values with a space or a line break: brat leaves ``speaker_ref`` out (counted only
in the CLI summary, not in left_out) and writes the note with a space for the line break."""

DUPLICATE_AFTER_RESIZE = RESIZE_ONTO_SAME_LABEL
"""Two PERSON spans at [0, 13) (one accepted, one suggested; the commands fault above): the
importer keeps one of them ("same position and label = one span"), so ``--status all`` does not
survive export → import → export."""

SUGGESTED_QUOTE_LINKS = Scenario(
    "Lavrov said talks were useful.",
    (SpanSpec("q", 12, 29, "QUOTE", "quote"), SpanSpec("s", 0, 6, "SPEAKER", "speaker"), SpanSpec("c", 7, 11, "CUE", "cue"),
     SpanSpec("p", 0, 6, "PERSON", "entity"), SpanSpec("g", 0, 11, "ORG", "entity")),
    (("q", "s", "SPEAKER"), ("q", "c", "CUE")),
    (("select", 4), ("reject",)),
)
"""Undecided suggestions exported with ``--status all``: formats without a status (CoNLL tags,
spaCy doc.spans/doc.ents, brat relations) present them as decided; overlapping entities are
resolved longest first in doc.ents without a word."""

CLAIM_WITH_CLAIMANT = Scenario(
    "Lavrov said talks were useful.",
    (SpanSpec("c", 12, 29, "CLAIM", "claim"), SpanSpec("p", 0, 6, "PERSON", "entity")),
    (("c", "p", "CLAIMANT"),),
    (("accept_all",),),
)
"""An accepted CLAIMANT link: CSV holds only a quote's SPEAKER and CUE texts, and says nothing."""

EXPORT_FINDINGS: tuple[tuple[Scenario, str], ...] = (
    (CRLF_QUOTE, "accepted"),
    (BOM_ARTICLE, "accepted"),
    (ATTRIBUTE_VALUES, "accepted"),
    (DUPLICATE_AFTER_RESIZE, "all"),
    (SUGGESTED_QUOTE_LINKS, "all"),
    (CLAIM_WITH_CLAIMANT, "accepted"),
)

TAGGED_WITH_STANCE = Scenario(
    "Lavrov said talks were useful.",
    (SpanSpec("p", 0, 6, "PERSON", "entity"),),
    (),
    (("accept_all",), ("tag", "fact check"), ("stance", "Lavrov", "favor", "talks", "said twice")),
)
"""A tag and a stance from the Article panel: CSV, CoNLL and brat hold neither and say nothing."""

EXPORT_FINDINGS = (*EXPORT_FINDINGS, (TAGGED_WITH_STANCE, "accepted"))

LINK_TO_SPAN_ENDING_IN_A_LINE_BREAK = Scenario(
    "Sergei Lavrov\nsaid talks were useful.",
    (SpanSpec("c", 19, 36, "CLAIM", "claim"), SpanSpec("p", 7, 14, "PERSON", "entity")),
    (("c", "p", "CLAIMANT"),),
    (("accept_all",),),
)
"""brat writes PERSON "Lavrov\n" [7, 14) without its line break (counted in left_out as a changed
span); the CLAIMANT link to it is the same decision and must not count as lost plus one made up
(found by the long run; the harness now follows a changed span to its relations)."""

EXPORT_FINDINGS = (*EXPORT_FINDINGS, (LINK_TO_SPAN_ENDING_IN_A_LINE_BREAK, "all"))
