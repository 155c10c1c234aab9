"""audiolint's own error hierarchy.

Backend libraries (soundfile, mutagen, PyAV) raise many unrelated exception types; the probe
wraps them in these so the pipeline can turn any of them into a plain-language finding.
"""

from __future__ import annotations


class AudiolintError(Exception):
    """Base class of every error audiolint raises on purpose."""


class ConfigError(AudiolintError):
    """A bad option or configuration value (exit code 2)."""


class ProbeError(AudiolintError):
    """A file's properties could not be read."""


class CorruptFileError(ProbeError):
    """The file is empty, truncated, not audio, or its header is impossible."""


class UnsupportedFormatError(ProbeError):
    """The file looks like audio, but no installed backend can read it."""


class MissingExtraError(AudiolintError):
    """An optional feature needs a package extra that is not installed."""

    def __init__(self, feature: str, extra: str, package: str):
        self.feature, self.extra, self.package = feature, extra, package
        super().__init__(
            f"{feature} needs the optional package {package!r}: pip install 'audiolint[{extra}]'"
        )
