"""Rendering for ``audiolint explain``, ``audiolint rules`` and ``audiolint glossary``."""

from __future__ import annotations

import re

from rich.markup import escape
from rich.table import Table

from audiolint import glossary, rules


def hint(text: str) -> str:
    """ " Did you mean: ...?" for a name that is neither a term nor a rule (or "")."""
    g = glossary.load()
    hints = g.suggest(text) + [r.NAME for r in rules.ALL if text.lower() in r.NAME]
    return f" Did you mean: {', '.join(dict.fromkeys(hints))}?" if hints else ""


SHORT_WORDS = 90  # a rule's text past this is cut at a sentence's end unless --full


def lead(text: str, words: int = SHORT_WORDS) -> tuple[str, bool]:
    """(the first sentences of ``text`` within ``words`` words, at least one; whether any was
    left out). A long rule text says how it was measured: the reader of a finding first needs
    what the rule finds."""
    sentences = re.split(r"(?<=[.:;)])\s+(?=[A-Z])", text)
    out: list[str] = []
    for sentence in sentences:
        if out and len(" ".join(out + [sentence]).split()) > words:
            break
        out.append(sentence)
    return " ".join(out), len(out) < len(sentences)


def explain(text: str, con, full: bool = False) -> bool:
    """Print the rule and/or term named ``text``; False when there is no such term. A rule's
    long text is cut to its first sentences unless ``full``."""
    rule = rules.get(text)
    g = glossary.load()
    term = g.lookup(rule.TERM if rule else text)
    if rule:
        summary, rest = rules.describe(rule)
        shown, cut = (rest, False) if full else lead(rest)
        con.print(f"[rule]{rule.ID}[/] [path]{rule.NAME}[/] ({rule.SEVERITY} by default)")
        con.print(f"{escape(summary)} {escape(shown)}")
        if cut:
            con.print(
                f"[dim]How it is measured, with figures: audiolint explain {rule.ID} --full[/]"
            )
        if rule.DEFAULT:
            opts = ", ".join(f"{k}={v}" for k, v in rule.DEFAULT.items())
            con.print(f"[dim]Defaults:[/] {escape(opts)}")
        con.print()
    if term is None:
        return False
    aliases = f" [dim](also: {escape(', '.join(term.aliases))})[/]" if term.aliases else ""
    con.print(f"[term]{escape(term.name)}[/]{aliases}")
    con.print(escape(term.definition))
    if term.why:
        con.print(f"[path]Why it matters:[/] {escape(term.why)}")
    used_by = [f"{r.ID} {r.NAME}" for r in rules.ALL if term.name == r.TERM]
    if used_by:
        con.print(f"[dim]Rules:[/] {escape(', '.join(used_by))}")
    if term.related:
        con.print(f"[dim]Related:[/] {escape(', '.join(term.related))}")
    if term.source:
        con.print(f"[dim]Source:[/] {escape(term.source)}")
    return True


def rule_table(con) -> None:
    """Every rule with its ID, default severity, scope and glossary term."""
    t = Table("ID", "Name", "Severity", "Scope", "Term", "What it checks", box=None)
    for r in rules.ALL:
        t.add_row(r.ID, r.NAME, r.SEVERITY, r.SCOPE, r.TERM, rules.describe(r)[0])
    con.print(t)


def glossary_table(con) -> None:
    """Every glossary term with its one-line meaning."""
    t = Table("Term", "Meaning", box=None)
    for term in sorted(glossary.load(), key=lambda t: t.name.lower()):
        t.add_row(escape(term.name), escape(term.summary))
    con.print(t)
