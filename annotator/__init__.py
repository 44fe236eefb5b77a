"""Annotator: annotate news articles with entities, quotes, claims and stances."""

from __future__ import annotations

__version__ = "0.1.0"
