"""usertest24 M5 in the window: Edit → Preferences marks a trained pipeline whose entity labels are
another set than the project uses (CoNLL's four on a project with GPE spans), and leaves one
trained on the project's own labels unmarked."""

from __future__ import annotations

import json

from annotator.nlp import train as T
from annotator.ui.preferences import PreferencesDialog
from tests.ui.test_window_support import make_window, no_modals  # noqa: F401


def test_preferences_marks_a_pipeline_of_another_label_set(make_window) -> None:  # noqa: ANN001
    window = make_window()
    folder = window.project.path.parent
    for name, labels in (("conll-pipeline", ["LOC", "MISC", "ORG", "PERSON"]),
                         ("own-pipeline", ["EVENT", "GPE", "LAW", "LOC", "MISC", "NORP", "ORG", "PERSON"])):
        (folder / name).mkdir()
        (folder / name / T.MARKER).write_text(json.dumps({"labels": labels, "before": {"ALL": {"f": 0.5}},
                                                          "after": {"ALL": {"f": 0.7}}}))
    dialog = PreferencesDialog(window.settings, window, project_folder=folder, project=window.project)
    items = [dialog.pipeline.itemText(i) for i in range(dialog.pipeline.count())]
    conll = next(t for t in items if t.startswith("Trained: conll-pipeline"))
    own = next(t for t in items if t.startswith("Trained: own-pipeline"))
    # "this project uses": the entity labels of its spans (PERSON, ORG, GPE here), not all the schema's
    assert "labels LOC, MISC, ORG, PERSON — this project uses PERSON, ORG, GPE: 1 of the project's labels it cannot suggest (GPE)" in conll
    assert "cannot suggest" not in own and "labels " not in own
