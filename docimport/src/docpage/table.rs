//! The parameter tables of a page (see the parent module for the format): lines as tokens, free-text paragraphs,
//! row headers (`JobIdlongYes`), the rows of a table with their descriptions, valid values, notes and examples,
//! and the request's rows paired into parameters.

use std::collections::BTreeSet;

use super::{Kind, PageError, Parameter, Row, Section, TYPE_NAMES, ValidValues};

/// What one line of a table or description is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Token<'a> {
    Blank,
    /// A bullet, without the bullet sign.
    Bullet(&'a str),
    /// A `Note ...` line, without the label.
    Note(&'a str),
    Text(&'a str),
}

pub(super) fn token(line: &str) -> Token<'_> {
    let trimmed = line.trim();
    if trimmed.is_empty() {
        return Token::Blank;
    }
    if let Some(rest) = trimmed.strip_prefix('•') {
        return Token::Bullet(rest.trim());
    }
    for label in ["Note", "Notice", "Warning", "Important"] {
        if let Some(rest) = trimmed.strip_prefix(label) {
            let rest = rest.strip_prefix(':').unwrap_or(rest);
            // `Note If CertId is returned, ...`; prose that merely starts with the word (`Note that ...`) is not one.
            if rest.starts_with(' ') && rest.trim_start().starts_with(|c: char| !c.is_lowercase()) {
                return Token::Note(rest.trim());
            }
        }
    }
    Token::Text(trimmed)
}

/// Paragraphs of free text: blocks between blank lines; bullets become `- item` lines, notes `Note: ...`.
pub(super) fn paragraphs(lines: &[(usize, &str)]) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<String> = Vec::new();
    for (_, line) in lines {
        match token(line) {
            Token::Blank => {
                if !current.is_empty() {
                    out.push(current.join("\n"));
                    current.clear();
                }
            }
            Token::Bullet(text) => current.push(format!("- {text}")),
            Token::Note(text) => {
                if !current.is_empty() {
                    out.push(current.join("\n"));
                    current.clear();
                }
                out.push(format!("Note: {text}"));
            }
            Token::Text(text) => current.push(text.to_owned()),
        }
    }
    if !current.is_empty() {
        out.push(current.join("\n"));
    }
    out
}

/// A row header: name (none for a bare type row), type and required flag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Header {
    pub(super) name: Option<String>,
    type_name: String,
    pub(super) kind: Kind,
    pub(super) required: Option<bool>,
}

/// Reads `JobIdlongYes` / `CertIdlong` / `object`. `request` expects the `Yes`/`No` column (optional on a bare
/// item row). Returns `None` when the line is not a header.
pub(super) fn header(line: &str, request: bool) -> Option<Header> {
    if line.is_empty() || line != line.trim() || line.contains(char::is_whitespace) {
        return None;
    }
    let (rest, required) = if request {
        if let Some(rest) = line.strip_suffix("Yes") {
            (rest, Some(true))
        } else if let Some(rest) = line.strip_suffix("No") {
            (rest, Some(false))
        } else {
            (line, None)
        }
    } else {
        (line, None)
    };
    let (name, type_name) = split_type(rest)?;
    let kind = Kind::from_name(type_name)?;
    if name.is_empty() {
        return Some(Header {
            name: None,
            type_name: type_name.to_owned(),
            kind,
            required,
        });
    }
    if request && required.is_none() {
        return None;
    }
    let valid_name = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
    valid_name.then(|| Header {
        name: Some(name.to_owned()),
        type_name: type_name.to_owned(),
        kind,
        required,
    })
}

/// Splits the type name off the end of a header: the longest known type name (or `array<...>`) that ends it.
pub(super) fn split_type(text: &str) -> Option<(&str, &str)> {
    if text.ends_with('>') {
        let start = text.rfind("array<")?;
        return Some((&text[..start], &text[start..]));
    }
    TYPE_NAMES
        .iter()
        .filter(|type_name| text.ends_with(**type_name))
        .max_by_key(|type_name| type_name.len())
        .map(|type_name| (&text[..text.len() - type_name.len()], *type_name))
}

/// The table of one section.
pub(super) struct Table<'a> {
    page: &'a str,
    request: bool,
    /// The rows' lines: after the table header, trailing blank lines removed.
    lines: Vec<(usize, &'a str)>,
}

impl<'a> Table<'a> {
    pub(super) fn new(
        page: &'a str,
        section: &Section<'a>,
        request: bool,
    ) -> Result<Self, PageError> {
        let expected = if request {
            "ParameterTypeRequiredDescriptionExample"
        } else {
            "ParameterTypeDescriptionExample"
        };
        let mut lines = section
            .lines
            .iter()
            .copied()
            .skip_while(|(_, line)| line.trim().is_empty());
        match lines.next() {
            Some((_, line)) if line.trim() == expected => {}
            // Newer pages head the response table `Element`.
            Some((_, line)) if !request && line.trim() == "ElementTypeDescriptionExample" => {}
            Some((number, line)) => {
                return Err(PageError {
                    page: page.to_owned(),
                    line: number,
                    message: format!(
                        "expected the table header `{expected}` under `{}`, found `{}`",
                        section.heading,
                        line.trim()
                    ),
                });
            }
            None => {
                return Err(PageError {
                    page: page.to_owned(),
                    line: section.line,
                    message: format!(
                        "expected the table header `{expected}` under `{}`, found the end of the section",
                        section.heading
                    ),
                });
            }
        }
        let mut lines: Vec<(usize, &str)> = lines.collect();
        while lines.last().is_some_and(|(_, line)| line.trim().is_empty()) {
            lines.pop();
        }
        Ok(Table {
            page,
            request,
            lines,
        })
    }

    fn error(&self, line: usize, message: String) -> PageError {
        PageError {
            page: self.page.to_owned(),
            line,
            message,
        }
    }

    fn is_blank(&self, index: usize) -> bool {
        self.lines
            .get(index)
            .is_some_and(|(_, line)| line.trim().is_empty())
    }

    /// Whether the line at `index` starts the next row, given whether a bare item row may come next. Where an
    /// example could also stand, a named row must start with an uppercase letter.
    fn starts_row(&self, index: usize, bare_allowed: bool) -> bool {
        let Some((_, line)) = self.lines.get(index) else {
            return false;
        };
        match header(line.trim_end(), self.request) {
            Some(Header { name: None, .. }) => bare_allowed,
            Some(Header {
                name: Some(name), ..
            }) => name.starts_with(|c: char| c.is_ascii_uppercase()),
            None => false,
        }
    }

    pub(super) fn rows(&self) -> Result<Vec<Row>, PageError> {
        let mut rows: Vec<Row> = Vec::new();
        let mut index = 0;
        let count = self.lines.len();
        while index < count {
            let (number, line) = self.lines[index];
            if line.trim().is_empty() {
                index += 1;
                continue;
            }
            // A bare row is a row only where items are expected, or as the response's first row (its root).
            let previous_is_array = rows
                .last()
                .is_some_and(|row| matches!(row.kind, Kind::Array(_)));
            let bare_allowed = previous_is_array || (rows.is_empty() && !self.request);
            let parsed = header(line.trim_end(), self.request)
                .filter(|header| header.name.is_some() || bare_allowed);
            let Some(header) = parsed else {
                let example = if self.request {
                    "JobIdlongYes"
                } else {
                    "JobIdlong"
                };
                let after = match rows.last() {
                    Some(row) => {
                        format!(" after the row of `{}` (line {})", row_label(row), row.line)
                    }
                    None => String::new(),
                };
                return Err(self.error(
                    number,
                    format!(
                        "expected a table row{after}: a parameter name glued to its type{} such as `{example}` \
                         (types: {}, array<T>), found `{}`",
                        if self.request { " and Yes/No" } else { "" },
                        TYPE_NAMES.join(", "),
                        line.trim()
                    ),
                ));
            };
            index += 1;
            let mut row = Row {
                line: number,
                name: header.name,
                type_name: header.type_name,
                kind: header.kind,
                required: header.required,
                description: Vec::new(),
                valid_values: None,
                example: None,
                depth: None,
            };
            let items_next = matches!(row.kind, Kind::Array(_));
            let mut bullets: Vec<(usize, &str)> = Vec::new();
            if self.is_blank(index) {
                // Description: paragraphs (each followed by a blank line), bullets, notes; then maybe the example.
                index += 1;
                while index < count {
                    let (number, line) = self.lines[index];
                    match token(line) {
                        Token::Blank => index += 1,
                        Token::Bullet(text) => {
                            bullets.push((number, text));
                            index += 1;
                        }
                        Token::Note(text) => {
                            flush_bullets(self.page, &mut row, &mut bullets)?;
                            row.description.push(format!("Note: {text}"));
                            index += 1;
                        }
                        Token::Text(text) => {
                            if self.starts_row(index, items_next) {
                                break;
                            }
                            let paragraph = self.is_blank(index + 1) && index + 1 < count;
                            flush_bullets(self.page, &mut row, &mut bullets)?;
                            index += 1;
                            if paragraph {
                                row.description.push(text.to_owned());
                            } else {
                                row.example = Some((number, text.to_owned()));
                                break;
                            }
                        }
                    }
                }
                flush_bullets(self.page, &mut row, &mut bullets)?;
            } else if index < count && !self.starts_row(index, items_next) {
                // No description; the line right after the header is its example.
                let (number, line) = self.lines[index];
                if let Token::Text(text) = token(line) {
                    row.example = Some((number, text.to_owned()));
                    index += 1;
                }
            }
            rows.push(row);
        }
        if rows.is_empty() && !self.request {
            return Err(self.error(
                self.lines.first().map_or(1, |(number, _)| *number),
                "expected at least one row in the response table".to_owned(),
            ));
        }
        Ok(rows)
    }
}

pub(super) fn row_label(row: &Row) -> String {
    match &row.name {
        Some(name) => name.clone(),
        None => format!("{} (items)", row.type_name),
    }
}

/// Whether a request row's type holds fields (an object, or a list of objects).
fn holds_fields(kind: &Kind) -> bool {
    match kind {
        Kind::Object => true,
        Kind::Array(Some(inner)) => inner.is_container(),
        _ => false,
    }
}

/// Refuses an object parameter (or a list of objects) that the table gave no field, once its rows have ended.
fn fields_given(page: &str, parameter: Option<&Parameter>) -> Result<(), PageError> {
    match parameter {
        Some(parameter) if holds_fields(&parameter.row.kind) && parameter.fields.is_empty() => {
            Err(PageError {
                page: page.to_owned(),
                line: parameter.row.line,
                message: format!(
                    "expected the fields of the request parameter `{}` indented under it",
                    parameter.row.name.as_deref().unwrap_or("?")
                ),
            })
        }
        _ => Ok(()),
    }
}

/// Pairs request rows with the item rows of array parameters, and gives an object parameter (or a list of objects)
/// the rows indented under it. Objects in a request are placed only where the table shows nesting (Markdown
/// indentation): the text layout has no nesting and no sample request to resolve it.
pub(super) fn request_parameters(page: &str, rows: Vec<Row>) -> Result<Vec<Parameter>, PageError> {
    let mut parameters: Vec<Parameter> = Vec::new();
    let mut names = BTreeSet::new();
    for row in rows {
        let error = |message: String| PageError {
            page: page.to_owned(),
            line: row.line,
            message,
        };
        // A row indented under an object parameter is one of its fields (a bare `object` row only marks the
        // objects of a list).
        if let (Some(depth), Some(parameter)) = (row.depth, parameters.last_mut())
            && holds_fields(&parameter.row.kind)
            && parameter.row.depth.is_some_and(|parent| depth > parent)
        {
            match &row.name {
                None if row.kind == Kind::Object => {}
                Some(field) if !row.kind.is_container() => {
                    if parameter.fields.iter().any(|known| known.name == row.name) {
                        return Err(error(format!(
                            "expected each field of `{}` once; `{field}` is listed twice",
                            parameter.row.name.as_deref().unwrap_or("?")
                        )));
                    }
                    parameter.fields.push(row);
                }
                _ => {
                    return Err(error(format!(
                        "expected a scalar field of the request parameter `{}`, found `{}` of type `{}`: a request \
                         object is read one level deep",
                        parameter.row.name.as_deref().unwrap_or("?"),
                        row_label(&row),
                        row.type_name
                    )));
                }
            }
            continue;
        }
        fields_given(page, parameters.last())?;
        match &row.name {
            None => {
                let Some(parameter) = parameters.last_mut().filter(|parameter| {
                    matches!(parameter.row.kind, Kind::Array(_)) && parameter.items.is_none()
                }) else {
                    return Err(error(format!(
                        "expected a named request parameter; a bare `{}` row only gives the items of an array",
                        row.type_name
                    )));
                };
                if row.kind.is_container() {
                    return Err(error(format!(
                        "expected a scalar item type for the array parameter `{}`, found `{}`: nested request \
                         parameters cannot be placed (the text form has no nesting and no sample request)",
                        parameter.row.name.as_deref().unwrap_or("?"),
                        row.type_name
                    )));
                }
                parameter.items = Some(row);
            }
            Some(name) => {
                if let Some(parameter) = parameters.last()
                    && parameter.row.kind == Kind::Array(None)
                    && parameter.items.is_none()
                {
                    return Err(PageError {
                        page: page.to_owned(),
                        line: row.line,
                        message: format!(
                            "expected the item row (such as `string`) of the array parameter `{}` (line {}), found \
                             the parameter `{name}`",
                            parameter.row.name.as_deref().unwrap_or("?"),
                            parameter.row.line
                        ),
                    });
                }
                if holds_fields(&row.kind) && row.depth.is_none() {
                    return Err(error(format!(
                        "expected a scalar or array-of-scalar request parameter, found `{name}` of type `{}`: \
                         nested request parameters cannot be placed (the text form has no nesting and no sample \
                         request)",
                        row.type_name
                    )));
                }
                if !names.insert(name.clone()) {
                    return Err(error(format!(
                        "expected each request parameter once; `{name}` is listed twice"
                    )));
                }
                parameters.push(Parameter {
                    row,
                    items: None,
                    fields: Vec::new(),
                });
            }
        }
    }
    fields_given(page, parameters.last())?;
    if let Some(parameter) = parameters.last()
        && parameter.row.kind == Kind::Array(None)
        && parameter.items.is_none()
    {
        return Err(PageError {
            page: page.to_owned(),
            line: parameter.row.line,
            message: format!(
                "expected the item row (such as `string`) of the array parameter `{}` after it",
                parameter.row.name.as_deref().unwrap_or("?")
            ),
        });
    }
    Ok(parameters)
}

/// Turns the pending bullets into the row's valid values (when every bullet is `value` or `value: meaning`
/// with a one-word value and the row is a string, number or boolean), or into a `- item` paragraph.
pub(super) fn flush_bullets(
    page: &str,
    row: &mut Row,
    bullets: &mut Vec<(usize, &str)>,
) -> Result<(), PageError> {
    if bullets.is_empty() {
        return Ok(());
    }
    let pending = std::mem::take(bullets);
    let split: Vec<(usize, &str, &str)> = pending
        .iter()
        .map(|(number, text)| match text.split_once(':') {
            Some((value, meaning)) if meaning.is_empty() || meaning.starts_with(' ') => {
                (*number, value.trim(), meaning.trim())
            }
            _ => (*number, text.trim(), ""),
        })
        .collect();
    let one_word = split.iter().all(|(_, value, _)| {
        !value.is_empty() && value.chars().count() <= 64 && !value.contains(char::is_whitespace)
    });
    let scalar = matches!(
        row.kind,
        Kind::String | Kind::Integer { .. } | Kind::Boolean | Kind::Number { .. }
    );
    if !one_word || !scalar || row.valid_values.is_some() {
        let list: Vec<String> = pending
            .iter()
            .map(|(_, text)| format!("- {text}"))
            .collect();
        row.description.push(list.join("\n"));
        return Ok(());
    }
    let mut values: Vec<(String, String)> = Vec::new();
    let mut seen = BTreeSet::new();
    for (number, value, meaning) in split {
        let valid = match row.kind {
            Kind::Integer { .. } => value.parse::<i64>().is_ok(),
            Kind::Number { .. } => value.parse::<f64>().is_ok_and(f64::is_finite),
            Kind::Boolean => matches!(value, "true" | "false"),
            _ => true,
        };
        if !valid {
            return Err(error_at(
                page,
                number,
                format!(
                    "expected a valid value of type {} for `{}`, found `{value}`",
                    row.type_name,
                    row_label(row)
                ),
            ));
        }
        if !seen.insert(value.to_owned()) {
            return Err(error_at(
                page,
                number,
                format!(
                    "expected each valid value of `{}` once; `{value}` is listed twice",
                    row_label(row)
                ),
            ));
        }
        values.push((value.to_owned(), meaning.to_owned()));
    }
    row.valid_values = Some(ValidValues {
        line: pending[0].0,
        values,
    });
    Ok(())
}

fn error_at(page: &str, line: usize, message: String) -> PageError {
    PageError {
        page: page.to_owned(),
        line,
        message,
    }
}
