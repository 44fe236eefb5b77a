from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.domain.errors import InputError
from annotator.domain.model import ArticleStatus, Status
from annotator.storage.project import Project
from tests.formats.conftest import UNICODE_TEXT, find
from tests.formats.helpers import export_jsonl, import_paths, records


def write_lines(path: Path, *items: object) -> Path:
    path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
    return path


def test_export_import_export_is_identical(filled: Project, tmp_path: Path) -> None:
    first = export_jsonl(filled)  # statuses all
    line = records(first)[0]
    for record in (*line["spans"], *line["relations"], *line["doc"]["stances"]):
        assert {"status", "origin", "by", "created", "updated"} <= record.keys() and record["created"] and record["updated"]
    assert all(tag["created"] for tag in line["doc"]["tags"])
    (tmp_path / "a.jsonl").write_text(first, encoding="utf-8")
    with Project.open(tmp_path / "copy.db") as copy:
        import_paths(copy, tmp_path / "a.jsonl")
        assert export_jsonl(copy) == first


def test_export_keys_follow_prodigy_and_ours(filled: Project) -> None:
    line = records(export_jsonl(filled))[0]
    assert list(line) == ["id", "title", "text", "meta", "publisher", "url", "published", "status", "spans", "relations", "doc"]
    span = line["spans"][0]
    assert set(span) == {"id", "start", "end", "text", "label", "layer", "status", "origin", "by", "created", "updated", "attrs",
                         "token_start", "token_end"}
    relation = line["relations"][0]
    assert relation["head_span"].keys() == {"start", "end", "label"}
    assert {"by", "created", "updated"} <= relation.keys()
    assert {s["id"] for s in line["spans"]} >= {relation["head"], relation["child"]}
    [tag] = line["doc"]["tags"]
    assert (tag["tag"], tag.keys()) == ("world", {"id", "tag", "origin", "by", "created"})


def test_spans_export_the_exact_unicode_text(filled: Project) -> None:
    line = records(export_jsonl(filled))[0]
    assert line["text"] == UNICODE_TEXT
    for span in line["spans"]:
        assert span["text"] == UNICODE_TEXT[span["start"] : span["end"]]
    assert {s["text"] for s in line["spans"]} >= {"😄", "Ni hao 北京", "Cafe\u0301", "owner\u00a0Ana"}


def test_token_offsets_cover_the_span(filled: Project) -> None:
    line = records(export_jsonl(filled))[0]
    from annotator.formats.common import tokenizer

    doc = tokenizer()(line["text"])
    for span in line["spans"]:
        covered = doc[span["token_start"] : span["token_end"] + 1]
        assert covered.start_char <= span["start"] and span["end"] <= covered.end_char


@pytest.mark.parametrize(("status", "expected"), [("accepted", {"accepted"}), ("suggested", {"suggested"}), ("all", {"accepted", "suggested"})])
def test_status_filter(filled: Project, status: str, expected: set[str]) -> None:
    line = records(export_jsonl(filled, status))[0]
    assert {s["status"] for s in line["spans"]} == expected


def test_tokens_list_is_opt_in(filled: Project) -> None:
    import io

    from annotator.formats import jsonl
    from annotator.formats.stream import iter_bundles

    out = io.StringIO()
    jsonl.write(iter_bundles(filled), out, tokens=True)
    line = records(out.getvalue())[0]
    assert line["tokens"][0] == {"text": "Smiley", "start": 0, "end": 6, "id": 0, "ws": True}
    assert "tokens" not in records(export_jsonl(filled))[0]


def test_plain_lines(project: Project, tmp_path: Path) -> None:
    path = write_lines(tmp_path / "plain.jsonl", {"text": "Headline\nBody.", "meta": {"source": "x"}}, {"text": "Other text."})
    result = import_paths(project, path).result
    assert result.added == 2
    article = project.article(result.article_ids[0])
    assert (article.title, article.meta) == ("Headline", {"source": "x"})


@pytest.mark.parametrize(
    ("answer", "span_status", "article_status"),
    [("accept", Status.ACCEPTED, ArticleStatus.DONE), ("reject", Status.REJECTED, ArticleStatus.DONE), ("ignore", Status.SUGGESTED, ArticleStatus.NEW)],
)
def test_prodigy_answer_sets_status(project: Project, tmp_path: Path, answer: str, span_status: Status, article_status: ArticleStatus) -> None:
    text = "Alice Smith met Bob."
    task = {"text": text, "spans": [{"start": 0, "end": 11, "label": "PERSON", "token_start": 0, "token_end": 1}],
            "answer": answer, "_input_hash": 1, "_task_hash": 2}
    result = import_paths(project, write_lines(tmp_path / "p.jsonl", task)).result
    [span] = project.spans(result.article_ids[0])
    assert (span.status, span.layer) == (span_status, "entity")
    assert project.article(result.article_ids[0]).status == article_status


def test_prodigy_relations_by_token_index(project: Project, tmp_path: Path) -> None:
    text = "Alice Smith said she agreed."
    tokens = [{"text": w, "start": s, "end": s + len(w), "id": i, "ws": True} for i, (w, s) in
              enumerate([("Alice", 0), ("Smith", 6), ("said", 12), ("she", 17), ("agreed", 21), (".", 27)])]
    task = {
        "text": text, "tokens": tokens, "answer": "accept",
        "spans": [{"start": 0, "end": 11, "label": "SPEAKER", "token_start": 0, "token_end": 1},
                  {"start": 17, "end": 27, "label": "QUOTE", "token_start": 3, "token_end": 4}],
        "relations": [{"head": 4, "child": 1, "label": "SPEAKER",
                       "head_span": {"start": 17, "end": 27, "token_start": 3, "token_end": 4, "label": "QUOTE"},
                       "child_span": {"start": 0, "end": 11, "token_start": 0, "token_end": 1, "label": "SPEAKER"}},
                      {"head": 4, "child": 1, "label": "SPEAKER"}],
    }
    result = import_paths(project, write_lines(tmp_path / "rel.jsonl", task)).result
    spans = {s.id: s.label for s in project.spans(result.article_ids[0])}
    [rel] = project.relations(result.article_ids[0])  # the second, by token index only, is the same link
    assert (spans[rel.head], spans[rel.child], rel.label) == ("QUOTE", "SPEAKER", "SPEAKER")


def test_label_map_applies_to_spans_and_relations(project: Project, tmp_path: Path) -> None:
    text = "Ann said hi."
    task = {"text": text, "spans": [{"id": "a", "start": 0, "end": 3, "label": "Source"}, {"id": "b", "start": 9, "end": 11, "label": "Content"}],
            "relations": [{"head": "b", "child": "a", "label": "Source"}]}
    result = import_paths(project, write_lines(tmp_path / "m.jsonl", task), label_map={"Source": "SPEAKER", "Content": "QUOTE"}).result
    spans = project.spans(result.article_ids[0])
    assert {(s.label, s.layer) for s in spans} == {("SPEAKER", "speaker"), ("QUOTE", "quote")}
    assert [r.label for r in project.relations(result.article_ids[0])] == ["SPEAKER"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"text": "abc"', "not valid JSON"),
        ('["text"]', "expected a JSON object"),
        ('{"meta": {}}', "no \"text\""),
        ('{"text": "abc", "spans": [{"start": 1, "end": 9, "label": "X"}]}', "outside the text"),
        ('{"text": "abc", "spans": [{"start": 0, "end": 2, "label": "X", "text": "bc"}]}', "says its text is"),
        ('{"text": "abc", "spans": [{"start": 0, "end": 2}]}', "has no label"),
        ('{"text": "abc", "relations": [{"head": "x", "child": "y", "label": "R"}]}', "not the id of a span"),
    ],
)
def test_bad_lines_name_file_and_line(project: Project, tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "fine"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=message) as info:
        import_paths(project, path)
    assert (info.value.path, info.value.line) == (str(path), 2)
    assert project.count_articles() == 0


def test_skip_errors_keeps_the_good_lines(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text('{"text": "one"}\nnot json\n{"text": "two"}\n', encoding="utf-8")
    report = import_paths(project, path, skip_errors=True)
    assert report.result.added == 2
    assert [e.line for e in report.skipped] == [2]


def test_reimport_merges_without_duplicates(filled: Project, tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(export_jsonl(filled), encoding="utf-8")
    before = filled.stats()
    result = import_paths(filled, tmp_path / "a.jsonl").result
    assert (result.added, result.duplicates, result.spans, result.relations) == (0, 3, 0, 0)
    assert filled.stats() == before


def test_span_offsets_found_by_find() -> None:
    assert UNICODE_TEXT[slice(*find(UNICODE_TEXT, "😄"))] == "😄"


def test_json_array_file(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "dump.json"
    path.write_text('[\n  {"text": "One."},\n  {"text": "Two.", "spans": [{"start": 0, "end": 3, "label": "X"}]}\n]\n', encoding="utf-8")
    result = import_paths(project, path).result
    assert (result.added, result.spans) == (2, 1)


@pytest.mark.parametrize(("content", "message", "line"), [("[\n{\"text\": 1}\n]", "no \"text\"", 2), ("[\n{\"text\": \"a\"},\n{oops}\n]", "not valid JSON", 3), ("[]", "empty JSON array", None)])
def test_bad_json_array(project: Project, tmp_path: Path, content: str, message: str, line: int | None) -> None:
    path = tmp_path / "dump.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message) as info:
        import_paths(project, path)
    assert info.value.line == line


def test_label_map_can_drop_a_label_and_its_relations(project: Project, tmp_path: Path) -> None:
    task = {"text": "Ann said hi.", "spans": [{"id": "a", "start": 0, "end": 3, "label": "Source"}, {"id": "b", "start": 9, "end": 11, "label": "Content"}],
            "relations": [{"head": "b", "child": "a", "label": "Source"}]}
    result = import_paths(project, write_lines(tmp_path / "d.jsonl", task), label_map={"Source": ""}).result
    assert [s.label for s in project.spans(result.article_ids[0])] == ["Content"]
    assert project.relations(result.article_ids[0]) == []


def test_a_record_is_one_line_whatever_line_breaks_its_strings_hold(tmp_path) -> None:  # noqa: ANN001
    """U+0085, U+2028 and U+2029 are line breaks to str.splitlines() and JavaScript: escaped."""
    import io
    import json

    from annotator.domain.model import Article, ArticleBundle
    from annotator.formats import jsonl

    text = "Line\x85next\u2028sep\u2029para\r\nend"
    out = io.StringIO()
    jsonl.write([ArticleBundle(Article(1, text, meta={"note": "\x85"}))], out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["text"] == text
