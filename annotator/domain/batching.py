"""Fixed-size batches of an iterable (``itertools.batched`` arrived in Python 3.12; this project
runs on 3.11), for the import's and exports' batch-at-a-time work."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of ``size`` consecutive items of ``items`` (the last one shorter, none empty)."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
