"""A host program's own ``import scipy`` is never handed loudness's stand-in package (issue 14).

:func:`audiolint.analysis.loudness.scipy_extension` loads scipy's compiled kernels without
scipy's ``__init__`` by standing an empty ``scipy`` package in ``sys.modules``. Another thread
importing scipy meanwhile got that stand-in (no ``__version__``), and its ``import scipy.signal``
failed on a half-made ``scipy._lib``. A slow meta-path finder (it sleeps on
``scipy._cyutility``, which the kernel imports inside the window) makes the race certain."""

from __future__ import annotations

import subprocess
import sys

SLOW_FINDER = """
import sys, threading, time
class Slow:
    def find_spec(self, name, path=None, target=None):
        if name == "scipy._cyutility":
            time.sleep(0.5)
        return None
sys.meta_path.insert(0, Slow())
import numpy as np
from audiolint.analysis import loudness
"""

OTHER_THREAD = (
    SLOW_FINDER
    + """
got = {}
def ready():
    # a package whose __init__ still runs in another thread is left alone: CPython itself
    # lets `import scipy.signal` start under a half-made parent (a race of its own)
    module = sys.modules.get("scipy")
    return module is not None and not getattr(module.__spec__, "_initializing", False)
def host():
    while not ready():
        time.sleep(0.001)
    try:
        exec(STATEMENT, got)
    except ImportError as error:
        got["error"] = repr(error)
    got["real"] = hasattr(got.get("scipy"), "__version__")
thread = threading.Thread(target=host)
thread.start()
kernel = loudness.sosfilt_kernel()
thread.join()
print(got.get("error", "no error"))
print(got["real"], kernel is not loudness.public_sosfilt)
"""
)


def _run(code: str) -> list[str]:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout.splitlines()


def test_a_host_threads_import_scipy_gets_the_real_package():
    """race3's case: the other thread's ``import scipy`` got the stand-in at 09e0c49."""
    lines = _run("STATEMENT = 'import scipy'\n" + OTHER_THREAD)
    assert lines == ["no error", "True True"], lines


def test_a_host_threads_import_scipy_signal_works():
    """race4's case: ``import scipy.signal`` raised ImportError (PytestTester) at 09e0c49."""
    lines = _run("STATEMENT = 'import scipy.signal; import scipy'\n" + OTHER_THREAD)
    assert lines == ["no error", "True True"], lines


def test_scipy_signal_imported_later_holds_the_same_kernel():
    """Alone in its process, the stand-in serves, leaves no scipy module behind, and a later
    ``import scipy.signal`` binds its ``_sosfilt`` (missing at 09e0c49) to the very kernel."""
    code = SLOW_FINDER + (
        "kernel = loudness.sosfilt_kernel()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'scipy'))\n"
        "import scipy.signal\n"
        "print(hasattr(scipy, '__version__'), scipy.signal._sosfilt._sosfilt is kernel)\n"
        "x = np.ones(4)\n"
        "print(scipy.signal.sosfilt(np.array([[1.0, 0, 0, 1, 0, 0]]), x).tolist())\n"
    )
    lines = _run(code)
    assert lines == ["[]", "True True", "[1.0, 1.0, 1.0, 1.0]"], lines
