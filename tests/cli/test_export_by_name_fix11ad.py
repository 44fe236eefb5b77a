"""fix11ad (issue 11, fix11ac's loose end 4): a gold stance kept **by name** (``holder_span ""``
and the holder's name, as ben named it: usertest11n N1) is valid gold. Every export that carries
stances writes the holder's name and no dangling span id: JSONL (accepted gold and ``--status
all``) and DocBin ``doc.user_data["annotator"]["stances"]`` (both); CSV carries no stance and
says it left them out. Hand-written text (t20/t40's), no corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_curate_by_name_fix11ac import hm_files
from tests.cli.test_curate_stances_fix11y import TEXT, ok


@pytest.fixture()
def by_name_db(tmp_path: Path) -> Path:
    db = tmp_path / "p.db"
    a, b = hm_files(tmp_path)
    ok("import", db, a, "--analyst", "ana")
    ok("import", db, b, "--analyst", "ben")
    ok("curate", db, "--keep", "ben", "--article", "1")  # ben's version of the holder: no Maria span
    assert "(article curated)" in ok("curate", db, "--accept-agreed")
    return db


def _check(stances: list[dict], span_ids: set[str]) -> None:
    maria = [s for s in stances if s["holder"] == "Maria Okafor"]
    assert [(s["holder"], s["holder_span"], s["status"]) for s in maria] == [("Maria Okafor", "", "accepted")], stances
    for s in stances:  # no stance names a span the record does not hold; a holder is named one way or the other
        assert s["holder_span"] in span_ids | {""}, (s, span_ids)
        assert s["evidence"] in span_ids | {""}, (s, span_ids)
        assert s["holder"].strip() or s["holder_span"], s


@pytest.mark.parametrize("status", [(), ("--status", "all")])
def test_jsonl_writes_the_holders_name_and_no_dangling_span(by_name_db: Path, status: tuple[str, ...]) -> None:
    out = ok("export", by_name_db, "--format", "jsonl", *status, "--output", "-")
    (record,) = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    _check(record["doc"]["stances"], {s["id"] for s in record["spans"]})
    quote = next(s for s in record["spans"] if TEXT[s["start"]:s["end"]] == '"The harbour,"')
    assert next(s for s in record["doc"]["stances"] if s["holder"] == "Maria Okafor")["evidence"] == quote["id"]


@pytest.mark.parametrize("status", [(), ("--status", "all")])
def test_docbin_user_data_writes_the_holders_name_and_no_dangling_span(by_name_db: Path, tmp_path: Path,
                                                                       status: tuple[str, ...]) -> None:
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    out = tmp_path / "gold.spacy"
    ok("export", by_name_db, "--format", "spacy", *status, "--output", out)
    (doc,) = DocBin().from_disk(out).get_docs(spacy.blank("en").vocab)
    data = doc.user_data["annotator"]
    _check(data["stances"], {s["id"] for s in data["spans"].values()})


def test_csv_carries_no_stance_and_says_so(by_name_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "gold.csv"
    said = ok("export", by_name_db, "--format", "csv", "--output", out)
    assert "stances" in said and "left out" in said, said
    assert "Maria Okafor" not in out.read_text(encoding="utf-8").split("\n", 1)[0]  # no stance column
