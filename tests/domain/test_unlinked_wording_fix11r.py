"""Issue 11, usertest11h F5 (fix11r): the "linked to nothing" ⚠ said "the quote it was linked from
is not kept" when the quote was kept without that link. One wording for both cases, used by
`curate`'s listing, `agreement` and the dialog tab's heading (annotator/domain/curation_flags.py)."""

from __future__ import annotations

from annotator.domain.curation_flags import flag_sections, unlinked_why


def test_the_heading_names_both_cases() -> None:
    assert unlinked_why(1) == "the quote it was linked from is not kept, or kept without that link"
    assert unlinked_why(2) == "the quote they were linked from is not kept, or kept without that link"
    rows = [{"article_id": 1, "labels": ["SPEAKER"], "text": "Okafor", "why": "", "unlinked": True}] * 2
    [section] = flag_sections(rows)
    assert section.heading.startswith("Gold spans linked to nothing (2): kept, but the quote they were linked from is not kept, "
                                      "or kept without that link; ")
