"""Walk the given paths and decide, for every entry met, whether it is audio to check or skipped.

Files named on the command line are always checked; inside folders only files with an audio
extension are, and hidden files (``.DS_Store``, ``._foo.wav``) are skipped and counted.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field
from pathlib import Path

from audiolint.probe.sniff import AUDIO_EXTENSIONS


@dataclass
class Discovery:
    """Files to check, in a stable order, and what was skipped on purpose (with why)."""

    files: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    missing: list[Path] = field(default_factory=list)


def _excluded(path: Path, patterns: tuple[str, ...]) -> bool:
    text = path.as_posix()
    return any(fnmatch.fnmatch(text, p) or fnmatch.fnmatch(path.name, p) for p in patterns)


def discover(paths, exclude: tuple[str, ...] = ()) -> Discovery:
    """Expand files and folders (recursively) into the files to check."""
    found = Discovery()
    seen: set[Path] = set()
    for raw in paths:
        root = Path(raw)
        if root.is_dir():
            for dirpath, dirnames, filenames in os.walk(root):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in sorted(filenames):
                    _consider(Path(dirpath) / name, found, seen, exclude, explicit=False)
        elif root.exists() or root.is_symlink():
            _consider(root, found, seen, exclude, explicit=True)
        else:
            found.missing.append(root)
    return found


def _consider(path: Path, found: Discovery, seen: set, exclude, explicit: bool) -> None:
    if path in seen:
        return
    seen.add(path)
    if _excluded(path, exclude):
        found.skipped.append((path, "excluded"))
    elif not explicit and path.name.startswith("."):
        found.skipped.append((path, "hidden"))
    elif not explicit and path.suffix.lower() not in AUDIO_EXTENSIONS:
        found.skipped.append((path, "not audio"))
    else:
        found.files.append(path)
