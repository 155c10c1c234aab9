"""Claimants racing on one new cache folder (threads of one ``audiolint.check`` host, two CI
jobs, parallel pre-commit hooks): every one of them gets the folder, none prints "not using
... as the cache", and the folder ends with audiolint's whole tag; a folder holding anything
else is still refused and left untouched."""

from __future__ import annotations

import gc
import os
import sys
import threading

import pytest

from audiolint import cache, outputs


def ends_tagged(folder) -> bool:
    """The folder holds audiolint's whole tag and nothing else (no temporary tag left)."""
    return os.listdir(folder) == [outputs.TAG_NAME] and outputs._ours(folder)


def claim_with_another_at_step(folder, step: int) -> tuple[bool, bool | None, int]:
    """Claim ``folder``, pausing at the ``step``-th line the claim runs (in any module) for a
    second claimant to claim it whole (another thread or process racing: only the files on
    disk are shared). Returns (first's result, second's or None, lines the first ran)."""
    lines, second = 0, []

    def trace(frame, event, arg):
        nonlocal lines
        if event == "line":
            lines += 1
            if lines == step:
                second.append(outputs.claim_folder(folder))  # not traced: inside the tracer
        return trace

    previous, collecting = sys.gettrace(), gc.isenabled()
    gc.disable()  # no finalizer of an earlier test's garbage runs (and counts) mid-claim
    sys.settrace(trace)
    try:
        first = outputs.claim_folder(folder)
    finally:
        sys.settrace(previous)
        if collecting:
            gc.enable()
    return first, (second[0] if second else None), lines


def test_a_second_claimant_at_every_step_of_the_first_shares_the_folder(tmp_path):
    """Every interleaving, at line granularity: the old claim wrote the tag in place, so a
    claimant arriving between its creation and its text saw a non-empty untagged folder."""
    refused, step = [], 0
    while True:
        step += 1
        folder = tmp_path / f"s{step}" / "cache"
        first, second, lines = claim_with_another_at_step(folder, step)
        if lines < step:
            break  # the first claim ended before this step: every step was tried
        if not (first and second and ends_tagged(folder)):
            refused.append((step, first, second, sorted(os.listdir(folder))))
    assert step > 5 and refused == []


def test_threads_racing_on_new_folders_all_get_them(tmp_path):
    for trial in range(200):
        folder, barrier, results = tmp_path / str(trial) / "cache", threading.Barrier(4), []

        def claim(folder=folder, barrier=barrier, results=results):
            barrier.wait()
            results.append(outputs.claim_folder(folder))

        threads = [threading.Thread(target=claim) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert results == [True] * 4 and ends_tagged(folder), trial


@pytest.mark.parametrize(
    "entries",
    [
        {f"{outputs.TEMP_PREFIX}x{outputs.TEMP_SUFFIX}": "their notes"},
        {f"{outputs.TEMP_PREFIX}x{outputs.TEMP_SUFFIX}": outputs.TAG_TEXT[:20], "take1.wav": ""},
        {f"{outputs.TEMP_PREFIX}x": outputs.TAG_TEXT},
        {outputs.TAG_NAME: outputs.TAG_TEXT[:20]},
    ],
)
def test_a_folder_with_anything_but_temporary_tags_is_still_refused(tmp_path, entries):
    """Only a file under audiolint's temporary name holding a beginning of its tag, alone or
    with others of its kind, counts as a claimant's: anything else is somebody's data."""
    for name, text in entries.items():
        (tmp_path / name).write_text(text)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert not outputs.claim_folder(tmp_path)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_a_folder_holding_only_a_temporary_tag_is_claimed(tmp_path):
    """What a claimant killed mid-write leaves (or one still writing): the folder is ours."""
    (tmp_path / f"{outputs.TEMP_PREFIX}1-2-ab{outputs.TEMP_SUFFIX}").write_text("Signa")
    assert outputs.claim_folder(tmp_path) and outputs._ours(tmp_path)


def test_a_claimant_losing_the_race_to_a_new_caches_schema_row_keeps_the_cache(tmp_path):
    """Both found the new cache.sqlite3 empty; the other wrote its tables and schema row first.
    The loser once took the refused insert for a broken cache and deleted the file the other
    had open: it must find the tables made, keep the file, and write its entries into it."""
    folder = tmp_path / "cache"
    mine, theirs = cache.Cache(folder), cache.Cache(folder)
    assert mine.fresh and theirs.fresh  # both looked before either wrote
    theirs.db.execute("PRAGMA user_version")  # theirs holds the file open
    theirs.pending.append(("t" * 64, "{}"))
    theirs.flush()
    inode = os.stat(folder / "cache.sqlite3").st_ino
    mine.pending.append(("m" * 64, "{}"))
    mine.flush()
    assert mine.db is not None and theirs.db is not None
    assert os.stat(folder / "cache.sqlite3").st_ino == inode  # the file theirs has open
    keys = theirs.db.execute("SELECT k FROM entries ORDER BY k").fetchall()
    assert keys == [("m" * 64,), ("t" * 64,)]
    mine.close(), theirs.close()
