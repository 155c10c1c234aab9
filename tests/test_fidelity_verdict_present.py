"""The fidelity record always holds ``verdict`` (the JSON report is a contract): a lossless
file's verdict, or null for a lossy file, also when the file is too short to judge.

Regression (review 2 NOTE): a lossy file under the fidelity analyser's half second wrote
``{"analysed": false}``, with no ``verdict`` key at all, where a longer lossy file writes
``"verdict": null``. The schema now requires the key.
"""

from __future__ import annotations

import numpy as np
import pytest
from realaudio import needs_alsa, prompt
from test_report_schema import _json, errors, validate


def _mp3(path, x: np.ndarray, sr: int) -> None:
    """``x`` (mono float32) as a 128 kbps MP3 file, by PyAV's LAME."""
    import av

    with av.open(str(path), "w", format="mp3") as out:
        stream = out.add_stream("libmp3lame", rate=sr)
        stream.layout, stream.bit_rate = "mono", 128000
        frame = av.AudioFrame.from_ndarray(x[None].astype(np.float32), "fltp", layout="mono")
        frame.sample_rate = sr
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            out.mux(packet)


@needs_alsa
def test_a_lossy_file_too_short_to_judge_has_a_null_verdict(tmp_path):
    """ALSA's Front_Center through LAME: 0.3 s of it (too short: analysed false) and the whole
    prompt (analysed) both write ``"verdict": null``; the schema rejects a record without it."""
    pytest.importorskip("av")
    x, sr = prompt("Front_Center")
    loud = int(np.argmax(np.abs(x)))
    start = max(0, loud - int(0.15 * sr))
    _mp3(tmp_path / "short.mp3", x[start : start + int(0.3 * sr)], sr)
    _mp3(tmp_path / "whole.mp3", x, sr)
    doc = validate(_json("check", str(tmp_path), "--no-cache"))
    fid = {fr["path"].rsplit("/", 1)[-1]: fr["fidelity"] for fr in doc["files"]}
    assert fid["short.mp3"]["analysed"] is False
    assert fid["whole.mp3"]["analysed"] is True
    for name in ("short.mp3", "whole.mp3"):
        assert "verdict" in fid[name] and fid[name]["verdict"] is None, fid[name]
    for record in doc["files"]:
        del record["fidelity"]["verdict"]
    assert len([e for e in errors(doc) if "'verdict' is a required property" in e]) == 2
