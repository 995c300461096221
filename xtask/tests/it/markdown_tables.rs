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
    // A copy that lost its separator line still reads (newer copies of the site do): the same rows.
    let with_separator =
        response("|  | object | The response. |  |\n| RequestId | string | The ID. | 15C6 |");
    let no_separator = with_separator.replace("| --- | :--- | ---: | --- |\n", "");
    assert_ne!(no_separator, with_separator);
    let fields = |text: &str| {
        let page = docpage::parse("md.txt", text).unwrap();
        page.response
            .children
            .iter()
            .map(|field| {
                let row = field.row.as_ref().unwrap();
                (
                    row.name.clone(),
                    row.type_name.clone(),
                    row.description.clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(fields(&no_separator), fields(&with_separator));
    assert_eq!(fields(&no_separator).len(), 1);
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

/// `text` with every Markdown row written as newer copies of the site write them: no opening pipe, no separator
/// line, and a bare row's empty name cell lost (`object | The response. | ||`).
fn without_opening_pipes(text: &str) -> String {
    text.lines()
        .filter(|line| !line.starts_with("| ---") && !line.starts_with("|---"))
        .map(|line| match line.strip_prefix("|  | ") {
            Some(bare) => format!("{bare} |"),
            None => match line.strip_prefix("| ") {
                Some(row) if line.ends_with(" |") => row.to_owned(),
                _ => line.to_owned(),
            },
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn newer_copies_of_the_tables_import_to_the_same_spec() {
    // The 2026 layout heads the response `Response elements` with an `Element` column; some copies also drop the
    // tables' opening pipes and separator lines. Each imports to the same spec as the Markdown table does, in the
    // text layout too (`ElementTypeDescriptionExample`).
    for (label, name, edit) in [
        (
            "elements-md",
            "004_0eee156584138b93.txt",
            (|text: &str| {
                text.replace("Response parameters", "Response elements")
                    .replace(
                        "| Parameter | Type | Description | Example |",
                        "| Element | Type | Description | Example |",
                    )
            }) as fn(&str) -> String,
        ),
        ("no-pipes", "000_506fe8a84725eba1.txt", |text: &str| {
            without_opening_pipes(text)
        }),
    ] {
        let text = edit(&markdown_page(name));
        assert_ne!(text, markdown_page(name), "{label}: the edit applies");
        let dir = support::spec_copy(&format!("newer-{label}"));
        let path = support::write_page(
            &support::scratch(&format!("newer-{label}-page")),
            name,
            &text,
        );
        let report =
            import::run(&[path], &options(&dir)).unwrap_or_else(|error| panic!("{label}: {error}"));
        assert_eq!(
            report.imported[0].change,
            Change::Unchanged,
            "{label}: {}",
            report.diff()
        );
    }
    let name = "002_53836e43b6993692.txt";
    let text = support::page(name).replace(
        "Response parameters\n\nParameterTypeDescriptionExample",
        "Response elements\n\nElementTypeDescriptionExample",
    );
    assert!(text.contains("ElementTypeDescriptionExample"));
    let dir = support::spec_copy("newer-elements-text");
    let path = support::write_page(&support::scratch("newer-elements-text-page"), name, &text);
    let report =
        import::run(&[path], &options(&dir)).expect("the text layout with Element imports");
    assert_eq!(report.imported[0].change, Change::Unchanged);
}
