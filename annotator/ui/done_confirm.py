"""Marking an uncurated team article done asks first (issue 11, fix11f).

In a team project (the file holds analysts' layers of the article) the article's gold is what the
curation view decided. Marking it done in the main window while some of the analysts' units are
undecided would export it as gold with those units missing (an article given to one analyst, none
of her 38 units curated, exported with 0 spans). So the first "done" on such an article writes
nothing and names the undecided units; the same "done" on the same article again is written, its
change-log entry saying how many units were left undecided. The pattern of
:mod:`annotator.ui.relabel_confirm`. No Qt here.
"""

from __future__ import annotations

from annotator.storage.project import Project


#: An article whose analysts' layers hold more spans than this is not aligned to count its
#: undecided units when it is marked done (seconds on the UI thread: the curation view aligns such an
#: article in the background, ``curation_view.BACKGROUND_SPANS``); its units are "not counted".
COUNT_UP_TO_SPANS = 4_000

#: ``undecided_units`` of a long article not curated: some units undecided, how many not counted.
NOT_COUNTED = -1


def undecided_units(project: Project, article_id: int, *, count_up_to: int | None = None) -> int:
    """The analysts' units of ``article_id`` (span units and stance disagreements,
    :meth:`annotator.domain.curation.Alignment.undecided`) the gold layer has not decided; 0 when
    no analyst was given the article (not a team article: nothing to curate) or the curation marked
    it curated; :data:`NOT_COUNTED` for an article not curated whose analysts' layers hold more than
    ``count_up_to`` spans (default :data:`COUNT_UP_TO_SPANS`; aligning it to count would block the window)."""
    # issue 12 (launch12): imported at the first "done", not before the window's first paint
    from annotator.domain import curation

    article = project.article(article_id)
    if curation.curation_status(article) == "curated":
        return 0  # every unit decided (the curation's own mark): no alignment read on the UI thread
    analysts = [info.analyst for info in project.layers()]
    if not any(article_id in set(project.layer_article_ids(a)) for a in analysts):
        return 0
    (spans,) = project.db.execute("SELECT count(*) FROM layer_spans WHERE article_id = ?", [article_id]).fetchone()
    if spans > (COUNT_UP_TO_SPANS if count_up_to is None else count_up_to):
        return NOT_COUNTED
    data = curation.curation_input(project, article_id, analysts)
    return curation.ArticleCuration(data).alignment.undecided()


class DoneConfirmation:
    """The "done" asked once on an article whose curation is unfinished (see the module doc)."""

    def __init__(self) -> None:
        self._asked: tuple[int, int, str] | None = None

    def refusal(self, article_id: int, undecided: int, *, status: str = "done", key: str = "Ctrl+Return") -> str:
        """"" when the article may be marked ``status`` now (nothing undecided, or the same article,
        count and status were refused just before); else the message saying why nothing was
        written, naming ``key`` (the key that marks it) to press again."""
        asked = (article_id, undecided, status)
        if undecided == 0 or self._asked == asked:
            self._asked = None
            return ""
        self._asked = asked
        units = ("its curation is not finished: units of the analysts are" if undecided == NOT_COUNTED else
                 f"{undecided} unit{'s' if undecided != 1 else ''} of the analysts {'are' if undecided != 1 else 'is'}")
        return (f"Not marked {status}: {units} not decided in gold, so gold export would leave them out; "
                f"curate it (Ctrl+Shift+K) — press {key} again to mark it {status} as it is")

    def forget(self) -> None:
        """Another article was opened: the next "done" asks again."""
        self._asked = None


def done_description(undecided: int, *, status: str = "done") -> str:
    """The change log's action of marking the article ``status`` confirmed over ``undecided``
    units ("": the usual one, when nothing was undecided)."""
    if not undecided:
        return ""
    if undecided == NOT_COUNTED:
        return f"Mark article {status} with its curation not finished (confirmed)"
    return f"Mark article {status} with {undecided} of the analysts' units not decided in gold (confirmed)"
