"""Regenerate ``resources/first_names.tsv``, the given-name -> gender list that
:mod:`annotator.nlp.person_gender` reads, from the ``nomquamgender`` package's data.

Source: nomquamgender 0.1.4 (Van Buskirk, Clauset and Larremore, "An open-source cultural
consensus approach to name-based gender classification", ICWSM 2023; MIT licence, copyright (c)
2022 Ian Van Buskirk, reproduced in the file's header). Its ``name_data.json`` gives, per name,
``[sources, counts, p(gf), ...]``: how many of 36 name-gender sources list it, how many people
they count, and the share of those people gendered female.

Why a derived file and not the package at run time: the package's import loads a 22 MB JSON
(3.5 s, 280 MB resident on the 2-core machine, in every pre-annotation worker) and requires
pandas and Unidecode, the latter GPL-2.0-or-later, which an MIT application must not ship. The
derived list keeps the decisive, common names only (below), about 14,600 lines and 140 kB.

Kept: names of Latin letters (apostrophe and hyphen allowed), counted for at least
``MIN_COUNT`` people, with p(gf) <= ``MAX_P`` ("m") or >= 1 - ``MAX_P`` ("f"), the package's own
default threshold (``NBGC.threshold``). Everything else, and so every unisex name (Jordan 0.11,
Chris 0.12, Taylor 0.36, Jean 0.48), is left out: a name not in the file has no gender. A
stricter 0.05 left out Hillary (0.92), and with her gender unknown the held-out slice gave a
"he" to Hillary Clinton twice.

Usage (a developer's machine; nothing in the application imports this)::

    pip download --no-deps nomquamgender==0.1.4 -d /tmp/nqg && unzip -o /tmp/nqg/*.whl -d /tmp/nqg
    python packaging/first_names.py /tmp/nqg/nomquamgender/name_data.json resources/first_names.tsv
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

MIN_COUNT = 1000
MAX_P = 0.1
_WORD = re.compile(r"^[a-z][a-z'-]+$")

HEADER = """\
# Given name -> gender ("m"/"f"), derived by packaging/first_names.py from nomquamgender 0.1.4
# (https://github.com/ianvanbuskirk/nomquamgender), names counted >= {count} with p(gf) <= {p} or >= {q}.
# nomquamgender: MIT License, Copyright (c) 2022 Ian Van Buskirk. Permission is hereby granted, free
# of charge, to any person obtaining a copy of this software and associated documentation files (the
# "Software"), to deal in the Software without restriction, including without limitation the rights
# to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software,
# and to permit persons to whom the Software is furnished to do so, subject to the following
# conditions: The above copyright notice and this permission notice shall be included in all copies
# or substantial portions of the Software. THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY
# KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS
# FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE
# LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR
# OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN
# THE SOFTWARE.
"""


def derive(data: dict[str, list]) -> list[tuple[str, str]]:
    """(name, "m"/"f") pairs, sorted by name, of the decisive common names in ``data``
    (nomquamgender's ``name_data``: name -> [sources, counts, p(gf), ...])."""
    out = []
    for name, row in data.items():
        if not _WORD.match(name) or row[1] < MIN_COUNT:
            continue
        p = row[2]
        if p <= MAX_P:
            out.append((name, "m"))
        elif p >= 1 - MAX_P:
            out.append((name, "f"))
    return sorted(out)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python packaging/first_names.py NAME_DATA.json OUT.tsv", file=sys.stderr)
        return 1
    data = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    rows = derive(data)
    body = "".join(f"{n}\t{g}\n" for n, g in rows)
    Path(argv[1]).write_text(HEADER.format(count=MIN_COUNT, p=MAX_P, q=1 - MAX_P) + body, encoding="utf-8")
    print(f"{len(rows)} names written to {argv[1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
