"""usertest18 L5: a CSV whose header names two columns ``text`` imported the first as the article
and put the second in meta as "text" without a word; a JSON object naming a key twice keeps the
last value (Python's parser), also without a word. Both are refused now: one line naming the
file, the line and the names, exit 1, nothing written."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain.errors import InputError
from annotator.formats.common import parse_json
from annotator.storage.project import Project
from tests.formats.helpers import import_paths

pytestmark = pytest.mark.timeout(60)

ROW = "The harbour board said on Friday that the new quay would open in May."


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("header", "names", "columns"), [
    ("id,text,text", "'text'", "2 and 3"),
    ("text,id,Text ", "'text' and 'Text '", "1 and 3"),  # as the text column is found: case and spaces ignored
    ("source,text,source", "'source'", "1 and 3"),  # meta kept only the last source
])
def test_a_csv_header_naming_two_columns_alike_is_refused(project: Project, tmp_path: Path, header: str, names: str,
                                                           columns: str) -> None:
    path = _write(tmp_path, "two.csv", f"{header}\n1,\"{ROW}\",other words\n")
    with pytest.raises(InputError) as caught:
        import_paths(project, path)
    assert str(caught.value) == (f"{path}:1: names two columns {names} (columns {columns}); rename one in the header "
                                 "row so each column has its own name, then import again")
    assert project.count_articles() == 0
    # blank names are not names: a spreadsheet's trailing empty columns still import
    fixed = _write(tmp_path, "trailing.csv", f"id,text,,\n1,\"{ROW}\",,\n")
    assert import_paths(project, fixed).result.added == 1


def test_the_cli_refuses_a_repeated_csv_column_and_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    Project.open(db).close()
    before = hashlib.md5(db.read_bytes()).hexdigest()
    path = _write(tmp_path, "two.csv", f"text,text\n\"{ROW}\",second\n")
    ran = CliRunner().invoke(cli, ["import", str(db), str(path)])
    assert ran.exit_code == 1
    assert f"{path}:1: names two columns 'text' (columns 1 and 2)" in ran.stderr
    assert "Traceback" not in ran.output
    assert hashlib.md5(db.read_bytes()).hexdigest() == before


@pytest.mark.parametrize("line", [
    f'{{"text": "{ROW}", "text": "Another article entirely."}}',
    f'{{"text": "{ROW}", "spans": [{{"start": 0, "end": 3, "label": "ORG", "label": "LOC"}}]}}',  # nested too
])
def test_a_jsonl_line_naming_a_key_twice_is_refused(project: Project, tmp_path: Path, line: str) -> None:
    path = _write(tmp_path, "a.jsonl", f'{{"text": "Fine first line."}}\n{line}\n')
    with pytest.raises(InputError, match=r"a\.jsonl:2: names the key '(text|label)' twice in one JSON object \(only the "
                       r"last would be read\); keep one of them"):
        import_paths(project, path)
    assert project.count_articles() == 0
    # objects without a repeated key read as before, their keys in order
    assert list(parse_json('{"b": 1, "a": {"c": [1, {"d": 2}]}}', path, 1)) == ["b", "a"]


def test_a_json_array_record_naming_a_key_twice_is_refused(project: Project, tmp_path: Path) -> None:
    path = _write(tmp_path, "a.json", f'[\n{{"text": "Fine first record."}},\n{{"text": "{ROW}",\n "text": "x"}}\n]\n')
    with pytest.raises(InputError, match=r"a\.json:3: names the key 'text' twice"):
        import_paths(project, path)
    assert project.count_articles() == 0

