"""The rule set's version in every suggestion's origin follows the rules' code (fix35,
usertest28 M3): a hand-bumped "annotator-rules 1" was never bumped, so two runs whose suggestions
differed in 53 of 698 articles carried the same origin."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from annotator.nlp import runner
from annotator.nlp.pipeline import load_pipeline

pytestmark = pytest.mark.timeout(60)

NLP = Path(runner.__file__).resolve().parent


def test_the_origin_names_the_rules_revision() -> None:
    origin = runner.origin_for(load_pipeline("rule-only"))
    assert re.fullmatch(r".+ \+ annotator-rules 1\.[0-9a-f]{8}", origin), origin
    assert origin.endswith(runner.sources_hash(NLP) or "")


def test_any_change_of_a_rule_module_changes_the_version(tmp_path: Path) -> None:
    copy = tmp_path / "nlp"
    copy.mkdir()
    for path in NLP.glob("*.py"):
        shutil.copy(path, copy / path.name)
    before = runner.sources_hash(copy)
    assert before == runner.sources_hash(NLP)
    quotes = copy / "quotes_direct.py"
    quotes.write_bytes(quotes.read_bytes() + b"\n# one more line\n")
    assert runner.sources_hash(copy) != before
    (copy / "quotes_direct.py").rename(copy / "quotes_direct_renamed.py")  # a renamed module too
    assert runner.sources_hash(copy) not in (before, None)


def test_a_frozen_build_without_sources_falls_back_to_the_package_version(tmp_path: Path) -> None:
    assert runner.sources_hash(tmp_path) is None
