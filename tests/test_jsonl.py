"""--format jsonl: a line per file as it is done, then the dataset's line; together they are the
JSON report, and the run keeps only a slim record of each file."""

from __future__ import annotations

import io
import json

from click.testing import CliRunner
from reportcheck import untimed

from audiolint import pipeline
from audiolint.cli import cli
from audiolint.config import Config
from audiolint.report import jsonl


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
    streamed, whole = _invoke("jsonl", data), _invoke("json", data)
    assert streamed.exit_code == whole.exit_code == 1
    lines = streamed.output.splitlines()
    assert len(lines) == 5  # four audio files, then the dataset
    assert all("path" in json.loads(line) for line in lines[:-1])
    tail = json.loads(lines[-1])
    assert {f["findings"][0]["rule"] for f in tail["file_findings"]} == {"D003", "D004"}
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
        assert set(kept.analysis) <= {"silence", "fingerprint", "fidelity"}
        assert set(kept.signal or {}) <= set(kept.analysis.get("silence", {})) | {
            "usable_duration_s"
        }
    assert len(check.kept) == len(reports) and all(isinstance(b, bytes) for b in check.kept._blobs)
    tail = check.finish()
    assert {f.rule for _, _, f in tail.attached} == {"D003", "D004"}
    assert tail.report.dataset_summary == pipeline.run([data]).dataset_summary


def test_exit_code_and_empty_runs_match_json(tmp_path):
    (tmp_path / "notes.txt").write_text("no audio")
    for fmt in ("json", "jsonl"):
        result = _invoke(fmt, tmp_path)
        assert result.exit_code == 2 and "no audio files found" in result.output
