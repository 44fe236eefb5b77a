"""The exports' tokens of an article, taken from the Doc pre-annotation parsed (issue 12).

The jsonl ``--tokens``, CoNLL and DocBin exports tokenise with ``spacy.blank("en")``
(:func:`annotator.formats.common.tokenizer`) and keep what they made in the project
(:mod:`annotator.formats.token_store`); pre-annotation has already tokenised every article with its
pipeline's tokenizer, so it stores those tokens when they are exactly ``blank("en")``'s:

* the pipeline's tokenizer has ``blank("en")``'s rules: the same special cases, prefix, suffix,
  URL and token-match patterns, infixes equal or with only :func:`split_glued_quote_marks`'
  added (every pipeline we load: :mod:`annotator.nlp.pipeline`), and the same lexeme getters
  for ``is_space``/``is_punct`` — else (:func:`plan_for` gives None) nothing is stored and the
  first export tokenises, as before;
* the text has no glued quote mark (:func:`~annotator.nlp.quotes_sents.has_glued_quote_mark`), does
  not start with whitespace and holds none of the words whose exception norm the Doc cannot show
  (:func:`~annotator.formats.token_store.tokens_of_parsed_doc`) — else the text is tokenised
  again with ``blank("en")`` here (about 1 % of FNC-1 bodies).

Both checks are made where the article was parsed (or, with one forked parse worker, where the
rules run on its Doc: :mod:`annotator.nlp.runner`); :func:`annotator.nlp.runner.preannotate`'s
writer stores the packed tokens in the transaction that stores its suggestions. The window's
pre-annotation (:mod:`annotator.nlp.suggest_process`) packs them the same way in its child
(:func:`annotator.nlp.runner.suggest_article_tokens`); its suggestions are stored on the UI thread,
where tokens must not be written, so the thread relaying the child's results writes them in
transactions of its own once those suggestions are stored
(:class:`annotator.formats.token_store.HeldTokens`, perf26).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from annotator.domain.model import text_hash

if TYPE_CHECKING:
    import numpy
    from spacy.language import Language
    from spacy.tokens import Doc

# (text hash, starts, flags, norms): token_store.pack()'s arrays and the hash of the text they are of
PackedTokens = tuple[str, bytes, bytes, str]


@dataclasses.dataclass(frozen=True)
class TokenPlan:
    """How a pipeline's Docs give the exports' tokens (see the module docstring). ``unsure``:
    uint64 hashes of the words whose exception norm the Doc cannot show."""

    unsure: numpy.ndarray

    def packed(self, doc: Doc, text: str) -> PackedTokens | None:
        """``text``'s tokens as ``blank("en")`` makes them, packed, taken from ``doc`` (the
        pipeline's Doc of ``text``) or, where they cannot be, tokenised again; None when ``doc``
        is not of ``text``."""
        from annotator.formats.token_store import pack, tokenize, tokens_of_parsed_doc
        from annotator.nlp.quotes_sents import has_glued_quote_mark

        if len(doc.text) != len(text):
            return None
        tokens = None if has_glued_quote_mark(text) else tokens_of_parsed_doc(doc, self.unsure)
        if tokens is None:
            tokens = tokenize(text)
        return (text_hash(text), *pack(tokens))


# id(tokenizer) → (tokenizer, its patterns' functions, its plan): one or two pipelines a process
_plans: dict[int, tuple[Any, tuple[Any, ...], TokenPlan | None]] = {}
_PATTERNS = ("prefix_search", "suffix_search", "infix_finditer", "token_match", "url_match")


def plan_for(nlp: Language) -> TokenPlan | None:
    """The :class:`TokenPlan` of ``nlp``'s tokenizer, or None when it does not split as
    ``blank("en")`` does (rules differ: another spaCy version's model, a custom tokenizer).
    Computed once per tokenizer and set of pattern functions (~5 ms: the special cases are
    compared); a special case added to a tokenizer after its first run is not seen (pipelines
    are prepared when loaded: :mod:`annotator.nlp.pipeline`)."""
    tokenizer = nlp.tokenizer
    patterns = tuple(getattr(tokenizer, name, None) for name in _PATTERNS)
    found = _plans.get(id(tokenizer))
    if found is None or found[0] is not tokenizer or found[1] != patterns:
        found = (tokenizer, patterns, _plan(nlp))
        _plans[id(tokenizer)] = found
    return found[2]


def _pattern(function: Any) -> str | None:
    return getattr(getattr(function, "__self__", None), "pattern", None)


def _plan(nlp: Language) -> TokenPlan | None:
    import numpy
    from spacy.attrs import IS_PUNCT, IS_SPACE, NORM, ORTH

    from annotator.formats.common import tokenizer as blank_tokenizer
    from annotator.nlp.quotes_sents import _GLUED_INFIXES

    ours, blank = nlp.tokenizer, blank_tokenizer()
    try:
        same = (type(ours) is type(blank) and ours.rules == blank.rules and ours.faster_heuristics == blank.faster_heuristics
                and all(_pattern(getattr(ours, name)) == _pattern(getattr(blank, name)) for name in ("prefix_search", "suffix_search", "url_match"))
                and (ours.token_match is None) == (blank.token_match is None) and _pattern(ours.token_match) == _pattern(blank.token_match)
                and _pattern(ours.infix_finditer) in (_pattern(blank.infix_finditer), f"{_pattern(blank.infix_finditer)}|{'|'.join(_GLUED_INFIXES)}")
                and all(nlp.vocab.lex_attr_getters.get(a) is blank.vocab.lex_attr_getters.get(a) for a in (IS_SPACE, IS_PUNCT)))
    except AttributeError:  # not a spaCy Tokenizer
        return None
    if not same:
        return None
    unsure = {orth for pieces in blank.rules.values() for piece in pieces if NORM in piece
              for orth in [piece[ORTH]] if nlp.vocab[orth].norm_ == piece[NORM] != blank.vocab[orth].norm_}
    return TokenPlan(numpy.array(sorted(nlp.vocab.strings.add(o) for o in unsure), dtype=numpy.uint64))
