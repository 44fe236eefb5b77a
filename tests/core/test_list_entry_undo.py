"""Undo of adding a list entry whose name articles already used (user-test finding 6)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain import project_lists
from annotator.domain.edits import Change, Edit
from annotator.domain.model import Article, Tag
from annotator.storage.project import EditConflict, Project


def _tagged(project: Project, name: str) -> list[int]:
    ids = [project.add_article(Article(None, f"Article {n}."))[0].id for n in range(2)]
    project.apply(Edit("Tag", tuple(Change(None, Tag(f"t{n}", aid, name)) for n, aid in enumerate(ids))))
    return ids


def test_undo_of_adding_a_tag_already_in_use_goes_through(tmp_path: Path) -> None:
    with Project.open(tmp_path / "p.db") as project:
        _tagged(project, "missile defence")
        added = project.apply(project_lists.add_tag(project.tag_entries(), "missile defence"))
        assert [e.name for e in project.tag_entries()] == ["missile defence"]
        project.undo(added)
        assert project.tag_entries() == []
        assert len(project.list_uses(type(added.changes[0].after), "missile defence")) == 2
        project.redo(added)
        assert [e.name for e in project.tag_entries()] == ["missile defence"]


def test_deleting_an_entry_used_elsewhere_meanwhile_is_still_refused(tmp_path: Path) -> None:
    with Project.open(tmp_path / "p.db") as project:
        added = project.apply(project_lists.add_tag(project.tag_entries(), "missile defence"))
        entry = added.changes[0].after
        delete = project_lists.delete(project.tag_entries(), entry, [])  # built while unused
        _tagged(project, "missile defence")  # another window tags two articles meanwhile
        with pytest.raises(EditConflict, match="is used by 2 articles now"):
            project.apply(delete)
        assert [e.name for e in project.tag_entries()] == ["missile defence"]
