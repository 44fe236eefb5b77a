"""Quotation marks: which characters are quote marks, and which opening mark pairs with which
closing marks in the languages and typesetting conventions news text comes in.

Which characters: read from the Unicode Character Database through :mod:`unicodedata` (Python's
copy; Unicode 14.0 on Python 3.11), not typed in by hand. The initial and final quote punctuation
classes (``Pi``, ``Pf``), every punctuation or symbol character whose Unicode name calls it a
QUOTATION MARK (the low-9 marks „ ‚, ⹂, 〝〞〟, ＂, the ❛❜❝❞ ornaments), the CJK corner brackets
「」『』 with their vertical and halfwidth forms, and the apostrophes ' ＇. Together these hold all
of Unicode's ``Quotation_Mark`` property (PropList.txt, which :mod:`unicodedata` does not expose;
a test checks the derivation against it). The primes ′ ″ ‵ ‶ are added because typesetting uses
them for straight quotes, and the ASCII digraphs ``\\`\\``` and ``''`` (TeX, the Penn Treebank,
typewriter archives). ``Pi``/``Pf`` characters that are editorial brackets, not quotes (⸂⸃ ⸄⸅ ⸉⸊
⸌⸍ ⸜⸝ ⸠⸡: substitution, transposition, omission marks of text-critical editions) are left out.

Which pairs: :data:`PAIRS`, one row per convention, after the usage tables of the Unicode
Standard (ch. 6.2, "Quotation Marks") and the national style guides they summarise. Level 1 marks
a quote on its own ("primary"); level 2 is the mark used inside a level-1 quote ("secondary": ‘…’
in English, 『…』 in Japanese), which on its own is a quote only with a cue next to it (it also
marks titles, terms and scare quotes). A mark that also closes, or is an apostrophe, opens only in
an opening position (see :mod:`quotes_marks`).
"""

from __future__ import annotations

import dataclasses
import sys
import unicodedata


@dataclasses.dataclass(frozen=True, slots=True)
class Pair:
    opener: str
    closer: str
    level: int  # 1 primary, 2 secondary (nested) quotes
    usage: str


PAIRS: tuple[Pair, ...] = (
    # level 1
    Pair("\u201c", "\u201d", 1, "“…” English, Chinese, Dutch, Brazilian Portuguese, Turkish; inner in Spanish, Italian"),
    Pair("\u201c", '"', 1, "“…\" a curly opener closed by a straight mark (mixed typesetting)"),
    Pair("\u201e", "\u201c", 1, "„…“ German, Austrian, Czech, Slovak, Slovene, Icelandic, Lithuanian, Bulgarian"),
    Pair("\u201e", "\u201d", 1, "„…” Polish, Hungarian, Romanian, Croatian, Serbian (Latin), older Dutch"),
    Pair("\u201d", "\u201d", 1, "”…” Swedish, Finnish"),
    Pair("\u00ab", "\u00bb", 1, "« … » French (with spaces), Russian, Ukrainian, Spanish, Italian, Portuguese, Greek, Norwegian"),
    Pair("\u00bb", "\u00ab", 1, "»…« German, Austrian, Danish, Croatian, Slovene (book typesetting)"),
    Pair("\u00bb", "\u00bb", 1, "»…» Swedish, Finnish"),
    Pair('"', '"', 1, "\"…\" ASCII typewriter quotes"),
    Pair('"', "\u201d", 1, "\"…” a straight opener closed by a curly mark (mixed typesetting)"),
    Pair('"', "''", 1, "\"…'' a straight opener closed by two apostrophes (mixed typewriter quotes)"),
    Pair("``", "''", 1, "``…'' ASCII typesetting: TeX, the Penn Treebank"),
    Pair("``", '"', 1, "``…\" mixed ASCII typesetting"),
    Pair("``", "\u201d", 1, "``…” mixed ASCII typesetting"),
    Pair("''", "''", 1, "''…'' two apostrophes for a double quote (typewriter archives)"),
    Pair("''", '"', 1, "''…\" mixed typewriter quotes"),
    Pair("''", "\u201d", 1, "''…” mixed typewriter quotes"),
    Pair("\u300c", "\u300d", 1, "「…」 Japanese, Chinese (traditional, Hong Kong, Taiwan)"),
    Pair("\ufe41", "\ufe42", 1, "﹁…﹂ vertical presentation forms of 「…」"),
    Pair("\uff62", "\uff63", 1, "｢…｣ halfwidth forms of 「…」"),
    Pair("\u301d", "\u301e", 1, "〝…〞 Japanese and Chinese double prime quotes (horizontal)"),
    Pair("\u301d", "\u301f", 1, "〝…〟 Japanese double prime quotes (low closing form)"),
    Pair("\uff02", "\uff02", 1, "＂…＂ fullwidth straight quotes (CJK text)"),
    Pair("\u275d", "\u275e", 1, "❝…❞ ornamental quotes"),
    Pair("\u2760", "\u275e", 1, "❠…❞ ornamental low-9 opener"),
    Pair("\u276e", "\u276f", 1, "❮…❯ ornamental guillemets"),
    Pair("\U0001f676", "\U0001f677", 1, "🙶…🙷 sans-serif ornamental quotes"),
    Pair("\U0001f678", "\U0001f676", 1, "🙸…🙶 sans-serif ornamental low-9 opener"),
    Pair("\u2033", "\u2033", 1, "″…″ double primes standing in for straight quotes"),
    Pair("\u2036", "\u2033", 1, "‶…″ reversed double prime and double prime"),
    Pair("\u2033", "\u201d", 1, "″…” a double prime opener closed by a curly mark (mixed typesetting)"),
    Pair("\u2033", '"', 1, "″…\" a double prime opener closed by a straight mark (mixed typesetting)"),
    Pair("\u201c", "\u2033", 1, "“…″ a curly opener closed by a double prime (mixed typesetting)"),
    Pair('"', "\u2033", 1, "\"…″ a straight opener closed by a double prime (mixed typesetting)"),
    Pair("\u201e", '"', 1, "„…\" a low opener closed by a straight mark (mixed typesetting)"),
    Pair("\u201c", "''", 1, "“…'' a curly opener closed by two apostrophes (mixed typewriter quotes)"),
    Pair("\u201f", "\u201d", 1, "‟…” double high-reversed-9 opener (some typefaces)"),
    Pair("\u2e42", "\u201c", 1, "⹂…“ double low-reversed-9 opener"),
    Pair("\u2e42", "\u201d", 1, "⹂…” double low-reversed-9 opener"),
    # level 2
    Pair("\u2018", "\u2019", 2, "‘…’ English (British primary style, American inner quotes)"),
    Pair("\u201a", "\u2018", 2, "‚…‘ German, Czech, Slovak inner quotes"),
    Pair("\u201a", "\u2019", 2, "‚…’ Polish, Dutch, Hungarian inner quotes"),
    Pair("\u2019", "\u2019", 2, "’…’ Swedish, Finnish inner quotes"),
    Pair("\u2039", "\u203a", 2, "‹ … › French, Swiss inner quotes"),
    Pair("\u203a", "\u2039", 2, "›…‹ German, Danish inner quotes (book typesetting)"),
    Pair("\u203a", "\u203a", 2, "›…› Swedish, Finnish inner quotes"),
    Pair("'", "'", 2, "'…' ASCII single quotes"),
    Pair("`", "'", 2, "`…' ASCII typesetting (TeX) single quotes"),
    Pair("\u300e", "\u300f", 2, "『…』 Japanese, Chinese inner quotes (and titles)"),
    Pair("\ufe43", "\ufe44", 2, "﹃…﹄ vertical presentation forms of 『…』"),
    Pair("\uff07", "\uff07", 2, "＇…＇ fullwidth straight single quotes"),
    Pair("\u275b", "\u275c", 2, "❛…❜ ornamental single quotes"),
    Pair("\u275f", "\u275c", 2, "❟…❜ ornamental low-9 single opener"),
    Pair("\u2032", "\u2032", 2, "′…′ primes standing in for straight single quotes"),
    Pair("\u2035", "\u2032", 2, "‵…′ reversed prime and prime"),
    Pair("\u201b", "\u2019", 2, "‛…’ single high-reversed-9 opener (some typefaces)"),
)

# Pi/Pf characters of text-critical editions, not quotation marks in running text.
EDITORIAL_BRACKETS: frozenset[str] = frozenset("\u2e02\u2e03\u2e04\u2e05\u2e09\u2e0a\u2e0c\u2e0d\u2e1c\u2e1d\u2e20\u2e21")
# Typesetting stand-ins for quote marks that Unicode classes as other punctuation.
PRIMES: frozenset[str] = frozenset("\u2032\u2033\u2035\u2036")


# Unicode puts punctuation (P*) and these symbols only in planes 0 and 1 (the BMP and the SMP; a
# test checks it over all planes): reading those keeps the import at a few milliseconds.
_LAST_SCANNED = 0x1FFFF


def _unicode_quote_marks(last: int = _LAST_SCANNED) -> frozenset[str]:
    """Quote marks by Unicode category and name, code points 0..``last``."""
    out = set()
    for cp in range(last + 1):
        c = chr(cp)
        cat = unicodedata.category(c)
        if cat[0] not in "PS":
            continue  # letters (ʼ ˮ), format tags: not marks in running text
        name = unicodedata.name(c, "")
        if (
            cat in ("Pi", "Pf")
            or "QUOTATION MARK" in name
            or cat in ("Ps", "Pe") and name.endswith("CORNER BRACKET")
            or name in ("APOSTROPHE", "FULLWIDTH APOSTROPHE")
        ):
            out.add(c)
    return frozenset(out - EDITORIAL_BRACKETS)


QUOTE_CHARS: frozenset[str] = _unicode_quote_marks() | PRIMES
"""Every single character used as a quotation mark (see the module docstring)."""

OPENERS: dict[str, frozenset[str]] = {}
for _p in PAIRS:
    OPENERS[_p.opener] = OPENERS.get(_p.opener, frozenset()) | {_p.closer}
LEVEL: dict[str, int] = {p.opener: p.level for p in PAIRS}
CLOSERS: frozenset[str] = frozenset(p.closer for p in PAIRS)
# Marks shaped to close (Pf: ” » ’ ›) or the same both ways (Po: " ' ″ ＂; the ASCII digraphs;
# the grave accent, Sk) open only in an opening position: after a space or a bracket, before a
# word. The others (Pi and Ps: “ « ‘ „ 「 ❝ …) open wherever nothing is open.
CONTEXT_OPENERS: frozenset[str] = frozenset(o for o in OPENERS if len(o) > 1 or unicodedata.category(o) in ("Pf", "Po", "Sk"))
# Marks that are also apostrophes (don't, the '90s): never close before a letter.
APOSTROPHES: frozenset[str] = frozenset("'\u2019\uff07\u2032")

LEVEL1_OPENERS: frozenset[str] = frozenset(o for o in OPENERS if LEVEL[o] == 1)
LEVEL2_OPENERS: frozenset[str] = frozenset(o for o in OPENERS if LEVEL[o] == 2)
LEVEL1_MARKS: frozenset[str] = LEVEL1_OPENERS | frozenset(c for o in LEVEL1_OPENERS for c in OPENERS[o])
