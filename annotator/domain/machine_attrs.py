"""Span attributes the program writes, never the analyst (issue 11, fix11ui).

A span's ``attrs`` hold the analyst's own attributes (the schema's, a ``note``, a quote's
``kind`` or ``speaker_ref``) beside records the program keeps there. The program's records are
decisions and provenance: typing over one replaces it. The curation's decision record is the
worst case — replacing it lost who kept what and cleared the "changed since decided" flag, which
reads its ``seen`` record (:func:`annotator.domain.curation.changed_since_decided`).

:data:`MACHINE_ATTRIBUTES` is the one list of them, each with the writer that sets it. The
details panel never gives one an editor (it shows it read-only, :func:`readable`, or hides it)
and :func:`annotator.domain.commands.set_attrs` refuses one (:func:`refuse_machine`), so no
edit path of the window can change it. A value the form cannot edit without changing its type
(a list or an object, e.g. brat's ``norm`` list) is shown read-only too (:func:`form_editable`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from annotator.domain.errors import AnnotatorError

#: Attribute name → what writes it and what it records. Keep in step with the writers (grep
#: ``attrs["…"]``/``attrs={…}`` in ``annotator/``): a name missing here is editable by the form.
MACHINE_ATTRIBUTES: Mapping[str, str] = {
    "curation": "the curation's decision record on a gold span, relation or stance: kept (an analyst, 'all' or 'none'), "
                "by, at, from (the analysts' spans it came from), seen (their versions when decided), decision "
                "(annotator/domain/curation.py _stamp)",
    "suggested_by": "the component that suggested a quote when it is not the rules ('model': the learned attribution "
                    "component; 'lexicon': the cue lexicon annotator train learns, annotator/nlp/attribution_lexicon.py; "
                    "annotator/nlp/quotes.py)",
    "speaker_pronoun": "the 'start-end' code-point offsets of the pronoun whose antecedent the SPEAKER link points at "
                       "(annotator/nlp/quotes.py)",
    "nested_in": "the 'start-end' code-point offsets of the attribution a suggested QUOTE lies inside (its own speaker "
                 "and cue, inside another quote's words: one reading per stretch, annotator/nlp/quotes_overlap.py)",
    "score": "a model's prediction score, from a Label Studio import (annotator/formats/labelstudio.py)",
}


class MachineAttributeError(AnnotatorError):
    """An edit tried to set an attribute only the program writes (:data:`MACHINE_ATTRIBUTES`)."""


def is_machine(name: str) -> bool:
    """Whether ``name`` is an attribute only the program writes."""
    return name in MACHINE_ATTRIBUTES


def refuse_machine(names: Iterable[str], label: str = "") -> None:
    """Raise :class:`MachineAttributeError` naming every machine attribute among ``names``
    (``label``: the span's label, for the message); nothing when there is none."""
    machine = sorted(n for n in names if is_machine(n))
    if machine:
        what = " of a " + label + " span" if label else ""
        raise MachineAttributeError(
            f"{', '.join(machine)}{what} {'is' if len(machine) == 1 else 'are'} written by the program, not edited "
            "(the curation's decision, a suggestion's provenance or score): decide again in the curation view, or "
            "edit the span's own attributes")


def form_editable(name: str, value: Any) -> bool:
    """Whether the details form may give ``name`` an editor: not a machine attribute, and a value a
    text, number, choice or check box field holds as it is (None, str, int, float, bool)."""
    return not is_machine(name) and (value is None or isinstance(value, (str, int, float, bool)))


def _day(stamp: Any) -> str:
    return str(stamp)[:10] if stamp else ""


def _curation_line(record: Any) -> str:
    """A curation decision record as the analyst reads it: "kept from ana by lee, 2026-11-30"."""
    if not isinstance(record, Mapping):
        return ""
    kept, by, day = str(record.get("kept", "") or ""), str(record.get("by", "") or ""), _day(record.get("at"))
    if record.get("decision") == "rejected":
        if kept and kept not in ("none", "all"):
            what = f"rejected in curation ({kept} marked nothing here)"
        else:
            what = "rejected in curation (no analyst's version kept)"
    elif kept == "all":
        what = "kept as all analysts agreed"
    elif kept:
        what = f"kept from {kept}"
    else:
        what = "decided in curation"
    return what + (f" by {by}" if by else "") + (f", {day}" if day else "")


def nested_in(attrs: Mapping[str, Any], text: str = "", width: int = 40) -> str:
    """The words of the attribution a QUOTE lies inside (its ``nested_in`` offsets in ``text``),
    at most ``width`` characters with "…" where cut; its offsets when ``text`` does not hold them;
    "" when the QUOTE is nested in none."""
    value = attrs.get("nested_in")
    if not isinstance(value, str) or "-" not in value:
        return ""
    start, _, end = value.partition("-")
    if not (start.isdigit() and end.isdigit() and int(start) < int(end) <= len(text)):
        return value
    words = " ".join(text[int(start) : int(end)].split())
    return f"«{words if len(words) <= width else words[: width - 1] + '…'}»"


def readable(attrs: Mapping[str, Any], text: str = "") -> list[tuple[str, str]]:
    """The machine attributes of ``attrs`` an analyst benefits from seeing, as (caption, value)
    lines in :data:`MACHINE_ATTRIBUTES` order; the rest stays hidden. ``text``: the article text
    (a pronoun's offsets are shown as its words)."""
    out: list[tuple[str, str]] = []
    record = attrs.get("curation")
    line = _curation_line(record)
    if line:
        out.append(("Curation", line))
    elif record not in (None, ""):  # typed over before fix11ui: the decision it recorded is gone
        out.append(("Curation", f"record replaced by {str(record)[:40]!r}: decide this unit again in the curation view"))
    if attrs.get("suggested_by"):
        out.append(("Suggested by", f"the {attrs['suggested_by']}"))
    pronoun = attrs.get("speaker_pronoun")
    if isinstance(pronoun, str) and "-" in pronoun:
        start, _, end = pronoun.partition("-")
        if start.isdigit() and end.isdigit() and int(start) < int(end) <= len(text):
            out.append(("Speaker pronoun", f"«{text[int(start):int(end)]}» ({start}–{end})"))
        else:
            out.append(("Speaker pronoun", pronoun))
    outer = nested_in(attrs, text, 120)
    if outer:
        out.append(("Nested in", outer))
    score = attrs.get("score")
    if isinstance(score, (int, float)) and not isinstance(score, bool):
        out.append(("Score", f"{score:.2f}"))
    return out
