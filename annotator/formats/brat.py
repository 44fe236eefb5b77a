"""brat standoff: ``.txt`` + ``.ann`` pairs (what brat and INCEpTION read and write).

Reading is in :mod:`annotator.formats.brat_read`, writing in :mod:`annotator.formats.brat_write`,
what brat's own reader does to a text (universal newlines, byte-order mark, line breaks) in
:mod:`annotator.formats.brat_text`. ``docs/formats.md`` (section brat) says what every line
becomes and what an export can and cannot hold.
"""

from __future__ import annotations

from annotator.formats.brat_read import ann_for, read, read_pair, text_for
from annotator.formats.brat_text import PROVENANCE, STATUS_ATTR, BratOffsets
from annotator.formats.brat_write import ann_lines, brat_name, conf_text, file_stem, write, write_split

__all__ = [
    "PROVENANCE", "STATUS_ATTR", "BratOffsets", "ann_for", "ann_lines", "brat_name", "conf_text", "file_stem", "read",
    "read_pair", "text_for", "write", "write_split",
]
