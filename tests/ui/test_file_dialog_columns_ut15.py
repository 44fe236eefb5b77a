"""usertest14 F8: the Import/Export file dialogs (Qt's widget dialog) showed the Size column cut
("23....MiB") and the Type column cut: Qt sizes them for "128.88 GB". Every file dialog of the
window is made by ``file_dialogs._dialog``: its detail columns are as wide as what they show,
the name column takes the rest, and the dialog opens at least ``MIN_SIZE``."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QTreeView

from annotator.ui import file_dialogs

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Windows keeps the native dialog")


def test_the_detail_columns_show_whole_sizes_and_types(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    folder = tmp_path / "in"
    folder.mkdir()
    with open(folder / "wire-stories-for-the-night-desk.csv", "wb") as fh:
        fh.truncate(23_456_789)  # sparse: "22.37 MiB" without writing it
    with open(folder / "archive.jsonl", "wb") as fh:
        fh.truncate(123_456_789)
    dialog = file_dialogs._dialog(None, "Import", str(folder), "All files (*)")
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    qtbot.addWidget(dialog)
    dialog.show()
    tree = dialog.findChild(QTreeView, "treeView")
    model, root = tree.model(), tree.rootIndex()
    qtbot.waitUntil(lambda: tree.model().rowCount(tree.rootIndex()) == 2, timeout=5000)
    qtbot.waitUntil(lambda: all(model.index(r, 1, tree.rootIndex()).data() for r in range(2)), timeout=5000)
    root = tree.rootIndex()
    assert "MiB" in str(model.index(0, 1, root).data())
    header = tree.header()
    for column in (1, 2, 3):
        qtbot.waitUntil(lambda c=column: header.sectionSize(c) >= tree.sizeHintForColumn(c), timeout=3000)
        texts = [str(model.index(r, column, root).data()) for r in range(2)]
        widest = max(tree.fontMetrics().horizontalAdvance(t) for t in texts)
        assert header.sectionSize(column) > widest, (column, texts, header.sectionSize(column))
    assert dialog.width() >= file_dialogs.MIN_SIZE[0] and dialog.height() >= file_dialogs.MIN_SIZE[1]
    dialog.close()
