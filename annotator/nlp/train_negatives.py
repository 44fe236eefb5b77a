"""The negatives key of a trained recogniser, written into the training configs (usertest32 L1).

``annotator train`` gives spaCy's entity recogniser ``incorrect_spans_key = "entity_rejected"``
(and the attribution recogniser ``"attribution_rejected"``): the rejected suggestions are
negatives. In the training config the recogniser is *sourced* from the base pipeline, and spaCy
builds a sourced component from the source's own settings (its key is null; a key written beside
``source`` is ignored), so setting the key in code alone left every config a user can read saying
``null``, and ``spacy train DIR/training-config.cfg`` trained without the rejected spans.

The key is therefore set by an ``[initialize.after_init]`` callback in the config itself::

    [initialize.after_init]
    @callbacks = "annotator.incorrect_spans_key.v1"
    component = "ner"
    key = "entity_rejected"

run by ``annotator train`` and by ``spacy train`` alike (spaCy finds the callback through the
``spacy_callbacks`` entry point of the installed ``annotator`` package, or with
``--code`` pointing at this file). It sets the recogniser's ``cfg`` (what the parser reads while
training and what ``ner/cfg`` stores) and the component's config (what the trained pipeline's
``config.cfg`` says), so every written config names the key the run trained with.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import spacy

CALLBACK = "annotator.incorrect_spans_key.v1"


@spacy.registry.callbacks(CALLBACK)
def make_incorrect_spans_key(component: str, key: str) -> Callable[[Any], Any]:
    """The ``after_init`` callback: ``nlp`` -> ``nlp`` with ``component`` (a transition-based
    recogniser's pipe name) reading ``doc.spans[key]`` as negatives. Raises ``ValueError`` (spaCy's
    E001) when ``nlp`` has no component of that name."""

    def set_key(nlp: Any) -> Any:
        nlp.get_pipe(component).cfg["incorrect_spans_key"] = key
        # the live config object (Language.get_pipe_config returns it, not a copy): nlp.config,
        # hence config.cfg of what is saved, then says the key too
        nlp.get_pipe_config(component)["incorrect_spans_key"] = key
        return nlp

    return set_key


def after_init_block(component: str, key: str) -> dict[str, str]:
    """The ``[initialize.after_init]`` block that sets ``key`` on ``component`` (module docstring)."""
    return {"@callbacks": CALLBACK, "component": component, "key": key}
