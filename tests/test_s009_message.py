"""S009's message says what was measured (newcomer audit of session 18): the share of the pitched
time with a second pitch under the main one, its pitch, and the residue's level against the whole
sound (what the comb leaves, less its 3 dB); no claim that the second pitch moves on its own (a
harmony that moves with the melody counts too), and no level "under the main pitch"."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from audiolint.context import FileContext
from audiolint.rules import backing_vocals as rule

SIGNAL = {"second_voice_ratio": 0.22, "second_pitch_hz": 103.4, "second_voice_db": -5.1,
          "alone_voice_ratio": 0.0, "c50_db": None}  # fmt: skip


def message(**signal) -> str:
    """S009's message on a file whose analysers read ``SIGNAL`` updated with ``signal`` (S007
    not run: S009 judges the file itself)."""
    ctx = FileContext(Path("x.wav"), "x.wav", SimpleNamespace(), signal={**SIGNAL, **signal})
    (p,) = rule.check(ctx, {**rule.DEFAULT, "_S007": None})
    return p.message


def test_the_message_names_the_measures():
    text = message()
    assert text.startswith("a second pitch under the main one in 22% of the pitched time")
    assert "(near 103 Hz, about 5 dB under the whole sound)" in text
    assert "moving on its own" not in text and "under the main pitch" not in text


def test_the_pauses_route_says_how_it_was_counted():
    """Fired by the pauses route (under min_ratio): quiet (10 dB under the loud frames), and its
    pitch found under the main voice too (audiolint.analysis.alone)."""
    text = message(second_voice_ratio=0.1, alone_voice_ratio=0.12)
    assert "in 10% of the pitched time" in text
    assert (
        "on its own in the main voice's pauses (10 dB or more under its loud parts, at a pitch "
        "also found under it) in 12%"
    ) in text
