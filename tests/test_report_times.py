"""Per-file times are measured in the worker and reach the JSON and JUnit reports (issue 14:
JUnit times were all 0, and junit2html's matrix view divides by them)."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET

from audiolint import pipeline
from audiolint.config import Config
from audiolint.report import junit


def _clips(root, gen, n=5, seconds=3.0):
    for i in range(n):
        gen.write_wav(root / f"clip{i}.wav", gen.noise(44100, seconds, seed=i), 44100)
    return root


def test_times_are_real_and_add_up_to_the_run(tmp_path, gen, monkeypatch):
    data = _clips(tmp_path / "data", gen)
    config = Config(jobs=1, cache_dir=None)
    pipeline.run([data / "clip0.wav"], config)  # warm: imports are not any file's time
    log = tmp_path / "cpu.log"
    build = pipeline.build_context

    def measured(path, config, *args, **kwargs):  # runs in the worker
        cpu = time.thread_time()  # this thread's CPU: no other thread's (BLAS) counts
        ctx = build(path, config, *args, **kwargs)
        with open(log, "a") as out:
            out.write(f"{ctx.display}\t{time.thread_time() - cpu}\n")
        return ctx

    monkeypatch.setattr(pipeline, "build_context", measured)
    start = time.perf_counter()
    report = pipeline.run([data], config)
    wall = time.perf_counter() - start
    times = [fr.elapsed_s for fr in report.files]
    assert len(times) == 5 and all(t > 0 for t in times)
    # One worker: the files' intervals are disjoint parts of the run ...
    assert sum(times) + report.dataset_elapsed_s <= wall
    # ... and each covers the work done on its file: its wall time is at least the CPU time
    # the thread doing that work spent (a bound that holds however loaded the machine is).
    cpu = dict(line.split("\t") for line in log.read_text().splitlines())
    assert sorted(cpu) == sorted(fr.path for fr in report.files)
    for fr in report.files:
        assert float(cpu[fr.path]) > 0.005  # decoding and analysing 3 s of audio
        assert fr.elapsed_s >= 0.95 * float(cpu[fr.path]) - 0.001  # the call around it: slack
    doc = report.to_dict()
    assert [f["elapsed_s"] for f in doc["files"]] == [round(t, 6) for t in times]
    assert doc["dataset"]["elapsed_s"] == round(report.dataset_elapsed_s, 6) > 0


def test_junit_times_are_the_measured_ones(tmp_path, gen):
    report = pipeline.run([_clips(tmp_path / "data", gen, n=2)], Config(jobs=1, cache_dir=None))
    root = ET.fromstring(ET.tostring(junit.document(report)))
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    for fr in report.files:
        suite = suites[fr.path]
        assert float(suite.get("time")) == round(fr.elapsed_s, 6) > 0
        cases = [float(c.get("time")) for c in suite.findall("testcase")]
        assert all(c > 0 for c in cases)
        assert abs(sum(cases) - fr.elapsed_s) < 1e-4
    dataset = next(s for name, s in suites.items() if name.startswith("dataset"))
    assert float(dataset.get("time")) == round(report.dataset_elapsed_s, 6) > 0
    total = sum(float(s.get("time")) for s in suites.values())
    assert abs(float(root.get("time")) - total) < 1e-5


def test_a_cache_hit_reports_its_look_up_not_the_first_run(tmp_path, gen):
    data = _clips(tmp_path / "data", gen, n=2, seconds=4.0)
    config = Config(jobs=1, cache_dir=str(tmp_path / "cache"))
    cold = pipeline.run([data], config)
    start = time.perf_counter()
    warm = pipeline.run([data], config)
    wall = time.perf_counter() - start
    # Not the stored time of the first run, but a look-up made within this one.
    assert all(w.elapsed_s != c.elapsed_s for c, w in zip(cold.files, warm.files, strict=True))
    assert 0 < sum(w.elapsed_s for w in warm.files) <= wall
