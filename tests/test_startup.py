"""Start-up stays light: ``--version`` and ``--help`` import no numpy, soundfile, scipy, rich or
analyser, and the command line's format names match the reporters (issue 14)."""

from __future__ import annotations

import subprocess
import sys

import audiogen
import numpy as np
import pytest

from audiolint import __version__, config, report

HEAVY = ("numpy", "soundfile", "scipy", "rich", "av", "audiolint.analysis", "audiolint.pipeline")


def _imported_after(args: list[str]) -> set[str]:
    code = (
        "import sys\n"
        "from audiolint.cli import cli\n"
        f"try:\n    cli({args!r}, standalone_mode=False)\nexcept SystemExit:\n    pass\n"
        "print('\\n'.join(sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_version_and_help_import_nothing_heavy():
    for args in (["--version"], ["--help"], ["check", "--help"]):
        loaded = _imported_after(args)
        heavy = sorted(m for m in loaded if m.split(".")[0] in HEAVY or m.startswith(HEAVY[-2:]))
        assert heavy == [], (args, heavy)


def test_format_names_match_the_reporters():
    assert sorted(config.FORMAT_NAMES) == sorted(report.FORMATS)
    assert all(callable(report.get(name).render) for name in report.FORMATS)


def test_a_run_imports_only_its_own_reporter(tmp_path, gen):
    """A terminal report does not import the HTML, SARIF or other reporters."""
    clip = gen.write_wav(tmp_path / "a.wav", gen.tone(8000, 1.0), 8000)
    loaded = _imported_after(["check", "--quick", "--no-cache", str(clip)])
    reporters = sorted(m for m in loaded if m.startswith("audiolint.report."))
    assert reporters == ["audiolint.report.console", "audiolint.report.terminal"], reporters
    # and a --quick run loads no analyser (the registry is there only as a lazy module)
    assert not {"scipy", "audiolint.analysis.fidelity", "audiolint.analysis.loudness"} & loaded


def test_a_clean_one_file_check_loads_only_what_it_uses(tmp_path, gen):
    """A one-file check with no finding (pre-commit's case) reads no glossary, loads no
    duplicate matcher (a pair needs two files), no FFmpeg or MP3 header module, and no cache
    with --no-cache."""
    clip = gen.write_flac(tmp_path / "a.flac", gen.speechlike(48000, 2.0), 48000)
    unused = {
        "logging",  # loaded for --debug only (test_debug_still_shows_tracebacks)
        "sqlite3",  # the cache's, and --no-cache
        "audiolint.gitignore",  # for folders: a file named on the command line is checked
        "yaml",
        "audiolint.glossary",
        "audiolint.analysis.dedupe",
        "audiolint.probe.av_backend",
        "audiolint.probe.mpeg",
        "numpy.ma",  # np.unique's (np.percentile's): analysis.quantile does without
        "mutagen.id3",  # mutagen.flac's: probe.plain_headers reads a plain FLAC without it
    }
    for dataset in ("--dataset", "--no-dataset"):
        loaded = _imported_after(["check", dataset, "--no-cache", "--no-progress", str(clip)])
        assert "audiolint.analysis.fingerprint" in loaded or dataset == "--no-dataset"
        assert sorted(unused & loaded) == [], dataset


def test_a_run_the_cache_serves_loads_no_numpy_nor_analyser(tmp_path, gen):
    """A warm one-file check (pre-commit's second run) reads its context from the cache: no
    numpy, scipy, soundfile, worker pool or analyser module loads (the registry names them
    without importing them, the rules' wording needs no numpy, cached arrays stay packed, the
    code's hash comes from the cache's record). The first run, a miss, does load them."""
    clip = gen.write_flac(tmp_path / "a.flac", gen.speechlike(48000, 2.0), 48000)
    args = ["check", "--cache-dir", str(tmp_path / "cache"), "--no-progress", str(clip)]
    cold, warm = _imported_after(args), _imported_after(args)
    used = {"numpy", "multiprocessing", "audiolint.executor", "audiolint.analysis.levels"}
    assert used <= cold, sorted(used - cold)  # (soundfile loads in the worker)
    heavy = {"numpy", "scipy", "soundfile", "multiprocessing"}
    ours = {"audiolint.executor", "audiolint.probe.decode", "audiolint.analysis.levels"}
    ours |= {"audiolint.analysis.fidelity", "audiolint.analysis.loudness"}
    assert sorted(m for m in warm if m.split(".")[0] in heavy or m in ours) == []
    # hashlib loads OpenSSL (2-4 ms): the cache's keys are BLAKE2b, from _blake2 directly
    assert sorted({"hashlib", "_hashlib"} & (cold | warm)) == []


@pytest.fixture(scope="module")
def fresh_analysis(tmp_path_factory) -> tuple[list[str], list[set[str]]]:
    """The FLAC's analysers, and the modules loaded after each file's context is built, in one
    fresh process (as a one-file check's worker builds it): a FLAC, a PCM WAV, then an MP3 (its
    grid search too), then a WAV clipped and turned down. One process serves both tests below
    (each costs a few seconds)."""
    folder = tmp_path_factory.mktemp("fresh")
    clip = audiogen.speechlike(44100, 2.0)
    files = [
        audiogen.write_flac(folder / "a.flac", audiogen.speechlike(48000, 2.0), 48000),
        audiogen.write_wav(folder / "a.wav", clip, 44100),
        audiogen.write_mp3(folder / "a.mp3", clip, 44100, 128),
        # clipped, then turned down: S001's flat tops at the file's own peak (peaktops) are read
        audiogen.write_wav(folder / "b.wav", np.clip(clip * 8.0, -1.0, 1.0) * 0.7, 44100),
    ]
    code = (
        "import sys\nfrom pathlib import Path\nfrom audiolint import configfile, pipeline\n"
        "from audiolint.config import Config\nconfig = configfile.complete(Config())\n"
        "for i, p in enumerate(sys.argv[1:]):\n"
        "    ctx = pipeline.build_context(Path(p), config)\n"
        "    if i == 0:\n        print(' '.join(ctx.analysis))\n"
        "    print(' '.join(sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, *map(str, files)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    return out[0].split(), [set(line.split()) for line in out[1:]]


def test_a_files_analysis_loads_no_numpy_ma(fresh_analysis):
    """The worker's side of a one-file check: the analysis of a FLAC, a WAV, an MP3 (its grid
    search too) and a clipped WAV (its flat tops too) loads no numpy.ma, which np.percentile's
    np.unique and np.median's masked check import on first use (analysis.quantile stands in for
    both)."""
    analysed, after_each = fresh_analysis
    assert "fidelity" in analysed, analysed
    hint = "numpy.ma loaded: use analysis.quantile's median/percentile"
    assert "numpy.ma" not in after_each[-1], hint


def test_a_plain_files_analysis_loads_no_optional_library(fresh_analysis):
    """A FLAC's and a PCM WAV's full analysis (the worker's side of a one-file check) reads
    its headers without mutagen (probe.plain_headers), decodes without PyAV (libsndfile reads
    both), runs scipy's two compiled kernels without the scipy package (nor scipy.signal or
    scipy.ndimage), and renders nothing (no rich); an MP3 does load mutagen, as it must.
    (logging and sqlite3 are not asserted: numpy, soundfile or cffi may import them; the
    audiolint modules that import them, the cache, fixer and dask executor, are.)"""
    analysed, (_, plain, with_mp3, _) = fresh_analysis
    assert {"fidelity", "loudness"} <= set(analysed), analysed
    optional = {"mutagen", "av", "rich", "yaml", "scipy"}
    assert sorted(m for m in plain if m.split(".")[0] in optional) == []
    ours = {"audiolint.cache", "audiolint.fixer", "audiolint.executor_dask"}
    assert sorted(ours & plain) == []
    assert "mutagen.mp3" in with_mp3, "the control: an MP3's headers are mutagen's"


def test_config_discovery_parses_no_pyproject_that_never_names_audiolint(tmp_path):
    """Someone's pyproject.toml without audiolint in it is passed over unparsed (no tomllib);
    one with a [tool.audiolint] table is still found."""
    code = (
        "import sys\nfrom audiolint import configfile\n"
        "print(configfile.find(sys.argv[1]) is not None, 'tomllib' in sys.modules)"
    )
    found = []
    for text in ("[project]\nname = 'x'\n", "[tool.audiolint]\nignore = ['Q001']\n"):
        (tmp_path / "pyproject.toml").write_text(text)
        out = subprocess.run(
            [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True
        )
        found.append(out.stdout.split())
    assert found == [["False", "False"], ["True", "True"]], found


def test_debug_still_shows_tracebacks(tmp_path, gen):
    """logging loads only with --debug, which still prints an internal error's traceback."""
    clip = gen.write_wav(tmp_path / "a.wav", gen.tone(48000, 0.5), 48000)
    code = (
        "import sys\nfrom audiolint.rules import low_sample_rate as rule\n"
        "def broken(ctx, options):\n    raise ZeroDivisionError('rule broke')\n"
        "rule.check = broken\nfrom audiolint.cli import main\n"
        "sys.argv = ['audiolint', 'check', '--quick', '--no-cache', *sys.argv[1:]]\nmain()"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", code, str(clip), *debug], capture_output=True, text=True
        )
        for debug in ([], ["--debug"])
    ]
    assert [r.returncode for r in runs] == [1, 1]
    assert all("internal error while running rule Q003" in r.stdout for r in runs)
    assert "Traceback" not in runs[0].stderr
    assert "ZeroDivisionError: rule broke" in runs[1].stderr, runs[1].stderr


def test_a_run_that_analyses_loads_its_scipy_kernel_once_before_forking(tmp_path, gen):
    """Workers are forked: what the parent loaded first they inherit. The analysis needs one
    compiled scipy kernel (sosfilt's), not the scipy.signal or scipy.ndimage packages, whose
    imports cost 0.7-1.2 s and 0.3-0.6 s, nor scipy's own __init__ (12-16 ms), which the
    kernel's import of scipy._cyutility ran before loudness.scipy_extension stood in for it.
    The kernel is kept in loudness, out of sys.modules (tests/test_scipy_stand_in.py)."""
    code = (
        "import sys, audiolint\n"
        "from audiolint.analysis import loudness\n"
        f"audiolint.check([{str(gen.write_wav(tmp_path / 'a.wav', gen.tone(8000, 1.0), 8000))!r}],"
        " read_config=False, jobs=1)\n"
        "print(loudness.KERNEL in loudness._EXTENSIONS, *(m in sys.modules for m in "
        "('scipy.signal', 'scipy.ndimage', 'scipy', 'numpy.random')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "False", "False", "False", "False"]


def test_the_header_libraries_load_before_forking_several_workers_only(tmp_path, gen):
    """soundfile and mutagen's format modules are loaded in the parent before it forks workers
    for two files (which inherit them); a run served from the cache never loads them."""
    for name in ("a", "b"):
        gen.write_wav(tmp_path / f"{name}.wav", gen.tone(8000, 0.5), 8000)
    code = (
        "import sys, audiolint\n"
        "from audiolint import executor\n"
        "seen = []\n"
        "spawn = executor.Pool._spawn\n"
        "def spy(self):\n"
        "    seen.append(('soundfile' in sys.modules, 'mutagen.wave' in sys.modules))\n"
        "    return spawn(self)\n"
        "executor.Pool._spawn = spy\n"
        "r = audiolint.check([sys.argv[1]], cache_dir=sys.argv[2], jobs=2, read_config=False)\n"
        "print(len(r.files), *sorted(set(seen)), 'soundfile' in sys.modules)\n"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", code, str(tmp_path), str(tmp_path / "cache")],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        for _ in range(2)
    ]
    assert runs == [["2", "(True,", "True)", "True"], ["2", "False"]], runs


def test_the_light_kernels_give_scipys_numbers(gen):
    """The K-weighting through the bare kernel, block by block, and the numpy running median
    equal scipy.signal.sosfilt and scipy.ndimage.median_filter bit for bit."""
    from scipy.ndimage import median_filter
    from scipy.signal import sosfilt

    from audiolint.analysis import loudness, quantile, spectrum

    voice = np.concatenate([gen.speechlike(44100, 2.0), gen.noise(44100, 2.0, 0.01)], axis=1)
    sos = loudness.k_weighting(44100)
    zi, theirs = np.zeros((2, 2, 2)), []
    for start in range(0, len(voice), 30000):
        out, zi = sosfilt(sos, voice[start : start + 30000].astype(np.float64), axis=0, zi=zi)
        theirs.append(out)
    # the kernel, and the fallback used should scipy's layout change
    for kernel in (loudness.sosfilt_kernel(), loudness.public_sosfilt):
        rows_zi, ours = np.zeros((2, 2, 2)), []
        for start in range(0, len(voice), 30000):
            rows = np.array(voice[start : start + 30000].T, np.float64, order="C")
            kernel(sos, rows, rows_zi)
            ours.append(rows.T)
        assert np.array_equal(np.concatenate(ours), np.concatenate(theirs)), kernel
    level = spectrum.to_db(np.abs(np.fft.rfft(voice[:4096, 0])) ** 2)
    for width in (3, 13, 101):
        expected = median_filter(level, size=width, mode="nearest")
        assert np.array_equal(quantile.median_filter(level, width), expected)


def _blas_after_main(env: dict[str, str]) -> tuple[str, list[int]]:
    """OPENBLAS_NUM_THREADS, and the BLAS thread counts numpy reports, after
    ``audiolint.cli.main`` ran ``--version`` in a fresh process with ``env``."""
    import os

    code = (
        "import os, sys\n"
        "from audiolint import cli\n"
        "sys.argv = ['audiolint', '--version']\n"
        "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
        "import numpy, threadpoolctl\n"
        "print(os.environ.get('OPENBLAS_NUM_THREADS'), *[i['num_threads'] for i in"
        " threadpoolctl.threadpool_info() if i['user_api'] == 'blas'])"
    )
    clean = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env={**clean, **env},
    )  # fmt: skip
    setting, *threads = out.stdout.splitlines()[-1].split()
    return setting, [int(n) for n in threads]


def test_the_command_line_starts_numpy_with_one_blas_thread():
    """Workers hold BLAS to one thread anyway; a pool started at numpy's import in the command
    line only cost start-up CPU. A user's own setting is kept."""
    setting, threads = _blas_after_main({})
    assert setting == "1" and all(n == 1 for n in threads)
    assert _blas_after_main({"OPENBLAS_NUM_THREADS": "3"})[0] == "3"


def test_a_file_named_for_its_bytes_is_read_by_its_own_mutagen_module(tmp_path, gen):
    """mutagen scores a file against every format it knows, importing all twenty-five modules
    (about 15 ms of a one-file run); a file whose name agrees with its bytes is scored against
    its own format alone. Same result as scoring them all, on each format and on a renamed
    file (which is scored against all of them, as before)."""
    from audiolint.probe import mutagen_backend, probe

    clip = gen.speechlike(44100, 1.0)
    files = {
        "wav": gen.write_wav(tmp_path / "a.wav", clip, 44100),
        "flac": gen.write_flac(tmp_path / "a.flac", clip, 44100),
        "aiff": gen.write_aiff(tmp_path / "a.aiff", clip, 44100),
        "mp3": gen.write_mp3(tmp_path / "a.mp3", clip, 44100, 128),
        "ogg": gen.write_vorbis(tmp_path / "a.ogg", clip, 44100),
    }
    renamed = tmp_path / "flac_named.wav"
    renamed.write_bytes(files["flac"].read_bytes())
    for container, path in files.items():
        ours = mutagen_backend.read(path, container)
        assert ours is not None and ours == mutagen_backend.read(path, None), path
        assert ours.kind.lower().startswith(
            {"wav": "wave", "ogg": "oggvorbis"}.get(container, container)
        )
    # named for another format: every format is scored, as before; the decoder's values win
    renamed_props = probe(renamed).properties
    assert (renamed_props.container, renamed_props.codec) == ("flac", "flac")
    code = (
        "import sys\nfrom audiolint.probe import probe\n"
        "props = probe(sys.argv[1]).properties\n"
        "print(props.codec, *sorted(m for m in sys.modules if m.startswith(('mutagen.', 'audio'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(files["flac"])], capture_output=True, text=True, check=True
    ).stdout.split()
    # a plain FLAC is read by probe.plain_headers: no mutagen format module (nor mutagen.id3)
    assert out[0] == "flac" and not {"mutagen.flac", "mutagen.id3"} & set(out), out
    assert not {"mutagen.mp4", "mutagen.asf", "mutagen.wave", "mutagen.oggvorbis"} & set(out)
    # nor the FFmpeg, MP4 and MP3 header modules, which a FLAC does not need
    assert not {f"audiolint.probe.{m}" for m in ("av_backend", "mp4_header", "mpeg")} & set(out)
    assert "audiolint.probe.mutagen_backend" in out, out


def test_workers_skip_threadpoolctl_when_the_environment_pins_blas(tmp_path, gen):
    """The command line asks for one BLAS thread before numpy loads; its workers then have one
    without threadpoolctl (not imported); without that setting they hold BLAS to one thread
    through threadpoolctl."""
    import os

    clip = gen.write_wav(tmp_path / "a.wav", gen.tone(8000, 0.5), 8000)
    code = (
        "import sys\nfrom audiolint.config import Config\nfrom audiolint.executor import Pool\n"
        "def build(path, config, on_probed=None):\n"
        "    seen = 'threadpoolctl' in sys.modules\n"
        "    from threadpoolctl import threadpool_info\n"
        "    return seen, sorted({p['num_threads'] for p in threadpool_info()"
        " if p['user_api'] == 'blas'})\n"
        "import numpy\n"
        "[(_, got)] = Pool(1, Config(), build).run([sys.argv[1]], str, print)\n"
        "print(*got)"
    )
    clean = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    pinned = dict.fromkeys(("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"), "1")
    outs = [
        subprocess.run(
            [sys.executable, "-c", code, str(clip)],
            capture_output=True, text=True, check=True, env={**clean, **extra},
        ).stdout.split()
        for extra in (pinned, {})
    ]  # fmt: skip
    assert outs == [["False", "[1]"], ["True", "[1]"]], outs


def test_blas_variables_set_after_numpy_loaded_do_not_pass_for_pinned(tmp_path, gen):
    """dask.distributed sets the BLAS variables to 1 in its own process, long after numpy
    loaded with its threads: the workers must still hold BLAS to one thread (before, with the
    variables alone taken as proof, a worker forked after a dask test ran BLAS on two)."""
    import os

    clip = gen.write_wav(tmp_path / "a.wav", gen.tone(8000, 0.5), 8000)
    code = (
        "import os, sys\nimport numpy\nimport audiolint\n"
        "for n in ('OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS', 'MKL_NUM_THREADS'):\n"
        "    os.environ[n] = '1'\n"
        "from audiolint.config import Config\nfrom audiolint.executor import Pool\n"
        "def build(path, config, on_probed=None):\n"
        "    from threadpoolctl import threadpool_info\n"
        "    info = threadpool_info()\n"
        "    return sorted({p['num_threads'] for p in info if p['user_api'] == 'blas'})\n"
        "[(_, got)] = Pool(1, Config(), build).run([sys.argv[1]], str, print)\n"
        "print(*got)"
    )
    env = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    env["OPENBLAS_NUM_THREADS"] = "2"  # numpy's BLAS loads with two threads
    out = subprocess.run(
        [sys.executable, "-c", code, str(clip)], capture_output=True, text=True, check=True, env=env
    ).stdout.split()
    assert out == ["1"], out


def test_the_command_line_skips_the_garbage_collection_at_exit():
    """Python's exit collects every object still alive (about 0.045 s of CPU after numpy and the
    analysers loaded); the command line ends without it: garbage left at exit stays uncollected
    (its __del__ never runs), where a plain program's is collected."""
    code = (
        "import sys\nfrom audiolint import cli\n"
        "class Cycle:\n    def __del__(self):\n        print('collected')\n"
        "if sys.argv[1] == 'main':\n    sys.argv = ['audiolint', '--version']\n"
        "    try:\n        cli.main()\n    except SystemExit:\n        pass\n"
        "c = Cycle()\nc.me = c\ndel c\n"
    )
    outs = [
        subprocess.run(
            [sys.executable, "-c", code, how], capture_output=True, text=True, check=True
        ).stdout.split()
        for how in ("main", "plain")
    ]
    assert outs == [["audiolint,", "version", __version__], ["collected"]], outs


def test_the_command_line_collects_less_until_it_forks(tmp_path, gen):
    """Until it forks a worker, the command line collects garbage every START_THRESHOLD new
    objects (start-up's imports make objects that live to the end); the worker starts with the
    usual thresholds and start-up's objects frozen, and a host that called main() gets the
    usual thresholds back, with nothing left frozen."""
    clip = gen.write_wav(tmp_path / "a.wav", gen.tone(8000, 0.5), 8000)
    seen = tmp_path / "worker.txt"
    code = (
        "import gc, sys\nfrom audiolint import cli, pipeline\n"
        "build, seen = pipeline.build_context, sys.argv[2]\n"
        "def spy(path, config, on_probed=None):\n"
        "    with open(seen, 'w') as fh:\n"
        "        print(gc.get_threshold()[0], gc.get_freeze_count() > 0, file=fh)\n"
        "    return build(path, config, on_probed)\n"
        "pipeline.build_context = spy\n"
        "usual = gc.get_threshold()\n"
        "sys.argv = ['audiolint', 'check', '--no-cache', '--no-progress', sys.argv[1]]\n"
        "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
        "print(usual == gc.get_threshold(), gc.get_freeze_count(), usual[0])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(clip), str(seen)], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    usual_first = out.stdout.split()[-1]
    assert out.stdout.split()[-3:-1] == ["True", "0"], out.stdout
    assert seen.read_text().split() == [usual_first, "True"]
    assert int(usual_first) < 100_000  # cli.START_THRESHOLD


def test_main_leaves_a_hosts_own_gc_settings_as_it_found_them(tmp_path, gen):
    """A host calling main() in its process (a script, a pre-fork server) gets back its own
    settings of this call, not the first call's: thresholds it set before each call, and the
    objects it froze itself still frozen, none added (main() then freezes nothing at its fork);
    a later CliRunner invoke, forking under the hook main() registered, changes neither."""
    clip = gen.write_wav(tmp_path / "a.wav", gen.tone(8000, 0.5), 8000)
    code = (
        "import gc, sys\nfrom click.testing import CliRunner\nfrom audiolint import cli\n"
        "args = ['check', '--no-cache', '--no-progress', sys.argv[1]]\n"
        "def run():\n    sys.argv = ['audiolint', *args]\n"
        "    try:\n        cli.main()\n    except SystemExit:\n        pass\n"
        "    return gc.get_threshold(), gc.get_freeze_count()\n"
        "first = run()\n"
        "gc.set_threshold(5000, 20, 30)\n"
        "second = run()\n"
        "kept = [[] for _ in range(100)]\ngc.freeze()\nfrozen = gc.get_freeze_count()\n"
        "third = run()\n"
        "result = CliRunner().invoke(cli.cli, args)\n"
        "thawed = {id(o) for o in gc.get_objects()}\n"
        "print(first[1], second, third[0], third[1] <= frozen > 1000, result.exit_code < 2,\n"
        "      gc.get_threshold(), gc.get_freeze_count() <= frozen, id(kept) in thawed)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(clip)], capture_output=True, text=True
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    # 3b2631d: second ((700, 10, 10), 0): the first call's thresholds; the host's freeze thawed
    # (frozen objects that die leave the count: it may fall a little, never rise by start-up's)
    expected = "0 ((5000, 20, 30), 0) (5000, 20, 30) True True (5000, 20, 30) True False"
    assert out.stdout.splitlines()[-1] == expected, out.stdout


def test_a_worker_keeps_freed_heap_for_its_next_array(tmp_path):
    """A worker's malloc starts with glibc's thresholds raised (executor._steady_heap): an
    array it frees is kept for the next one, which then costs no page faults (a fresh process
    maps it afresh: about 1,000 faults for 4 MB, and a file's first analysis pays that for each
    array until glibc raises the thresholds itself)."""
    import os

    if not (hasattr(os, "confstr") and "glibc" in (os.confstr("CS_GNU_LIBC_VERSION") or "")):
        pytest.skip("glibc's mallopt only")
    # a fault a page: 1,025 for 4 MB in 4 KB pages; huge pages (or larger pages) fault less
    if os.sysconf("SC_PAGE_SIZE") != 4096 or "[always]" in _huge_pages():
        pytest.skip("counts faults in 4 KB pages, without transparent huge pages always on")
    code = (
        "import resource, sys\nfrom audiolint.config import Config\n"
        "from audiolint.executor import Pool\n"
        "def build(path, config, on_probed=None):\n"
        "    faults = []\n"
        "    for _ in range(2):\n"
        "        before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt\n"
        "        block = b'\\1' * (4 << 20)\n"
        "        del block\n"
        "        faults.append(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)\n"
        "    return faults\n"
        "[(_, got)] = Pool(1, Config(), build).run([sys.argv[1]], str, print)\n"
        "print(*got)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True
    ).stdout.split()
    first, second = map(int, out)
    assert second < first / 4, (first, second)  # 1025 1025 without _steady_heap, 1025 0 with


def _huge_pages() -> str:
    """The kernel's transparent huge page setting ("always [madvise] never"), or "" if none."""
    try:
        with open("/sys/kernel/mm/transparent_hugepage/enabled") as fh:
            return fh.read()
    except OSError:
        return ""
