"""`annotator restore`: list a project's backups, put one back, or rebuild a damaged search index."""

from __future__ import annotations

from pathlib import Path

import click

from annotator.cli.params import PROJECT_FILE
from annotator.storage import backup as backups


@click.command("restore")
@click.argument("project", type=PROJECT_FILE)
@click.option("--list", "list_only", is_flag=True, help="List the backups, newest first, numbered for --backup.")
@click.option("--backup", "number", type=click.IntRange(min=1), default=None,
              help="Which backup to restore, by its number in --list (default: the newest taken by the window or "
              "before a merge, import --analyst or curate).")
@click.option("--rebuild-index", is_flag=True, help="Repair a damaged full-text search index instead (nothing else is changed).")
def restore_command(project: Path, list_only: bool, number: int | None, rebuild_index: bool) -> None:
    """Put a backup of PROJECT back in its place. The current file is backed up first, so a
    restore can itself be undone (it shows in --list as "before restore").

    Backups are taken by the window when it opens a project that changed since the last backup,
    and every 10 minutes while it changes, and by `merge`, `import --analyst` and `curate` (when it
    decides) before they change an existing file; the last 5 of each kind are kept in the user
    data folder. A restore is refused while another window or command has the project open.

    \b
    Examples:
      annotator restore news.db --list
      annotator restore news.db                 # the newest backup
      annotator restore news.db --backup 3
      annotator restore news.db --rebuild-index # a damaged search index, rebuilt from the articles
    """
    if rebuild_index:
        backups.rebuild_index(project)
        click.echo(f"Rebuilt the full-text search index of {project}; the file before the repair is kept as a backup.", err=True)
        return
    found = backups.list_backups(project)
    if list_only:
        if not found:
            click.echo(f"No backups of {project} in {backups.backup_folder(project)}.", err=True)
            return
        for n, item in enumerate(found, 1):
            click.echo(f"{n:>3}  {item.describe()}  {item.path}")
        return
    if not found:
        raise backups.BackupError(f"{project}: has no backups (they are kept in {backups.backup_folder(project)})")
    if number is None:
        # fix11p: the newest the window or a command (merge, import --analyst, curate) took; never a
        # copy of the file as it was before a restore or repair (that would undo the restore)
        chosen = next((b for b in found if b.kind in backups.RESTORABLE), found[0])
    elif number > len(found):
        raise backups.BackupError(f"{project}: has {len(found)} backups; pick one of 1-{len(found)} ('annotator restore {project} --list')")
    else:
        chosen = found[number - 1]
    before = backups.restore(project, chosen)
    click.echo(f"Restored {project} to the backup of {chosen.when}; the file as it was is kept as {before.path}.", err=True)


def register(group: click.Group) -> None:
    group.add_command(restore_command)


def database_error_line(exc: BaseException, args: list[str]) -> str:
    """The one line for a ``sqlite3.DatabaseError`` that escaped a command: the project files
    named on the command line are checked (``quick_check`` and FTS5's ``integrity-check``) and
    the first damaged one is named with its newest good backup and the ``annotator restore``
    command; a locked or read-only file is said to be so."""
    import contextlib
    import sqlite3

    from annotator.storage.health import check_file
    from annotator.storage.project import SQLITE_HEADER, damaged_error

    files = []
    for arg in args:
        path = Path(arg)
        with contextlib.suppress(OSError):
            if not arg.startswith("-") and path.is_file() and path.open("rb").read(16) == SQLITE_HEADER:
                files.append(path)
    detail = str(exc)
    for path in files:
        try:
            with contextlib.closing(sqlite3.connect(path, timeout=1)) as conn:
                health = check_file(conn, index_contents=True)
        except sqlite3.DatabaseError as check_exc:
            return str(damaged_error(path, str(check_exc)))
        if not health.ok:
            return str(damaged_error(path, detail, health))
    if files:
        line = str(damaged_error(files[0], detail))
        if "damaged" not in line:
            return line  # locked, read-only
        return (f"{files[0]}: SQLite failed ({detail}) though a check finds no damage; try again, and if it "
                f"fails again restore a backup ('annotator restore {files[0]} --list')")
    return f"SQLite failed ({detail}); no project file on the command line to check"
