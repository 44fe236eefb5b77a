"""What ``annotator train`` would train on, read from the project file without spaCy: the counts
the window's Train dialog shows before the analyst starts (the same rules as
:func:`annotator.nlp.train.reviewed_docs`: complete = done or reviewed; partial = any other article
with an entity an analyst accepted or rejected; accepted entities count per label), and the
trained pipelines found beside a project (folders holding ``annotator-training.json``)."""

from __future__ import annotations

import dataclasses
import json
import time
from collections import Counter
from pathlib import Path

from annotator.domain.model import Layer, Status
from annotator.nlp.train import COMPLETE_STATUSES, HELDOUT_PERCENT, MARKER, split_by_hash
from annotator.storage.project import Project


@dataclasses.dataclass(frozen=True, slots=True)
class TrainingSummary:
    """``labels``: entity label -> accepted entities in the reviewed articles; ``heldout``:
    how many reviewed articles the split holds out (by text hash, as training does)."""

    complete: int
    partial: int
    labels: dict[str, int]
    heldout: int
    heldout_percent: int = HELDOUT_PERCENT

    @property
    def articles(self) -> int:
        return self.complete + self.partial

    def nothing_to_train_on(self) -> str:
        """Why training would refuse, or '' when it can start."""
        if not self.articles or not self.labels:
            return ("Nothing to train on yet: no accepted entities in reviewed articles. Mark articles done "
                    "(Ctrl+Return) or accept or reject their entity suggestions first.")
        if self.articles < 2:
            return "Only 1 reviewed article: training needs at least 2 (one is held out to score the result)."
        return ""


def training_summary(project: Project) -> TrainingSummary:
    """Counts of the reviewed data (see the module docstring); one pass over the articles and their entity spans."""
    complete_values = [str(s) for s in COMPLETE_STATUSES]
    decided = {str(Status.ACCEPTED), str(Status.REJECTED)}
    rows = project.db.execute(
        "SELECT a.id, a.status, a.text_hash, s.label, s.status FROM articles a LEFT JOIN spans s "
        "ON s.article_id = a.id AND s.layer = ? ORDER BY a.id", [str(Layer.ENTITY)])
    articles: dict[int, tuple[bool, str]] = {}
    is_decided: set[int] = set()
    accepted: dict[int, Counter[str]] = {}
    for article_id, status, text_hash, label, span_status in rows:
        articles[article_id] = (status in complete_values, text_hash)
        if span_status in decided:
            is_decided.add(article_id)
        if span_status == str(Status.ACCEPTED):
            accepted.setdefault(article_id, Counter())[label] += 1
    reviewed = [i for i, (complete, _h) in articles.items() if complete or i in is_decided]
    labels: Counter[str] = Counter()
    for i in reviewed:
        labels.update(accepted.get(i, Counter()))
    heldout = len(split_by_hash([articles[i][1] for i in reviewed])[1]) if len(reviewed) >= 2 else 0
    complete = sum(1 for i in reviewed if articles[i][0])
    return TrainingSummary(complete, len(reviewed) - complete, dict(sorted(labels.items())), heldout)


@dataclasses.dataclass(frozen=True, slots=True)
class TrainedPipeline:
    """A finished ``annotator train`` output: its folder, when it was written (local time text),
    the held-out entity F1 (micro, 0..1) before and after, and the labels trained."""

    path: Path
    written: str
    f1_before: float | None
    f1_after: float | None
    labels: tuple[str, ...]

    def describe(self) -> str:
        scores = (f" · F1 {self.f1_before:.2f} → {self.f1_after:.2f}"
                  if self.f1_before is not None and self.f1_after is not None else "")
        return f"Trained: {self.path.name} · {self.written}{scores}"


def trained_pipelines(folder: Path) -> list[TrainedPipeline]:
    """The training outputs directly inside ``folder`` (a project's folder), newest first. A
    marker file that cannot be read is listed without scores (the folder may still load)."""
    found = []
    try:
        candidates = [p for p in folder.iterdir() if p.is_dir() and (p / MARKER).is_file()]
    except OSError:
        return []
    for path in candidates:
        marker = path / MARKER
        try:
            info = json.loads(marker.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            info = {}
        mtime = marker.stat().st_mtime
        before = (info.get("before") or {}).get("ALL", {}).get("f")
        after = (info.get("after") or {}).get("ALL", {}).get("f")
        found.append((mtime, TrainedPipeline(path.resolve(), time.strftime("%Y-%m-%d %H:%M", time.localtime(mtime)),
                                             before, after, tuple(info.get("labels") or ()))))
    return [t for _m, t in sorted(found, key=lambda pair: -pair[0])]
