"""Which source files decide the suggestions: the rules' modules and every ``annotator`` module they
import, found from the import graph (fix42, usertest29 L6).

The rules' version in each suggestion's origin (:func:`annotator.nlp.runner.rules_version`) is a
hash of these files. fix35 hashed every file of ``annotator/nlp``, so a commit that changed only
the process pool moved the version with identical suggestions, and File → Pre-annotate then called
every article "not yet pre-annotated" by it. A hand list of rule modules would rot as the rules
grow (forty rule rounds added a module every few rounds), so the list is read from the code: from
:data:`ENTRIES`, every ``import annotator.X`` / ``from annotator.X import Y`` in a module's source
(at any depth, lazy imports inside functions included; those under ``if TYPE_CHECKING:`` left out,
as they never run) is followed, transitively. A parent package's ``__init__`` is not followed for
being a parent (``annotator/formats/__init__.py`` is the import driver, which decides nothing a
submodule does); it is followed when a name is imported from it that is not a submodule.

What the rules import but never decides a suggestion is still covered if the rules import it: the
cut is made in the code (the linker takes the recogniser's labels from the component module, not
from the training corpus's module, which imports storage), not by a list of exclusions here.
Plumbing — the runner, process pool, Dask runner, window worker, training, progress — is imported
by no rule module, so it is not covered.
"""

from __future__ import annotations

import ast
import hashlib
from collections.abc import Iterable, Mapping
from pathlib import Path

PACKAGE = "annotator"

#: Where the graph starts. The suggestion rules (:func:`annotator.nlp.runner.default_rules`); the
#: cutting of long articles and the putting back of their suggestions (:mod:`annotator.nlp.pieces`);
#: the pipeline as the rules get it (:mod:`annotator.nlp.pipeline`: the sentence and quote-mark
#: components added at load); the spaCy components a trained pipeline runs, which spaCy loads by
#: the ``spacy_factories`` entry points of ``pyproject.toml``, not by an import (a test checks that
#: every entry point's module is covered).
ENTRIES = (
    "annotator.nlp.quotes",
    "annotator.nlp.pieces",
    "annotator.nlp.pipeline",
    "annotator.nlp.attribution_components",
    "annotator.nlp.attribution_lexicon",
)


def module_file(root: Path, name: str) -> Path | None:
    """The source file of module ``name`` under ``root`` (the folder holding the ``annotator``
    package): ``a/b.py`` or ``a/b/__init__.py``; None when there is neither."""
    base = root.joinpath(*name.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def _type_checking_only(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"))


def _import_nodes(body: list[ast.stmt]) -> Iterable[ast.Import | ast.ImportFrom]:
    """The import statements of ``body`` and of the statement blocks nested in it (functions,
    classes, if/try/with/loops), those under ``if TYPE_CHECKING:`` left out (its ``else`` kept).
    Only statement lists are walked, never expressions: an import is a statement (a full
    ``ast.walk`` doubled the time, ~80 ms for the rules' ~0.8 MB)."""
    for node in body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
            continue
        skip_body = _type_checking_only(node)
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            block = getattr(node, field, None)
            if not isinstance(block, list) or (skip_body and field == "body"):
                continue
            for item in block:
                if isinstance(item, (ast.ExceptHandler, ast.match_case)):
                    yield from _import_nodes(item.body)
                elif isinstance(item, ast.stmt):
                    yield from _import_nodes([item])


def imported_modules(root: Path, name: str, source: str) -> set[str]:
    """The ``annotator`` modules (with a source file under ``root``) that module ``name``'s
    ``source`` imports. Raises ``SyntaxError`` for source Python cannot parse."""
    is_package = name.endswith(".__init__")
    name = name.removesuffix(".__init__")
    found: set[str] = set()
    for node in _import_nodes(ast.parse(source).body):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            base = node.module or ""
            if node.level:  # relative: from the module's package, one level up per extra dot
                package = name if is_package else name.rpartition(".")[0]
                for _ in range(node.level - 1):
                    package = package.rpartition(".")[0]
                base = f"{package}.{base}" if base else package
            submodules = [f"{base}.{alias.name}" for alias in node.names if module_file(root, f"{base}.{alias.name}")]
            # the package itself only for a name that is no submodule (a function, a constant)
            targets = submodules + ([base] if len(submodules) < len(node.names) else [])
        found.update(t for t in targets if t.split(".")[0] == PACKAGE and module_file(root, t))
    return found


def rule_modules(root: Path, entries: Iterable[str] = ENTRIES) -> dict[str, Path] | None:
    """Module name -> source file of every module the suggestions depend on: ``entries`` and what
    they import, transitively (see the module docstring). None when an entry has no source file
    (a frozen build keeps only bytecode). Raises ``SyntaxError`` as :func:`imported_modules`."""
    found: dict[str, Path] = {}
    todo = list(entries)
    while todo:
        name = todo.pop()
        if name in found:
            continue
        path = module_file(root, name)
        if path is None:
            return None
        found[name] = path
        key = f"{name}.__init__" if path.name == "__init__.py" else name
        todo.extend(imported_modules(root, key, path.read_text(encoding="utf-8")))
    return dict(sorted(found.items()))


def sources_hash(modules: Mapping[str, Path]) -> str:
    """8 hex digits of the SHA-256 of ``modules``' names and bytes, in name order (a renamed module
    changes it as an edited one does)."""
    digest = hashlib.sha256()
    for name in sorted(modules):
        digest.update(name.encode("utf-8") + b"\0" + modules[name].read_bytes() + b"\0")
    return digest.hexdigest()[:8]


def package_hash(root: Path) -> str | None:
    """8 hex digits of the SHA-256 of every ``*.py`` file of the ``annotator`` package under
    ``root`` (relative paths and bytes, sorted); None when there is none (a frozen build). Not the
    rules' version: what a Dask worker must run the same of as the client (the task functions,
    the outcome tuples they return), plumbing included (:func:`annotator.nlp.dask_runner.local_facts`)."""
    package = root / PACKAGE
    files = sorted(package.rglob("*.py"))
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:8] if files else None


def package_root() -> Path:
    """The folder holding this ``annotator`` package."""
    return Path(__file__).resolve().parents[2]
