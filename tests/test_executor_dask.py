"""--executor dask: the same report as the local executor, on a LocalCluster in this process.

The cluster has two single-threaded workers as threads of the test process (``processes=False``:
it starts in a fraction of a second); each batch still runs in a forked child, as on a real
cluster, so time limits and crashes are handled by the same code as locally.
"""

from __future__ import annotations

import os
import sys
import time

import pytest
from click.testing import CliRunner
from realaudio import needs_alsa, prompt
from reportcheck import untimed

from audiolint import executor_dask, pipeline
from audiolint.cli import cli, main
from audiolint.config import Config

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def scheduler():
    """The address of a 2-worker LocalCluster living for this module's tests."""
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


def _real_set(root, gen):
    """Recorded speech (ALSA's prompts) as WAV, FLAC and MP3, one a quieter FLAC copy of
    another (a D003 duplicate), and a WAV cut off in its header (F001)."""
    left, sr = prompt("Front_Left")
    right, _ = prompt("Front_Right")
    center, _ = prompt("Rear_Center")
    gen.write_wav(root / "left.wav", left, sr)
    gen.write_flac(root / "right.flac", right, sr)
    gen.write_mp3(root / "sub" / "center.mp3", center, sr, kbps=128)
    gen.write_flac(root / "sub" / "left copy.flac", 0.5 * left, sr)
    (root / "broken.wav").write_bytes((root / "left.wav").read_bytes()[:30])
    return root


def _check(*args) -> dict:
    result = CliRunner().invoke(cli, ["check", *args, "--no-cache", "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return untimed(result.output)


@needs_alsa
def test_dask_report_is_the_local_report(tmp_path, gen, scheduler):
    data = _real_set(tmp_path / "data", gen)
    local = _check("data")  # a relative path: the workers get it absolute, the report does not
    dask = _check("data", "--executor", "dask", "--scheduler", scheduler)
    assert dask == local
    rules = {f["rule"] for fr in local["files"] for f in fr["findings"]}
    assert {"F001", "D003", "D004"} <= rules  # the broken file, the copy, the space in its name
    assert [fr["path"] for fr in dask["files"]] == sorted(
        os.path.join("data", p.relative_to(data)) for p in data.rglob("*.*")
    )


@needs_alsa
def test_dask_jsonl_is_the_local_jsonl(tmp_path, gen, scheduler):
    _real_set(tmp_path / "data", gen)
    args = ["check", "data", "--no-cache", "--format", "jsonl"]
    local = CliRunner().invoke(cli, args).output.splitlines()
    dask = CliRunner().invoke(cli, [*args, "--executor", "dask", "--scheduler", scheduler])
    assert [untimed(line) for line in dask.output.splitlines()] == [untimed(x) for x in local]


def _file_rules(fr):
    """A file's F findings (unreadable, internal error): what these tests are about."""
    return [f for f in fr.findings if f.rule.startswith("F")]


def _clips(root, gen, n=3):
    for i in range(n):
        gen.write_wav(root / f"clip{i}.wav", gen.tone(44100, 1.0, freq=220.0 + 110 * i), 44100)
    return root


def test_time_limit_gives_the_local_finding(tmp_path, gen, scheduler, monkeypatch):
    _clips(tmp_path, gen)
    real = pipeline.probe

    def slow(path):
        if path.name == "clip1.wav":
            time.sleep(60)
        return real(path)

    monkeypatch.setattr(pipeline, "probe", slow)  # the forked children see it
    started = time.monotonic()
    dask = pipeline.run(
        [tmp_path], Config(executor="dask", scheduler=scheduler, timeout=5, analyse=False)
    )
    assert time.monotonic() - started < 40
    [finding] = _file_rules(dask.files[1])
    assert finding.rule == "F001" and finding.message.startswith("gave up after 5 s")
    assert not _file_rules(dask.files[0]) and not _file_rules(dask.files[2])


def test_worker_crash_gives_the_local_finding(tmp_path, gen, scheduler, monkeypatch):
    _clips(tmp_path, gen)
    real = pipeline.probe

    def crash(path):
        if path.name == "clip0.wav":
            os._exit(3)
        return real(path)

    monkeypatch.setattr(pipeline, "probe", crash)
    local = pipeline.run([tmp_path], Config(jobs=1))
    dask = pipeline.run([tmp_path], Config(executor="dask", scheduler=scheduler))
    assert untimed(dask.to_dict()) == untimed(local.to_dict())
    assert dask.files[0].findings[0].rule == "F005"
    assert "the worker process died" in dask.files[0].findings[0].message


def test_a_batch_whose_task_fails_is_retried_file_by_file(tmp_path, gen, scheduler, monkeypatch):
    _clips(tmp_path, gen)
    real = executor_dask.run_batch

    def fussy(paths, config):
        if any(p.endswith("clip1.wav") for p in paths):
            # a batch holding clip1 fails whole (say, its worker ran out of memory)
            raise MemoryError("synthetic") if len(paths) > 1 else ValueError("still failing")
        return real(paths, config)

    monkeypatch.setattr(executor_dask, "TASKS_PER_WORKER", 1)  # batches of two: 0-1, then 2
    monkeypatch.setattr(executor_dask, "run_batch", fussy)
    dask = pipeline.run([tmp_path], Config(executor="dask", scheduler=scheduler))
    # clip0 shared the failed batch: it was checked again on its own
    assert [bool(_file_rules(fr)) for fr in dask.files] == [False, True, False]
    [finding] = _file_rules(dask.files[1])
    assert finding.rule == "F005" and "ValueError: still failing" in finding.message


def test_cached_files_never_reach_the_cluster(tmp_path, gen):
    _clips(tmp_path / "data", gen)
    args = ["check", "data", "--format", "json", "--cache-dir", "cache"]
    cold = CliRunner().invoke(cli, args)
    # Every file is cached: the run needs no cluster, so an address nobody listens on is fine.
    warm = CliRunner().invoke(
        cli, [*args, "--executor", "dask", "--scheduler", "tcp://127.0.0.1:9"]
    )
    assert warm.exit_code == cold.exit_code
    assert untimed(warm.output) == untimed(cold.output)


def test_without_the_extra_it_is_one_line_naming_it(tmp_path, gen, monkeypatch, capsys):
    _clips(tmp_path, gen, n=1)
    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails
    monkeypatch.setattr(sys, "argv", ["audiolint", "check", str(tmp_path), "--executor", "dask"])
    with pytest.raises(SystemExit) as exit_:
        main()
    err = capsys.readouterr().err
    assert exit_.value.code == 2
    assert err.count("\n") == 1 and "pip install 'audiolint[dask]'" in err


def test_batches_cover_every_file_once():
    for count, workers in [(1, 2), (7, 2), (600, 2), (100_000, 64)]:
        parts = executor_dask.batches(count, workers)
        assert [i for r in parts for i in r] == list(range(count))
        assert max(len(r) for r in parts) <= executor_dask.BATCH_MAX
    assert len(executor_dask.batches(600, 2)) >= 2 * executor_dask.TASKS_PER_WORKER


def test_scheduler_needs_the_dask_executor(tmp_path):
    result = CliRunner().invoke(cli, ["check", str(tmp_path), "--scheduler", "tcp://x:1"])
    assert result.exit_code == 2 and "--scheduler needs --executor dask" in result.output


def test_an_unreachable_scheduler_is_one_line(tmp_path, gen, monkeypatch, capsys):
    _clips(tmp_path, gen, n=1)
    monkeypatch.setattr(executor_dask, "CONNECT_TIMEOUT_S", 0.5)
    argv = ["audiolint", "check", str(tmp_path), "--no-cache", "--executor", "dask"]
    monkeypatch.setattr(sys, "argv", [*argv, "--scheduler", "tcp://127.0.0.1:9"])
    with pytest.raises(SystemExit) as exit_:
        main()
    err = capsys.readouterr().err
    assert exit_.value.code == 2
    assert err.count("\n") == 1 and "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in err
