"""Write src/audiolint/glossary.json, the glossary as JSON, from glossary.yaml.

    python scripts/glossary_json.py          # (re)write it after editing glossary.yaml
    python scripts/glossary_json.py --check  # exit 1 when it is out of step

The JSON loads in about 5 ms where PyYAML's import and parse take about 50 ms (issue 14). It
carries the stamp of the YAML it was made from; ``audiolint.glossary.load`` ignores it when out
of step (and reads the YAML), and ``tests/test_glossary_json.py`` fails until it is rewritten.
"""

from __future__ import annotations

import json
import sys

from audiolint import glossary


def text() -> str:
    """The JSON for the current glossary.yaml."""
    raw = glossary.glossary_path().read_bytes()
    doc = {"stamp": glossary.stamp(raw), "data": glossary.yaml_data(raw)}
    return json.dumps(doc, ensure_ascii=False, indent=1, default=str) + "\n"


def main(argv: list[str]) -> int:
    """Write the JSON when it is out of step; with ``--check``, only say so and return 1."""
    path, want = glossary.compiled_path(), text()
    current = path.read_text(encoding="utf-8") if path.exists() else None
    if current == want:
        return 0
    if "--check" in argv:
        print(f"{path.name} is out of step with glossary.yaml", file=sys.stderr)
        return 1
    path.write_text(want, encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
