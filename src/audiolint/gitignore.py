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
    """The patterns of an ignore file; none when there is no file (or it is unreadable: git
    skips those too)."""
    try:
        lines = path.read_text(encoding="utf-8", errors="surrogateescape").splitlines()
    except (OSError, ValueError):
        return []
    return [p for p in map(compile_line, lines) if p is not None]


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
        elif c == "[" and (end := _bracket_end(part, i)) is not None:
            body = part[i + 1 : end]
            neg = body[:1] in ("!", "^")
            body = body[1:] if neg else body
            body = body.replace("\\", "\\\\").replace("[", "\\[")
            out += "[" + ("^/" if neg else "") + body + "]"
            i = end
        else:
            out += re.escape(c)
        i += 1
    return out


def _bracket_end(part: str, start: int) -> int | None:
    """Index of the ``]`` closing the bracket expression at ``start``, or None (a literal)."""
    j = start + 1
    if j < len(part) and part[j] in "!^":
        j += 1
    if j < len(part) and part[j] == "]":  # "[]a]": a leading ] is a member
        j += 1
    end = part.find("]", j)
    return end if end != -1 else None
