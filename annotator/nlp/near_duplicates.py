"""Near-duplicate articles, for the held-out split of ``annotator train`` (usertest14 F4).

A held-out article that is a near copy of a training article scores what the model memorised,
not what it learned: a dozen articles made from one template trained on, and held out, said
F1 1.00 -> 1.00 while the suggestions on other articles got worse. So the split keeps near
copies together on the training side where it can (:func:`annotator.nlp.train.split_articles`)
and says how many held-out articles still have a near copy in training.

Two articles are near-duplicates when the Jaccard similarity of their sets of
:data:`SHINGLE_WORDS`-word shingles (lower-cased ``\\w+`` words, each shingle hashed to an int)
is at least :data:`NEAR_DUPLICATE_JACCARD`. Measured on polnear-train (840 news articles, 3-word
shingles): the 7 pairs at 0.3 or more are the same story published twice or updated (Jaccard
0.52–1.00); every other pair is below 0.3. Twelve short articles filled in from one template
(a name, a town, a number and a thing changed in each sentence) score 0.38–0.39 with each
other. The pairs are found exactly (no sampling) by prefix filtering: two sets of Jaccard >= t
share one of the ``|A| - ceil(t |A|) + 1`` rarest shingles of each (rarest over the whole
collection), so only pairs sharing a rare shingle are compared. Pure Python, no spaCy.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from itertools import chain

SHINGLE_WORDS = 3
NEAR_DUPLICATE_JACCARD = 0.3
_WORD = re.compile(r"\w+")


def shingles(text: str, k: int = SHINGLE_WORDS) -> frozenset[int]:
    """The hashed ``k``-word shingles of ``text`` (lower-cased ``\\w+`` words); a text of fewer
    than ``k`` words is one shingle of its words, an empty one none. The hashes are Python's
    (salted per process): compare sets made in the same process only."""
    words = _WORD.findall(text.casefold())
    if len(words) < k:
        return frozenset([hash(tuple(words))]) if words else frozenset()
    return frozenset(map(hash, zip(*(words[i:] for i in range(k)))))


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    """|a & b| / |a | b| (0..1); 0.0 when both are empty."""
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


def near_duplicate_pairs(sets: Sequence[frozenset[int]],
                         threshold: float = NEAR_DUPLICATE_JACCARD) -> list[tuple[int, int, float]]:
    """Every pair ``(i, j, jaccard)`` with ``i < j`` of ``sets`` (from :func:`shingles`) whose
    Jaccard similarity is at least ``threshold`` (0 < threshold <= 1), in ``(i, j)`` order.
    Exact: the prefix filter of the module docstring only skips pairs that cannot reach it.
    Raises ValueError for a threshold outside (0, 1]."""
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], not {threshold}")
    df = Counter(chain.from_iterable(sets))
    common = frozenset(h for h, count in df.items() if count > 1)
    index: dict[int, list[int]] = defaultdict(list)
    candidates: set[tuple[int, int]] = set()
    for i, s in enumerate(sets):
        if not s:
            continue
        prefix = len(s) - math.ceil(threshold * len(s)) + 1
        # Shingles of this article alone come first in the global order (df, hash) and can pair
        # with nothing: only the shared ones inside the prefix are sorted and indexed.
        shared = s & common
        keep = prefix - (len(s) - len(shared))
        if keep <= 0:
            continue
        for h in sorted(sorted(shared), key=df.__getitem__)[:keep]:
            posting = index[h]
            candidates.update((j, i) for j in posting)
            posting.append(i)
    out = []
    for i, j in sorted(candidates):
        a, b = sets[i], sets[j]
        if min(len(a), len(b)) < threshold * max(len(a), len(b)):
            continue  # sizes alone rule it out
        value = jaccard(a, b)
        if value >= threshold:
            out.append((i, j, value))
    return out


def groups(n: int, pairs: Sequence[tuple[int, int, float]]) -> list[int]:
    """For items ``0..n-1`` and the near-duplicate ``pairs``, each item's group: the smallest
    index joined to it through pairs (so an item with no pair is its own group)."""
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j, _value in pairs:
        a, b = root(i), root(j)
        if a != b:
            parent[max(a, b)] = min(a, b)
    return [root(i) for i in range(n)]
