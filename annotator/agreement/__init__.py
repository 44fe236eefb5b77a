"""Agreement between analysts of a team (issue 11): pure, Qt-free, over plain inputs.

* :mod:`~annotator.agreement.inputs` — the input shapes (per analyst, per article: spans,
  links, stances).
* :mod:`~annotator.agreement.matching` — exact and greedy-by-overlap matching; cross-analyst units.
* :mod:`~annotator.agreement.coefficients` — Cohen's κ, Fleiss' κ, Krippendorff's α (nominal).
* :mod:`~annotator.agreement.unitizing` — Krippendorff's unitizing α_u.
* :mod:`~annotator.agreement.measures` — the whole report (:func:`measure`).
* :mod:`~annotator.agreement.text` — the report as text tables.
* :mod:`~annotator.agreement.from_project` — the adapter from a team project file.

Formulas, sources and the exact construction of units: docs/agreement.md.
"""
