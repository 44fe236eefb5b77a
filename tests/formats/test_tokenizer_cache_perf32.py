"""perf32 (issue 12): the exports' tokenizer keeps far more chunks than spaCy's default 10,000,
and its tokens are still exactly those of a ``spacy.blank("en")`` tokenizer of the default size.

spaCy pushes a cached chunk's lexemes instead of splitting it again; it checks special cases first
and never caches a chunk a special case touched, so the cache's size may change the speed, never
the tokens. These tests hold it to that on texts built to hit every path: more distinct chunks
than the default cache holds, each met again in later texts, before and after special cases
(``don't``, ``U.S.``, ``Mr.``, ``'s``, emoticons), with affixes, infixes, URLs and numbers."""

from __future__ import annotations

import csv
import os
import random
import sys
from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy")

from spacy.attrs import IDX, NORM, ORTH, SPACY  # noqa: E402

from annotator.formats import common  # noqa: E402
from annotator.formats.token_store import NO_SENT_START, tokenize  # noqa: E402

SPECIALS = ["don't", "U.S.", "Mr.", "can't", "it's", ":)", "a.m.", "Jan.", "'s", "Dr.", "N.Y.", "o'clock", "ya'll"]
AFFIXED = ['"{w}', "{w},", "({w})", "{w}.", "'{w}'", "{w}-{v}", "{w}/{v}", "{w}...", "“{w}”", "{w}'s", "{w}n't",
           "https://{w}.example.org/{v}", "{n}km", "${n}", "{n}%", "#{w}", "@{w}", "{W}:", "{w}—{v}", "{w}!?"]


def _words(rng: random.Random, n: int) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyzé"
    return ["".join(rng.choice(letters) for _ in range(rng.randint(2, 9))) for _ in range(n)]


def _texts(seed: int = 32, count: int = 400, distinct: int = 14_000) -> list[str]:
    """``count`` texts drawing on ``distinct`` words (more chunks than spaCy's default cache)."""
    rng = random.Random(seed)
    words = _words(rng, distinct)
    texts = []
    for t in range(count):
        chunks = []
        for i in range(rng.randint(120, 260)):
            roll = rng.random()
            w, v = rng.choice(words), rng.choice(words)
            if roll < 0.06:
                chunks.append(rng.choice(SPECIALS))
            elif roll < 0.35:
                chunks.append(rng.choice(AFFIXED).format(w=w, v=v, W=w.capitalize(), n=rng.randint(0, 9999)))
            else:
                chunks.append(w.capitalize() if i == 0 or rng.random() < 0.1 else w)
        # spaces of every kind spaCy splits on, single and repeated
        text = ""
        for chunk in chunks:
            text += chunk + rng.choice([" ", " ", " ", " ", "  ", "\n", "\n\n", "\t", "\u00a0 "])
        texts.append(("'" if t % 7 == 0 else "") + text.strip(" "))
    return texts


def _columns(doc) -> tuple[bytes, bool | None]:
    return doc.to_array([IDX, ORTH, NORM, SPACY]).tobytes(), (doc[0].is_sent_start if len(doc) else None)


def test_the_exports_tokenizer_keeps_many_more_chunks_than_spacys_default():
    tok = common.tokenizer()
    assert tok.max_cache_size == common.TOKENIZER_CACHE_CHUNKS
    assert common.TOKENIZER_CACHE_CHUNKS >= 200_000  # the distinct chunks of ~10,000 news articles
    assert spacy.blank("en").tokenizer.max_cache_size == 10_000  # what it replaces (spaCy 3.8)


@pytest.mark.timeout(300)
def test_tokens_equal_a_default_sized_tokenizer_on_chunks_met_again():
    texts = _texts()
    texts += texts[::-1]  # every chunk met again, now in other places relative to the specials
    default = spacy.blank("en").tokenizer
    ours = common.tokenizer()
    assert ours is not default and ours.max_cache_size > default.max_cache_size
    for i, text in enumerate(texts):
        assert _columns(ours(text)) == _columns(default(text)), f"text {i} tokenised differently"


@pytest.mark.timeout(300)
def test_stored_tokens_equal_a_default_sized_tokenizers_doc():
    """What the exports keep (token_store.tokenize: starts, flags, exception norms) is what a
    default-sized tokenizer's Doc gives, for texts tokenised after the cache passed 10,000."""
    texts = _texts(seed=7, count=120)
    for text in _texts(seed=32):  # fill the exports' cache past spaCy's default first
        common.tokenizer()(text)
    default = spacy.blank("en").tokenizer
    for text in texts:
        tokens, doc = tokenize(text), default(text)
        assert tokens.starts.tolist() == [t.idx for t in doc]
        assert tokens.spaces.tolist() == [bool(t.whitespace_) for t in doc]
        assert {i: doc[i].norm_ for i in tokens.norms} == dict(tokens.norms)
        assert all(doc[i].norm_ == doc[i].lex.norm_ for i in range(len(doc)) if i not in tokens.norms)
        assert bool(tokens.flags[0] & NO_SENT_START) == (doc[0].is_sent_start is None)


def _fnc1() -> Path:
    from annotator.paths import shared_data

    return shared_data() / "fnc1-train-bodies.csv"


@pytest.mark.timeout(300)
def test_real_news_tokens_equal_a_default_sized_tokenizer():
    path = _fnc1()
    if not path.exists():
        pytest.skip(f"{path} is not here (shared data, never shipped)")
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as fh:
        bodies = [row["articleBody"] for row in csv.DictReader(fh)][:500]
    default = spacy.blank("en").tokenizer
    ours = common.tokenizer()
    for body in bodies + bodies[::-1]:
        assert _columns(ours(body)) == _columns(default(body))


# ---------------------------------------------------------------- gc.freeze around a forked split


def _small_project(folder: Path) -> Path:
    from annotator.domain.model import Article, ArticleBundle, Span
    from annotator.storage.project import Project

    path = folder / "freeze.db"
    project = Project.open(path)
    try:
        bundles = []
        for n in range(12):
            text = f"Story {n}: Ana Ruiz met the board. \"It's fine,\" she said in the U.S. today.\n"
            start = text.index("Ana Ruiz")
            bundles.append(ArticleBundle(article=Article(id=None, text=text),
                                         spans=[Span(id=f"e{n}", article_id=0, start=start, end=start + 8, label="PERSON",
                                                     layer="entity")]))
        project.import_bundles(bundles)
    finally:
        project.close()
    return path


@pytest.mark.timeout(120)
@pytest.mark.parametrize("ending", ["done", "cancelled", "child failed"])
def test_a_forked_split_export_leaves_the_collector_as_it_found_it(tmp_path: Path, monkeypatch, ending: str):
    """perf32 freezes what the parent has built before the fork (the child inherits it frozen) and
    unfreezes it when the export ends, however it ends: a window or a test process running exports
    must not keep a growing permanent generation."""
    import gc

    from annotator.formats import stream_pool
    from annotator.storage.project import Project

    path = _small_project(tmp_path)
    assert gc.get_freeze_count() == 0
    frozen_during: list[int] = []

    def check() -> None:
        frozen_during.append(gc.get_freeze_count())
        if ending == "cancelled" and len(frozen_during) > 3:
            raise KeyboardInterrupt

    if ending == "child failed":
        real, parent = stream_pool._write_part, os.getpid()

        def failing(*args, **kw):
            if os.getpid() != parent:
                raise ValueError("boom in the child")
            return real(*args, **kw)

        monkeypatch.setattr(stream_pool, "_write_part", failing)
    with Project.open(path, create=False) as project:
        split = stream_pool.plan(project, "conll", total=project.count_articles(), every_article=True, min_articles=2)
        assert split is not None
        with open(tmp_path / "out.conll", "w", encoding="utf-8", newline="\n") as fh:
            if ending == "done":
                stream_pool.export(project, "conll", split, fh, None, method="fork", check=check)
            else:
                with pytest.raises((KeyboardInterrupt, ValueError)):
                    stream_pool.export(project, "conll", split, fh, None, method="fork", check=check)
    assert frozen_during and max(frozen_during) > 0  # it was frozen while the export ran
    assert gc.get_freeze_count() == 0
