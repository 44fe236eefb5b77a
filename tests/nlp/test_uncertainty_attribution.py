"""Active ordering counts the learned attribution component, and pre-annotation stores the scores
(issue 10, fix10): the margin over the attribution recogniser's beam (``doc.spans["attribution"]``),
the cache key naming the scored components, ``preannotate --uncertainty`` filling the cache
``annotator next`` reads, and done articles left as they are.

The attribution pipeline here is a blank English pipeline with the stash / attribution /
spans components of ``annotator train``, its recogniser trained for a few steps on one sentence
(about 2 s): sure of that sentence, unsure of text it never saw.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain.model import Article, ArticleStatus
from annotator.domain.schema import default_schema
from annotator.nlp import active_order
from annotator.nlp import uncertainty as U
from annotator.nlp.pipeline import default_pipeline_name, load_pipeline
from annotator.storage import uncertainty_cache
from annotator.storage.project import Project

BASE = default_pipeline_name()
trained = pytest.mark.skipif(BASE is None, reason="no trained spaCy pipeline installed")
KNOWN = '"Taxes will rise," Ana Ruiz said.'
NOVEL = "Zorp blig quux the glorp, flim said maybe."


def _span(sub: str) -> tuple[int, int]:
    start = KNOWN.index(sub)
    return start, start + len(sub)


@pytest.fixture(scope="module")
def attribution_nlp():  # noqa: ANN201
    import spacy
    from spacy.training import Example

    from annotator.nlp.attribution_components import SPANS, STASH

    spacy.util.fix_random_seed(0)
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe(STASH, name="attribution_stash")
    nlp.add_pipe("ner", name="attribution")
    nlp.add_pipe(SPANS, name="attribution_spans")
    entities = [(*_span("Taxes will rise"), "CONTENT"), (*_span("Ana Ruiz"), "SOURCE"), (*_span("said"), "CUE")]
    examples = [Example.from_dict(nlp.make_doc(KNOWN), {"entities": entities})]
    nlp.initialize(lambda: examples)
    with nlp.select_pipes(enable=["attribution"]):
        for _ in range(60):
            nlp.update(examples)
    return nlp


@dataclasses.dataclass
class Loaded:
    nlp: object
    name: str = "tiny"
    version: str = "1"
    source: str = "memory"


def _attributions_only(proj: Project) -> None:
    schema = default_schema()
    keep = tuple(lab for lab in schema.labels if lab.layer in ("quote", "speaker", "cue"))
    names = {lab.name for lab in keep}
    relations = tuple(dataclasses.replace(r, head=tuple(h for h in r.head if h in names), child=tuple(c for c in r.child if c in names))
                      for r in schema.relations if set(r.head) & names and set(r.child) & names)
    proj.set_schema(dataclasses.replace(schema, labels=keep, relations=relations, ner_map={}))
    assert {lab.layer for lab in proj.schema.labels} == {"quote", "speaker", "cue"}


def test_attribution_candidates_are_scored_with_their_prefix(attribution_nlp) -> None:  # noqa: ANN001
    assert U.scored_components(attribution_nlp) == ["attribution"] and U.pipeline_can_score(attribution_nlp)
    known, novel = U.beam_scorer(attribution_nlp)([KNOWN, NOVEL])
    assert known and all(label.startswith(U.ATTRIBUTION_PREFIX) for _s, _e, label in known)
    content = (0, 0, "")
    for (start, end, label), p in known.items():
        if label == "attribution:CONTENT" and p > 0.5:
            content = (start, end, label)
    assert content[:2] == (1, 4)  # the tokens of 'Taxes will rise'
    assert U.article_uncertainty(known) < 0.01 < 0.1 < U.article_uncertainty(novel)
    # the doc the whole pipeline made (spans set, as in pre-annotation) scores the same
    assert U.score_docs(attribution_nlp, [attribution_nlp(NOVEL)])[0] == pytest.approx(novel)


def test_attribution_labels_count_by_the_layers_the_project_has() -> None:
    assert U.model_labels({"PERSON": "PERSON"}, {"PERSON"}) == {"PERSON"}
    assert U.model_labels({"PERSON": "PERSON"}, {"QUOTE"}, {"quote", "cue"}) == {"attribution:CONTENT", "attribution:CUE"}
    scores = {(0, 1, "PERSON"): 0.5, (2, 3, "attribution:SOURCE"): 0.9}
    assert U.article_uncertainty(scores, U.model_labels({}, set(), {"speaker"}), top_k=1) == pytest.approx(0.2)


def test_a_project_of_attributions_alone_is_ordered_by_the_attribution_component(tmp_path: Path, attribution_nlp) -> None:  # noqa: ANN001
    with Project.open(tmp_path / "q.db") as proj:
        _attributions_only(proj)
        proj.add_article(Article(None, KNOWN, title="known"))
        proj.add_article(Article(None, NOVEL, title="novel"))
        assert set(active_order.counted_labels(proj)) == {"attribution:CONTENT", "attribution:SOURCE", "attribution:CUE"}
        ranking = active_order.rank_unreviewed(proj, Loaded(attribution_nlp))
        assert ranking.usable and ranking.computed == 2
        assert [proj.article(i).title for i in ranking.order] == ["novel", "known"]
        assert ranking.scores[ranking.order[0]] > 0.1


def test_the_cache_key_names_the_components_scored(attribution_nlp) -> None:  # noqa: ANN001
    with_attribution = active_order.key_of(Loaded(attribution_nlp))
    assert with_attribution == f"tiny 1 | memory | attribution {U.MEASURE}"
    assert active_order.key_of(Loaded(load_pipeline("rule-only").nlp)) == "tiny 1 | memory"
    assert U.pipeline_key("en", "3", "x", ["ner", "attribution"]) != U.pipeline_key("en", "3", "x", ["ner"])


@trained
def test_a_trained_pipeline_with_the_attribution_component_scores_both(tmp_path: Path, attribution_nlp) -> None:  # noqa: ANN001
    import spacy

    from annotator.nlp.attribution_train import assemble

    nlp = assemble(spacy.load(BASE), attribution_nlp)
    assert U.scored_components(nlp) == ["ner", "attribution"]
    text = "Barack Obama visited Paris on Monday. " + KNOWN
    scored = U.beam_scorer(nlp)([text])[0]
    labels = {label for _s, _e, label in scored}
    assert "PERSON" in labels and any(label.startswith(U.ATTRIBUTION_PREFIX) for label in labels)
    doc = nlp(text)
    ents = [(e.start, e.end, e.label_) for e in doc.ents]
    assert U.score_docs(nlp, [doc])[0] == pytest.approx(scored)  # the parsed doc: the same candidates
    assert [(e.start, e.end, e.label_) for e in doc.ents] == ents  # and the doc is not changed


# ----------------------------------------------------------------------------- annotator preannotate


def run(*args: object):  # noqa: ANN201
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture
def saved_pipeline(tmp_path: Path, attribution_nlp) -> Path:  # noqa: ANN001
    folder = tmp_path / "tiny-pipeline"
    attribution_nlp.to_disk(folder)
    return folder


def test_preannotate_uncertainty_fills_the_cache_next_reads(tmp_path: Path, saved_pipeline: Path) -> None:
    db = tmp_path / "news.db"
    with Project.open(db) as proj:
        _attributions_only(proj)
        for title, text in (("known", KNOWN), ("novel", NOVEL), ("other", "Bob Lee told us that rain is near.")):
            proj.add_article(Article(None, text, title=title))
    plain = run("preannotate", db, "--model", saved_pipeline)
    assert plain.exit_code == 0, plain.output
    with Project.open(db) as proj:
        assert proj.db.execute("SELECT count(*) FROM article_uncertainty").fetchone()[0] == 0  # opt-in
    out = run("preannotate", db, "--model", saved_pipeline, "--redo", "--uncertainty")
    assert out.exit_code == 0, out.output
    assert "Uncertainty stored for 3 articles" in out.output
    with Project.open(db) as proj:
        key = active_order.key_of(load_pipeline(str(saved_pipeline)))
        stored = uncertainty_cache.cached_scores(proj, key)
        assert len(stored) == 3
        # the same values `annotator next` computes from the text alone
        fresh = active_order.score_texts(U.beam_scorer(load_pipeline(str(saved_pipeline)).nlp),
                                         [(i, proj.article(i).text) for i in stored], active_order.counted_labels(proj))
        assert fresh == pytest.approx(stored)
    listed = run("next", db, "--model", saved_pipeline)
    assert listed.exit_code == 0, listed.output
    assert "scored now" not in listed.stderr and "from the project's cache" in listed.stderr  # none scored again (fixut19c wording)
    assert listed.stdout.splitlines()[-1].endswith("known")  # the sure one last


def test_preannotate_leaves_done_articles_as_they_are_unless_asked(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    text = '"We will win," said Ana Ruiz. '
    with Project.open(db) as proj:
        ids = [proj.add_article(Article(None, f"{text}Day {n}.", status=status))[0].id
               for n, status in enumerate((ArticleStatus.NEW, ArticleStatus.DONE, ArticleStatus.REVIEWED, ArticleStatus.IN_PROGRESS))]
    out = run("preannotate", db, "--model", "rule-only")
    assert out.exit_code == 0, out.output
    assert "Pre-annotated 2 articles" in out.output
    assert "2 articles done: left as they are (use --include-done to add suggestions to them)." in out.output
    with Project.open(db) as proj:
        assert [bool(proj.spans(i)) for i in ids] == [True, False, False, True]
        assert [proj.preannotated(i) for i in ids] == [True, False, False, True]
    again = run("preannotate", db, "--model", "rule-only")
    assert again.exit_code == 0
    assert "Nothing to do: 2 articles already pre-annotated (use --redo to do them again); 2 articles done: left as they are" in again.output
    included = run("preannotate", db, "--model", "rule-only", "--include-done")
    assert included.exit_code == 0, included.output
    assert "Pre-annotated 2 articles" in included.output and "done: left" not in included.output
    with Project.open(db) as proj:
        assert all(proj.spans(i) for i in ids)
