"""PolNeAR articles that several annotators annotated, read as one analyst per annotator
(the suffix of the .ann name), for agreement tests and measurements on real data.

Read with the project's own brat reader and the documented label map (docs/formats.md,
"Events with a quote argument"): Content → QUOTE, Source → SPEAKER, Cue → CUE.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from annotator.agreement.from_project import layer_from_bundle
from annotator.agreement.inputs import ArticleLayer
from annotator.domain.schema import default_schema
from annotator.formats.brat_read import read_pair
from annotator.formats.common import ImportOptions

LABEL_MAP = {"Content": "QUOTE", "Source": "SPEAKER", "Cue": "CUE", "Attribution": "", "Attribution-no-source": ""}


def multi_annotated(split: Path) -> dict[str, dict[str, ArticleLayer]]:
    """``{annotator: {article name: layer}}`` for the articles of ``split`` with ≥ 2 .ann files."""
    by_article: dict[str, list[Path]] = defaultdict(list)
    for ann in sorted((split / "attributions").glob("*.ann")):
        by_article[ann.stem.rsplit("_", 1)[0]].append(ann)
    schema = default_schema()
    options = ImportOptions(label_map=LABEL_MAP, schema=schema)
    team: dict[str, dict[str, ArticleLayer]] = defaultdict(dict)
    for name, files in by_article.items():
        if len(files) < 2:
            continue
        for ann in files:
            bundle = read_pair(ann, options, txt=split / "text" / f"{name}.txt")
            team[ann.stem.rsplit("_", 1)[1]][name] = layer_from_bundle(bundle, schema)
    return dict(team)
