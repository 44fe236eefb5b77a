"""The rules' version covers exactly the code that decides suggestions (fix42, usertest29 L6).

fix35 hashed every file of annotator/nlp: a commit that changed only process_pool.py moved the
origin (annotator-rules 1.122d9fd3 -> 1.2dca4cba) with identical suggestions, and File ->
Pre-annotate then called every article "not yet pre-annotated" by this version. Now the version is
the hash of the rules' modules and what they import (annotator.nlp.rule_sources)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from annotator.nlp import rule_sources, runner

pytestmark = pytest.mark.timeout(120)

ROOT = rule_sources.package_root()
PLUMBING = ("annotator.nlp.process_pool", "annotator.nlp.runner", "annotator.nlp.dask_runner", "annotator.nlp.suggest_process",
            "annotator.nlp.train", "annotator.nlp.attribution_train", "annotator.nlp.attribution_corpus",
            "annotator.nlp.active_order", "annotator.nlp.uncertainty", "annotator.nlp.pipeline_tokens",
            "annotator.storage.project", "annotator.formats", "annotator.parent_death")


def _copy(tmp_path: Path, name: str) -> Path:
    root = tmp_path / name
    shutil.copytree(ROOT / "annotator", root / "annotator", ignore=shutil.ignore_patterns("__pycache__"))
    return root


def _append(root: Path, module: str, text: str) -> None:
    path = root.joinpath(*module.split(".")).with_suffix(".py")
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _versions(roots: list[Path]) -> list[str]:
    """``runner.rules_version()`` of each copied package, each in its own Python (the function
    reads the package it is imported from; the same call on any revision of the code)."""
    code = "from annotator.nlp.runner import rules_version; print(rules_version())"
    runs = [subprocess.Popen([sys.executable, "-c", code], cwd=root, env={**os.environ, "PYTHONPATH": str(root)},
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for root in roots]
    out = []
    for run in runs:
        stdout, stderr = run.communicate(timeout=100)
        assert run.returncode == 0, stderr
        out.append(stdout.strip())
    return out


def test_editing_plumbing_keeps_the_version_and_editing_a_rule_changes_it(tmp_path: Path) -> None:
    same, plumbing, rules, domain = (_copy(tmp_path, name) for name in ("same", "plumbing", "rules", "domain"))
    for module in ("annotator.nlp.process_pool", "annotator.nlp.runner", "annotator.nlp.dask_runner", "annotator.nlp.train"):
        _append(plumbing, module, "\n# a change that decides no suggestion\n")
    _append(rules, "annotator.nlp.quotes_direct", "\n# a change to a rule module\n")
    _append(domain, "annotator.domain.suggestions", "\n# the suggestion types the rules build\n")
    v_same, v_plumbing, v_rules, v_domain = _versions([same, plumbing, rules, domain])
    assert v_same.startswith("1.") and v_same == runner.rules_version()
    assert v_plumbing == v_same
    assert len({v_same, v_rules, v_domain}) == 3


def test_the_modules_come_from_the_import_graph(tmp_path: Path) -> None:
    modules = rule_sources.rule_modules(ROOT)
    assert modules is not None
    assert {"annotator.nlp.quotes", "annotator.nlp.quotes_direct", "annotator.nlp.attribution_link",
            "annotator.domain.suggestions"} <= set(modules)
    assert not set(PLUMBING) & set(modules)
    assert not [name for name in modules if name.split(".")[1] in ("storage", "ui", "cli", "formats", "report")]
    # a rule module that starts importing a new module (lazily, in a function) brings it in; one
    # under `if TYPE_CHECKING:` does not (it never runs)
    root = _copy(tmp_path, "grown")
    (root / "annotator" / "nlp" / "quotes_new_rule.py").write_text("X = 1\n", encoding="utf-8")
    (root / "annotator" / "nlp" / "typing_only.py").write_text("Y = 1\n", encoding="utf-8")
    _append(root, "annotator.nlp.quotes_direct", "\nif TYPE_CHECKING:\n    from annotator.nlp import typing_only\n\n\n"
                                                 "def _new() -> int:\n    from annotator.nlp.quotes_new_rule import X\n\n    return X\n")
    grown = rule_sources.rule_modules(root)
    assert grown is not None
    assert "annotator.nlp.quotes_new_rule" in grown and "annotator.nlp.typing_only" not in grown
    before = rule_sources.sources_hash(grown)
    (root / "annotator" / "nlp" / "quotes_new_rule.py").write_text("X = 2\n", encoding="utf-8")
    assert rule_sources.sources_hash(grown) != before


def test_the_rules_and_the_pipelines_components_are_entries() -> None:
    modules = rule_sources.rule_modules(ROOT)
    assert modules is not None
    assert runner.default_rules().__module__ in modules
    # spaCy loads a trained pipeline's own components by these entry points, not by an import
    factories = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["entry-points"]["spacy_factories"]
    assert factories and {value.partition(":")[0] for value in factories.values()} <= set(modules)


def test_an_upgrade_from_an_old_version_string_behaves_as_before(tmp_path: Path) -> None:
    """An origin of an earlier rule set ("annotator-rules 1" before fix35, "1.122d9fd3" of fix35's
    whole-folder hash) is another origin, as any earlier version's was: File -> Pre-annotate counts
    those articles as not yet pre-annotated by this version (and offers to redo them), while
    `annotator preannotate` without --redo and the window's launch leave them alone."""
    from annotator.domain.model import Article, ArticleBundle
    from annotator.domain.suggestions import SuggestedSpan, SuggestionSet
    from annotator.nlp.pipeline import load_pipeline
    from annotator.nlp.suggest_process import TO_PREANNOTATE, not_preannotated_by
    from annotator.storage.project import Project

    now = runner.origin_for(load_pipeline("rule-only"))
    pipeline = now.partition(" + ")[0]
    origins = [f"{pipeline} + annotator-rules 1", f"{pipeline} + annotator-rules 1.122d9fd3", now]
    with Project.open(tmp_path / "p.db") as project:
        project.import_bundles([ArticleBundle(Article(None, f"An invented sentence number {i}.", title=f"a{i}")) for i in range(4)])
        ids = project.article_ids()
        for article_id, origin in zip(ids, origins, strict=False):
            suggestions = SuggestionSet(origin)
            suggestions.add_span(SuggestedSpan("e", 0, 2, "MISC", "entity"))
            project.add_suggestions(article_id, suggestions)
        conn = project.db.conn
        assert TO_PREANNOTATE.ids(conn) == [ids[3]]  # only the one never pre-annotated
        assert not_preannotated_by(now).ids(conn) == [ids[0], ids[1], ids[3]]
        assert not_preannotated_by(origins[1]).ids(conn) == [ids[0], ids[2], ids[3]]


def test_a_dask_worker_must_still_run_the_same_plumbing(tmp_path: Path) -> None:
    """The Dask check compared the rules' version, which covered every file of annotator/nlp; it
    now compares the whole package's code too, so a worker with another runner (the outcome tuples
    its tasks return) is still named before any write."""
    from annotator.nlp import dask_runner

    root = _copy(tmp_path, "worker")
    assert rule_sources.package_hash(root) == rule_sources.package_hash(ROOT) == dask_runner.local_facts()["annotator code"]
    _append(root, "annotator.nlp.runner", "\n# another runner\n")
    modules = rule_sources.rule_modules(root)
    assert modules is not None and rule_sources.sources_hash(modules) == runner.rules_version().removeprefix("1.")
    assert rule_sources.package_hash(root) != rule_sources.package_hash(ROOT)
    assert rule_sources.package_hash(tmp_path / "none") is None


def _ast_statements(source: str) -> list[rule_sources.Statement]:
    """What :func:`rule_sources.import_statements` must find, by a parse: every import statement
    at any depth, none under ``if TYPE_CHECKING:`` (its ``else`` kept)."""
    import ast

    def under_type_checking(node: ast.AST) -> bool:
        test = getattr(node, "test", None)
        return isinstance(node, ast.If) and getattr(test, "id", getattr(test, "attr", None)) == "TYPE_CHECKING"

    found: list[rule_sources.Statement] = []

    def walk(body: list) -> None:
        for node in body:
            if isinstance(node, ast.Import):
                found.extend((0, alias.name, ()) for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                found.append((node.level, node.module or "", tuple(alias.name for alias in node.names)))
            else:
                for field in ("body", "orelse", "finalbody", "handlers", "cases"):
                    if field == "body" and under_type_checking(node):
                        continue
                    for item in getattr(node, field, None) or ():
                        walk(item.body if isinstance(item, (ast.ExceptHandler, ast.match_case)) else [item])

    walk(ast.parse(source).body)
    return found


def test_the_text_scan_finds_the_imports_a_parse_finds_in_every_module() -> None:
    package = ROOT / "annotator"
    checked = 0
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts)  # a package's own module ends in .__init__, as rule_modules passes it
        source = path.read_text(encoding="utf-8")
        scanned = rule_sources.imported_modules(ROOT, name, rule_sources.import_statements(source))
        parsed = rule_sources.imported_modules(ROOT, name, _ast_statements(source))
        # never one missed; one more only from a docstring's example line (formats.spacy_ext's)
        assert parsed <= scanned, (name, parsed - scanned)
        checked += 1
    assert checked > 200
    # the rules' modules exactly as a parse finds them
    by_parse: dict[str, Path] = {}
    todo = list(rule_sources.ENTRIES)
    while todo:
        name = todo.pop()
        if name not in by_parse:
            by_parse[name] = rule_sources.module_file(ROOT, name)  # type: ignore[assignment]
            todo.extend(rule_sources.imported_modules(ROOT, name, _ast_statements(by_parse[name].read_text(encoding="utf-8"))))
    assert by_parse == rule_sources.rule_modules(ROOT)
    tricky = ("from annotator.nlp import (\n    quotes_marks,  # a comment\n    quotes_types,\n)\n"
              "if TYPE_CHECKING:\n    from annotator.nlp import quotes_doc\n\n    import annotator.nlp.coref\n"
              "else:\n    import annotator.nlp.entities as e, annotator.nlp.claims\n"
              "def f():\n    from annotator.nlp.quotes_kind import \\\n        x\n")
    assert rule_sources.imported_modules(ROOT, "annotator.nlp.t", rule_sources.import_statements(tricky)) == \
        rule_sources.imported_modules(ROOT, "annotator.nlp.t", _ast_statements(tricky)) == \
        {"annotator.nlp.quotes_marks", "annotator.nlp.quotes_types", "annotator.nlp.entities", "annotator.nlp.claims",
         "annotator.nlp.quotes_kind"}
