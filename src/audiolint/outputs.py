"""Where audiolint may write: never onto what it inspects, never onto audio, and only into
folders it made itself.

Every writer (``check -o``, ``inspect -o``/``--spectrogram``, ``--baseline``, the result cache,
and ``fix --out`` when it lands) asks :func:`guard` first. A path is refused when it is one of
the inputs (after links are resolved, or the same file under another name), or when it already
exists and is audio: an audio extension, or audio by its first bytes. Refusal is an
:class:`OutputRefused`, which the command line shows as one line and exit 2, before anything is
written.

Folders are claimed with a cache-directory tag (https://bford.info/cachedir/): audiolint only
rewrites or deletes files in a folder that carries its tag, or that it has just created.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from audiolint.errors import AudiolintError
from audiolint.probe import sniff

TAG_NAME = "CACHEDIR.TAG"
TAG_TEXT = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by audiolint.\n"
    "# For information about cache directory tags, see https://bford.info/cachedir/\n"
)
# What audiolint wrote in its cache folders before it tagged them: such a folder is ours too.
LEGACY_MARK = "# Created by audiolint: a cache, safe to delete.\n*\n"


class OutputRefused(AudiolintError):
    """An output path that would overwrite an input or an audio file."""


def _same_file(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` name one file (links resolved; hard links too)."""
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return os.path.realpath(a) == os.path.realpath(b)


def _audio_reason(path: str) -> str | None:
    """Why the existing regular file ``path`` counts as audio, or None when it does not."""
    for name in (path, os.path.realpath(path)):
        if Path(name).suffix.lower() in sniff.AUDIO_EXTENSIONS:
            return "an existing audio file"
    try:
        kind = sniff.sniff_bytes(sniff.read_head(Path(path)))
    except (OSError, ValueError):
        return None
    return f"an existing audio file ({kind})" if kind else None


def refusal(path, inputs=(), what: str = "output") -> str | None:
    """The one-line reason not to write ``path``, or None when writing it is safe.

    ``inputs`` are the files and folders being inspected; ``what`` names the option
    (``--output``) in the message. ``None`` and ``-`` (standard output) are always safe.
    """
    if path is None or path == "-":
        return None
    target = os.fsdecode(path)
    for raw in inputs:
        if _same_file(target, os.fsdecode(raw)):
            return f"{what} {target} is one of the inputs: refusing to write over it"
    try:
        st = os.stat(target)
    except (OSError, ValueError):
        return None  # nothing there yet (or a dangling link): nothing to destroy
    if not stat.S_ISREG(st.st_mode):
        return None  # /dev/null, a terminal, a pipe: never opened here, and not data
    reason = _audio_reason(target)
    return f"{what} {target} is {reason}: refusing to write over it" if reason else None


def guard(path, inputs=(), what: str = "output") -> None:
    """Raise :class:`OutputRefused` when :func:`refusal` has a reason not to write ``path``."""
    reason = refusal(path, inputs, what)
    if reason:
        raise OutputRefused(reason)


def guard_each(inputs, targets: dict) -> None:
    """:func:`guard` every ``{option: path}`` of ``targets`` (None paths are skipped)."""
    for what, path in targets.items():
        guard(path, inputs, what)


def _ours(directory: Path) -> bool:
    """True when ``directory`` carries audiolint's tag (or its older ``.gitignore`` mark)."""
    for name, text in ((TAG_NAME, TAG_TEXT), (".gitignore", LEGACY_MARK)):
        try:
            with open(directory / name, encoding="utf-8", errors="replace") as fh:
                if fh.read(len(text) + 1) == text:
                    return True
        except (OSError, ValueError):
            continue
    return False


def claim_folder(directory) -> bool:
    """Make ``directory`` audiolint's own, or say it cannot be: True when it was created now,
    was empty, or already carries the tag (then the tag is written if it was missing).

    An existing folder holding anything else (another program's files, a dataset) is not
    claimed, and nothing is written in it.
    """
    directory = Path(directory)
    try:
        if directory.exists() and not directory.is_dir():
            return False
        if directory.is_dir() and not _ours(directory) and any(directory.iterdir()):
            return False
        directory.mkdir(parents=True, exist_ok=True)
        tag = directory / TAG_NAME
        if not tag.exists():
            tag.write_text(TAG_TEXT, encoding="utf-8")
        return True
    except (OSError, ValueError):
        return False
