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
