"""The rule set's version in every suggestion's origin follows the rules' code (fix35,
usertest28 M3): a hand-bumped "annotator-rules 1" was never bumped, so two runs whose suggestions
differed in 53 of 698 articles carried the same origin. Since fix42 it covers the modules the rules
import, not every file of annotator/nlp (tests/nlp/test_rules_version_fix42.py)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from annotator.nlp import rule_sources, runner
from annotator.nlp.pipeline import load_pipeline

pytestmark = pytest.mark.timeout(60)

ROOT = rule_sources.package_root()


def test_the_origin_names_the_rules_revision() -> None:
    origin = runner.origin_for(load_pipeline("rule-only"))
    assert re.fullmatch(r".+ \+ annotator-rules 1\.[0-9a-f]{8}", origin), origin
    modules = rule_sources.rule_modules(ROOT)
    assert modules is not None
    assert origin.endswith(rule_sources.sources_hash(modules))


def test_any_change_of_a_rule_module_changes_the_version(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "annotator", tmp_path / "annotator", ignore=shutil.ignore_patterns("__pycache__"))
    copy = rule_sources.rule_modules(tmp_path)
    assert copy is not None
    before = rule_sources.sources_hash(copy)
    assert before == runner.rules_version().removeprefix("1.")
    quotes = tmp_path / "annotator" / "nlp" / "quotes_direct.py"
    quotes.write_bytes(quotes.read_bytes() + b"\n# one more line\n")
    assert rule_sources.sources_hash(copy) != before
    renamed = {("annotator.nlp.quotes_direct_renamed" if name == "annotator.nlp.quotes_direct" else name): path
               for name, path in copy.items()}  # a renamed module too
    assert rule_sources.sources_hash(renamed) != before


def test_a_frozen_build_without_sources_falls_back_to_the_package_version(tmp_path: Path) -> None:
    assert rule_sources.rule_modules(tmp_path) is None
