"""In the window too, one article whose rules raise never stops the pre-annotation of the others."""

from __future__ import annotations

from annotator.domain.suggestions import SuggestionSet
from tests.ui.test_window_support import (  # noqa: F401
    fake_suggester,
    make_project,
    make_window,
    no_modals,
    pump_until,
)


def test_an_article_whose_rules_raise_is_reported_and_the_run_goes_on(make_window, tmp_path) -> None:  # noqa: ANN001
    project = make_project(tmp_path / "p.db", suggest=False)
    first, bad, last = project.article_ids()
    bad_text = project.article(bad).text

    def picky(pipeline: object, text: str) -> SuggestionSet:
        if text == bad_text:
            raise ValueError("rules broke")
        return fake_suggester(pipeline, text)

    window = make_window(project, suggester=picky)
    stored = []
    window.suggestionsStored.connect(lambda aid, _n: stored.append(aid))
    window.start_preannotation()
    pump_until(lambda: window.worker is None)
    assert sorted(stored) == [first, last]
    assert [project.preannotated(i) for i in (first, bad, last)] == [True, False, True]
    assert window.preannotator.article_errors == [(bad, "ValueError: rules broke")]
    assert window.statusBar().currentMessage() == (
        f"Pre-annotated 2 of 3 articles; 1 failed and has no suggestions (article {bad}: ValueError: rules broke)"
    )
