"""The glossary as JSON (``scripts/glossary_json.py``): in step with glossary.yaml, the same
terms as the YAML gives, ignored when out of step, and a run with findings reads no YAML."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from audiolint import glossary

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import glossary_json  # noqa: E402


def test_the_shipped_json_is_in_step_with_the_yaml():
    assert glossary.compiled_path().read_text(encoding="utf-8") == glossary_json.text(), (
        "src/audiolint/glossary.json is out of step: run python scripts/glossary_json.py"
    )


def test_the_json_gives_the_terms_the_yaml_gives():
    raw = glossary.glossary_path().read_bytes()
    from_json = glossary.parse(json.loads(glossary_json.text())["data"])
    from_yaml = glossary.parse(glossary.yaml_data(raw))
    assert from_json.terms == from_yaml.terms and from_json.source == from_yaml.source
    assert len(from_json) > 50


def test_a_json_out_of_step_is_ignored(tmp_path, monkeypatch):
    """An edited glossary.yaml whose JSON was not rewritten: the YAML's terms, not the JSON's."""
    doc = json.loads(glossary_json.text())
    doc["data"]["terms"][0]["definition"] = "stale words"
    stale = tmp_path / "glossary.json"
    stale.write_text(json.dumps({**doc, "stamp": "crc32 00000000, 1 bytes"}), encoding="utf-8")
    monkeypatch.setattr(glossary, "compiled_path", lambda: stale)
    name = doc["data"]["terms"][0]["name"]
    assert glossary.load.__wrapped__().terms[name].definition != "stale words"
    stale.write_text(json.dumps(doc), encoding="utf-8")  # in step: used
    assert glossary.load.__wrapped__().terms[name].definition == "stale words"


def test_a_check_with_a_finding_imports_no_yaml(tmp_path, gen):
    """A 16 kHz file gets Q003 (whose glossary term annotates the finding and the report's
    closing definitions), read from the JSON: PyYAML is never imported."""
    clip = gen.write_wav(tmp_path / "low.wav", gen.speechlike(16000, 1.0), 16000)
    code = (
        "import sys\nfrom audiolint.cli import cli\n"
        "try:\n    cli(['check', '--no-cache', '--no-progress', sys.argv[1]])\n"
        "except SystemExit:\n    pass\n"
        "print('yaml' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(clip)], capture_output=True, text=True, check=True
    ).stdout
    assert "Q003" in out and "Sample rate:" in out, out
    assert out.split()[-1] == "False", out
