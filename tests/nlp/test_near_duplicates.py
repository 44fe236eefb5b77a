"""Near-duplicate articles and the held-out split of `annotator train` (usertest14 F4: a dozen
template-made articles trained on and held out said F1 1.00 -> 1.00 while the suggestions got
worse). All texts are invented here."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pytest

from annotator.domain.model import Article, ArticleBundle, ArticleStatus, Relation, Span, Status
from annotator.nlp import train as T
from annotator.nlp.near_duplicates import groups, jaccard, near_duplicate_pairs, shingles
from annotator.nlp.pipeline import default_pipeline_name
from annotator.nlp.train_summary import training_summary
from annotator.storage.project import Project

NAMES = ["Ada Brook", "Ben Carver", "Cleo Dunn", "Dev Ellis", "Eva Frost", "Finn Grant", "Gia Holt",
         "Hugo Irving", "Ida Jones", "Jon Keller", "Kai Lund", "Lea Moss"]
TOWNS = ["Ashford", "Bramley", "Corwen", "Dalby", "Elmore", "Fenwick", "Garston", "Hexley", "Ilford", "Jarrow",
         "Kelso", "Lydney"]
THINGS = ["library", "bus depot", "swimming pool", "bridge", "clinic", "park", "school roof", "water main",
          "fire station", "market hall", "harbour wall", "cycle lane"]


def template(i: int) -> str:
    """One of twelve articles filled in from one template: a name, a town, a thing and two
    numbers change in every sentence (the usertest14 F4 kind)."""
    n, t, th = NAMES[i], TOWNS[i], THINGS[i]
    return (f"{t} council member {n} said on Monday that the {i + 3} million pound plan for the {th} would be delayed.\n"
            f"\"We cannot keep paying for a {th} nobody asked for,\" {n} told reporters outside the town hall.\n"
            f"The {th} was first proposed {i + 2} years ago, according to the council's own records.\n"
            f"Residents of {t} have said they want the money spent on roads instead.\n"
            f"{n} added that a final vote on the {th} is expected next month.")


DISTINCT = [
    "The harvest in the northern valleys came in late this year after a wet spring, and growers say prices "
    "for apples will climb before the winter markets open. One orchard owner blamed the frost in April.",
    "A regional airline cancelled forty flights on Tuesday when a software fault grounded its fleet for most "
    "of the morning; passengers queued for hours at the check-in desks while engineers restored the system.",
    "Scientists studying a glacier in the south reported that its front retreated by almost a kilometre "
    "over the past decade, a pace they described as faster than any of their models had predicted.",
    "The city museum will reopen its east wing in March with an exhibition of maps drawn by sailors, "
    "many of them never shown before, the curator told a small gathering of donors last week.",
    "Union leaders and the rail operator failed to agree on wages after eleven hours of talks, and a "
    "strike planned for Friday is likely to go ahead, disrupting commuters across three counties.",
    "A new study of sleep among teenagers found that those who put away their phones an hour before bed "
    "slept forty minutes longer on average, the researchers wrote in a paper published on Thursday.",
    "Fishermen along the coast protested outside parliament against quotas they say will close half "
    "the small harbours by the end of the decade; ministers promised to review the figures.",
    "The national football team named a twenty-year-old goalkeeper for the spring friendlies, "
    "a surprise choice that the coach defended by pointing to his calm in penalty shoot-outs.",
]


# ----------------------------------------------------------------------------- the measure


def test_template_articles_are_near_duplicates_and_distinct_ones_are_not() -> None:
    sets = [shingles(template(i)) for i in range(12)]
    pairs = near_duplicate_pairs(sets)
    assert [(i, j) for i, j, _v in pairs] == list(itertools.combinations(range(12), 2))
    assert all(0.3 <= v < 0.5 for *_ij, v in pairs)  # 0.38-0.39: a near copy, not a copy
    assert groups(12, pairs) == [0] * 12
    distinct = [shingles(t) for t in DISTINCT]
    assert near_duplicate_pairs(distinct) == []
    assert max(jaccard(a, b) for a, b in itertools.combinations(distinct, 2)) < 0.1
    assert groups(len(distinct), []) == list(range(len(distinct)))


def test_same_text_is_jaccard_one_and_case_and_punctuation_do_not_count() -> None:
    a = shingles("The mayor said the plan would wait.")
    assert jaccard(a, shingles("THE MAYOR SAID -- the plan would wait!")) == 1.0
    assert shingles("") == frozenset() and jaccard(frozenset(), frozenset()) == 0.0
    assert len(shingles("Two words")) == 1  # shorter than a shingle: one shingle of its words
    with pytest.raises(ValueError):
        near_duplicate_pairs([a], 0.0)


@pytest.mark.parametrize("threshold", [0.2, 0.3, 0.5, 0.9, 1.0])
def test_prefix_filter_finds_exactly_the_pairs_a_full_comparison_finds(threshold: float) -> None:
    rng = random.Random(threshold)
    base = [rng.sample(range(400), rng.randint(5, 60)) for _ in range(15)]
    # near copies: each base set with some of its items swapped, dropped or added
    sets = [frozenset(b) for b in base] + [
        frozenset(rng.sample(b, max(1, len(b) - rng.randint(0, len(b) // 2))) + rng.sample(range(400, 500), rng.randint(0, 8)))
        for b in base]
    sets.append(frozenset())
    full = [(i, j, jaccard(sets[i], sets[j])) for i, j in itertools.combinations(range(len(sets)), 2)
            if jaccard(sets[i], sets[j]) >= threshold]
    assert near_duplicate_pairs(sets, threshold) == full


# ----------------------------------------------------------------------------- the split


def _hashes(texts: list[str]) -> list[str]:
    from annotator.domain.model import text_hash

    return [text_hash(t) for t in texts]


def test_distinct_articles_split_as_by_hash_with_no_warning() -> None:
    texts = [f"{t} Report number {k}." for k, t in enumerate(DISTINCT)]
    hashes = _hashes(texts)
    split = T.split_articles(hashes, texts)
    assert (split.train, split.heldout) == T.split_by_hash(hashes)
    assert split.near_duplicates == 0 and split.warning("attribution") == ""


def test_template_articles_alone_are_held_out_with_the_warning() -> None:
    texts = [template(i) for i in range(12)]
    split = T.split_articles(_hashes(texts), texts)
    assert (split.train, split.heldout) == T.split_by_hash(_hashes(texts))  # no other split exists
    assert split.near_duplicates == len(split.heldout) >= 1
    line = split.warning("attribution")
    n = len(split.heldout)
    assert line.startswith(f"Near-duplicates: {n} of {n} held-out article")
    assert "overstate the gain" in line and "\n" not in line


def test_template_articles_go_to_training_when_distinct_ones_can_be_held_out() -> None:
    texts = [template(i) for i in range(12)] + [f"{t} Report number {k}." for k, t in enumerate(DISTINCT)]
    hashes = _hashes(texts)
    split = T.split_articles(hashes, texts)
    by_hash_train, _ = T.split_by_hash(hashes)
    assert sorted(split.train + split.heldout) == list(range(len(texts)))
    assert split.heldout and split.train
    assert set(split.heldout) <= set(range(12, len(texts)))  # only distinct articles held out
    assert split.near_duplicates == 0
    # no article the hash trains on is held out (a model trained on the hash split is not scored on its own data)
    if len([i for i in range(12, len(texts)) if i not in by_hash_train]) > 0:
        assert not set(split.heldout) & set(by_hash_train)
    assert T.split_articles(hashes, texts) == split  # deterministic
    order = list(reversed(range(len(texts))))  # and by article, not by position
    again = T.split_articles([hashes[i] for i in order], [texts[i] for i in order])
    assert {hashes[order[i]] for i in again.heldout} == {hashes[i] for i in split.heldout}


def test_two_template_families_hold_out_one_family_whole() -> None:
    # the second family: the same names, towns and things in a different template
    fam2 = [f"Work on the {THINGS[i]} in {TOWNS[i]} stopped again this week, {NAMES[i]} wrote in a letter to "
            f"{i + 4} thousand households, blaming a shortage of steel and of trained welders across the region. "
            "The contractor has asked for more time and for more money, and the letter says neither will be "
            "given until the work on the site is checked by an engineer from outside the county." for i in range(6)]
    texts = [template(i) for i in range(6)] + fam2
    hashes = _hashes(texts)
    split = T.split_articles(hashes, texts)
    fams = ({*range(6)}, {*range(6, 12)})
    assert set(split.heldout) in fams and set(split.train) in fams  # one family held out, never half of one
    assert split.near_duplicates == 0


# ----------------------------------------------------------------------------- what train and the dialog say


def _quote_article(text: str, i: int) -> ArticleBundle:
    """``text`` with a reviewed attribution on its first sentence: the whole sentence as content,
    its first word as speaker and cue (enough for the corpus and the summary)."""
    end = text.index(".") if "." in text else len(text)
    spans = [Span("q", 0, 0, end, "QUOTE", "quote", status=Status.ACCEPTED),
             Span("s", 0, 0, text.index(" "), "SPEAKER", "speaker", status=Status.ACCEPTED),
             Span("c", 0, text.index(" ") + 1, text.index(" ", text.index(" ") + 1), "CUE", "cue", status=Status.ACCEPTED)]
    relations = [Relation("r1", 0, "q", "s", "SPEAKER", status=Status.ACCEPTED),
                 Relation("r2", 0, "q", "c", "CUE", status=Status.ACCEPTED)]
    return ArticleBundle(Article(None, text, title=f"A{i}", status=ArticleStatus.DONE), spans=spans, relations=relations)


def test_summary_warns_of_template_articles_and_not_of_distinct_ones(tmp_path: Path) -> None:
    with Project.open(tmp_path / "t.db") as project:
        project.import_bundles([_quote_article(template(i), i) for i in range(12)])
        summary = training_summary(project)
    assert summary.trains_attributions and summary.attribution_near_duplicates == summary.attribution_heldout >= 1
    [line] = summary.warnings()
    assert line.startswith(f"Near-duplicates: {summary.attribution_heldout} of {summary.attribution_heldout} held-out")
    assert "attribution run" in line
    with Project.open(tmp_path / "d.db") as project:
        project.import_bundles([_quote_article(f"{t} Report number {k}.", k) for k, t in enumerate(DISTINCT)])
        summary = training_summary(project)
    assert summary.trains_attributions and summary.attribution_heldout >= 1
    assert summary.attribution_near_duplicates == 0 and summary.warnings() == []


def test_train_result_warns_in_one_line_per_run() -> None:
    run = T.AttributionRun(train_articles=9, heldout_articles=3, steps=1, resumed_from_step=0, seconds=1.0,
                           before={"labels": {}, "attribution": {}}, after={"labels": {}, "attribution": {}},
                           near_duplicates=3)
    result = T.TrainResult(Path("out"), [], 0, 0, 0, 0.0, 0, {}, {}, [], attribution=run)
    assert result.warnings() == [T.Split([], [0, 1, 2], 3).warning("attribution")]
    run.near_duplicates = 0
    assert result.warnings() == []


@pytest.mark.skipif(default_pipeline_name() is None, reason="no trained spaCy pipeline installed")
def test_train_command_says_the_held_out_template_articles_overstate_the_gain(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from annotator.cli import cli

    bundles = []
    for i in range(12):
        text = template(i)
        at = text.index(NAMES[i])
        bundles.append(ArticleBundle(Article(None, text, title=f"T{i}", status=ArticleStatus.DONE),
                                     spans=[Span(f"s{i}", 0, at, at + len(NAMES[i]), "PERSON", "entity")]))
    with Project.open(tmp_path / "template.db") as project:
        project.import_bundles(bundles)
    ran = CliRunner().invoke(cli, ["train", str(tmp_path / "template.db"), "--output", str(tmp_path / "out"),
                                   "--max-steps", "1", "--eval-frequency", "1"])
    assert ran.exit_code == 0, ran.output
    [line] = [x for x in ran.stderr.splitlines() if x.startswith("Near-duplicates: ")]
    assert "of the entity run" in line and "overstate the gain" in line
