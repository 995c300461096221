//! No input makes the importer panic: every page with one line removed, cut short at every line, or with one line
//! doubled either imports or fails with an error, in the text layout and with Markdown tables (whose lines are also
//! cut at every character); so does a spec that is not in house style.

use xtask::{docpage, import};

use crate::support;

fn mutations(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out = Vec::new();
    for index in 0..lines.len() {
        let mut removed = lines.clone();
        removed.remove(index);
        out.push(removed.join("\n"));
        out.push(lines[..index].join("\n"));
        let mut doubled = lines.clone();
        doubled.insert(index, lines[index]);
        out.push(doubled.join("\n"));
    }
    out
}

#[test]
fn mutated_pages_parse_or_fail_cleanly() {
    let specs = import::read_specs(&support::spec_dir()).unwrap();
    for name in support::PAGES {
        for (number, text) in mutations(&support::page(name)).into_iter().enumerate() {
            let parsed = docpage::parse(name, &text);
            // Importing (in memory) the removals, which reach the importer most often.
            if number % 3 == 0 && parsed.is_ok() {
                let mut copy = specs.clone();
                let _ = import::import_page(name, &text, &mut copy, None, None);
            }
            if let Err(error) = parsed {
                assert!(
                    error.to_string().starts_with(&format!("{name}:")),
                    "{error}"
                );
            }
        }
    }
}

#[test]
fn mutated_markdown_pages_parse_or_fail_cleanly() {
    let specs = import::read_specs(&support::spec_dir()).unwrap();
    let mut pages: Vec<(String, String)> = support::PAGES
        .iter()
        .map(|name| {
            let path = support::pages_dir().join("markdown").join(name);
            ((*name).to_owned(), std::fs::read_to_string(path).unwrap())
        })
        .collect();
    let cdn = "cdn-describe-domain-certificate-info-2026.md";
    let path = support::pages_dir().join("new").join(cdn);
    pages.push((cdn.to_owned(), std::fs::read_to_string(path).unwrap()));
    for (name, page) in &pages {
        let mut texts = mutations(page);
        // Every table line cut at every character, and with each of its pipes removed.
        let lines: Vec<&str> = page.split('\n').collect();
        for (index, line) in lines.iter().enumerate() {
            if !line.starts_with('|') {
                continue;
            }
            for (at, c) in line.char_indices() {
                let mut cut = lines.clone();
                cut[index] = &line[..at];
                texts.push(cut.join("\n"));
                if c == '|' {
                    let without = format!("{}{}", &line[..at], &line[at + 1..]);
                    let mut edited: Vec<String> =
                        lines.iter().map(|line| (*line).to_owned()).collect();
                    edited[index] = without;
                    texts.push(edited.join("\n"));
                }
            }
        }
        for (number, text) in texts.into_iter().enumerate() {
            let parsed = docpage::parse(name, &text);
            if number % 29 == 0 && parsed.is_ok() {
                let mut copy = specs.clone();
                let _ = import::import_page(name, &text, &mut copy, None, Some("cas"));
            }
            if let Err(error) = parsed {
                assert!(
                    error.to_string().starts_with(&format!("{name}:")),
                    "{error}"
                );
            }
        }
    }
}

#[test]
fn garbage_is_an_error() {
    for text in [
        "",
        "\n\n\n",
        "Last Updated:",
        "A:B\n\nLast Updated:Jan 1, 2024\n",
        "•\u{0}\u{7f}",
        "{\"a\":",
    ] {
        assert!(docpage::parse("garbage.txt", text).is_err(), "{text:?}");
    }
}

#[test]
fn a_spec_not_in_house_style_is_an_error() {
    let mut specs = vec![import::SpecFile {
        name: "cas-2020-04-07.yaml".to_owned(),
        text: "openapi: 3.0.3\ninfo: {title: Certificate Management Service (cas) 2020-04-07, version: '2020-04-07'}\npaths: {\"/?Action=DescribeDeploymentJob\": {post: {operationId: DescribeDeploymentJob, responses: {}}}}\ncomponents: {schemas: {}, responses: {Error: {description: x}}}\n".to_owned(),
    }];
    let name = support::PAGES[0];
    let error = import::import_page(name, &support::page(name), &mut specs, None, None)
        .expect_err("flow style is refused");
    let message = format!("{error:#}");
    assert!(
        message.contains("cas-2020-04-07.yaml") && message.contains("flow style"),
        "{message}"
    );
    let mut broken = vec![import::SpecFile {
        name: "cas-2020-04-07.yaml".to_owned(),
        text: "openapi: [unclosed\n".to_owned(),
    }];
    assert!(import::import_page(name, &support::page(name), &mut broken, None, None).is_err());
}
