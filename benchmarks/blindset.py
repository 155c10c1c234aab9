"""A third evaluation set, blind to the tuning: other recordings, encoders and resamplers again.

    python benchmarks/blindset.py [--out /tmp/audiolint-blind] [--jobs 2] [--rev COMMIT]
                                  [--score-only | --build-only]

``realcorpus.py`` is tuned on, ``crosscheck.py`` has been looked at while rules changed; this set
is for the closing figures of issue 11 (and issue 17's no-voice) only. Keep its folder to
yourself and tune nothing on it. It reuses both scripts' helpers and scores with
``crosscheck.report`` (rule_accuracy.py's truth and scoring), then adds S007 on music and speech.

* Recordings used by neither other set: Debian's ktuberling-data (French and Romanian words at
  44.1 kHz, Dutch and Finnish at 8 kHz), hydrogen-drumkits (44.1/48 kHz kits), deepin-sound-theme,
  asterisk-core-sounds-fr-wav / -it-wav (8 kHz prompts); the pocketsphinx sdist's test speech (16
  and 11.025 kHz). SOURCES.txt names each licence file. A source that, as shipped, falls 15 dB or
  more across a lower standard rate's Nyquist frequency (band_limited, scipy) is left out, and
  the log says so: ktuberling's other French sets and its Irish words fall 17-42 dB at 11.025 kHz
  (upsampled from 22.05 kHz before packaging), so a "genuine" label would be false.
* Lossy, settings neither set uses: the lame CLI with --abr, -V 3/6, CBR 80/112 -q 9; ffmpeg's
  libmp3lame -q:a 2/4 and CBR 96 at compression level 9; ffmpeg's AAC at 56-208k (PNS off, a
  16 kHz cutoff); oggenc -q 0/1/3.5/7 and managed 112k; opusenc with frame sizes 10/40/60 ms,
  hard CBR, constrained VBR and complexity 0; decoded by madplay, libsndfile, opusdec at the
  source rate, mpg123, faad, PyAV, ffmpeg or the encoder's tool. MP2 (twolame, mp2fixed), E-AC-3
  and WMA are scored apart.
* Upsampling, resamplers neither set uses: sox ``rate -h -M`` and ``-v -b 90``; soxr MQ and QQ;
  libsamplerate zero-order hold; scipy's resample_poly with Kaiser beta 10 and Hann windows;
  resampy kaiser_best and kaiser_fast; swresample with a cubic, a Blackman-Nuttall, a Kaiser
  beta 12 and a 16-tap filter; zita-resampler; from 8-44.1 kHz, the low-rate copy made by
  ffmpeg. Genuine: each source as WAV, AIFF (sox) or FLAC (libsndfile); tight speech (20 ms frames
  under -48 dBFS cut, 3 ms fades); speech with pauses and white/pink noise; generated noise and
  tones (no voice).
"""

# ruff: noqa: E501  (the setting tables read better one entry a line)
from __future__ import annotations

import hashlib
import json
import shutil
import sys

import crosscheck as cc
import numpy as np
import realcorpus as rc
import rule_accuracy as ra
from blindtools import (
    GENERATED,
    INTERP,
    LOSSY,
    NOISE,
    RESAMPLERS,
    encode_decode,
    generated,
    tight,
    upsample,
)

APT = {"sox": "sox", "ffmpeg": "ffmpeg", "lame": "lame", "oggenc": "vorbis-tools", "oggdec": "vorbis-tools",
       "opusenc": "opus-tools", "opusdec": "opus-tools", "mpg123": "mpg123", "faad": "faad",
       "madplay": "madplay", "twolame": "twolame", "zita-resampler": "zita-resampler"}  # fmt: skip
PIP = {
    "soxr": "soxr",
    "samplerate": "samplerate",
    "scipy": "scipy",
    "resampy": "resampy",
    "av": "av",
}
KT, H2 = "usr/share/ktuberling/sounds/", "usr/share/hydrogen/data/drumkits/"
AS, PS, DP = "usr/share/asterisk/sounds/", "pocketsphinx-5.1.1/test/", "usr/share/sounds/deepin/stereo/"  # fmt: skip


def _s(sid, kind, pkg, members, origin="apt"):
    lic = "pocketsphinx-5.1.1/LICENSE" if origin == "pip" else f"usr/share/doc/{pkg}/copyright"
    return (sid, kind, origin, pkg, members, lic)


def _kt(lang, stem, names):
    return [f"{KT}{lang}/{stem}{n}.wav" for n in names]


SOURCES = [
    _s("kt_fr_tv1", "speech", "ktuberling-data", _kt("fr", "tv_", ("accident", "arbre", "ballon", "barriere", "bicyclette"))),
    _s("kt_fr_tv2", "speech", "ktuberling-data", _kt("fr", "tv_", ("camion", "caravane", "cycliste", "femme", "guitare", "guitariste"))),
    _s("kt_fr_tv3", "speech", "ktuberling-data", _kt("fr", "tv_", ("magasin", "maison", "mecanicien", "singe", "train", "tunnel"))),
    _s("kt_ro1", "speech", "ktuberling-data", _kt("ro", "", ("cercel", "cravata", "gura", "mustata", "nas"))),
    _s("kt_ro2", "speech", "ktuberling-data", _kt("ro", "", ("ochelari", "ochi", "palarie", "papion", "par", "ureche"))),
    _s("kt_fr_robin", "speech", "ktuberling-data", _kt("fr", "robin_Tux-", ("Robin", "l-enfant", "la-jeune-fille", "la-sorciere", "le-frere"))),
    _s("kt_ga", "speech", "ktuberling-data", _kt("ga", "", ("beal", "carbhat", "cluas", "croimeal", "cuachog"))),
    _s("kt_nl8k", "speech-lowrate", "ktuberling-data", _kt("nl", "", ("bril", "hoed", "mond", "neus", "oog"))),
    _s("kt_fi8k", "speech-lowrate", "ktuberling-data", _kt("fi", "", ("aurinkolasit", "hattu", "korva", "korvakoru", "kulmakarva"))),
    _s("ast_fr_june", "speech-lowrate", "asterisk-core-sounds-fr-wav", [f"{AS}fr_CA_f_June/agent-{n}.wav" for n in ("alreadyon", "incorrect", "newlocation")]),
    _s("ast_it_carlo", "speech-lowrate", "asterisk-core-sounds-it-wav", [f"{AS}it_IT_m_Carlo/agent-{n}.wav" for n in ("alreadyon", "incorrect", "newlocation")]),
    _s("ps_cards", "speech-lowrate", "pocketsphinx==5.1.1", [f"{PS}data/cards/00{i}.wav" for i in range(1, 6)], "pip"),
    _s("ps_chan3", "speech-lowrate", "pocketsphinx==5.1.1", [f"{PS}regression/chan3.wav"], "pip"),
    _s("h2_forzee", "music", "hydrogen-drumkits", [f"{H2}ForzeeStereo/{n}.wav" for n in ("AgogoHigh-2", "China-4", "CrashRide18-2", "HiHatOpen-2", "Kick-0")]),
    _s("h2_rumpf", "music", "hydrogen-drumkits", [f"{H2}rumpf_kit_z01_h2/beats_{n}.flac" for n in ("01-10", "01-17", "01-24", "01-33", "02-14", "04-12", "05-16")]),
    _s("h2_colombo", "music", "hydrogen-drumkits", [f"{H2}ColomboAcousticDrumkit/{n}.flac" for n in ("bassdrum-4mics-br-stereo-normal3", "crash20i__ride-cup1", "hihat-open-5", "snare-opaque-normal-mic-rimshot6")]),
    _s("h2_africa", "music", "hydrogen-drumkits", [f"{H2}circAfrique v4/{n}.wav" for n in ("Djembe1 Bass", "Djembe3 Slap", "Djembe5 Tone", "Kenkeni1 Head Hit")]),
    _s("h2_pearl", "music", "hydrogen-drumkits", [f"{H2}The Black Pearl 1.0/{n}.wav" for n in ("PaisteRide-Soft", "PearlKick-Hard", "PearlSnare-Softest", "PearlTom1-Hardest", "PaisteBell-Hardest")]),
    _s("h2_millo", "music", "hydrogen-drumkits", [f"{H2}Millo-Drums_v.1/{n}.flac" for n in ("bd1", "openhat2", "tom1_1")]),
    _s("h2_hand", "music", "hydrogen-drumkits", [f"{H2}Gimme A Hand 1.0/{n}.wav" for n in ("BongoHi-Hard", "CajonSlaps-Softest", "Clave-Hardest", "HandClap-Hard", "Maraca-Med", "Tambourine-Softest")]),
    _s("deepin_login", "music", "deepin-sound-theme", [f"{DP}desktop-login.wav", f"{DP}desktop-logout.wav"]),
    _s("deepin_shutdown", "music", "deepin-sound-theme", [f"{DP}system-shutdown.wav"]),
    _s("deepin_ui", "other", "deepin-sound-theme", [f"{DP}{n}.wav" for n in ("power-plug", "trash-empty", "suspend-resume", "complete-print")]),
]  # fmt: skip
FALL_DB = 15.0  # a fall this deep across a lower rate's Nyquist frequency: not a genuine label


def band_limited(s) -> tuple[float, int]:
    """The deepest fall in the source as shipped across a standard lower rate's Nyquist frequency
    N (median Welch level over 0.85-0.97 N against 1.03-1.15 N; scipy, not audiolint), in dB,
    and that rate. A file upsampled before it was packaged falls there; a recording does not."""
    from scipy.signal import welch

    x, sr = rc.read_f(s["path"])
    f, p = welch(x.mean(axis=1), sr, nperseg=4096)
    db, falls = 10 * np.log10(p + 1e-30), [(0.0, 0)]
    for old in (r for r in (8000, 11025, 12000, 16000, 22050, 24000, 32000) if 0.575 * r < sr / 2):
        lo, hi = (np.median(db[(f >= a * old / 2) & (f < b * old / 2)]) for a, b in ((0.85, 0.97), (1.03, 1.15)))  # fmt: skip
        falls.append((float(lo - hi), old))
    return max(falls)


def plan(sources, have):
    """Every file to make, as a job dict holding its manifest labels; jobs lacking a tool skipped."""
    jobs, kept = [], []
    for s in list(sources):
        fall, old = band_limited(s)
        if fall >= FALL_DB:
            rc.log(f"SKIP source {s['sid']}: as shipped it falls {fall:.0f} dB across {old / 2000:g} kHz, "
                   f"the Nyquist frequency of {old} Hz audio (resampled before packaging?)")  # fmt: skip
            sources.remove(s)

    def job(cls, path, op, s, **kw):
        jobs.append(dict(cls=cls, path=path, op=op, src=s, source=s["sid"], kind=s["kind"], half="blind",
                         rate=s["rate"], **kw))  # fmt: skip

    for i, s in enumerate(sources):
        job("genuine", f"genuine/{s['sid']}.wav", "copy", s, tool="as-is")
        job("genuine-copy", f"genuine/{s['sid']}." + ("aiff" if i % 2 else "flac"), "pack", s, tool="sox" if i % 2 else "libsndfile")  # fmt: skip
        if s["kind"].startswith("speech"):
            job("tight", f"tight/{s['sid']}.wav", "tight", s, tool="numpy gate -48 dBFS")
            for color, lvl in [*NOISE, ("", "")]:
                job("pauses", f"pauses/{s['sid']}-{color or 'clean'}{lvl}.wav", "pauses", s, noise_dbfs=lvl, color=color,
                    tool="numpy", setting=f"{color} {lvl} dBFS" if color else "no noise")  # fmt: skip
    full = [s for s in sources if s["rate"] in (44100, 48000)]
    for k, (codec, setting, kbps, enc, ext, dec) in enumerate(x for x in LOSSY for _ in range(3)):
        s = full[(7 * k) % len(full)]
        job("lossy", f"lossy/{codec}-{setting}-{dec}-{s['sid']}." + ("wav" if k % 2 else "flac"), "lossy", s, codec=codec,
            setting=setting, kbps=kbps, enc=enc, ext=ext, dec=dec, tool=enc[0])  # fmt: skip
    for k, (old, tool) in enumerate((o, t) for o in cc.OLD_RATES for t in RESAMPLERS):
        s, new = full[(5 * k + 3) % len(full)], 48000 if old == 44100 else (48000, 44100)[k % 2]
        job("upsampled", f"upsampled/{tool}-{old}-to-{new}-{s['sid']}.wav", "up", s, old_rate=old, tool=tool, setting=f"{old}->{new}", new=new)  # fmt: skip
    for i, s in enumerate(x for x in sources if x["rate"] < 44100):
        for tool in (RESAMPLERS[i % len(RESAMPLERS)], RESAMPLERS[(i + 7) % len(RESAMPLERS)]):
            job("upsampled", f"upsampled/{tool}-{s['rate']}-to-48000-{s['sid']}.wav", "up", s, old_rate=s["rate"], tool=tool,
                setting=f"{s['rate']}->48000 (native low-rate)", new=48000)  # fmt: skip
    gen = dict(sid="generated", kind="generated", rate=44100, package="numpy", subtype="PCM_16")
    for name in GENERATED:
        job(name.split("-")[0], f"other/{name}.wav", "gen", gen, tool="numpy", setting=name)
    for j in jobs:
        need = {"pack": ["sox"], "up": ["ffmpeg", j.get("tool", "").split("-")[0]], "lossy": [j.get("enc", [""])[0], j.get("dec")]}  # fmt: skip
        need = [{"pyav": "av", "zita": "zita-resampler"}.get(t, t) for t in need.get(j["op"], [])]
        lack = [t for t in need if (t in APT or t in PIP) and t not in have]
        if lack:
            rc.log(f"SKIP {j['path']}: needs {', '.join(lack)}")
        kept += [] if lack else [j]
    return kept


def make(j, out, tmpdir):
    """Make one planned file (nothing when it exists)."""
    dest, s, op = out / j["path"], j["src"], j["op"]
    if dest.exists():
        return
    dest.parent.mkdir(parents=True, exist_ok=True)
    tag = hashlib.sha1(j["path"].encode()).hexdigest()[:12]
    tmp, rng = tmpdir / tag, np.random.default_rng(int(tag, 16) % 2**32)
    if op == "copy":
        return shutil.copyfile(s["path"], dest)
    if op == "pack" and dest.suffix == ".aiff":
        return cc.run(["sox", str(s["path"]), str(dest)])
    if op == "gen":
        return rc.write(dest, generated(j["setting"], 44100, rng), 44100)
    x, sr = rc.read_f(s["path"])
    sub = "PCM_24" if s["subtype"] == "PCM_24" else "PCM_16"
    if op == "pack":
        rc.write(dest, x, sr, sub)
    elif op == "tight":
        rc.write(dest, tight(x, sr), sr, sub)
    elif op == "pauses":
        y = rc.split_pauses(x, sr, gaps=(1.0, 0.45))
        noise = rc.noise(len(y), y.shape[1], j["color"], j["noise_dbfs"], rng) if j["color"] else 0
        rc.write(dest, y + noise, sr, sub)
    elif op == "lossy":
        rc.write(dest, encode_decode(x, sr, j["enc"], j["ext"], j["dec"], tmp), sr)
    elif op == "up":
        old, new, low = j["old_rate"], j["new"], tmp.with_suffix(".low.wav")
        if old != sr:  # the 16-bit low-rate file, made by ffmpeg's default swresample
            cc.ffmpeg("-i", str(s["path"]), "-ar", str(old), "-c:a", "pcm_s16le", str(low))
            x = rc.read_f(low)[0]
            low.unlink(missing_ok=True)
        rc.write(dest, upsample(x, old, new, j["tool"], tmp), new)


def voice_lines(out):
    """S007 (no voice, issue 17) per material, and upsampling without the interpolators."""
    res = json.loads((out / "results.json").read_text())

    def fired(e, rule, rate=None):
        f = [f for f in e["findings"] if f["rule"] == rule]
        return bool(f) and (rate is None or int(ra.fnum(f[0]["data"].get("upsampled_from"), 0)) == int(rate))  # fmt: skip

    print("\n== S007 (NO VOICE) BY MATERIAL (issue 17: every noise/tone/music-only file, no speech file)")  # fmt: skip
    groups = {"noise and tones (generated)": lambda r: r["class"] in ("noise", "tone"),
              "music-only, genuine (drums, percussion, UI music)": lambda r: r["kind"] == "music" and r["class"].startswith("genuine"),
              "music-only, every class": lambda r: r["kind"] == "music",
              "speech, genuine and tight": lambda r: r["kind"].startswith("speech") and r["class"] in cc.CLEAN,
              "speech, every class": lambda r: r["kind"].startswith("speech")}  # fmt: skip
    for name, cond in groups.items():
        sub = [e for e in res if cond(e["labels"])]
        print(cc.rate_line(f"{name}: flagged", sum(fired(e, "S007") for e in sub), len(sub)))
        odd = [] if "every" in name else [e for e in sub if fired(e, "S007") == name.startswith("speech")]  # fmt: skip
        print("".join(f"      {'FLAGGED' if name.startswith('speech') else 'MISS'} {e['labels']['path']}\n" for e in odd), end="")  # fmt: skip
    up = [e for e in res if e["labels"]["class"] == "upsampled" and e["labels"]["tool"] not in INTERP]  # fmt: skip
    right = sum(fired(e, "T002", e["labels"]["old_rate"]) for e in up)
    print("\n" + cc.rate_line(f"upsampling, right old rate, without {', '.join(INTERP)}", right, len(up)))  # fmt: skip


def use_this_set():
    """Point crosscheck.py's build, --rev and scoring at this set: its sources, tools, plan,
    steps, help text and script are rebound to this module's, and its report gains voice_lines."""
    report = cc.report

    def report_and_voice(out, rows, jobs_n):
        report(out, rows, jobs_n)
        voice_lines(out)

    cc.SOURCES, cc.APT_TOOLS, cc.PIP_MODULES, cc.plan, cc.make = SOURCES, APT, PIP, plan, make
    cc.LOW_COPY = "ffmpeg"
    cc.report, cc.__file__, cc.__doc__ = report_and_voice, __file__, __doc__


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    use_this_set()
    return cc.main(argv if "--out" in argv else ["--out", "/tmp/audiolint-blind", *argv])


if __name__ == "__main__":
    sys.exit(main())
