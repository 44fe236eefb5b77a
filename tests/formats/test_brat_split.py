"""brat13b (issue 12): a brat export written by two processes into one folder is the one-process
export byte for byte (names, .txt, .ann, annotation.conf, report); a cancel or a failing part
leaves the previous export whole."""

from __future__ import annotations

import filecmp
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.domain.model import Article, ArticleBundle, ArticleStatus, Relation, Span, Status
from annotator.formats import brat_write, stream_pool
from annotator.formats.common import ExportReport
from annotator.formats.layers import gold_bundles
from annotator.formats.stream import statuses_for
from annotator.storage.project import Project
from tests.formats.helpers import Cancelled, cancel_after

pytestmark = pytest.mark.timeout(120)

LABELS = ["PERSON", "ORG", "GROUP X", "PLACE"]


def _bundle(n: int, file: str = "") -> ArticleBundle:
    """Article ``n``: a few spans of several statuses and labels (some only in the later articles:
    annotation.conf lists them in first-seen order), a span over a line break, a link."""
    text = f"Note {n}: Dana met the board\r\nof Rivermill on day {n}.\n"
    spans = [
        Span(id=f"a{n}", article_id=0, start=text.index("Dana"), end=text.index("Dana") + 4, label=LABELS[n % 2], layer="entity"),
        Span(id=f"b{n}", article_id=0, start=text.index("board"), end=text.index("Rivermill") + 9,
             label=LABELS[2 + (n > 25)], layer="entity", status=Status.SUGGESTED if n % 3 else Status.ACCEPTED),
        Span(id=f"c{n}", article_id=0, start=text.index("day"), end=text.index("day") + 3, label="DAY", layer="entity",
             status=Status.REJECTED, attrs={"note": "mine"} if n % 4 == 0 else {}),
    ]
    relations = [Relation(id=f"r{n}", article_id=0, head=f"a{n}", child=f"b{n}", label="MEETS" if n < 30 else "MEETS LATE")]
    return ArticleBundle(article=Article(id=None, text=text, meta={"file": file} if file else {}), spans=spans, relations=relations)


@pytest.fixture(scope="module")
def project_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """40 articles. Article 3's file was named, by an earlier export, as article 38's own name
    would be: article 38 (in the second process's part) must become ``000038-clash-2`` as in one
    process, not collide; one article is marked done."""
    path = tmp_path_factory.mktemp("bratsplit") / "p.db"
    project = Project.open(path)
    try:
        bundles = [_bundle(n, file={3: "000038-clash.txt", 38: "clash.txt"}.get(n, "")) for n in range(1, 41)]
        ids = project.import_bundles(bundles).article_ids
        assert ids[2] == 3 and ids[37] == 38
        project.set_article_status(ids[5], ArticleStatus.DONE)
    finally:
        project.close()
    return path


def _split_export(project: Project, folder: Path, statuses: list[Status] | None, **kw) -> ExportReport:
    split = stream_pool.plan(project, "brat", total=project.count_articles(), every_article=True, min_articles=2)
    assert split is not None and split.head and split.tail and split.first_id <= 38
    return brat_write.write_split(project, split, folder, statuses, **kw)


def _same_folders(a: Path, b: Path) -> None:
    names = sorted(p.name for p in a.iterdir())
    assert names == sorted(p.name for p in b.iterdir())
    _, mismatch, errors = filecmp.cmpfiles(a, b, names, shallow=False)
    assert mismatch == [] and errors == []


@pytest.mark.parametrize("status", ["accepted", "all"])
def test_split_brat_is_the_one_process_export(project_path: Path, tmp_path: Path, status: str) -> None:
    statuses = statuses_for(status)
    with Project.open(project_path, create=False) as project:
        chosen = ExportReport()
        want = brat_write.write(gold_bundles(project, statuses, chosen), tmp_path / "one")
        want.remarks.extend(chosen.remarks)
        seen: list[int] = []
        got = _split_export(project, tmp_path / "two", statuses, progress=seen.append)
    _same_folders(tmp_path / "one", tmp_path / "two")
    assert (tmp_path / "two" / "000038-clash-2.txt").exists() and (tmp_path / "two" / "000038-clash.txt").exists()
    conf = (tmp_path / "two" / "annotation.conf").read_text(encoding="utf-8")
    assert conf.index("GROUP_X") < conf.index("PLACE")  # the second part's label after the first part's
    assert got == want and list(got.left_out) == list(want.left_out)
    assert seen[-1] == 40
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one", "two"]  # no temporary folder left


def test_split_brat_passes_bratcheck(project_path: Path, tmp_path: Path) -> None:
    checker = Path("/work/shared/tools/bratcheck.py")
    if not checker.exists():
        pytest.skip("bratcheck.py is not on this machine")
    with Project.open(project_path, create=False) as project:
        _split_export(project, tmp_path / "out", None)
    done = subprocess.run([sys.executable, str(checker), str(tmp_path / "out"), "--universal-newlines"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_cancelled_split_brat_export_leaves_the_previous_one(project_path: Path, tmp_path: Path) -> None:
    check = cancel_after(5)
    target = tmp_path / "out"
    with Project.open(project_path, create=False) as project:
        _split_export(project, target, None)
        before = {p.name: p.read_bytes() for p in target.iterdir()}
        with pytest.raises(Cancelled):
            _split_export(project, target, statuses_for("all"), check=check)
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
    import multiprocessing

    assert not [p for p in multiprocessing.active_children() if p.name == "annotator-export-part"]


def test_cli_brat_export_splits_and_matches_one_process(project_path: Path, tmp_path: Path, monkeypatch) -> None:
    from annotator.cli import main

    def export(out: Path, processes: str) -> None:
        monkeypatch.setenv(stream_pool.ENV, processes)
        with pytest.raises(SystemExit) as done:
            main(["export", str(project_path), "--format", "brat", "--status", "all", "--output", str(out)])
        assert done.value.code in (0, None)

    calls: list[int] = []
    real = brat_write.write_split
    monkeypatch.setattr(brat_write, "write_split", lambda *a, **k: calls.append(1) or real(*a, **k))
    import annotator.formats.brat as brat

    monkeypatch.setattr(brat, "write_split", brat_write.write_split)
    export(tmp_path / "one", "1")
    assert calls == []
    export(tmp_path / "two", "2")
    assert calls == [1]
    _same_folders(tmp_path / "one", tmp_path / "two")
