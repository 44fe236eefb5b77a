"""The wheel carries the runtime resources (schema, sample articles, icon): an editable install
would hide a missing package-data entry, so build the real wheel and look inside."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_contains_resources(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("annotator-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in (
        "annotator/resources/schema.json",
        "annotator/resources/first_names.tsv",  # person_gender reads it
        "annotator/resources/annotator.svg",
        "annotator/resources/annotator.desktop",
        "annotator/resources/sample/articles.json",
        "annotator/cli/__init__.py",
    ):
        assert expected in names, expected
    catalogue = ROOT / "resources" / "sample" / "articles.json"
    import json

    for name, info in json.loads(catalogue.read_text(encoding="utf-8")).items():
        # real data ("shared") stays in ../shared/data: never in the project, so never in the wheel
        assert (f"annotator/resources/sample/{name}" in names) != bool(info.get("shared")), name
