"""Streaming spectra: average power spectra and a coarse per-frame band matrix, in one pass.

Blocks are cut into non-overlapping Hann-windowed frames (carrying the remainder between
blocks), transformed with one batched real FFT per block, and accumulated three ways:

* the mean power spectrum of all channels together (``total``: left plus right, so anti-phase
  content that vanishes in a mono mix still counts), and of mid and side for stereo files;
* a per-frame matrix of ``BANDS`` linear band powers of ``total``, thinned by keeping every
  other frame whenever it outgrows ``MAX_ROWS``, so memory stays flat whatever the length. It
  gives loud-frame spectra, the time behaviour of the top band and the spectrogram;
* aligned with it, a short-window (``n / 4``) spectrum of the upper half of the band, in whole
  dB (uint8), taken from the start of each frame's channel mean (its first channel where the
  channels are in antiphase and the mean cancels them, decided frame by frame:
  :func:`audiolint.analysis.excerpt.content_each`).
  Codecs quantise per frame of a few hundred samples and leave cells empty; a long window smears
  those holes, a short one keeps them (see :func:`audiolint.analysis.edge.holes`).
"""

from __future__ import annotations

import numpy as np

from audiolint.analysis import excerpt
from audiolint.analysis.frames import channel_sum

BANDS = 256
MAX_ROWS = 8192
SPEC_BINS, SPEC_COLUMNS = 128, 400  # the plotted spectrogram's rows and most columns
# band_db: 500 Hz bands to 24 kHz, as far as any copy a voice model is trained from reaches
# (48 numbers; a resampler's wall at an old Nyquist frequency stands within one)
LEVEL_BAND_HZ, LEVEL_TOP_HZ = 500.0, 24000.0
# the short rows read the channel mean, or the first loud channel, of GROUP frames together (a
# fixed stretch from the file's start: the same choice whatever blocks a decoder cut)
GROUP = 32
# a clip: two samples in a row at full scale (16-bit's +32767/32768 and over); a lone sample
# there is a normalised peak, with no splatter
CLIP_LEVEL = 0.9999
UNCLIPPED_SHARE = 0.5  # the unclipped mean spectrum needs this share of the frames


def frame_size(sample_rate: int) -> int:
    """FFT length: about 21-23 Hz per bin at 44.1/48 kHz, proportionally at other rates."""
    return int(2 ** max(8, min(15, round(np.log2(max(sample_rate, 1) / 22.0)))))


class SpectrumAccumulator:
    """Accumulates the spectra of a stream of (frames, channels) float32 blocks."""

    def __init__(self, sample_rate: int, channels: int):
        self.n = frame_size(sample_rate)
        self.sample_rate = sample_rate
        self.channels = max(1, channels)
        self.window = np.hanning(self.n).astype(np.float32)
        # the same values in double: numpy's FFT of 2048-sample frames costs half as much in
        # double precision as in single in mono (as much in stereo) and rounds to 1e-16, not 1e-7
        self.window64 = self.window.astype(np.float64)
        bins = self.n // 2 + 1
        self.sums = {"total": np.zeros(bins)}
        if self.channels >= 2:
            self.sums.update(mid=np.zeros(bins), side=np.zeros(bins))
        self.frames = 0
        # frames holding a clip (two samples in a row at CLIP_LEVEL): their count and
        # their summed power, so that the mean spectrum can be read without them
        self.clipped_frames = 0
        self.clipped_power = np.zeros(bins)
        self.rest = np.zeros((0, self.channels), dtype=np.float32)
        # band edges in bins: BANDS equal slices of the spectrum (the last holds the Nyquist bin);
        # under about 8 kHz a frame has fewer bins than that, and each bin is a band, the last
        # two bins sharing one (repeated edges made bands of step 0 Hz, which the edge
        # measurements divide by); 128 bands still make the plot's 128 rows
        self.edges = np.linspace(0, bins, min(BANDS, bins - 1) + 1).astype(int)
        self.rows: list[np.ndarray] = []
        self.kept = 0  # rows in self.rows (summed as they come: the list can grow long)
        self.short_n = self.n // 4
        self.short_window = np.hanning(self.short_n).astype(np.float32)
        self.short_lo = self.short_n // 4  # first bin of the upper half of the band
        self.short_rows: list[np.ndarray] = []
        # frames whose group is not yet complete: each frame's energies (channel mean x
        # channels, then each channel), and the heads of the kept ones with their indices
        self.levels: list[np.ndarray] = []
        self.heads: list[tuple[np.ndarray, np.ndarray]] = []
        self.grouped = 0  # frames whose group's short rows are made
        self.stride = 1  # keep one frame in ``stride``
        self.seen = 0

    def update(self, block: np.ndarray) -> None:
        """Add a block; frames that straddle blocks are completed with the next one."""
        if block.shape[1] != self.channels:
            block = block[:, : self.channels]
        data = np.concatenate([self.rest, block]) if len(self.rest) else block
        k = len(data) // self.n
        self.rest = data[k * self.n :].copy()
        if k:
            self._frames(data[: k * self.n].reshape(k, self.n, self.channels))

    def _frames(self, frames: np.ndarray, window: np.ndarray | None = None) -> None:
        window = self.window64 if window is None else window
        if frames.shape[2] == 1:
            spec = np.fft.rfft(frames * window[None, :, None], axis=1).transpose(0, 2, 1)
        else:
            # each channel's frame as a contiguous row: the FFT of strided columns costs a
            # third more (the same values: pocketfft copies each row to a buffer either way)
            wide = np.ascontiguousarray(frames.transpose(0, 2, 1), dtype=np.float64)
            wide *= window
            spec = np.fft.rfft(wide, axis=2)  # (k, ch, bins)
        power = spec.real**2 + spec.imag**2
        total = channel_sum(power.transpose(0, 2, 1))
        self.sums["total"] += total.sum(axis=0)
        clipped = _clipped(frames)
        if clipped.any():
            self.clipped_frames += int(clipped.sum())
            self.clipped_power += total[clipped].sum(axis=0)
        if self.channels >= 2:
            left, right = spec[:, 0], spec[:, 1]
            self.sums["mid"] += (np.abs(left + right) ** 2).sum(axis=0) / 4
            self.sums["side"] += (np.abs(left - right) ** 2).sum(axis=0) / 4
        self.frames += len(frames)
        bands = np.add.reduceat(total, self.edges[:-1], axis=1).astype(np.float32)
        index = np.arange(self.seen, self.seen + len(bands))
        keep = (index % self.stride) == 0
        self.seen += len(bands)
        self.rows.append(bands[keep])
        self.kept += len(self.rows[-1])
        self._group(frames, index, keep)
        if self.kept > MAX_ROWS:
            # kept rows are the frames whose index is a multiple of stride: keep every other
            self.rows = [np.concatenate(self.rows)[::2]]
            self.kept = len(self.rows[0])
            self.short_rows = [np.concatenate(self.short_rows)[::2]] if self.short_rows else []
            self.stride *= 2
            self.heads = [(i[i % self.stride == 0], h[i % self.stride == 0]) for i, h in self.heads]

    def _group(self, frames: np.ndarray, index: np.ndarray, keep: np.ndarray) -> None:
        """The short rows of every group of GROUP frames these ``frames`` complete; the rest
        (their heads, the first ``short_n`` samples, and energies) held for the next call.
        Frames that start a group with nothing held (a decoder's 65,536-frame blocks, 32 of
        2048) are read at once, without copies."""
        heads = frames[:, : self.short_n]
        levels = self._levels(heads)
        done = 0
        if index[0] == self.grouped and not self.levels:
            done = len(frames) // GROUP * GROUP
            for g in range(0, done, GROUP):
                if keep[g : g + GROUP].any():
                    kept = heads[g : g + GROUP][keep[g : g + GROUP]]
                    self.short_rows.append(self._short_rows(kept, levels[g : g + GROUP]))
            self.grouped += done
        if done < len(frames):
            held = keep[done:]
            self.levels.append(levels[done:])
            self.heads.append((index[done:][held], heads[done:][held].copy()))
            self._short(final=False)

    def _levels(self, heads: np.ndarray) -> np.ndarray:
        """Each head's energies: its channel mean's times the channels, then each channel's
        (float64; frame by frame, so that a group's sums do not depend on the blocks)."""
        mix = channel_sum(heads) / np.float32(self.channels)
        levels = [np.einsum("ij,ij->i", mix, mix) * self.channels]
        if self.channels > 1:  # row by row, each channel's samples contiguous (as the mix's)
            for c in range(self.channels):
                one = np.ascontiguousarray(heads[:, :, c])
                levels.append(np.einsum("ij,ij->i", one, one))
        return np.stack(levels, axis=1).astype(np.float64)

    def _short(self, final: bool) -> None:
        """The short rows of every complete group (with ``final``, of the last one too): the
        upper-half short-window spectrum of each kept head's channel mean, or of its first
        channel holding ``excerpt.LOUD_SHARE`` of the loudest one's energy where the group's
        mean holds under ``excerpt.ANTIPHASE`` of its channels' energy (channels in antiphase:
        the mean cancels them), dB + 160 as uint8."""
        end = self.seen if final else self.seen // GROUP * GROUP
        if end <= self.grouped or not self.levels:
            return
        levels = np.concatenate(self.levels)
        held = self.heads or [(np.zeros(0, int), np.zeros((0, self.short_n, self.channels)))]
        index = np.concatenate([i for i, _ in held])
        heads = np.concatenate([h for _, h in held])
        for start in range(self.grouped, end, GROUP):
            rows = levels[start - self.grouped : min(start + GROUP, end) - self.grouped]
            mine = (index >= start) & (index < start + GROUP)
            if mine.any():
                self.short_rows.append(self._short_rows(heads[mine], rows))
        rest = index >= end
        self.levels = [levels[end - self.grouped :]] if end < self.seen else []
        self.heads = [(index[rest], heads[rest])] if rest.any() else []
        self.grouped = end

    def _short_rows(self, heads: np.ndarray, levels: np.ndarray) -> np.ndarray:
        """:meth:`_short`'s rows of ``heads`` (count, short_n, channels), one group's kept
        heads, by the group's ``levels`` (:meth:`_hold`)."""
        head = channel_sum(heads) / np.float32(self.channels)
        energy = levels.sum(axis=0)
        if self.channels > 1 and energy[0] < excerpt.ANTIPHASE * energy[1:].sum():
            each = energy[1:]
            head = heads[:, :, int(np.argmax(each >= excerpt.LOUD_SHARE * each.max()))]
        head = head * self.short_window
        spec = np.fft.rfft(head.astype(np.float64), axis=1)[:, self.short_lo :]  # as _frames
        with np.errstate(over="ignore"):  # absurd float samples: inf power, clipped below
            db = to_db(spec.real**2 + spec.imag**2) + 160.0
        return np.clip(db, 0, 255).astype(np.uint8)

    def finish(self) -> None:
        """Add the last partial frame, zero-padded, when it is at least half a frame long.

        It gets a Hann window of its own length: under the full frame's window a file that
        ends loud (a clip cut mid-note) would step from its last sample to the padding's
        zeros, and that one step's spectrum, falling only 6 dB an octave, stands tens of dB
        over the floor a resampler or a codec left above its edge."""
        m = len(self.rest)
        if m >= self.n // 2:
            pad = np.zeros((self.n - m, self.channels), dtype=np.float32)
            window = np.zeros(self.n)
            window[:m] = np.hanning(m)
            self._frames(np.concatenate([self.rest, pad])[None], window)
        self.rest = self.rest[:0]
        self._short(final=True)

    def freqs(self) -> np.ndarray:
        """Centre frequency (Hz) of each FFT bin."""
        return np.fft.rfftfreq(self.n, 1.0 / self.sample_rate)

    def band_freqs(self) -> np.ndarray:
        """Lower edge frequency (Hz) of each band of the per-frame matrix."""
        return self.freqs()[self.edges[:-1]]

    def mean(self, view: str = "total") -> np.ndarray | None:
        """Mean power per bin of a view ("total", "mid", "side"), or None if absent or empty."""
        if view not in self.sums or not self.frames:
            return None
        return self.sums[view] / self.frames

    def unclipped_mean(self) -> np.ndarray | None:
        """Mean power per bin of the channels together over the frames that hold no clip, or
        None when no frame does or fewer than ``UNCLIPPED_SHARE`` of the frames are left.

        Clipping after the last process (a resampler's overshoot over a source normalised to
        full scale, cut at the 16-bit limit) splatters each clipped frame's power over the whole
        band: in the mean spectrum one such frame in 138 fills the band past a resampler's wall
        38 dB over the samples' floor (an 8 -> 44.1 kHz copy of a drum kit). That power is the
        clip's, not what the processing before it left."""
        if not self.clipped_frames or not self.frames:
            return None
        left = self.frames - self.clipped_frames
        if left < UNCLIPPED_SHARE * self.frames:
            return None
        return np.maximum(self.sums["total"] - self.clipped_power, 0.0) / left

    def band_matrix(self) -> np.ndarray:
        """The kept frames' band powers, shape (frames kept, BANDS or, under 8 kHz, 128)."""
        if not self.rows:
            return np.zeros((0, len(self.edges) - 1), dtype=np.float32)
        return np.concatenate(self.rows)

    def short_matrix(self) -> tuple[np.ndarray, np.ndarray]:
        """Kept frames' short-window dB (+160) rows (aligned with :meth:`band_matrix`), freqs;
        asked after the last block (the open group's rows are made now, as :meth:`finish`
        makes them)."""
        self._short(final=True)
        freqs = np.fft.rfftfreq(self.short_n, 1.0 / self.sample_rate)[self.short_lo :]
        if not self.short_rows:
            return np.zeros((0, len(freqs)), dtype=np.uint8), freqs
        return np.concatenate(self.short_rows), freqs


def spectrogram(spec: SpectrumAccumulator, cutoff: float | None, sr: int, frames: int) -> dict:
    """The fidelity record's ``_spectrogram`` artifact, for plots: a SPEC_BINS x <= SPEC_COLUMNS
    dB matrix (low frequencies first; 0 dB: a full-scale sine) of ``spec``'s kept frames, with
    the file's rate ``sr``, its length (``frames`` at ``sr``) and the ``cutoff`` drawn."""
    bands = spec.band_matrix()
    cols = max(1, min(SPEC_COLUMNS, len(bands)))
    # consecutive frames averaged into cols columns, the first `extra` one frame longer (as
    # np.array_split cuts them): two reshaped means, not one small mean per column
    size, extra = divmod(len(bands), cols)
    cut = extra * (size + 1)
    parts = [bands[:cut].reshape(extra, size + 1, -1).mean(axis=1)] if extra else []
    if size:
        parts.append(bands[cut:].reshape(cols - extra, size, -1).mean(axis=1))
    m = np.concatenate(parts).T
    m = m.reshape(SPEC_BINS, -1, m.shape[1]).mean(axis=1)
    db = to_db(m / (spec.window.sum() / 2) ** 2).astype(np.float32)
    return {
        "matrix": db,
        "sample_rate": sr,
        "duration_s": frames / sr if sr else 0.0,
        "cutoff_hz": cutoff,
    }


def band_levels_db(freqs: np.ndarray, power: np.ndarray) -> list[float]:
    """The fidelity record's ``band_db``: the mean power spectrum ``power`` (bins at ``freqs``)
    in ``LEVEL_BAND_HZ`` bands from 0 Hz to ``LEVEL_TOP_HZ`` or the last whole band under the
    Nyquist frequency, dB under its loudest band (to 0.1 dB, no lower than -200): where a copy
    beside it stops, D003 reads whether this one falls there too
    (:func:`audiolint.rules.duplicate_hires.hires_rate`)."""
    count = int(min(LEVEL_TOP_HZ, freqs[-1] if len(freqs) else 0.0) // LEVEL_BAND_HZ)
    if count < 1:
        return []
    band = (freqs // LEVEL_BAND_HZ).astype(np.int64)
    keep = band < count
    sums = np.bincount(band[keep], weights=power[keep], minlength=count)
    mean = sums / np.maximum(np.bincount(band[keep], minlength=count), 1)
    db = to_db(mean / max(float(mean.max()), 1e-30), floor=1e-20)
    return [round(float(v), 1) for v in np.maximum(db, -200.0)]


def _clipped(frames: np.ndarray) -> np.ndarray:
    """Per frame of ``frames`` (count, n, channels): does it hold a clip, two samples in a row
    of one channel at ``CLIP_LEVEL`` of full scale or over?"""
    at = np.abs(frames) >= CLIP_LEVEL
    if not at.any():
        return np.zeros(len(frames), dtype=bool)
    return (at[:, 1:] & at[:, :-1]).any(axis=(1, 2))


def to_db(power: np.ndarray, floor: float = 1e-20) -> np.ndarray:
    """Power to decibels, with a floor so digital silence stays finite."""
    return 10.0 * np.log10(np.maximum(power, floor))
