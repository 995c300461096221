//! The reader for Alibaba Cloud API reference pages in their text form (`../shared/api-docs/*.txt`, tables as text
//! or Markdown), the input of `cargo xtask import-doc`. It exists so that a changed page becomes a spec change
//! mechanically: it turns a page into a [`Page`], every element with the line it came from, or fails with a
//! [`PageError`] that names the page, the line and what it expected there.
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
//! - or the same tables rendered as Markdown (`| Parameter | Type | Required | Description | Example |`, a `|---|`
//!   line, one line per row), which give the same rows (see `markdown.rs`);
//! - nesting in the response table: an `object` row opens an object whose fields follow; an `array<object>` row is
//!   followed by a bare `object` row (the items), an `array` row by a bare item row such as `string`. A bare row is
//!   only read as a row where items are expected (or as the response's root object, the table's first row), so an
//!   example that happens to be a type name stays an example. The text has no indentation, so where an object ends
//!   is read from the sample response, which is what the wire carries: each field goes into the innermost open
//!   object whose sample has that key. A field the sample lacks can only go where there is no choice (the top level
//!   when nothing is open, the first field of a just opened object); otherwise it is an error;
//! - `Examples`: `Sample success responses`, `JSONformat`, and the JSON document (in a Markdown copy, maybe inside a
//!   ```` ``` ```` fence).
//!
//! Known ambiguities, resolved one way: the last line of a table is read as its last row's example (the blank line
//! before the next heading hides whether a paragraph or an example ends the row); in the place where an example may
//! stand, only a name starting with an uppercase letter starts the next row.

mod markdown;
mod nesting;
mod table;

use std::fmt;

use crate::json::{self, Json};
use nesting::Nesting;
use table::{Table, header, paragraphs, request_parameters};
#[cfg(test)]
use table::{Token, token};

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
    pub(super) fn from_name(name: &str) -> Option<Kind> {
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
    /// How far a Markdown table indents the row's name to show its nesting (a rank: more is deeper); `None` when
    /// the table shows no indentation (the text layout never does). It places a field the sample response cannot.
    pub depth: Option<usize>,
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
            depth: None,
        }
    }

    /// The description as the spec writes it: paragraphs separated by a blank line.
    pub fn description_text(&self) -> String {
        self.description.join("\n\n")
    }
}

/// A request parameter: its row and, for an array, its item row; for an object (or a list of objects), its
/// fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parameter {
    /// The parameter's row.
    pub row: Row,
    /// The item row of an array parameter, when the page gives one.
    pub items: Option<Row>,
    /// The fields of an object parameter or of the objects of a list, in the page's order. Only a table that shows
    /// nesting (a Markdown table's indentation) can give them; the text layout cannot place them.
    pub fields: Vec<Row>,
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
            let rows = if markdown::is_table(section) {
                markdown::rows(name, section, true)?
            } else {
                Table::new(name, section, true)?.rows()?
            };
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
    let rows = if markdown::is_table(response_section) {
        markdown::rows(name, response_section, false)?
    } else {
        Table::new(name, response_section, false)?.rows()?
    };
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

/// The sample success response: the JSON after `JSONformat`.
fn sample(page: &str, section: &Section<'_>) -> Result<Option<Json>, PageError> {
    let Some(marker) = section.lines.iter().position(|(_, line)| {
        line.trim().eq_ignore_ascii_case("JSONformat") || line.trim() == "JSON format"
    }) else {
        return Ok(None);
    };
    // A Markdown copy fences the JSON (```json ... ```); the fence lines are not JSON.
    let Some(start) = (marker + 1..section.lines.len()).find(|&index| {
        let line = section.lines[index].1.trim();
        !line.is_empty() && !line.starts_with("```")
    }) else {
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
