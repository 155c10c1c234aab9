"""Where a packaged recording came from, read off its upstream's history, not off audiolint.

Some files that Debian ships as WAV are decodes of lossy files their upstream shipped before. A
benchmark that counts them as genuine scores a true T001 finding as a false alarm. This module
records such histories, each checked by hand against the upstream repository (commit, what it
did, and how closely the WAV matches the lossy file's decode), so the evaluation sets can set
those sources apart as *independently* disputed: the evidence does not come from the detector
being scored.

How the deepin-sound-theme entry was checked (2026-12-03): the upstream repository
(github.com/linuxdeepin/deepin-sound-theme) shipped its sounds as Ogg Vorbis (44.1 kHz stereo,
about 112 kbps) from its first commit f7a4e18 (2015-11-02) until 60664cf (2018-06-21, "add: wav
sound effects files and remove ogg files"); 9fc27e2 (2018-06-25, "fix: wav file format") gave
the WAVs the form Debian ships (byte-identical to the package's files). Each WAV was decoded
Ogg file by Ogg file (libsndfile's Vorbis decoder), aligned by cross-correlation (lag 0 for
all) and compared at the least-squares gain: for 19 of the 21 WAVs the gain is 1.0000, the
length is the same to the sample, and what is left is 69-82 dB under the signal (rounding to 16
bits and two decoders' float arithmetic). A recording re-mastered from the same session would
leave far more. Not matched: camera-shutter (gain 0.36, residual -36 dB: re-levelled or
re-made) and system-shutdown (replaced in 2020 by a 48 kHz 24-bit file with no Ogg ancestor).
"""

from __future__ import annotations

DEEPIN_REPO = "github.com/linuxdeepin/deepin-sound-theme"

# The 19 WAVs of deepin-sound-theme (usr/share/sounds/deepin/stereo/) that equal, to 16-bit
# rounding, the decode of the Ogg Vorbis file of the same name upstream removed in 60664cf.
# Residual under the signal, in dB, as measured (see the module docstring).
DEEPIN_VORBIS_DECODES = {
    "audio-volume-change": -72.1,
    "complete-copy": -69.0,
    "complete-print": -69.9,
    "desktop-login": -74.4,
    "desktop-logout": -76.5,  # upstream's sys-logout.ogg, renamed in 27483c1
    "device-added": -75.9,
    "device-removed": -73.9,
    "dialog-error-critical": -71.2,
    "dialog-error-serious": -74.2,
    "dialog-error": -78.1,
    "message": -70.0,
    "power-plug": -81.6,
    "power-unplug-battery-low": -68.8,
    "power-unplug": -71.6,
    "screen-capture-complete": -72.4,
    "screen-capture": -70.1,
    "suspend-resume": -78.6,
    "trash-empty": -70.0,
    "x-deepin-app-sent-to-desktop": -72.1,
}


def _deepin(stems: list[str]) -> str:
    worst = max(DEEPIN_VORBIS_DECODES[s] for s in stems)
    return (
        f"a Vorbis decode as shipped, by upstream history: {DEEPIN_REPO} shipped "
        f"{' and '.join(stems)} as Ogg Vorbis until commit 60664cf (2018-06-21) replaced them "
        f"with WAVs that equal those files decoded to {worst:.0f} dB or better (16-bit rounding)"
    )


# evaluation-set source id -> (the package's files it is made of, why it is not genuine)
UPSTREAM_DECODES = {
    "deepin_login": _deepin(["desktop-login", "desktop-logout"]),
    "deepin_ui": _deepin(["power-plug", "trash-empty", "suspend-resume", "complete-print"]),
}


def upstream_history(names) -> dict[str, str]:
    """The sources among ``names`` whose upstream history shows them to be lossy decodes."""
    return {n: UPSTREAM_DECODES[n] for n in sorted(names) if n in UPSTREAM_DECODES}
