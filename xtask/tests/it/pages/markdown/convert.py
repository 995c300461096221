#!/usr/bin/env python3
"""Writes the Markdown copies of the five reference pages in this folder: each text-layout parameter table
(`ParameterTypeRequiredDescriptionExample` and the rows under it) becomes a Markdown table, everything else stays
byte for byte. It reads the text layout on its own (not through the importer), so the test that imports both forms
compares two independent readings. The cells vary the Markdown a real copy may use: `<br>`, `<br/>` and `<br />`,
`•` and `-` bullets, bullets inline in one line, and HTML entities for `<` and `>`.

Run from this folder: python3 convert.py
"""

import re
import sys
from pathlib import Path

HEADINGS = {
    "Operation description", "Usage notes", "Description", "QPS limits", "Debugging", "Try it now",
    "Authorization information", "RAM authorization", "Request syntax", "Request parameters",
    "Response parameters", "Response elements", "Examples", "Error codes", "Change history", "References",
}
TYPES = ["long", "integer", "int", "int32", "int64", "short", "string", "boolean", "bool", "double", "float",
         "number", "date", "datetime", "object", "array"]
# The style of each page's cells: line break, bullet, whether bullets run inline, entity-escaped `<`/`>`.
STYLES = {
    "000": ("<br>", "•", False, False),
    "001": ("<br/>", "-", False, True),
    "002": ("<br />", "•", True, False),
    "003": ("<br>", "•", False, True),
    "004": ("<BR>", "-", False, False),
}


def header(line, request):
    """(name, type, required) of a row header such as `JobIdlongYes`, or None."""
    if not line or line != line.strip() or " " in line:
        return None
    required = ""
    rest = line
    if request:
        for flag in ("Yes", "No"):
            if rest.endswith(flag):
                required, rest = flag, rest[: -len(flag)]
                break
    match = re.search(r"array<\w+>$", rest)
    if match:
        type_name = match.group(0)
    else:
        candidates = [t for t in TYPES if rest.endswith(t)]
        if not candidates:
            return None
        type_name = max(candidates, key=len)
    name = rest[: len(rest) - len(type_name)]
    if name and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.-]*", name):
        return None
    if name and request and not required:
        return None
    return name, type_name, required


def convert_table(lines, request, style):
    """The Markdown lines of one text-layout table (its lines after the header line)."""
    brk, bullet, inline, entities = style
    rows = []
    index = 0
    previous_type = None
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            index += 1
            continue
        parsed = header(line.rstrip(), request)
        bare_ok = (previous_type or "").startswith("array") or (not rows and not request)
        if parsed is None or (not parsed[0] and not bare_ok):
            sys.exit(f"not a row header: {line!r}")
        name, type_name, required = parsed
        index += 1
        paragraphs, bullets, example = [], [], ""

        def starts_row(i):
            if i >= len(lines):
                return False
            h = header(lines[i].rstrip(), request)
            if h is None:
                return False
            if not h[0]:
                return type_name.startswith("array")
            return h[0][0].isupper()

        def flush():
            if bullets:
                paragraphs.append(("bullets", list(bullets)))
                bullets.clear()

        if index < len(lines) and not lines[index].strip():
            index += 1
            while index < len(lines):
                text = lines[index]
                stripped = text.strip()
                if not stripped:
                    index += 1
                elif stripped.startswith("•"):
                    bullets.append(stripped[1:].strip())
                    index += 1
                elif re.match(r"(Note|Notice|Warning|Important):? [^a-z]", stripped):
                    flush()
                    paragraphs.append(("text", stripped))
                    index += 1
                else:
                    if starts_row(index):
                        break
                    followed_by_blank = index + 1 < len(lines) and not lines[index + 1].strip()
                    flush()
                    index += 1
                    if followed_by_blank:
                        paragraphs.append(("text", stripped))
                    else:
                        example = stripped
                        break
            flush()
        elif index < len(lines) and not starts_row(index):
            example = lines[index].strip()
            index += 1
        rows.append((name, type_name, required, paragraphs, example))
        previous_type = type_name

    def cell(text):
        text = text.replace("|", "\\|")
        if entities:
            text = text.replace("<", "&lt;").replace(">", "&gt;")
        return text

    out = []
    if request:
        out += ["| Parameter | Type | Required | Description | Example |", "|---|---|---|---|---|"]
    else:
        out += ["| Parameter | Type | Description | Example |", "|---|---|---|---|"]
    for name, type_name, required, paragraphs, example in rows:
        parts = []
        for kind, content in paragraphs:
            if kind == "text":
                parts.append(cell(content))
            elif inline and parts:
                parts[-1] += "".join(f" • {cell(item)}" for item in content)
            else:
                parts.extend(f"{bullet} {cell(item)}" for item in content)
        description = brk.join(parts)
        cells = [cell(name), cell(type_name)]
        if request:
            cells.append(required)
        cells += [description, cell(example)]
        out.append("| " + " | ".join(cells) + " |")
    return out


def convert(text, style):
    lines = text.split("\n")
    out = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.strip() in ("ParameterTypeRequiredDescriptionExample", "ParameterTypeDescriptionExample"):
            request = "Required" in line
            end = index + 1
            while end < len(lines):
                if lines[end].strip() in HEADINGS and not lines[end - 1].strip() and (
                    end + 1 >= len(lines) or not lines[end + 1].strip()
                ):
                    break
                end += 1
            body = lines[index + 1 : end]
            while body and not body[-1].strip():
                body.pop()
            out += convert_table(body, request, style)
            out.append("")
            index = end
            continue
        out.append(line)
        index += 1
    return "\n".join(out)


def main():
    here = Path(__file__).resolve().parent
    for page in sorted(here.parent.glob("0*.txt")):
        style = STYLES[page.name[:3]]
        (here / page.name).write_text(convert(page.read_text(), style))


main()
