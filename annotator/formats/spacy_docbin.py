"""spaCy ``DocBin`` export: what ``spacy train`` reads, with nothing of ours lost.

Per article one ``Doc`` (format: https://spacy.io/api/docbin):

* tokens: ``spacy.blank("en")``'s tokenizer, split where a stored span's edge falls inside a
  token (:mod:`annotator.formats.spacy_tokens`), so every span is exact;
* ``doc.ents``: the **accepted** entity-layer spans, whitespace edges trimmed (spaCy's NER cannot
  learn an entity that starts or ends on whitespace). Of overlapping ones the longest (in
  characters; then the earliest) is kept (:func:`~annotator.formats.spacy_tokens.non_overlapping`),
  the others are counted in the :class:`~annotator.formats.common.ExportReport`. Tokens of **suggested** (undecided) entities
  not inside an accepted one are marked missing (``ent_iob_ == ""``): neither entity nor O, so
  training learns nothing from them; every other token is O — except in an ``--layer all`` export
  of a team article whose gold was never decided, where every token is missing;
* ``doc.spans[key]``: every exported span at its exact stored offsets, keyed by layer and status
  (:func:`annotator.formats.spacy_ext.spans_key`), with ``Span.id_`` = the span's id. Rejected
  entities are in ``"entity_rejected"``, the key to give the NER as ``incorrect_spans_key``
  (spaCy reads those spans as negative examples) — except a rejected span identical to an entity
  in ``doc.ents``, which spaCy refuses there (E868): it goes to ``"entity_rejected_contradicted"``;
* ``doc.user_data["annotator"]``: article fields, every span, relation, stance and tag with
  status, origin, attrs, author and times (:mod:`annotator.formats.spacy_ext` reads it).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotator.domain.model import ArticleBundle, Layer, Relation, Span, Stance, Status, Tag
from annotator.formats.atomic import replacing_file, replacing_folder
from annotator.formats.common import ExportReport
from annotator.formats.docbin_arrays import Encoder, docs_parts
from annotator.formats.spacy_ext import INCORRECT_SPANS_KEY, USER_DATA_KEY, USER_DATA_VERSION, span_group_key
from annotator.formats.spacy_tokens import aligned_doc, non_overlapping, trim_whitespace
from annotator.formats.token_store import tokens_of_bundle

OVERLAP = 'accepted entities overlapping a longer one (the longest is kept): not in doc.ents, kept in doc.spans["entity"]'
BLANK = 'accepted entities of whitespace only: not in doc.ents (spaCy cannot hold an empty entity), kept in doc.spans["entity"]'
TRIMMED = 'whitespace edges of accepted entities: trimmed in doc.ents (spaCy\'s NER cannot learn them), exact in doc.spans["entity"]'
CONTRADICTED_KEY = f"{INCORRECT_SPANS_KEY}_contradicted"
CONTRADICTED = (f'rejected entities identical to an accepted one in doc.ents: not in doc.spans["{INCORRECT_SPANS_KEY}"] '
                f'(spaCy refuses a span both correct and incorrect) but in doc.spans["{CONTRADICTED_KEY}"]; review them in the app')


def doc_of(bundle: ArticleBundle, report: ExportReport | None = None) -> Any:
    """The ``Doc`` of one article (see the module docstring); what it could not put in
    ``doc.ents`` is counted in ``report``.

    Raises ``ValueError`` if a span lies outside the article's text (storage never holds one).
    """
    from spacy.tokens import Span as SpacySpan

    report = report if report is not None else ExportReport()
    text = bundle.article.text
    trimmed = {s.id: trim_whitespace(text, s.start, s.end) for s in bundle.spans if s.layer == Layer.ENTITY}
    edges = [(s.start, s.end) for s in bundle.spans] + [t for t in trimmed.values() if t is not None]
    doc = aligned_doc(text, edges, tokens_of_bundle(bundle))  # from stored token arrays, made once when missing

    groups: dict[str, list[Any]] = {}
    candidates, undecided = [], []
    for span in bundle.spans:
        piece = doc.char_span(span.start, span.end, label=span.label, span_id=span_key(span))
        if piece is None:
            raise ValueError(f"span {span.id} [{span.start}, {span.end}) does not lie inside article {bundle.article.id}'s text")
        groups.setdefault(span_group_key(span), []).append(piece)
        if span.analyst:  # an analyst's layer (export --layer all): its own span groups, never doc.ents
            continue
        if span.layer != Layer.ENTITY:
            continue
        bounds = trimmed[span.id]
        if span.status == Status.ACCEPTED:
            if bounds is None:
                report.leave_out(BLANK)
                continue
            if bounds != (span.start, span.end):
                report.leave_out(TRIMMED)
            candidates.append(doc.char_span(*bounds, label=span.label, span_id=span.id))
        elif span.status == Status.SUGGESTED and bounds is not None:
            undecided.append(doc.char_span(*bounds))

    chosen, dropped = non_overlapping([(c.start_char, c.end_char) for c in candidates])
    ents = [candidates[i] for i in chosen]
    if dropped:
        report.leave_out(OVERLAP, len(dropped))
    taken = {i for ent in ents for i in range(ent.start, ent.end)}
    unknown = sorted({i for piece in undecided for i in range(piece.start, piece.end)} - taken)
    if (any(span.analyst for span in bundle.spans) and not any(not span.analyst for span in bundle.spans)
            and not _gold_decided(bundle)):
        # ``export --layer all`` of an article nobody curated: its gold part was left out (or is
        # empty), and all-"O" would teach a model "no entity here". Missing (``ent_iob_ == ""``) is
        # what it is; the analysts' own spans are in their span groups above. (``--all-articles``
        # writes an undecided gold that has spans as it is, as every other format does.)
        doc.set_ents([], default="missing")
    else:
        doc.set_ents(ents, missing=[SpacySpan(doc, i, i + 1) for i in unknown], default="outside")

    if INCORRECT_SPANS_KEY in groups:
        positive = {(e.start_char, e.end_char, e.label_) for e in ents}
        kept, contradicted = [], []
        for s in groups.pop(INCORRECT_SPANS_KEY):
            (contradicted if (s.start_char, s.end_char, s.label_) in positive else kept).append(s)
        if kept:
            groups[INCORRECT_SPANS_KEY] = kept
        if contradicted:
            groups[CONTRADICTED_KEY] = contradicted
            report.leave_out(CONTRADICTED, len(contradicted))
    for key, pieces in groups.items():
        doc.spans[key] = pieces
    doc.user_data[USER_DATA_KEY] = user_data(bundle)
    report.articles += 1
    report.spans += sum(len(pieces) for pieces in groups.values())
    report.relations += len(bundle.relations)
    report.stances += len(bundle.stances)  # fix11z: in user_data
    return doc


def user_data(bundle: ArticleBundle, *, spans: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """``doc.user_data["annotator"]``: plain str/int/dict/list data (msgpack), see
    :mod:`annotator.formats.spacy_ext`. ``spans``: its ``"spans"`` entry when the caller made it
    from the span rows (``docbin_arrays.span_values``), else made here from ``bundle.spans``."""
    a = bundle.article
    data = {
        "version": USER_DATA_VERSION,
        "article": {"id": a.id, "title": a.title, "publisher": a.publisher, "url": a.url, "published": a.published,
                    "meta": dict(a.meta), "status": str(a.status), "text_hash": a.text_hash, "added": a.added,
                    "updated": a.updated},
        "spans": {span_key(s): _span(s) for s in bundle.spans} if spans is None else spans,
        "relations": [_relation(r) for r in bundle.relations],
        "stances": [_stance(s) for s in bundle.stances],
        "tags": [_tag(t) for t in bundle.tags],
    }
    if getattr(bundle, "status_unstated", False):  # fix11t: an analyst's status never stated (--layer ANALYST)
        data["article"]["status"] = None
    if bundle.layer_statuses:  # fix11o: --layer all: each analyst's own status of the article ("status" is gold's)
        data["article"]["analyst_status"] = {name: status or None for name, status in bundle.layer_statuses.items()}
    if gold_name := getattr(bundle, "gold_name", ""):  # cur11ui: --layer all names the gold layer too
        for item in (*data["spans"].values(), *data["relations"], *data["stances"], *data["tags"]):
            item.setdefault("analyst", gold_name)
    return data


def span_key(span: Span) -> str:
    """A span's key in ``user_data["spans"]`` and its ``Span.id_``: its id (unique in a Doc: an
    ``--layer all`` export gives analysts' records ids ``"ANALYST:id"``, formats/layers.py)."""
    return span.id


_STATUS_TEXT = {s: str(s) for s in Status}  # str() of an enum member runs Python code: once per status


def _decided(record: Span | Relation | Stance) -> dict[str, Any]:
    found = {"status": _STATUS_TEXT.get(record.status) or str(record.status), "origin": record.origin,
             "attrs": dict(record.attrs), "by": record.by, "created": record.created, "updated": record.updated}
    if record.analyst:
        found["analyst"] = record.analyst
    return found


def _gold_decided(bundle: ArticleBundle) -> bool:
    from annotator.formats.layers import gold_decided  # layers imports the project store: not at import time

    return gold_decided(bundle.article)


def _layer_of(record: Span | Relation | Stance | Tag) -> dict[str, str]:
    """``{"analyst": NAME}`` for an analyst's record (docs/team.md); nothing for gold."""
    return {"analyst": record.analyst} if record.analyst else {}


def _span(s: Span) -> dict[str, Any]:
    # _decided's keys written in place: one dict a span, not two (330,000 spans at 10,000 articles)
    found = {"id": s.id, "start": s.start, "end": s.end, "label": s.label, "layer": s.layer,
             "status": _STATUS_TEXT.get(s.status) or str(s.status), "origin": s.origin,
             "attrs": dict(s.attrs) if s.attrs else {}, "by": s.by, "created": s.created, "updated": s.updated}
    if s.analyst:
        found["analyst"] = s.analyst
    return found


def _relation(r: Relation) -> dict[str, Any]:
    return {"id": r.id, "head": r.head, "child": r.child, "label": r.label, **_decided(r)}


def _stance(s: Stance) -> dict[str, Any]:
    return {"id": s.id, "holder": s.holder, "holder_span": s.holder_span, "target": s.target, "polarity": s.polarity,
            "evidence": s.evidence, **_decided(s)}


def _tag(t: Tag) -> dict[str, Any]:
    return {"id": t.id, "tag": t.tag, "origin": t.origin, "by": t.by, "created": t.created, **_layer_of(t)}


SHARD_SIZE = 1000  # documents per shard: ~60–100 MB of DocBin arrays for news articles
BATCH = 64  # articles whose word columns are made together (docbin_arrays.docs_parts): ~30,000 tokens
SHARD_NAME = "{:05d}.spacy"


def is_shard_folder(path: Path) -> bool:
    """Whether ``write`` makes ``path`` a folder of shards: any name not ending in ``.spacy``."""
    return Path(path).suffix.lower() != ".spacy"


def write(bundles: Iterable[ArticleBundle], path: Path, *, shard_size: int = SHARD_SIZE) -> ExportReport:
    """Write the ``DocBin`` (``store_user_data=True``) of ``bundles``.

    * ``path`` ending in ``.spacy``: one DocBin file (one zlib-compressed msgpack message),
      streamed: each document's arrays wait in temporary files beside ``path`` until the end
      (:mod:`annotator.formats.docbin_stream`), so memory does not grow with the project.
    * any other ``path``: a folder of DocBin **shards** ``00000.spacy``, ``00001.spacy``, … of
      ``shard_size`` documents each, in article order, each streamed the same way.
      ``spacy train`` reads a folder (``--paths.train FOLDER``: ``spacy.training.Corpus`` reads
      every ``.spacy`` file under it), as does ``DocBin().from_disk`` per file.

    Each Doc is packed into the DocBin's arrays as soon as it is made and then dropped; the
    bytes are those ``DocBin.to_bytes()`` would give. Nothing is
    written if making a Doc fails; the file (or folder) is written beside ``path`` and renamed
    over it when complete (:mod:`annotator.formats.atomic`): a failed or killed export leaves the
    previous one as it was. A folder is replaced only when it holds nothing but ``.spacy`` files
    (else :class:`~annotator.domain.errors.InputError`). Raises OSError when it cannot be written.
    """
    from annotator.formats.docbin_stream import DocBinStream

    report = ExportReport()
    path = Path(path)
    if not is_shard_folder(path):
        with replacing_file(path, "wb") as fh, DocBinStream(add, path.parent) as docbin:
            fill(docbin, bundles, report)
            _write_docbin(docbin, fh)
        return report
    if shard_size < 1:
        raise ValueError(f"shard_size must be at least 1, not {shard_size}")
    with shard_folder(path) as folder:
        write_shards(bundles, folder, report, shard_size=shard_size)
    return report


def fill(docbin: Any, bundles: Iterable[ArticleBundle], report: ExportReport) -> None:
    """Add the documents of ``bundles`` to ``docbin`` (a :class:`~annotator.formats.docbin_stream.DocBinStream`),
    counting into ``report``: a single ``.spacy`` file's DocBin, or a part of it
    (:mod:`annotator.formats.stream_pool`: the DocBin of two processes' parts)."""
    with _encoders_looked_up_once(), fewer_collections():
        encoder = Encoder(docbin.attrs)
        for batch in _batches(bundles, BATCH):
            _add_bundles(docbin, batch, report, encoder)


def write_docbin(docbin: Any, fh: Any) -> None:
    """Write ``docbin``'s bytes to the binary file ``fh`` (:func:`_write_docbin`)."""
    _write_docbin(docbin, fh)


@contextlib.contextmanager
def shard_folder(path: Path) -> Iterator[Path]:
    """The folder to write ``path``'s shards into: beside ``path``, renamed over it when the block
    ends without an error (:func:`annotator.formats.atomic.replacing_folder`); refuses
    (:class:`~annotator.domain.errors.InputError`) a ``path`` holding anything but ``.spacy`` files."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # files_synced: every shard is fsync-ed as it is written (_write_shard), most of them by the
    # shard writer thread while the next shard is made, so the end waits for no syncfs
    with replacing_folder(path, lambda p: p.is_file() and p.suffix == ".spacy",
                          what="a spacy export to a name without .spacy writes a folder of DocBin shards",
                          files_synced=True) as folder:
        yield folder


def write_shards(bundles: Iterable[ArticleBundle], folder: Path, report: ExportReport, *, shard_size: int = SHARD_SIZE,
                 first_shard: int = 0) -> int:
    """Write the DocBin shards of ``bundles`` into the existing ``folder``, the first named
    ``SHARD_NAME.format(first_shard)``, each of ``shard_size`` documents but the last; counts into
    ``report``; returns how many shards were written. With ``first_shard`` 0 and no bundles, one
    empty shard (an empty project still gets a DocBin). :func:`write` of a folder is this with
    ``first_shard`` 0; a split export (:mod:`annotator.formats.stream_pool`) gives each process
    the articles of whole shards and its first shard's number."""
    with _encoders_looked_up_once(), fewer_collections():
        from concurrent.futures import Future, ThreadPoolExecutor

        from annotator.formats.docbin_stream import DocBinStream

        shard = first_shard
        docbin = DocBinStream(add, folder, in_memory=True)
        encoder = Encoder(docbin.attrs)
        # A full shard is compressed and written by a second thread while this one makes the next
        # shard's documents (zlib lets go of the GIL: the two use two cores). One shard at a time
        # waits there, so memory holds at most two shards' arrays.
        writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="docbin-shard")
        pending: Future | None = None
        try:
            pending_bundles = _with_tokens(bundles)
            while batch := list(itertools.islice(pending_bundles, min(BATCH, shard_size - len(docbin)))):
                _add_bundles(docbin, batch, report, encoder)  # never past the shard's end: one string table
                if len(docbin) >= shard_size:
                    if pending is not None:
                        pending.result()  # raises what the writing raised
                    pending = writer.submit(_write_and_close, docbin, folder / SHARD_NAME.format(shard))
                    shard += 1
                    docbin = DocBinStream(add, folder, in_memory=True)
            if pending is not None:
                pending.result()
                pending = None
            if len(docbin) or shard == 0:  # an empty project still gets one (empty) DocBin
                _write_shard(docbin, folder / SHARD_NAME.format(shard))
                shard += 1
        finally:
            writer.shutdown(wait=True)  # never remove the folder under a shard being written
            docbin.close()
    return shard - first_shard


def _batches(bundles: Iterable[ArticleBundle], size: int) -> Iterator[list[ArticleBundle]]:
    items = _with_tokens(bundles)
    while batch := list(itertools.islice(items, size)):
        yield batch


def _with_tokens(bundles: Iterable[ArticleBundle]) -> Iterator[ArticleBundle]:
    """Each bundle with its tokens read (or made) as it is taken: a batch is made after the next
    bundle was asked for, and the last one after the bundles' stream has closed its token
    source (formats.stream), which keeps the tokens it had to make only until then."""
    for bundle in bundles:
        if getattr(bundle, "tokens", None) is None and getattr(bundle, "token_source", None) is not None:
            with contextlib.suppress(AttributeError):  # a bundle without a tokens field reads them later
                bundle.tokens = tokens_of_bundle(bundle)  # type: ignore[attr-defined]
        yield bundle


def _add_bundles(docbin: Any, bundles: list[ArticleBundle], report: ExportReport, encoder: Encoder) -> None:
    """Add the Docs of these articles, in order: from token arrays
    (:func:`annotator.formats.docbin_arrays.docs_parts`, the same bytes without a Doc, made
    together), or through :func:`doc_of` for what that path leaves to the Doc."""
    pack = encoder.pack
    for bundle, parts in zip(bundles, docs_parts(bundles, report, encoder, gold_decided=_gold_decided, table=docbin)):
        if parts is None:
            docbin.add_doc(doc_of(bundle, report))
        else:
            docbin.add_parts(parts.tokens, parts.spaces, parts.span_groups, pack(parts.user_data), parts.strings)


def _write_and_close(docbin: Any, path: Path) -> None:
    try:
        _write_shard(docbin, path)
    finally:
        docbin.close()


def _write_shard(docbin: Any, path: Path) -> None:
    """Write ``docbin`` to the new file ``path`` and ``fsync`` it (:func:`shard_folder` relies on
    it: the folder is swapped in without syncing its files again). Raises ``OSError``."""
    with open(path, "wb") as fh:
        _write_docbin(docbin, fh)
        fh.flush()
        os.fsync(fh.fileno())


def _write_docbin(docbin: Any, fh: Any) -> None:
    """The DocBin's bytes (those of ``DocBin.to_bytes``, streamed: :mod:`annotator.formats.docbin_stream`)."""
    try:
        docbin.write_to(fh)
    except ValueError as exc:  # as DocBin.to_disk says it: msgpack cannot hold more than 4 GB
        if "4 GB" not in str(exc):
            raise
        from spacy.errors import Errors

        raise ValueError(Errors.E870) from None


def add(docbin: Any, doc: Any) -> None:
    """``docbin.add(doc)`` with the DocBin's string table filled from the token arrays.

    ``DocBin.add`` makes a ``Token`` object per token and adds nine of its strings (text, tag,
    lemma, norm, morph, dep, entity type, kb id, entity id) to the table one by one: 80 % of a
    DocBin export (issue 12). Those strings are exactly the strings of the hashes in the same
    attribute columns of ``doc.to_array(docbin.attrs)`` (0 being ""), so they are added once
    per distinct hash. The DocBin's state is what ``add`` leaves, hence the same bytes;
    a DocBin whose ``attrs`` lack one of those columns goes through ``add`` itself.
    """
    import numpy
    from spacy.attrs import DEP, ENT_ID, ENT_KB_ID, ENT_TYPE, LEMMA, MORPH, NORM, ORTH, SPACY, TAG

    columns = [docbin.attrs.index(a) for a in (ORTH, TAG, LEMMA, NORM, MORPH, DEP, ENT_TYPE, ENT_KB_ID, ENT_ID) if a in docbin.attrs]
    if len(columns) != 9:
        docbin.add(doc)
        return
    array = doc.to_array(docbin.attrs)
    if len(array.shape) == 1:
        array = array.reshape((array.shape[0], 1))
    docbin.tokens.append(array)
    spaces = doc.to_array(SPACY)
    docbin.spaces.append(numpy.asarray(spaces.reshape((spaces.shape[0], 1)), dtype=bool))
    docbin.flags.append({"has_unknown_spaces": doc.has_unknown_spaces})
    strings = doc.vocab.strings
    for key in numpy.unique(array[:, columns]).tolist():
        docbin.strings.add(strings[key] if key else "")
    docbin.cats.append(doc.cats)
    if docbin.store_user_data:
        import srsly

        docbin.user_data.append(srsly.msgpack_dumps(doc.user_data))
    docbin.span_groups.append(doc.spans.to_bytes())
    for group in doc.spans.values():
        for span in group:
            docbin.strings.add(span.label_)
            if span.kb_id in strings:
                docbin.strings.add(span.kb_id_)
            if span.id in strings:
                docbin.strings.add(span.id_)


GC_YOUNG = 100_000  # container allocations between two young-generation collections while a DocBin is made
_gc_lock = threading.Lock()
_gc_users = 0  # exports inside fewer_collections() now
_gc_before: tuple[int, ...] = ()


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Python's cyclic garbage collector run less often while the block runs: its young
    generation collected every :data:`GC_YOUNG` container allocations instead of 700; the
    thresholds as they were after.

    A DocBin export allocates millions of short-lived tuples and dicts (span rows and values,
    ``user_data`` records), and each batch's live ones were collected and promoted again and
    again: ~1.5 s of ~10.5 s CPU at 10,000 articles (issue 12, docbin12i; measured by
    ``gc.set_threshold``, same run). Reference counting still frees what it makes at once;
    only cycles (the writers make none on purpose) wait longer to be collected.""" 
    import gc

    # Two exports may overlap (the window runs each in its own worker thread): the first in
    # raises the threshold and the last out puts back what the first saw, so an export ending
    # inside another never leaves the raised value behind for good.
    global _gc_users, _gc_before
    with _gc_lock:
        if _gc_users == 0:
            _gc_before = gc.get_threshold()
            gc.set_threshold(max(_gc_before[0], GC_YOUNG), *_gc_before[1:])
        _gc_users += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_users -= 1
            if _gc_users == 0:
                gc.set_threshold(*_gc_before)


@contextlib.contextmanager
def _encoders_looked_up_once() -> Iterator[None]:
    """srsly builds a msgpack Packer for every span group and user_data of every doc, and each
    Packer looks its encoders up in the catalogue registry, entry points included (~1 ms each:
    half the export's time). They do not change during an export: look them up once."""
    try:
        from srsly.msgpack import msgpack_encoders
    except ImportError:  # pragma: no cover - srsly layout changed: just run slower
        yield
        return
    found = msgpack_encoders.get_all()
    msgpack_encoders.get_all = lambda: found  # type: ignore[method-assign]
    try:
        yield
    finally:
        del msgpack_encoders.get_all
