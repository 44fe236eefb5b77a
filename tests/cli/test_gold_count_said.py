"""The gold count line of `curate` and `agreement` says no "0 …" part (usertest11k: "0 of 1 article
exported as gold (0 curated)"), and counts the articles exported as they are apart from curated ones."""

from __future__ import annotations

import pytest

from annotator.storage.curation_state import gold_count_said


@pytest.mark.parametrize(("articles", "decided", "curated", "said"), [
    (1, 0, 0, "No article exported as gold yet (1 not curated)"),
    (3, 0, 0, "No article exported as gold yet (3 not curated)"),
    (1, 1, 1, "1 of 1 article exported as gold (1 curated)"),
    (3, 1, 1, "1 of 3 articles exported as gold (1 curated)"),
    (1, 1, 0, "1 of 1 article exported as gold (1 as it is, not curated)"),
    (4, 3, 1, "3 of 4 articles exported as gold (1 curated, 2 as they are, not curated)"),
    (2000, 1500, 1500, "1,500 of 2,000 articles exported as gold (1,500 curated)"),
])
def test_gold_count_said(articles: int, decided: int, curated: int, said: str) -> None:
    assert gold_count_said(articles, decided, curated) == said


def test_agreement_form_leaves_the_left_count_to_its_caller() -> None:
    assert gold_count_said(2, 0, 0, say_left=False) == "No article exported as gold yet"
    assert gold_count_said(2, 1, 1, say_left=False) == "1 of 2 articles exported as gold (1 curated)"


def test_merge_line_says_none_new_not_zero() -> None:
    from annotator.storage.team import MergeSummary

    line = MergeSummary(analyst="cy", path="team/cy.db", articles=3, articles_added=0).line()
    assert line.startswith("cy (team/cy.db): 3 articles (none new to the team project); ")
    assert "(0 " not in line
    assert "(2 new to the team project)" in MergeSummary(analyst="cy", path="p", articles=3, articles_added=2).line()
