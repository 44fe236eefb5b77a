from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain.errors import InputError
from annotator.domain.model import Status
from annotator.formats import brat
from annotator.formats.common import FRAGMENT
from annotator.formats.stream import iter_bundles
from annotator.storage.project import Project
from tests.conftest import SHARED_DATA
from tests.formats.helpers import export_jsonl, import_paths, records

TEXT = "Ann Lee said the plan, she added, works.\nBob agreed.\n"
ANN = (
    "T1\tSource 0 7\tAnn Lee\n"
    "T2\tCue 8 12\tsaid\n"
    "T3\tContent 13 21;34 39\tthe plan works\n"
    "T4\tAttribution 8 12\tsaid\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    "T5\tPERSON 41 44\tBob\n"
    "R1\tAgrees Arg1:T5 Arg2:T1\n"
    "A1\tNegated T5\n"
    "A2\tConfidence T3 High\n"
    "#1\tAnnotatorNotes T1\tthe minister\n"
)


def pair(folder: Path, ann: str = ANN, text: str = TEXT, name: str = "doc") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.txt").write_bytes(text.encode("utf-8"))
    (folder / f"{name}.ann").write_text(ann, encoding="utf-8")
    return folder / f"{name}.ann"


def labelled(project: Project, article_id: int) -> tuple[dict, set]:
    spans = {s.id: s for s in project.spans(article_id)}
    rels = {(spans[r.head].label, TEXT[spans[r.head].start:spans[r.head].end], r.label, spans[r.child].label)
            for r in project.relations(article_id)}
    return spans, rels


def test_events_become_relations_from_the_trigger(project: Project, tmp_path: Path) -> None:
    result = import_paths(project, pair(tmp_path)).result
    spans, rels = labelled(project, result.article_ids[0])
    assert {("Attribution", "said", "Content", "Content"), ("Attribution", "said", "Cue", "Cue"),
            ("Attribution", "said", "Source", "Source"), ("PERSON", "Bob", "Agrees", "Source")} <= rels
    assert all(s.status == Status.ACCEPTED for s in spans.values())


def test_discontinuous_span_is_fragments_tied_by_relation(project: Project, tmp_path: Path) -> None:
    result = import_paths(project, pair(tmp_path)).result
    spans, rels = labelled(project, result.article_ids[0])
    content = sorted((s.start, s.end) for s in spans.values() if s.label == "Content")
    assert content == [(13, 21), (34, 39)]
    assert ("Content", "the plan", FRAGMENT, "Content") in rels


def test_attributes_and_notes_go_into_attrs(project: Project, tmp_path: Path) -> None:
    result = import_paths(project, pair(tmp_path)).result
    by_label = {s.label: s.attrs for s in project.spans(result.article_ids[0]) if s.start in (0, 13, 41)}
    assert by_label == {"Source": {"note": "the minister"}, "Content": {"Confidence": "High"}, "PERSON": {"Negated": True}}


def test_label_map_makes_the_quote_the_head(project: Project, tmp_path: Path) -> None:
    result = import_paths(project, pair(tmp_path), label_map={"Content": "QUOTE", "Source": "SPEAKER", "Cue": "CUE", "Attribution": ""}).result
    spans, rels = labelled(project, result.article_ids[0])
    assert ("QUOTE", "the plan", "SPEAKER", "SPEAKER") in rels
    assert ("QUOTE", "the plan", "CUE", "CUE") in rels
    assert "Attribution" not in {s.label for s in spans.values()}
    assert {s.layer for s in spans.values() if s.label in ("QUOTE", "SPEAKER", "CUE")} == {"quote", "speaker", "cue"}


def test_export_writes_fragments_back_as_one_discontinuous_line(project: Project, tmp_path: Path) -> None:
    import_paths(project, pair(tmp_path / "in"))
    [bundle] = list(iter_bundles(project))
    lines = brat.ann_lines(bundle)
    assert "Content 13 21;34 39\tthe plan works" in "\n".join(lines)
    assert not any(FRAGMENT in line for line in lines)


def test_brat_round_trip_keeps_what_brat_can_hold(filled: Project, tmp_path: Path) -> None:
    brat.write(iter_bundles(filled), tmp_path / "brat")
    assert (tmp_path / "brat" / "annotation.conf").read_text(encoding="utf-8").startswith("#")
    with Project.open(tmp_path / "back.db") as back:
        import_paths(back, tmp_path / "brat")
        def comparable(text: str) -> list:
            return [
                (r["text"], sorted((s["start"], s["end"], s["label"], s["status"], sorted(s["attrs"].items())) for s in r["spans"]),
                 sorted((r2["head_span"]["start"], r2["label"], r2["child_span"]["start"]) for r2 in r["relations"]))
                for r in records(text)
            ]
        assert comparable(export_jsonl(back)) == comparable(export_jsonl(filled))


def test_brat_then_jsonl_round_trip_is_stable(filled: Project, tmp_path: Path) -> None:
    brat.write(iter_bundles(filled), tmp_path / "brat")
    with Project.open(tmp_path / "b1.db") as b1:
        import_paths(b1, tmp_path / "brat")
        first = export_jsonl(b1)
    (tmp_path / "b.jsonl").write_text(first, encoding="utf-8")
    with Project.open(tmp_path / "b2.db") as b2:
        import_paths(b2, tmp_path / "b.jsonl")
        assert export_jsonl(b2) == first


def test_exported_text_is_byte_exact(filled: Project, tmp_path: Path) -> None:
    brat.write(iter_bundles(filled), tmp_path / "brat")
    texts = {p.read_bytes().decode("utf-8") for p in (tmp_path / "brat").glob("*.txt")}
    assert {b.article.text for b in iter_bundles(filled)} == texts


@pytest.mark.parametrize(
    ("ann", "message"),
    [
        ("T1\tX 0 99\tAnn\n", "outside the text"),
        ("T1\tX 0 3\tBob\n", "says its text is"),
        ("R1\tR Arg1:T1 Arg2:T9\n", "refers to T1"),
        ("Q1\tsomething\n", "unknown brat line"),
        ("T1\tX zero 3\tAnn\n", "expected 'Label START END"),
    ],
)
def test_bad_ann_lines_are_named(project: Project, tmp_path: Path, ann: str, message: str) -> None:
    path = pair(tmp_path, ann=ann)
    with pytest.raises(InputError, match=message) as info:
        import_paths(project, path)
    assert info.value.line == 1 and info.value.path == str(path)
    assert project.count_articles() == 0


def test_txt_path_finds_its_ann(project: Project, tmp_path: Path) -> None:
    pair(tmp_path)
    assert import_paths(project, tmp_path / "doc.txt").result.spans > 0


def test_missing_text_file_is_reported(project: Project, tmp_path: Path) -> None:
    (tmp_path / "lonely.ann").write_text("T1\tX 0 3\tAnn\n", encoding="utf-8")
    with pytest.raises(InputError, match="has no text file"):
        import_paths(project, tmp_path / "lonely.ann")


POLNEAR = SHARED_DATA / "polnear-dev"


@pytest.mark.skipif(not (POLNEAR / "attributions").is_dir(), reason="PolNeAR dev data not present")
def test_polnear_attributions_import_as_quotes_with_speakers(project: Project) -> None:
    ann = sorted((POLNEAR / "attributions").glob("*.ann"))[0]
    gold = ann.read_text(encoding="utf-8")
    n_events = sum(1 for line in gold.splitlines() if line.startswith("E"))
    result = import_paths(project, ann, label_map={"Content": "QUOTE", "Source": "SPEAKER", "Cue": "CUE", "Attribution": ""}).result
    spans = {s.id: s for s in project.spans(result.article_ids[0])}
    rels = project.relations(result.article_ids[0])
    assert all(s.status == Status.ACCEPTED for s in spans.values())
    speaker_links = [r for r in rels if r.label == "SPEAKER"]
    assert len(speaker_links) >= n_events - sum(1 for line in gold.splitlines() if "Attribution-no-source" in line) - 1
    assert all(spans[r.head].label == "QUOTE" and spans[r.child].label == "SPEAKER" for r in speaker_links)


@pytest.mark.skipif(not (POLNEAR / "attributions").is_dir(), reason="PolNeAR dev data not present")
def test_polnear_raw_import_keeps_source_cue_content(project: Project) -> None:
    ann = sorted((POLNEAR / "attributions").glob("*.ann"))[0]
    result = import_paths(project, ann).result
    labels = {r.label for r in project.relations(result.article_ids[0])}
    assert {"Source", "Cue", "Content"} <= labels


def test_a_text_field_split_by_its_own_line_break_is_named_as_such(project: Project, tmp_path: Path) -> None:
    # A span over a paragraph break whose .ann line was written with the break in it and whose rest
    # (on the next lines) differs from the .txt (ui22: a rest that agrees is read): the line's
    # text stops there and the rest sits on the next lines (seen in a PolNeAR train file). The
    # message used to quote the first 40 characters of both texts, which were equal.
    text = "Opening words that are long enough to pass forty characters.\n\nThe rest of it follows here."
    path = pair(tmp_path, text=text, ann=f"T1\tQuote 0 {len(text)}\tOpening words that are long enough to pass forty characters.\n\nThe rest of it follows there.\n")
    with pytest.raises(InputError) as info:
        import_paths(project, path)
    message = str(info.value)
    assert info.value.line == 1
    assert "stops at a line break inside the span" in message
    assert "'…ss forty characters.' but the .txt has '…ss forty characters.  The rest of it fol…'" in message
    assert project.count_articles() == 0


def test_a_mismatch_past_forty_characters_is_quoted_where_it_differs(project: Project, tmp_path: Path) -> None:
    text = "Opening words that are long enough to pass forty characters, then one word differs."
    ann_text = text.replace("differs", "changes")
    path = pair(tmp_path, text=text, ann=f"T1\tQuote 0 {len(text)}\t{ann_text}\n")
    with pytest.raises(InputError) as info:
        import_paths(project, path)
    message = str(info.value)
    assert "changes" in message and "differs" in message and "is the .txt the one this .ann was made for" in message


def test_differing_parts_cuts_around_the_first_difference() -> None:
    from annotator.formats.common import differing_parts

    assert differing_parts("abc", "abd") == ("abc", "abd")
    said, has = differing_parts("x" * 100 + "A" + "y" * 100, "x" * 100 + "B" + "y" * 100)
    assert said == "…" + "x" * 20 + "A" + "y" * 19 + "…" and has == said.replace("A", "B")
    assert differing_parts("same start", "same start and more") == ("same start", "same start and more")
