"""Review leftover (s19): add_suggestions drew os.urandom once per span and relation id; it draws
once per call now (new_ids), as add_new_suggestions does. The ids stay 32-hex-digit version-4
UUIDs, unique."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

import annotator.domain.model as model
from annotator.domain.model import Article, ArticleBundle
from annotator.domain.suggestions import SuggestedRelation, SuggestedSpan, SuggestionSet
from annotator.storage.project import Project

pytestmark = pytest.mark.timeout(30)

UUID4 = re.compile(r"[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}")


def test_add_suggestions_draws_random_bytes_once_and_keeps_the_id_format(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    text = "The port authority said the quay would open in May, a spokesman told reporters. " * 40
    with Project.open(tmp_path / "p.db") as proj:
        [article_id] = proj.import_bundles([ArticleBundle(Article(None, text))]).article_ids
        suggestions = SuggestionSet("test 1")
        for i in range(300):
            suggestions.spans.append(SuggestedSpan(f"q{i}", i * 10, i * 10 + 6, "QUOTE", "quote"))
        suggestions.spans.append(SuggestedSpan("dup", 0, 6, "QUOTE", "quote"))  # already made: its id is not used
        suggestions.relations += [SuggestedRelation(f"q{i}", f"q{i + 1}", "SPEAKER") for i in range(0, 100, 2)]
        calls: list[int] = []
        real = os.urandom
        monkeypatch.setattr(model.os, "urandom", lambda n: (calls.append(n), real(n))[1])  # os is one module: every caller
        assert proj.add_suggestions(article_id, suggestions) == 300
        # one draw for 301 spans and 50 relations (main: 350 draws of 16 bytes); the other: the change-log row's
        assert calls.count(16 * 351) == 1 and len(calls) <= 2, calls[:5]
        ids = [r[0] for r in proj.db.execute("SELECT id FROM spans UNION ALL SELECT id FROM relations")]
        assert len(ids) == len(set(ids)) == 350 and all(UUID4.fullmatch(i) for i in ids)
