"""What a git work tree ignores, read from its ``.gitignore`` files without running git.

As git does: the patterns of ``.git/info/exclude`` and of every ``.gitignore`` from the top of
the work tree down to a path's folder apply, a deeper file over a shallower one, the last
matching pattern of a file winning (``!pattern`` re-includes). Patterns follow git's wildmatch
(``/`` anchors, ``dir/`` matches folders only, ``**``, ``[a-z]``, ``\\`` escapes), compiled
to regular expressions here: ``pathspec`` does the same but its import took 30-110 ms
(it pulls in asyncio), paid by every run in a work tree. A test compares the result with
``git ls-files``. The global ignore file (``core.excludesFile``) is not read: it is the
user's, not the project's.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path


def work_tree(path: Path) -> Path | None:
    """The top of the git work tree holding ``path`` (a folder with ``.git`` in it), or None."""
    here = Path(os.path.abspath(path))
    for folder in (here, *here.parents):
        if os.path.lexists(folder / ".git"):
            return folder
    return None


class GitIgnore:
    """Answers "does git ignore this path?" for one work tree, reading each folder's
    ``.gitignore`` once."""

    def __init__(self, top: Path):
        self.top = os.path.abspath(top)
        # folder -> [(patterns, the folder's path from that ignore file's folder + "/")],
        # deepest ignore file first; only files with patterns
        self._chains: dict[str, list[tuple[list[Pattern], str, re.Pattern]] | None] = {}
        self._files: dict[str, list[Pattern]] = {}  # each ignore file, read once

    def _read(self, path: str) -> list[Pattern]:
        if path not in self._files:
            self._files[path] = _read(Path(path))
        return self._files[path]

    @classmethod
    def at(cls, path: Path) -> GitIgnore | None:
        """The matcher for the work tree holding ``path``, or None outside one."""
        top = work_tree(path)
        return cls(top) if top is not None else None

    def _chain(self, folder: str) -> list[tuple[list[Pattern], str, re.Pattern]] | None:
        if folder in self._chains:
            return self._chains[folder]
        if folder != self.top and not folder.startswith(self.top.rstrip(os.sep) + os.sep):
            chain = None  # outside the work tree
        else:
            parts = Path(os.path.relpath(folder, self.top)).parts
            parts = () if parts == (".",) else parts
            chain = []
            for i in range(len(parts), -1, -1):  # deepest first
                where = os.path.join(self.top, *parts[:i], ".gitignore")
                prefix = "".join(f"{p}/" for p in parts[i:])
                chain.append((self._read(where), prefix))
            info = os.path.join(self.top, ".git", "info", "exclude")
            chain.append((self._read(info), "".join(f"{p}/" for p in parts)))
            chain = [(pats, prefix, _any(pats)) for pats, prefix in chain if pats]
        self._chains[folder] = chain
        return chain

    def ignored(self, path: Path, is_dir: bool) -> bool:
        """True when git would ignore ``path`` (judged on its own: a caller that does not walk
        into ignored folders never asks about what is inside them)."""
        full = os.path.abspath(path)
        folder, name = os.path.split(full)
        chain = self._chain(folder) if full != self.top else None
        for patterns, prefix, anything in chain or ():
            sub = prefix + name  # the path as seen from the ignore file's folder
            if not anything.fullmatch(sub):  # most paths match no pattern: one test, not many
                continue
            for pattern in reversed(patterns):  # the last matching pattern decides
                if (is_dir or not pattern.dir_only) and pattern.regex.fullmatch(sub):
                    return not pattern.negate
        return False


@dataclass(frozen=True)
class Pattern:
    """One line of an ignore file, compiled."""

    regex: re.Pattern
    negate: bool  # "!pattern": re-include
    dir_only: bool  # "pattern/": folders only


def _read(path: Path) -> list[Pattern]:
    """The patterns of an ignore file; none when there is no file or it is unreadable, not a
    regular file (a FIFO or ``/dev/zero`` would block or never end) or a symbolic link (git
    2.32+ does not follow a ``.gitignore`` that is one)."""
    flags = os.O_RDONLY | os.O_NONBLOCK
    if path.name == ".gitignore":  # git follows a link at .git/info/exclude
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except (OSError, ValueError):
        return []
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return []
        with os.fdopen(fd, "rb", closefd=False) as f:
            text = f.read().decode("utf-8", errors="surrogateescape")
    except OSError:
        return []
    finally:
        os.close(fd)
    return [p for p in map(compile_line, text.splitlines()) if p is not None]


def _any(patterns: list[Pattern]) -> re.Pattern:
    """One expression matching what any of ``patterns`` matches."""
    return re.compile("|".join(f"(?:{p.regex.pattern})" for p in patterns), re.S)


def compile_line(line: str) -> Pattern | None:
    """A ``.gitignore`` line as a :class:`Pattern` matched against a path relative to the
    file's folder (``a/b.wav``), or None for a blank line or a comment."""
    while line.endswith(" ") and not line.endswith("\\ "):  # trailing spaces, unless escaped
        line = line[:-1]
    if not line or line.startswith("#"):
        return None
    negate = line.startswith("!")
    line = line[1:] if negate else line
    dir_only = line.endswith("/")
    line = line.rstrip("/")
    if not line:
        return None
    anchored = "/" in line  # a slash at the start or in the middle ties it to this folder
    parts = line.lstrip("/").split("/")
    out = ""
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if part == "**":
            out += ".*" if last else "(?:.*/)?"  # "a/**" everything inside; "**/", "/**/"
        else:
            out += _glob(part) + ("" if last else "/")
    return Pattern(re.compile(out if anchored else "(?:.*/)?" + out, re.S), negate, dir_only)


def _glob(part: str) -> str:
    """One path segment's wildcards as a regular expression (``*``, ``?``, ``[...]``)."""
    out, i = "", 0
    while i < len(part):
        c = part[i]
        if c == "\\" and i + 1 < len(part):
            out, i = out + re.escape(part[i + 1]), i + 2
            continue
        if c == "*":
            out += "[^/]*"
        elif c == "?":
            out += "[^/]"
        elif c == "[":
            bracket = _bracket(part, i)
            if bracket is None:  # unclosed, or an unknown [:class:]: git matches nothing
                return NOTHING
            regex, i = bracket
            out += regex
        else:
            out += re.escape(c)
        i += 1
    return out


NOTHING = "(?!)"  # a regular expression no path matches
CLASSES = {
    "alnum": "a-zA-Z0-9",
    "alpha": "a-zA-Z",
    "blank": " \\t",
    "cntrl": "\\x00-\\x1f\\x7f",
    "digit": "0-9",
    "graph": "!-~",
    "lower": "a-z",
    "print": " -~",
    "punct": re.escape("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"),
    "space": " \\t\\n\\r\\f\\v",
    "upper": "A-Z",
    "xdigit": "0-9A-Fa-f",
}


def _bracket(part: str, start: int) -> tuple[str, int] | None:
    """The bracket expression at ``start`` as git's wildmatch reads it (``!``/``^`` negate, a
    leading ``]`` is a member, ``\\`` escapes, ``a-z`` ranges (``z-a``: only ``z``),
    ``[:alpha:]`` classes; never ``/``): its regular expression and the index of its
    ``]``, or None when it is unclosed or names an unknown class."""
    j = start + 1
    negate = part[j : j + 1] in ("!", "^")
    j += negate
    members: list[str] = []
    first = True
    while j < len(part) and (first or part[j] != "]"):
        first = False
        if part.startswith("[:", j):
            end = part.find(":]", j + 2)
            if end != -1:
                name = part[j + 2 : end]
                if name not in CLASSES:
                    return None
                members.append(CLASSES[name])
                j = end + 2
                continue
        j, low = _member(part, j)
        if part[j : j + 1] == "-" and j + 1 < len(part) and part[j + 1] != "]":
            j, high = _member(part, j + 1)
            # as wildmatch reads it, the low end is a member even when the range is backwards
            members.append(f"{re.escape(low)}-{re.escape(high)}" if low <= high else re.escape(low))
        else:
            members.append(re.escape(low))
    if j >= len(part):
        return None
    body = "".join(members)
    if negate:
        return f"[^/{body}]", j
    return (f"(?![/])[{body}]" if body else NOTHING), j


def _member(part: str, j: int) -> tuple[int, str]:
    """The character at ``j`` of a bracket expression (``\\x`` is ``x``) and the index after it."""
    if part[j] == "\\" and j + 1 < len(part):
        return j + 2, part[j + 1]
    return j + 1, part[j]
