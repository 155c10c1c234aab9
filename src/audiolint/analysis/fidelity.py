"""The ``fidelity`` analyser: is a "lossless" file really lossless, and what does it rest on?

For a lossless file it reports ``verdict`` (genuine, lossy-origin, upsampled, padded-bits or
inconclusive), ``confidence`` and the evidence: effective bandwidth (``cutoff_hz``), the edge's
depth and steepness, the level above it, the probable ``origin`` and the
``effective_bit_depth``. For a lossy file it reports the bandwidth and whether it is far
narrower than the bitrate allows (``reencoded``). A downsampled spectrogram goes to the
``_spectrogram`` artifact (kept out of the JSON) for plots.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from audiolint.analysis import (
    codecgrid,
    dithered,
    floorwall,
    gridverdict,
    imaging,
    reencode,
    regrid,
    resampler,
    underwall,
    upgrid,
    verdict,
    walls,
)
from audiolint.analysis import edge as edges
from audiolint.analysis.bitdepth import BitDepthMeter
from audiolint.analysis.codec_edges import NAMED, expected_bandwidth, old_lame_band
from audiolint.analysis.codec_edges import origin as codec_origin
from audiolint.analysis.frames import finite
from audiolint.analysis.hires import HIRES_RATE, hires
from audiolint.analysis.spectrum import SpectrumAccumulator, band_levels_db, spectrogram, to_db
from audiolint.analysis.stagefloor import stage_floor

MIN_SECONDS = 0.5
SILENT_DB = -100.0  # mean power below this (dBFS per bin): nothing to judge

# a lossy file narrower than the bandwidth its bitrate keeps (codec_edges.expected_bandwidth) by
# more than this was made from a worse source
NARROW_MARGIN_HZ = 2000


class FidelityAnalyser:
    """Streaming analyser: spectra, per-frame bands and the bit-depth OR, then the verdict."""

    def __init__(self, sample_rate: int, channels: int, props):
        self.sr = int(sample_rate or 0)
        self.props = props
        self.spec = SpectrumAccumulator(max(self.sr, 1), channels or 1)
        self.lossless = props.lossless is not False
        self.bits = BitDepthMeter(props) if self.lossless else None
        # the excerpt the grid searches read (a lossy file's: only where reencode judges it)
        self.grid = codecgrid.Excerpt() if self.lossless or reencode.applies(props) else None
        # longer spans of a 48 or 40 kHz file, for a decode's grid on another lattice (regrid)
        self.long = regrid.excerpt(self.sr) if self.lossless else None
        # longer spans still, for a lossy file decoded at a lower rate and upsampled (upgrid)
        self.up = upgrid.excerpt(self.sr) if self.lossless else None
        self.frames = 0

    def update(self, block: np.ndarray) -> None:
        """Consume one float32 block (frames, channels)."""
        block = finite(block)  # NaN as 0, inf as full scale; checked once per block for all
        self.frames += len(block)
        self.spec.update(block)
        if self.bits is not None:
            self.bits.update(block)
        if self.grid is not None:
            self.grid.update(block)
        if self.long is not None:
            self.long.update(block)
        if self.up is not None:
            self.up.update(block)

    def result(self) -> dict:
        """The fidelity record (plus ``_spectrogram``)."""
        self.spec.finish()
        out: dict = {"analysed": False}
        bits = self.bits.result() if self.bits else None
        if self.lossless:
            out["effective_bit_depth"] = bits
            stated = self.props.bit_depth
            out["padded_bits"] = bool(bits and stated and bits < stated)
        total = self.spec.mean("total")
        if total is None or self.frames < MIN_SECONDS * self.sr or to_db(total.sum()) < SILENT_DB:
            if self.lossless:
                padded = out["padded_bits"]
                out.update(verdict="padded-bits" if padded else "inconclusive", confidence=0.0)
                out["evidence"] = ["too short or too quiet to judge the spectrum"]
            else:
                out["verdict"] = None  # a lossy file's, as the lossy check writes it
            return out
        freqs = self.spec.freqs()
        level = edges.smooth_db(freqs, total)  # smoothed once, read by every edge measurement
        edge = edges.measure(freqs, total, level)
        cutoff = float(edge["cutoff_hz"])
        bands = self.spec.band_matrix()
        timing = (
            edges.held_and_flicker(bands, self.spec.band_freqs(), cutoff, self.sr / 2)
            if edge["found"]
            else {}
        )
        short, short_freqs = self.spec.short_matrix()
        timing["holes"] = edges.holes(short, short_freqs, edges.loud_rows(bands), cutoff)
        edge["upper"] = edges.upper(
            freqs, total, level, edge, bands, self.spec.band_freqs(), (short, short_freqs)
        )
        bf, nyq = self.spec.band_freqs(), self.sr / 2
        if edge["found"]:
            timing["spread_db"] = edges.spread_above(bands, bf, cutoff, nyq)
        # the samples' own quantisation floor (float samples: as fine as 24-bit ones)
        stated = (self.props.bit_depth if self.props.sample_format == "int" else 24) or 16
        power = float((self.spec.window.astype(np.float64) ** 2).sum())
        quant = edges.quant_floor_db(power, stated, self.spec.channels)
        # content above a candidate's N rules it out unless it is the band under N mirrored
        frames = (
            imaging.frames_db(self.grid.spans(), self.sr, bits or 24) if self.lossless else None
        )
        mirrored = partial(imaging.mirrored, frames, self.sr, least=imaging.IMAGES_CORR)
        images = imaging.measure(frames, self.sr) if self.lossless else None
        find = partial(
            resampler.resampled_from,
            sample_rate=self.sr,
            rates=verdict.STANDARD_RATES,
            mirrored=mirrored if frames else None,
            # not a gentle filter's images read just past N (imaging.NEAR): they end by 1.1 N
            # and read as no wall higher up, so a wall there is the last conversion's
            imaged=images["rate"] if images and not images.get("near") else None,
        )
        # content past N, and not its images, rules a rate out; the next rates up are then
        # searched (a shelved source's own fall can stand at 32 kHz's N in a copy whose true
        # wall, at 44.1 kHz's, lies further up)
        mean_spectra, ruled = (freqs, level, edge, bands), 0
        while found := self._wall(
            find,
            [r for r in verdict.STANDARD_RATES if r > ruled],
            mean_spectra,
            quant,
            frames,
            images,
        ):
            found["spread_db"] = edges.spread_above(bands, bf, found["rate"] / 2, nyq)
            found["rise_db"] = walls.rise_past(bands, bf, found["rate"] / 2, nyq)
            found["over_db"] = walls.over_far(bands, bf, found["rate"] / 2, nyq)
            # (not a wall read without the clipped frames: the rise is read over all of them,
            # splatter included)
            risen = not found.get("unclipped") and walls.rises_past(found)
            if not risen or imaging.faint(frames, self.sr, found["rate"]):
                break
            ruled = found["rate"]
        edge["resampled"] = found
        if found and stated > 16 and self.lossless:  # an earlier 16-bit stage's floor
            cliffs = [e["cutoff_hz"] for e in (edge, edge["upper"]) if e and e.get("found")]
            found["stage_floor"] = stage_floor(
                freqs, level, power, self.spec.channels, found["rate"] / 2, cliffs
            )
        if found and self.lossless and hires(self.sr, found["rate"]):
            spectra, depth = (bands, bf, (short, short_freqs)), (power, self.spec.channels)
            edge["under_wall"] = underwall.measure(freqs, total, level, spectra, found, depth)
        if self.lossless:
            edge["robust"] = edges.robust(bands, bf, (short, short_freqs), nyq)
            edge["floor_wall"] = floorwall.measure(freqs, total)
        edge["reach_hz"] = edges.reach(freqs, level, power, stated, self.spec.channels)
        stereo = self._stereo(freqs, edge)
        out.update(analysed=True, cutoff_hz=round(cutoff), bandwidth_limited=edge["found"])
        if edge.get("reach_hz") is not None:
            out["reach_hz"] = round(edge["reach_hz"])
        out["band_db"] = band_levels_db(freqs, total)
        for key in (
            "depth_db",
            "width_hz",
            "steepness_db_per_khz",
            "floor_db",
            "stop_hz",
            "corner_hz",
        ):
            if key in edge:
                out[key] = edge[key]
        out.update({k: v for k, v in timing.items() if v is not None}, **stereo)
        if edge["resampled"]:
            out["resampler_position"] = edge["resampled"]["position"]
            out["resampler_drop_db"] = edge["resampled"]["drop_db"]
            out["resampler_spread_db"] = edge["resampled"]["spread_db"]
            out["resampler_sag_db"] = edge["resampled"].get("sag_db")
            if edge["resampled"].get("loud"):  # read in the loudest passages (walls.in_loud)
                out["resampler_loud"] = True
        if self.lossless:
            out.update(gridverdict.decide(self, edge, timing, stereo, out["padded_bits"], images))
            if out.get("verdict") in ("genuine", "inconclusive") and not edge["resampled"]:
                out.update(self._dithered(edge, timing, stereo, out["padded_bits"], images))
            # a codec's edge found only in the median loud frame still limits the band
            # (a grid found under the codec's cliff, gridwords.under_edge, rests on both)
            on_grid = any(
                (g := out.get(k) or {}).get("decided") and not g.get("cliff")
                for k in verdict.GRID_KEYS
            )
            out["bandwidth_limited"] |= out.get("verdict") == "lossy-origin" and not on_grid
        else:
            out.update(self._lossy_check(edge))
        # the cut-off the verdict rests on (a second edge, above a roll-off, when it does)
        limited = out["bandwidth_limited"]
        cut = out["cutoff_hz"] if limited else None
        out["_spectrogram"] = spectrogram(self.spec, cut, self.sr, self.frames)
        return out

    def _wall(self, find, rates, spectra, quant, frames, images) -> dict | None:
        """The lowest of ``rates`` whose N a resampler's wall marks, or None: read in the mean
        spectrum, then in its loudest passages, then without its clipped frames, then over a
        decode's floor."""
        freqs, level, edge, bands = spectra
        bf, nyq = self.spec.band_freqs(), self.sr / 2
        find = partial(find, rates=rates)
        found = find(freqs, level, quant_db=quant)
        if not found and frames is not None:  # a sparse pass band: its loudest passages
            found = walls.in_loud(find, frames, bands, bf, nyq)
        # a clipped frame's splatter is the clip's, not the processing's before it: a
        # resampler's overshoot cut at full scale fills the band past its wall in the mean
        # spectrum, so the wall is read again without those frames (not where the images
        # already name a rate: the clipped frames are the loudest, and without them a gentle
        # filter's source can roll off under a lower rate's N; nor at 22.05 kHz, among 48 kHz
        # recordings' own roll-offs and codecs' cut-offs, where the whole file must show it)
        unclipped = self.spec.unclipped_mean()
        if not found and unclipped is not None and not (images and images.get("rate")):
            low = [r for r in rates if r / 2 < verdict.AMBIGUOUS_LOW]
            found = find(freqs, edges.smooth_db(freqs, unclipped), quant_db=quant, rates=low)
            found = {**found, "unclipped": True} if found else None
        if not found and self.lossless and self.sr >= HIRES_RATE and edge["found"]:
            found = underwall.over_floor(find, freqs, level, edge, quant)  # a decode's floor
        return found

    def _dithered(self, edge, timing, stereo, padded, images) -> dict:
        """Where the verdict found nothing or could not tell, and no resampler's wall was read:
        one under a noise-shaped dither's floor (:mod:`.dithered`), judged again with it, grids
        and all; the record's keys to change (none unless that judges it upsampled)."""
        shaped = dithered.wall(self.spec, verdict.STANDARD_RATES)
        if not shaped:
            return {}
        bands, bf = self.spec.band_matrix(), self.spec.band_freqs()
        shaped["spread_db"] = edges.spread_above(bands, bf, shaped["rate"] / 2, self.sr / 2)
        edge["resampled"] = shaped
        redo = gridverdict.decide(self, edge, timing, stereo, padded, images)
        if redo.get("verdict") != "upsampled":
            edge["resampled"] = None
            return {}
        keys = ("position", "drop_db", "spread_db", "sag_db")
        return {**redo, **{f"resampler_{k}": shaped[k] for k in keys}, "resampler_dithered": True}

    def _lossy_check(self, edge) -> dict:
        p = self.props
        keeps = expected_bandwidth(p.bitrate_bps, p.channels, self.sr, p.codec)
        # no LAME tag to say which encoder: an old LAME's own low-pass may be the cliff
        # (Scratch's LAME 3.93 MP3s at 64 kbps mono cut at 14.0 kHz)
        keeps = min(keeps, old_lame_band(p) or keeps) if keeps else keeps
        resampled = edge["resampled"]
        if resampled and edge["cutoff_hz"] > 1.05 * resampled["rate"] / 2:
            resampled = None  # content above the old Nyquist frequency rules that rate out
        top = resampled["rate"] / 2 if resampled else edge["cutoff_hz"]
        narrow = bool(
            keeps
            and (resampled or verdict.is_cliff(edge))
            and top < keeps - NARROW_MARGIN_HZ
            and p.bitrate_bps
        )
        origin = None
        if narrow:
            named = verdict.codec_candidates(edge["cutoff_hz"], p.channels or 2)[:NAMED]
            origin = " or ".join(named)
            if origin and p.channels == 1:
                # a mono file's source need not have been mono (review 58c: stereo MP3 128k
                # slices re-encoded as mono MP3 320k read "probably from mono MP3 around 64
                # kbps"): the stereo settings first, then the mono ones, as a lossless file's
                origin = codec_origin(edge["cutoff_hz"], 1)
            if resampled:
                origin = f"{resampled['rate'] / 1000:g} kHz audio"
            elif not origin and reencode.uncharted(edge["cutoff_hz"], p.channels or 2):
                origin = "a low-bitrate encode"  # under the tables' rows: none can rule it out
        # a cliff where the tables hold no codec's low-pass (nor a resampler's) may be the
        # recording's own band
        out = {"verdict": None, "expected_cutoff_hz": keeps or None, "reencoded": bool(origin)}
        if origin:
            out["origin"] = origin
        if self.grid is not None:  # an earlier encode's zeros (reencode.applies: MP3 files)
            out["reencode_grid"] = reencode.measure(self.grid.spans(), self.sr, p)
            out["reencoded"] |= bool((out["reencode_grid"] or {}).get("found"))
        return out

    def _stereo(self, freqs, edge) -> dict:
        mid, side = self.spec.mean("mid"), self.spec.mean("side")
        if mid is None or side is None or not edge["found"]:
            return {}
        # only meaningful when the side carries real content under the edge
        below = (freqs > 2000) & (freqs < edge["cutoff_hz"] - 500)
        if not below.any() or to_db(side[below].mean()) < to_db(mid[below].mean()) - 30:
            return {}
        side_edge = edges.measure(freqs, side, edges.smooth_db(freqs, side))
        return {"side_cutoff_hz": side_edge["cutoff_hz"]} if side_edge["found"] else {}


def factory(sample_rate: int, channels: int, props) -> FidelityAnalyser:
    """Registry factory."""
    return FidelityAnalyser(sample_rate, channels, props)
