"""Every decision reaches every dataset exactly: random articles and edit sequences, then every
export format (``--status accepted`` and ``all``) read back by its consumer, and re-import.

One test per (format, facet); each known fault is an ``xfail(strict=True)`` at that level, so it
turns into XPASS the day it is fixed. The exports of one scenario are computed once and shared by
the facets (a cache keyed by the scenario, which is plain data).
"""

from __future__ import annotations

import collections
import dataclasses
import tempfile
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests.fidelity import exports, oracle
from tests.fidelity.findings import EXPORT_FINDINGS
from tests.fidelity.harness import FAST_TMP, fidelity_settings, fresh_project, play, same_examples_for_every_parameter, template_bytes
from tests.fidelity.strategies import Scenario, scenarios


@dataclasses.dataclass
class Outcome:
    expected: oracle.Expected
    held: exports.Held
    left_out: dict[str, int]
    exit_code: int
    stderr: str
    roundtrip: list[str] | None  # problems of export → import into a fresh project → export; None: not importable


_CACHE: collections.OrderedDict[tuple, Outcome] = collections.OrderedDict()
IMPORTABLE = ("jsonl", "brat")
STATS = collections.Counter()  # outcomes asked for / computed (the cache's hit rate)


def outcome(scenario: Scenario, fmt: str, status: str) -> Outcome:
    key = (scenario, fmt, status)
    STATS["asked"] += 1
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    STATS["computed"] += 1
    with fresh_project() as project, tempfile.TemporaryDirectory(prefix="fidelity-out-", dir=FAST_TMP) as folder:
        play(project, scenario)
        exp = oracle.expected(project, status)
        first = exports.export(project.path, fmt, status, Path(folder))
        held = exports.read(first, exp.texts) if first.exit_code == 0 else exports.Held()
        roundtrip = _roundtrip(first, Path(folder)) if fmt in IMPORTABLE and first.exit_code == 0 else None
        result = Outcome(exp, held, first.left_out, first.exit_code, first.stderr, roundtrip)
    _CACHE[key] = result
    if len(_CACHE) > 400:
        _CACHE.popitem(last=False)
    return result


def _roundtrip(first: exports.Exported, folder: Path) -> list[str]:
    """Import the export into a fresh project and export it again: the same bytes."""
    again = folder / "again"
    again.mkdir()
    path = folder / "reimported.db"
    path.write_bytes(template_bytes())
    code, stderr = exports.import_into(path, first.path)
    if code != 0:
        return [f"re-import refused: {stderr.strip()}"]
    second = exports.export(path, first.fmt, first.status, again)
    problems = []
    before, after = exports.files_of(first), exports.files_of(second)
    if len(before) != len(after):
        problems.append(f"{len(before)} files before, {len(after)} after")
    for (suffix, a), (_, b) in zip(before, after):
        if a != b:
            problems.append(f"{suffix or first.fmt} differs after re-import: {_first_difference(a, b)}")
    return problems


def _first_difference(a: bytes, b: bytes) -> str:
    ta, tb = a.decode("utf-8", "replace"), b.decode("utf-8", "replace")
    at = next((i for i, (x, y) in enumerate(zip(ta, tb)) if x != y), min(len(ta), len(tb)))
    return f"at character {at}: {ta[max(0, at - 60):at + 60]!r} became {tb[max(0, at - 60):at + 60]!r}"


NOT_HELD = "not held by the format and not in ExportReport.left_out"
# (format, facet) → the fault, for the checks that fail today. Filled from the runs recorded in
# docs/fidelity.md; remove an entry when its test XPASSes.
KNOWN: dict[tuple[str, str], str] = {
}

def _examples(found):  # noqa: ANN001, ANN202
    """The minimal examples found so far (tests/fidelity/findings.py), as explicit examples."""
    def decorate(test):  # noqa: ANN001, ANN202
        for scenario, status in found:
            test = example(scenario=scenario, status=status)(test)
        return test
    return decorate


CASES = [(fmt, facet) for fmt in exports.FORMATS for facet in (*oracle.FACETS, "roundtrip")
         if facet != "roundtrip" or fmt in IMPORTABLE]


def _param(fmt: str, facet: str):  # noqa: ANN202
    reason = KNOWN.get((fmt, facet))
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(fmt, facet, marks=marks, id=f"{fmt}-{facet}")


@pytest.mark.parametrize(("fmt", "facet"), [_param(f, c) for f, c in CASES])
@same_examples_for_every_parameter
@fidelity_settings()
@given(scenario=scenarios(), status=st.sampled_from(exports.STATUSES))
@_examples(EXPORT_FINDINGS)
def test_export_holds_every_decision(fmt: str, facet: str, scenario: Scenario, status: str) -> None:
    result = outcome(scenario, fmt, status)
    if facet == "roundtrip":
        problems = result.roundtrip or []
    else:
        problems = oracle.check(facet, result.expected, result.held, result.left_out, result.exit_code)
    assert not problems, f"{fmt} --status {status}, {facet}: " + " | ".join(problems)


def teardown_module() -> None:
    print(f"\nfidelity export cache: {STATS['asked']} outcomes asked for, {STATS['computed']} computed")
