//! Parameter tables rendered as Markdown, as some copies of the pages have them:
//! `| Parameter | Type | Required | Description | Example |` (no `Required` in the response table), a `|---|` line,
//! then one line per row. They give the same rows as the text layout, so the rest of the reader (request
//! parameters, the response's nesting by the sample) runs unchanged and a page imports to the same spec in either
//! form.
//!
//! A cell may hold `\|` (a pipe), HTML entities (`&lt;`, `&#124;`) and `<br>` line breaks. The name cell may be
//! indented to show nesting (spaces, `&nbsp;`, tree glyphs such as `└`) and may be in backticks or bold; the
//! nesting is read from the sample response, as in the text layout, and where the sample cannot say (a field it
//! lacks), from the indentation ([`Row::depth`]). An empty name cell is a bare row (the
//! root `object`, or an array's items). The description cell splits at `<br>` into the text layout's lines:
//! paragraphs, `Note ...` lines and bullets (`•`, `-` or `*`), which are the valid values when each starts with one
//! word; bullets may also run inline in one line (`Valid values: • upload: ... • buy: ...`).

use super::table::{Token, flush_bullets, row_label, token};
use super::{Kind, PageError, Row, Section, TYPE_NAMES};

/// Whether the section's table is a Markdown table (its first non-blank line starts with `|`).
pub(super) fn is_table(section: &Section<'_>) -> bool {
    section
        .lines
        .iter()
        .find(|(_, line)| !line.trim().is_empty())
        .is_some_and(|(_, line)| is_row(line))
}

/// A table line: `| a | b |`, or `a | b |` as some copies write rows without their opening pipe.
fn is_row(line: &str) -> bool {
    let trimmed = line.trim();
    trimmed.starts_with('|') || (trimmed.ends_with('|') && trimmed.matches('|').count() >= 2)
}

/// The columns a table must have, by header name.
struct Columns {
    count: usize,
    name: usize,
    type_name: usize,
    required: Option<usize>,
    description: usize,
    example: Option<usize>,
}

/// The rows of the section's Markdown table. `request` expects the `Required` column.
pub(super) fn rows(
    page: &str,
    section: &Section<'_>,
    request: bool,
) -> Result<Vec<Row>, PageError> {
    let error = |line: usize, message: String| PageError {
        page: page.to_owned(),
        line,
        message,
    };
    let expected = if request {
        "| Parameter | Type | Required | Description | Example |"
    } else {
        "| Parameter | Type | Description | Example |"
    };
    let mut lines = section
        .lines
        .iter()
        .copied()
        .skip_while(|(_, line)| line.trim().is_empty());
    let Some((header_line, header)) = lines.next() else {
        return Err(error(
            section.line,
            format!("expected the table header `{expected}`"),
        ));
    };
    let columns = columns(&cells(header), request).ok_or_else(|| {
        error(
            header_line,
            format!(
                "expected the table header `{expected}` under `{}`, found `{}`",
                section.heading,
                header.trim()
            ),
        )
    })?;
    // Copies that lost the separator line (`|---|---|`) go straight on with the rows.
    let mut lines = lines.peekable();
    if lines.peek().is_some_and(|(_, line)| is_separator(line)) {
        lines.next();
    }

    let mut rows: Vec<Row> = Vec::new();
    let mut ended = false;
    for (number, line) in lines {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            ended = !rows.is_empty() || ended;
            continue;
        }
        if ended || !is_row(trimmed) {
            return Err(error(
                number,
                format!(
                    "expected the table to end the `{}` section, found `{trimmed}` after it",
                    section.heading
                ),
            ));
        }
        let cells = shift_bare_row(cells(line), &columns);
        if cells.len() != columns.count {
            return Err(error(
                number,
                format!(
                    "expected {} cells as in the table's header (line {header_line}), found {}; a `|` inside a \
                     cell is written `\\|`",
                    columns.count,
                    cells.len()
                ),
            ));
        }
        rows.push(row(page, number, &cells, &columns, request)?);
    }
    // A table that indents no name shows no nesting (the flat layout of the text form).
    if rows.iter().all(|row| row.depth == Some(0)) {
        rows.iter_mut().for_each(|row| row.depth = None);
    }
    if rows.is_empty() && !request {
        return Err(error(
            header_line,
            "expected at least one row in the response table".to_owned(),
        ));
    }
    Ok(rows)
}

fn row(
    page: &str,
    number: usize,
    cells: &[String],
    columns: &Columns,
    request: bool,
) -> Result<Row, PageError> {
    let error = |message: String| PageError {
        page: page.to_owned(),
        line: number,
        message,
    };
    let name = name_cell(&cells[columns.name]);
    let type_name = unquoted(&cells[columns.type_name]).to_ascii_lowercase();
    let kind = Kind::from_name(&type_name).ok_or_else(|| {
        error(format!(
            "expected a type in the Type cell{} (types: {}, array<T>), found `{}`",
            name.as_deref()
                .map(|name| format!(" of `{name}`"))
                .unwrap_or_default(),
            TYPE_NAMES.join(", "),
            cells[columns.type_name]
        ))
    })?;
    if let Some(name) = &name {
        let valid = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
        if !valid {
            return Err(error(format!(
                "expected a parameter name (letters, digits, `_`, `.`, `-`) in the Parameter cell, found `{name}`"
            )));
        }
    }
    let required = match columns.required.map(|index| unquoted(&cells[index])) {
        Some(text) if text.eq_ignore_ascii_case("yes") || text.eq_ignore_ascii_case("true") => {
            Some(true)
        }
        Some(text) if text.eq_ignore_ascii_case("no") || text.eq_ignore_ascii_case("false") => {
            Some(false)
        }
        Some("") | None => None,
        Some(other) => {
            return Err(error(format!(
                "expected `Yes` or `No` in the Required cell, found `{other}`"
            )));
        }
    };
    if request && name.is_some() && required.is_none() {
        return Err(error(format!(
            "expected `Yes` or `No` in the Required cell of `{}`",
            name.as_deref().unwrap_or_default()
        )));
    }
    let mut row = Row {
        line: number,
        name,
        type_name,
        kind,
        required: if request { required } else { None },
        description: Vec::new(),
        valid_values: None,
        example: None,
        depth: Some(indentation(&cells[columns.name])),
    };

    // The description cell, as the text layout's lines.
    let mut bullets: Vec<(usize, &str)> = Vec::new();
    let description = &cells[columns.description];
    for (inline_bullet, piece) in description_lines(description) {
        let token = if inline_bullet {
            Token::Bullet(piece)
        } else {
            markdown_token(piece)
        };
        match token {
            Token::Blank => {}
            Token::Bullet(text) => bullets.push((number, text)),
            Token::Note(text) => {
                flush_bullets(page, &mut row, &mut bullets)?;
                row.description.push(format!("Note: {text}"));
            }
            Token::Text(text) => {
                flush_bullets(page, &mut row, &mut bullets)?;
                row.description.push(text.to_owned());
            }
        }
    }
    flush_bullets(page, &mut row, &mut bullets)?;
    if let Some(index) = columns.example {
        let example = unquoted(&cells[index]);
        if !example.is_empty() {
            row.example = Some((number, example.to_owned()));
        }
    }
    if row.name.is_none() && row.required.is_some() {
        return Err(error(format!(
            "expected an empty Required cell on the bare `{}` row (it gives an array's items)",
            row_label(&row)
        )));
    }
    Ok(row)
}

/// The cells of a table line: split at `|` not escaped, the outer pipes dropped, each cell trimmed and unescaped.
fn cells(line: &str) -> Vec<String> {
    let trimmed = line.trim();
    let inner = trimmed.strip_prefix('|').unwrap_or(trimmed);
    let mut cells = Vec::new();
    let mut current = String::new();
    let mut chars = inner.chars();
    let mut closed = false;
    while let Some(c) = chars.next() {
        closed = false;
        match c {
            '\\' => match chars.next() {
                Some('|') => current.push('|'),
                Some(other) => {
                    current.push('\\');
                    current.push(other);
                }
                None => current.push('\\'),
            },
            '|' => {
                cells.push(unescape(current.trim()));
                current.clear();
                closed = true;
            }
            other => current.push(other),
        }
    }
    if !closed || !current.trim().is_empty() {
        cells.push(unescape(current.trim()));
    }
    cells
}

/// HTML entities a Markdown cell may hold, decoded (`&amp;` last, so `&amp;lt;` stays `&lt;`).
fn unescape(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#124;", "|")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

fn columns(header: &[String], request: bool) -> Option<Columns> {
    let find = |names: &[&str]| {
        header.iter().position(|cell| {
            let cell = unquoted(cell);
            names.iter().any(|name| cell.eq_ignore_ascii_case(name))
        })
    };
    let columns = Columns {
        count: header.len(),
        // Newer pages head the response table `Element`.
        name: find(&["Parameter", "Name", "Element", "Field"])?,
        type_name: find(&["Type"])?,
        required: find(&["Required"]),
        description: find(&["Description"])?,
        example: find(&["Example", "Example value"]),
    };
    (!request || columns.required.is_some()).then_some(columns)
}

/// A bare row (`object`, the items of a list or the response root) whose copy lost its empty name cell, as copies
/// without opening pipes write it (`object | The response. | ||`): the type sits in the name column and the type
/// column holds prose. The empty name goes back in front and the surplus empty cells at the end go.
fn shift_bare_row(mut cells: Vec<String>, columns: &Columns) -> Vec<String> {
    let is_type = |cell: &String| Kind::from_name(&html_type(unquoted(cell))).is_some();
    let shifted = columns.name == 0
        && columns.type_name == 1
        && cells.first().is_some_and(is_type)
        && !cells.get(1).is_some_and(is_type);
    if shifted {
        cells.insert(0, String::new());
        while cells.len() > columns.count && cells.last().is_some_and(|cell| cell.is_empty()) {
            cells.pop();
        }
    }
    cells
}

/// A type cell as the page writes it, with HTML entities decoded (`array&lt;object&gt;`).
fn html_type(cell: &str) -> String {
    cell.replace("&lt;", "<").replace("&gt;", ">")
}

fn is_separator(line: &str) -> bool {
    let cells = cells(line);
    !cells.is_empty()
        && cells.iter().all(|cell| {
            let dashes = cell.trim_start_matches(':').trim_end_matches(':');
            !dashes.is_empty() && dashes.chars().all(|c| c == '-')
        })
}

/// A cell without the Markdown that wraps a whole value: `` `8888` ``, `**JobId**`.
fn unquoted(cell: &str) -> &str {
    let cell = cell.trim();
    for wrap in ["**", "`", "*"] {
        if let Some(inner) = cell
            .strip_prefix(wrap)
            .and_then(|rest| rest.strip_suffix(wrap))
            && !inner.is_empty()
            && !inner.contains(wrap)
        {
            return inner.trim();
        }
    }
    cell
}

/// Characters that indent a name to show its nesting.
fn is_indent(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{a0}' | '└' | '├' | '─' | '│' | '-' | '>' | '↳')
}

/// How far a Parameter cell indents its name: the number of indenting characters before it (only the order of
/// these numbers matters).
fn indentation(cell: &str) -> usize {
    cell.chars().take_while(|c| is_indent(*c)).count()
}

/// The name in a Parameter cell, without the indentation that shows nesting; `None` when the cell is empty.
fn name_cell(cell: &str) -> Option<String> {
    let stripped = cell.trim_start_matches(is_indent);
    let name = unquoted(stripped);
    (!name.is_empty()).then(|| name.to_owned())
}

/// The lines of a description cell: split at `<br>` (`<br/>`, `<br />`, any case), and inline bullets (` • `)
/// each on their own line, marked `true`.
fn description_lines(cell: &str) -> Vec<(bool, &str)> {
    let mut lines = Vec::new();
    let mut rest = cell;
    while !rest.is_empty() {
        let lower = rest.to_ascii_lowercase();
        let Some(start) = lower.find("<br") else {
            lines.push(rest);
            break;
        };
        let Some(end) = lower[start..].find('>') else {
            lines.push(rest);
            break;
        };
        let tag = lower[start + 3..start + end].trim();
        if tag.is_empty() || tag == "/" {
            lines.push(&rest[..start]);
            rest = &rest[start + end + 1..];
        } else {
            // Not a line break (`<break>`): keep it as text.
            lines.push(&rest[..start + end + 1]);
            rest = &rest[start + end + 1..];
        }
    }
    let mut out = Vec::new();
    for line in lines {
        let mut pieces = line.split(" • ");
        if let Some(first) = pieces.next() {
            out.push((false, first));
        }
        // A ` • ` inside a line starts an inline bullet.
        out.extend(pieces.map(|piece| (true, piece.trim())));
    }
    out
}

/// [`token`], with Markdown's `-` and `*` list items as bullets too.
fn markdown_token(line: &str) -> Token<'_> {
    let trimmed = line.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}');
    for marker in ["- ", "* "] {
        if let Some(rest) = trimmed.strip_prefix(marker) {
            return Token::Bullet(rest.trim());
        }
    }
    token(trimmed)
}
