"""The Python API: the same records the JSON report shows, for scripts and notebooks."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from audiolint import configfile
from audiolint.config import Config
from audiolint.models import FileReport, Report


def check(
    paths: str | Path | Sequence[str | Path],
    config: Config | None = None,
    *,
    read_config: bool = True,
    **settings: Any,
) -> Report:
    """Check files and folders; ``report.to_dict()`` is exactly the JSON report.

    ``paths`` is one path or a list; keyword ``settings`` set :class:`Config` fields,
    e.g. ``check("data/", target_rate=48000, analyse=False)``. ``select``/``ignore`` take one
    selector or several; one that matches no rule raises :class:`~audiolint.errors.ConfigError`
    as on the command line. Without a ``config``, the configuration file the command line would
    use (``audiolint.toml`` or ``[tool.audiolint]``, found from the first path upwards) applies
    under the keyword settings; ``read_config=False`` opts out. A path that does not exist
    raises :class:`FileNotFoundError` (the command line exits 2).
    """
    from audiolint import discover, pipeline

    if isinstance(paths, (str, Path)):
        paths = [paths]
    paths = list(paths)
    for p in paths:
        if discover.missing(p):
            raise FileNotFoundError(f"no such file or directory: {p}")
    if config is None and read_config:
        config, _source = configfile.resolve(paths, None, settings)
    else:
        config = configfile.complete(dataclasses.replace(config or Config(), **settings))
    return pipeline.run(paths, config)


def inspect(path: str | Path, config: Config | None = None, **settings: Any) -> FileReport:
    """Inspect one file: its properties, measurements and findings (settings as for check)."""
    report = check([path], config, **settings)
    if not report.files:
        raise FileNotFoundError(path)
    return report.files[0]
