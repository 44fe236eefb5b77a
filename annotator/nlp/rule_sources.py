"""Which source files decide the suggestions: the rules' modules and every ``annotator`` module they
import, found from the import graph (fix42, usertest29 L6).

The rules' version in each suggestion's origin (:func:`annotator.nlp.runner.rules_version`) is a
hash of these files. fix35 hashed every file of ``annotator/nlp``, so a commit that changed only
the process pool moved the version with identical suggestions, and File → Pre-annotate then called
every article "not yet pre-annotated" by it. A hand list of rule modules would rot as the rules
grow (forty rule rounds added a module every few rounds), so the list is read from the code: from
:data:`ENTRIES`, every ``import annotator.X`` / ``from annotator.X import Y`` in a module's source
(at any depth, lazy imports inside functions included; those under ``if TYPE_CHECKING:`` left out,
as they never run) is followed, transitively (:func:`import_statements`). A parent package's ``__init__`` is not followed for
being a parent (``annotator/formats/__init__.py`` is the import driver, which decides nothing a
submodule does); it is followed when a name is imported from it that is not a submodule.

What the rules import but never decides a suggestion is still covered if the rules import it: the
cut is made in the code (the linker takes the recogniser's labels from the component module, not
from the training corpus's module, which imports storage), not by a list of exclusions here.
Plumbing — the runner, process pool, Dask runner, window worker, training, progress — is imported
by no rule module, so it is not covered.
"""

from __future__ import annotations

import hashlib
import re
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


# one import statement at the start of a line: ``from X import a, b`` (parenthesised over lines
# too) or ``import X, Y``; and the ``if TYPE_CHECKING:`` lines whose blocks are left out
_IMPORT = re.compile(r"^[ \t]*(?:from[ \t]+(?P<module>\.*[\w.]*)[ \t]+import[ \t]*(?P<names>\([^)]*\)|[^\n;]*)"
                     r"|import[ \t]+(?P<modules>[^\n;]*))", re.M)
_TYPE_CHECKING = re.compile(r"^(?P<indent>[ \t]*)if[ \t]+(?:typing\.)?TYPE_CHECKING[ \t]*:[ \t]*(?:#[^\n]*)?$", re.M)
_COMMENT = re.compile(r"#[^\n]*")

Statement = tuple[int, str, tuple[str, ...]]  # (dots of a relative import, module, names) or (0, module, ()) for `import module`


def _type_checking_blocks(source: str) -> list[tuple[int, int]]:
    """[start, end) character ranges of the blocks under ``if TYPE_CHECKING:`` (their imports
    never run): from the ``if`` line to the next statement line indented no deeper."""
    blocks = []
    for match in _TYPE_CHECKING.finditer(source):
        depth = len(match.group("indent").expandtabs())
        at = match.end() + 1
        end = len(source)
        while at < len(source):
            line_end = source.find("\n", at)
            line_end = len(source) if line_end < 0 else line_end
            line = source[at:line_end]
            text = line.lstrip()
            if text and not text.startswith("#") and len(line[: len(line) - len(text)].expandtabs()) <= depth:
                end = at
                break
            at = line_end + 1
        blocks.append((match.start(), end))
    return blocks


def import_statements(source: str) -> list[Statement]:
    """The import statements of a module's ``source``, at any depth (lazy imports inside functions
    too), those under ``if TYPE_CHECKING:`` left out. A scan of the text, not a parse: ``ast.parse``
    of the rules' 0.8 MB took ~0.1 s idle and 0.3-0.5 s on a loaded machine, in every process that
    pre-annotates; this takes ~10 ms. tests/nlp/test_rules_version_fix42.py checks it finds what
    ``ast`` finds in every module of the package. A line of a docstring that reads as an import
    statement counts as one (the version then covers a module it need not: never one it must)."""
    source = source.replace("\\\n", " ")  # a statement continued with a backslash
    blocks = _type_checking_blocks(source)
    found: list[Statement] = []
    for match in _IMPORT.finditer(source):
        if any(start <= match.start() < end for start, end in blocks):
            continue
        if match.group("modules") is not None:
            for part in _COMMENT.sub("", match.group("modules")).split(","):
                name = part.split()[0] if part.split() else ""
                if name:
                    found.append((0, name, ()))
            continue
        module = match.group("module")
        names = _COMMENT.sub("", match.group("names")).strip().strip("()")
        found.append((len(module) - len(module.lstrip(".")), module.lstrip("."),
                      tuple(part.split()[0] for part in names.split(",") if part.split())))
    return found


def imported_modules(root: Path, name: str, statements: Iterable[Statement]) -> set[str]:
    """The ``annotator`` modules (with a source file under ``root``) that module ``name``'s import
    ``statements`` (:func:`import_statements`) import; ``name`` ends in ``.__init__`` for a package."""
    is_package = name.endswith(".__init__")
    name = name.removesuffix(".__init__")
    found: set[str] = set()
    for level, module, names in statements:
        if not names:  # import module
            targets = [module]
        else:
            base = module
            if level:  # relative: from the module's package, one level up per extra dot
                package = name if is_package else name.rpartition(".")[0]
                for _ in range(level - 1):
                    package = package.rpartition(".")[0]
                base = f"{package}.{base}" if base else package
            submodules = [f"{base}.{alias}" for alias in names if module_file(root, f"{base}.{alias}")]
            # the package itself only for a name that is no submodule (a function, a constant)
            targets = submodules + ([base] if len(submodules) < len(names) else [])
        found.update(t for t in targets if t.split(".")[0] == PACKAGE and module_file(root, t))
    return found


def rule_modules(root: Path, entries: Iterable[str] = ENTRIES) -> dict[str, Path] | None:
    """Module name -> source file of every module the suggestions depend on: ``entries`` and what
    they import, transitively (see the module docstring). None when an entry has no source file
    (a frozen build keeps only bytecode)."""
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
        todo.extend(imported_modules(root, key, import_statements(path.read_text(encoding="utf-8"))))
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
