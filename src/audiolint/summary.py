"""The dataset summary: counts and totals, and a one-line verdict on what to fix first.

The verdict picks the most severe problem, then by family (unreadable files, then the material's
format, rate and fidelity and the dataset, then how it sounds), then the one touching the most
files (a problem of the whole dataset touches every file), then the rule order; a rule may
phrase its count with a ``VERDICT`` format string (``"{n} corrupt {files}"``), and a
dataset-wide finding is quoted up to its first ";" when long.
"""

from __future__ import annotations

from collections import Counter

from audiolint import rules
from audiolint.models import SEVERITY_RANK
from audiolint.text import duration_text  # noqa: F401 - the old home of this helper

# Among problems of one severity, what stops training comes first: files that cannot be read
# (F), then what the material is (Q: format and rate, T: fake quality, D: the dataset), then
# how it sounds (S): a few clipped samples are not the first thing to fix beside broken files.
_FAMILY_RANK = {"F": 0, "Q": 1, "T": 1, "D": 1, "S": 2}
THEN_NAMED = 3  # other rules with errors the verdict names after the first
NEVER_NEAR = ("D001",)  # dataset length: a warning still far from enough to train on


def count(values) -> dict[str, int]:
    """{str(value): how many}, sorted by value, ``None`` left out (``values`` may be a Counter)."""
    c = Counter(values)
    c.pop(None, None)
    return {str(k): n for k, n in sorted(c.items(), key=lambda kv: (str(type(kv[0])), kv[0]))}


def summarise(contexts, found) -> dict:
    """Counts and totals for the dataset as a whole (the JSON ``"dataset"."summary"``).

    One pass over ``contexts``, keeping running totals and counts, nothing per file: a streamed
    run hands them over one at a time (:class:`audiolint.kept.Kept`)."""
    files, readable, measured, duration, usable = 0, 0, 0, 0.0, 0.0
    columns: dict[str, Counter] = {k: Counter() for k in _COLUMNS}
    for c in contexts:
        files += 1
        if not c.probe.readable:
            continue
        readable += 1
        duration += c.props.duration_s or 0
        seconds, ok = c.usable_seconds()
        usable += seconds
        measured += ok
        for name, values in columns.items():
            values[getattr(c.props, name)] += 1
    return {
        "files": files,
        "readable": readable,
        "unreadable": files - readable,
        "skipped": len(found.skipped),
        "skipped_by_reason": found.skipped_by_reason(),
        "total_duration_s": round(duration, 3),
        "usable_duration_s": round(usable, 3),
        "usable_measured_files": measured,
        "by_codec": count(columns["codec"]),
        "by_container": count(columns["container"]),
        "by_sample_rate": count(columns["sample_rate"]),
        "by_bit_depth": count(Counter({b: n for b, n in columns["bit_depth"].items() if b})),
        "by_channels": count(columns["channels"]),
    }


_COLUMNS = ("codec", "container", "sample_rate", "bit_depth", "channels")


def _phrase(rule, n: int, finding) -> str:
    if finding is not None:  # a finding about the whole dataset: its own (first) words
        text = finding.message
        return text if len(text) <= 120 else text.split(";", 1)[0]
    files = "file" if n == 1 else "files"
    template = getattr(rule, "VERDICT", "{name} in {n} {files} ({id})")
    return template.format(n=n, files=files, name=rule.NAME, id=rule.ID)


class Tally:
    """What the verdict needs of the file reports, gathered one report at a time (a streamed
    run keeps this, not the reports): per rule, its worst severity and how many files it
    touched at that severity (a count, not the files: memory stays flat in the number of
    files)."""

    def __init__(self) -> None:
        self.files = 0
        self.groups: dict = {}  # key -> [severity rank, files touched, rule order, finding]
        self._order = {r.ID: i for i, r in enumerate(rules.ALL)}
        self._paths: dict[str, set[str]] = {}  # files a rule's late findings touched

    def add(self, file_report) -> None:
        """Count one file's report and its findings."""
        self.files += 1
        for rule, severity in self._worst(file_report.findings).items():
            g = self._group(rule, severity)
            g[1] += severity == g[0]

    def add_findings(self, path: str, findings) -> None:
        """Count findings on the file at ``path`` (a dataset rule's, added after its report:
        a file it touches twice counts once)."""
        for rule, severity in self._worst(findings).items():
            before = self.groups.get(rule, [0])[0]
            g = self._group(rule, severity)
            if g[0] > before:  # the files counted were at a milder severity
                self._paths[rule] = set()
            touched = self._paths.setdefault(rule, set())
            if severity == g[0]:
                g[1] += path not in touched
                touched.add(path)

    @staticmethod
    def _worst(findings) -> dict[str, int]:
        worst: dict[str, int] = {}
        for f in findings:
            worst[f.rule] = max(worst.get(f.rule, 0), SEVERITY_RANK[f.severity])
        return worst

    def _group(self, rule: str, rank: int) -> list:
        """The rule's group, its worst severity raised to ``rank``: the files counted are
        those at that severity (review 45b's set: "transcoded in 21 files" where 3 of the 21
        T001 findings were errors, and the verdict ranked errors)."""
        g = self.groups.setdefault(rule, [0, 0, self._order.get(rule, 99), None])
        if rank > g[0]:
            g[0], g[1] = rank, 0
        return g

    def verdict(self, dataset_findings, readable: int) -> dict:
        """``verdict`` (one line) and ``ready`` (no errors or warnings), as :func:`verdict`."""
        groups = dict(self.groups)
        for i, f in enumerate(dataset_findings):
            rank, order = SEVERITY_RANK[f.severity], self._order.get(f.rule, 99)
            groups[(f.rule, i)] = [rank, readable, order, f]
        return _decide(groups, self.files)


def verdict(file_reports, dataset_findings, readable: int) -> dict:
    """``verdict`` (one line) and ``ready`` (no errors or warnings) for a checked dataset."""
    tally = Tally()
    for fr in file_reports:
        tally.add(fr)
    return tally.verdict(dataset_findings, readable)


def _decide(groups: dict, files: int) -> dict:
    worst = [(k, g) for k, g in groups.items() if g[0] >= SEVERITY_RANK["warning"]]
    if not worst:
        if not files:
            return {"verdict": "no audio files found", "ready": False}
        text = "ready to train" if files > 1 else "no problems found"
        return {"verdict": text, "ready": True}

    def size(g):
        return g[1] if isinstance(g[1], int) else len(g[1])

    def rank(key) -> int:
        return _FAMILY_RANK.get(_rule_id(key)[0], 2)

    key, g = min(worst, key=lambda kg: (-kg[1][0], rank(kg[0]), -size(kg[1]), kg[1][2]))
    rule = rules.get(_rule_id(key))
    phrase = _phrase(rule, size(g), g[3])
    # too little audio (a warning or an error) is no "nearly ready", whatever else is named
    # first (review 39: 3.3 minutes, a third of RVC's least, read "nearly ready; fix first")
    short = any(_rule_id(k) in NEVER_NEAR for k, _ in worst)
    near = g[0] < SEVERITY_RANK["error"] and not short
    prefix = "nearly ready; fix first" if near else "fix first"
    return {"verdict": f"{prefix}: {phrase}{_then(worst, key)}", "ready": False}


def _then(worst: list, first) -> str:
    """The other rules with errors, after the one named first, by name and ID (review 45b: "fix
    first: low-sample-rate in 6 files" read as the only thing to fix beside clipping errors in
    two files and three upsampled ones); at most ``THEN_NAMED``, then how many more."""
    ids = {_rule_id(k) for k, g in worst if g[0] >= SEVERITY_RANK["error"]} - {_rule_id(first)}
    if not ids:
        return ""
    named = sorted((rules.get(i) for i in ids), key=lambda r: rules.ALL.index(r))
    said = ", ".join(f"{r.NAME} ({r.ID})" for r in named[:THEN_NAMED])
    more = len(named) - THEN_NAMED
    return f"; then {said}" + (f" and {more} more" if more > 0 else "")


def _rule_id(key) -> str:
    """A group's rule ID: its key, or a dataset finding's (rule ID, position) key's first."""
    return key if isinstance(key, str) else key[0]
