"""Pre-annotation stores the exports' tokens of each article it parses (perf24, issue 12), so
the first export reads them instead of tokenising; what it exports is byte for byte what an
export that tokenised itself writes — texts with glued quote marks (which the pipelines'
tokenizer splits and ``blank("en")`` does not), special cases at the start ("It's"), a leading
space, exception norms ("doin'", "n't"), non-ASCII and hyphens included."""

from __future__ import annotations

import multiprocessing
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain.model import Article, ArticleBundle, Span
from annotator.formats import token_store
from annotator.nlp import runner
from annotator.nlp.pipeline import RULE_ONLY, load_pipeline
from annotator.nlp.pipeline_tokens import plan_for
from annotator.nlp.quotes_sents import has_glued_quote_mark
from annotator.storage.project import Project

FORK = "fork" in multiprocessing.get_all_start_methods()

# Invented sentences of the shapes that matter; {n} makes each article its own text.
SHAPES = [
    'It\'s late, Mara Oyelaran said,"No one came." The mayor\'s office didn\'t answer {n}.',
    "'The vote was close,' Tomas Rilke told us:\"We lost by {n}.\"Then he left.",
    " A leading space, then Dr. Ilse Vance said the co-operation was well-known {n}.",
    "He was doin' fine an' goin' home, said Piet Lund, whose colour-blind dog barked {n} times.",
    "Zoë Ngata (CEO) said: “Prices rose 12% in São Paulo”; Björn disagreed {n}.\n\nNew paragraph here.",
    "home.\"She added that U.S. Ph.D.'s cost $4,000 — e.g. in Zürich {n}.",
    "year,\"she said, and June,”said the deputy {n}. ‘Quiet’ – they can't stay.",
]


def _texts(count: int) -> list[str]:
    return [SHAPES[n % len(SHAPES)].format(n=n) for n in range(count)]


def _filled(path: Path, texts: list[str]) -> None:
    project = Project.open(path)
    try:
        bundles = []
        for text in texts:
            start = len(text) - len(text.lstrip())
            end = text.index(" ", start)  # an accepted span, so that every article is exported
            bundles.append(ArticleBundle(Article(id=None, text=text), spans=[Span(id="s", article_id=0, start=start, end=end, label="ORG", layer="entity")]))
        project.import_bundles(bundles)
    finally:
        project.close()


def _stored(path: Path) -> int:
    project = Project.open(path)
    try:
        return project.db.execute("SELECT count(*) FROM article_tokens WHERE tokenizer = ?", [token_store.tokenizer_key()]).fetchone()[0]
    finally:
        project.close()


def _exports(path: Path, out: Path) -> dict[str, bytes]:
    out.mkdir()
    found = {}
    for name, args in {"conll": ["--format", "conll"], "jsonl": ["--format", "jsonl", "--tokens"], "spacy": ["--format", "spacy"]}.items():
        target = out / f"out.{name}"
        result = CliRunner().invoke(cli, ["export", str(path), *args, "--output", str(target)])
        assert result.exit_code == 0, result.output
        found[name] = target.read_bytes()
    return found


def _preannotated(tmp_path: Path, pipeline, count: int, monkeypatch: pytest.MonkeyPatch, *, fork: bool) -> Path:
    monkeypatch.setattr(runner, "can_fork", lambda: fork)  # pytest-timeout's thread makes can_fork() say no
    path = tmp_path / "p.db"
    _filled(path, _texts(count))
    project = Project.open(path)
    try:
        result = runner.preannotate(project, pipeline=pipeline, batch_size=8)
        assert result.done == count and not result.failed
    finally:
        project.close()
    return path


def _same_exports(tmp_path: Path, path: Path, count: int) -> None:
    assert _stored(path) == count  # old code: 0, pre-annotation stored none
    made = tmp_path / "made.db"
    shutil.copy(path, made)
    project = Project.open(made)
    try:
        with project.writing():
            project.db.execute("DELETE FROM article_tokens")
    finally:
        project.close()
    stored = _exports(path, tmp_path / "stored")
    tokenised = _exports(made, tmp_path / "tokenised")
    assert _stored(made) == count  # that export tokenised every article (and kept the tokens)
    for name in stored:
        assert stored[name] == tokenised[name], name


@pytest.mark.parametrize("fork", [False, True] if FORK else [False], ids=["in-process", "parse-worker"][: 2 if FORK else 1])
def test_rule_only_preannotation_stores_tokens_that_export_as_tokenised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fork: bool) -> None:
    count = 21 if fork else 14  # >= OVERLAP_MIN_ARTICLES: one forked worker parses, the rules and the tokens here
    assert (count >= runner.OVERLAP_MIN_ARTICLES) == fork
    _same_exports(tmp_path, _preannotated(tmp_path, load_pipeline(RULE_ONLY), count, monkeypatch, fork=fork), count)


def test_trained_pipeline_preannotation_stores_tokens_that_export_as_tokenised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pipeline = load_pipeline(None)
    if pipeline.rule_only:
        pytest.skip("no trained spaCy pipeline installed")
    assert plan_for(pipeline.nlp) is not None  # its tokenizer is blank("en")'s plus the glued quote marks
    _same_exports(tmp_path, _preannotated(tmp_path, pipeline, 7, monkeypatch, fork=False), 7)


def test_the_glued_quote_mark_check_is_the_infixes_search() -> None:
    import re

    from annotator.nlp.quotes_sents import _GLUED_INFIXES

    pattern = re.compile("|".join(_GLUED_INFIXES))
    for text in [*_texts(7), 'said, "No', 'said,"No', 'U.S."-style', "Ph.D.'s", "year,'she", "told:'We", "x.\"a", "x.\"A", ""]:
        assert has_glued_quote_mark(text) == bool(pattern.search(text)), text


def test_a_tokenizer_with_other_rules_gets_no_plan() -> None:
    import spacy

    from annotator.nlp.quotes_sents import split_glued_quote_marks

    assert plan_for(spacy.blank("en")) is not None
    assert plan_for(split_glued_quote_marks(spacy.blank("en"))) is not None
    nlp = spacy.blank("en")
    nlp.tokenizer.add_special_case("gonna", [{"ORTH": "gon"}, {"ORTH": "na"}])
    assert plan_for(nlp) is None
    nlp = spacy.blank("en")
    assert plan_for(nlp) is not None
    nlp.tokenizer.infix_finditer = __import__("re").compile(r"[-~]").finditer  # changed after its first plan
    assert plan_for(nlp) is None
