"""Signal analysis: measurements computed from decoded audio, with no I/O of their own.

An *analyser* is an object with ``update(block)`` (called with each float32 block, shape
(frames, channels), in order) and ``result() -> dict``. :func:`analyse` feeds every analyser
from the same blocks (the probe decodes the file once), so a measurement never adds a pass.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:  # numpy loads when a file is analysed: a run served from the cache needs none
    import numpy as np


class Analyser(Protocol):
    """A streaming measurement."""

    def update(self, block: np.ndarray) -> None:
        """Consume the next block of samples."""

    def result(self) -> dict[str, Any]:
        """The measurement, once every block has been seen."""


# A factory builds one analyser for a file: factory(sample_rate, channels, properties).
Factory = Callable[[int, int, Any], Analyser]


def feed(block_iter: Iterable[np.ndarray], analysers: dict[str, Analyser]) -> int:
    """Push every block to every analyser; return the number of frames seen."""
    frames = 0
    for block in block_iter:
        frames += len(block)
        for a in analysers.values():
            a.update(block)
    return frames


def analyse(
    block_iter: Iterable[np.ndarray], props, factories: dict[str, Factory]
) -> dict[str, dict[str, Any]]:
    """Feed one pass of a file's blocks (:func:`audiolint.probe.decode.blocks`) to every
    analyser and return each one's result by name (plus ``frames``). A decoding error raised
    by the blocks passes through."""
    import numpy as np

    stream = iter(block_iter)
    first = next(stream, None)
    # The decoder's channel count wins over the header's (they can disagree: mutagen reads some
    # mono AAC as stereo); the probe already asked the same decoder, so this is a last guard.
    channels = first.shape[1] if first is not None else props.channels
    analysers = {name: make(props.sample_rate, channels, props) for name, make in factories.items()}
    # Damaged float files can hold values near 3e38: squares overflow to inf, which the
    # analysers already treat as out of range; numpy's warnings would only be noise.
    with np.errstate(over="ignore", invalid="ignore"):
        frames = feed(itertools.chain([first] if first is not None else [], stream), analysers)
        out = {name: a.result() for name, a in analysers.items()}
    out["frames"] = {"frames": frames}
    return out
