"""The analysers every full check runs, listed explicitly, and where their results go.

Results named in ``SIGNAL`` are merged into the file's ``"signal"`` record; ``"fidelity"`` goes to
its ``"fidelity"`` record. Adding a measurement means adding a factory here, never a second
decode. Results not routed anywhere (``"fingerprint"``) are for rules only.
"""

from __future__ import annotations

from collections.abc import Callable

from audiolint.analysis import Factory, fidelity, fingerprint, loudness, mdct
from audiolint.analysis.clipping import Clipping
from audiolint.analysis.harmony import Harmony
from audiolint.analysis.levels import Levels
from audiolint.analysis.loudness import Loudness
from audiolint.analysis.reverb import Reverb
from audiolint.analysis.silence import Silence
from audiolint.analysis.stereo import Stereo
from audiolint.analysis.voice import Voice

FACTORIES: dict[str, Factory] = {
    "levels": Levels,
    "clipping": Clipping,
    "silence": Silence,
    "loudness": Loudness,
    "stereo": Stereo,
    "voice": Voice,
    "reverb": Reverb,
    "harmony": Harmony,
    "fidelity": fidelity.factory,
    "fingerprint": fingerprint.factory,  # for D003 duplicate; not in the JSON
}
SIGNAL: tuple[str, ...] = (
    "levels", "clipping", "silence", "loudness", "stereo", "voice", "reverb", "harmony"
)  # fmt: skip
FIDELITY = "fidelity"
# What a rule lists in ANALYSERS to have the file decoded with no measurement (decode errors).
DECODE = "decode"

# What an analyser loads only when it first runs (so that ``audiolint --version`` starts
# without it); a run that forks workers loads it once, in the parent, beforehand.
PRELOAD: dict[str, Callable[[], object]] = {
    "loudness": loudness.sosfilt_kernel,
    "harmony": loudness.sosfilt_kernel,
    "fidelity": mdct.dct4_kernel,
}


def preload(names) -> None:
    """Load what the analysers ``names`` will need, so that forked workers inherit it instead
    of each paying for it on its first file."""
    for name in names:
        if name in PRELOAD:
            PRELOAD[name]()
