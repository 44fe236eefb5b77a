"""fix11t (issue 11, usertest11i 9): the curation view's counter read "⚠ 0 changed since decided in
this article · 1 linked to nothing in the project": a kind and a place with no ⚠ are not named."""

from __future__ import annotations

from annotator.domain.curation_flags import flag_counter


def test_the_counter_names_only_what_has_a_flag() -> None:
    assert flag_counter((0, 0), (0, 1)) == "<b>⚠ 1 linked to nothing</b> in the project (Tab)"
    assert flag_counter((0, 1), (0, 1)) == "<b>⚠ 1 linked to nothing</b> in this article · <b>1 linked to nothing</b> in the project (Tab)"
    assert flag_counter((2, 0), (3, 1)) == ("<b>⚠ 2 changed since decided</b> in this article · "
                                            "<b>3 changed since decided, 1 linked to nothing</b> in the project (Tab)")
    assert flag_counter((0, 0), (0, 0)) == ""
