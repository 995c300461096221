//! The reader for Alibaba Cloud API reference pages in their text form (`../shared/api-docs/*.txt`), the input of
//! `cargo xtask import-doc`. It exists so that a changed page becomes a spec change mechanically: it turns a page
//! into a [`Page`], every element with the line it came from, or fails with a [`PageError`] that names the page, the
//! line and what it expected there.
//!
//! # The format
//!
//! A page is a sequence of lines. Before the title come navigation lines (`All Products`, `Search`, ...), which are
//! ignored. Then:
//!
//! - the title `Product:Action` (`Certificate Management Service:DescribeDeploymentJob`), a blank line, and
//!   `Last Updated:Mon DD, YYYY`;
//! - description paragraphs, separated by blank lines;
//! - sections, each introduced by a heading line between blank lines ([`HEADINGS`]): `Operation description`
//!   (more description), `Request parameters`, `Response parameters` and `Examples` are read; `Debugging`,
//!   `Authorization information`, `Error codes` and the like are skipped, and so are the 2026 layout's `Try it now`
//!   and `RAM authorization`. A heading the reader does not know (a short capitalised line between blank lines
//!   that is not a table row and heads something, see `is_unknown_heading`) is skipped with everything under it,
//!   and [`Page::warnings`] names it and its line;
//! - a parameter table: its header line (`ParameterTypeRequiredDescriptionExample`, or without `Required` for the
//!   response), then one row per parameter. A row starts with a line where the name, the type and the required flag
//!   run together (`JobIdlongYes`, `CertIdlong`); the type is split off by the known type names
//!   ([`TYPE_NAMES`], the longest that matches wins). Then come, in this order and each optional: a blank line and
//!   description paragraphs (each followed by a blank line); a bullet list (`  • value: meaning` or `  • value`),
//!   which is the list of valid values when every bullet starts with a single word; `Note ...` lines; and the
//!   example, one line right before the next row. A row without description or example is followed directly by
//!   the next row;
//! - nesting in the response table: an `object` row opens an object whose fields follow; an `array<object>` row is
//!   followed by a bare `object` row (the items), an `array` row by a bare item row such as `string`. A bare row is
//!   only read as a row where items are expected (or as the response's root object, the table's first row), so an
//!   example that happens to be a type name stays an example. The text has no indentation, so where an object ends
//!   is read from the sample response, which is what the wire carries: each field goes into the innermost open
//!   object whose sample has that key. A field the sample lacks can only go where there is no choice (the top level
//!   when nothing is open, the first field of a just opened object); otherwise it is an error;
//! - `Examples`: `Sample success responses`, `JSONformat`, and the JSON document.
//!
//! Known ambiguities, resolved one way: the last line of a table is read as its last row's example (the blank line
//! before the next heading hides whether a paragraph or an example ends the row); in the place where an example may
//! stand, only a name starting with an uppercase letter starts the next row.

use std::collections::BTreeSet;
use std::fmt;

use crate::json::{self, Json};

/// Section headings the reader knows. A line equal to one of these, with blank lines around it, starts a section.
pub const HEADINGS: [&str; 16] = [
    "Operation description",
    "Usage notes",
    "Description",
    "QPS limits",
    "Debugging",
    // 2026: "Try it now" (a paragraph and a `Test` line) replaces "Debugging".
    "Try it now",
    "Authorization information",
    // 2026: "RAM authorization" (a column legend and an Action / Access level / ... table).
    "RAM authorization",
    "Request syntax",
    "Request parameters",
    "Response parameters",
    "Response elements",
    "Examples",
    "Error codes",
    "Change history",
    "References",
];

/// Lines inside known sections that look like headings but are not: the Examples section's own labels.
const NOT_HEADINGS: [&str; 3] = ["Sample success responses", "Sample error responses", "Test"];

/// The type names a row header may end with (before `Yes`/`No`), besides `array<T>`.
pub const TYPE_NAMES: [&str; 16] = [
    "long", "integer", "int", "int32", "int64", "short", "string", "boolean", "bool", "double",
    "float", "number", "date", "datetime", "object", "array",
];

/// Types in a parameter table, as they map onto the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// `long`/`int64` (`format` `int64`) or `integer`/`int`/`int32`/`short` (`int32`).
    Integer {
        /// `int64` or `int32`.
        format: &'static str,
    },
    /// `double`, `float` or `number`.
    Number {
        /// `double`, `float`, or none for `number`.
        format: Option<&'static str>,
    },
    /// `string`, `date`, `datetime`.
    String,
    /// `boolean`/`bool`.
    Boolean,
    /// `object`.
    Object,
    /// `array` (item type from the item row) or `array<T>`.
    Array(Option<Box<Kind>>),
}

impl Kind {
    fn from_name(name: &str) -> Option<Kind> {
        Some(match name {
            "long" | "int64" => Kind::Integer { format: "int64" },
            "integer" | "int" | "int32" | "short" => Kind::Integer { format: "int32" },
            "double" => Kind::Number {
                format: Some("double"),
            },
            "float" => Kind::Number {
                format: Some("float"),
            },
            "number" => Kind::Number { format: None },
            "string" | "date" | "datetime" => Kind::String,
            "boolean" | "bool" => Kind::Boolean,
            "object" => Kind::Object,
            "array" => Kind::Array(None),
            _ => {
                let inner = name.strip_prefix("array<")?.strip_suffix('>')?;
                Kind::Array(Some(Box::new(Kind::from_name(inner)?)))
            }
        })
    }

    /// Whether this is an object or array (rows that have fields or items under them).
    pub fn is_container(&self) -> bool {
        matches!(self, Kind::Object | Kind::Array(_))
    }
}

/// A page that could not be read: which page, which line (1-based), and what was expected there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageError {
    /// The page's file name.
    pub page: String,
    /// 1-based line number.
    pub line: usize,
    /// What is wrong, saying what was expected.
    pub message: String,
}

impl fmt::Display for PageError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}:{}: {}", self.page, self.line, self.message)
    }
}

impl std::error::Error for PageError {}

/// A "Valid values" list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidValues {
    /// Line of the first bullet.
    pub line: usize,
    /// Each value with its meaning ("" when the page gives none), in the page's order.
    pub values: Vec<(String, String)>,
}

/// One row of a parameter table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// 1-based line of the row's header.
    pub line: usize,
    /// The parameter name; `None` for a bare type row (array items, the response root).
    pub name: Option<String>,
    /// The type as the page writes it (`long`, `array<object>`).
    pub type_name: String,
    /// The type.
    pub kind: Kind,
    /// `Yes`/`No` in a request table.
    pub required: Option<bool>,
    /// Description paragraphs: prose, `Note: ...` paragraphs, and bullet lists that are not valid values
    /// (as `- item` lines).
    pub description: Vec<String>,
    /// The valid values, when the row lists them.
    pub valid_values: Option<ValidValues>,
    /// The example cell and its line.
    pub example: Option<(usize, String)>,
}

impl Row {
    /// The items row of an array whose page writes no row for them (`array<string>`): nameless, bare, at `line`.
    fn implicit_items(line: usize, kind: Kind) -> Row {
        Row {
            line,
            name: None,
            type_name: String::new(),
            kind,
            required: None,
            description: Vec::new(),
            valid_values: None,
            example: None,
        }
    }

    /// The description as the spec writes it: paragraphs separated by a blank line.
    pub fn description_text(&self) -> String {
        self.description.join("\n\n")
    }
}

/// A request parameter: its row and, for an array, its item row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parameter {
    /// The parameter's row.
    pub row: Row,
    /// The item row of an array parameter, when the page gives one.
    pub items: Option<Row>,
}

/// A node of the response: a row placed in the nesting, with the sample values found at its place.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The row; `None` for a root the page does not show.
    pub row: Option<Row>,
    /// Fields of an object, in the page's order.
    pub children: Vec<Field>,
    /// The items of an array.
    pub items: Option<Box<Field>>,
    /// Set when the table says array but the sample wraps the list in an object with this one key
    /// (`{"CertInfos": {"CertInfo": [...]}}`): the wire shape is an object holding the array under the key.
    pub wrapper: Option<String>,
    /// The sample response's values at this place (several when inside an array with several elements).
    pub samples: Vec<Json>,
    /// The path for messages (`Data[].CertId`).
    pub path: String,
}

impl Field {
    /// The field's name (the last path segment for items).
    pub fn name(&self) -> Option<&str> {
        self.row.as_ref().and_then(|row| row.name.as_deref())
    }
}

/// Everything the importer needs from a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// The page's file name.
    pub name: String,
    /// The title line (`Certificate Management Service:DescribeDeploymentJob`).
    pub title: String,
    /// The product name (before the colon).
    pub product: String,
    /// The Action (after the colon).
    pub action: String,
    /// `Last Updated`, as `YYYY-MM-DD`.
    pub last_updated: String,
    /// Description paragraphs, then the `Operation description` paragraphs.
    pub description: Vec<String>,
    /// Request parameters in the page's order.
    pub parameters: Vec<Parameter>,
    /// The response: the root object and its fields.
    pub response: Field,
    /// The sample success response, when the page has one.
    pub sample: Option<Json>,
    /// Things the reader noticed but could live with (sample keys the table does not list, a table type the
    /// sample contradicts, a section under a heading it does not know, which it skips).
    pub warnings: Vec<String>,
}

/// Reads a page. `name` is how errors name it (its file name).
pub fn parse(name: &str, text: &str) -> Result<Page, PageError> {
    let lines: Vec<&str> = text.lines().collect();
    let error = |line: usize, message: String| PageError {
        page: name.to_owned(),
        line,
        message,
    };

    // Title and date: the title is the last non-blank line before `Last Updated:`.
    let Some(updated_index) = lines
        .iter()
        .position(|line| line.trim_start().starts_with("Last Updated:"))
    else {
        return Err(error(
            1,
            "expected the page title `Product:Action` followed by a `Last Updated:Mon DD, YYYY` line; found no \
             `Last Updated:` line"
                .to_owned(),
        ));
    };
    let Some(title_index) = (0..updated_index)
        .rev()
        .find(|&index| !lines[index].trim().is_empty())
    else {
        return Err(error(
            updated_index + 1,
            "expected the page title `Product:Action` before `Last Updated:`".to_owned(),
        ));
    };
    let title = lines[title_index].trim().to_owned();
    let (product, action) = match title.rsplit_once(':') {
        Some((product, action)) if !product.trim().is_empty() && is_action(action.trim()) => {
            (product.trim().to_owned(), action.trim().to_owned())
        }
        _ => {
            return Err(error(
                title_index + 1,
                format!(
                    "expected the page title `Product:Action` with the Action in PascalCase \
                     (`Certificate Management Service:DescribeDeploymentJob`), found `{title}`"
                ),
            ));
        }
    };
    let date_text = lines[updated_index]
        .trim()
        .trim_start_matches("Last Updated:")
        .trim();
    let last_updated = parse_date(date_text).ok_or_else(|| {
        error(
            updated_index + 1,
            format!("expected a date such as `Last Updated:Jul 31, 2024`, found `{date_text}`"),
        )
    })?;

    // Sections.
    let mut sections: Vec<Section> = vec![Section {
        heading: "",
        line: updated_index + 1,
        lines: Vec::new(),
    }];
    let mut warnings = Vec::new();
    let mut skipping = false;
    for index in updated_index + 1..lines.len() {
        let text = lines[index];
        let trimmed = text.trim();
        let blank_before = index == 0 || lines[index - 1].trim().is_empty();
        let blank_after = index + 1 >= lines.len() || lines[index + 1].trim().is_empty();
        if blank_before && blank_after && is_unknown_heading(&lines, index) {
            warnings.push(format!(
                "line {}: skipped the section `{trimmed}`, a heading the reader does not know (nothing under it \
                 is imported)",
                index + 1
            ));
            skipping = true;
            continue;
        }
        if let Some(heading) = HEADINGS.iter().find(|heading| **heading == trimmed)
            && blank_before
            && blank_after
        {
            skipping = false;
            if let Some(previous) = sections.iter().find(|section| section.heading == *heading) {
                return Err(error(
                    index + 1,
                    format!(
                        "expected one `{heading}` section; the first is at line {}",
                        previous.line
                    ),
                ));
            }
            sections.push(Section {
                heading,
                line: index + 1,
                lines: Vec::new(),
            });
            continue;
        }
        if skipping {
            continue;
        }
        if let Some(section) = sections.last_mut() {
            section.lines.push((index + 1, text));
        }
    }
    let section = |heading: &str| sections.iter().find(|section| section.heading == heading);

    let mut description = paragraphs(&sections[0].lines);
    for heading in ["Operation description", "Usage notes", "Description"] {
        if let Some(section) = section(heading) {
            description.extend(paragraphs(&section.lines));
        }
    }
    if description.is_empty() {
        return Err(error(
            updated_index + 2,
            "expected the operation's description after `Last Updated:`".to_owned(),
        ));
    }

    let parameters = match section("Request parameters") {
        Some(section) => {
            let rows = Table::new(name, section, true)?.rows()?;
            request_parameters(name, rows)?
        }
        None => Vec::new(),
    };

    let sample = match section("Examples") {
        Some(section) => sample(name, section)?,
        None => None,
    };

    let Some(response_section) = section("Response parameters").or(section("Response elements"))
    else {
        return Err(error(
            lines.len().max(1),
            "expected a `Response parameters` section with the response table".to_owned(),
        ));
    };
    let rows = Table::new(name, response_section, false)?.rows()?;
    let response = Nesting::build(name, rows, sample.as_ref(), &mut warnings)?;

    Ok(Page {
        name: name.to_owned(),
        title,
        product,
        action,
        last_updated,
        description,
        parameters,
        response,
        sample,
        warnings,
    })
}

struct Section<'a> {
    heading: &'static str,
    /// 1-based line of the heading.
    line: usize,
    /// The lines after the heading, with their 1-based numbers.
    lines: Vec<(usize, &'a str)>,
}

/// Whether the line at `index` (between blank lines) is a heading the reader does not know: a few plain words
/// shaped like a heading (`Callback parameters`, `SDK examples`), with something under it before the next known
/// heading. The shape rules keep table cells out: a heading is not a row header, has no digits or punctuation, starts with a capital,
/// and its words are lowercase or all capitals (`RAM`), so a PascalCase cell (`OpenApiPaginationResponse`) or a
/// lowercase example (`editing`) is not one; and a lone line right before a known heading (a table's last example,
/// the `Test` of "Try it now") heads nothing, so it is not one either.
fn is_unknown_heading(lines: &[&str], index: usize) -> bool {
    let trimmed = lines[index].trim();
    // A row header (`Totallong`, `Statusstring`) is a row, whatever it looks like.
    if HEADINGS.contains(&trimmed)
        || NOT_HEADINGS.contains(&trimmed)
        || header(trimmed, false).is_some()
        || header(trimmed, true).is_some()
    {
        return false;
    }
    let words: Vec<&str> = trimmed.split(' ').collect();
    let shaped = (1..=6).contains(&words.len())
        && trimmed.starts_with(|c: char| c.is_ascii_uppercase())
        && words.iter().all(|word| {
            !word.is_empty()
                && word.chars().all(|c| c.is_ascii_alphabetic())
                && (word.chars().skip(1).all(|c| c.is_ascii_lowercase())
                    || (word.len() > 1 && word.chars().all(|c| c.is_ascii_uppercase())))
        })
        // A lone all-capitals word is a value (`SLB`, `NLB`), not a heading.
        && !(words.len() == 1 && trimmed.len() > 1 && trimmed.chars().all(|c| c.is_ascii_uppercase()));
    if !shaped {
        return false;
    }
    // Something must follow before the next known heading or the end of the page.
    lines[index + 1..]
        .iter()
        .map(|line| line.trim())
        .take_while(|line| !HEADINGS.contains(line))
        .any(|line| !line.is_empty())
}

fn is_action(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_uppercase())
        && text.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// `Jul 31, 2024` (or `July 31, 2024`) as `2024-07-31`.
fn parse_date(text: &str) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let (month, rest) = text.split_once(' ')?;
    let (day, year) = rest.split_once(',')?;
    let month = month.to_ascii_lowercase();
    let month_number = MONTHS.iter().position(|name| {
        month.len() >= 3
            && name.starts_with(month.as_str())
            && (month.len() == 3 || month.len() == name.len())
    })? + 1;
    let day: u32 = day
        .trim()
        .parse()
        .ok()
        .filter(|day| (1..=31).contains(day))?;
    let year = year.trim();
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(format!("{year}-{month_number:02}-{day:02}"))
}

/// What one line of a table or description is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token<'a> {
    Blank,
    /// A bullet, without the bullet sign.
    Bullet(&'a str),
    /// A `Note ...` line, without the label.
    Note(&'a str),
    Text(&'a str),
}

fn token(line: &str) -> Token<'_> {
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
fn paragraphs(lines: &[(usize, &str)]) -> Vec<String> {
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
struct Header {
    name: Option<String>,
    type_name: String,
    kind: Kind,
    required: Option<bool>,
}

/// Reads `JobIdlongYes` / `CertIdlong` / `object`. `request` expects the `Yes`/`No` column (optional on a bare
/// item row). Returns `None` when the line is not a header.
fn header(line: &str, request: bool) -> Option<Header> {
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
fn split_type(text: &str) -> Option<(&str, &str)> {
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
struct Table<'a> {
    page: &'a str,
    request: bool,
    /// The rows' lines: after the table header, trailing blank lines removed.
    lines: Vec<(usize, &'a str)>,
}

impl<'a> Table<'a> {
    fn new(page: &'a str, section: &Section<'a>, request: bool) -> Result<Self, PageError> {
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

    fn rows(&self) -> Result<Vec<Row>, PageError> {
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
                            self.flush_bullets(&mut row, &mut bullets)?;
                            row.description.push(format!("Note: {text}"));
                            index += 1;
                        }
                        Token::Text(text) => {
                            if self.starts_row(index, items_next) {
                                break;
                            }
                            let paragraph = self.is_blank(index + 1) && index + 1 < count;
                            self.flush_bullets(&mut row, &mut bullets)?;
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
                self.flush_bullets(&mut row, &mut bullets)?;
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

    /// Turns the pending bullets into the row's valid values (when every bullet is `value` or `value: meaning`
    /// with a one-word value and the row is a string, number or boolean), or into a `- item` paragraph.
    fn flush_bullets(
        &self,
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
                return Err(self.error(
                    number,
                    format!(
                        "expected a valid value of type {} for `{}`, found `{value}`",
                        row.type_name,
                        row_label(row)
                    ),
                ));
            }
            if !seen.insert(value.to_owned()) {
                return Err(self.error(
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
}

fn row_label(row: &Row) -> String {
    match &row.name {
        Some(name) => name.clone(),
        None => format!("{} (items)", row.type_name),
    }
}

/// Pairs request rows with the item rows of array parameters. Objects in a request cannot be placed: the text has
/// no nesting and no sample request to resolve it.
fn request_parameters(page: &str, rows: Vec<Row>) -> Result<Vec<Parameter>, PageError> {
    let mut parameters: Vec<Parameter> = Vec::new();
    let mut names = BTreeSet::new();
    for row in rows {
        let error = |message: String| PageError {
            page: page.to_owned(),
            line: row.line,
            message,
        };
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
                let nested = match &row.kind {
                    Kind::Object => true,
                    Kind::Array(Some(inner)) => inner.is_container(),
                    _ => false,
                };
                if nested {
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
                parameters.push(Parameter { row, items: None });
            }
        }
    }
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

/// The sample success response: the JSON after `JSONformat`.
fn sample(page: &str, section: &Section<'_>) -> Result<Option<Json>, PageError> {
    let Some(marker) = section.lines.iter().position(|(_, line)| {
        line.trim().eq_ignore_ascii_case("JSONformat") || line.trim() == "JSON format"
    }) else {
        return Ok(None);
    };
    let Some(start) =
        (marker + 1..section.lines.len()).find(|&index| !section.lines[index].1.trim().is_empty())
    else {
        return Err(PageError {
            page: page.to_owned(),
            line: section.lines[marker].0,
            message: "expected the sample response's JSON after `JSONformat`, found the end of the section".to_owned(),
        });
    };
    let first_line = section.lines[start].0;
    let text: String = section.lines[start..]
        .iter()
        .map(|(_, line)| *line)
        .collect::<Vec<_>>()
        .join("\n");
    // What follows the JSON is another sample (`XMLformat`, an error sample) or nothing; it is not read.
    let (value, _) = json::parse(&text).map_err(|error| PageError {
        page: page.to_owned(),
        line: first_line + error.line,
        message: format!("in the sample response's JSON: {error}"),
    })?;
    if !matches!(value, Json::Object(_)) {
        return Err(PageError {
            page: page.to_owned(),
            line: first_line,
            message: format!(
                "expected the sample response to be a JSON object, found {}",
                value.kind()
            ),
        });
    }
    Ok(Some(value))
}

/// Builds the response tree from the flat rows, placing each field by the sample response.
struct Nesting<'a> {
    page: &'a str,
    /// The open objects, outermost first: a path of child indices from the root, the sample objects at that
    /// place, the keys already placed there.
    stack: Vec<Frame>,
    warnings: &'a mut Vec<String>,
}

struct Frame {
    /// Child indices from the root to this object (an array's items count as the index `usize::MAX`).
    route: Vec<usize>,
    instances: Vec<Json>,
    placed: BTreeSet<String>,
}

const ITEMS: usize = usize::MAX;

impl<'a> Nesting<'a> {
    fn build(
        page: &'a str,
        rows: Vec<Row>,
        sample: Option<&Json>,
        warnings: &'a mut Vec<String>,
    ) -> Result<Field, PageError> {
        let mut rows = rows.into_iter().peekable();
        let root_row = match rows.peek() {
            Some(row) if row.name.is_none() => {
                let row = rows.next();
                if let Some(row) = &row
                    && row.kind != Kind::Object
                {
                    return Err(PageError {
                        page: page.to_owned(),
                        line: row.line,
                        message: format!(
                            "expected the response's root row to be `object`, found `{}`",
                            row.type_name
                        ),
                    });
                }
                row
            }
            _ => None,
        };
        let mut root = Field {
            row: root_row,
            children: Vec::new(),
            items: None,
            wrapper: None,
            samples: sample.cloned().into_iter().collect(),
            path: String::new(),
        };
        let mut nesting = Nesting {
            page,
            stack: vec![Frame {
                route: Vec::new(),
                instances: sample.cloned().into_iter().collect(),
                placed: BTreeSet::new(),
            }],
            warnings,
        };
        // The array whose item row may come next.
        let mut awaiting_items: Option<Vec<usize>> = None;
        for row in rows {
            if row.name.is_none() {
                let Some(route) = awaiting_items.take() else {
                    return Err(nesting.error(
                        row.line,
                        format!(
                            "expected a named field; a bare `{}` row only gives the items of an array",
                            row.type_name
                        ),
                    ));
                };
                nesting.add_items(&mut root, &route, row)?;
                continue;
            }
            if let Some(route) = awaiting_items.take() {
                // The array has no item row.
                let array = node(&mut root, &route);
                let kind = array.row.as_ref().map(|row| row.kind.clone());
                match kind {
                    Some(Kind::Array(Some(inner))) => {
                        let implicit = Row::implicit_items(row.line, *inner);
                        nesting.add_items(&mut root, &route, implicit)?;
                    }
                    _ => {
                        let array = node(&mut root, &route);
                        return Err(nesting.error(
                            row.line,
                            format!(
                                "expected the item row (`object`, `string`, ...) of the array `{}`, found the field \
                                 `{}`",
                                array.path,
                                row.name.as_deref().unwrap_or("?")
                            ),
                        ));
                    }
                }
            }
            let route = nesting.place(&mut root, row)?;
            let placed = node(&mut root, &route);
            if let Some(Kind::Array(_)) = placed.row.as_ref().map(|row| &row.kind) {
                awaiting_items = Some(route);
            }
        }
        if let Some(route) = awaiting_items {
            let array = node(&mut root, &route);
            match array.row.as_ref().map(|row| row.kind.clone()) {
                Some(Kind::Array(Some(inner))) if !inner.is_container() => {
                    let line = array.row.as_ref().map_or(0, |row| row.line);
                    let implicit = Row::implicit_items(line, *inner);
                    nesting.add_items(&mut root, &route, implicit)?;
                }
                _ => {
                    let line = array.row.as_ref().map_or(0, |row| row.line);
                    let path = array.path.clone();
                    return Err(nesting.error(
                        line,
                        format!("expected the item row (`object`, `string`, ...) of the array `{path}` after it"),
                    ));
                }
            }
        }
        report_unlisted(&root, nesting.warnings);
        Ok(root)
    }

    fn error(&self, line: usize, message: String) -> PageError {
        PageError {
            page: self.page.to_owned(),
            line,
            message,
        }
    }

    /// Puts a named row into the innermost open object whose sample has its key; returns the new node's route.
    fn place(&mut self, root: &mut Field, row: Row) -> Result<Vec<usize>, PageError> {
        let name = row.name.clone().unwrap_or_default();
        let chosen = (0..self.stack.len()).rev().find(|&depth| {
            let frame = &self.stack[depth];
            !frame.placed.contains(&name)
                && frame
                    .instances
                    .iter()
                    .any(|instance| instance.get(&name).is_some())
        });
        let depth = match chosen {
            Some(depth) => depth,
            None => {
                let top = self.stack.len() - 1;
                let top_is_empty = node(root, &self.stack[top].route).children.is_empty();
                if self.stack[top].placed.contains(&name) {
                    return Err(self.error(
                        row.line,
                        format!(
                            "expected each field once per object; `{name}` is already listed in `{}`",
                            display_path(&node(root, &self.stack[top].route).path)
                        ),
                    ));
                }
                if top == 0 || top_is_empty {
                    top
                } else {
                    let open: Vec<String> = self
                        .stack
                        .iter()
                        .map(|frame| display_path(&node(root, &frame.route).path))
                        .collect();
                    return Err(self.error(
                        row.line,
                        format!(
                            "cannot place the response field `{name}`: the table is flat and the sample response \
                             has no `{name}` in any open object ({}), so it could belong to any of them; expected the \
                             field in the sample response (the page's Examples) to show where it goes",
                            open.join(", ")
                        ),
                    ));
                }
            }
        };
        self.stack.truncate(depth + 1);
        let frame = &mut self.stack[depth];
        frame.placed.insert(name.clone());
        let samples: Vec<Json> = frame
            .instances
            .iter()
            .filter_map(|instance| instance.get(&name).cloned())
            .collect();
        let parent_route = frame.route.clone();
        let parent = node(root, &parent_route);
        let path = if parent.path.is_empty() {
            name.clone()
        } else {
            format!("{}.{name}", parent.path)
        };
        check_sample_kind(&path, &row, &samples, self.warnings);
        let kind = row.kind.clone();
        let line = row.line;
        parent.children.push(Field {
            row: Some(row),
            children: Vec::new(),
            items: None,
            wrapper: None,
            samples: samples.clone(),
            path: path.clone(),
        });
        let mut route = parent_route;
        route.push(parent.children.len() - 1);
        match kind {
            Kind::Object => {
                let mut instances = Vec::new();
                for sample in samples {
                    match sample {
                        Json::Object(_) => instances.push(sample),
                        Json::Null => {}
                        other => {
                            return Err(self.error(
                                line,
                                format!(
                                    "expected an object at `{path}` in the sample response, as the table says; found \
                                     {}",
                                    other.kind()
                                ),
                            ));
                        }
                    }
                }
                self.stack.push(Frame {
                    route: route.clone(),
                    instances,
                    placed: BTreeSet::new(),
                });
            }
            Kind::Array(_) => {
                // A list the sample wraps in an object with one key: the XML-born wrapper of Alibaba's RPC APIs.
                let mut wrapper: Option<String> = None;
                for sample in &samples {
                    if let Json::Object(entries) = sample {
                        match entries.as_slice() {
                            [(key, Json::Array(_))]
                                if wrapper.as_ref().is_none_or(|known| known == key) =>
                            {
                                wrapper = Some(key.clone());
                            }
                            _ => {
                                let keys: Vec<&str> =
                                    entries.iter().map(|(key, _)| key.as_str()).collect();
                                return Err(self.error(
                                    line,
                                    format!(
                                        "expected an array at `{path}` in the sample response, as the table says \
                                         ({}), or an object wrapping one array; found an object with the keys {}",
                                        node(root, &route).row.as_ref().map_or("", |row| row.type_name.as_str()),
                                        keys.join(", ")
                                    ),
                                ));
                            }
                        }
                    }
                }
                if wrapper.is_some()
                    && samples
                        .iter()
                        .any(|sample| matches!(sample, Json::Array(_)))
                {
                    return Err(self.error(
                        line,
                        format!("expected `{path}` to have one shape in the sample response; found both an array and an object"),
                    ));
                }
                node(root, &route).wrapper = wrapper;
            }
            _ => {}
        }
        Ok(route)
    }

    /// Gives the array at `route` its item row, and opens it when the items are objects.
    fn add_items(&mut self, root: &mut Field, route: &[usize], row: Row) -> Result<(), PageError> {
        let array = node(root, route);
        let mut elements = Vec::new();
        for sample in &array.samples {
            let list = match (&array.wrapper, sample) {
                (Some(key), Json::Object(_)) => sample.get(key),
                (None, Json::Array(_)) => Some(sample),
                _ => None,
            };
            if let Some(Json::Array(items)) = list {
                elements.extend(items.iter().cloned());
            }
        }
        let path = match &array.wrapper {
            Some(key) => format!("{}.{key}[]", array.path),
            None => format!("{}[]", array.path),
        };
        if let Some(Kind::Array(Some(inner))) = array.row.as_ref().map(|row| &row.kind)
            && !row.type_name.is_empty()
            && **inner != row.kind
        {
            return Err(self.error(
                row.line,
                format!(
                    "expected the items of `{}` to be `{}` as its type `{}` says, found `{}`",
                    array.path,
                    type_label(inner),
                    array.row.as_ref().map_or("", |row| row.type_name.as_str()),
                    row.type_name
                ),
            ));
        }
        check_sample_kind(&path, &row, &elements, self.warnings);
        let line = row.line;
        let kind = row.kind.clone();
        array.items = Some(Box::new(Field {
            row: Some(row),
            children: Vec::new(),
            items: None,
            wrapper: None,
            samples: elements.clone(),
            path: path.clone(),
        }));
        let mut item_route = route.to_vec();
        item_route.push(ITEMS);
        match kind {
            Kind::Object => {
                let mut instances = Vec::new();
                for element in elements {
                    match element {
                        Json::Object(_) => instances.push(element),
                        Json::Null => {}
                        other => {
                            return Err(self.error(
                                line,
                                format!(
                                    "expected objects in `{path}` of the sample response, as the table says; found {}",
                                    other.kind()
                                ),
                            ));
                        }
                    }
                }
                // The items replace the array in the nesting: the array itself has no fields of its own.
                let depth = self
                    .stack
                    .iter()
                    .rposition(|frame| route.starts_with(&frame.route))
                    .unwrap_or(0);
                self.stack.truncate(depth + 1);
                self.stack.push(Frame {
                    route: item_route,
                    instances,
                    placed: BTreeSet::new(),
                });
            }
            Kind::Array(_) => {
                return Err(self.error(
                    line,
                    format!("expected objects or scalars as the items of `{}`; arrays of arrays are not supported", path),
                ));
            }
            _ => {}
        }
        Ok(())
    }
}

/// The node at `route` (child indices, [`ITEMS`] for an array's items).
fn node<'t>(root: &'t mut Field, route: &[usize]) -> &'t mut Field {
    let Some((&step, rest)) = route.split_first() else {
        return root;
    };
    if step == ITEMS {
        match root.items {
            Some(ref mut items) => node(items, rest),
            None => root,
        }
    } else if step < root.children.len() {
        node(&mut root.children[step], rest)
    } else {
        root
    }
}

fn display_path(path: &str) -> String {
    if path.is_empty() {
        "the top level".to_owned()
    } else {
        format!("`{path}`")
    }
}

fn type_label(kind: &Kind) -> String {
    match kind {
        Kind::Integer { format: "int64" } => "long".to_owned(),
        Kind::Integer { .. } => "integer".to_owned(),
        Kind::Number { format } => format.unwrap_or("number").to_owned(),
        Kind::String => "string".to_owned(),
        Kind::Boolean => "boolean".to_owned(),
        Kind::Object => "object".to_owned(),
        Kind::Array(None) => "array".to_owned(),
        Kind::Array(Some(inner)) => format!("array<{}>", type_label(inner)),
    }
}

/// Notes a scalar whose table type the sample contradicts (the spec follows the table; a correction may say more).
fn check_sample_kind(path: &str, row: &Row, samples: &[Json], warnings: &mut Vec<String>) {
    for sample in samples {
        let fits = match (&row.kind, sample) {
            (_, Json::Null) => true,
            (Kind::Integer { .. }, Json::Number(text)) => !text.contains(['.', 'e', 'E']),
            (Kind::Number { .. }, Json::Number(_)) => true,
            (Kind::String, Json::String(_)) => true,
            (Kind::Boolean, Json::Bool(_)) => true,
            (Kind::Object, Json::Object(_)) | (Kind::Array(_), _) => true,
            _ => false,
        };
        if !fits {
            warnings.push(format!(
                "line {}: the table types `{path}` as {} but the sample response carries {}; the spec follows the \
                 table unless a correction (x-alicert-correction) says otherwise",
                row.line,
                row.type_name,
                sample.kind()
            ));
            return;
        }
    }
}

/// Notes keys of the sample response that the table does not list.
fn report_unlisted(field: &Field, warnings: &mut Vec<String>) {
    let listed: BTreeSet<&str> = field.children.iter().filter_map(Field::name).collect();
    let is_object = field
        .row
        .as_ref()
        .is_none_or(|row| row.kind == Kind::Object);
    if is_object {
        let mut unlisted: Vec<String> = Vec::new();
        for sample in &field.samples {
            if let Json::Object(entries) = sample {
                for (key, _) in entries {
                    if !listed.contains(key.as_str()) && !unlisted.contains(key) {
                        unlisted.push(key.clone());
                    }
                }
            }
        }
        for key in unlisted {
            let path = if field.path.is_empty() {
                key
            } else {
                format!("{}.{key}", field.path)
            };
            warnings.push(format!(
                "the sample response carries `{path}`, which the table does not list; it is not imported"
            ));
        }
    }
    for child in &field.children {
        report_unlisted(child, warnings);
    }
    if let Some(items) = &field.items {
        report_unlisted(items, warnings);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_split_on_the_longest_type_name() {
        let parsed = header("JobIdlongYes", true).unwrap();
        assert_eq!(parsed.name.as_deref(), Some("JobId"));
        assert_eq!(parsed.kind, Kind::Integer { format: "int64" });
        assert_eq!(parsed.required, Some(true));
        assert_eq!(
            header("Countinteger", false).unwrap().name.as_deref(),
            Some("Count")
        );
        assert_eq!(
            header("Intervalint", false).unwrap().name.as_deref(),
            Some("Interval")
        );
        let array = header("Dataarray<object>", false).unwrap();
        assert_eq!(array.kind, Kind::Array(Some(Box::new(Kind::Object))));
        assert_eq!(header("object", false).unwrap().name, None);
        assert_eq!(
            header("OrderNostringYes", true).unwrap().name.as_deref(),
            Some("OrderNo")
        );
        assert!(
            header("JobIdlong", true).is_none(),
            "a request row needs Yes/No"
        );
        assert!(header("8888", false).is_none());
        assert!(header("The request ID.", false).is_none());
        assert!(header("Fooarray<thing>", false).is_none());
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("Jul 31, 2024").as_deref(), Some("2024-07-31"));
        assert_eq!(
            parse_date("September 3, 2023").as_deref(),
            Some("2023-09-03")
        );
        assert_eq!(parse_date("Jux 31, 2024"), None);
        assert_eq!(parse_date("Jul 32, 2024"), None);
    }

    #[test]
    fn notes_and_prose() {
        assert_eq!(
            token("Note If X is returned."),
            Token::Note("If X is returned.")
        );
        assert_eq!(token("Note that X."), Token::Text("Note that X."));
        assert_eq!(token("  • on"), Token::Bullet("on"));
    }
}
