"""usertest31 L5: one name for each trained component in what the program says. The window's
cancel line said "attribution recogniser" where the rest said "attribution component"; the entity
one is the "entity recogniser" (never "recognizer", "NER component"). Reads every string constant
of the package that is not a docstring (comments and docstrings may say what spaCy calls it)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import annotator

ROOT = Path(annotator.__file__).parent
OTHER_SPELLINGS = re.compile(r"attribution recogni[sz]er|recognizer|entity component|NER component|attribution model\b", re.I)


def _said(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body
            and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs]


def test_no_other_name_for_the_components_in_what_the_program_says() -> None:
    found = [f"{path.relative_to(ROOT.parent)}:{line}: {text[:80]!r}" for path in sorted(ROOT.rglob("*.py"))
             for line, text in _said(path) if OTHER_SPELLINGS.search(text)]
    assert found == []


def test_the_left_out_notes_are_one_sentence_each() -> None:
    """"Not trained on, 60 done articles have no reviewed entities" (the command line's prefix on
    train's note) is one sentence now, printed as it is."""
    from annotator.nlp.train_rule import left_out_sentence, uncovered_note

    assert uncovered_note(60, "entities", "entity recogniser") == (
        "60 done articles have no reviewed entities, so the entity recogniser was not trained on them.")
    assert uncovered_note(1, "quotes, speakers or cues", "attribution component") == (
        "1 done article has no reviewed quotes, speakers or cues, so the attribution component was not trained on it.")
    assert left_out_sentence("left out: 2 × accepted quote, speaker or cue spans of white space only", "attribution component") == (
        "The attribution component was not trained on 2 × accepted quote, speaker or cue spans of white space only.")
