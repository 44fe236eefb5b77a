"""Damaged, read-only and not-yet-project files (issue 8), backups and restore, in the storage layer."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

import pytest

from annotator.domain import commands
from annotator.domain.errors import ProjectFileError
from annotator.domain.model import Article
from annotator.storage import backup as backups
from annotator.storage import project as project_module
from annotator.storage.health import check_file, check_index
from annotator.storage.project import DamagedProjectError, Project
from tests.core.damage import dump, listing, make_project, project_in_folder, write_garbage


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return project_in_folder(tmp_path)


# ----------------------------------------------------------------------------- damage


def test_a_damaged_search_index_is_found_on_open_and_the_newest_good_backup_named(path: Path) -> None:
    good = backups.snapshot(path)
    write_garbage(path, "articles_fts_data")
    with pytest.raises(DamagedProjectError) as caught:
        Project.open(path)
    message = str(caught.value)
    assert "\n" not in message
    assert "search index is damaged" in message
    assert f"annotator restore {path} --rebuild-index" in message and f"'annotator restore {path}'" in message
    assert str(good.path) in message
    assert caught.value.health.index_only and caught.value.backup == good


def test_opening_a_damaged_file_leaves_the_folder_as_it_was(path: Path) -> None:
    write_garbage(path, "articles_fts_data")
    before = listing(path.parent)
    with pytest.raises(DamagedProjectError):
        Project.open(path, create=False)
    assert listing(path.parent) == before


@pytest.mark.parametrize("whole", [True, False], ids=["whole-page", "cell-contents"])
def test_rebuilding_the_index_repairs_it_and_keeps_every_record(path: Path, whole: bool) -> None:
    records = dump(path)
    write_garbage(path, "articles_fts_data", whole=whole)
    with contextlib.closing(sqlite3.connect(path)) as conn:
        found = check_file(conn, index_contents=True)
    assert found.index_only, found
    backups.rebuild_index(path)
    assert dump(path) == records  # rowids, decisions and the change log exactly as they were
    with Project.open(path) as project:
        assert project.search("zebra7") == [8]
        assert len(project.search("minister")) == 12
        project.add_article(Article(None, "A new article about the minister."))  # import goes through the index triggers
        assert len(project.search("minister")) == 13
        assert check_file(project.db.conn, index_contents=True).ok
    assert [b.kind for b in backups.list_backups(path)] == ["before-repair"]


def test_damage_beyond_the_index_is_not_rebuilt_but_a_backup_restores_it(path: Path) -> None:
    good = backups.snapshot(path)
    records = dump(path)
    write_garbage(path, "spans")
    with contextlib.closing(sqlite3.connect(path)) as conn:
        found = check_file(conn)
        assert not found.ok and not found.index_only and "spans" in found.damaged
        assert check_index(conn).ok  # what opening checks: the damage shows at the first read of spans
    with pytest.raises(backups.BackupError, match="beyond the search index"):
        backups.rebuild_index(path)
    with pytest.raises(DamagedProjectError, match="spans is damaged") as caught:  # never replaces a good backup
        backups.snapshot(path, only_if_changed=False)
    assert caught.value.backup == good
    assert backups.list_backups(path) == [good]
    before = backups.restore(path, good)
    assert dump(path) == records
    assert before.kind == "before-restore" and before.path.read_bytes() != good.path.read_bytes()
    with Project.open(path) as project:
        assert len(project.spans(1)) == 2


# ----------------------------------------------------------------------------- backups


def _edit(path: Path) -> None:
    """One new span in article 1, after the spans already there."""
    with Project.open(path) as project:
        start = 40 + 20 * len(project.spans(1))
        project.apply(commands.add_span(commands.records(project.spans(1), project.relations(1)),
                                        article_id=1, start=start, end=start + 5, label="PERSON", layer="entity"), by="ana")


def test_a_backup_is_taken_only_when_the_project_changed_and_the_last_five_are_kept(path: Path) -> None:
    first = backups.snapshot(path)
    assert first is not None and backups.snapshot(path) is None  # nothing changed since
    taken = [first]
    for _ in range(6):
        _edit(path)
        taken.append(backups.snapshot(path))
    kept = backups.list_backups(path)
    assert [b.path for b in kept] == [b.path for b in reversed(taken)][:backups.KEEP]
    assert not first.path.exists()
    with contextlib.closing(backups.read_only_connection(kept[0].path, immutable=True)) as conn:
        assert conn.execute("SELECT count(*) FROM spans").fetchone()[0] == 12 * 2 + 6


def test_two_projects_of_the_same_name_never_share_backups(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    make_project(tmp_path / "a" / "news.db", articles=2).close()
    make_project(tmp_path / "b" / "news.db", articles=3).close()
    backups.snapshot(tmp_path / "a" / "news.db")
    backups.snapshot(tmp_path / "b" / "news.db")
    folder_a, folder_b = backups.backup_folder(tmp_path / "a" / "news.db"), backups.backup_folder(tmp_path / "b" / "news.db")
    assert folder_a != folder_b and folder_a.name.startswith("news-")
    [a], [b] = backups.list_backups(tmp_path / "a" / "news.db"), backups.list_backups(tmp_path / "b" / "news.db")
    assert a.path.parent == folder_a and b.path.parent == folder_b


def test_restore_puts_the_chosen_backup_back_and_keeps_the_current_file(path: Path) -> None:
    old = backups.snapshot(path)
    old_records = dump(path)
    _edit(path)
    new_records = dump(path)
    before = backups.restore(path, old)
    assert dump(path) == old_records
    assert dump(before.path) == new_records  # the restore itself can be undone
    assert backups.restore(path, before)  # … like this
    assert dump(path) == new_records


def test_restore_is_refused_while_another_connection_has_the_file_open(path: Path) -> None:
    old = backups.snapshot(path)
    _edit(path)
    with Project.open(path) as other_window:
        bytes_before = path.read_bytes()
        assert backups.in_use_elsewhere(path)
        with pytest.raises(backups.BackupError, match="open in another window"):
            backups.restore(path, old)
        assert other_window.spans(1)  # still usable
        assert path.read_bytes() == bytes_before
    assert not backups.in_use_elsewhere(path)
    assert [b.kind for b in backups.list_backups(path)] == ["auto"]


# ----------------------------------------------------------------------------- files that are not projects yet


def _empty_sqlite(path: Path) -> None:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA user_version = 0")
        conn.execute("CREATE TABLE t (x)")
        conn.execute("DROP TABLE t")
        conn.commit()


@pytest.mark.parametrize("kind", ["zero-bytes", "sqlite-without-tables"])
def test_only_creating_opens_make_an_empty_file_a_project(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "empty.db"
    path.write_bytes(b"") if kind == "zero-bytes" else _empty_sqlite(path)
    before = listing(tmp_path)
    with pytest.raises(ProjectFileError, match="make it one") as caught:
        Project.open(path, create=False)
    assert "\n" not in str(caught.value)
    assert listing(tmp_path) == before  # neither turned into a project nor -wal/-shm left behind
    with Project.open(path, create=True) as project:
        assert project.count_articles() == 0
    with Project.open(path, create=False) as project:
        assert project.schema.labels


def test_refusing_a_foreign_wal_database_leaves_no_wal_or_shm(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("CREATE TABLE invoices (id INTEGER)")
        conn.commit()
    before = listing(tmp_path)
    for create in (True, False):
        with pytest.raises(ProjectFileError, match="not an Annotator project"):
            Project.open(path, create=create)
        assert listing(tmp_path) == before


# ----------------------------------------------------------------------------- read-only files and folders


@pytest.fixture
def cannot_write(monkeypatch: pytest.MonkeyPatch):
    """``cannot_write(path)``: this process may no longer write ``path`` (works as root too,
    where ``os.access`` says yes to everything)."""
    denied: set[Path] = set()
    real = project_module.can_write
    monkeypatch.setattr(project_module, "can_write", lambda p: Path(p).resolve() not in denied and real(p))
    return lambda p: denied.add(Path(p).resolve())


def test_a_read_only_file_opens_read_only_and_reads(path: Path, cannot_write) -> None:
    cannot_write(path)
    records = dump(path)
    with Project.open(path) as project:
        assert project.read_only and "file is read-only" in project.read_only_reason
        assert project.stats()["articles_total"] == 12 and project.search("zebra3") == [4]
        assert len(list(project.bundles())) == 12
        with pytest.raises(project_module.ReadOnlyProjectError, match="read-only .*so saving an edit is not possible"):
            project.refuse_if_read_only("saving an edit")
        with pytest.raises(sqlite3.OperationalError, match="readonly"):  # SQLite itself writes nothing
            project.apply(commands.add_span(commands.records(()), article_id=1, start=0, end=5, label="PERSON", layer="entity"))
    assert dump(path) == records
    with pytest.raises(ProjectFileError, match="cannot be written .*file is read-only"):
        Project.open(path, read_only=False)


def test_a_read_only_folder_opens_immutable_and_creates_no_shm(path: Path, cannot_write) -> None:
    cannot_write(path.parent)
    before = listing(path.parent)
    with Project.open(path, create=False) as project:
        assert project.read_only and "folder" in project.read_only_reason
        assert project.stats()["articles_total"] == 12
    assert listing(path.parent) == before


def test_a_new_project_in_a_read_only_folder_is_refused(tmp_path: Path, cannot_write) -> None:
    cannot_write(tmp_path)
    with pytest.raises(ProjectFileError, match="cannot be created"):
        Project.open(tmp_path / "new.db")
    assert list(tmp_path.iterdir()) == []


def _as_unprivileged() -> list[str] | None:
    """The command prefix that runs a program without the right to ignore file permissions: none
    for a normal user; as root (CI), ``setpriv`` dropping CAP_DAC_OVERRIDE and friends; None when
    that is not possible here."""
    if os.geteuid() != 0:
        return []
    import shutil

    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    return [setpriv, "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search,-fowner"]


@pytest.mark.skipif(os.name != "posix", reason="chmod semantics")
@pytest.mark.parametrize("what", ["file", "folder"])
def test_real_permissions_without_monkeypatching(tmp_path: Path, what: str) -> None:
    """The real thing: a chmod-ed file or folder, read by `annotator stats` and refused by
    `annotator import` in a process that may not write them (as root: with the capabilities that
    bypass permissions dropped)."""
    import subprocess
    import sys

    prefix = _as_unprivileged()
    if prefix is None:
        pytest.skip("running as root without setpriv: permissions cannot be made to apply")
    folder = tmp_path / "ro"
    folder.mkdir()
    make_project(folder / "news.db", articles=2).close()
    (tmp_path / "new.txt").write_text("A new article.", encoding="utf-8")
    os.chmod(folder / "news.db", 0o444)
    if what == "folder":
        os.chmod(folder, 0o555)
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root), "ANNOTATOR_HOME": str(tmp_path / "home")}

    def annotator(*args: str) -> subprocess.CompletedProcess[str]:
        code = "import sys; from annotator.cli import main; main(sys.argv[1:])"
        return subprocess.run([*prefix, sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=60, env=env)

    try:
        if what == "folder":
            before = listing(folder)
        stats = annotator("stats", str(folder / "news.db"), "--json")
        assert stats.returncode == 0, stats.stderr
        assert '"articles_total": 2' in stats.stdout
        refused = annotator("import", str(folder / "news.db"), str(tmp_path / "new.txt"))
        assert refused.returncode == 1
        assert refused.stderr.count("\n") == 1 and "cannot be written" in refused.stderr and "Traceback" not in refused.stderr
        assert ("file is read-only" if what == "file" else "folder") in refused.stderr
        if what == "folder":
            assert listing(folder) == before  # immutable: not even a -shm
    finally:
        os.chmod(folder, 0o755)
        os.chmod(folder / "news.db", 0o644)
