"""Two annotators' brat files for one text: a discontinuous span matches only the same set of fragments."""

from __future__ import annotations

from pathlib import Path

from annotator.domain.model import FRAGMENT
from annotator.formats import import_sources, plan
from annotator.formats.common import ImportOptions, parse_label_map
from annotator.storage.project import Project

TEXT = "The plan, the mayor said on Monday, will work and it will pay for itself.\n"


def offsets(part: str, nth: int = 0) -> str:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(part, start + 1)
    return f"{start} {start + len(part)}"


def corpus(tmp_path: Path) -> Path:
    """PolNeAR's layout: text/NAME.txt and attributions/NAME_<annotator>.ann."""
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "doc.txt").write_text(TEXT, encoding="utf-8")
    # Both start the quote at "The plan"; A continues with "will work", B with "will work and it will pay for itself".
    first = offsets("The plan")
    (tmp_path / "attributions" / "doc_aaaa.ann").write_text(
        f"T1\tContent {first};{offsets('will work')}\tThe plan will work\n"
        f"T2\tSource {offsets('the mayor')}\tthe mayor\n"
        "R1\tSPEAKER Arg1:T1 Arg2:T2\n",
        encoding="utf-8",
    )
    (tmp_path / "attributions" / "doc_bbbb.ann").write_text(
        f"T1\tContent {first};{offsets('will work and it will pay for itself')}\tThe plan will work and it will pay for itself\n"
        f"T2\tSource {offsets('the mayor')}\tthe mayor\n"
        "R1\tSPEAKER Arg1:T1 Arg2:T2\n",
        encoding="utf-8",
    )
    return tmp_path / "attributions"


def quotes(project: Project, article_id: int) -> list[tuple[str, ...]]:
    """Each discontinuous QUOTE as the texts of its fragments, first fragment first."""
    spans = {s.id: s for s in project.spans(article_id)}
    pieces: dict[str, list[str]] = {}
    for rel in project.relations(article_id):
        if rel.label == FRAGMENT:
            pieces.setdefault(rel.head, []).append(spans[rel.child].text_in(TEXT))
    return sorted((spans[h].text_in(TEXT), *sorted(p)) for h, p in pieces.items())


def test_two_annotators_discontinuous_spans_with_one_first_fragment_stay_apart(project: Project, tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    options = ImportOptions(schema=project.schema, label_map=parse_label_map("Content=QUOTE,Source=SPEAKER"))
    result = import_sources(project, plan([folder]), options).result
    [article_id] = set(result.article_ids)

    assert quotes(project, article_id) == [
        ("The plan", "will work"),
        ("The plan", "will work and it will pay for itself"),
    ]
    # Every first fragment has exactly its own pieces; the speaker is one span both quotes link to.
    heads = [r.head for r in project.relations(article_id) if r.label == FRAGMENT]
    assert len(heads) == len(set(heads)) == 2
    speakers = [s for s in project.spans(article_id) if s.label == "SPEAKER"]
    assert len(speakers) == 1
    assert sorted(r.child for r in project.relations(article_id) if r.label == "SPEAKER") == [speakers[0].id] * 2
    # the shared speaker, merged into the copy this import added first (ui23: counted as the copies', not "already there")
    assert result.merged == {} and result.merged_copies == {"span": 1}

    before = (quotes(project, article_id), len(project.spans(article_id)), len(project.relations(article_id)))
    again = import_sources(project, plan([folder]), options).result
    assert (again.spans, again.relations, again.merged) == (0, 0, {"span": 6, "relation": 4})
    assert (quotes(project, article_id), len(project.spans(article_id)), len(project.relations(article_id))) == before
