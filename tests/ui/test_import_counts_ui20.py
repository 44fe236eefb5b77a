"""usertest19 L5: the window's Import of a file whose one record was bad said "nothing could be
imported: all 1 records were bad" (a lower-case start in its box, "all 1 records"). Counts and
their verbs agree through one helper (:func:`annotator.domain.words.plural_verb`). Made-up rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain.errors import InputError
from annotator.domain.words import plural_verb
from tests.ui.test_import_advice_ut14 import run_import


def test_plural_verb_agrees_with_the_count() -> None:
    assert plural_verb(1, "record", "was") == "1 record was"
    assert plural_verb(0, "record", "was") == "0 records were"
    assert plural_verb(2_000, "edit", "is") == "2,000 edits are"
    assert plural_verb(2, "analysis", "has", "analyses") == "2 analyses have"


@pytest.mark.parametrize(("rows", "said"), [
    ("A,\n", "Nothing could be imported: its only record was bad; why: "),
    ("A,\nB,\n", "Nothing could be imported: all 2 records were bad; the first: "),
])
def test_nothing_imported_says_the_count_as_a_sentence(tmp_path: Path, rows: str, said: str) -> None:
    with pytest.raises(InputError) as caught:
        run_import(tmp_path, "blank.csv", f"title,text\n{rows}".encode())
    message = str(caught.value)
    assert message.startswith(said), message
    assert "all 1 records" not in message
