"""Worker processes: stable order, a per-file time limit, and crashes contained to one file."""

import os
import shutil
import time

from realaudio import ALSA, needs_alsa
from reportcheck import untimed

from audiolint import pipeline
from audiolint.config import Config


def _dataset(tmp_path, gen, n=8):
    for i in range(n):
        seconds = 1.0 + (n - i) * 0.3  # earlier files take longer, to shuffle completion order
        tone = gen.tone(44100, seconds, freq=220.0 + 55.0 * i)  # distinct: not D003 duplicates
        gen.write_wav(tmp_path / f"clip{i:02d}.wav", tone, 44100)
    return tmp_path


def _voices(tmp_path, n):
    """``n`` clean files: ALSA's recorded prompts, real speech (a tone is no voice: S007; these
    prompts hold no long silence: S002)."""
    for i, name in enumerate(("Rear_Center", "Side_Left", "Side_Right", "Rear_Left")[:n]):
        shutil.copyfile(ALSA / f"{name}.wav", tmp_path / f"clip{i:02d}.wav")
    return tmp_path


def test_order_is_stable_whatever_the_scheduling(tmp_path, gen):
    _dataset(tmp_path, gen)
    one = pipeline.run([tmp_path], Config(jobs=1))
    many = pipeline.run([tmp_path], Config(jobs=4))
    names = [f.path for f in many.files]
    assert names == sorted(names) == [f.path for f in one.files]
    assert untimed(many.to_dict()) == untimed(one.to_dict())


def test_hanging_file_is_given_up_and_the_run_goes_on(tmp_path, gen, monkeypatch):
    _dataset(tmp_path, gen, n=3)
    real = pipeline.probe

    def slow(path):
        if path.name == "clip01.wav":
            time.sleep(60)
        return real(path)

    monkeypatch.setattr(pipeline, "probe", slow)
    started = time.monotonic()
    report = pipeline.run([tmp_path], Config(jobs=2, timeout=5, analyse=False))
    assert time.monotonic() - started < 40
    by_name = {f.path.rsplit("/", 1)[-1]: f for f in report.files}
    assert len(by_name) == 3
    [finding] = by_name["clip01.wav"].findings
    assert finding.rule == "F001" and "gave up after" in finding.message
    assert not by_name["clip00.wav"].findings and not by_name["clip02.wav"].findings


@needs_alsa
def test_worker_crash_is_one_finding(tmp_path, monkeypatch):
    _voices(tmp_path, 3)
    real = pipeline.probe

    def crash(path):
        if path.name == "clip00.wav":
            os._exit(3)  # the worker dies outright
        return real(path)

    monkeypatch.setattr(pipeline, "probe", crash)
    report = pipeline.run([tmp_path], Config(jobs=1))
    first, *rest = report.files
    assert first.findings[0].rule == "F005" and "internal error" in first.findings[0].message
    assert all(not f.findings for f in rest)


def test_exception_in_a_worker_is_contained(tmp_path, gen, monkeypatch):
    _dataset(tmp_path, gen, n=2)

    def boom(path, config, on_probed=None):
        raise ZeroDivisionError("synthetic")

    monkeypatch.setattr(pipeline, "build_context", boom)
    report = pipeline.run([tmp_path], Config(jobs=2))
    assert len(report.files) == 2
    for fr in report.files:
        assert "ZeroDivisionError: synthetic" in fr.findings[0].message


def _blas_threads(path, config, on_probed=None):
    from threadpoolctl import threadpool_info

    return [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]


def test_workers_use_single_threaded_blas(tmp_path, gen):
    from audiolint.executor import Pool

    _dataset(tmp_path, gen, n=1)
    [(_, threads)] = list(
        Pool(1, Config(), _blas_threads).run(sorted(tmp_path.iterdir()), str, lambda *a: None)
    )
    assert threads and set(threads) == {1}
