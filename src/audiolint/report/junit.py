"""JUnit XML, the test-result format CI servers (GitLab, Jenkins, Azure, CircleCI) chart.

``testsuites`` > one ``testsuite`` per file (and one named "dataset") > one ``testcase`` per
rule checked there. A finding at or above ``--fail-on`` (and not in the baseline) is a
``failure``; lesser or baselined findings are listed in the case's ``system-out``, so a clean
file shows as passed test cases. Several findings of one rule share one ``failure`` element.
The rules listed are those the engine recorded as run (``FileReport.rules_run``,
``Report.dataset_rules``): this module only renders.

Times are measured, never invented: a file's suite takes the wall time its worker spent probing
and analysing it (``FileReport.elapsed_s``), the dataset suite the dataset rules' time. The
rules of one file share a single decode and analysis and have no time of their own, so each
case gets an equal share of its suite's time (the shares add up to the suite's).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from audiolint import rules
from audiolint.config import Config
from audiolint.report.common import dataset_location, fails
from audiolint.text import printable


def seconds(value: float) -> str:
    """A JUnit ``time`` attribute: seconds with microsecond resolution."""
    return f"{max(0.0, value):.6f}"


def _case(suite: ET.Element, classname: str, ran, findings, fail_on: str, share: float) -> int:
    rule_id, reason = ran
    rule = rules.RULES.get(rule_id)
    name = f"{rule_id} {rule.NAME}" if rule else rule_id
    case = ET.SubElement(suite, "testcase", name=name, classname=classname, time=seconds(share))
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


def _suite(root: ET.Element, name: str, checked, findings, fail_on: str, elapsed: float):
    """One ``testsuite``; ``checked`` holds (rule ID, why it could not run or None) pairs."""
    suite = ET.SubElement(root, "testsuite", name=_clean(name))
    share = elapsed / len(checked) if checked else 0.0
    failures = sum(
        _case(suite, _clean(name), ran, [f for f in findings if f.rule == ran[0]], fail_on, share)
        for ran in checked
    )
    suite.set("tests", str(len(checked)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", str(len(suite.findall("testcase/skipped"))))
    suite.set("time", seconds(elapsed))
    return len(checked), failures


def document(report, config: Config | None = None, root: str | None = None) -> ET.Element:
    """The ``testsuites`` element: the rules each record says ran, nothing recomputed."""
    config = config or Config()
    top = ET.Element("testsuites", name="audiolint")
    tests = failures = 0
    for fr in report.files:
        t, n = _suite(top, fr.path, fr.rules_run, fr.findings, config.fail_on, fr.elapsed_s)
        tests, failures = tests + t, failures + n
    if report.dataset_rules or report.dataset_findings:
        ran = dict.fromkeys(report.dataset_rules) | dict.fromkeys(
            f.rule for f in report.dataset_findings
        )
        t, n = _suite(
            top,
            f"dataset {dataset_location(report, root)}",
            [(rule_id, None) for rule_id in ran],
            report.dataset_findings,
            config.fail_on,
            report.dataset_elapsed_s,
        )
        tests, failures = tests + t, failures + n
    top.set("tests", str(tests))
    top.set("failures", str(failures))
    top.set("errors", "0")
    top.set("time", seconds(sum(float(s.get("time")) for s in top.findall("testsuite"))))
    return top


def render(report, stream, config: Config | None = None, root: str | None = None, **_opts) -> None:
    """Write the JUnit XML document."""
    tree = ET.ElementTree(document(report, config, root))
    ET.indent(tree)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(tree.getroot(), encoding="unicode"))
    stream.write("\n")
