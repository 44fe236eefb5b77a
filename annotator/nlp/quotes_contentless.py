"""A refusal to comment reports nothing: "declined *to comment further*", "refused *to
elaborate*", "did not respond *to comment on the lawsuit*" have no content, so they are never a
QUOTE, whoever proposes them (rules or the learned component). Pure; no I/O.

:func:`contentless` is true for a content that is only the act of commenting, with at most
adverbs and a short topic ("on the lawsuit", "about the report") after it: nothing that could be
what was said. A content that goes on to say something ("to say whether he would run", "to
comment, saying that ...") has content and stays.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from annotator.nlp.quotes_types import Quote

# the act of commenting itself, as the complement of "declined", "refused", "did not respond"
_ACTS = (
    r"comment|elaborate|speculate|respond|reply|answer(?: questions?)?|be interviewed|be quoted|"
    r"talk|speak(?: publicly| to reporters| on the record)?|discuss (?:it|this|that|the matter|details|specifics)|"
    r"say more|give details|provide details|go into detail|answer (?:a |the )?(?:question|questions)|"
    r"make (?:a |any )?(?:comment|comments|statement)|"
    # a source's own anonymity (rules47, usertest31 L2): "who declined *to give her name*" says
    # nothing; PolNeAR marks 1 of its 3 such refusals ("to be identified"; not "to be named",
    # "to give a specific price tag")
    r"be named|be identified|give (?:his|her|their|its|a|any) (?:name|names|full name)|"
    r"identify (?:himself|herself|themselves|itself)|be quoted by name"
)
_ADVERBS = r"(?:further|publicly|directly|immediately|specifically|officially|again|more|beyond that|at this time|at the time|on the record|for this (?:story|article|report))"
# a short topic with no clause in it ("on the lawsuit", "about the ongoing investigation")
_TOPIC = r"(?:(?:on|about|regarding|for|to)\s+(?!(?:whether|what|why|how|if|that|when|who)\b)[\w'\u2019.-]+(?:\s+(?!(?:whether|what|why|how|if|that|when|who|and|but)\b)[\w'\u2019.-]+){0,5})"
_CONTENTLESS = re.compile(
    rf"^(?:to\s+)?(?:{_ACTS})(?:\s+{_ADVERBS})*(?:\s*,?\s+{_TOPIC})?(?:\s+{_ADVERBS})*(?:\s*,\s*which\s.*)?\s*[.,;:!?]?$",
    re.IGNORECASE,
)


def contentless(words: str) -> bool:
    """Whether the content ``words`` is only a refusal's act of commenting ("to comment
    further", "to elaborate", "comment on the lawsuit"): nothing was said."""
    # ", which annoyed reporters" after the act is a comment on the refusal, not content
    return _CONTENTLESS.match(" ".join(words.split())) is not None


def without_contentless(quotes: Sequence[Quote], text: str) -> list[Quote]:
    """``quotes`` without the attributions (whole groups) whose every content piece is
    :func:`contentless`; same order otherwise."""
    empty: dict[int, bool] = {}
    for q in quotes:
        empty[q.group] = empty.get(q.group, True) and contentless(text[q.content[0] : q.content[1]])
    return [q for q in quotes if not empty[q.group]]
