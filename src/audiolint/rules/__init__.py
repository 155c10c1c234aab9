"""The rule registry: every rule module, listed explicitly, and lookup by ID, prefix or name."""

from __future__ import annotations

from types import ModuleType

from audiolint.rules import (
    backing_vocals,
    clip_length,
    clipping,
    corrupt_file,
    dataset_length,
    dc_offset,
    duplicate,
    file_extension,
    file_name,
    internal_error,
    joined_files,
    lossy_format,
    lossy_reencoded,
    loudness,
    low_bit_depth,
    low_bitrate,
    low_sample_rate,
    mixed_sample_rates,
    narrow_band,
    no_voice,
    noise_floor,
    not_analysed,
    padded_bits,
    reverb,
    silence,
    stereo,
    transcoded,
    upsampled,
    vbr_header,
)

ALL: tuple[ModuleType, ...] = (
    corrupt_file,
    file_extension,
    vbr_header,
    not_analysed,
    joined_files,
    lossy_format,
    low_bitrate,
    low_sample_rate,
    low_bit_depth,
    clip_length,
    clipping,
    silence,
    dc_offset,
    loudness,
    noise_floor,
    stereo,
    no_voice,
    reverb,
    backing_vocals,
    internal_error,
    transcoded,
    upsampled,
    narrow_band,
    padded_bits,
    lossy_reencoded,
    dataset_length,
    mixed_sample_rates,
    duplicate,
    file_name,
)
RULES: dict[str, ModuleType] = {r.ID: r for r in ALL}
BY_NAME: dict[str, ModuleType] = {r.NAME: r for r in ALL}


def get(key: str) -> ModuleType | None:
    """The rule with this ID ("Q003") or name ("low-sample-rate"), case-insensitive."""
    return RULES.get(key.upper()) or BY_NAME.get(key.lower())


def matches(rule: ModuleType, selector: str) -> bool:
    """True when ``selector`` names this rule by ID, ID prefix ("Q", "Q00") or name."""
    sel = selector.strip()
    return rule.ID.upper().startswith(sel.upper()) or sel.lower() == rule.NAME


def _specificity(selector: str) -> int:
    """How narrowly ``selector`` names rules: a name or a full ID beats any prefix, and a
    longer prefix ("Q00") beats a shorter one ("Q")."""
    sel = selector.strip()
    return 99 if get(sel) is not None else len(sel)


def selected(
    select: tuple[str, ...] = (),
    extend_select: tuple[str, ...] = (),
    ignore: tuple[str, ...] = (),
    base: tuple[str, ...] | None = None,
) -> frozenset[str]:
    """IDs of the rules one layer of selectors enables, as ruff resolves its rule selection.

    ``base`` is what earlier layers enabled (``None``: every rule). A non-empty ``select``
    starts afresh from its own rules; otherwise ``extend_select`` adds to ``base`` and ``ignore``
    removes from it. Within the layer the more specific selector wins (``select = ["Q"]``,
    ``ignore = ["Q001"]`` leaves Q001 off; ``select = ["Q001"]``, ``ignore = ["Q"]`` keeps it
    on), and at equal specificity ``ignore`` wins."""
    entries = [(s, True) for s in (*select, *extend_select)] + [(s, False) for s in ignore]
    updates: dict[str, bool] = {}
    for sel, on in sorted(entries, key=lambda e: (_specificity(e[0]), not e[1])):
        for rule in ALL:
            if matches(rule, sel):
                updates[rule.ID] = on
    start = set() if select else set(RULES if base is None else base)
    for rid, on in updates.items():
        (start.add if on else start.discard)(rid)
    return frozenset(start)


def describe(rule: ModuleType) -> tuple[str, str]:
    """(one-line summary, remaining text) of a rule's docstring."""
    doc = (rule.__doc__ or "").strip()
    first, _, rest = doc.partition("\n")
    return first.strip(), " ".join(rest.split())


def markdown_table() -> str:
    """The README's rule table ("What it checks"), made from the rule modules themselves:
    ID, name, glossary term, default severity and the docstring's summary after its title."""
    lines = [
        "| ID | name | term | default | what it finds |",
        "| --- | --- | --- | --- | --- |",
    ]
    for rule in ALL:
        summary, _ = describe(rule)
        finds = summary.partition(": ")[2] or summary
        lines.append(f"| {rule.ID} | `{rule.NAME}` | {rule.TERM} | {rule.SEVERITY} | {finds} |")
    return "\n".join(lines) + "\n"
