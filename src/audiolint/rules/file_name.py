"""File name: spaces, brackets, quotes or non-ASCII characters in a dataset path.

Modern systems allow them, but some training tools' preprocessing does not: RVC's FAQ traces
FFmpeg and UTF-8 errors to such paths, and Applio refuses them. A file's own name is flagged on
that file; a folder's name once, for the dataset, however many files sit in it.
"""

from __future__ import annotations

import unicodedata
from pathlib import PurePath

from audiolint.rules.base import DatasetContext, Problem
from audiolint.text import printable

ID = "D004"
NAME = "file-name"
TERM = "File name"
SEVERITY = "warning"
SCOPE = "dataset"
REQUIRES = "probe"
ANALYSERS = ()
DEFAULT = {"characters": " ()[]{}<>'\"`&;|*?$!"}
VERDICT = "{n} {files} with characters training tools reject in the name"

_NAMES = {
    " ": "spaces",
    "\t": "tabs",
    "(": "brackets",
    ")": "brackets",
    "[": "brackets",
    "]": "brackets",
    "{": "brackets",
    "}": "brackets",
    "'": "quotes",
    '"': "quotes",
}


def odd_characters(name: str, characters: str) -> list[str]:
    """Plain-words list of what is wrong in ``name`` ('spaces', "non-ASCII 'é'"), in order."""
    found: dict[str, None] = {}
    for ch in name:
        if ch in characters or ch.isspace():
            found[_NAMES.get(ch, f"'{ch}'")] = None
        elif ord(ch) < 32 or ord(ch) == 127:
            found["control characters"] = None
        elif 0xDC80 <= ord(ch) <= 0xDCFF:  # a byte that is not valid UTF-8
            found["bytes that are not UTF-8"] = None
        elif ord(ch) > 127:
            label = "emoji" if unicodedata.category(ch) == "So" else f"'{ch}'"
            if not ch.isprintable():  # a bidi override or other format character: never raw
                label = f"U+{ord(ch):04X}"
            found[f"non-ASCII {label}"] = None
    return list(found)


def _advice(what: list[str]) -> str:
    return (
        f"has {', '.join(what)}: some training tools fail on such paths (Applio refuses "
        "them); rename to letters, digits, '-' and '_'"
    )


def check(ctx: DatasetContext, options: dict):
    """Warn on each file whose name, and once on each folder whose name, has odd characters."""
    chars = options["characters"]
    folders: dict[str, list[str]] = {}
    for f in ctx.files:
        what = odd_characters(f.path.name, chars)
        if what:
            yield Problem(f"file name {_advice(what)}", data={"path": f.display, "found": what})
        parent = PurePath(f.display).parent
        for i, part in enumerate(parent.parts):
            folder = str(PurePath(*parent.parts[: i + 1]))
            if folder not in folders:
                folders[folder] = odd_characters(part, chars)
    for folder, what in folders.items():
        if what:
            yield Problem(
                f"folder {printable(folder)} {_advice(what)}",
                data={"folder": folder, "found": what},
            )
