"""The signal analysers (all but fidelity) of one tree against another's, in ONE process: CPU
per analyser and of all of them in one pass, and whether every result is identical (issues 11
and 15: a speed change must be exact).

    python benchmarks/signal_ab.py REV|SRC_DIR REV2|SRC_DIR
                                   [--set prompts|speech|corpus|scale|FOLDER] [--rounds N]

As ``fidelity_ab.py`` (whose way of importing a second tree it uses): each tree's
``audiolint`` is imported under a name of its own, and each file is analysed by one tree and
then the other, the order alternating, ``--rounds`` times (default 9, a first warm-up turn
dropped); per file and row the best turn counts, and the per-file bests are summed. Rows: each
analyser of ``registry.SIGNAL`` and the fingerprint alone (built, fed, its result read), and
all of them fed in one pass as a check feeds them (``analysis.analyse``: what they share per
block is made once). Results are compared as JSON (arrays as their bytes); files whose
results differ are listed. Sets as ``fidelity_ab.py``'s: ``prompts`` (ALSA's eight, 1.3-1.5 s:
a file's fixed costs), ``speech`` (60 s of stereo speech: one file, so noisier), ``corpus``
(every 6th 44.1/48 kHz file of the real corpus), ``scale`` (80 of ``scale.py``'s clips) or a
FOLDER's files.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fidelity_ab  # noqa: E402 - its second-tree import and its sets


def plain(value) -> str:
    """A result as JSON, arrays as their dtype, shape and sha256 (the same bytes in another
    shape or dtype are not the same result)."""

    def default(v):
        v = np.ascontiguousarray(v)
        return f"{v.dtype}:{v.shape}:" + hashlib.sha256(v.tobytes()).hexdigest()

    return json.dumps(value, sort_keys=True, default=default)


def main(argv: list[str]) -> int:
    revs = [a for i, a in enumerate(argv) if not a.startswith("-") and argv[i - 1] not in
            fidelity_ab.OPTIONS]  # fmt: skip
    if len(revs) != 2:
        print(__doc__)
        return 0
    rounds = int(argv[argv.index("--rounds") + 1]) if "--rounds" in argv else 9
    which = argv[argv.index("--set") + 1] if "--set" in argv else "prompts"
    second = revs[1] + " (again)" if revs[1] == revs[0] else revs[1]
    with tempfile.TemporaryDirectory() as tmp:
        trees = {
            revs[0]: fidelity_ab.other_tree(revs[0], Path(tmp, "a")),
            second: fidelity_ab.other_tree(revs[1], Path(tmp, "b"), fidelity_ab.NAME + "2"),
        }
        kit = {}
        for who, package in trees.items():
            registry = importlib.import_module(f"{package}.analysis.registry")
            analysis = importlib.import_module(f"{package}.analysis")
            names = [*registry.SIGNAL, "fingerprint"]
            registry.preload(names)
            kit[who] = (registry.factories(names), analysis.analyse)
        files = fidelity_ab.decoded(which)
        rows = [*kit[revs[0]][0], "(one pass)"]

        def run(who, props, blocks):
            factories, analyse = kit[who]
            spent, out = {}, {}
            for name, make in factories.items():
                start = time.process_time()
                analyser = make(props.sample_rate, blocks[0].shape[1], props)
                for block in blocks:
                    analyser.update(block)
                out[name] = analyser.result()
                spent[name] = time.process_time() - start
            start = time.process_time()
            analyse(iter(blocks), props, factories)
            spent["(one pass)"] = time.process_time() - start
            return plain(out), spent

        best, differ = fidelity_ab.turns(files, trees, rounds, run)
    fidelity_ab.table(
        "signal analysers", files, which, rounds, trees, best, rows, "(one pass)", differ, 3
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
