"""The speed command runs (smoke size), and on its generated project the SQL agrees with a plain
Python reading of the same records."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain.text_match import has_words, word_phrase
from annotator.storage.project import Project
from annotator.storage.search import SearchQuery, _generate, main, search


def test_speed_command_smoke(capsys: pytest.CaptureFixture[str]) -> None:
    main(["--smoke"])
    out = capsys.readouterr().out
    assert "all quotes by Flynn" in out and "12800 spans" in out


@pytest.mark.parametrize("speaker", ["flynn", "Muller", "jean", "defence ministry"])
def test_speaker_and_claimant_agree_with_python(tmp_path: Path, speaker: str) -> None:
    path = tmp_path / "g.db"
    _generate(str(path), 30)
    with Project.open(path, create=False) as proj:
        expected_quotes, expected_claims = [], []
        for article_id in proj.article_ids():
            text = proj.article(article_id).text
            spans = {s.id: s for s in proj.spans(article_id)}
            for r in proj.relations(article_id):
                child = spans[r.child]
                if has_words(child.text_in(text), word_phrase(speaker)):
                    head = spans[r.head]
                    if r.label == "SPEAKER":
                        expected_quotes.append((article_id, head.start, head.end, head.id))
                    elif r.label == "CLAIMANT":
                        expected_claims.append((article_id, head.start, head.end, head.id))
        quotes = search(proj.db.conn, SearchQuery(speaker=speaker))
        claims = search(proj.db.conn, SearchQuery(claimant=speaker))
    assert [h.span_id for h in quotes] == [e[3] for e in sorted(expected_quotes)]
    assert [h.span_id for h in claims] == [e[3] for e in sorted(expected_claims)]
    assert quotes or claims  # the generated names and organisations do occur
