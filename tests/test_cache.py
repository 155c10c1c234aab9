"""The result cache: warm runs skip the work, changes invalidate, bad caches are rebuilt."""

import os
import sqlite3
from pathlib import Path

import numpy as np
import pytest
from reportcheck import untimed

from audiolint import cache, pipeline
from audiolint.analysis import registry
from audiolint.config import Config


@pytest.fixture
def data(tmp_path, gen):
    d = tmp_path / "data"
    gen.write_flac(d / "a.flac", gen.speechlike(48000, 2.0), 48000)
    gen.write_wav(d / "b.wav", gen.speechlike(16000, 2.0), 16000)
    return d


def _config(tmp_path, **kw):
    return Config(cache_dir=str(tmp_path / "cache"), jobs=1, **kw)


def _forbid_work(monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("recomputed a cached file")

    monkeypatch.setattr(pipeline, "build_context", fail)


def test_warm_run_reuses_results(tmp_path, data, monkeypatch):
    cold = pipeline.run([data], _config(tmp_path))
    _forbid_work(monkeypatch)
    warm = pipeline.run([data], _config(tmp_path))
    assert untimed(warm.to_dict()) == untimed(cold.to_dict())


def test_warm_run_starts_no_worker_and_loads_no_analysis_kernel(tmp_path, data, monkeypatch):
    """A warm run costs a stat, a hash of the file's ends and a lookup per file: no worker
    pool is started and nothing is preloaded for the analysers."""
    pipeline.run([data], _config(tmp_path))

    def fail(*args, **kwargs):
        raise AssertionError("a warm run started work")

    monkeypatch.setattr(pipeline, "executor", fail)
    monkeypatch.setattr(registry, "preload", fail)
    warm = pipeline.run([data], _config(tmp_path))
    assert len(warm.files) == 2 and all(fr.signal for fr in warm.files)


def test_rule_options_apply_without_recomputing(tmp_path, data, gen, monkeypatch):
    hiss = gen.noise(22050, 8.0, amp=10 ** (-40 / 20) * np.sqrt(3), seed=5)  # RMS -40 dBFS
    gen.write_wav(data / "hiss.wav", gen.speechlike(22050, 8.0) + hiss, 22050)
    report = pipeline.run([data], _config(tmp_path))
    assert [Path(fr.path).name for fr in report.files if "S005" in rules_of(fr)] == ["hiss.wav"]
    _forbid_work(monkeypatch)
    quieter = {"S005": {"max_dbfs": -30.0}}  # a real rule option: -40 dBFS is now fine
    report = pipeline.run([data], _config(tmp_path, rule_options=quieter, select=("S005",)))
    assert report.all_findings() == [] and all(fr.signal for fr in report.files)  # measured
    stricter = {"S005": {"max_dbfs": -90.0}}
    report = pipeline.run([data], _config(tmp_path, rule_options=stricter, select=("S005",)))
    assert "hiss.wav" in [Path(fr.path).name for fr in report.files if rules_of(fr)]


def rules_of(file_report) -> list[str]:
    return [f.rule for f in file_report.findings]


def test_changed_file_is_recomputed(tmp_path, data, gen):
    pipeline.run([data], _config(tmp_path))
    gen.write_wav(data / "b.wav", gen.speechlike(48000, 2.0), 48000)
    os.utime(data / "b.wav", ns=(1, 1_000_000_000_000))  # a different mtime, whatever the clock
    report = pipeline.run([data], _config(tmp_path))
    assert report.files[1].properties.sample_rate == 48000


def test_quick_and_full_runs_are_cached_apart(tmp_path, data, monkeypatch):
    pipeline.run([data], _config(tmp_path, analyse=False))
    marks = tmp_path / "marks"
    marks.mkdir()
    real = pipeline.build_context

    def counting(path, *args, **kwargs):  # runs in a worker: count with files, not memory
        (marks / path.name).touch()
        return real(path, *args, **kwargs)

    monkeypatch.setattr(pipeline, "build_context", counting)
    pipeline.run([data], _config(tmp_path, analyse=True))
    assert sorted(p.name for p in marks.iterdir()) == ["a.flac", "b.wav"]
    for p in marks.iterdir():
        p.unlink()
    pipeline.run([data], _config(tmp_path, analyse=True))
    assert list(marks.iterdir()) == []


@pytest.mark.parametrize("junk", [b"this is not a database", b"SQLite format 3\0" + b"\xff" * 200])
def test_corrupt_cache_is_rebuilt(tmp_path, data, junk):
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "cache.sqlite3").write_bytes(junk)
    report = pipeline.run([data], _config(tmp_path))
    assert len(report.files) == 2
    again = pipeline.run([data], _config(tmp_path))
    assert untimed(again.to_dict()) == untimed(report.to_dict())


def test_a_new_cache_is_made_with_its_first_write_in_one_transaction(tmp_path, data):
    """Opening a new cache writes nothing; its tables, schema, code record and entries are
    written in one transaction at the end. Each statement committed on its own, as before, cost
    its journal and syncs (16 fdatasync calls for a one-file first run against 4)."""
    store = cache.Cache(tmp_path / "cache")
    path = tmp_path / "cache" / "cache.sqlite3"
    assert sqlite3.connect(path).execute("SELECT count(*) FROM sqlite_master").fetchone() == (0,)
    said: list[str] = []
    store.db.set_trace_callback(said.append)
    [ctx] = pipeline.collect([data / "a.flac"], Config(jobs=1))
    k = cache.key(ctx.path, "s")
    assert store.get(k, ctx.path, ctx.display) is None
    store.put(k, ctx)
    store.close()
    assert said[0] == "BEGIN IMMEDIATE" and said[-1] == "COMMIT", said
    assert [s.split()[0] for s in said].count("COMMIT") == 1, said
    again = cache.Cache(tmp_path / "cache")
    assert again.get(k, ctx.path, ctx.display).probe == ctx.probe
    again.close()


def _synchronous(store) -> int:
    return store.db.execute("PRAGMA synchronous").fetchone()[0]  # 0 OFF, 2 FULL


def test_a_new_caches_first_write_is_synced_and_shared(tmp_path, data):
    """Every write is synced (FULL), a new cache's first one too: a filesystem may give a new
    file blocks of one deleted before it, and a torn unsynced write could then serve another
    file's analysis as a hit. Two runs that both found the cache new both keep their entries."""
    [ctx] = pipeline.collect([data / "a.flac"], Config(jobs=1))
    first, second = cache.Cache(tmp_path / "cache"), cache.Cache(tmp_path / "cache")
    assert (first.fresh, second.fresh) == (True, True)  # both found it new
    assert (_synchronous(first), _synchronous(second)) == (2, 2)
    first.put("a" * 64, ctx)
    first.flush()
    second.put("b" * 64, ctx)
    second.flush()
    assert not second.fresh  # another run made it meanwhile: its entries went there
    first.close()
    second.close()
    again = cache.Cache(tmp_path / "cache")
    assert _synchronous(again) == 2
    assert [again.get(k, ctx.path, ctx.display) is not None for k in ("a" * 64, "b" * 64)] == [
        True,
        True,
    ]
    again.close()


def test_a_cache_another_version_made_meanwhile_is_left_alone(tmp_path, data):
    """A run that found the cache new, when another version of audiolint made it first, does
    not write into it (its schema record is checked): it runs without a cache."""
    [ctx] = pipeline.collect([data / "a.flac"], Config(jobs=1))
    store = cache.Cache(tmp_path / "cache")
    assert store.fresh
    other = sqlite3.connect(tmp_path / "cache" / "cache.sqlite3")
    other.execute("CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT)")
    other.execute("CREATE TABLE entries (k TEXT PRIMARY KEY, v TEXT)")
    other.execute("INSERT INTO meta VALUES ('schema', 'another version')")
    other.commit()
    other.close()
    store.put("a" * 64, ctx)
    store.close()
    kept = sqlite3.connect(tmp_path / "cache" / "cache.sqlite3")
    assert kept.execute("SELECT count(*) FROM entries").fetchone() == (0,)
    assert kept.execute("SELECT v FROM meta WHERE k = 'schema'").fetchone() == ("another version",)
    kept.close()


def test_a_file_with_pages_but_no_table_is_not_taken_for_a_new_cache(tmp_path):
    """Only an empty file is written unsynced: one whose tables were dropped still holds
    their pages, which a torn unsynced write could mix with new ones. It is rebuilt."""
    cache.Cache(tmp_path / "cache").close()  # the folder is audiolint's
    (tmp_path / "cache" / "cache.sqlite3").unlink()
    db = sqlite3.connect(tmp_path / "cache" / "cache.sqlite3")
    db.execute("CREATE TABLE entries (k TEXT PRIMARY KEY, v TEXT)")
    db.execute("INSERT INTO entries VALUES ('k', 'v')")
    db.commit()
    db.execute("DROP TABLE entries")
    db.commit()
    assert db.execute("PRAGMA page_count").fetchone()[0] > 0
    db.close()
    store = cache.Cache(tmp_path / "cache")
    assert store.fresh and store.db.execute("PRAGMA page_count").fetchone() == (0,)
    store.close()


def test_a_busy_cache_is_kept_not_rebuilt(tmp_path, data, monkeypatch, capsys):
    """Another run holding the cache's write lock past the timeout costs this run the cache,
    never the other run's file (it was deleted as 'broken' on 'database is locked')."""
    pipeline.run([data], _config(tmp_path))
    path = tmp_path / "cache" / "cache.sqlite3"
    kept = sqlite3.connect(path).execute("SELECT count(*) FROM entries").fetchone()[0]
    assert kept == 2
    monkeypatch.setattr(cache, "BUSY_TIMEOUT_S", 0.05)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another run part-way through a write
    try:
        busy = cache.Cache(tmp_path / "cache")
        assert busy.db is None
        assert "database is locked" in capsys.readouterr().err
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert path.exists()
    assert sqlite3.connect(path).execute("SELECT count(*) FROM entries").fetchone()[0] == 2
    report = pipeline.run([data], _config(tmp_path))
    assert len(report.files) == 2


def test_a_lookup_during_another_runs_write_is_a_miss(tmp_path, data, monkeypatch):
    pipeline.run([data], _config(tmp_path))
    path = tmp_path / "cache" / "cache.sqlite3"
    monkeypatch.setattr(cache, "BUSY_TIMEOUT_S", 0.05)
    store = cache.Cache(tmp_path / "cache")
    k = store.db.execute("SELECT k FROM entries").fetchone()[0]
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        assert store.get(k, Path("a.flac"), "a.flac") is None
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert store.db is not None and path.exists()
    assert store.get(k, Path("a.flac"), "a.flac") is not None  # the same cache, still whole
    store.close()


def test_foreign_cache_is_rebuilt_not_trusted(tmp_path, data, monkeypatch):
    (tmp_path / "cache").mkdir()
    db = sqlite3.connect(tmp_path / "cache" / "cache.sqlite3")
    db.execute("CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT)")
    db.execute("INSERT INTO meta VALUES ('schema', 'someone-else/7')")
    db.commit()
    db.close()
    report = pipeline.run([data], _config(tmp_path))
    assert len(report.files) == 2


def test_tampered_entry_is_a_miss(tmp_path, data):
    pipeline.run([data], _config(tmp_path))
    db = sqlite3.connect(tmp_path / "cache" / "cache.sqlite3")
    db.execute("UPDATE entries SET v = '{\"properties\": 5}'")
    db.commit()
    db.close()
    report = pipeline.run([data], _config(tmp_path))
    assert report.files[0].properties.codec == "flac"


def test_unwritable_cache_dir_is_not_fatal(tmp_path, data):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should go")
    report = pipeline.run([data], Config(cache_dir=str(blocker / "cache"), jobs=1))
    assert len(report.files) == 2


def test_no_cache_writes_nothing(tmp_path, data):
    pipeline.run([data], Config(jobs=1))
    assert not (tmp_path / "cache").exists()
    assert sorted(p.name for p in data.iterdir()) == ["a.flac", "b.wav"]


def test_round_trip_keeps_arrays(tmp_path, data):
    [ctx] = pipeline.collect([data / "a.flac"], Config(jobs=1))
    ctx.analysis = {"fp": {"bits": np.arange(6, dtype=np.uint32).reshape(2, 3)}}
    back = cache.decode(cache.encode(ctx), ctx.path, ctx.display)
    assert back.probe == ctx.probe
    assert np.array_equal(back.analysis["fp"]["bits"], np.arange(6).reshape(2, 3))
    assert back.analysis["fp"]["bits"].dtype == np.uint32


def test_changed_analysis_code_invalidates(tmp_path, data, monkeypatch):
    pipeline.run([data], _config(tmp_path))
    monkeypatch.setattr(cache, "code_version", lambda: "a-newer-analyser")
    marks = tmp_path / "marks"
    marks.mkdir()
    real = pipeline.build_context

    def counting(path, *args, **kwargs):
        (marks / path.name).touch()
        return real(path, *args, **kwargs)

    monkeypatch.setattr(pipeline, "build_context", counting)
    pipeline.run([data], _config(tmp_path))
    assert sorted(p.name for p in marks.iterdir()) == ["a.flac", "b.wav"]


def test_round_trip_keeps_every_typed_field_but_the_run_only_ones(tmp_path, data):
    [ctx] = pipeline.collect([data / "b.wav"], Config(jobs=1))
    ctx.decode_errors, ctx.not_analysed = ["truncated: ..."], "no PyAV"
    ctx.internal_errors, ctx.analysers = ["boom"], ("decode", "levels")
    ctx.traceback, ctx.timed_out = "Traceback ...", True
    back = cache.decode(cache.encode(ctx), ctx.path, ctx.display)
    assert (back.decode_errors, back.not_analysed) == (["truncated: ..."], "no PyAV")
    assert (back.internal_errors, back.analysers) == (["boom"], ("decode", "levels"))
    assert (back.traceback, back.timed_out) == ("", False)  # never cached
    assert not hasattr(back, "extras")  # typed fields, no string-keyed bag


HIT_OR_MISS = (
    "import sys\nfrom audiolint import pipeline, cache\nfrom audiolint.config import Config\n"
    "config = Config(cache_dir=sys.argv[2], jobs=1, analyse=False)\n"
    "[fr] = pipeline.run([sys.argv[1]], config).files\n"
    "print(cache.__file__, 'miss' if 'audiolint.executor' in sys.modules else 'hit',"
    " cache.code_version() == cache.content_version())"
)


def test_an_edited_analysis_source_invalidates_the_cache(tmp_path, data):
    """The code's hash is read from the cache's record while the sources' stat is unchanged;
    an edit is seen (a miss, the new hash recorded), even one that keeps the file's size and
    puts its modification time back. Run on a copy of the source tree, in fresh processes (a
    miss is a run that needed the worker pool)."""
    import shutil
    import subprocess
    import sys

    src = tmp_path / "src"
    shutil.copytree(
        Path(cache.__file__).parent, src / "audiolint", ignore=lambda *a: ["__pycache__"]
    )
    env = {**os.environ, "PYTHONPATH": str(src)}

    def run() -> list[str]:
        argv = [sys.executable, "-c", HIT_OR_MISS, str(data / "a.flac"), str(tmp_path / "c")]
        out = subprocess.run(argv, capture_output=True, text=True, check=True, env=env).stdout
        where, *rest = out.split()
        assert where.startswith(str(src)), where
        return rest

    levels = src / "audiolint" / "analysis" / "levels.py"
    runs = [run(), run()]
    levels.write_text(levels.read_text() + "# an edit\n")
    runs.append(run())
    before = levels.stat()
    levels.write_text(levels.read_text().replace("# an edit", "# AN EDIT"))  # same size
    os.utime(levels, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert levels.stat().st_mtime_ns == before.st_mtime_ns
    runs += [run(), run()]
    assert runs == [["miss", "True"], ["hit", "True"], ["miss", "True"], ["miss", "True"]] + [
        ["hit", "True"]
    ], runs


def test_cached_arrays_stay_packed_until_read(tmp_path, data):
    """Decoded where numpy is not loaded, an entry's arrays stay bytes (no numpy import) until
    read; then they are the arrays that were cached."""
    import subprocess
    import sys

    [ctx] = pipeline.collect([data / "a.flac"], Config(jobs=1))
    words = ctx.analysis["fingerprint"]["words"]
    code = (
        "import sys\nfrom pathlib import Path\nfrom audiolint import cache\n"
        "ctx = cache.decode(sys.stdin.read(), Path('a.flac'), 'a.flac')\n"
        "fp = ctx.analysis['fingerprint']\n"
        "print('numpy' in sys.modules, type(fp).__name__)\n"
        "words = fp['words']\nprint('numpy' in sys.modules, *words.tolist(), words.dtype)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], input=cache.encode(ctx), capture_output=True, text=True,
        check=True,
    ).stdout.splitlines()  # fmt: skip
    assert out[0] == "False Arrays"
    assert out[1].split() == ["True", *map(str, words.tolist()), str(words.dtype)]
    back = cache.decode(cache.encode(ctx), ctx.path, ctx.display)  # numpy loaded: arrays
    assert isinstance(back.analysis["fingerprint"]["words"], np.ndarray)
