"""Duplicate: the same audio twice in the dataset, even in another format, rate or level.

Files are compared by what they sound like (a fingerprint of the decoded audio), not by their bytes,
so a WAV and its FLAC or MP3 copy, a 44.1 kHz and a 48 kHz export, or a copy 6 dB quieter all count
as the same audio: each repeats the same material and gives it extra weight. The warning goes on
every later copy and names the first file it repeats; a clip whose audio also sits inside a longer
file (a slice kept next to its source) is flagged too. Silent files are never matched (the silence
rules cover them). A group is every copy linked to another, directly or through close copies (bit
error 0.1 or under, no other sound over either: an MP2 decode matched to an AC-3 decode of a take
but not to the take itself is in the take's group, review 55a; a solo and a duet in which it sings
over another singer 10 dB under are not linked through, review 55c). ``data["keep"]`` names the copy
to keep (the best of the group, how :func:`~audiolint.rules.duplicate_rank.quality` ranks them; of
equals, one with no clipped tops, then one T001 does not call decoded, then one not dual mono, then
one T002 does not call upsampled, then the highest rate, then the first; for a clip inside a longer
file, the longer file), as ``audiolint fix`` keeps it. Copies at two rates whose content reaches as
far are a tie, whatever their rates: a 44.1 kHz file brought up to 48 kHz holds nothing the 44.1 kHz
file does not, and a 48 kHz recording whose content stops under 22 kHz loses nothing in its 44.1 kHz
export; nothing measured says which was made from which, so the message says either will do
(``data["keep"]`` names the higher-rate copy). Decodes of one take through different codecs rank
alike too, though their content stops at different places (a decode's band says nothing of what it
lost: a deeper decode can reach further); the message then gives their measured reach, says each
went through a lossy codec and that nothing measured ranks them apart, and asks to keep the one from
the best source. A file that holds another's audio with another sound over it (a vocal beside its
mix with music, or with a second voice, noise or echo) is no copy: where the other file is quiet it
is EXTRA_DB (12 dB) or more louder, each against its own loud parts, counting only quiet frames
whose fingerprint words differ (``data["extra_sound_db"]``; a fade, an expander or a compressor
moves the level of the same audio: review 43c; copies turned down, resampled or through LAME 64k and
Opus 24k read 0 dB, benchmarks/dedupe_mixtures.py), so the message says it "holds the audio of ...
with another sound over it", and the file without it is the one to keep, ranked over any other
quality. Where neither file has a quiet stretch longer than a fingerprint word (368 ms: tight clips,
short pauses) that cannot be told, and the two read as the same audio (mixtures told: 14 of 36
held-out, 9 of 34 tune). A file "inside" another about as long (the shorter 0.8 of the longer or
more) is no slice: it is a copy whose level moved, or with more sound over its pauses, ranked as a
copy with the other copies of the earlier file. A clip with under about 0.9 s of sound (fewer than
25 loud 20 ms fingerprint steps) is matched only to exact copies of itself; the set gets one info
note counting such files (``data["too_short_to_compare"]``, the first two named in
``data["too_short_files"]``), as their re-encoded or resampled copies go unfound. Needs the signal
analysis (not in header-only runs)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from audiolint.rules.base import DatasetContext, Problem
from audiolint.rules.duplicate_advice import keep as keep_advice
from audiolint.rules.duplicate_rank import EXTRA_DB, best, extra_sound
from audiolint.text import clock, printable

if TYPE_CHECKING:  # pragma: no cover - the matcher loads only when two files are compared
    from audiolint.analysis import dedupe

ID = "D003"
NAME = "duplicate"
TERM = "Duplicate"
SEVERITY = "warning"
SCOPE = "dataset"
REQUIRES = "signal"
# fidelity, stereo, clipping, levels (a copy turned down), silence (one too quiet for the
# slicer; its noise floor) and reverb (a room's echo) pick the better copy
ANALYSERS = ("fingerprint", "fidelity", "stereo", "clipping", "levels", "silence", "reverb")
DEFAULT = {"max_bit_error": 0.25, "min_cover": 0.8}
SHORT_NAMED = 2  # files too short to fingerprint, named in the note on them
# copies whose match is this close link others into one group (see _close)
LINK_BIT_ERROR, LINK_EXTRA_DB = 0.1, 6.0
VERDICT = "{n} duplicate {files}"


def check(ctx: DatasetContext, options: dict):
    """Yield a warning on each later copy (or contained clip), attached to that file."""
    share = options["min_cover"]
    matches = [
        _as_copy(m) if _alike(ctx, m, share) else m
        for m in ctx.matches(options["max_bit_error"], share)
    ]
    first_copy: dict[int, dedupe.Match] = {}
    for m in matches:
        if not m.inside and (m.b not in first_copy or m.a < first_copy[m.b].a):
            first_copy[m.b] = m
    # copies linked through close copies share a group; a copy whose first match is loose is
    # grouped under the file it matched, as it was (review 55c: a solo, its duets with another
    # singer 10 dB under and that singer's solo chained into one group through loose matches,
    # and D003 named the other singer's solo)
    close = sorted((m for m in matches if not m.inside and _close(m)), key=lambda m: (m.a, m.b))
    linked = _roots(close)
    # a file linked into a group that only ever matched later files (an MP2 decode first by
    # name, beside an AC-3 decode it and the take both match) is a copy there too, of the
    # first file it is close to
    for m in close:
        if m.a not in first_copy and linked[m.a] != m.a:
            first_copy[m.a] = _turned(m)
    roots = {b: linked[b] if _close(m) else m.a for b, m in first_copy.items()}
    groups: dict[int, list[int]] = {}
    for later in sorted(first_copy):
        root = roots[later]
        group = groups.setdefault(root, [root])
        if later != root:  # (a group's first file matched loosely to an earlier one)
            group.append(later)
    # once per group; a copy with another sound over the rest ranks under them
    ranked = {
        first: best(ctx, group, extra_sound(group, first, first_copy))
        for first, group in groups.items()
    }
    for later, m in sorted(first_copy.items()):
        root = roots[later]
        top, tied = ranked[root]
        yield Problem(
            _said(ctx, m, keep_advice(ctx, later, top, tied)),
            data={**_data(ctx, later, m.a, m), "keep": ctx.files[_kept(root, top)].display},
        )
    flagged = set(first_copy)
    for m in sorted((m for m in matches if m.inside), key=lambda m: (m.a, m.b)):
        if (m.b_extra_db or 0.0) >= EXTRA_DB:
            # no slice of a longer take: the "longer" file is the clip with another sound over
            # it (a vocal beside its mix, whose music fills the pauses): the mix is the one to go
            if m.b not in flagged:
                flagged.add(m.b)
                here = ctx.files[m.a].display
                keep = f"keep {printable(here)}, which holds no such sound"
                yield Problem(_said(ctx, m, keep), data={**_data(ctx, m.b, m.a, m), "keep": here})
            continue
        if m.a in flagged:
            continue
        flagged.add(m.a)
        # the longer file may have copies of its own: keep the one its group keeps
        first = roots.get(m.b, linked.get(m.b, m.b))
        kept = _kept(first, ranked[first][0]) if first in ranked else m.b
        yield Problem(
            f"its audio also appears inside {printable(ctx.files[m.b].display)} (from "
            f"{clock(m.offset_s)}): the same material counts twice",
            data={**_data(ctx, m.a, m.b, m), "keep": ctx.files[kept].display},
        )
    yield from _too_short(ctx)


def _close(m: dedupe.Match) -> bool:
    """Whether a copy's match is close enough to link others through it: ``LINK_BIT_ERROR`` or
    under, and neither file ``LINK_EXTRA_DB`` louder where the other is quiet, as measured (a
    pair with no quiet stretch to tell it by links nothing: review 55c's voice over a music bed
    at -10 and at -25 dB, 0.1 apart). Review 55a's codec and resampler copies read 0-0.061 and
    0 dB; review 55c's solo against its duet with a second singer 10 dB under, 0.2."""
    extras = (m.a_extra_db, m.b_extra_db)
    if None in extras or m.bit_error > LINK_BIT_ERROR:
        return False
    return max(extras) < LINK_EXTRA_DB


def _roots(copies) -> dict[int, int]:
    """Each file matched as a copy, mapped to the first file of all the copies it is linked to
    through ``copies`` (matches, not inside one another), directly or through other copies: an
    MP2 decode, its filterbank's 481 samples late, matched an AC-3 decode of the take but not
    the take's 16 kHz copy, first by name, and a group of its own ranked it apart (review 55a:
    one take's copies got two to six different copies to keep)."""
    parent: dict[int, int] = {}

    def find(i: int) -> int:
        while parent.setdefault(i, i) != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for m in copies:
        a, b = find(m.a), find(m.b)
        parent[max(a, b)] = min(a, b)
    return {i: find(i) for i in parent}


def _alike(ctx: DatasetContext, m: dedupe.Match, share: float) -> bool:
    """Whether an ``inside`` match is a copy: its two files last about as long (the shorter
    ``share`` of the longer or more), and the longer holds no other sound over the shorter
    (``EXTRA_DB``: a vocal beside its mix). No slice of a take, then, but a copy whose level
    moved (a loudnorm'd or compressed copy sounds in more of its frames, so its match covers
    the other's loud frames and not all of its own: review 49a, an AAC rip's loudnorm copy
    ranked alone beside the upsample it sat "inside", named "ideally" while the take it was
    ripped from was in the upsample's group) or with more sound over its pauses (noise, a room's
    tail: review 48b, fix kept the noisy one)."""
    if not m.inside or (m.b_extra_db or 0.0) >= EXTRA_DB:
        return False
    a, b = (ctx.files[i].props.duration_s or 0.0 for i in (m.a, m.b))
    return min(a, b) >= share * max(a, b) > 0


def _turned(m: dedupe.Match) -> dedupe.Match:
    """A copy's match read from its other file: ``b`` the first, ``a`` the later."""
    return replace(
        m, a=m.b, b=m.a, offset_s=-m.offset_s, a_extra_db=m.b_extra_db, b_extra_db=m.a_extra_db
    )


def _as_copy(m: dedupe.Match) -> dedupe.Match:
    """An ``inside`` match :func:`_alike` calls a copy, as the matcher words copies: not inside,
    file ``a`` the first of the two in the run (the one a later copy repeats)."""
    return replace(m if m.a < m.b else _turned(m), inside=False)


def _too_short(ctx: DatasetContext):
    """One note on the whole set: the files with too little sound to fingerprint, matched only
    to exact copies of themselves (review 45b: a game's voice lines of 0.5-0.8 s and their MP3,
    AAC and Opus decodes were never linked, and nothing said so)."""
    if len(ctx.files) < 2:
        return
    from audiolint.analysis import dedupe

    short = [
        f.display
        for f in ctx.files
        if dedupe.sounding(fp := f.analysis.get("fingerprint")) and not dedupe.fingerprintable(fp)
    ]
    if not short:
        return
    n = len(short)
    files = "file holds" if n == 1 else "files hold"
    such = " and ".join(printable(p) for p in short[:SHORT_NAMED])
    yield Problem(
        f"{n} {files} under about 0.9 s of sound (such as {such}): too short to fingerprint, "
        "each is matched only to exact copies of itself, not to a re-encoded, resampled or "
        "re-levelled copy",
        severity="info",
        data={"too_short_to_compare": n, "too_short_files": short[:SHORT_NAMED]},
    )


def _said(ctx: DatasetContext, m: dedupe.Match, keep: str) -> str:
    """The finding on copy ``m.b`` of ``m.a``: the same audio, or, where one holds another
    sound over the other (louder by ``EXTRA_DB`` where the other is quiet), which one does."""
    other = printable(ctx.files[m.a].display)
    sound = "music, a voice, noise or echo"
    if (m.b_extra_db or 0.0) >= EXTRA_DB:
        return (
            f"holds the audio of {other} with another sound over it (where {other} is quiet, "
            f"this file is at least {m.b_extra_db:.0f} dB louder: {sound}): "
        ) + keep.replace("keep one copy", "keep one", 1)
    if (m.a_extra_db or 0.0) >= EXTRA_DB:
        return (
            f"{other} holds this audio with another sound over it (where this file is quiet, "
            f"{other} is at least {m.a_extra_db:.0f} dB louder: {sound}): "
        ) + keep.replace("keep one copy", "keep one", 1)
    return f"same audio as {other}: {keep}"


def _kept(first: int, best: int | None) -> int:
    """The copy of a group to keep: the best one, or the first when all are equal."""
    return first if best is None else best


def _data(ctx: DatasetContext, here: int, other: int, m: dedupe.Match) -> dict:
    return {
        "path": ctx.files[here].display,
        "duplicate_of": ctx.files[other].display,
        "inside": m.inside,
        "offset_s": m.offset_s,
        "bit_error": m.bit_error,
        # where the file it repeats is quiet, how much louder this one is, and the reverse
        "extra_sound_db": m.b_extra_db if here == m.b else m.a_extra_db,
        "other_extra_sound_db": m.a_extra_db if here == m.b else m.b_extra_db,
    }
