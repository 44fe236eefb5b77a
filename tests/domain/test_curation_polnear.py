"""End to end on real data (skipped without ../shared/data): the first PolNeAR dev article (sorted
order) that six annotators annotated (fix11am: chosen by that property, not named by its stem), their `.ann` files imported as six analysts' layers (`import
--analyst-from-filename`), aligned, adjudicated (accept all agreed, take one disagreement), and the
gold layer exported as JSONL: exactly the kept records, nothing of the layers, nothing rejected."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain import curation
from annotator.domain.model import Status
from annotator.storage.project import Project
from tests.polnear_pick import need_article_with_annotators


def test_polnear_six_annotators_adjudicated_and_gold_exported(tmp_path: Path) -> None:
    article = need_article_with_annotators(6)
    annotators = article.annotators
    (tmp_path / "in" / "text").mkdir(parents=True)
    (tmp_path / "in" / "attributions").mkdir()
    shutil.copy(article.text, tmp_path / "in" / "text")
    for name in annotators:
        shutil.copy(article.ann(name), tmp_path / "in" / "attributions")
    db = tmp_path / "team.db"
    run = CliRunner().invoke(cli, ["import", str(db), str(tmp_path / "in" / "attributions"), "--analyst-from-filename",
                                   "--label-map", "Content=QUOTE,Source=SPEAKER,Cue=CUE,Attribution="])
    assert run.exit_code == 0, run.output

    with Project.open(db) as project:
        [article_id] = project.article_ids()
        analysts = [info.analyst for info in project.layers()]
        assert analysts == list(annotators)
        data = curation.curation_input(project, article_id, analysts)
        al = curation.align(data)
        # every accepted span of every layer is in exactly one unit
        refs = [r for u in al.units for r in u.refs()]
        layer_spans = [s for a in analysts for s in data.layers[a].spans if s.status == Status.ACCEPTED]
        assert len(refs) == len(set(refs)) == len(layer_spans)
        assert al.disagreements_left() > 0 and any(not u.disagreement for u in al.units)
        project.apply(curation.accept_all_agreed(data, by="lead"), by="lead")
        first = curation.align(curation.curation_input(project, article_id, analysts)).ordered()[0]
        assert first.disagreement and not first.decided
        project.apply(curation.take(curation.curation_input(project, article_id, analysts), first.key, first.versions[0].analyst, by="lead"), by="lead")
        after = curation.align(curation.curation_input(project, article_id, analysts))
        assert after.unit(first.key).decision == curation.Decision.KEPT
        assert after.disagreements_left() < al.disagreements_left()
        kept = project.spans(article_id, statuses=[Status.ACCEPTED])
        assert kept and all(s.origin.startswith("analyst:") and s.attrs["curation"]["by"] == "lead" for s in kept)
        layer_ids = {s.id for s in layer_spans}
        assert not layer_ids & {s.id for s in kept}  # new gold records, never the layers' own

    out = tmp_path / "gold.jsonl"
    # the article is not curated yet (disagreements left): the gold export leaves it out, and says so
    run = CliRunner().invoke(cli, ["export", str(db), "--format", "jsonl", "--output", str(out)])
    assert run.exit_code == 0, run.output
    assert "left out: 1 × articles not curated yet" in run.output and out.read_text(encoding="utf-8") == ""
    run = CliRunner().invoke(cli, ["export", str(db), "--format", "jsonl", "--output", str(out), "--all-articles"])
    assert run.exit_code == 0, run.output
    [record] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(s["id"] for s in record["spans"]) == sorted(s.id for s in kept)
