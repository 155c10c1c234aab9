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
    celtskirt,
    codecgrid,
    excerpt,
    floorwall,
    imagefit,
    imaging,
    mp2grid,
    mp3grid,
    opusgrid,
    reencode,
    regrid,
    resampler,
    underwall,
    upgrid,
    verdict,
    walls,
    zerocount,
)
from audiolint.analysis import edge as edges
from audiolint.analysis.bitdepth import BitDepthMeter
from audiolint.analysis.codec_edges import expected_bandwidth, old_lame_band
from audiolint.analysis.frames import finite
from audiolint.analysis.hires import HIRES_RATE, hires
from audiolint.analysis.resampler_codec import (
    edge_or_grid,
    from_images,
    on_edge_alone,
    resampler_or_codec,
)
from audiolint.analysis.spectrum import SpectrumAccumulator, spectrogram, to_db

MIN_SECONDS = 0.5
SILENT_DB = -100.0  # mean power below this (dBFS per bin): nothing to judge

# a lossy file narrower than the bandwidth its bitrate keeps (codec_edges.expected_bandwidth) by
# more than this was made from a worse source
NARROW_MARGIN_HZ = 2000


def _by_grid(found: dict, grid: dict | None, codec: str, phrase, key: str) -> dict:
    """``found`` judged again with one codec's grid record (a resampler's edge, then the verdict
    itself), the grid records measured before it carried over and this one stored as ``key``."""
    found = edge_or_grid(found, grid, codec, phrase)
    kept = {k: v for k, v in found.items() if k.endswith("_grid")}
    judged = verdict.under_edge(verdict.codec_grid(found, grid, codec, phrase), grid, codec, phrase)
    return {**kept, **judged, key: grid}


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
            if edge["resampled"].get("loud"):  # read in the loudest passages (walls.in_loud)
                out["resampler_loud"] = True
        if self.lossless:
            out.update(self._lossless_verdict(edge, timing, stereo, out["padded_bits"], images))
            # a codec's edge found only in the median loud frame still limits the band
            # (a grid found under the codec's cliff, verdict.under_edge, leaves it resting on both)
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

    def _lossless_verdict(self, edge, timing, stereo, padded, images) -> dict:
        n = self.spec.channels  # a mono encode cuts higher at the same bitrate
        found = verdict.robust(verdict.judge(edge, timing, stereo, self.sr, n), edge, self.sr, n)
        found = underwall.judged(found, edge, timing, stereo, self.sr, n)  # hi-res: under a wall
        found = underwall.beside(found, edge, timing, self.sr)  # ...or beside a codec's
        found = floorwall.decide(found, edge.get("floor_wall"), n, edge)  # Opus's shallow wall
        measured = {**timing, **{k: edge.get(k) for k in ("cutoff_hz", "width_hz")}}
        # The codec grid is read only by a genuine, inconclusive or upsampled verdict, and by a
        # lossy-origin one that a resampler's edge would turn inconclusive (a grid found keeps
        # it): any other lossy-origin verdict stands whatever the grid holds, so its search
        # (25-70 ms a file) is skipped and the record is null
        stands = found["verdict"] == "lossy-origin" and (
            resampler_or_codec(found, measured, self.sr) is found
        )
        # ...but a cliff with no codec's empty cells under it is a resampler's too (a pitch
        # shift): the grids are searched (T001 says what they found), 4 in 10 real MP3 decodes
        alone = stands and (found.get("holes", timing.get("holes")) or 0) < verdict.HOLES
        # the rounding noise of the samples' effective depth (float samples: 24-bit's)
        bits = self.bits.result() or 24
        top = zerocount.counted_under(edge)  # a resampler's stop band over a deep wall
        grid = (
            None
            if stands and not alone
            else excerpt.searched(codecgrid.measure, self.grid, self.sr, bits, None, top)
        )
        found = {**verdict.under_edge(verdict.codec_grid(found, grid), grid), "codec_grid": grid}
        found = edge_or_grid(found, grid)
        found = resampler_or_codec(found, measured, self.sr)
        found = from_images(found, images, self.sr, measured)
        # where the images' fine structure told nothing (a mirror and a fold at one level, as
        # from 44.1 to 48 kHz), their phase may: the band fitted by its copies (3-5 ms)
        if images is None and found["verdict"] in ("genuine", "inconclusive"):
            fitted = imagefit.measure(self.grid.spans(), self.sr, bits)
            found = from_images(found, fitted, self.sr, measured)
        # an edge at 20 kHz that a converter's filter could have left: Opus's frame grid in the
        # band just above it tells (5-10 ms of CPU on the loud spans)
        if found["verdict"] in ("genuine", "inconclusive") and celtskirt.at_wall(found, edge):
            found = celtskirt.decide(found, celtskirt.measure(self.grid.spans(), self.sr))
        # Opus's grid where libopus's pre-skip puts it (a decode at 8-44.1 kHz brought to 48 kHz)
        # an upsampled verdict too, on images as on an edge: a decode of an upsampled source
        # (the codec the last process) keeps the images and the codec's grid
        alone = alone and not (grid or {}).get("found")  # still on the cliff alone
        unsure = found["verdict"] in ("genuine", "inconclusive", "upsampled") or alone
        if self.sr in opusgrid.RATES and unsure:
            opus = excerpt.searched(opusgrid.measure, self.grid, self.sr, bits, wide=True)
            found = _by_grid(found, opus, "Opus", opusgrid.phrase, "opus_grid")
        # MP3's grid: searched only then (and it decides a resampler's edge, as AAC's does)
        alone = alone and not (found.get("opus_grid") or {}).get("found")
        if found["verdict"] in ("genuine", "inconclusive", "upsampled") or alone:
            # its levels too where the verdict is upsampled (mp3grid.measure: a decode of an
            # upsampled source leaves few zeros), or inconclusive on an edge under 3/4 of Nyquist
            # (a steep upsampler's wall with no codec's mark: resampler_codec.STEEP_SPAN, kept by
            # LAME at 256-320 kbps); genuine files pay for the zeros alone
            levels = found["verdict"] == "upsampled" or (
                found["verdict"] == "inconclusive"
                and edge["found"]
                and edge["cutoff_hz"] <= mp3grid.LIMITED * self.sr / 2
            )
            args = (self.sr, bits, levels, mp3grid.STARTS)
            mp3 = excerpt.searched(mp3grid.measure, self.grid, *args)
            found = _by_grid(found, mp3, "MP3", mp3grid.phrase, "mp3_grid")
        # MP2's subband grid, where a resampler's edge alone decided: FFmpeg's MP2 at 96-192 kbps
        # stops at a subband edge that can stand where a resampler's wall does (~13 ms CPU)
        if on_edge_alone(found):
            mp2 = mp2grid.measure(self.grid.spans(), bits)
            found = _by_grid(found, mp2, "MP2", mp2grid.phrase, "mp2_grid")
        # a 44.1 kHz decode resampled to 48 kHz, a 48 kHz one to 44.1, either brought down to
        # 16-40 kHz: its grid on the decode's lattice (regrid)
        alone = alone and not (found.get("mp3_grid") or {}).get("found")
        spans = self.long  # 48, 40 kHz; at 44.1 and 32 the codec grid's spans hold enough
        if spans is None and self.sr in regrid.LATTICES:
            spans = self.grid
        if spans is not None and (
            found["verdict"] in ("genuine", "inconclusive", "upsampled") or alone
        ):
            again = regrid.measure(spans.spans(), bits, self.sr, top)
            origin = regrid.origin(again, self.sr)
            words = partial(regrid.phrase, rate=self.sr)
            found = regrid.beside(_by_grid(found, again, origin, words, "resampled_grid"), found)
        # a lossy file decoded at a lower rate and upsampled (the old rate an upsampled verdict
        # names and the next, or those whose Nyquist frequency stands over an unexplained
        # cliff): its grid on that rate's lattice (upgrid); where none holds one, the record
        # kept is the first rate's (the one the verdict names)
        before = found
        for old in upgrid.candidates(found, self.sr, edge) if self.up is not None else ():
            again = upgrid.measure(self.up.spans(), bits, self.sr, old)
            tried = upgrid.decide(before, again, self.sr)
            if tried["verdict"] == "lossy-origin" or found is before:
                found = tried
            if found["verdict"] == "lossy-origin":
                break
        found = verdict.band_blind(found, self.sr)
        if padded and found["verdict"] in ("genuine", "inconclusive"):
            bits, stated = self.bits.result(), self.props.bit_depth
            found["evidence"].append(f"only {bits} of {stated} bits are used")
            found.update(verdict="padded-bits", confidence=1.0)
        return found

    def _lossy_check(self, edge) -> dict:
        p = self.props
        keeps = expected_bandwidth(p.bitrate_bps, p.channels, self.sr)
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
            origin = " or ".join(verdict.codec_candidates(edge["cutoff_hz"], p.channels or 2)[:2])
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
