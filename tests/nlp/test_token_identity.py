"""spaCy builds a new ``Token`` object on every access (``doc[0] is doc[0]`` is False), so an identity
test between tokens is always False: ``t.head is t`` never finds the root, and a loop climbing heads
until ``m.head is m`` never ends (rules10q's ``_frame_phrase_after`` hung three tests that way).
Tokens are compared by index; this test keeps the rules from comparing them by identity again."""

from __future__ import annotations

import ast
from pathlib import Path

import spacy

NLP = Path(__file__).resolve().parents[2] / "annotator" / "nlp"
# names the rules give tokens they reach by climbing heads
TOKEN_NAMES = {"gov", "head", "clause"}


def _tokenish(node: ast.expr) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "head" or isinstance(node, ast.Name) and node.id in TOKEN_NAMES


def _identity_tests(source: str) -> list[int]:
    """Lines of ``source`` with ``a is b`` / ``a is not b`` where a side is ``x.head`` or a token name."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare) and any(isinstance(op, (ast.Is, ast.IsNot)) for op in node.ops):
            sides = [node.left, *node.comparators]
            if any(isinstance(s, ast.Constant) for s in sides):
                continue  # "is None"
            if any(_tokenish(s) for s in sides):
                lines.append(node.lineno)
    return lines


def test_spacy_tokens_are_new_objects_on_each_access() -> None:
    doc = spacy.blank("en")("a b")
    assert doc[0] is not doc[0] and doc[0].head == doc[0]  # why the rule below exists


def test_the_check_finds_an_identity_test() -> None:
    assert _identity_tests("while m.head is not m:\n    m = m.head\n") == [1]
    assert _identity_tests("if gov is not n and x is None:\n    pass\n") == [1]
    assert _identity_tests("if m.head.i != m.i or t is None:\n    pass\n") == []


def test_no_rule_compares_tokens_by_identity() -> None:
    found = [f"{path.name}:{n}" for path in sorted(NLP.glob("*.py")) for n in _identity_tests(path.read_text(encoding="utf-8"))]
    assert found == []
