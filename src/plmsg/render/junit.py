"""JUnit XML, for GitLab and other CI systems: one test case per finding, one per clean file."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from . import located


def render(report, out) -> None:
    suite = ET.Element("testsuite", name="plmsg")
    tests = failures = errors = 0
    for result in report.files:
        if result.error:
            case = ET.SubElement(suite, "testcase", classname="plmsg", name=result.path)
            ET.SubElement(case, "error", message=result.error, type="unreadable").text = result.error
            tests += 1
            errors += 1
            continue
        if not result.findings:
            ET.SubElement(suite, "testcase", classname="plmsg", name=result.path, file=result.path)
            tests += 1
            continue
        for at in located(result):
            f, line, col = at.finding, at.line, at.column
            case = ET.SubElement(suite, "testcase", classname=f"plmsg.{f.rule}",
                                 name=f"{result.path}:{line}:{col} {f.rule}", file=result.path, line=str(line))
            body = f"{result.path}:{line}:{col}: {f.severity.value} {f.rule} {f.message}"
            if f.suggestions:
                body += "\nTry: " + " | ".join(f.suggestions)
            ET.SubElement(case, "failure", message=f.message, type=f.severity.value).text = body
            tests += 1
            failures += 1
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    root = ET.Element("testsuites", name="plmsg", tests=str(tests), failures=str(failures), errors=str(errors))
    root.append(suite)
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
