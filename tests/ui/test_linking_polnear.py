"""The S picker on real news (issue 9): 5 PolNeAR dev articles with the machine's entity and
speaker suggestions; for every gold attribution whose source a suggestion covers, the analyst
selects the gold quote, presses S, reads the list and takes the gold source (Enter on the first
row, its digit on rows 2–9, else types its name's letters until it is among the first nine).
Keys are counted per link and the link stored is checked against the gold source.
Skips when ../shared/data is absent."""

from __future__ import annotations

import importlib.util
import statistics
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.domain.model import Article
from annotator.domain.suggestions import SuggestedSpan, SuggestionSet
from annotator.storage.project import Project
from tests.conftest import SHARED_DATA
from tests.ui.test_window_support import make_window, no_modals, wait_idle  # noqa: F401

POLNEAR = SHARED_DATA / "polnear-dev"
ARTICLES = 5


def _script():  # noqa: ANN202 - the benchmark module, for its gold reader
    path = Path(__file__).resolve().parents[2] / "benchmarks" / "linking_polnear.py"
    spec = importlib.util.spec_from_file_location("linking_polnear", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("linking_polnear", module)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not POLNEAR.is_dir(), reason="shared PolNeAR data not present")
def test_speaker_keys_on_polnear_dev(make_window, qtbot, tmp_path: Path) -> None:
    from annotator.nlp.pipeline import load_pipeline
    from annotator.nlp.runner import suggest_article

    started = time.perf_counter()
    script = _script()
    pipeline = load_pipeline()
    project = Project.open(tmp_path / "polnear.db")
    gold: dict[int, list[tuple[tuple[int, int], tuple[int, int]]]] = {}
    for ann in sorted((POLNEAR / "attributions").glob("*.ann"))[:ARTICLES]:
        text = (POLNEAR / "text" / f"{ann.stem.rsplit('_', 1)[0]}.txt").read_text(encoding="utf-8")
        article, _ = project.add_article(Article(id=None, text=text, title=ann.stem))
        machine = suggest_article(pipeline, text)
        sset = SuggestionSet(origin="test")
        for s in machine.spans:
            if s.layer in ("entity", "speaker"):
                sset.add_span(SuggestedSpan(s.key, s.start, s.end, s.label, s.layer))
        pairs = []
        for n, (content, source, _cue) in enumerate(script.read_gold(ann)):
            if source is not None:
                sset.add_span(SuggestedSpan(f"gold{n}", *content, "QUOTE", "quote"))
                pairs.append((content, source))
        project.add_suggestions(article.id, sset)
        gold[article.id] = pairs  # type: ignore[index]

    print(f"\nprepared in {time.perf_counter() - started:.1f} s")
    window = make_window(project, suggester=lambda _p, _t: SuggestionSet(origin="none"))
    wait_idle(window)
    picker = window.linking.picker
    keys: list[int] = []
    uncovered = 0
    for article_id, pairs in gold.items():
        window.open_article(article_id)
        spans = window.state.spans
        for content, source in pairs:
            wanted = {s.id for s in spans.values() if s.label != "QUOTE" and s.start < source[1] and source[0] < s.end}
            quote = next(s for s in spans.values() if s.label == "QUOTE" and (s.start, s.end) == content)
            window.select_span(quote.id)
            window.view.setFocus()
            qtbot.keyClick(window.view.text_widget(), Qt.Key.Key_S)
            count = 1
            assert picker.isVisible()
            if not any(wanted & set(row.mention_ids) for row in picker.visible_rows):
                uncovered += 1  # a pronoun or description no suggestion marks: drawn, not picked
                qtbot.keyClick(picker.edit, Qt.Key.Key_Escape)
                continue
            target = next(row for row in picker.visible_rows if wanted & set(row.mention_ids))
            typed = 0
            while (place := picker.visible_rows.index(target)) >= 9:
                qtbot.keyClicks(picker.edit, target.name[typed])  # the analyst types the name they see
                typed += 1
                count += 1
            qtbot.keyClick(picker.edit, Qt.Key.Key_Return if place == 0 else getattr(Qt.Key, f"Key_{place + 1}"))
            count += 1
            QApplication.processEvents()
            linked = [r for r in window.state.relations_of(quote.id) if r.head == quote.id and r.label == "SPEAKER"]
            assert [r.child for r in linked if r.status == "accepted"] == [target.span_id]
            # the nearest mention of the gold source's person (PolNeAR marks one mention of them)
            assert target.span_id in target.mention_ids and wanted & set(target.mention_ids)
            keys.append(count)
    mean = statistics.mean(keys)
    print(f"\nPolNeAR dev, {ARTICLES} articles: {len(keys)} speakers linked with the picker, mean {mean:.2f} keys, "
          f"max {max(keys)}; {uncovered} sources not covered by a suggestion")
    assert len(keys) >= 25
    assert mean <= 3
    assert max(keys) <= 4
