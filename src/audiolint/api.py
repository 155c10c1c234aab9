"""The Python API: the same records the JSON report shows, for scripts and notebooks."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from audiolint import configfile
from audiolint.config import Config
from audiolint.models import FileReport, Report


def check(paths, config: Config | None = None, **settings) -> Report:
    """Check files and folders; ``report.to_dict()`` is exactly the JSON report.

    ``paths`` is one path or a list; keyword ``settings`` set :class:`Config` fields,
    e.g. ``check("data/", target_rate=48000, analyse=False)``. ``select``/``ignore`` take one
    selector or several; one that matches no rule raises :class:`~audiolint.errors.ConfigError`
    as on the command line. No configuration file is read.
    """
    from audiolint import pipeline

    if isinstance(paths, (str, Path)):
        paths = [paths]
    config = configfile.complete(dataclasses.replace(config or Config(), **settings))
    return pipeline.run(list(paths), config)


def inspect(path, config: Config | None = None) -> FileReport:
    """Inspect one file: its properties, measurements and findings."""
    report = check([path], config)
    if not report.files:
        raise FileNotFoundError(path)
    return report.files[0]
