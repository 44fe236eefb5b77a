"""The result type of quote detection, shared by quotes, claims and the scorer adapter."""

from __future__ import annotations

import dataclasses

Range = tuple[int, int]  # [start, end) in code points of the article text


@dataclasses.dataclass(frozen=True, slots=True)
class Quote:
    """One attributed statement. Parts of one interrupted quote share ``group``, cue and speaker."""

    content: Range
    kind: str  # "direct" | "indirect" | "mixed"
    cue: Range | None = None
    speaker: Range | None = None
    speaker_ref: str | None = None  # the named person a pronoun/description speaker refers to
    group: int = 0
    # "an architect who said": the relative pronoun standing for ``speaker`` (its antecedent)
    speaker_pronoun: Range | None = None
    origin: str = "rules"  # "rules" or "model" (the learned attribution component, nlp/attribution_merge.py)
    # a quote inside another quote with its own speaker and cue ('"When he told me \'we are
    # done,\' I left," she said': «we are done» is his), or a report inside an "according to"
    # reading's content (quotes_readings); its QUOTE overlaps the outer one's
    nested: bool = False
    # the extent of the attribution this one lies inside and shares words with (quotes_overlap):
    # shown as nested in the window (the QUOTE's ``nested_in``); display only, ``nested`` is
    # what the PolNeAR scorer leaves out
    within: Range | None = None
