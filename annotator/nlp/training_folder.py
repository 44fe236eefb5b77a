"""Names of an ``annotator train`` run's work folder, in a module of their own.

:mod:`annotator.nlp.pipeline` needs them to refuse an unfinished checkpoint as ``--model``
(fix51), and must not import :mod:`annotator.nlp.train` for it: the pipeline loader is on the
suggestion path, whose modules make the rules' version (:mod:`annotator.nlp.rule_sources`), and
train's changes decide no suggestion.
"""

from __future__ import annotations

#: DIR + this: the run's work folder (checkpoints, the config spaCy trains from, owner.json)
WORK_SUFFIX = ".training"
#: in DIR.training: the project whose run made the checkpoint (JSON: {"project": path, ...})
OWNER = "owner.json"
