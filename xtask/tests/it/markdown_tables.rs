//! Parameter tables rendered as Markdown (`| Parameter | Type | Required | Description | Example |`), as some copies
//! of the pages have them, import to the same spec as the text layout: the five pages converted to Markdown by
//! `pages/markdown/convert.py` (an independent reading of the text layout; its cells vary `<br>` forms, bullet
//! signs, inline bullets and HTML entities) change nothing. Broken tables fail naming the page, the line and what
//! was expected.

use xtask::docpage;
use xtask::import::{self, Change, Options};

use crate::support;

fn markdown_page(name: &str) -> String {
    std::fs::read_to_string(support::pages_dir().join("markdown").join(name))
        .expect("the Markdown copy exists")
}

fn options(dir: &std::path::Path) -> Options {
    Options {
        spec_dir: dir.to_path_buf(),
        spec_file: None,
        product: None,
        check: false,
    }
}

#[test]
fn the_five_pages_in_markdown_import_to_the_same_spec() {
    for name in support::PAGES {
        let text = markdown_page(name);
        assert!(
            text.contains("| Parameter | Type | Description | Example |")
                && !text.contains("ParameterTypeDescriptionExample"),
            "{name}: the copy's tables are Markdown"
        );
        let dir = support::spec_copy(&format!("markdown-{}", &name[..3]));
        let pages = support::scratch(&format!("markdown-{}-page", &name[..3]));
        let path = support::write_page(&pages, name, &text);
        let report = import::run(&[path], &options(&dir)).expect("the Markdown page imports");
        assert_eq!(report.imported[0].change, Change::Unchanged, "{name}");
        assert!(
            report.changed.is_empty(),
            "{name}: the Markdown page changes the spec:\n{}",
            report.diff()
        );
        // The reading itself is the same, row for row (lines aside).
        let from_text = docpage::parse(name, &support::page(name)).unwrap();
        let from_markdown = docpage::parse(name, &text).unwrap();
        assert_eq!(
            from_markdown.parameters.len(),
            from_text.parameters.len(),
            "{name}"
        );
        for (markdown, text) in from_markdown.parameters.iter().zip(&from_text.parameters) {
            assert_eq!(markdown.row.name, text.row.name, "{name}");
            assert_eq!(markdown.row.description, text.row.description, "{name}");
            assert_eq!(
                markdown
                    .row
                    .valid_values
                    .as_ref()
                    .map(|values| &values.values),
                text.row.valid_values.as_ref().map(|values| &values.values),
                "{name}"
            );
        }
    }
}

const PAGE_HEAD: &str = "Certificate Management Service:DescribeDeploymentJob\n\nLast Updated:Jul 31, 2024\n\n\
    Queries the details of a deployment task.\n\nRequest parameters\n\n";

fn response(rows: &str) -> String {
    format!(
        "{PAGE_HEAD}| Parameter | Type | Required | Description | Example |\n|---|---|---|---|---|\n\
         | JobId | long | Yes | The ID. | 8888 |\n\nResponse parameters\n\n\
         | Parameter | Type | Description | Example |\n| --- | :--- | ---: | --- |\n{rows}\n\nExamples\n\n\
         Sample success responses\n\nJSONformat\n\n```json\n{{\n  \"RequestId\": \"15C6\",\n  \"Id\": 8888\n}}\n```\n"
    )
}

#[test]
fn cells_hold_escaped_pipes_entities_line_breaks_and_inline_values() {
    let text = response(
        "|  | object | The response. |  |\n\
         | `RequestId` | string | The ID of the request \\| call.<br/>Note: Keep it.<BR>Quoted: &lt;id&gt; | 15C6 |\n\
         | &nbsp;&nbsp;└ **Id** | long | The kind. Valid values: • 1: first \\| one • 8888: other | 8888 |",
    );
    let page = docpage::parse("md.txt", &text).expect("the page parses");
    let request = page.response.children[0].row.as_ref().unwrap();
    assert_eq!(request.name.as_deref(), Some("RequestId"));
    assert_eq!(
        request.description,
        [
            "The ID of the request | call.",
            "Note: Keep it.",
            "Quoted: <id>"
        ]
    );
    let id = page.response.children[1].row.as_ref().unwrap();
    assert_eq!(id.name.as_deref(), Some("Id"));
    assert_eq!(id.description, ["The kind. Valid values:"]);
    let values = &id
        .valid_values
        .as_ref()
        .expect("inline valid values")
        .values;
    assert_eq!(
        values,
        &[
            ("1".to_owned(), "first | one".to_owned()),
            ("8888".to_owned(), "other".to_owned())
        ]
    );
    assert_eq!(
        id.example.as_ref().map(|(_, text)| text.as_str()),
        Some("8888")
    );
    assert!(page.sample.is_some(), "the sample in a code fence is read");
}

#[test]
fn broken_markdown_tables_name_the_line() {
    let cases = [
        // Too many cells: an unescaped pipe.
        (
            "| RequestId | string | a | b | 15C6 |",
            18,
            "expected 4 cells",
        ),
        (
            "| RequestId | strin | The ID. | 15C6 |",
            18,
            "expected a type in the Type cell of `RequestId`",
        ),
        (
            "| Request Id | string | The ID. | 15C6 |",
            18,
            "expected a parameter name",
        ),
        (
            "| RequestId | string | Valid values:<br>• a<br>• a | a |",
            18,
            "listed twice",
        ),
    ];
    for (row, line, expected) in cases {
        let text = response(&format!("|  | object | The response. |  |\n{row}"));
        let error = docpage::parse("md.txt", &text).unwrap_err();
        assert_eq!(error.line, line, "{row}: {error}");
        assert!(error.message.contains(expected), "{row}: {error}");
    }
    let no_separator =
        response("|  | object | The response. |  |").replace("| --- | :--- | ---: | --- |\n", "");
    let error = docpage::parse("md.txt", &no_separator).unwrap_err();
    assert!(error.message.contains("separator line"), "{error}");
    let trailing = response(
        "|  | object | The response. |  |\n| RequestId | string | The ID. | 15C6 |\nAfterwards",
    );
    let error = docpage::parse("md.txt", &trailing).unwrap_err();
    assert!(error.message.contains("`Afterwards` after it"), "{error}");
    let required = PAGE_HEAD.to_owned()
        + "| Parameter | Type | Required | Description | Example |\n|---|---|---|---|---|\n\
           | JobId | long | Maybe | The ID. | 8888 |\n";
    let error = docpage::parse("md.txt", &required).unwrap_err();
    assert_eq!(error.line, 11, "{error}");
    assert!(error.message.contains("`Yes` or `No`"), "{error}");
    let no_required = PAGE_HEAD.to_owned()
        + "| Parameter | Type | Description | Example |\n|---|---|---|---|\n| JobId | long | The ID. | 8888 |\n";
    let error = docpage::parse("md.txt", &no_required).unwrap_err();
    assert!(
        error
            .message
            .contains("| Parameter | Type | Required | Description | Example |"),
        "{error}"
    );
}

#[test]
fn indentation_places_fields_the_sample_lacks() {
    let page = std::fs::read_to_string(
        support::pages_dir()
            .join("new")
            .join("cdn-describe-domain-certificate-info-2026.md"),
    )
    .unwrap();
    // The request's Tag (a list of objects, placed by its own indentation: request_objects.rs) stays out of this.
    let page: String = page
        .split_inclusive('\n')
        .filter(|line| {
            !line.starts_with("| Tag |") && !line.contains("└ Key |") && !line.contains("└ Value |")
        })
        .collect();
    // The sample loses a field of the entries, and the table gains a top-level field the sample lacks.
    let page = support::edit(&page, "        \"CertOrg\": \"DigiCert\",\n", "");
    let last_row = page
        .lines()
        .find(|line| line.starts_with("| &nbsp;&nbsp;└ Status |"))
        .unwrap()
        .to_owned();
    let page = support::edit(
        &page,
        &last_row,
        &format!("{last_row}\n| TotalCount | integer | The number of certificates. | 1 |"),
    );
    let parsed = docpage::parse("cdn.md", &page).expect("indentation places both fields");
    let names: Vec<&str> = parsed
        .response
        .children
        .iter()
        .filter_map(|field| field.name())
        .collect();
    assert_eq!(names, ["RequestId", "CertInfos", "TotalCount"]);
    let items = parsed.response.children[1]
        .items
        .as_ref()
        .expect("the entries");
    assert!(
        items
            .children
            .iter()
            .any(|field| field.name() == Some("CertOrg")),
        "CertOrg is an entry's field"
    );

    // Without the indentation the table is flat, and the field cannot be placed, as in the text layout.
    let flat = page.replace("| &nbsp;&nbsp;└ ", "| ");
    let error = docpage::parse("cdn.md", &flat).unwrap_err();
    assert!(
        error
            .message
            .contains("cannot place the response field `CertOrg`"),
        "{error}"
    );
}
