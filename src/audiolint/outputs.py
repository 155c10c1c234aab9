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
Several claimants (threads, processes) may race on one new folder: the tag appears whole or not
at all (written under a temporary name, then linked into place), and a folder holding nothing
but such a temporary tag is another claimant's, so it is shared, not refused.
"""

from __future__ import annotations

import contextlib
import os
import stat
import threading
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
# A tag being written: .CACHEDIR.TAG.<pid>-<thread>-<random>.audiolint-tmp
TEMP_PREFIX, TEMP_SUFFIX = f".{TAG_NAME}.", ".audiolint-tmp"


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


def _tag_in_progress(directory: Path, name: str) -> bool:
    """True when ``name`` is a claimant's temporary tag: our temporary name, a regular file,
    and holding a beginning of the tag text (or gone: it was just linked into place)."""
    if not (name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX)):
        return False
    try:
        if not stat.S_ISREG(os.lstat(directory / name).st_mode):
            return False
        with open(directory / name, encoding="utf-8", errors="replace") as fh:
            return TAG_TEXT.startswith(fh.read(len(TAG_TEXT) + 1))
    except FileNotFoundError:
        return True


def _claimable(directory: Path) -> bool:
    """True when the existing folder is ours: tagged, or holding nothing but claimants'
    temporary tags (an empty folder holds nothing)."""
    if _ours(directory):
        return True
    if all(_tag_in_progress(directory, name) for name in os.listdir(directory)):
        return True
    return _ours(directory)  # a temporary tag seen going away was linked into place meanwhile


def _write_tag(directory: Path) -> None:
    """Put the whole tag in ``directory`` unless a tag is there: written under a temporary
    name first, so no claimant ever reads a partial tag."""
    tag = directory / TAG_NAME
    if tag.exists():
        return
    token = f"{os.getpid()}-{threading.get_ident()}-{os.urandom(4).hex()}"
    temp = directory / f"{TEMP_PREFIX}{token}{TEMP_SUFFIX}"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with open(fd, "w", encoding="utf-8") as fh:
            fh.write(TAG_TEXT)
        try:
            os.link(temp, tag)  # fails, leaving the other's, when another claimant was first
        except FileExistsError:
            pass
        except OSError:  # no hard links on this file system: a rename is whole too
            try:
                os.replace(temp, tag)
            except OSError:
                if not _ours(directory):  # (Windows refuses to replace a file being read)
                    raise
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)


def claim_folder(directory) -> bool:
    """Make ``directory`` audiolint's own, or say it cannot be: True when it was created now,
    was empty, already carries the tag (then the tag is written if it was missing), or holds
    only another claimant's tag being written (threads or processes racing on a new folder).

    An existing folder holding anything else (another program's files, a dataset) is not
    claimed, and nothing is written in it.
    """
    directory = Path(directory)
    try:
        try:
            directory.mkdir(parents=True)
        except OSError:  # there already (some systems say so as "permission denied")
            if not directory.is_dir() or not _claimable(directory):
                return False
        _write_tag(directory)
        return True
    except (OSError, ValueError):
        return False
