"""The formats and the data CLI never import Qt (style habit 1)."""

from __future__ import annotations

import subprocess
import sys


def test_formats_and_data_cli_do_not_import_qt() -> None:
    code = (
        "import sys\n"
        "import annotator.formats, annotator.formats.brat, annotator.formats.jsonl, annotator.formats.csvfmt\n"
        "import annotator.formats.conll, annotator.formats.spacy_docbin, annotator.formats.stream, annotator.cli.data\n"
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
