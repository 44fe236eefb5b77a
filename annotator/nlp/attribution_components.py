"""spaCy components that let a second entity recogniser (the attribution recogniser, labels
CONTENT/SOURCE/CUE) run in a pipeline without touching ``doc.ents``.

An assembled pipeline (:func:`annotator.nlp.attribution_train.assemble`) ends with::

    ... ner, attribution_stash, attribution, attribution_spans

* ``attribution_stash`` (factory ``annotator_attribution_stash``) saves the entity annotation
  of every token (``ENT_IOB``, ``ENT_TYPE``, ``ENT_KB_ID``, ``ENT_ID``) in ``doc.user_data`` and
  sets every token's entity to *missing*: a spaCy recogniser keeps preset entities, so the
  attribution recogniser must start from none;
* ``attribution`` is a plain spaCy ``ner`` trained on CONTENT/SOURCE/CUE; it writes ``doc.ents``;
* ``attribution_spans`` (factory ``annotator_attribution_spans``) moves those spans to
  ``doc.spans["attribution"]`` and restores the saved token annotation exactly, so ``doc.ents``
  is the entity recogniser's again, bit for bit.

The factories are registered when this module is imported and, for a plain ``spacy.load(DIR)``
in any process where the annotator package is installed, through the ``spacy_factories`` entry
points of ``pyproject.toml`` (spaCy looks them up by name).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

ATTRIBUTION_KEY = "attribution"  # doc.spans key of the predicted CONTENT/SOURCE/CUE spans
STASH = "annotator_attribution_stash"
SPANS = "annotator_attribution_spans"
# the recogniser's labels, here rather than in the training corpus's module (which re-exports them)
# so that the linker, part of the suggestion rules, imports no training or storage code: the rules'
# version covers the modules the rules import (fix42, annotator.nlp.rules_version)
CONTENT, SOURCE, CUE = "CONTENT", "SOURCE", "CUE"
OWN_LABELS = frozenset({CONTENT, SOURCE, CUE})
_SAVED = "annotator_saved_ents"  # doc.user_data key, only between the two components
_ATTRS = ("ENT_IOB", "ENT_TYPE", "ENT_KB_ID", "ENT_ID")


class AttributionStash:
    """Saves the tokens' entity annotation and clears it (see the module docstring)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc.user_data[_SAVED] = doc.to_array(list(_ATTRS))
        doc.set_ents([], default="missing")
        return doc


class AttributionSpans:
    """Moves the recogniser's spans to ``doc.spans[ATTRIBUTION_KEY]``, restores the entities."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        # only the component's own labels (a pipeline trained before issue 10 also predicts the
        # base recogniser's PERSON, DATE…, which are doc.ents' business, not attributions)
        doc.spans[ATTRIBUTION_KEY] = [e for e in doc.ents if e.label_ in OWN_LABELS]
        saved = doc.user_data.pop(_SAVED, None)
        if saved is not None:
            doc.set_ents([], default="missing")  # from_array refuses ENT_IOB over existing entities' edges
            doc.from_array(list(_ATTRS), saved)
        return doc


@Language.factory(STASH)
def make_stash(nlp: Language, name: str) -> AttributionStash:
    """Factory of :class:`AttributionStash` (no settings)."""
    return AttributionStash(name)


@Language.factory(SPANS)
def make_spans(nlp: Language, name: str) -> AttributionSpans:
    """Factory of :class:`AttributionSpans` (no settings)."""
    return AttributionSpans(name)
