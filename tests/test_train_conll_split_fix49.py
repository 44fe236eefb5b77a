"""usertest32 L5: benchmarks/train_conll scores on eng.testa, CoNLL-2003's tuning split (eng.testb
is not in the shared data). It must train on eng.train alone and say which split its score is on."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from annotator.nlp.pipeline import default_pipeline_name

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

NAMES = [("Mara", "Velt", "Oslo"), ("Ivo", "Brandt", "Lyon"), ("Tove", "Lind", "Graz"), ("Ode", "Marsh", "Porto")]


def _conll(docs: list[tuple[str, str, str]], word: str) -> str:
    """Invented IOB1 documents: "<First> <Last> <word> <City> ." each."""
    out = []
    for first, last, city in docs:
        out += ["-DOCSTART- -X- O O", "", f"{first} NNP I-NP I-PER", f"{last} NNP I-NP I-PER", f"{word} VBD I-VP O",
                f"{city} NNP I-NP I-LOC", ". . O O", ""]
    return "\n".join(out) + "\n"


@pytest.mark.skipif(default_pipeline_name() is None, reason="no trained spaCy pipeline installed")
@pytest.mark.timeout(300)
def test_eng_testa_is_scored_only_and_the_output_says_which_split_it_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    import benchmarks.train_conll as bench

    folder = tmp_path / "data" / "conll2003"
    folder.mkdir(parents=True)
    (folder / "eng.train").write_text(_conll(NAMES * 3, "visited"), encoding="utf-8")
    (folder / "eng.testa").write_text(_conll([(c, a, b) for a, b, c in NAMES], "toured"), encoding="utf-8")
    trained_on: list[str] = []
    real_train = bench.train

    def recording_train(project, output, **kw):  # noqa: ANN001, ANN003, ANN202
        trained_on.extend(project.article(i).text for i in project.article_ids())
        return real_train(project, output, **kw)

    monkeypatch.setattr(bench, "train", recording_train)
    assert bench.main(["--data", str(tmp_path / "data"), "--smoke"]) == 0
    out = capsys.readouterr().out
    assert trained_on and not any("toured" in text for text in trained_on)  # no eng.testa document trained on
    assert "entity F1 on eng.testa:" in out
    assert bench.SPLIT_NOTE in out
    assert "tuning split" in bench.SPLIT_NOTE and "eng.testb" in bench.SPLIT_NOTE
