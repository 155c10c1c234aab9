"""The built wheel carries the glossary and works from another folder, away from the checkout."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_works_from_another_folder(tmp_path):
    wheels = tmp_path / "wheels"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    [wheel] = wheels.glob("audiolint-*.whl")
    target = tmp_path / "site"
    inst = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        capture_output=True,
        text=True,
    )
    assert inst.returncode == 0, inst.stderr[-2000:]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # The wheel's copy comes first on the path; the dependencies come from this environment.
    env = {**os.environ, "PYTHONPATH": str(target)}
    code = (
        "import audiolint, audiolint.glossary as g; "
        "print(audiolint.__file__); print(g.glossary_path()); print(len(g.load()))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=elsewhere, capture_output=True, text=True, env=env
    )
    assert out.returncode == 0, out.stderr
    module, gloss, count = out.stdout.splitlines()  # paths may hold spaces
    assert module.startswith(str(target)) and gloss.startswith(str(target))
    assert int(count) > 30
    cli = subprocess.run(
        [sys.executable, "-m", "audiolint", "explain", "sr", "--no-color"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=env,
    )
    assert cli.returncode == 0, cli.stderr
    assert "Sample rate" in cli.stdout
    schema = subprocess.run(  # the JSON report's schema ships inside the wheel
        [sys.executable, "-m", "audiolint", "schema"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=env,
    )
    assert schema.returncode == 0, schema.stderr
    assert json.loads(schema.stdout)["title"] == "audiolint JSON report"
