"""A hand-made project for search tests: every record placed by hand, so each expected hit is known."""

from __future__ import annotations

from pathlib import Path

from annotator.domain.model import Article, ArticleBundle, Relation, Span, Stance, Status
from annotator.storage.project import Project
from tests.text_support import offsets as _at

FLYNN_TEXT = ("Michael Flynn said the talks would go on. \"We are ready,\" he told reporters. "
              "Flynn's aide claimed that US missile defence costs too much.")
MERKEL_TEXT = "Angela Merkel said that Europe stands with Kyiv. The Flynnite group disagreed."
PENDING_TEXT = "Pending text: the minister\u00a0José Müller said nothing new."


def _span(sid: str, text: str, piece: str, label: str, layer: str, *, status: Status = Status.ACCEPTED,
          by: str = "ana", attrs: dict | None = None, nth: int = 0) -> Span:
    start, end = _at(text, piece, nth)
    if piece.startswith(" "):  # a short word, found with its spaces around it
        start, end = start + 1, end - 1
    return Span(sid, 0, start, end, label, layer, status=status, by=by, attrs=attrs or {})


def build(path: Path) -> Project:
    """Three articles: (1) two quotes by Flynn — one through the pronoun "he" with speaker_ref —
    and a claim by Flynn's aide against US missile defence (a stance resting on it); (2) a quote
    by Merkel, a rejected quote, a "Flynnite" entity; (3) pending suggestions, accents and an NBSP."""
    t1, t2, t3 = FLYNN_TEXT, MERKEL_TEXT, PENDING_TEXT
    one = ArticleBundle(
        Article(None, t1, title="Flynn talks"),
        spans=[
            _span("spk1", t1, "Michael Flynn", "SPEAKER", "speaker"),
            _span("per1", t1, "Michael Flynn", "PERSON", "entity"),
            _span("cue1", t1, "said", "CUE", "cue"),
            _span("q1", t1, "the talks would go on", "QUOTE", "quote"),
            _span("q2", t1, "We are ready,", "QUOTE", "quote", by="bob", attrs={"speaker_ref": "Michael Flynn"}),
            _span("he", t1, " he ", "SPEAKER", "speaker"),
            _span("aide", t1, "Flynn's aide", "SPEAKER", "speaker"),
            _span("c1", t1, "US missile defence costs too much", "CLAIM", "claim"),
        ],
        relations=[
            Relation("r1", 0, "q1", "spk1", "SPEAKER"), Relation("r2", 0, "q1", "cue1", "CUE"),
            Relation("r3", 0, "q2", "he", "SPEAKER"), Relation("r4", 0, "c1", "aide", "CLAIMANT"),
        ],
        stances=[Stance("st1", 0, "Flynn's aide", "US missile defence", "against", holder_span="aide", evidence="c1")],
    )
    two = ArticleBundle(
        Article(None, t2, title="Merkel on Kyiv"),
        spans=[
            _span("spk2", t2, "Angela Merkel", "SPEAKER", "speaker"),
            _span("q3", t2, "Europe stands with Kyiv", "QUOTE", "quote"),
            _span("q4", t2, "The Flynnite group disagreed", "QUOTE", "quote", status=Status.REJECTED),
            _span("org2", t2, "Flynnite", "NORP", "entity"),
        ],
        relations=[Relation("r5", 0, "q3", "spk2", "SPEAKER")],
        stances=[Stance("st2", 0, "Angela Merkel", "US missile defence", "favor", evidence="q3")],
    )
    three = ArticleBundle(
        Article(None, t3, title="Pending"),
        spans=[
            _span("s3", t3, "José Müller", "PERSON", "entity", status=Status.SUGGESTED, by="machine"),
            _span("s4", t3, "minister\u00a0José Müller", "SPEAKER", "speaker", status=Status.SUGGESTED, by="machine"),
        ],
    )
    project = Project.open(path)
    project.import_bundles([one, two, three])
    # Importing does not store holder_span/evidence yet (storage/rows.py predates migration 0003):
    # write them as the article panel will.
    with project.writing():
        for stance in (*one.stances, *two.stances):
            project.db.execute("UPDATE stances SET holder_span = ?, evidence = ? WHERE id = ?",
                               [stance.holder_span, stance.evidence, stance.id])
    return project
