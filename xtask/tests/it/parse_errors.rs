//! Broken pages fail with an error naming the page, the line and what was expected there, and nothing is written:
//! not the broken page's operation, and not the operations of the good pages imported with it.

use xtask::docpage;
use xtask::import::{self, Options};

use crate::support;

const PAGE: &str = "000_506fe8a84725eba1.txt";

/// The 1-based line of the first line equal to `line` in `text`.
fn line_of(text: &str, line: &str) -> usize {
    text.lines()
        .position(|candidate| candidate == line)
        .expect("the marker line is in the page")
        + 1
}

/// Parses a modified copy of page 000 and returns the error's text, checking that it names the page and `line`.
fn error_at(text: &str, line: usize) -> String {
    let error = docpage::parse(PAGE, text).expect_err("the page must not parse");
    assert_eq!(error.page, PAGE);
    assert_eq!(error.line, line, "wrong line in: {error}");
    let shown = error.to_string();
    assert!(shown.starts_with(&format!("{PAGE}:{line}: ")), "{shown}");
    assert!(
        shown.contains("expected"),
        "the message says what was expected: {shown}"
    );
    shown
}

#[test]
fn a_missing_last_updated_line() {
    let text = support::edit(&support::page(PAGE), "Last Updated:Jul 31, 2024\n", "");
    let message = error_at(&text, 1);
    assert!(message.contains("`Last Updated:Mon DD, YYYY`"), "{message}");
}

#[test]
fn a_title_without_the_action() {
    let text = support::edit(
        &support::page(PAGE),
        "Certificate Management Service:DescribeDeploymentJob\n",
        "Certificate Management Service DescribeDeploymentJob\n",
    );
    let message = error_at(
        &text,
        line_of(
            &text,
            "Certificate Management Service DescribeDeploymentJob",
        ),
    );
    assert!(message.contains("`Product:Action`"), "{message}");
}

#[test]
fn an_impossible_date() {
    let text = support::edit(
        &support::page(PAGE),
        "Last Updated:Jul 31, 2024",
        "Last Updated:Jul 32, 2024",
    );
    let message = error_at(&text, line_of(&text, "Last Updated:Jul 32, 2024"));
    assert!(message.contains("found `Jul 32, 2024`"), "{message}");
}

#[test]
fn a_wrong_table_header() {
    let text = support::edit(
        &support::page(PAGE),
        "ParameterTypeRequiredDescriptionExample\n",
        "ParameterTypeRequiredExample\n",
    );
    let message = error_at(&text, line_of(&text, "ParameterTypeRequiredExample"));
    assert!(
        message.contains("table header `ParameterTypeRequiredDescriptionExample`"),
        "{message}"
    );
}

#[test]
fn an_unknown_type() {
    let text = support::edit(&support::page(PAGE), "JobIdlongYes\n", "JobIdlonggYes\n");
    let message = error_at(&text, line_of(&text, "JobIdlonggYes"));
    assert!(
        message.contains("a parameter name glued to its type and Yes/No such as `JobIdlongYes`"),
        "{message}"
    );
    assert!(message.contains("found `JobIdlonggYes`"), "{message}");
}

#[test]
fn a_row_after_an_example_that_is_not_a_row() {
    // The example of Id is followed by prose instead of the next row.
    let text = support::edit(
        &support::page(PAGE),
        "8888\nGmtCreatestring\n",
        "8888\nsome stray words\n",
    );
    let message = error_at(&text, line_of(&text, "some stray words"));
    assert!(message.contains("after the row of `Id`"), "{message}");
}

#[test]
fn broken_sample_json() {
    let text = support::edit(
        &support::page(PAGE),
        "  \"Id\": 8888,\n",
        "  \"Id\": 8888\n",
    );
    let message = error_at(&text, line_of(&text, "  \"GmtCreate\": \"1679541809000\","));
    assert!(
        message.contains("sample response's JSON: expected `,` or `}`"),
        "{message}"
    );
}

#[test]
fn a_field_the_sample_cannot_place() {
    let text = support::edit(
        &support::page(PAGE),
        "username@example.com\n\nExamples",
        "username@example.com\nExtrastring\n\nAn extra field.\n\nx\n\nExamples",
    );
    let message = error_at(&text, line_of(&text, "Extrastring"));
    assert!(
        message.contains("cannot place the response field `Extra`"),
        "{message}"
    );
    assert!(message.contains("`CasContacts[]`"), "{message}");
}

#[test]
fn a_valid_value_listed_twice() {
    let text = support::edit(
        &support::page(PAGE),
        "  • error\n  • success\n",
        "  • error\n  • error\n",
    );
    let lines: Vec<&str> = text.lines().collect();
    let second = lines.iter().rposition(|line| *line == "  • error").unwrap() + 1;
    let message = error_at(&text, second);
    assert!(message.contains("`error` is listed twice"), "{message}");
}

#[test]
fn a_valid_value_of_the_wrong_type() {
    let text = support::edit(
        &support::page(PAGE),
        "  • 0: not deleted\n",
        "  • zero: not deleted\n",
    );
    let message = error_at(&text, line_of(&text, "  • zero: not deleted"));
    assert!(
        message.contains("expected a valid value of type integer for `Del`, found `zero`"),
        "{message}"
    );
}

#[test]
fn a_missing_response_table() {
    let page = support::page(PAGE);
    let start = page.find("Response parameters").unwrap();
    let end = page.find("Examples").unwrap();
    let text = format!("{}{}", &page[..start], &page[end..]);
    let error = docpage::parse(PAGE, &text).expect_err("no response table");
    assert!(
        error
            .message
            .contains("expected a `Response parameters` section"),
        "{error}"
    );
}

#[test]
fn a_nested_request_object() {
    let text = support::edit(
        &support::page(PAGE),
        "JobIdlongYes\n",
        "Filterarray<object>No\n\nFilters.\n\nJobIdlongYes\n",
    );
    let message = error_at(&text, line_of(&text, "Filterarray<object>No"));
    assert!(
        message.contains("nested request parameters cannot be placed"),
        "{message}"
    );
}

#[test]
fn nothing_is_written_when_one_page_of_several_is_broken() {
    let dir = support::spec_copy("half-applied");
    let pages = support::scratch("half-applied-pages");
    let good = support::write_page(
        &pages,
        "002_53836e43b6993692.txt",
        &support::edit(
            &support::page("002_53836e43b6993692.txt"),
            "JobIdlongNo\n",
            "JobIdlongYes\n",
        ),
    );
    let broken = support::write_page(
        &pages,
        PAGE,
        &support::edit(&support::page(PAGE), "JobIdlongYes\n", "JobIdlonggYes\n"),
    );
    let options = Options {
        spec_dir: dir.clone(),
        spec_file: None,
        product: None,
        check: false,
    };
    let error = import::run(&[good, broken], &options).expect_err("the second page is broken");
    assert!(
        error.to_string().starts_with(&format!("{PAGE}:")),
        "{error}"
    );
    for name in ["cas-2020-04-07.yaml", "vod-2017-03-21.yaml"] {
        assert!(
            std::fs::read_to_string(dir.join(name)).unwrap() == support::spec(name),
            "{name} was written"
        );
    }
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        2,
        "no temporary file is left: {leftovers:?}"
    );
}

#[test]
fn nothing_is_written_when_the_generator_rejects_the_result() {
    // The generator refuses two parameters that give one builder method (`CloudProduct` and `CloudPRODUCT` are
    // both `cloud_product`); the page reader has no reason to.
    let dir = support::spec_copy("generator-rejects");
    let pages = support::scratch("generator-rejects-pages");
    let name = "003_abe27f7cb803c111.txt";
    let page = support::edit(
        &support::page(name),
        "CloudProductstringNo",
        "CloudPRODUCTstringNo\n\nThe same, shouted.\n\nCDN\nCloudProductstringNo",
    );
    let path = support::write_page(&pages, name, &page);
    let error = import::run(
        &[path],
        &Options {
            spec_dir: dir.clone(),
            spec_file: None,
            product: None,
            check: false,
        },
    )
    .expect_err("the generator rejects two parameters with one builder method");
    let message = error.to_string();
    assert!(
        message.contains("nothing written") && message.contains("CloudPRODUCT"),
        "{message}"
    );
    assert!(
        std::fs::read_to_string(dir.join("cas-2020-04-07.yaml")).unwrap()
            == support::spec("cas-2020-04-07.yaml")
    );
}
