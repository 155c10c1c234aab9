"""PyPI metadata and the sdist: built here offline (hatchling, the project's build backend), it
carries everything its own tests read, and its tests are collected and run from it."""

from __future__ import annotations

import email
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from audiolint.report.rule_docs import PROJECT_URL

ROOT = Path(__file__).resolve().parents[1]
# How the tests name a file of the checkout: ROOT / name, or parents[1] / name (the folder
# above the test's own: the checkout for tests/x.py, tests/ for tests/rules/x.py)
READS = re.compile(r'(ROOT|parents\[1\])\s*/\s*"([^"]+)"')
# Test clips under a licence the MIT sdist cannot carry: pyproject's sdist ``exclude``
COPYLEFT = {
    p.relative_to(ROOT).as_posix()
    for pattern in ("klettres_*", "ktuberling_*", "fillets_*", "hydrogen_*")
    for p in (ROOT / "tests" / "data").glob(pattern)
}


def _named(test: Path) -> set[str]:
    """The checkout-relative paths one test file reads."""
    above = test.resolve().parents[1]
    return {
        m if anchor == "ROOT" else (above / m).relative_to(ROOT).as_posix()
        for anchor, m in READS.findall(test.read_text())
    }


@pytest.fixture(scope="module")
def sdist(tmp_path_factory) -> Path:
    sdist_builder = pytest.importorskip("hatchling.builders.sdist")
    out = tmp_path_factory.mktemp("dist")
    [built] = sdist_builder.SdistBuilder(str(ROOT)).build(directory=str(out), versions=["standard"])
    tree = out / "tree"
    with tarfile.open(built) as tar:
        tar.extractall(tree, filter="data")
    [top] = tree.iterdir()
    return top


def files(top: Path) -> set[str]:
    return {p.relative_to(top).as_posix() for p in top.rglob("*") if p.is_file()}


def test_metadata_is_ready_for_pypi(sdist):
    meta = email.message_from_string((sdist / "PKG-INFO").read_text())
    assert meta["Name"] == "audiolint" and meta["License-Expression"] == "MIT"
    classifiers = meta.get_all("Classifier")
    assert "Typing :: Typed" in classifiers  # src/audiolint/py.typed ships
    assert "Topic :: Multimedia :: Sound/Audio :: Analysis" in classifiers
    assert {"audio", "linter", "dataset"} <= set(meta["Keywords"].split(","))
    urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL"))
    assert urls["Homepage"] == PROJECT_URL  # the address SARIF's informationUri gives
    assert all(u.startswith(PROJECT_URL) for u in urls.values())
    assert meta["Author"] or meta["Author-email"]
    assert meta.get_payload().startswith("# audiolint")  # the README is the long description


def test_the_sdist_carries_every_file_the_tests_read(sdist):
    shipped = files(sdist)
    named = set().union(*(_named(p) for p in (ROOT / "tests").rglob("*.py")))
    assert {"README.md", ".pre-commit-hooks.yaml", "action.yml", "src"} <= named
    missing = [n for n in sorted(named) if n not in shipped and not any(
        s.startswith(n + "/") for s in shipped)]  # fmt: skip
    assert missing == []
    for folder in ("tests", "src", "samples", "docs", "scripts"):
        here = {
            p.relative_to(ROOT).as_posix()
            for p in (ROOT / folder).rglob("*")
            if p.is_file() and "__pycache__" not in p.parts
        }
        if shutil.which("git"):  # files nobody committed (another's work in progress) aside
            tracked = subprocess.run(
                ["git", "ls-files", folder], cwd=ROOT, capture_output=True, text=True
            ).stdout.split()
            here &= set(tracked) if tracked else here
        assert here - shipped == (COPYLEFT if folder == "tests" else set()), folder
    assert COPYLEFT and not COPYLEFT & shipped  # the GPL clips are in the checkout, not the sdist


def test_every_clip_left_out_of_the_sdist_is_one_under_another_licence():
    """The sdist's licence is MIT; a test clip under the GPL (its note says so) is left out of it
    with its note, and every other committed clip ships."""
    gpl = {
        n.with_suffix("").name
        for n in (ROOT / "tests" / "data").glob("*.txt")
        if "License: GNU General Public License" in n.read_text()
    }
    assert gpl and {p.split("/")[-1].rsplit(".", 1)[0] for p in COPYLEFT} == gpl


def test_the_tests_that_read_the_checkout_pass_in_the_unpacked_sdist(sdist):
    """The tests reading files beside the package (README, hooks, action, docs, the source
    tree), run from the unpacked sdist (its pyproject puts its own src first on the path)."""
    tests = [
        "tests/test_readme_rules.py",
        "tests/test_layers.py",
        "tests/test_action.py::test_every_input_is_declared_and_used_and_every_step_referenced_exists",
        "tests/test_precommit_hook.py::test_files_regex_matches_exactly_the_audio_extensions",
    ]
    run = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests]
    res = subprocess.run(run, cwd=sdist, capture_output=True, text=True)
    assert res.returncode == 0 and " passed" in res.stdout, res.stdout[-3000:]
