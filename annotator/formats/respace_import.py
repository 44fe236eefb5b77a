"""fix38 (usertest28 M4): an imported document that is an article of the project with its
whitespace changed — a CoNLL export rebuilt from tokens, a re-wrapped JSONL text, a brat .txt
with CRLF — becomes a re-import of that article, not a copy of it.

:class:`WhitespaceMatch` sits between the reading (:func:`annotator.formats.read_all`) and
:meth:`annotator.storage.project.Project.import_bundles`, in the import's transaction. A bundle
whose exact text the project holds goes on as it is (the import finds it by its hash, as
always). Any other, in a project that held articles when the import began, is looked up by its
whitespace-insensitive key (:func:`annotator.domain.respacing.text_key`) among those articles;
one whose text less whitespace is equal becomes a bundle of that article
(:func:`annotator.domain.respacing.respaced`: the stored text, every span mapped onto it), which
the import then handles exactly as a re-import of the same text (merge rules, analysts' layers,
decisions kept). The stored text is never replaced. A document whose text differs in anything but
whitespace is a new article, as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from annotator.domain.model import ArticleBundle
from annotator.domain.respacing import Respacing, respaced, text_key
from annotator.storage import text_keys
from annotator.storage.project import Project


class WhitespaceMatch:
    """One import's look-up (module docstring). :attr:`matched`: how many articles the project
    held bundles were placed on by whitespace (each once, as "already in the project" counts
    them); :meth:`keep_keys` stores the keys computed for new articles."""

    def __init__(self, project: Project) -> None:
        self.conn = project.db.conn
        self.up_to: int | None = None  # the largest article id when the import began
        self.filled = False
        self.articles: set[int] = set()  # the articles bundles matched: each counted once, as "already in the project" is
        self.new_keys: dict[int, int] = {}  # position in the import -> key, of bundles matched to no article

    def stream(self, bundles: Iterator[ArticleBundle], suggested: list[tuple[int, list[tuple[Any, dict[str, Any]]]]] | None,
               ) -> Iterator[ArticleBundle]:
        """``bundles``, each one of an article the project held but for whitespace made a bundle
        of that article; ``suggested`` (:func:`annotator.formats.read_all`'s, filled as the
        bundles are read) gets that bundle's records and suggestions in place of the read ones."""
        for position, bundle in enumerate(bundles):
            if self.up_to is None:  # at the first bundle, before the import inserts anything
                self.up_to = self.conn.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0]
            if self.up_to == 0 or self._held(bundle.article.text_hash):
                yield bundle
                continue
            found = self._placed(bundle, position)
            if found is None:
                yield bundle
                continue
            if suggested and suggested[-1][0] == position:
                from annotator.formats import _with_suggestions

                suggested[-1] = (position, _with_suggestions(found))  # type: ignore[arg-type]
            yield found

    def _held(self, text_hash: str) -> bool:
        return self.conn.execute("SELECT 1 FROM articles WHERE text_hash = ?", [text_hash]).fetchone() is not None

    def _placed(self, bundle: ArticleBundle, position: int) -> ArticleBundle | None:
        key = text_key(bundle.article.text)
        if not self.filled:
            text_keys.fill(self.conn)
            self.filled = True
        for article_id, text, text_hash in text_keys.matches(self.conn, key, self.up_to or 0):
            found = respaced(bundle, text, text_hash, self._stored_spans(article_id) if bundle.spans else ())
            if found is not None:
                _respace_suggestions(found, bundle.article.text, text)
                self.articles.add(article_id)
                return found
        self.new_keys[position] = key
        return None

    def _stored_spans(self, article_id: int) -> list[tuple[int, int, str]]:
        """``(start, end, label)`` of the article's spans, gold and analysts' (a stored span with a
        whitespace edge is found by its trimmed place: :func:`annotator.domain.respacing.respaced`)."""
        return self.conn.execute('SELECT start, "end", label FROM spans WHERE article_id = ? UNION ALL '
                                 'SELECT start, "end", label FROM layer_spans WHERE article_id = ?', [article_id, article_id]).fetchall()

    @property
    def matched(self) -> int:
        return len(self.articles)

    def keep_keys(self, article_ids: tuple[int, ...]) -> None:
        """Store the key computed for each new article (``article_ids``: the import's, by position)."""
        up_to = self.up_to or 0
        text_keys.keep(self.conn, [(article_ids[p], key) for p, key in self.new_keys.items()
                                   if p < len(article_ids) and article_ids[p] > up_to])


def _respace_suggestions(bundle: ArticleBundle, source: str, target: str) -> None:
    """A reviewed bundle's suggested span offsets (``{"start", "end", "label"}``,
    :mod:`annotator.storage.suggestions_log`) mapped as its spans were; a suggestion with no place
    on the stored text is left out. Its tokens (of the read text) are dropped."""
    if hasattr(bundle, "tokens"):
        bundle.tokens = None  # type: ignore[attr-defined]
    suggestions = getattr(bundle, "suggestions", None)
    if not suggestions:
        return
    mapping = Respacing(source, target)
    moved: dict[str, dict[str, Any]] = {}
    for record_id, suggestion in suggestions.items():
        if "start" in suggestion and "end" in suggestion:
            placed = mapping.span(int(suggestion["start"]), int(suggestion["end"]))
            if placed is None:
                continue
            suggestion = {**suggestion, "start": placed[0], "end": placed[1]}
        moved[record_id] = suggestion
    bundle.suggestions = moved  # type: ignore[attr-defined]


__all__ = ["WhitespaceMatch"]
