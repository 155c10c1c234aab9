"""JUnit XML, the test-result format CI servers (GitLab, Jenkins, Azure, CircleCI) chart.

``testsuites`` > one ``testsuite`` per file (and one named "dataset") > one ``testcase`` per
rule checked there. A finding at or above ``--fail-on`` (and not in the baseline) is a
``failure``; lesser or baselined findings are listed in the case's ``system-out``, so a clean
file shows as passed test cases. Several findings of one rule share one ``failure`` element.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from audiolint import engine
from audiolint.config import Config
from audiolint.report.common import dataset_location, fails
from audiolint.report.console import printable


def skip_reason(rule, fr) -> str | None:
    """Why ``rule`` did not run on this file (unreadable, or not analysed), or ``None``."""
    requires = getattr(rule, "REQUIRES", "readable")
    if fr is None or requires == "probe" or any(f.rule == rule.ID for f in fr.findings):
        return None
    if any(f.rule == "F001" for f in fr.findings):
        return "the file could not be read"
    if requires in ("signal", "fidelity") and getattr(fr, requires) is None:
        return "the signal was not analysed"
    return None


def _case(suite: ET.Element, classname: str, rule, findings, fail_on: str, fr=None) -> int:
    case = ET.SubElement(
        suite, "testcase", name=f"{rule.ID} {rule.NAME}", classname=classname, time="0"
    )
    reason = skip_reason(rule, fr)
    if reason:
        ET.SubElement(case, "skipped", message=reason)
    failing = [f for f in findings if fails(f, fail_on)]
    if failing:
        first = failing[0]
        failure = ET.SubElement(
            case, "failure", message=_clean(first.message), type=f"{first.rule} {first.severity}"
        )
        failure.text = _clean(
            "\n".join(f"{f.severity}: {f.message} [{f.term}] {f.definition}" for f in failing)
        )
    rest = [f for f in findings if all(f is not g for g in failing)]
    if rest:
        out = ET.SubElement(case, "system-out")
        out.text = _clean(
            "\n".join(
                f"{f.severity}{' (baselined)' if f.baselined else ''}: {f.message} [{f.term}]"
                for f in rest
            )
        )
    return 1 if failing else 0


def _clean(text: str) -> str:
    """XML 1.0 cannot carry most control characters (nor U+FFFE/U+FFFF), even escaped, and C1
    and bidi controls mislead a reader: all are shown as ``\\x1b``/``\\uffff`` instead."""
    return printable(text, one_line=False)


def _suite(root: ET.Element, name: str, checked, findings, fail_on: str, fr=None):
    suite = ET.SubElement(root, "testsuite", name=_clean(name))
    failures = sum(
        _case(suite, _clean(name), r, [f for f in findings if f.rule == r.ID], fail_on, fr)
        for r in checked
    )
    suite.set("tests", str(len(checked)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", str(len(suite.findall("testcase/skipped"))))
    suite.set("time", "0")
    return len(checked), failures


def document(report, config: Config | None = None, root: str | None = None) -> ET.Element:
    """The ``testsuites`` element."""
    config = config or Config()
    top = ET.Element("testsuites", name="audiolint")
    file_rules = engine.enabled_rules(config, "file")
    tests = failures = 0
    for fr in report.files:
        checked = [r for r in file_rules if not engine.ignored_for_path(r, fr.path, config)]
        # a rule may be ignored for the path yet attach a dataset finding: still show it
        checked += [
            r
            for r in engine.enabled_rules(config, "dataset")
            if any(f.rule == r.ID for f in fr.findings)
        ]
        t, n = _suite(top, fr.path, checked, fr.findings, config.fail_on, fr)
        tests, failures = tests + t, failures + n
    dataset_rules = engine.enabled_rules(config, "dataset")
    if dataset_rules or report.dataset_findings:
        t, n = _suite(
            top,
            f"dataset {dataset_location(report, root)}",
            dataset_rules,
            report.dataset_findings,
            config.fail_on,
        )
        tests, failures = tests + t, failures + n
    top.set("tests", str(tests))
    top.set("failures", str(failures))
    top.set("errors", "0")
    return top


def render(report, stream, config: Config | None = None, root: str | None = None, **_opts) -> None:
    """Write the JUnit XML document."""
    tree = ET.ElementTree(document(report, config, root))
    ET.indent(tree)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(tree.getroot(), encoding="unicode"))
    stream.write("\n")
