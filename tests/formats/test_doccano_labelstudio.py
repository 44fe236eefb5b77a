"""doccano and Label Studio exports: imported with their spans, relations, statuses and annotators,
or refused naming the key — never "0 spans" and exit 0. Test files follow the shapes of doccano's
exporter (backend/data_export) and Label Studio's task format (labelstud.io/guide/task_format)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.domain.errors import InputError
from annotator.domain.model import ArticleStatus, Status
from annotator.formats import labelstudio
from annotator.formats.common import ImportOptions
from annotator.storage.project import Project
from tests.formats.helpers import import_paths


def spans_of(project: Project, article_id: int) -> list[tuple]:
    text = project.article(article_id).text
    return sorted((s.start, s.end, text[s.start : s.end], s.label, str(s.status), s.origin, s.by) for s in project.spans(article_id))


def relations_of(project: Project, article_id: int) -> list[tuple]:
    by_id = {s.id: s.label for s in project.spans(article_id)}
    return sorted((by_id[r.head], by_id[r.child], r.label, str(r.status), r.by) for r in project.relations(article_id))


def write_jsonl(path: Path, *records: dict) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


# ============================================================================ doccano


def test_doccano_sequence_labelling(project: Project, tmp_path: Path) -> None:
    source = write_jsonl(
        tmp_path / "doccano.jsonl",
        {"id": 7, "text": "UN praises Dutch plan to rebuild the harbour.", "label": [[0, 2, "ORG"], [11, 16, "MISC"]], "Comments": []},
        {"id": 8, "text": "Marta Velasquez", "labels": [[0, 15, "PERSON"]]},  # doccano 1.x key
    )
    result = import_paths(project, source).result
    assert (result.added, result.spans) == (2, 3)
    first, second = result.article_ids
    assert spans_of(project, first) == [(0, 2, "UN", "ORG", "accepted", "import:doccano", ""),
                                        (11, 16, "Dutch", "MISC", "accepted", "import:doccano", "")]
    assert [s.layer for s in project.spans(first)] == ["entity", "entity"]
    assert project.article(first).meta == {"id": 7, "Comments": []}
    assert project.article(first).status == ArticleStatus.DONE
    assert spans_of(project, second) == [(0, 15, "Marta Velasquez", "PERSON", "accepted", "import:doccano", "")]


def test_doccano_entities_and_relations(project: Project, tmp_path: Path) -> None:
    text = "Alice Smith said the plan works."
    record = {
        "id": 6400, "text": text, "Comments": [],
        "entities": [{"id": 1662, "label": "SPEAKER", "start_offset": 0, "end_offset": 11},
                     {"id": 1663, "label": "QUOTE", "start_offset": 17, "end_offset": 31},
                     {"id": 1664, "label": "CUE", "start_offset": 12, "end_offset": 16}],
        "relations": [{"id": 273, "from_id": 1663, "to_id": 1662, "type": "SPEAKER"},
                      {"id": 274, "from_id": 1663, "to_id": 1664, "type": "CUE"}],
    }
    [article_id] = import_paths(project, write_jsonl(tmp_path / "rel.jsonl", record)).result.article_ids
    assert [(s[0], s[1], s[3]) for s in spans_of(project, article_id)] == [(0, 11, "SPEAKER"), (12, 16, "CUE"), (17, 31, "QUOTE")]
    assert relations_of(project, article_id) == [("QUOTE", "CUE", "CUE", "accepted", ""), ("QUOTE", "SPEAKER", "SPEAKER", "accepted", "")]


def test_doccano_categories_become_tags(project: Project, tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "cats.jsonl", {"id": 1, "text": "Stocks fell sharply.", "label": ["economy", "markets"]},
                         {"id": 2, "text": "Book a flight.", "cats": ["booking"], "entities": []})
    first, second = import_paths(project, source).result.article_ids
    assert [t.tag for t in project.tags(first)] == ["economy", "markets"]
    assert [t.tag for t in project.tags(second)] == ["booking"]


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"text": "Alice spoke.", "label": [[0, 5]]}, '"label" must list [start, end, label] triples'),
        ({"text": "Alice spoke.", "label": [[0, 50, "PERSON"]]}, "lies outside the text"),
        ({"text": "Alice spoke.", "entities": [{"id": 1, "label": "P", "start": 0, "end": 5}]}, "an entity of \"entities\" has no 'end_offset'"),
        ({"text": "Alice spoke.", "entities": [{"id": 1, "label": 5, "start_offset": 0, "end_offset": 5}]}, '"entities[].label" must be a string'),
        ({"text": "Alice spoke.", "entities": [{"id": 1, "label": "P", "start_offset": 0, "end_offset": 5}],
          "relations": [{"id": 1, "from_id": 1, "to_id": 9, "type": "R"}]}, "to_id 9 is not the id of an entity"),
        ({"text": "Alice spoke.", "entities": "Alice"}, '"entities" must be a list, not str'),
        ({"text": "Alice spoke.", "label": [[0, 5, "P"]], "annotations": []}, "has a key 'annotations'"),
    ],
)
def test_bad_doccano_is_refused_naming_the_key(project: Project, tmp_path: Path, record: dict, message: str) -> None:
    source = write_jsonl(tmp_path / "bad.jsonl", {"text": "A good one."}, record)
    with pytest.raises(InputError) as info:
        import_paths(project, source)
    assert message in str(info.value) and (info.value.path, info.value.line) == (str(source), 2)
    assert project.count_articles() == 0


# ============================================================================ Label Studio

# An emoji (two UTF-16 units) before the spans: Label Studio's positions are one ahead of ours.
LS_TEXT = "Smiley 😄 Müller said: \u201cNi hao 北京\u201d. Bob agreed."


def ls_region(region_id: str, start16: int, end16: int, text: str, label: str, **extra: object) -> dict:
    return {"id": region_id, "from_name": "label", "to_name": "text", "type": "labels", "origin": "manual",
            "value": {"start": start16, "end": end16, "text": text, "labels": [label]}, **extra}


def ls_task(**overrides: object) -> dict:
    task = {
        "id": 41, "project": 3, "inner_id": 1, "created_at": "2024-03-01T10:00:00.000000Z", "updated_at": "2024-03-02T10:00:00.000000Z",
        "data": {"text": LS_TEXT, "source": "wire"}, "meta": {},
        "annotations": [{
            "id": 9, "completed_by": 1, "was_cancelled": False, "ground_truth": False, "lead_time": 4.2,
            "created_at": "2024-03-02T09:00:00.000000Z", "updated_at": "2024-03-02T09:30:00.000000Z",
            "result": [
                ls_region("q", 24, 33, "Ni hao 北京", "QUOTE"),
                ls_region("s", 10, 16, "Müller", "SPEAKER"),
                ls_region("c", 17, 21, "said", "CUE", origin="prediction-changed"),
                {"type": "relation", "from_id": "q", "to_id": "s", "direction": "right", "labels": ["SPEAKER"]},
                {"type": "relation", "from_id": "c", "to_id": "q", "direction": "left", "labels": ["CUE"]},
                {"id": "k", "from_name": "topic", "to_name": "text", "type": "choices", "value": {"choices": ["world"]}},
            ],
        }],
        "predictions": [{
            "model_version": "ner v2", "score": 0.8, "created_at": "2024-03-01T11:00:00.000000Z",
            "result": [ls_region("p1", 36, 39, "Bob", "PERSON", origin="prediction", score=0.93, readonly=False, flag="x")],
        }],
    }
    task.update(overrides)
    return task


def write_json(path: Path, *tasks: dict) -> Path:
    path.write_text(json.dumps(list(tasks), ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def test_label_studio_export_spans_relations_and_who(project: Project, tmp_path: Path) -> None:
    [article_id] = import_paths(project, write_json(tmp_path / "ls.json", ls_task())).result.article_ids
    assert LS_TEXT[9:15] == "Müller"  # code points; Label Studio said [10, 16)
    assert spans_of(project, article_id) == [
        (9, 15, "Müller", "SPEAKER", "accepted", "analyst:1", "1"),
        (16, 20, "said", "CUE", "accepted", "ner v2", "1"),  # a prediction the analyst changed
        (23, 32, "Ni hao 北京", "QUOTE", "accepted", "analyst:1", "1"),
        (35, 38, "Bob", "PERSON", "suggested", "ner v2", ""),
    ]
    span = next(s for s in project.spans(article_id) if s.label == "QUOTE")
    assert (span.created, span.updated) == ("2024-03-02T09:00:00.000+00:00", "2024-03-02T09:30:00.000+00:00")  # as ours
    bob = next(s for s in project.spans(article_id) if s.label == "PERSON")
    assert bob.attrs == {"score": 0.93, "flag": "x"}  # a result key we do not read is kept; Label Studio's UI keys are not
    assert relations_of(project, article_id) == [("QUOTE", "CUE", "CUE", "accepted", "1"), ("QUOTE", "SPEAKER", "SPEAKER", "accepted", "1")]
    assert [t.tag for t in project.tags(article_id)] == ["world"]
    article = project.article(article_id)
    assert article.status == ArticleStatus.DONE
    annotation = {"id": 9, "completed_by": 1, "was_cancelled": False, "ground_truth": False, "lead_time": 4.2,
                  "created_at": "2024-03-02T09:00:00.000000Z", "updated_at": "2024-03-02T09:30:00.000000Z"}
    prediction = {"model_version": "ner v2", "score": 0.8, "created_at": "2024-03-01T11:00:00.000000Z"}
    assert article.meta == {"id": 41, "project": 3, "inner_id": 1, "created_at": "2024-03-01T10:00:00.000000Z",
                            "updated_at": "2024-03-02T10:00:00.000000Z", "meta": {}, "data": {"source": "wire"},
                            "_import": {"labelstudio_annotations": [annotation], "labelstudio_predictions": [prediction]}}  # fix41


def test_label_studio_user_object_and_cancelled_annotation(project: Project, tmp_path: Path) -> None:
    task = ls_task(predictions=[], annotations=[
        {"completed_by": {"id": 4, "email": "ana@example.org"}, "was_cancelled": False,
         "result": [ls_region("s", 10, 16, "Müller", "SPEAKER")]},
        {"completed_by": 5, "was_cancelled": True, "result": [ls_region("b", 36, 39, "Bob", "PERSON")]},
    ])
    [article_id] = import_paths(project, write_json(tmp_path / "ls.json", task)).result.article_ids
    assert spans_of(project, article_id) == [(9, 15, "Müller", "SPEAKER", "accepted", "analyst:ana@example.org", "ana@example.org"),
                                             (35, 38, "Bob", "PERSON", "suggested", "analyst:5", "5")]


def test_label_studio_only_predictions_leaves_the_article_new(project: Project, tmp_path: Path) -> None:
    [article_id] = import_paths(project, write_json(tmp_path / "ls.json", ls_task(annotations=[]))).result.article_ids
    assert project.article(article_id).status == ArticleStatus.NEW
    assert {s.status for s in project.spans(article_id)} == {Status.SUGGESTED}


def test_label_studio_code_point_offsets_verified_by_text_are_kept(project: Project, tmp_path: Path) -> None:
    task = ls_task(predictions=[], annotations=[{"completed_by": 1, "result": [ls_region("s", 9, 15, "Müller", "SPEAKER")]}])
    [article_id] = import_paths(project, write_json(tmp_path / "ls.json", task)).result.article_ids
    assert [s[:3] for s in spans_of(project, article_id)] == [(9, 15, "Müller")]


def test_label_studio_other_data_key_and_text_column(project: Project, tmp_path: Path) -> None:
    one = ls_task(data={"body": LS_TEXT}, predictions=[])
    [article_id] = import_paths(project, write_json(tmp_path / "one.json", one)).result.article_ids
    assert project.article(article_id).text == LS_TEXT
    two = ls_task(data={"body": "Other text.", "headline": "Hi"}, annotations=[], predictions=[])
    with pytest.raises(InputError, match="has no \"text\" and several string keys .*--text-column"):
        import_paths(project, write_json(tmp_path / "two.json", two))
    [other] = import_paths(project, write_json(tmp_path / "two.json", two), text_column="body").result.article_ids
    assert project.article(other).meta["data"] == {"headline": "Hi"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t["annotations"][0]["result"][0]["value"].update(text="Ni hao"), '"annotations[0].result[0].value.text" is \'Ni hao\''),
        (lambda t: t["annotations"][0]["result"][0]["value"].update(start=200, end=210, text=None), "lies outside the text"),
        (lambda t: t["annotations"][0]["result"].append({"type": "rectanglelabels", "value": {}}), '"annotations[0].result[6].type" is \'rectanglelabels\''),
        (lambda t: t["annotations"][0]["result"].append({"type": "relation", "from_id": "q", "to_id": "zz"}), "\"annotations[0].result[6].to_id\" 'zz'"),
        (lambda t: t["annotations"][0].update(completed_by=[1]), '"annotations[0].completed_by" must be a user id'),
        (lambda t: t["annotations"][0]["result"][1]["value"].update(labels="SPEAKER"), '"annotations[0].result[1].value.labels" must be a list'),
        (lambda t: t["data"].update(text=42), '"data.text" must be a string, not a number'),
        (lambda t: t.update(predictions={"result": []}), '"predictions" must be a list'),
        (lambda t: t["annotations"][0].update(created_at="yesterday"), '"annotations[0].created_at" is not an ISO 8601 time'),
    ],
)
def test_bad_label_studio_is_refused_naming_the_key(project: Project, tmp_path: Path, change, message: str) -> None:
    task = ls_task()
    change(task)
    source = write_json(tmp_path / "ls.json", ls_task(), task)
    with pytest.raises(InputError) as info:
        import_paths(project, source)
    assert message in str(info.value)
    assert info.value.path == str(source) and info.value.line == json.dumps([ls_task()], ensure_ascii=False, indent=2).count("\n") + 1
    assert project.count_articles() == 0


@settings(max_examples=60, deadline=None)
@given(text=st.text(st.characters(blacklist_categories=("Cs",)), min_size=2, max_size=30).filter(lambda t: t.strip()),
       data=st.data())
def test_label_studio_utf16_positions_become_code_points(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    start16, end16 = (len(text[:i].encode("utf-16-le")) // 2 for i in (start, end))
    task = {"data": {"text": text}, "annotations": [{"completed_by": 1, "result": [
        {"id": "r", "type": "labels", "value": {"start": start16, "end": end16, "text": text[start:end], "labels": ["X"]}}]}]}
    bundle = labelstudio.bundle_from_task(task, ImportOptions(), {"path": "t.json", "line": 1})
    assert [(s.start, s.end) for s in bundle.spans] == [(start, end)]
