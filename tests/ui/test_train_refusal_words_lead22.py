"""The Train panel's words for `annotator train`'s refusals (train_dialog.panel_words): every
refusal check_output can give reads whole, with no CLI option left and no word cut (usertest25 L1:
"give a new or empty output folders contents")."""

import pytest

from annotator.domain.errors import InputError
from annotator.nlp.train import check_output
from annotator.ui.train_dialog import panel_words

pytestmark = pytest.mark.timeout(60)


def test_a_foreign_folder_refusal_reads_whole(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError) as err:
        check_output(out, force=False, replace=False)
    text = panel_words(str(err.value))
    assert "--" not in text
    assert "folders contents" not in text and "s contents" not in text
    assert text.rstrip().endswith("output folder")


@pytest.mark.parametrize("cli, panel", [
    ("give another --output folder, or add --force to replace it", "give another output folder"),
    ("give a new or empty --output folder, or add --force to replace its contents", "give a new or empty output folder"),
    ("lower --max-steps", "lower Max steps"),
])
def test_each_phrase(cli, panel):
    assert panel_words(cli) == panel
