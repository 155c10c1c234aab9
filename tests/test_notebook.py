"""A real Jupyter kernel (nbclient + ipykernel) runs ``!audiolint check`` and the Python API.

The saved notebook must hold at most one progress line per cell: ``!cmd`` gives the program a
pseudo-terminal, and a live bar's redraws (carriage returns and cursor movements, which a
saved or exported notebook does not replay) piled up as 9-35 stacked lines.
"""

from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

CACHE = "cache_dir='.audiolint_cache'"  # the cells after the first read the cache it wrote
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def shown_lines(outputs) -> list[str]:
    """Every line a saved notebook's stream outputs hold, as an export that does not replay
    carriage returns or cursor movements shows them: each frame on its own line."""
    text = "".join(o.get("text", "") for o in outputs if o["output_type"] == "stream")
    return [ANSI.sub("", line) for line in re.split(r"\r\n|\r|\n", text) if line.strip()]


@pytest.fixture
def folder(tmp_path, gen):
    """Eight 2 s clips: enough work for a live bar to redraw several times."""
    root = tmp_path / "takes"
    for i in range(8):
        gen.write_flac(root / f"take{i:02}.flac", gen.speechlike(48000, 2.0, seed=i), 48000)
    return root


def test_a_notebook_holds_one_progress_line_per_cell(folder, monkeypatch):
    monkeypatch.delenv("CI", raising=False)  # CI turns the bar off; a notebook user has none
    exe, where = shlex.quote(sys.executable), shlex.quote(str(folder))  # paths may hold spaces
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(f"!{exe} -m audiolint check {where} --jobs 1"),
        nbformat.v4.new_code_cell(f"!{exe} -m audiolint check {where} --no-progress"),
        nbformat.v4.new_code_cell(
            f"import audiolint\nreport = audiolint.check({str(folder)!r}, {CACHE})\nreport"
        ),
    ]
    client = nbclient.NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    )
    client.execute()
    bar, quiet, api = (cell.outputs for cell in nb.cells)

    lines = shown_lines(bar)
    progress = [line for line in lines if "checking" in line]
    assert progress == ["checking 8 files"], lines  # one plain line, written once
    assert any("8 files checked" in line for line in lines), lines  # the report itself
    assert not [line for line in shown_lines(quiet) if "checking" in line]
    nbformat.validate(nb)

    result = [o for o in api if o["output_type"] == "execute_result"]
    assert len(result) == 1 and not shown_lines(api)
    data = result[0]["data"]
    assert data["text/plain"].startswith("<Report: 8 files") and len(data["text/plain"]) < 200
    assert "take00.flac" in data["text/html"] and "<script" not in data["text/html"]
    Path(folder / "run.ipynb").write_text(nbformat.writes(nb))  # saved as a user would
    saved = nbformat.read(folder / "run.ipynb", as_version=4)
    assert len([x for x in shown_lines(saved.cells[0].outputs) if "checking" in x]) <= 1
