"""Relabelling that would lose links asks first (issue 11, fix11ui): one helper for the main
window's label keys / label list and the curation view's ``L``.

What a relabel loses is decided by the one rule of :func:`annotator.domain.commands.relabel` and
named by :func:`annotator.domain.commands.relabel_losses`; this only keeps the "asked once"
state: the first time nothing is written and the analyst is told what would be dropped, the same
relabel (same span, same label, same losses) asked again is written — every drop a deletion in
the change log, undone with it. No Qt here.
"""

from __future__ import annotations

from collections.abc import Sequence

from annotator.domain.model import Span


class RelabelConfirmation:
    """The relabel asked once whose losses were named (see the module doc)."""

    def __init__(self) -> None:
        self._asked: tuple[str, str, tuple[str, ...]] | None = None

    def refusal(self, span: Span, label: str, lost: Sequence[str], *, again: str) -> str:
        """"" when relabelling ``span`` as ``label`` may be written now (nothing is ``lost``, or
        the same relabel was refused just before); else the message naming what would be lost,
        ending with ``again`` (how to confirm: "relabel it CUE again (L)")."""
        key = (span.id, label, tuple(lost))
        if not lost or self._asked == key:
            self._asked = None
            return ""
        self._asked = key
        return (f"Relabelling {span.label} as {label} would drop " + "; ".join(lost)
                + f". Nothing changed: {again} to drop them, or keep it {span.label}")

    def forget(self) -> None:
        """Another span was chosen (or anything else happened): the next relabel asks again."""
        self._asked = None
