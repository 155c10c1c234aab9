"""Build hostile inputs from real encodes, for the hostile-input tests and benchmarks.

A helper module (no tests here). :func:`base_files` writes one short real file per format
with the ``audiogen`` writers; :func:`build_corpus` derives from them a folder of damaged,
absurd, empty, mislabelled, oddly named and special entries, each described by a :class:`Case`
that says what a correct report must say about it. :func:`mutate` is the byte-level mutator
the property-based test and ``benchmarks/hostile_count.py`` share.

Everything is deterministic for a given seed and nothing shells out.
"""

from __future__ import annotations

import os
import socket
import struct
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import audiogen as gen
import numpy as np

SR = 44100
SECONDS = 0.3


@dataclass(frozen=True)
class Case:
    """One hostile entry. ``path`` is relative to the corpus root (str, or bytes for names that
    are not UTF-8). ``expect``: words an F001 message must contain (``""``: any F001);
    ``"clean"``: no F001; ``"skipped"``: counted as skipped for ``reason``; None: any verdict.
    Whatever ``expect`` says, the entry must be reported exactly once, with no internal error.
    """

    group: str
    path: str | bytes
    expect: str | None = None
    reason: str | None = None


def _signal(channels: int = 1, sr: int = SR) -> np.ndarray:
    return gen.tone(sr, SECONDS, 440.0, 0.4, channels) + gen.noise(sr, SECONDS, 0.05, channels)


def base_files(folder: Path) -> dict[str, Path]:
    """One short real file per format: name -> path. Formats whose encoder is missing are left
    out (PyAV's AAC/ALAC/WMA)."""
    folder.mkdir(parents=True, exist_ok=True)
    writers = {
        "wav16": lambda p: gen.write_wav(p / "wav16.wav", _signal(), SR),
        "wavex24": lambda p: gen.write_wav(
            p / "wavex24.wav", _signal(2), SR, "PCM_24", extensible=True
        ),
        "wavfloat": lambda p: gen.write_wav(p / "wavfloat.wav", _signal(), SR, "FLOAT"),
        "flac": lambda p: gen.write_flac(p / "flac.flac", _signal(2), SR),
        "aiff": lambda p: gen.write_aiff(p / "aiff.aiff", _signal(2), SR),
        "mp3cbr": lambda p: gen.write_mp3(p / "mp3cbr.mp3", _signal(), SR, kbps=128),
        "mp3vbr": lambda p: gen.write_mp3(p / "mp3vbr.mp3", _signal(), SR, mode="VBR"),
        "vorbis": lambda p: gen.write_vorbis(p / "vorbis.ogg", _signal(2), SR),
        "opus": lambda p: gen.write_opus(p / "opus.opus", _signal(1, 48000), 48000),
        "aac": lambda p: gen.write_m4a(p / "aac.m4a", _signal(2), SR, codec="aac"),
        "alac": lambda p: gen.write_m4a(p / "alac.m4a", _signal(), SR, codec="alac"),
        "wma": lambda p: gen.write_wma(p / "wma.wma", _signal(2), SR),
    }
    out = {}
    for name, write in writers.items():
        try:
            out[name] = write(folder)
        except gen.EncoderUnavailable:
            continue
    return out


# ------------------------------------------------------------------------------ byte mutations


def mutate(data: bytes, rng: np.random.Generator) -> bytes:
    """One random damage: cut, flip bytes in the header or the body, overwrite a run with
    0x00/0xFF, duplicate or delete a chunk, or splice in random bytes."""
    buf = bytearray(data)
    n = len(buf)
    how = int(rng.integers(7))
    if how == 0 or n < 8:  # truncate anywhere
        return bytes(buf[: int(rng.integers(0, max(1, n)))])
    if how in (1, 2):  # flip 1..8 bytes, in the first 128 bytes (headers) or anywhere
        span = min(n, 128) if how == 1 else n
        for pos in rng.integers(0, span, int(rng.integers(1, 9))):
            buf[pos] ^= int(rng.integers(1, 256))
        return bytes(buf)
    start = int(rng.integers(0, n))
    length = int(rng.integers(1, max(2, min(4096, n - start))))
    if how == 3:  # a run of 0x00 or 0xFF
        buf[start : start + length] = bytes([0xFF if rng.random() < 0.5 else 0]) * length
    elif how == 4:  # delete a chunk
        del buf[start : start + length]
    elif how == 5:  # duplicate a chunk in place
        buf[start:start] = buf[start : start + length]
    else:  # splice random bytes in
        buf[start:start] = rng.integers(0, 256, length, dtype=np.uint8).tobytes()
    return bytes(buf)


# ------------------------------------------------------------------------------ absurd headers


def _patch(data: bytes, offset: int, fmt: str, value: int) -> bytes:
    buf = bytearray(data)
    struct.pack_into(fmt, buf, offset, value)
    return bytes(buf)


def _flac_streaminfo(data: bytes, bit: int, width: int, value: int) -> bytes:
    """Set ``width`` bits at ``bit`` of STREAMINFO's packed rate/channels/depth/total field."""
    buf = bytearray(data)
    word = int.from_bytes(buf[18:26], "big")
    shift = 64 - bit - width
    word = (word & ~(((1 << width) - 1) << shift)) | (value << shift)
    buf[18:26] = word.to_bytes(8, "big")
    return bytes(buf)


def _aiff_comm(data: bytes) -> int:
    return data.index(b"COMM") + 8  # channels(2) frames(4) bits(2) rate(10, 80-bit float)


def absurd_headers(base: dict[str, Path]) -> dict[str, tuple[bytes, str]]:
    """name -> (bytes, words the F001 message must contain), headers claiming the impossible."""
    wav = base["wav16"].read_bytes()  # canonical 44-byte header: fmt at 12, data at 36
    flac = base["flac"].read_bytes()
    aiff = base["aiff"].read_bytes()
    comm = _aiff_comm(aiff)
    mp3 = base["mp3cbr"].read_bytes()
    out = {
        "wav_channels_65535.wav": (_patch(wav, 22, "<H", 65535), "65535 channels"),
        "wav_channels_1000.wav": (_patch(wav, 22, "<H", 1000), "1000 channels"),
        "wav_channels_0.wav": (_patch(wav, 22, "<H", 0), ""),
        "wav_rate_0.wav": (_patch(wav, 24, "<I", 0), ""),
        "wav_rate_1.wav": (_patch(wav, 24, "<I", 1), "sample rate of 1 Hz"),
        "wav_rate_2e31.wav": (_patch(wav, 24, "<I", 2**31), "2,147,483,648 Hz"),
        "wav_rate_max.wav": (_patch(wav, 24, "<I", 2**32 - 1), ""),
        "wav_bits_0.wav": (_patch(wav, 34, "<H", 0), ""),
        "wav_bits_255.wav": (_patch(wav, 34, "<H", 255), ""),
        "wav_data_4gb.wav": (_patch(wav, 40, "<I", 0xFFFFFFF0), "truncated"),
        "wav_riff_0.wav": (_patch(wav, 4, "<I", 0), None),
        "wav_fmt_1gb.wav": (_patch(wav, 16, "<I", 0x3FFFFFFF), ""),
        "wav_codec_mp3.wav": (_patch(wav, 20, "<H", 0x55), "unsupported codec: MP3"),
        "wav_codec_unknown.wav": (_patch(wav, 20, "<H", 0x7777), ""),
        "wav_codec_vorbis.wav": (_patch(wav, 20, "<H", 0x674F), "unsupported codec: Ogg Vorbis"),
        "flac_total_2e36.flac": (_flac_streaminfo(flac, 28, 36, 2**36 - 1), "samples"),
        "flac_rate_0.flac": (_flac_streaminfo(flac, 0, 20, 0), ""),
        "flac_rate_max.flac": (_flac_streaminfo(flac, 0, 20, 2**20 - 1), "1,048,575 Hz"),
        "flac_channels_8.flac": (_flac_streaminfo(flac, 20, 3, 7), None),
        "flac_bits_32.flac": (_flac_streaminfo(flac, 23, 5, 31), ""),
        "flac_block_len_max.flac": (flac[:5] + b"\xff\xff\xff" + flac[8:], ""),
        "aiff_channels_65535.aiff": (_patch(aiff, comm, ">H", 65535), ""),
        "aiff_frames_4g.aiff": (_patch(aiff, comm + 2, ">I", 0xFFFFFFFF), None),
        "aiff_rate_huge.aiff": (_patch(aiff, comm + 8, ">H", 0x7FFE), ""),
        "mp3_id3_256mb.mp3": (b"ID3\x04\x00\x00\x7f\x7f\x7f\x7f" + mp3, None),
        "mp3_id3_past_end.mp3": (b"ID3\x04\x00\x10\x7f\x7f\x7f\x70" + mp3[:600], ""),
    }
    opus = base["opus"].read_bytes()
    last = opus.rindex(b"OggS") + 6  # the last page's granule position: the stream's length
    out["opus_length_negative.opus"] = (_patch(opus, last, "<q", -(2**62)), "a duration of -")
    out["opus_length_huge.opus"] = (_patch(opus, last, "<q", 2**62), "a duration of")
    if "aac" in base:
        m4a = base["aac"].read_bytes()
        out["m4a_atom_4gb.m4a"] = (_patch(m4a, 0, ">I", 0xFFFFFFF0), None)
        out["m4a_atom_1.m4a"] = (_patch(m4a, 0, ">I", 1), None)
    return out


def _ape_header(total_frames: int, rate: int, size: int = 284) -> bytes:
    """A Monkey's Audio (3.99) descriptor and header claiming ``total_frames`` full frames."""
    desc = b"MAC " + struct.pack("<HH7I", 3990, 0, 52, 24, 0, 0, 200, 0, 0) + bytes(16)
    head = struct.pack("<HHIIIHHI", 2000, 0, 0xFFFFFFFF, 0xFFFFFFFF, total_frames, 16, 2, rate)
    return (desc + head).ljust(size, b"\0")


def absurd_lengths(base: dict[str, Path]) -> dict[str, bytes]:
    """name -> bytes: small files whose headers claim lengths no timer or arithmetic can hold
    (issue 18: each one aborted the whole run with an OverflowError)."""
    mp3 = base["mp3vbr"].read_bytes()
    xing = max(mp3.find(b"Xing"), mp3.find(b"Info"))
    flac = _flac_streaminfo(base["flac"].read_bytes(), 0, 20, 1000)
    opus = base["opus"].read_bytes()
    return {
        "xing_frames_max.mp3": _patch(mp3, xing + 8, ">I", 0xFFFFFFFF),
        "flac_2e36_at_1khz.flac": _flac_streaminfo(flac, 28, 36, 2**36 - 1),
        "opus_granule_max.opus": _patch(opus, opus.rindex(b"OggS") + 6, "<q", 2**63 - 1),
        "ape_284_bytes.ape": _ape_header(0xFFFFFFFF, 1),
    }


# ------------------------------------------------------------------------------ the corpus

ODD_NAMES: list[str | bytes] = [
    "with space.wav",
    'quote\'s "double".wav',
    "ünïcödé 日本語 🎤.wav",
    b"latin1 caf\xe9.wav",  # not UTF-8
    b"\xff\xfe broken.wav",
    "new\nline.wav",
    "esc\x1b[31mred.wav",
    "tab\tand\rcr.wav",
    "-rf --help.wav",
    "bidi \u202egnp.wav",
    "back\\slash.wav",
    "percent %s %n {0}.wav",
    "<script>alert(1)<script>.wav",
    "a" * 200 + ".wav",
]


def _name(folder: Path, rel: str | bytes) -> Path:
    return Path(os.fsdecode(os.path.join(os.fsencode(folder), os.fsencode(rel))))


def build_corpus(root: Path, base: dict[str, Path], cuts: int = 4, flips: int = 2) -> list[Case]:
    """Write the hostile corpus under ``root``; return what each entry must become."""
    root.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []

    def put(group: str, rel: str | bytes, data: bytes, expect=None, reason=None) -> None:
        path = _name(root, rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        cases.append(Case(group, rel, expect, reason))

    for name, src in base.items():
        data = src.read_bytes()
        ext = src.suffix
        put("good", f"good/{name}{ext}", data, "clean")
        points = {4, 12, 44, *np.linspace(1, len(data) - 1, cuts).astype(int).tolist()}
        for k, keep in enumerate(sorted(points)):
            put("truncated", f"truncated/{name}_{k}{ext}", data[:keep])
        rng = np.random.default_rng(len(name))
        for k in range(flips):
            head = bytearray(data)
            for pos in rng.integers(0, min(64, len(data)), 4):
                head[pos] ^= 0xFF
            put("flipped-header", f"flipped/{name}_head{k}{ext}", bytes(head))
            body = bytearray(data)
            for pos in rng.integers(len(data) // 4, len(data), 16):
                body[pos] ^= 0xFF
            put("flipped-body", f"flipped/{name}_body{k}{ext}", bytes(body))
        put("empty", f"empty/{name}{ext}", b"", "empty")
        put("text", f"text/{name}{ext}", b"Just some notes, not audio.\n" * 20, "holds text")
        wrong = ".mp3" if ext != ".mp3" else ".wav"
        put("renamed", f"renamed/{name}{wrong}", data, "clean")
    for name, (data, words) in absurd_headers(base).items():
        put("absurd", f"absurd/{name}", data, words)
    wav = base["wav16"].read_bytes()
    for rel in ODD_NAMES:
        put("odd-name", os.fsencode("names/") + os.fsencode(rel), wav, "clean")
    put("skipped", "skip/.DS_Store", b"\0\0\0\1Bud1" + bytes(64), "skipped", "hidden")
    put("skipped", "skip/._good.wav", b"\0\5\26\7" + bytes(64), "skipped", "hidden")
    put("skipped", "skip/readme.txt", b"hello\n", "skipped", "not audio")
    put("skipped", "skip/cover.jpg", b"\xff\xd8\xff\xe0" + bytes(64), "skipped", "not audio")
    cases += special_entries(root / "special", base["wav16"])
    return cases


def _bind_socket(folder: Path, name: str) -> None:
    """Leave a Unix socket at ``folder/name``; bound by a relative name, because a socket's
    full path must fit in 108 bytes and a temporary folder can be longer."""
    here = os.getcwd()
    os.chdir(folder)
    try:
        with socket.socket(socket.AF_UNIX) as sock:
            sock.bind(name)
    finally:
        os.chdir(here)


def special_entries(folder: Path, audio: Path) -> list[Case]:
    """FIFOs, a socket, a folder named like audio, dangling links and link loops."""
    folder.mkdir(parents=True, exist_ok=True)
    rel = folder.name
    os.mkfifo(folder / "pipe.wav")
    os.mkfifo(folder / "pipe.txt")  # a FIFO without an audio name is simply not audio
    _bind_socket(folder, "sock.flac")
    (folder / "folder.wav").mkdir()
    (folder / "folder.wav" / "inside.wav").write_bytes(audio.read_bytes())
    os.symlink("nowhere.wav", folder / "dangling.wav")
    os.symlink("self.wav", folder / "self.wav")
    os.symlink("pong.wav", folder / "ping.wav")
    os.symlink("ping.wav", folder / "pong.wav")
    os.symlink(audio, folder / "link_to_file.wav")
    os.symlink("/dev/zero", folder / "zero.wav")  # an endless character device
    (folder / "sub").mkdir()
    os.symlink("..", folder / "sub" / "up")  # a folder loop
    return [
        Case("special", f"{rel}/pipe.wav", "named pipe"),
        Case("special", f"{rel}/pipe.txt", "skipped", "not audio"),
        Case("special", f"{rel}/sock.flac", "socket"),
        Case("special", f"{rel}/folder.wav/inside.wav", "clean"),
        Case("special", f"{rel}/dangling.wav", "dangling symbolic link"),
        Case("special", f"{rel}/self.wav", "symbolic link loop"),
        Case("special", f"{rel}/ping.wav", "symbolic link loop"),
        Case("special", f"{rel}/pong.wav", "symbolic link loop"),
        Case("special", f"{rel}/link_to_file.wav", "clean"),
        Case("special", f"{rel}/zero.wav", "character device"),
        Case("special", f"{rel}/sub/up", "skipped", "folder already checked"),
    ]


def corpus_path(root: Path, case: Case) -> Path:
    """The path of ``case`` under ``root``, as the walk spells it."""
    return _name(root, case.path)


def judge(report, root: Path, cases: list[Case], display) -> list[tuple[Case, str | None]]:
    """(case, None) when the report treats the entry right, else (case, what is wrong).

    ``display`` is ``pipeline.display_path``. An extra report entry no case accounts for is
    returned as a pseudo-case of group ``"unexpected"``.
    """
    counts = Counter(fr.path for fr in report.files)
    by_path = {fr.path: fr for fr in report.files}
    skipped = dict(zip(report.skipped, report.skip_reasons, strict=True))
    out: list[tuple[Case, str | None]] = []
    known = set()
    for case in cases:
        shown = display(corpus_path(root, case))
        known.add(shown)
        times = counts[shown] + (shown in skipped)
        fr = by_path.get(shown)
        corrupt = [f.message for f in fr.findings if f.rule == "F001"] if fr else []
        internal = [f.message for f in fr.findings if f.rule == "F005"] if fr else []
        if times != 1:
            out.append((case, f"reported {times} times"))
        elif internal:
            out.append((case, internal[0]))
        elif case.expect == "skipped":
            ok = skipped.get(shown) == case.reason
            out.append((case, None if ok else f"not skipped as {case.reason!r}"))
        elif fr is None:
            out.append((case, f"skipped ({skipped[shown]}) instead of checked"))
        elif case.expect == "clean":
            out.append((case, f"unexpected F001: {corrupt[0]}" if corrupt else None))
        elif case.expect is not None:
            ok = any(case.expect in m for m in corrupt)
            out.append((case, None if ok else f"no F001 saying {case.expect!r}: {corrupt}"))
        else:
            out.append((case, None))
    for shown in set(counts) | set(skipped):
        if shown not in known:
            out.append((Case("unexpected", shown), "in the report but not in the corpus"))
    return out
