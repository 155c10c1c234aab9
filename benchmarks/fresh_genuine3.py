"""A third fresh genuine set: recorded speech from Debian packages no other benchmark reads.

    python benchmarks/fresh_genuine3.py [--out /tmp/audiolint-fresh3] [--rev COMMIT] [--jobs 1]
                                        [--build-only]

Built as ``fresh_genuine2.py`` builds its set (its ``build``, with this script's packages), and
checked and tabled by ``fresh_genuine.py``'s ``check`` and ``table``: every rule's findings,
judged by hand on their evidence in the session's notes. A helper's review in session 37 first
read these packages (and grandorgue-demo's organ pipes, left out here: they ship in an
organ-definition archive): six announcer lines drew a false T002 "upsampled from 32 kHz", which
session 37 fixed seeing the tune half's. Every file was seen in that review; the held-out half
was not tuned on.

* tune half:
  - openarena-081-misc: OpenArena's announcer (``sound/feedback``, ``sound/teamplay``: one
    voice actor's short lines, reverberant), WAV inside ``pak6-misc.pk3``. Six of the sixteen
    ``teamplay`` files (``teamplay_flag*``) are music stingers, not the announcer (a helper's
    review, session 37: flagcapture_opponent is three dominant-seventh chords): S009's "second
    pitch ... or music" on them is right, and S007 misses them.
  - codec2-examples: Codec 2's test speech (8 and 16 kHz recordings, men and women).
* held-out half:
  - openarena-081-players: OpenArena's characters' taunts, deaths and pains (every third file
    of each of 16 characters), WAV inside ``pak2-players.pk3``.
  - pocketsphinx-testdata: PocketSphinx's test speech (read digits and LibriVox excerpts).
"""

from __future__ import annotations

import sys

from fresh_genuine2 import run

OA = "usr/share/games/openarena/baseoa/"
# the 16 characters of pak2-players.pk3
PLAYERS = [
    "angelyss",
    "arachna",
    "assassin",
    "ayumi",
    "beret",
    "gargoyle",
    "kyonshi",
    "liz",
    "major",
    "merman",
    "penguin",
    "sergei",
    "skelebot",
    "smarine",
    "sorceress",
    "tony",
]
# (half, package, [(folder inside it, suffixes, take every k-th file, at most n, what)])
PACKAGES = [
    ("tune", "openarena-081-misc", [
        (OA + "pak6-misc.pk3:sound/feedback", (".wav",), 1, 42, "announcer lines"),
        (OA + "pak6-misc.pk3:sound/teamplay", (".wav",), 1, 16, "team announcer lines"),
    ]),
    ("tune", "codec2-examples", [
        ("usr/share/codec2/wav", (".wav",), 1, 20, "Codec 2's test speech"),
        ("usr/share/codec2/raw", (".wav",), 1, 2, "Codec 2's 16 kHz test speech"),
    ]),
    ("heldout", "openarena-081-players", [
        (OA + f"pak2-players.pk3:sound/player/{who}", (".wav",), 3, 5, f"{who}'s voice")
        for who in PLAYERS
    ]),
    ("heldout", "pocketsphinx-testdata", [
        (f"usr/share/pocketsphinx/test/data/{d}", (".wav",), 1, 10, f"PocketSphinx test {d}")
        for d in ("cards", "librivox")
    ]),
]  # fmt: skip


def main(argv=None) -> int:
    return run(__doc__, "/tmp/audiolint-fresh3", PACKAGES, argv)


if __name__ == "__main__":
    sys.exit(main())
