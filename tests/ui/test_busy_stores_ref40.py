"""ref40: the window pre-annotation's busy-store decisions (fix32, fix34), without a window.

:class:`annotator.ui.busy_stores.BusyStores` holds what ``Preannotator`` kept in ~10 fields: the
stores waiting for a busy project file, the retries' backoff, what is given back, the backlog and
the busy line. The window's own runs are tested in test_preannotation_busy_file_fix32.py and
test_preannotation_busy_numbers_fix34.py; here each decision at the numbers those tests use."""

from __future__ import annotations

import subprocess
import sys

import pytest

from annotator.ui.busy_stores import BusyStores
from tests.ui.test_preannotation_busy_numbers_fix34 import _count

pytestmark = pytest.mark.timeout(60)

WORKER, OTHER = "run", "run before"  # stand-ins for the workers: only passed back to the caller


def _name() -> str:
    return "p.db"


def _waiting(stores: BusyStores[str], ids: range | list[int], worker: str = WORKER) -> None:
    for i in ids:
        stores.keep(i, f"suggestions {i}", worker)


def test_the_backoff_is_50_ms_doubling_to_3_2_s_then_give_back() -> None:
    from annotator.ui.preannotation import STORE_RETRY_MS

    stores: BusyStores[str] = BusyStores()
    _waiting(stores, [1])
    delays = [stores.first_delay(STORE_RETRY_MS)]
    while (delay := stores.next_delay(STORE_RETRY_MS)) is not None:
        delays.append(delay)
    assert delays == [50, 100, 200, 400, 800, 1600, 3200]  # ~6.4 s in all, then the articles go back
    assert stores.tries == len(STORE_RETRY_MS)
    # a store that goes in starts the next one's tries afresh
    stores.tries = 3
    stores.stored_first()
    assert stores.tries == 0 and stores.first() is None
    # the tests' short backoff (20, 40, 80 ms): three waits, then None
    short = (20, 40, 80)
    assert stores.first_delay(short) == 20
    assert [stores.next_delay(short) for _ in range(3)] == [40, 80, None]


def test_stores_are_tried_in_the_order_made_and_wait_behind_waiting_ones_and_edits() -> None:
    stores: BusyStores[str] = BusyStores()
    assert not stores.must_wait(edits_waiting=False)
    assert stores.must_wait(edits_waiting=True)  # the analyst's edit goes first
    _waiting(stores, [5, 3, 9])
    assert stores.must_wait(edits_waiting=False)  # a new store queues behind them: writes stay in order
    tried = []
    while (first := stores.first()) is not None:
        tried.append(first)
        stores.stored_first()
    assert tried == [(5, "suggestions 5", WORKER), (3, "suggestions 3", WORKER), (9, "suggestions 9", WORKER)]


def test_give_back_once_a_run_then_left_pending_and_nothing_is_lost() -> None:
    stores: BusyStores[str] = BusyStores()
    stores.new_run()
    _waiting(stores, [1, 2])
    _waiting(stores, [3], worker=OTHER)  # the run before's: this run does not take it
    told: list[tuple[int, str]] = []
    asked: list[int] = []

    def take_later(article_id: int, worker: str) -> bool:
        asked.append(article_id)
        return worker == WORKER

    stores.tries = 6
    stores.give_back(lambda i, w: told.append((i, w)), take_later)
    assert told == [(1, WORKER), (2, WORKER), (3, OTHER)]  # every worker told, in order
    assert stores.given_back == {1, 2} and stores.left_pending == [3]
    assert not stores.unsaved and stores.tries == 0
    assert list(stores.backlog) == [1, 2, 3]  # still counted until stored
    # made again and refused again: this run gave them back once already, so the next run's
    _waiting(stores, [2, 1])
    asked.clear()
    stores.give_back(lambda i, w: None, take_later)
    assert asked == [] and stores.left_pending == [3, 2, 1]
    assert list(stores.backlog) == [1, 2, 3]
    # a new run starts afresh; what still waits stays waiting
    _waiting(stores, [4])
    stores.new_run()
    assert stores.given_back == set() and stores.left_pending == [] and stores.backlog == {}
    assert [i for i, _s, _w in stores.unsaved] == [4]


@pytest.mark.parametrize("waiting", [12, 28, 42, 56, 29, 17, 5, 160, 1234])
def test_the_busy_lines_text_counts_the_backlog(waiting: int) -> None:
    stores: BusyStores[str] = BusyStores()
    _waiting(stores, range(100, 100 + waiting))
    line = stores.text(_name)
    assert _count(line) == waiting  # as test_preannotation_busy_numbers_fix34 reads the bar
    assert line == (f"Suggestions for {waiting:,} articles not saved yet, they will be tried again later in this run: "
                    "p.db is busy (another program is writing to it)")


def test_the_busy_lines_words_for_one_article_and_for_articles_left_pending() -> None:
    stores: BusyStores[str] = BusyStores()
    assert stores.text(_name) == ""  # nothing waits
    _waiting(stores, [49])
    assert stores.text(_name) == ("Suggestions for article 49 not saved yet, it will be tried again later in this run: "
                                  "p.db is busy (another program is writing to it)")
    stores.give_back(lambda i, w: None, lambda i, w: False)  # the run ended: left pending
    assert stores.text(_name).startswith("Suggestions for article 49 not saved yet, it will be tried again when the "
                                         "project is next pre-annotated: ")
    _waiting(stores, [50, 51])
    assert stores.text(_name).startswith("Suggestions for 3 articles not saved yet, they will be tried again later in "
                                         "this run or the next one: ")
    for i in (49, 50, 51):
        stores.settled(i)
    assert stores.text(_name) == ""


def test_the_busy_line_is_said_at_the_first_give_back_then_follows_the_backlog() -> None:
    stores: BusyStores[str] = BusyStores()
    stores.new_run()
    _waiting(stores, range(1, 13))
    assert not stores.redraw_due()  # not said yet: a store waiting is not shown on its own
    stores.give_back(lambda i, w: None, lambda i, w: True)
    assert stores.say_on_give_back(run_going=True)
    said = stores.next_line(_name)
    assert said is not None and _count(said[0]) == 12 and said[1] == 0  # until replaced
    stores.last_said = said[0]  # the bar shows it
    assert stores.is_line(said[0]) and stores.was_line(said[0]) and not stores.is_line("")
    assert stores.next_line(_name) is None  # the same count: not said again
    assert stores.waits(13)  # the count changed: a redraw is due (the caller's timer: BUSY_LINE_MS)
    second = stores.next_line(_name)
    assert second is not None and _count(second[0]) == 13
    stores.last_said = second[0]
    assert not stores.say_on_give_back(run_going=True)  # said and still shown: not said anew
    # another line replaced it (an article's error): a redraw says nothing over it ...
    stores.last_said = "No suggestions for article 3: bad"
    assert stores.waits(14) and stores.next_line(_name) is None
    assert not stores.say_on_give_back(run_going=False)  # ... the run's end line stays
    assert stores.say_on_give_back(run_going=True)  # ... but a later give-back of the run says it anew
    again = stores.next_line(_name)
    assert again is not None and _count(again[0]) == 14
    stores.last_said = again[0]
    # every article stored: said so for 5 s, and the line is said again at the next give-back
    for i in range(1, 15):
        stores.settled(i)
    assert not stores.settled(99)  # never waited: nothing to redraw
    assert stores.next_line(_name) == ("The suggestions that waited for p.db are saved", 5000)
    assert not stores.said and stores.line == "" and not stores.redraw_due()
    assert stores.was_line(said[0]) and stores.was_line(again[0])  # "Lately" knows the older counts
    stores.forget_project()
    assert not stores.was_line(said[0])


def test_another_project_drops_every_waiting_store_in_order() -> None:
    stores: BusyStores[str] = BusyStores()
    _waiting(stores, [7, 8])
    stores.tries = 2
    assert [(i, w) for i, _s, w in stores.forget_project()] == [(7, WORKER), (8, WORKER)]
    assert not stores.unsaved and stores.tries == 0 and stores.backlog == {} and stores.line == ""


def test_the_module_is_qt_free() -> None:
    code = "import sys, annotator.ui.busy_stores; sys.exit('PySide6' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False, timeout=30).returncode == 0
