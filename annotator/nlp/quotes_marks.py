"""Find quoted runs in raw text, character by character (no parser needed).

Which characters are quote marks and how they pair (English “…”, German „…“ and »…«, Swedish
”…”, French « … », Polish „…”, Japanese 「…」 with 『…』 inside, ASCII ``"…"``, ``\\`\\`…''``, primes,
ornaments…) is :mod:`quotes_pairs`' table. Rules, chosen so that one bad mark never silences the
rest of an article:

* a run never crosses a paragraph break, except by the news convention that a quote going on
  into the next paragraph leaves the paragraph unclosed and re-opens the next one with a mark
  (also past a photo caption line between the two, :func:`reopen_past_caption`);
* an unclosed run at a paragraph end (not re-opened next paragraph) is dropped, and scanning
  restarts clean in the next paragraph; the same opener again inside an open run also drops the
  older, unclosed one;
* quotes inside quotes (secondary marks, or primary marks of another style) are content of the
  outer run; :func:`nested_runs` finds them for the attribution of a quote inside a quote;
* a mark that also closes (” » ’ ›) or looks the same both ways (" ' ″ ＂) opens only in an
  opening position (after a space, a bracket, a dash or a line start, before a non-space), so a
  paragraph that starts with ”Text…” (Swedish, or a common typo) opens;
* apostrophes are not quote marks: a ' or ’ between letters (don't), before a year ('90s), in
  rock 'n' roll or 'em, or after a plural before a lower-case word (students' books) neither
  opens nor closes.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
import unicodedata

from annotator.nlp.quotes_pairs import APOSTROPHES, CONTEXT_OPENERS, LEVEL1_MARKS, LEVEL1_OPENERS, LEVEL2_OPENERS, OPENERS

_OPENING_PUNCT = frozenset("([{\u2014\u2013\u2015-/:;,\uff1a\uff0c\u3001\uff1b\uff08")


@dataclasses.dataclass(frozen=True, slots=True)
class QuotedRun:
    open: int  # index of the opening mark
    close: int  # index of the closing mark
    paragraphs: int = 1  # > 1 when the quote ran over paragraph breaks
    open_width: int = 1
    close_width: int = 1
    single: bool = False  # a secondary mark (‘...’, '...', 『...』) on its own: a quote only with a cue

    @property
    def inner(self) -> tuple[int, int]:
        return self.open + self.open_width, self.close

    @property
    def outer(self) -> tuple[int, int]:
        return self.open, self.close + self.close_width


def _opening_before(text: str, i: int) -> bool:
    """Whether the character before i lets a mark open: text or line start, space, bracket, dash."""
    if i == 0:
        return True
    c = text[i - 1]
    return c.isspace() or c in _OPENING_PUNCT or unicodedata.category(c) in ("Ps", "Pi", "Pd")


def _opens(text: str, i: int, width: int) -> bool:
    """A context mark at i opens: at a line start, or after an opening position and before a
    non-space (news paragraphs open with ``” … he delivered``)."""
    if i == 0 or text[i - 1] == "\n":
        return True
    after = text[i + width] if i + width < len(text) else " "
    return _opening_before(text, i) and not after.isspace()


def _strongly_opens(text: str, i: int, width: int) -> bool:
    """Space (or line start) before and a word after: a mark that can only be opening here."""
    after = text[i + width] if i + width < len(text) else " "
    return (i == 0 or text[i - 1].isspace()) and after.isalnum()


def _reopen_at(text: str, i: int) -> int:
    """If the next paragraph after i begins (after spaces) with a primary mark, its index."""
    n = len(text)
    while i < n and text[i].isspace():
        i += 1
    if i < n and (text[i : i + 2] in LEVEL1_MARKS or text[i] in LEVEL1_MARKS):
        return i
    return -1


# a photo caption between two paragraphs of one quotation: a short line of 2-20 words with no
# quote mark and no sentence end, or ending in a credit in brackets ("A skipper at the quay in
# 2019 (Reuters)"), the page's layout dropped into the text
_CREDIT = re.compile(r"\([^()\n]{2,40}\)\.?\s*$")
_CAPTION_MAX_WORDS = 20
# the closing marks of a quote inside the quotation, which may stand after its sentence's end
_INNER_CLOSERS = frozenset("'\u2019\u00bb\u203a")


def reopen_past_caption(text: str, i: int) -> int:
    """The index of the mark that reopens a quotation on the paragraph after a photo caption
    line, when the quotation's paragraph ends at char ``i`` (a line break) after a sentence's end
    and the next line is a caption (:data:`_CREDIT`; 2-20 words, no double quote mark); -1
    otherwise. News sites put the caption of a photo between the paragraphs of a long quotation
    (usertest23 M1): the quotation goes on past it, the caption is no one's words."""
    k = i
    while k > 0 and text[k - 1].isspace():
        k -= 1
    while k > 0 and text[k - 1] in _INNER_CLOSERS:
        k -= 1  # "... the release of 'Harbour Lights.'": a quote inside the quotation ends its sentence (rules42)
    if text[k - 1 : k] not in (".", "!", "?", "\u2026"):
        return -1
    n = len(text)
    s = i
    while s < n and text[s].isspace():
        s += 1
    e = text.find("\n", s)
    e = n if e < 0 else e
    line = text[s:e].rstrip()
    if not 2 <= len(line.split()) <= _CAPTION_MAX_WORDS or any(c in LEVEL1_MARKS for c in line):
        return -1
    if line[-1] in ".!?\u2026:;," and not _CREDIT.search(line):
        return -1
    return _reopen_at(text, e) if e < n else -1


def _width_at(text: str, i: int) -> int:
    return 2 if text[i : i + 2] in ("''", "``") else 1


# events of the primary scan: the two ASCII digraphs first, then every primary mark, and breaks
_EVENTS = re.compile(
    "''|``|[" + "".join(re.escape(m) for m in sorted(m for m in LEVEL1_MARKS if len(m) == 1)) + "\n]"
)


def find_quoted_runs(text: str) -> list[QuotedRun]:
    """All balanced runs of primary quote marks, in text order. Linear in len(text); visits only
    the quote marks and line breaks (found by one regex scan), not every character."""
    runs: list[QuotedRun] = []
    open_at, open_w, opener, paragraphs = -1, 1, "", 1
    skip_until = 0
    for m in _EVENTS.finditer(text):
        i = m.start()
        if i < skip_until:
            continue
        if text[i] == "\n":
            if open_at >= 0:
                k = _reopen_at(text, i)
                if k < 0:
                    k = reopen_past_caption(text, i)  # a photo caption between two paragraphs
                if k >= 0:
                    paragraphs += 1
                    skip_until = k + _width_at(text, k)
                    continue
                open_at = -1  # unclosed at paragraph end: drop it, restart clean
            continue
        mark = m.group()
        width = len(mark)
        if open_at < 0:
            if mark in LEVEL1_OPENERS and (mark not in CONTEXT_OPENERS or _opens(text, i, width)):
                open_at, open_w, opener, paragraphs = i, width, mark, 1
        elif mark in OPENERS[opener]:
            if mark in CONTEXT_OPENERS and _strongly_opens(text, i, width):
                if mark == opener:
                    # the same mark where it can only open: the older run was never closed;
                    # restart here so the damage stays local
                    open_at, open_w, paragraphs = i, width, 1
                continue  # another style's opener inside the quote: content
            if i > open_at + open_w:
                runs.append(QuotedRun(open_at, i, paragraphs, open_w, width))
            open_at = -1
        elif mark in _PARTNERS.get(opener, ()) and not _own_closer_ahead(text, i + width, opener) and not (
            mark in CONTEXT_OPENERS and _strongly_opens(text, i, width)
        ):
            # '«We will not resign." The opposition ...', '"We will not resign», the minister
            # said': a guillemet and a double mark typed together close each other when the
            # opener's own closer does not follow in the paragraph (an inner quote of the other
            # kind, '«He called it "a gift" on Monday»', stays inside)
            if i > open_at + open_w:
                runs.append(QuotedRun(open_at, i, paragraphs, open_w, width))
            open_at = -1
        elif mark == opener and mark not in CONTEXT_OPENERS:
            # the same opener again before a close: the older run was never closed
            open_at, open_w, paragraphs = i, width, 1
    return runs


# closers a guillemet or a double mark accepts from the other kind (mixed typing), only when its
# own closer does not follow in the paragraph (:func:`_own_closer_ahead`)
_PARTNERS: dict[str, frozenset[str]] = {
    "\u00ab": frozenset({'"', "\u201d"}),
    '"': frozenset({"\u00bb"}),
    "\u201c": frozenset({"\u00bb"}),
}


def _own_closer_ahead(text: str, j: int, opener: str) -> bool:
    """Whether one of ``opener``'s own closers (:data:`OPENERS`) stands in ``text`` from ``j``
    to the paragraph's end."""
    end = text.find("\n", j)
    rest = text[j : end if end >= 0 else len(text)]
    return any(c in rest for c in OPENERS[opener])


_SECONDARY = re.compile("[" + "".join(re.escape(o) for o in sorted(LEVEL2_OPENERS)) + "]")
# an apostrophe, not an opening mark: years ('90s, ’09), rock 'n' roll, and the common English
# elisions of a word's start ('em, 'til, 'cause, 'tis, 'twas, 'bout, 'round, 'cept)
_ELISION = re.compile(r"(?:\d\d(?:s\b|\b)|n['\u2019]\s|(?:em|til|cause|tis|twas|bout|round|cept)\b)", re.IGNORECASE)
_MAX_SECONDARY = 600


def _closes_secondary(text: str, j: int, a: int) -> bool:
    """Whether the secondary closer at j may close a run whose content starts at a."""
    if j - a < 2 or text[j - 1].isspace():
        return False
    after = text[j + 1 : j + 2]
    if text[j] in APOSTROPHES and (after.isalpha() or after.isdigit()):
        return False  # don't, it’s, rock’n’roll
    return True


def _possessive(text: str, j: int) -> bool:
    """students' books: a plural possessive before a lower-case word, not a closing mark."""
    return text[j - 1 : j] in ("s", "S") and text[j + 1 : j + 2] == " " and text[j + 2 : j + 3].islower()


def find_single_runs(text: str, double: list[QuotedRun]) -> list[QuotedRun]:
    """Runs of secondary marks (‘...’, '...', ‚...‘, ‹...›, 『...』 …) outside any primary run, within
    one paragraph. Their openers that are also apostrophes open only in an opening position and
    not before a year ('90s)."""
    inside = [r.outer for r in double]
    starts = [a for a, _ in inside]
    out: list[QuotedRun] = []
    resume = 0
    for m in _SECONDARY.finditer(text):
        i = m.start()
        if i < resume:
            continue
        k = bisect.bisect_right(starts, i)
        if k and inside[k - 1][1] > i:
            continue  # a quote inside a primary quote is part of that quote's content
        opener = m.group()
        if opener in CONTEXT_OPENERS or opener == "\u2018":
            if not _opens(text, i, 1) or _ELISION.match(text, i + 1):
                continue
        closers = OPENERS[opener]
        end = text.find("\n", i)
        end = min(len(text) if end < 0 else end, i + 1 + _MAX_SECONDARY)
        close = -1
        depth = 0  # quotes nested in this one ("'When he told me 'we are done,' I left,'")
        for j in range(i + 1, end):
            if text[j] == opener and _strongly_opens(text, j, 1) and not _ELISION.match(text, j + 1):
                depth += 1
            elif text[j] in closers and _closes_secondary(text, j, i + 1) and not _possessive(text, j):
                if depth:
                    depth -= 1
                    continue
                close = j
                break
        if close < 0:
            continue
        k = bisect.bisect_left(starts, i)
        if any(inside[j][1] > close for j in range(k, bisect.bisect_left(starts, close))):
            continue  # a primary quote starts before this one would close and ends after: not a quote
        # a primary quote wholly inside ('When he told me "we are done," I left,') is nested in it
        out.append(QuotedRun(i, close, 1, 1, 1, single=True))
        resume = close + 1
    return out


def nested_runs(text: str, double: list[QuotedRun], single: list[QuotedRun]) -> dict[QuotedRun, list[QuotedRun]]:
    """Quotes inside quotes, by outer run: secondary runs inside each primary run
    (``"Then Smith told me, 'we are out,'" she said``: the scan of :func:`find_single_runs` over
    the primary run's content alone) and primary runs wholly inside a secondary run
    (``'When he told me "we are done," I left,' she said``). One level deep: a quote nested in a
    nested quote is content. Linear in the length of the quoted text."""
    out: dict[QuotedRun, list[QuotedRun]] = {}
    for r in double:
        a, b = r.inner
        if r.paragraphs != 1 or b - a < 4 or not _SECONDARY.search(text, a, b):
            continue
        inner = [QuotedRun(x.open + a, x.close + a, 1, 1, 1, single=True) for x in find_single_runs(text[a:b], [])]
        if inner:
            out[r] = inner
    starts = [x.open for x in double]
    for s in single:
        lo, hi = bisect.bisect_right(starts, s.open), bisect.bisect_left(starts, s.close)
        inner = [x for x in double[lo:hi] if x.outer[1] <= s.close]
        if inner:
            out[s] = inner
    return out


def all_runs(text: str) -> tuple[list[QuotedRun], list[QuotedRun], dict[QuotedRun, list[QuotedRun]]]:
    """(the top-level runs in text order, every primary run, :func:`nested_runs`): a primary run
    nested in a secondary run is not top-level. Top-level runs never overlap."""
    double = find_quoted_runs(text)
    single = find_single_runs(text, double)
    nested = nested_runs(text, double, single)
    inner = {x for s in single for x in nested.get(s, ())}
    return sorted([r for r in double if r not in inner] + single, key=lambda r: r.open), double, nested
