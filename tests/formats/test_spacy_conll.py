"""spaCy DocBin and CoNLL exports: exact offsets, negatives, ids, valid IOB, reports."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.tokens import DocBin

from annotator.domain.model import Article, ArticleBundle, Relation, Span, Stance, Status, Tag
from annotator.formats import conll, jsonl, spacy_docbin, spacy_ext
from annotator.formats.common import ExportReport, tokenizer
from annotator.formats.spacy_tokens import aligned_doc, non_overlapping, split_plan, trim_whitespace
from annotator.formats.stream import iter_bundles, statuses_for
from annotator.storage.project import Project

from .conftest import find

A, R, S = Status.ACCEPTED, Status.REJECTED, Status.SUGGESTED


def span(text: str, part: str, label: str, layer: str = "entity", status: Status = A, sid: str | None = None,
         nth: int = 0, **kw) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return Span(id=sid or f"{label}-{start}-{status}", article_id=1, start=start, end=start + len(part), label=label,
                layer=layer, status=status, **kw)


def bundle(text: str, *spans: Span, **kw) -> ArticleBundle:
    return ArticleBundle(article=Article(id=1, text=text), spans=list(spans), **kw)


def through_disk(bundles: list[ArticleBundle], tmp_path: Path) -> tuple[list, ExportReport]:
    path = tmp_path / "train.spacy"
    report = spacy_docbin.write(bundles, path)
    return list(DocBin().from_disk(path).get_docs(spacy.blank("en").vocab)), report


def exact(doc, s: Span) -> bool:
    piece = doc.char_span(s.start, s.end)
    return piece is not None and (piece.start_char, piece.end_char) == (s.start, s.end)


# ----------------------------------------------------------------------------- DocBin


def test_docbin_loads_with_ents_spans_and_user_data(filled: Project, tmp_path: Path) -> None:
    path = tmp_path / "train.spacy"
    report = spacy_docbin.write(iter_bundles(filled), path)
    assert (report.articles, report.spans, report.relations) == (3, 8, 2)
    docs = list(DocBin().from_disk(path).get_docs(spacy.blank("en").vocab))
    doc = docs[0]
    assert doc.text == filled.article(1).text
    # "Cafe\u0301" is a suggestion: not gold, so not in doc.ents but in doc.spans["entity_suggested"]
    assert [e.text for e in doc.ents] == ["😄", "owner\u00a0Ana"]
    assert [s.text for s in doc.spans["entity_suggested"]] == ["Cafe\u0301"]
    assert {s.label_ for s in doc.spans["quote"]} == {"QUOTE"}
    data = doc.user_data["annotator"]
    assert data["article"]["title"] == "Smiley" and data["article"]["meta"] == {"file": "smiley.txt", "n": 1}
    assert {r["label"] for r in data["relations"]} == {"SPEAKER", "CUE"}
    assert data["spans"]["q1"]["attrs"] == {"kind": "direct", "note": "CJK inside"}
    assert data["spans"]["p1"]["status"] == "suggested" and data["spans"]["p1"]["origin"] == "model"
    assert data["tags"][0]["tag"] == "world" and data["stances"][0]["polarity"] == "favor"


def test_rejected_entity_is_a_negative_never_an_ent(project: Project, tmp_path: Path) -> None:
    text = "Acme Corp hired Ana Ruiz in Lima."
    project.import_bundles([bundle(text, span(text, "Acme Corp", "ORG", status=R, sid="org"),
                                   span(text, "Ana Ruiz", "PERSON", sid="per"),
                                   span(text, "Lima", "GPE", status=S, sid="gpe"))])
    [doc], _ = through_disk(list(iter_bundles(project, statuses=statuses_for("all"))), tmp_path)
    assert [(e.text, e.label_) for e in doc.ents] == [("Ana Ruiz", "PERSON")]
    negatives = doc.spans[spacy_ext.INCORRECT_SPANS_KEY]
    assert [(s.text, s.label_, s.id_) for s in negatives] == [("Acme Corp", "ORG", "org")]
    # undecided: neither entity nor O, so training learns nothing from it
    assert [(t.text, t.ent_iob_) for t in doc if t.text in {"Lima", "Acme", "in"}] == [("Acme", "O"), ("in", "O"), ("Lima", "")]
    assert [s.text for s in doc.spans["entity_suggested"]] == ["Lima"]


def test_rejected_identical_to_accepted_is_reported_not_a_negative() -> None:
    text = "Ana Ruiz spoke."
    report = ExportReport()
    doc = spacy_docbin.doc_of(bundle(text, span(text, "Ana Ruiz", "PERSON", sid="a"),
                                     span(text, "Ana Ruiz", "PERSON", status=R, sid="r"),
                                     span(text, "Ana", "PERSON", status=R, sid="r2")), report)
    assert [s.id_ for s in doc.spans["entity_rejected"]] == ["r2"]
    assert [s.id_ for s in doc.spans["entity_rejected_contradicted"]] == ["r"]
    assert report.left_out == {spacy_docbin.CONTRADICTED: 1}


def test_whitespace_edged_entity_is_trimmed_in_ents_exact_in_spans() -> None:
    text = "Hi.\nAna Ruiz\nsaid so."
    report = ExportReport()
    doc = spacy_docbin.doc_of(bundle(text, span(text, "\nAna Ruiz\n", "PERSON", sid="p")), report)
    assert [(e.text, e.start_char, e.end_char, e.id_) for e in doc.ents] == [("Ana Ruiz", 4, 12, "p")]
    assert [(s.start_char, s.end_char) for s in doc.spans["entity"]] == [(3, 13)]
    assert report.left_out == {spacy_docbin.TRIMMED: 1}


def test_whitespace_only_entity_is_reported() -> None:
    text = "Ana  Ruiz"
    report = ExportReport()
    doc = spacy_docbin.doc_of(bundle(text, Span(id="w", article_id=1, start=3, end=5, label="X", layer="entity")), report)
    assert doc.ents == () and doc.spans["entity"][0].text == "  "
    assert report.left_out == {spacy_docbin.BLANK: 1}


def test_overlapping_entities_keep_the_longest_and_report_the_rest() -> None:
    text = "New York City Council met in York."
    report = ExportReport()
    doc = spacy_docbin.doc_of(bundle(text, span(text, "New York", "GPE"), span(text, "New York City Council", "ORG"),
                                     span(text, "York City", "GPE"), span(text, "York", "GPE", nth=1)), report)
    assert [(e.text, e.label_) for e in doc.ents] == [("New York City Council", "ORG"), ("York", "GPE")]
    assert len(doc.spans["entity"]) == 4
    assert report.left_out == {spacy_docbin.OVERLAP: 2}


def test_boundary_inside_a_token_splits_it_instead_of_widening() -> None:
    text = "Washington-based firm 北京大学 Ana's"
    spans = [span(text, "Washi", "GPE"), span(text, "北京", "GPE"), span(text, "Ana", "PERSON")]
    doc = spacy_docbin.doc_of(bundle(text, *spans))
    assert [e.text for e in doc.ents] == ["Washi", "北京", "Ana"]
    assert all(exact(doc, s) for s in spans)
    # tokens no span edge falls inside stay the tokenizer's
    assert [t.text for t in doc][2:6] == ["-", "based", "firm", "北京"]


def test_trailing_space_becomes_a_token_only_when_a_span_needs_it() -> None:
    text = "Ana said so"
    assert [t.text for t in spacy_docbin.doc_of(bundle(text, span(text, "said", "X", "cue")))] == ["Ana", "said", "so"]
    doc = spacy_docbin.doc_of(bundle(text, span(text, " said ", "X", "cue")))
    assert [t.text for t in doc] == ["Ana", " ", "said", " ", "so"] and doc.text == text


HARD_TEXTS = {
    "emoji": "Smiley 😄 said 👍🏽 to Ana.",
    "zwj": "The 👩\u200d🔬 scientist and 👨\u200d👩\u200d👧 family met Ana.",
    "cjk": "北京大学的王小明说今天很好。东京也是。",
    "combining": "Cafe\u0301 owner Jose\u0301 Nun\u0303ez said.",
    "crlf": "Ana Ruiz said so.\r\nThen Bob left.\r\n",
    "nbsp": "owner\u00a0Ana Ruiz\u00a0said",
    "tabs": "Ana\tRuiz\t\tsaid\t",
    "u2028": "Ana Ruiz\u2028said so\u2029Bob.",
    "whitespace_edges": "Hi.\n\n Ana Ruiz \n\nsaid  so ",
}
LAYERS = ["entity", "quote", "speaker", "cue", "claim", "other"]


def grid_spans(text: str) -> list[Span]:
    """Many spans of every layer and status, starting and ending everywhere, whitespace edges too."""
    out = []
    for n, start in enumerate(range(0, len(text), 2)):
        for width in (1, 2, 5):
            end = min(len(text), start + width + n % 3)
            layer = LAYERS[(n + width) % len(LAYERS)]
            status = (A, R, S)[(n // 2 + width) % 3]
            out.append(Span(id=f"s{start}-{end}-{layer}", article_id=1, start=start, end=end, label=f"L{width}",
                            layer=layer, status=status, attrs={"n": n}, by="ana", created="2026-01-01T00:00:00.000+00:00"))
    return out


@pytest.mark.parametrize("name", sorted(HARD_TEXTS))
def test_every_stored_span_is_exact_after_loading(name: str, tmp_path: Path) -> None:
    text = HARD_TEXTS[name]
    spans = grid_spans(text)
    [doc], _ = through_disk([bundle(text, *spans)], tmp_path)
    assert doc.text == text
    assert all(exact(doc, s) for s in spans)
    loaded = {s.id_: (s.start_char, s.end_char, s.label_, key) for key, group in doc.spans.items() for s in group}
    assert loaded == {s.id: (s.start, s.end, s.label, spacy_ext.spans_key(s.layer, s.status)) for s in spans}
    accepted = [s for s in spans if s.layer == "entity" and s.status == A]
    ranges = [trim_whitespace(text, s.start, s.end) for s in accepted]
    kept = [r for r in ranges if r is not None]
    chosen, _ = non_overlapping(kept)
    assert [(e.start_char, e.end_char) for e in doc.ents] == [kept[i] for i in chosen]
    assert all(not e[0].is_space and not e[-1].is_space for e in doc.ents)


TRICKY = st.sampled_from(list("ab Z.-'\n\t\r😄北京\u0301\u00a0\u2028\u200d,"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_property_any_span_is_exact_and_text_kept(data: st.DataObject) -> None:
    text = "".join(data.draw(st.lists(TRICKY, min_size=1, max_size=30)))
    pairs = data.draw(st.lists(st.tuples(st.integers(0, len(text) - 1), st.integers(1, len(text))), max_size=8))
    spans = [Span(id=f"s{i}", article_id=1, start=min(a, b - 1), end=b, label="X", layer=("entity", "quote")[i % 2],
                  status=(A, R, S)[i % 3]) for i, (a, b) in enumerate(pairs) if min(a, b - 1) < b]
    doc = spacy_docbin.doc_of(bundle(text, *spans))
    loaded = next(DocBin(docs=[doc], store_user_data=True).get_docs(tokenizer().vocab))
    assert loaded.text == text
    assert all(exact(loaded, s) for s in spans)
    # tokens no edge falls inside are the tokenizer's own
    edges = {x for s in spans for x in (s.start, s.end)} | {x for s in spans if s.layer == "entity"
                                                            for x in (trim_whitespace(text, s.start, s.end) or ())}
    for t in tokenizer()(text):
        if not any(t.idx < x < t.idx + len(t) for x in edges) and not (t.whitespace_ and t.idx + len(t) in edges):
            assert any(u.idx == t.idx and u.text == t.text for u in loaded)


def test_split_plan_unit() -> None:
    # "ab cd": tokens "ab"(+space), "cd"
    assert split_plan([0, 3], [2, 5], [True, False], [0], [5]) is None
    assert split_plan([0, 3], [2, 5], [True, False], [1], [4]) == ([0, 1, 3, 4], [1, 2, 4, 5], [False, True, False, False])
    assert split_plan([0, 3], [2, 5], [True, False], [2], [5]) == ([0, 2, 3], [2, 3, 5], [False, False, False])
    assert split_plan([0, 3], [2, 5], [True, False], [0], [3]) == ([0, 2, 3], [2, 3, 5], [False, False, False])


def test_tokenizer_keeps_exception_norms_on_unsplit_tokens() -> None:
    doc = aligned_doc("I don't know.", [(8, 10)])
    assert [(t.text, t.norm_) for t in doc][1:3] == [("do", "do"), ("n't", "not")]


def test_non_overlapping_rule() -> None:
    assert non_overlapping([(0, 3), (2, 9), (8, 12), (0, 3)]) == ([1], [0, 3, 2])
    assert non_overlapping([(5, 7), (0, 2), (1, 3)]) == ([1, 0], [2])


def test_trim_whitespace() -> None:
    assert trim_whitespace("\nAna Ruiz\n", 0, 10) == (1, 9)
    assert trim_whitespace("a\u00a0\u2028 b", 1, 4) is None
    assert trim_whitespace("x\tAna", 1, 5) == (2, 5)


def test_ids_and_extensions_join_spans_to_relations_and_decisions(tmp_path: Path) -> None:
    text = "\u201cWe won,\u201d Ana Ruiz said."
    quote, speaker, cue = (span(text, "We won,", "QUOTE", "quote", sid="q", attrs={"kind": "direct"}, by="ana",
                                updated="2026-02-02T10:00:00.000+00:00", origin="analyst:ana"),
                           span(text, "Ana Ruiz", "SPEAKER", "speaker", sid="s"), span(text, "said", "CUE", "cue", sid="c"))
    relations = [Relation(id="r1", article_id=1, head="q", child="s", label="SPEAKER", by="bob", created="2026-02-01"),
                 Relation(id="r2", article_id=1, head="q", child="c", label="CUE", status=S, origin="model")]
    [doc], report = through_disk([bundle(text, quote, speaker, cue, relations=relations,
                                         stances=[Stance(id="st", article_id=1, holder="Ana", target="x", polarity="favor")],
                                         tags=[Tag(id="t", article_id=1, tag="sport", by="ana")])], tmp_path)
    assert report.relations == 2
    spacy_ext.register()
    q = doc.spans["quote"][0]
    assert (q._.annotator_id, q._.status, q._.attrs) == ("q", "accepted", {"kind": "direct"})
    assert (q._.annotator["by"], q._.annotator["updated"], q._.annotator["origin"]) == ("ana", "2026-02-02T10:00:00.000+00:00", "analyst:ana")
    rels = {r["label"]: r for r in doc._.relations}
    assert rels["SPEAKER"]["head_span"].text == "We won," and rels["SPEAKER"]["child_span"].text == "Ana Ruiz"
    assert rels["SPEAKER"]["by"] == "bob" and rels["CUE"]["status"] == "suggested" and rels["CUE"]["origin"] == "model"
    assert doc._.tags[0]["by"] == "ana" and doc._.stances[0]["holder"] == "Ana" and doc._.annotator["id"] == 1


LONG = "Ana Ruiz said so. " + "Pneumonoultramicroscopic " * 40_000 + "Bob Lee left. Ana's"  # > 1,000,000 characters


def test_articles_over_a_million_characters_export() -> None:
    assert len(LONG) > 1_000_000
    spans = [span(LONG, "Ana Ruiz", "PERSON"), span(LONG, "Bob Lee", "PERSON"), span(LONG, "An", "PERSON", nth=1)]
    doc = spacy_docbin.doc_of(bundle(LONG, *spans))
    assert [e.text for e in doc.ents] == ["Ana Ruiz", "Bob Lee", "An"]
    assert [t for s in conll.sentences(bundle(LONG, *spans)) for t in s if t[1] != "O"] == [
        ("Ana", "B-PERSON"), ("Ruiz", "I-PERSON"), ("Bob", "B-PERSON"), ("Lee", "I-PERSON"), ("An", "B-PERSON")]
    assert len(tokenizer()(LONG)) > 5  # what jsonl's token_start/token_end call
    assert [(s["token_start"], s["token_end"]) for s in jsonl.record_of(bundle(LONG, *spans))["spans"]][:2] == [(0, 1), (40005, 40006)]


# ----------------------------------------------------------------------------- CoNLL


def conll_text(bundles: list[ArticleBundle]) -> tuple[str, ExportReport]:
    out = io.StringIO()
    report = conll.write(bundles, out)
    return out.getvalue(), report


def test_conll_docstart_four_columns_and_iob2(filled: Project) -> None:
    text, report = conll_text(list(iter_bundles(filled)))
    assert text.count("-DOCSTART- -X- O O\n\n") == 3 and report.articles == 3
    lines = [line for line in text.splitlines() if line and not line.startswith("-DOCSTART-")]
    assert all(len(line.split()) == 4 and line.split(" ")[1:3] == ["_", "_"] for line in lines)
    assert "owner _ _ B-PERSON\nAna _ _ I-PERSON\n" in text  # the no-break space is a whitespace token, not written
    assert "\U0001f604 _ _ B-MISC\n" in text and "Alice _ _ B-PERSON\nSmith _ _ I-PERSON\n" in text


@pytest.mark.parametrize("part", ["\nAna Ruiz\n", "\r\nAna Ruiz", "Ana Ruiz\u2028", "\tAna\u00a0Ruiz "])
def test_conll_entity_with_whitespace_edges_starts_with_b(part: str) -> None:
    text = f"Hi.{part}said so."
    [words] = [s for s in conll.sentences(bundle(text, span(text, part, "PERSON"))) if ("Ana", "B-PERSON") in s]
    assert words[words.index(("Ana", "B-PERSON")) + 1] == ("Ruiz", "I-PERSON")


def test_conll_entity_over_a_line_break_stays_one_sentence_and_entity() -> None:
    text = "Hi.\nMr. Ana\nRuiz said.\nOk."
    sentences = conll.sentences(bundle(text, span(text, "Mr. Ana\nRuiz", "PERSON")))
    assert [("Mr.", "B-PERSON"), ("Ana", "I-PERSON"), ("Ruiz", "I-PERSON"), ("said", "O"), (".", "O")] in sentences


def test_conll_reports_everything_it_cannot_hold() -> None:
    text = "Acme hired Ana Ruiz in Lima, \u201cgood\u201d she said."
    spans = [span(text, "Acme", "ORG", status=R), span(text, "Lima", "GPE", status=S),
             span(text, "Ana Ruiz", "PERSON", attrs={"note": "x"}), span(text, "Ana", "PERSON"),
             span(text, "good", "QUOTE", "quote", sid="q"), span(text, "she", "SPEAKER", "speaker", sid="s"),
             span(text, "said", "CUE", "cue")]
    b = bundle(text, *spans, relations=[Relation(id="r", article_id=1, head="q", child="s", label="SPEAKER")],
               stances=[Stance(id="st", article_id=1, holder="Ana", target="Acme", polarity="against")],
               tags=[Tag(id="t", article_id=1, tag="jobs")])
    text_out, report = conll_text([b, bundle(" \n ")])
    assert report.left_out == {
        conll.REJECTED: 1, conll.SUGGESTED: 1, conll.ATTRS: 1, conll.OVERLAP: 1, conll.layer_reason("quote"): 1,
        conll.layer_reason("speaker"): 1, conll.layer_reason("cue"): 1, conll.RELATIONS: 1, conll.STANCES: 1,
        conll.TAGS: 1, conll.FIELDS: 2, conll.EMPTY: 1,
    }
    assert report.spans == 1 and "Acme _ _ O" in text_out and "Lima _ _ O" in text_out
    assert all(note.startswith("left out: ") for note in report.notes())


def test_conll_never_writes_a_label_with_whitespace_as_extra_columns() -> None:
    text = "Ana Ruiz met Bob."
    out, report = conll_text([bundle(text, span(text, "Ana Ruiz", "TOP PERSON"), span(text, "Bob", "PERSON"))])
    assert all(len(line.split()) == 4 for line in out.splitlines() if line)
    assert "Ana _ _ O\n" in out and "Bob _ _ B-PERSON\n" in out and report.left_out[conll.SPACED_LABEL] == 1


def test_empty_article_exports_in_both_formats(tmp_path: Path) -> None:
    [doc], report = through_disk([bundle("")], tmp_path)
    assert doc.text == "" and report.articles == 1
    out, report = conll_text([bundle(""), bundle("Hi.")])
    assert out == "-DOCSTART- -X- O O\n\n-DOCSTART- -X- O O\n\nHi _ _ O\n. _ _ O\n\n" and report.left_out[conll.EMPTY] == 1


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_property_conll_tags_are_valid_iob2_and_hold_the_chosen_entities(data: st.DataObject) -> None:
    text = "".join(data.draw(st.lists(TRICKY, min_size=1, max_size=30)))
    pairs = data.draw(st.lists(st.tuples(st.integers(0, len(text) - 1), st.integers(1, len(text))), max_size=6))
    spans = [Span(id=f"s{i}", article_id=1, start=min(a, b - 1), end=b, label=f"L{i % 2}", layer="entity")
             for i, (a, b) in enumerate(pairs)]
    sentences = conll.sentences(bundle(text, *spans))
    found, previous = [], "O"
    for sentence in sentences:
        previous = "O"
        for token, tag in sentence:
            assert token and len(token.split()) == 1 and token.split()[0] == token  # one column, no whitespace
            if tag.startswith("I-"):
                assert previous[2:] == tag[2:] and previous != "O"
                found[-1] += token
            elif tag.startswith("B-"):
                found.append(tag[2:] + ":" + token)
            previous = tag
    ranges = [r for s in spans if (r := trim_whitespace(text, s.start, s.end))]
    labels = [s.label for s in spans if trim_whitespace(text, s.start, s.end)]
    chosen, _ = non_overlapping(ranges)
    assert found == [f"{labels[i]}:" + "".join(text[ranges[i][0]:ranges[i][1]].split()) for i in chosen]


@settings(max_examples=20, deadline=None)
@given(st.data())
def test_property_spacys_conll_reader_gives_one_doc_per_article_with_its_entities(data: st.DataObject) -> None:
    from spacy.training.converters import conll_ner_to_docs

    bundles, expected = [], []
    for n in range(data.draw(st.integers(1, 3))):
        text = "".join(data.draw(st.lists(TRICKY, min_size=1, max_size=25))) + " x"  # at least one word
        pairs = data.draw(st.lists(st.tuples(st.integers(0, len(text) - 1), st.integers(1, len(text))), max_size=4))
        spans = [Span(id=f"s{n}-{i}", article_id=n, start=min(a, b - 1), end=b, label="PER", layer="entity")
                 for i, (a, b) in enumerate(pairs)]
        bundles.append(bundle(text, *spans))
        ranges = [r for s in spans if (r := trim_whitespace(text, s.start, s.end))]
        chosen, _ = non_overlapping(ranges)
        expected.append(["".join(text[ranges[i][0]:ranges[i][1]].split()) for i in chosen])
    out, _ = conll_text(bundles)
    docs = list(conll_ner_to_docs(out, no_print=True))
    assert len(docs) == len(bundles)
    assert [["".join(t.text for t in e) for e in d.ents] for d in docs] == expected
