"""benchmarks/train_conll.py: its CoNLL-2003 (IOB1) reader, and `--smoke` runs end to end."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SHARED_DATA

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.train_conll import read_conll2003  # noqa: E402

IOB1 = """-DOCSTART- -X- O O

Phil NNP I-NP I-PER
Simmons NNP I-NP I-PER
and CC O O
Ann NNP I-NP I-PER
Lee NNP I-NP B-PER
of IN I-PP O
Leicestershire NNP I-NP I-ORG

LONDON NNP I-NP I-LOC
West NNP I-NP I-MISC

-DOCSTART- -X- O O

Paris NNP I-NP I-LOC
"""


def test_iob1_reader_spans_documents_and_sentences(tmp_path: Path) -> None:
    path = tmp_path / "mini.conll"
    path.write_text(IOB1, encoding="utf-8")
    first, second = list(read_conll2003(path))
    text = first.article.text
    assert text == "Phil Simmons and Ann Lee of Leicestershire\nLONDON West"
    # I-PER after I-PER continues; B-PER starts a second entity of the same type (IOB1).
    assert [(text[s.start:s.end], s.label) for s in first.spans] == [
        ("Phil Simmons", "PERSON"), ("Ann", "PERSON"), ("Lee", "PERSON"), ("Leicestershire", "ORG"),
        ("LONDON", "LOC"), ("West", "MISC")]
    assert str(first.article.status) == "done"
    assert [(second.article.text[s.start:s.end], s.label) for s in second.spans] == [("Paris", "LOC")]
    assert len(list(read_conll2003(path, limit=1))) == 1


@pytest.mark.trained
@pytest.mark.skipif(not (SHARED_DATA / "conll2003" / "eng.train").exists(), reason="CoNLL-2003 is not in ../shared/data")
def test_train_conll_smoke_runs() -> None:
    result = subprocess.run([sys.executable, "-m", "benchmarks.train_conll", "--smoke"], capture_output=True, text=True,
                            timeout=170, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "entity F1 on eng.testa:" in result.stdout and "small model alone" in result.stdout


def test_data_is_the_shared_data_folder_and_a_wrong_path_is_not_a_skip(tmp_path) -> None:  # noqa: ANN001
    """fix10c: `--data /work/shared/data` said "skipped: no eng.train" and exited 0; it looks in
    conll2003/ under the data folder (as train_polnear does), and a --data holding neither fails."""
    from benchmarks.train_conll import conll_folder, main

    shared = tmp_path / "data"
    (shared / "conll2003").mkdir(parents=True)
    for name in ("eng.train", "eng.testa"):
        (shared / "conll2003" / name).write_text("-DOCSTART- -X- -X- O\n", encoding="utf-8")
    assert conll_folder(shared) == shared / "conll2003"
    assert conll_folder(shared / "conll2003") == shared / "conll2003"  # the folder itself, as before
    assert conll_folder(tmp_path) is None
    assert main(["--data", str(tmp_path / "nowhere"), "--smoke"]) == 2
