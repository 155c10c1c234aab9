"""Printed length of the HTML report: A4 pages for a generated dataset of 85 files (issue 14:
85 files printed as 31 pages when every finding repeated its term's definition).

    python benchmarks/html_pages.py [--files 85] [--src PATH]

Generates the files (1 s each, a mix of 16 kHz, 8-bit, quiet, clipped and clean WAVs, and
96 kbps MP3s), checks them, renders the HTML report, prints it to PDF in headless Chromium
and prints the page count. ``--src`` runs another tree's ``src`` (e.g. an older commit
unpacked with ``git archive``) to compare. Needs Chromium (skipped, with a message, without).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHILD = """
import sys
sys.path[:0] = [{tests!r}]
import audiogen as gen, browser, base64
from pathlib import Path
from audiolint import api
from audiolint.report import html_report
root = Path({data!r})
kinds = ["low", "eight", "quiet", "clipped", "clean", "mp3"]
for i in range({n}):
    kind, x = kinds[i % len(kinds)], gen.noise(44100, 1.0, amp=0.3, seed=i)
    if kind == "low":
        gen.write_wav(root / f"{{i:03d}}_low.wav", gen.noise(16000, 1.0, amp=0.3, seed=i), 16000)
    elif kind == "eight":
        gen.write_wav(root / f"{{i:03d}}_eight.wav", x, 44100, subtype="PCM_U8")
    elif kind == "quiet":
        gen.write_wav(root / f"{{i:03d}}_quiet.wav", x * 0.003, 44100)
    elif kind == "clipped":
        gen.write_wav(root / f"{{i:03d}}_clipped.wav", (x * 8).clip(-1, 1), 44100)
    elif kind == "mp3":
        gen.write_mp3(root / f"{{i:03d}}_lossy.mp3", x, 44100, kbps=96)
    else:
        gen.write_wav(root / f"{{i:03d}}_clean.wav", x, 44100)
rep = api.check([root], read_config=False, cache_dir=None)
page = root.parent / "report.html"
page.write_text(html_report.document(rep), encoding="utf-8")
b = browser.Browser(browser.find(), root.parent / "profile")
try:
    b.open(page.as_uri())
    pdf = base64.b64decode(b.send("Page.printToPDF", paperWidth=8.27, paperHeight=11.69)["data"])
finally:
    b.close()
pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
print(len(rep.files), len(rep.all_findings()), pages)
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=85)
    ap.add_argument("--src", default=str(ROOT / "src"))
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "tests"))
    import browser

    if browser.find() is None:
        print("skipped: no Chromium (Debian: apt-get install chromium)")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        code = CHILD.format(tests=str(ROOT / "tests"), data=str(data), n=args.files)
        env = {**os.environ, "PYTHONPATH": args.src}
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
        )
        if out.returncode:
            print(out.stderr[-2000:])
            return 1
        files, findings, pages = out.stdout.split()
    print(f"{files} files, {findings} findings: {pages} A4 pages printed ({args.src})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
