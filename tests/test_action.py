"""The GitHub Action (action.yml): its steps and inputs fit together, and its check step's
script, run here as the runner runs it (bash, inputs in the environment), writes SARIF."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def action() -> dict:
    return yaml.safe_load((ROOT / "action.yml").read_text())


def steps() -> list[dict]:
    return action()["runs"]["steps"]


def expressions(node) -> list[str]:
    """Every ``${{ ... }}`` expression anywhere under ``node``."""
    if isinstance(node, dict):
        return [e for v in node.values() for e in expressions(v)]
    if isinstance(node, list):
        return [e for v in node for e in expressions(v)]
    return EXPR.findall(node) if isinstance(node, str) else []


def test_a_composite_action_that_installs_checks_and_uploads_sarif():
    doc = action()
    assert doc["runs"]["using"] == "composite" and doc["name"] and doc["description"]
    names = [s.get("uses", s.get("name")) for s in steps()]
    assert names[0].startswith("actions/setup-python@")
    assert names[-2].startswith("github/codeql-action/upload-sarif@")
    install = steps()[1]["run"]
    assert "pip install" in install and "audiolint==$AUDIOLINT_VERSION" in install
    check = next(s for s in steps() if s.get("id") == "check")
    assert "audiolint check" in check["run"] and "--format sarif" in check["run"]
    upload = steps()[-2]
    assert upload["with"]["sarif_file"] == "${{ steps.check.outputs.sarif-file }}"
    for step in steps():
        assert ("run" in step) != ("uses" in step)
        if "run" in step:
            assert step["shell"] == "bash"
            # an input pasted into a script is a shell injection; they go through env
            assert "${{" not in step["run"], step["name"]


def test_every_input_is_declared_and_used_and_every_step_referenced_exists():
    doc = action()
    used = {m for e in expressions(doc["runs"]) for m in re.findall(r"inputs\.([\w-]+)", e)}
    assert used == set(doc["inputs"])
    ids = {s["id"] for s in steps() if "id" in s}
    refs = {m for e in expressions(doc) for m in re.findall(r"steps\.([\w-]+)\.outputs", e)}
    assert refs and refs <= ids
    for name, spec in doc["inputs"].items():
        assert spec["description"] and isinstance(spec.get("default"), str), name
    assert doc["inputs"]["fail-on"]["default"] == "error"


def _run_check_step(tmp_path: Path, paths: str, fail_on: str = "error") -> tuple[int, dict]:
    check = next(s for s in steps() if s.get("id") == "check")
    out = tmp_path / "github_output"
    out.write_text("")
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "AUDIOLINT_PATHS": paths,
        "AUDIOLINT_ARGS": "--no-dataset --quick",
        "AUDIOLINT_FAIL_ON": fail_on,
        "SARIF_FILE": str(tmp_path / "audiolint.sarif"),
        "GITHUB_OUTPUT": str(out),
    }
    res = subprocess.run(
        ["bash", "-e", "-c", check["run"]], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    outputs = dict(line.split("=", 1) for line in out.read_text().splitlines())
    return res.returncode, outputs


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
@pytest.mark.skipif(shutil.which("audiolint", path=str(Path(sys.executable).parent)) is None,
                    reason="the audiolint command is not installed beside this Python")  # fmt: skip
def test_the_check_step_writes_sarif_and_reports_the_exit_code(tmp_path, gen):
    gen.write_wav(tmp_path / "data" / "low.wav", gen.speechlike(16000, 2.0, seed=1), 16000)
    code, outputs = _run_check_step(tmp_path, "data")
    assert code == 0 and outputs["exit-code"] == "1"  # the upload still runs; a later step fails
    sarif = json.loads((tmp_path / outputs["sarif-file"]).read_text())
    assert sarif["version"] == "2.1.0"
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["Q003"]
    assert _run_check_step(tmp_path, "data", fail_on="never")[1]["exit-code"] == "0"
    code, outputs = _run_check_step(tmp_path, "nothing-here")
    assert code == 2 and outputs["exit-code"] == "2"  # a mistyped path stops the action
