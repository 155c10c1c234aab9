"""Files joined end to end: an Ogg file's links, and the finding F006 reports.

The MP3 side lives in :mod:`audiolint.probe.mpeg` (``parts``, ``tag_bytes``); this module
words the finding for both and reads the Ogg pages through a memory map.
"""

from __future__ import annotations

import mmap
from pathlib import Path

from audiolint.probe import oggchain


def ogg_links(path: Path) -> list:
    """The Ogg file's links (:func:`audiolint.probe.oggchain.links`), through a memory map."""
    with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        return oggchain.links(mm)


def anomaly(
    what: str, first: float | None, total: float, whole: bool = True, **extra
) -> tuple[str, str, dict]:
    """The probe's record (kind, message, data) of files joined end to end: how many, how
    long, and what reads them (``extra``: more data, such as the tags' bytes between them).
    Where a reader of the header still gets the whole (an MP3 without a Xing header), a
    "joints" record no rule reports."""
    data = {"parts": int(what.split()[0]), "duration_s": round(total, 3), **extra}
    if not first or first >= total * 0.85:
        return "joints", f"{what} joined end to end", data
    text = (
        f"joined: {what} end to end, {total:.2f} s in all, but tools built on libsndfile "
        f"(soundfile, librosa) read at most the first, {first:.2f} s, or refuse the file"
    )
    if not whole:
        text += "; they differ in sample rate or channels, so audiolint analysed that part alone"
    return "joined", text + ": re-encode it as one file", data
