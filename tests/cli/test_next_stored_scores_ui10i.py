"""Issue 10 (ui10i, usertest10d finding 8): after `preannotate --model DIR --uncertainty`,
`annotator next` with no --model and no Preferences choice re-scored every article with the
default pipeline, ignoring the scores just stored. The rule now (annotator.nlp.active_order.
stored_choice, used by `next` and by the window's order): --model, else the Preferences choice,
else the pipeline whose scores were stored last in the project (named on stderr), else the default.
The pipeline is a stub at the loader seam: what is asked to load and what is scored is recorded."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain.model import Article
from annotator.nlp import active_order, pipeline
from annotator.storage import uncertainty_cache
from annotator.storage.project import Project

pytestmark = pytest.mark.timeout(60)


@dataclasses.dataclass
class Stub:
    source: str
    nlp: object = None
    name: str = "stub"
    version: str = "1"
    notice: str = ""
    rule_only: bool = False


@pytest.fixture
def seam(monkeypatch: pytest.MonkeyPatch) -> tuple[list[str | None], list[str]]:
    """(sources asked to load, texts scored)."""
    loads: list[str | None] = []
    scored: list[str] = []

    def load(choice=None):  # noqa: ANN001, ANN202
        loads.append(choice)
        # a folder: the trained pipeline that stored the scores (same name, version and source: same key)
        return Stub(source=choice or "default_pkg", name="trained" if choice and "/" in choice else "pkg", version="7")

    def scorer(_nlp):  # noqa: ANN001, ANN202
        def score(texts):  # noqa: ANN001, ANN202
            scored.extend(texts)
            return [{(0, 1, "PERSON"): 0.5} for _ in texts]
        return score

    monkeypatch.setattr(pipeline, "load_pipeline", load)
    monkeypatch.setattr(active_order, "pipeline_can_score", lambda _nlp: True)
    monkeypatch.setattr(active_order, "beam_scorer", scorer)
    return loads, scored


def _project(tmp_path: Path, folder: Path) -> tuple[Path, list[int]]:
    path = tmp_path / "p.db"
    with Project.open(path) as proj:
        for w in ("one", "two", "three"):
            proj.add_article(Article(None, f"{w} said something.", title=w))
        ids = proj.article_ids()
        # what `preannotate --model FOLDER --uncertainty` stores (the key of that pipeline, loaded from FOLDER)
        uncertainty_cache.store_scores(proj, f"trained 7 | {folder}", {ids[0]: 0.1, ids[1]: 0.9, ids[2]: 0.5}, dict.fromkeys(ids[:3], 1))
    return path, ids


def test_next_uses_the_scores_stored_last_and_names_their_pipeline(tmp_path: Path, seam) -> None:  # noqa: ANN001
    loads, scored = seam
    folder = tmp_path / "trained-pipeline"
    folder.mkdir()
    path, ids = _project(tmp_path, folder)
    ran = CliRunner().invoke(cli, ["next", str(path), "--json"])
    assert ran.exit_code == 0, ran.output
    assert loads == [str(folder)]  # not the default pipeline
    assert scored == []  # nothing scored again: the stored scores are the ones asked for
    rows = [json.loads(line) for line in ran.stdout.splitlines()]
    assert [(r["id"], r["uncertainty"]) for r in rows] == [(ids[1], 0.9), (ids[2], 0.5), (ids[0], 0.1)]
    assert ran.stderr.splitlines()[0] == (f"Using trained 7 ({folder}): the pipeline of the uncertainty scores stored last "
                                          "in this project (--model, or Edit → Preferences, to use another)")


def test_model_or_a_folder_gone_or_no_scores_mean_what_they_did(tmp_path: Path, seam) -> None:  # noqa: ANN001
    loads, scored = seam
    folder = tmp_path / "trained-pipeline"
    folder.mkdir()
    path, _ids = _project(tmp_path, folder)
    ran = CliRunner().invoke(cli, ["next", str(path), "--model", "other_pkg"])  # --model wins
    assert ran.exit_code == 0, ran.output
    assert loads == ["other_pkg"] and len(scored) == 3 and "stored last" not in ran.stderr
    loads.clear()
    folder.rmdir()  # the pipeline that made them is gone: the default, as before
    with Project.open(path, create=False) as proj:
        proj.db.execute("DELETE FROM article_uncertainty WHERE pipeline LIKE 'pkg%'")
        assert active_order.stored_choice(proj) is None
    ran = CliRunner().invoke(cli, ["next", str(path)])
    assert ran.exit_code == 0, ran.output
    assert loads == [None]
    empty = tmp_path / "empty.db"
    with Project.open(empty) as proj:
        proj.add_article(Article(None, "one said so.", title="one"))
        assert active_order.stored_choice(proj) is None


def test_the_text_listing_shows_the_band_then_doubtful_and_names_the_cache_only_when_used(tmp_path: Path, seam) -> None:  # noqa: ANN001
    """usertest17: the rows read in the order's own keys (band, then doubtful decisions, the exact
    score last), and "from the project's cache" is said only when scores came from it (L-a)."""
    _loads, _scored = seam
    folder = tmp_path / "trained-pipeline"
    folder.mkdir()
    path, ids = _project(tmp_path, folder)
    ran = CliRunner().invoke(cli, ["next", str(path)])
    assert ran.exit_code == 0, ran.output
    lines = ran.stdout.splitlines()
    assert lines[0].split() == ["id", "uncertainty", "(score)", "title"]
    assert lines[1].split() == [str(ids[1]), "0.86–0.90", "·", "1", "doubtful", "(0.900)", "two"]  # ui32: score in brackets
    assert "scores of trained 7" in ran.stderr and "from the project's cache." in ran.stderr
    ran = CliRunner().invoke(cli, ["next", str(path), "--model", "other_pkg"])  # all scored now: nothing cached
    assert ran.exit_code == 0, ran.output
    assert "all 3 scored now with" in ran.stderr and "cache" not in ran.stderr.splitlines()[-1]


def test_band_label_reads_like_the_tie_bands() -> None:
    from annotator.nlp.uncertainty import band_label, tie_band
    assert [band_label(u) for u in (1.0, 0.96, 0.95, 0.91, 0.9, 0.04, 0.0)] == [
        "0.96–1.00", "0.96–1.00", "0.91–0.95", "0.91–0.95", "0.86–0.90", "0.01–0.05", "0.00"]
    # one label per band: every score a band holds shows the band's label
    for u in (x / 1000 for x in range(1001)):
        high = float(band_label(u).split("–")[-1])
        assert tie_band(high) == tie_band(u)
