"""Walk the given paths and decide, for every entry met, whether it is audio to check or skipped.

Files named on the command line are always checked; inside folders only files with an audio
extension are, and hidden files (``.DS_Store``, ``._foo.wav``) are skipped and counted, each
with its reason (hidden folders such as ``.git`` are not entered). Nothing here opens a file:
special files (FIFOs, sockets, devices), dangling links and link loops with an audio name are
passed on, and the probe reports them without opening them. Links to files are followed. Links
to folders are followed while they stay inside the folders given (``follow_links`` follows the
others too), but a folder already walked (a link loop, or two links to one place) is walked
once and the extra link is skipped as ``folder already checked``. ``/proc``, ``/sys`` and
``/dev`` are never walked into, unless a folder given is already inside one. A folder that
cannot be listed is passed on too, so it gets a finding rather than vanishing. In a git work
tree, what its ``.gitignore`` files ignore is skipped as ``ignored by .gitignore`` (as ruff's
``respect-gitignore``; files named on the command line are still checked).
"""

from __future__ import annotations

import fnmatch
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from audiolint.pathlist import Labelled, PathList
from audiolint.probe.sniff import AUDIO_EXTENSIONS, UNREAD_FORMATS

# Skip reasons, as they appear in the summary's ``skipped_by_reason``.
EXCLUDED = "excluded"
GITIGNORED = "ignored by .gitignore"
HIDDEN = "hidden"
NOT_AUDIO = "not audio"
UNREAD = "audio format not read"
ALREADY_CHECKED = "folder already checked"
OUTSIDE = "link to a folder outside the checked folders (--follow-links follows it)"
SYSTEM = "system folder (/proc, /sys and /dev are never walked)"
SYSTEM_DIRS = ("/proc", "/sys", "/dev")


@dataclass
class Discovery:
    """Files to check, in a stable order, and what was skipped on purpose (with why). The files
    are a :class:`~audiolint.pathlist.PathList` (bytes, not Path objects: 100,000 files), and
    so are the skipped paths (a transcript beside every clip doubles the entries met)."""

    files: PathList = field(default_factory=PathList)
    skipped: Labelled = field(default_factory=Labelled)  # (path, reason) pairs
    missing: list[Path] = field(default_factory=list)
    folders: int = 0  # folders among the paths given: a dataset, even of one file (D001)

    def skipped_by_reason(self) -> dict[str, int]:
        """How many entries were skipped for each reason."""
        return dict(sorted(Counter(reason for _, reason in self.skipped).items()))


def _excluded(path: Path, patterns: tuple[str, ...]) -> bool:
    text = path.as_posix()
    return any(fnmatch.fnmatch(text, p) or fnmatch.fnmatch(path.name, p) for p in patterns)


def _identity(path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def discover(
    paths, exclude: tuple[str, ...] = (), follow_links: bool = False, gitignore: bool = True
) -> Discovery:
    """Expand files and folders (recursively) into the files to check. ``follow_links``:
    follow links to folders outside the given ones too (never into /proc, /sys, /dev).
    ``gitignore``: skip what the ``.gitignore`` files of a git work tree ignore."""
    found = Discovery()
    walked: set[tuple[int, int]] = set()
    roots = [Path(os.fsdecode(raw)) for raw in paths]
    # One root's walk meets each path once (a folder is walked once); only several roots
    # (which may overlap) need every path remembered.
    seen: set[str] | None = set() if len(roots) > 1 else None
    inside = None if follow_links else [os.path.realpath(r) for r in roots if _is_dir(r)]
    for root in roots:
        if missing(root):
            found.missing.append(root)
        elif _is_dir(root):  # a link to a folder named on the command line is followed
            found.folders += 1
            git = None
            if gitignore:  # only for a folder: files named on the command line are checked
                from audiolint.gitignore import GitIgnore

                git = GitIgnore.at(root)
            _walk(root, found, seen, walked, exclude, inside, git)
        else:  # a file, or a path that cannot be looked at: the probe says why
            _consider(root, found, seen, exclude, explicit=True)
    return found


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def _refused(sub: Path, real: str, system_ok: bool, inside: list[str] | None) -> str | None:
    """Why the walk must not enter ``sub`` (whose real path is ``real``), or None.
    ``inside``: the real paths of the folders given (None: links may lead anywhere)."""
    if not system_ok and any(_within(real, s) for s in SYSTEM_DIRS):
        return SYSTEM
    if inside is not None and os.path.islink(sub) and not any(_within(real, r) for r in inside):
        return OUTSIDE
    return None


def missing(path) -> bool:
    """True only when nothing is at ``path``. A path that cannot be looked at (a name over
    255 bytes, a folder that cannot be searched) is not missing: it gets a finding."""
    try:
        os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return True
    except (OSError, ValueError):
        return False
    return False


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def _walk(root: Path, found: Discovery, seen: set, walked: set, exclude, inside, git) -> None:
    system_ok = any(_within(os.path.realpath(root), s) for s in SYSTEM_DIRS)  # asked for
    ident = _identity(root)
    if ident is not None and ident in walked:
        found.skipped.append((root, ALREADY_CHECKED))
        return
    walked.add(ident)

    def unlistable(exc: OSError) -> None:
        # os.walk skips a folder it cannot list; pass it on so the probe reports it.
        if exc.filename is not None:
            _consider(Path(os.fsdecode(exc.filename)), found, seen, exclude, explicit=True)

    for dirpath, dirnames, filenames in os.walk(root, onerror=unlistable, followlinks=True):
        here = Path(dirpath)
        real_here = os.path.realpath(here)
        keep = []
        for name in sorted(dirnames):
            sub = here / name
            if name.startswith("."):  # .git, caches, .Trash: not data, and not worth a count
                continue
            real = os.path.realpath(sub) if os.path.islink(sub) else os.path.join(real_here, name)
            if _excluded(sub, exclude):
                found.skipped.append((sub, EXCLUDED))
            elif git is not None and git.ignored(sub, is_dir=True):
                found.skipped.append((sub, GITIGNORED))
            elif reason := _refused(sub, real, system_ok, inside):
                found.skipped.append((sub, reason))
            elif (ident := _identity(sub)) is not None and ident in walked:
                found.skipped.append((sub, ALREADY_CHECKED))
            else:
                walked.add(ident)
                keep.append(name)
        dirnames[:] = keep
        for name in sorted(filenames):
            path = here / name
            audio = not name.startswith(".") and path.suffix.lower() in AUDIO_EXTENSIONS
            if git is not None and audio and git.ignored(path, is_dir=False):
                if _first(path, seen):
                    found.skipped.append((path, GITIGNORED))
                continue
            _consider(path, found, seen, exclude, explicit=False)


def _first(path: Path, seen: set | None) -> bool:
    """True the first time ``path`` is met (two roots may overlap; None: no overlap)."""
    if seen is None:
        return True
    key = os.path.normpath(os.path.abspath(path))
    if key in seen:
        return False
    seen.add(key)
    return True


def _consider(path: Path, found: Discovery, seen: set, exclude, explicit: bool) -> None:
    if not _first(path, seen):
        return
    if _excluded(path, exclude):
        found.skipped.append((path, EXCLUDED))
    elif not explicit and path.name.startswith("."):
        found.skipped.append((path, HIDDEN))
    elif not explicit and path.suffix.lower() in UNREAD_FORMATS:
        found.skipped.append((path, UNREAD))
    elif not explicit and path.suffix.lower() not in AUDIO_EXTENSIONS:
        found.skipped.append((path, NOT_AUDIO))
    else:
        found.files.append(path)
