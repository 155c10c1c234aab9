"""The loud-span excerpt the grid searches and the imaging search read, in bounded memory.

:mod:`~audiolint.analysis.codecgrid`, :mod:`~audiolint.analysis.mp3grid` and
:mod:`~audiolint.analysis.imaging` look for a codec's frame grid or a resampler's images in the
loudest stretches of a file, where the most coefficients stand above the rounding noise. The
:class:`Excerpt` keeps the ``KEPT`` loudest unclipped ``SPAN``-sample spans of the channel mean
(of its first loud channel where the channels are in antiphase and the mean cancels them) as the
blocks stream past, each with its position in the file (a grid's offset is measured
from the file's first sample): one pass, ``KEPT * SPAN`` floats at most. The searches read the
``SPANS`` loudest; :mod:`~audiolint.analysis.opusgrid`, which counts CELT's frames at two offsets
and searches none, reads more of them (the loudest stretches hold the most transients, whose
short blocks leave no zeros on the long frames' grid). It keeps the first
two channels' own samples there too, which :func:`searched` reads where one channel is far
noisier than the other (a noise added after a decode fills the mix's zeros).
"""

from __future__ import annotations

import heapq

import numpy as np

from audiolint.analysis import frames

SPAN = 4096  # samples per kept span: one frame of 2N at every offset 0..N-1 (N <= 1024) fits
SPANS = 8  # loudest spans the grid searches read
# loudest spans kept (bounded memory: KEPT * SPAN floats a channel): a count at fixed offsets
# (opusgrid) reads past the SPANS loudest, where transients' short blocks are fewer
KEPT = 24
CHANNELS = 2  # channels whose own samples are kept at those spans (bounded memory too)
# searched(): a channel is searched alone only when its floor over TOP_SHARE of the Nyquist
# frequency lies NOISIER_DB or more under the other channel's
TOP_SHARE, NOISIER_DB = 0.95, 10.0
QUIET_SHARE = 0.25  # ...and holds at least this share of the mix's energy there
UNLIKE = 0.3  # ...or the two channels correlate under this: different sounds (_unlike)
CLIPPED = 0.99  # a span reaching this level may be clipped
# a block whose channel mean holds under this share of its channels' mean energy has channels in
# antiphase (one channel's polarity flipped: L = x, R = -x): the mean cancels what a codec or
# resampler left in each channel, so one channel is kept instead
ANTIPHASE = 0.1
LOUD_SHARE = 0.5  # ...and the first channel with this share of the loudest one's energy is kept


def content(block: np.ndarray, mix: np.ndarray) -> np.ndarray:
    """``mix`` (the mean of ``block``'s channels, the last axis), or the first channel holding
    ``LOUD_SHARE`` of the loudest one's energy when the mix holds under ``ANTIPHASE`` of the
    channels' mean energy (channels in antiphase): what a measurement of the signal's content
    reads (a codec's grid or holes, a resampler's images), never one of the mix as heard. Chosen
    per block: a file whose polarity flips mid-way joins the mix of some blocks to a channel of
    others."""
    channels = block.shape[-1] if block.ndim > 1 else 1
    if channels < 2:
        return mix
    axes = "ijk"[: block.ndim]  # a block (frames, channels) or frames (count, samples, channels)
    energy = float(np.vdot(mix.reshape(-1), mix.reshape(-1))) * channels
    if energy >= ANTIPHASE * float(np.einsum(f"{axes},{axes}->", block, block)):
        return mix
    # the first loud channel, not the first, which may be silent (0, y, -y), nor the loudest: a
    # noise added to one channel of a pair makes it the louder. Each channel's energy is summed
    # only here (a per-channel einsum costs ~15x the whole block's: 0.45 ms a block)
    each = np.einsum(f"{axes},{axes}->{axes[-1]}", block, block)
    return block[..., int(np.argmax(each >= LOUD_SHARE * each.max()))]


class Excerpt:
    """The ``SPANS`` loudest unclipped ``SPAN``-sample spans of a stream (channel mean), each
    with its position in the file, and the first ``CHANNELS`` channels' samples at those spans:
    what the grid search reads, in bounded memory. ``span``: the spans' length (a 48 kHz
    file's spans brought to the 44.1 kHz lattice need more: :mod:`~audiolint.analysis.regrid`);
    ``channels``: whether the channels' own samples are kept (a reader of the mean alone, as
    regrid, need not copy them)."""

    def __init__(self, span: int = SPAN, channels: bool = True):
        self.span = span
        self.channels = channels
        self.heap: list[tuple[float, int, np.ndarray, np.ndarray | None]] = []
        self.carry = np.zeros(0, np.float32)
        self.carry_ch: np.ndarray | None = None  # the channels' samples of carry (or None: mono)
        self.pos = 0  # file position of carry[0]
        self._quieter: tuple | None = None  # quieter()'s answer, once asked

    def update(self, block: np.ndarray) -> None:
        """Consume one (frames, channels) block."""
        if block.ndim == 2 and block.shape[1] == 0:  # no channel: nothing to keep
            return
        self._quieter = None
        # the channel mean (made once per block for every analyser that reads it)
        mono = block.reshape(-1) if block.ndim == 1 else frames.heard(block)
        mono = mono.astype(np.float32, copy=False)
        chans = None
        if self.channels and block.ndim == 2 and block.shape[1] > 1:
            chans = block[:, :CHANNELS].astype(np.float32, copy=False)
        need = (self.span - len(self.carry)) % self.span
        if len(self.carry) and len(mono) >= need:  # complete the span begun in the last block
            joined = _joined(self.carry_ch, chans, need)
            self._offer(np.concatenate([self.carry, mono[:need]])[None], self.pos, joined)
            self.pos, self.carry, mono = self.pos + self.span, self.carry[:0], mono[need:]
            chans = None if chans is None else chans[need:]
        elif len(self.carry):
            self.carry = np.concatenate([self.carry, mono])
            self.carry_ch = _joined(self.carry_ch, chans, len(chans) if chans is not None else 0)
            self.carry_ch = None if self.carry_ch is None else self.carry_ch[0]
            return
        whole = len(mono) // self.span * self.span
        if whole:
            cut = None if chans is None else chans[:whole].reshape(-1, self.span, chans.shape[1])
            self._offer(mono[:whole].reshape(-1, self.span), self.pos, cut)
        self.carry = mono[whole:].copy()
        self.carry_ch = None if chans is None else chans[whole:].copy()
        self.pos += whole

    def _offer(self, spans: np.ndarray, pos: int, chans: np.ndarray | None = None) -> None:
        """Keep the loudest unclipped of ``spans`` (rows; the first starts at ``pos``), and
        ``chans``' samples of each kept row (rows, SPAN, channels) when given."""
        energy = np.einsum("ij,ij->i", spans, spans)
        for i in np.argsort(energy)[::-1]:  # loudest first, until none could enter
            e = float(energy[i])
            if e <= 0 or (len(self.heap) == KEPT and e <= self.heap[0][0]):
                break
            if np.abs(spans[i]).max() >= CLIPPED:  # holds no codec's coefficients
                continue
            kept = None if chans is None else chans[i].copy()
            item = (e, pos + int(i) * self.span, spans[i].copy(), kept)
            if len(self.heap) < KEPT:
                heapq.heappush(self.heap, item)
            else:
                heapq.heapreplace(self.heap, item)

    def spans(self, wide: bool = False) -> list[tuple[int, np.ndarray]]:
        """(position, samples) of the ``SPANS`` loudest spans, loudest first; with ``wide``, of
        every kept span (up to ``KEPT``)."""
        kept = sorted(self.heap, key=lambda t: -t[0])[: None if wide else SPANS]
        return [(pos, x) for _, pos, x, _ in kept]

    def quieter(self) -> list[tuple[int, np.ndarray]] | None:
        """The spans of the channel whose floor over ``TOP_SHARE`` of the Nyquist frequency lies
        ``NOISIER_DB`` or more under the other's, that holds ``QUIET_SHARE`` of the mix's energy
        and differs from the mix, or None; worked out once (about 1 ms) for every grid search
        that asks."""
        if self._quieter is None:
            mix = self.spans()
            channels = [c for c in self.channel_spans() if mix and len(c) == len(mix)]
            floors = [_floor_db(c) for c in channels]
            quiet = int(np.argmin(floors)) if len(floors) > 1 else -1
            apart = quiet >= 0 and max(floors) - floors[quiet] >= NOISIER_DB
            # ...or channels holding different sounds (a karaoke stem: the voice in one, the
            # backing in the other): the mix adds two codecs' spectra and fills each one's zeros
            apart = apart or (quiet >= 0 and _unlike(channels))
            # a silent or far quieter channel (a voice recorded into one input: L = x, R = 0)
            # has the lower floor too, but holds nothing the mix does not hold louder
            loud = quiet >= 0 and _energy(channels[quiet]) >= QUIET_SHARE * _energy(mix)
            keep = apart and loud and not _same(channels[quiet], mix)
            self._quieter = (quiet, channels[quiet]) if keep else ()
        return self._quieter[1] if self._quieter else None

    def channel_spans(self) -> list[list[tuple[int, np.ndarray]]]:
        """For each of the first ``CHANNELS`` channels (none for a mono stream), that channel's
        (position, samples) at the kept spans, loudest first, leaving out a span where the
        channel reaches ``CLIPPED`` (the mix of the two can stay under it)."""
        kept = [c for _, _, _, c in sorted(self.heap, key=lambda t: -t[0])[:SPANS]]
        positions = [pos for pos, _ in self.spans()]
        if not kept or kept[0] is None:
            return []
        return [
            [
                (pos, np.ascontiguousarray(c[:, k]))
                for pos, c in zip(positions, kept, strict=True)
                if np.abs(c[:, k]).max() < CLIPPED
            ]
            for k in range(kept[0].shape[1])
        ]


def _joined(carry: np.ndarray | None, chans: np.ndarray | None, need: int) -> np.ndarray | None:
    """The carried channel samples and the first ``need`` of ``chans``, as one (1, n, channels)
    row; None for a mono stream."""
    if carry is None or chans is None:
        return None
    return np.concatenate([carry, chans[:need]])[None]


def _same(spans: list[tuple[int, np.ndarray]], mix: list[tuple[int, np.ndarray]]) -> bool:
    """Whether a channel's spans are the mix's (up to the sign: an antiphase pair's other)."""
    return len(spans) == len(mix) and all(
        p == q and np.array_equal(np.abs(x), np.abs(y))
        for (p, x), (q, y) in zip(spans, mix, strict=True)
    )


def _unlike(channels: list[list[tuple[int, np.ndarray]]]) -> bool:
    """Whether two channels' spans are correlated under ``UNLIKE`` (their normalised dot
    product over the spans): different sounds, not one sound panned or delayed a little."""
    a, b = (np.concatenate([x for _, x in c]).astype(np.float64) for c in channels[:2])
    norm = float(np.sqrt(np.vdot(a, a) * np.vdot(b, b)))
    return norm > 0 and abs(float(np.vdot(a, b))) / norm < UNLIKE


def _energy(spans: list[tuple[int, np.ndarray]]) -> float:
    """The summed energy of ``spans``."""
    return float(sum(np.vdot(x, x) for _, x in spans))


def _floor_db(spans: list[tuple[int, np.ndarray]]) -> float:
    """Mean power (dB) of ``spans`` over ``TOP_SHARE`` of the Nyquist frequency, Hann-windowed:
    above every codec's low-pass, so a decode holds only its rounding noise there."""
    x = np.stack([s for _, s in spans]).astype(np.float64)
    x *= np.hanning(x.shape[1])
    power = np.abs(np.fft.rfft(x, axis=1)) ** 2
    top = power[:, int(TOP_SHARE * power.shape[1]) :]
    return float(10.0 * np.log10(max(top.mean(), 1e-30)))


def searched(measure, excerpt: Excerpt, *args, wide: bool = False):
    """``measure(excerpt.spans(wide), *args)`` (a codec-grid search: a record with ``found``,
    or None), or, when it finds no grid in the mix, the record of :meth:`Excerpt.quieter`'s channel
    if that finds one: a noise added to one channel after a decode fills the zeros of the mix
    (half the noise) but not the other channel's; that record names the channel (``channel``,
    0-based). Nothing more is searched otherwise (dual mono, antiphase, a silent channel,
    channels with alike floors): each search costs as much as the mix's."""
    record = measure(excerpt.spans(wide), *args)
    if record is None or record.get("found"):
        return record
    quiet = excerpt.quieter()
    other = measure(quiet, *args) if quiet else None
    if other is None or not other.get("found"):
        return record
    return {**other, "channel": excerpt._quieter[0]}  # 0-based; the mix's records have none
