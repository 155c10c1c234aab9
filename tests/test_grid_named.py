"""Which codec a grid found on two windows is named for (analysis.gridcheck.named).

AAC's and Vorbis's windows are close, so one decode's grid can be found on both. Review 39:
ktuberling's Walloon words (shipped as Ogg Vorbis) were named AAC, AAC's record winning on z
alone while Vorbis's window held as many zeros at the same offset. The records below are the
measured ones (kt_wa/bale.wav; FFmpeg's AAC at 160 kbps of pyo's flute from the cross-check
corpus); the audio is a Debian package's and a build's, not in the repository, so the choice
is tested on its records."""

from __future__ import annotations

from audiolint.analysis.gridcheck import named


def _record(codec, window, offset, share, z, step, found=True):
    return {"found": found, "codec": codec, "window": window, "hop": 1024, "step": step,
            "offset": offset, "zero_share": share, "z": z}  # fmt: skip


def test_a_tie_on_a_vorbis_decode_is_named_vorbis():
    aac = _record("AAC", "kbd", 0, 0.1172, 142.2, 1024)
    vorbis = _record("Vorbis", "vorbis", 0, 0.1193, 18.9, 128)
    found = [aac, _record("AAC", "sine", 0, 0.1125, 139.1, 1024), vorbis]
    assert named(found, aac) is vorbis


def test_an_aac_decode_whose_window_holds_more_zeros_stays_aac():
    aac = _record("AAC", "kbd", 0, 0.1343, 152.4, 1024)
    found = [aac, _record("Vorbis", "vorbis", 0, 0.0318, 13.5, 128)]
    assert named(found, aac) is aac


def test_vorbis_on_another_offset_or_not_found_leaves_aac():
    aac = _record("AAC", "kbd", 960, 0.1, 50.0, 1024)
    off = _record("Vorbis", "vorbis", 64, 0.2, 20.0, 128)  # 960 % 128 == 64: the same offset
    assert named([aac, off], aac) is off
    moved = _record("Vorbis", "vorbis", 32, 0.2, 20.0, 128)
    lost = _record("Vorbis", "vorbis", 64, 0.2, 5.0, 128, found=False)
    assert named([aac, moved, lost], aac) is aac
