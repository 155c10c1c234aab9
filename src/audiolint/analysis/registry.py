"""The analysers every full check runs, listed explicitly, and where their results go.

Results named in ``SIGNAL`` are merged into the file's ``"signal"`` record; ``"fidelity"`` goes to
its ``"fidelity"`` record. Adding a measurement means adding a factory here, never a second
decode. Results not routed anywhere (``"fingerprint"``) are for rules only.
"""

from __future__ import annotations

from audiolint.analysis import Factory, fidelity, fingerprint
from audiolint.analysis.clipping import Clipping
from audiolint.analysis.levels import Levels
from audiolint.analysis.loudness import Loudness
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
    "fidelity": fidelity.factory,
    "fingerprint": fingerprint.factory,  # for D003 duplicate; not in the JSON
}
SIGNAL: tuple[str, ...] = ("levels", "clipping", "silence", "loudness", "stereo", "voice")
FIDELITY = "fidelity"
# What a rule lists in ANALYSERS to have the file decoded with no measurement (decode errors).
DECODE = "decode"

# The libraries an analyser imports only when it first filters (so that ``audiolint --version``
# starts without them); a run that forks workers imports them once, in the parent, beforehand.
HEAVY_IMPORTS: dict[str, tuple[str, ...]] = {
    "loudness": ("scipy.signal",),
    "fidelity": ("scipy.ndimage",),
}


def preload(names) -> None:
    """Import what the analysers ``names`` will need, so that forked workers inherit it instead
    of each paying for it on its first file (scipy.signal: about 0.7 s)."""
    import importlib

    for name in names:
        for module in HEAVY_IMPORTS.get(name, ()):
            importlib.import_module(module)
