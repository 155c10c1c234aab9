"""Run settings: which rules run, their options, severities and the failure threshold.

Only the in-memory shape lives here; reading ``pyproject.toml``/``audiolint.toml`` builds one
of these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FAIL_ON = ("error", "warning", "info", "never")
CACHE_DIR = ".audiolint_cache"  # the result cache's default folder (see audiolint.cache)
# The report formats by name (audiolint.report.FORMATS maps them to their modules; a test keeps
# the two in step). Here so that the command line can offer them without importing a reporter.
FORMAT_NAMES = ("terminal", "concise", "json", "sarif", "junit", "github", "gitlab", "markdown",
                "html", "jsonl")  # fmt: skip
EXECUTORS = ("local", "dask")  # where the per-file work runs (dask: the audiolint[dask] extra)


@dataclass(frozen=True)
class Config:
    """Everything that changes what a run reports."""

    select: tuple[str, ...] = ()  # rule IDs, ID prefixes or names; empty means all
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()  # added to the rules enabled (by select, or all)
    # The rule IDs an earlier layer (the configuration file) enabled, when the command line
    # adds a layer of selectors on top of it as ruff does; None: every rule.
    base_rules: tuple[str, ...] | None = None
    per_path_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    severity: dict[str, str] = field(default_factory=dict)  # rule ID -> forced severity
    target_rate: int | None = None  # beats every rule's target_rate option; None: not set
    fail_on: str = "error"
    exclude: tuple[str, ...] = ()
    respect_gitignore: bool = True  # in a git work tree, skip what .gitignore ignores
    follow_links: bool = False  # follow links to folders outside the folders given
    analyse: bool = True  # decode and measure the signal (False: headers only, --quick)
    dataset: bool = True  # run the dataset rules (False: each file on its own, --no-dataset)
    jobs: int | None = None  # worker processes; None means all cores
    executor: str = "local"  # one of EXECUTORS
    scheduler: str | None = None  # a running Dask scheduler's address; None: a LocalCluster
    cache_dir: str | None = None  # where to keep the result cache; None: no cache
    timeout: float | None = None  # base per-file time limit in seconds (None: the default)
    keep_artifacts: bool = False  # keep bulky by-products (spectrograms) for reports that draw
