"""perf33: the suggestion rules read a Doc's token attributes as ``to_array`` columns made once
per Doc (``quotes_doc.ids``, ``column``, ``window``, ``headed``, ``per_doc``)
instead of a Python ``Token`` per word per scan. A speed change: the suggestions must not move.

- the rules' suggestions (every span with its attributes, every relation, in order) on invented
  news-like texts, through the default pipeline and the rule-only one, equal a golden recorded
  from the code before perf33 (``golden/rules_speed_perf33.json``; rerecord with
  ``python tests/nlp/test_rules_speed_perf33.py --record`` only for a deliberate rule change);
- the per-Doc memory answers each Doc its own (two Docs in a row, nested blocks, outside a block).

The full check, on 1,767 real articles, is described in docs/benchmarks.md (perf33).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden" / "rules_speed_perf33.json"

# invented texts (no corpus text), of the shapes the changed code reads: frames and conjoined
# reports, semicolons, brackets, line breaks and headline lines, ages, transcript turns, a place
# label after a photo credit, "according to", contrasted reports, trailing relatives
TEXTS = [
    "The mayor said the new bridge would open in May and added that tolls would stay low. "
    "Her deputy, who asked not to be named, told reporters the budget was balanced; critics disagreed.",
    "Harbor Council Approves Ferry Plan\n\nPORT ELLIS (Wire) - The council said on Tuesday that the "
    "ferry would run twice a day, although residents say the timetable is too thin.",
    "\u201cWe are not going anywhere,\u201d the 45-year-old baker said. \u201cThe shop stays open,\u201d "
    "she added, \u201cwhatever the landlord wants.\u201d",
    "Photo: Ana Ruiz/Harbor Post\nBeirut: A senior engineer at the port was dismissed after the "
    "inspection, officials said on Monday.",
    "HOST: What did the minister tell you?\nKELLER: She told me the plan was dead.\n"
    "HOST: And you believed her?\nKELLER: I did, and I still do.",
    "According to the ministry, unemployment fell to 4.2 percent in March, the lowest rate since 2019. "
    "Economists said the figure was higher than expected, which surprised many analysts.",
    "The company (it stressed the point twice) said no jobs would be cut. A spokesman, Tom Reyes, "
    "said the plant had been sold and left for the airport.",
    "Police said the road was closed and asked the public for help. Last week officials said the "
    "repairs would cost $3 million; the council has not yet voted.",
    "Smooth: Another clip showed a driver steering through the flooded square with one hand.\n"
    "Problem: The new phone bends when it is kept in a back pocket.",
    "The report found that emissions rose by 12 percent because factories reopened. "
    "\u201cThat worries environmentalists,\u201d said Maria Lopez, a researcher at the institute.",
    "Ann Holt told Channel 9's \u201cHarbour Morning\u201d that she had no regrets. Holt, 52, of "
    "Dunmore, said her opponent was wrong, though not, she warned, about everything.",
    "Officials said the talks had failed by email, while the union insisted that a deal was close. "
    "Asked whether he would resign, Kessler said he felt fine.",
]


def _suggestions(nlp) -> list[dict]:
    """The rules as the runner runs them, one record per text: every span (key, start, end,
    label, layer, attributes in order) and every relation, in order."""
    from annotator.nlp import runner
    from annotator.nlp.quotes_doc import text_known

    rules, ner = runner.default_rules(), runner._ner_map(None)
    out = []
    for text, doc in zip(TEXTS, nlp.pipe(TEXTS)):
        with text_known(doc, text):
            found = rules(doc, schema_ner_map=ner, origin="x")
        out.append({
            "spans": [[s.key, s.start, s.end, s.label, s.layer, [[k, repr(v)] for k, v in s.attrs.items()]] for s in found.spans],
            "relations": [[r.head, r.child, r.label] for r in found.relations],
        })
    return out


def _pipelines() -> dict:
    from annotator.nlp.pipeline import RULE_ONLY, load_pipeline

    return {"default": load_pipeline(None).nlp, "rule-only": load_pipeline(RULE_ONLY).nlp}


@pytest.fixture(scope="module")
def pipelines() -> dict:
    return _pipelines()


@pytest.mark.trained
@pytest.mark.timeout(180)
@pytest.mark.parametrize("name", ["default", "rule-only"])
def test_suggestions_equal_the_golden_from_before_perf33(pipelines, name: str) -> None:
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    got = _suggestions(pipelines[name])
    assert len(got) == len(golden[name]) == len(TEXTS)
    for k, (mine, before) in enumerate(zip(got, golden[name])):
        assert mine == before, f"text {k} ({name}): suggestions differ from the golden"
    # the golden is not empty: it does guard quotes, speakers, cues and claims
    labels = {s[3] for record in golden[name] for s in record["spans"]}
    assert {"QUOTE", "SPEAKER", "CUE"} <= labels


def _doc(words: list[str], spaces: list[bool], deps: list[str], heads: list[int]):
    import spacy
    from spacy.tokens import Doc

    # (an English vocab: a bare Vocab() sets no lexical flags, is_space among them)
    return Doc(spacy.blank("en").vocab, words=words, spaces=spaces, deps=deps, heads=heads)


@pytest.mark.timeout(30)
def test_per_doc_memory_answers_each_doc_its_own() -> None:
    from annotator.nlp.quotes_doc import annotations_fixed, column, headed, ids, per_doc

    a = _doc(["He", "said", "yes", ";", "\n", "fine"], [True, True, False, False, False, False],
             ["nsubj", "ROOT", "ccomp", "punct", "dep", "dep"], [1, 1, 1, 1, 1, 1])
    b = _doc(["Rain", "fell", "\n\n", "she", "said", ";", "no", ";"], [True, False, False, True, True, False, True, False],
             ["nsubj", "ROOT", "dep", "nsubj", "ROOT", "punct", "ccomp", "punct"], [1, 1, 1, 4, 4, 4, 4, 4])

    def answers(doc) -> tuple:
        return (column(doc, "ORTH"), column(doc, "DEP"), ids(doc, "HEAD"), [t.i for t in headed(doc, 4, "ccomp", 0, len(doc))],
                per_doc(doc, ("n",), lambda: len(doc)))

    want_a = (["He", "said", "yes", ";", "\n", "fine"], ["nsubj", "ROOT", "ccomp", "punct", "dep", "dep"],
              [1, 1, 1, 1, 1, 1], [], 6)
    want_b = (["Rain", "fell", "\n\n", "she", "said", ";", "no", ";"], ["nsubj", "ROOT", "dep", "nsubj", "ROOT", "punct", "ccomp", "punct"],
              [1, 1, 1, 4, 4, 4, 4, 4], [6], 8)
    assert answers(a) == want_a and answers(b) == want_b  # outside a block
    for _ in range(2):  # two docs in a row, each in its block, twice
        with annotations_fixed(a):
            assert answers(a) == want_a and answers(a) == want_a
            assert answers(b) == want_b  # another doc inside a's block: its own answers
            with annotations_fixed(b):  # nested: b's own memory, a's after it
                assert answers(b) == want_b
            assert answers(a) == want_a
        with annotations_fixed(b):
            assert answers(b) == want_b and answers(b) == want_b


@pytest.mark.timeout(30)
def test_column_reads_as_the_tokens_do() -> None:
    from annotator.nlp.quotes_doc import annotations_fixed, column, window

    doc = _doc(["Ann", "Lee", "said", "it", "\n", "rose", "by", "5", "%"], [True, True, True, False, False, True, True, False, False],
               ["compound", "nsubj", "ROOT", "nsubj", "dep", "ccomp", "prep", "pobj", "pobj"], [1, 2, 2, 5, 5, 2, 5, 6, 6])
    attrs = {"ORTH": "text", "LOWER": "lower_", "DEP": "dep_", "IDX": "idx", "ENT_TYPE": "ent_type_", "TAG": "tag_", "POS": "pos_"}
    for inside in (False, True):
        with annotations_fixed(doc) if inside else _nothing():
            for attr, name in attrs.items():
                assert column(doc, attr) == [getattr(t, name) for t in doc]
                assert window(doc, attr, 2, 6) == [getattr(t, name) for t in doc[2:6]]
            assert window(doc, "HEAD", 0, 99) == [t.head.i for t in doc]


@pytest.mark.timeout(30)
def test_string_table_starting_again_keeps_the_answers(monkeypatch) -> None:
    from annotator.nlp import quotes_doc

    monkeypatch.setattr(quotes_doc, "_STRINGS_KEPT", 2)  # past it at once: a new table on each call
    doc = _doc(["Ann", "said", "it", "rose", "."], [True, True, True, False, False],
               ["nsubj", "ROOT", "nsubj", "ccomp", "punct"], [1, 1, 3, 1, 1])
    for _ in range(3):
        assert quotes_doc.column(doc, "ORTH") == [t.text for t in doc]
        assert quotes_doc.column(doc, "DEP") == [t.dep_ for t in doc]


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *_: object) -> None:
        return None


if __name__ == "__main__" and sys.argv[1:] == ["--record"]:
    GOLDEN.parent.mkdir(exist_ok=True)
    GOLDEN.write_text(json.dumps({name: _suggestions(nlp) for name, nlp in _pipelines().items()}, ensure_ascii=False, indent=0) + "\n",
                      encoding="utf-8")
    print(f"recorded {GOLDEN}")
