"""--format jsonl: a line per file as it is done, then the dataset's line; together they are the
JSON report, and the run keeps only a slim record of each file."""

from __future__ import annotations

import dataclasses
import io
import json
import tracemalloc
from pathlib import Path

import numpy as np
from click.testing import CliRunner
from reportcheck import untimed

from audiolint import pipeline
from audiolint.cli import cli
from audiolint.config import Config
from audiolint.context import FileContext
from audiolint.kept import Kept
from audiolint.pathlist import PathList
from audiolint.report import jsonl
from audiolint.streaming import kept_analysers, slim


def _dataset(mixed_dataset, gen):
    """The mixed dataset plus a quieter copy of its FLAC under a name with a space (D003, D004)."""
    gen.write_flac(
        mixed_dataset / "good copy.flac", 0.5 * gen.speechlike(48000, 2.0, seed=1), 48000
    )
    return mixed_dataset


def _invoke(fmt: str, path):
    return CliRunner().invoke(cli, ["check", str(path), "--no-cache", "--format", fmt])


def reassembled(lines: list[str]) -> dict:
    """The JSON report rebuilt from jsonl lines, as the README tells a reader to."""
    *files, tail = (json.loads(line) for line in lines)
    for entry in tail.pop("file_findings"):
        target = next(f for f in files if f["path"] == entry["path"])
        target["findings"].extend(entry["findings"])
    return {**tail, "files": files}


def test_lines_put_together_are_the_json_report(mixed_dataset, gen):
    data = _dataset(mixed_dataset, gen)
    for name in ("a.txt", "b.lab", ".c.wav"):  # skipped: written out entry by entry
        (data / name).write_text("transcript")
    streamed, whole = _invoke("jsonl", data), _invoke("json", data)
    assert streamed.exit_code == whole.exit_code == 1
    lines = streamed.output.splitlines()
    assert len(lines) == 5  # four audio files, then the dataset
    assert all("path" in json.loads(line) for line in lines[:-1])
    tail = json.loads(lines[-1])
    assert {f["findings"][0]["rule"] for f in tail["file_findings"]} == {"D003", "D004"}
    assert [(Path(s["path"]).name, s["reason"]) for s in tail["skipped"]] == [
        (".c.wav", "hidden"),
        ("a.txt", "not audio"),
        ("b.lab", "not audio"),
        ("notes.txt", "not audio"),  # the mixed dataset's own
    ]
    assert tail["summary"]["skipped"] == 4 and list(tail)[-2:] == ["skipped", "file_findings"]
    assert untimed(reassembled(lines)) == untimed(whole.output)


def test_a_built_report_renders_the_same_lines(mixed_dataset, gen):
    data = _dataset(mixed_dataset, gen)
    out = io.StringIO()
    jsonl.render(pipeline.run([data], Config()), out)
    streamed = _invoke("jsonl", data).output
    assert [untimed(x) for x in out.getvalue().splitlines()] == [
        untimed(x) for x in streamed.splitlines()
    ]


class _Recorder(io.StringIO):
    def __init__(self, events):
        super().__init__()
        self.events = events

    def write(self, text):
        if text.endswith("\n"):
            self.events.append("line")
        return super().write(text)


def test_each_line_is_written_as_its_file_is_done(tmp_path, gen):
    for i in range(4):
        gen.write_wav(tmp_path / f"c{i}.wav", gen.speechlike(16000, 1.0, seed=i), 16000)
    events: list[str] = []
    check = pipeline.stream([tmp_path], Config(jobs=1))
    jsonl.render_stream(check, _Recorder(events), lambda done, total: events.append(done))
    assert events.index("line") < events.index(4)  # the first line before the last file ends
    assert events.count("line") == 5


def test_only_a_slim_record_of_each_file_is_kept(mixed_dataset, gen):
    data = _dataset(mixed_dataset, gen)
    check = pipeline.stream([data], Config(keep_artifacts=True), compact=True)  # as jsonl
    reports = list(check.files())
    assert any(fr.artifacts for fr in reports)  # the reports had everything...
    for kept in check.kept:  # ...what stays for the dataset rules is their own part
        assert not kept.artifacts
        # D001's silence, D003's fingerprint, fidelity, stereo, clipping, levels (the copy
        # to keep: one not turned down) and reverb (one with a room's echo)
        allowed = {"silence", "fingerprint", "fidelity", "stereo", "clipping", "levels", "reverb"}
        assert set(kept.analysis) <= allowed
        read = {
            k
            for a in ("silence", "stereo", "clipping", "levels", "reverb")
            for k in kept.analysis.get(a, {})
        }
        assert set(kept.signal or {}) <= read | {"usable_duration_s"}
    assert len(check.kept) == len(reports)
    whole = pipeline.stream([data], Config(keep_artifacts=True))  # as json: a list of contexts
    list(whole.files())
    for a, b in zip(check.kept, whole.kept, strict=True):  # the columns give the same contexts
        for name in (f.name for f in dataclasses.fields(FileContext)):
            np.testing.assert_equal(getattr(a, name), getattr(b, name), err_msg=name)
    tail = check.finish()
    assert {f.rule for _, _, f in tail.attached} == {"D003", "D004"}
    assert tail.report.dataset_summary == pipeline.run([data]).dataset_summary


def test_exit_code_and_empty_runs_match_json(tmp_path):
    (tmp_path / "notes.txt").write_text("no audio")
    for fmt in ("json", "jsonl"):
        result = _invoke(fmt, tmp_path)
        assert result.exit_code == 2 and "no audio files found" in result.output


def test_kept_records_hold_nothing_per_file_in_memory(tmp_path, gen):
    """What a jsonl run keeps of a file, and the discovered path, stay in memory only until
    their store passes its limit (256 KB in a run; 16 KB here), then move to a temporary
    file with their offsets: 10,000 probed files grow the traced memory by the four stores'
    buffers alone, nothing per file (typed columns took 160 bytes a file, a pickled record
    1.5 KB); and they give back the same contexts and paths, from the file and memory alike."""
    gen.write_wav(tmp_path / "a b.wav", gen.speechlike(16000, 0.5, seed=1), 16000)
    config = Config(analyse=False)
    ctx = slim(pipeline.build_context(tmp_path / "a b.wav", config), kept_analysers(config))
    copies = []
    for i in range(10000):
        path = Path(f"set/{i:06d}.wav")
        probe = dataclasses.replace(ctx.probe, path=path)
        copies.append(dataclasses.replace(ctx, path=path, display=str(path), probe=probe))
    copies[7].display = "shown otherwise"
    limit = 1 << 14
    kept, paths = Kept(pipeline.display_path, limit), PathList(limit=limit)
    tracemalloc.start()
    for i, c in enumerate(copies):
        if i == 1000:  # after the one-time costs (the pickler's, the first array blocks)
            before = tracemalloc.get_traced_memory()[0]
        kept.append(c)
        paths.append(c.path)
    grown = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    # records, paths and their offsets: each store its limit at most (a bytearray's spare
    # room aside); 8 bytes a file more would add 144 KB
    assert grown < 6 * limit
    assert kept.records._bytes._written > 0 and paths._bytes._written > 0  # spilled
    assert kept[1234] == copies[1234] and list(paths)[-1] == copies[-1].path == paths[-1]
    assert list(kept) == copies and list(paths) == [c.path for c in copies]
    assert list(kept.displays()) == [c.display for c in copies]
