//! The locator half of the house style: finds one entry's lines in a spec file written in the house style (block
//! mappings, two spaces per level), so that the importer can replace exactly those lines and leave every other
//! byte of the file as it was.

use std::ops::Range;

use anyhow::{Result, bail};

/// One mapping entry found in a house-style file: its key and the lines it spans (the key's line up to its last
/// content line; blank and comment lines after it belong to what follows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The key, unquoted.
    pub key: String,
    /// Line indices, end exclusive.
    pub lines: Range<usize>,
}

/// The entries of the block mapping at `indent` within `lines[within]`. Fails when a line there is not a key at
/// that indent, which means the file is not in house style (flow collections, odd indentation).
pub fn entries(lines: &[&str], within: Range<usize>, indent: usize) -> Result<Vec<Entry>> {
    let mut found: Vec<Entry> = Vec::new();
    let mut last_content = within.start;
    for index in within.clone() {
        let line = lines[index];
        let trimmed = line.trim_start_matches(' ');
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let column = line.len() - trimmed.len();
        if column < indent {
            bail!(
                "line {}: expected an entry indented by {indent} spaces, found `{}`",
                index + 1,
                line.trim_end()
            );
        }
        if column == indent {
            let Some(key) = parse_key(trimmed) else {
                bail!(
                    "line {}: expected a `key:` at column {}, found `{}`",
                    index + 1,
                    indent + 1,
                    line.trim_end()
                );
            };
            if let Some(previous) = found.last_mut() {
                previous.lines.end = last_content + 1;
            }
            found.push(Entry {
                key,
                lines: index..index + 1,
            });
        } else if found.is_empty() {
            bail!(
                "line {}: expected an entry at column {}, found `{}`",
                index + 1,
                indent + 1,
                line.trim_end()
            );
        }
        last_content = index;
    }
    if let Some(previous) = found.last_mut() {
        previous.lines.end = last_content + 1;
    }
    Ok(found)
}

/// The key of a `key:` or `key: value` line (already without its indentation), unquoted.
fn parse_key(line: &str) -> Option<String> {
    if line.starts_with("- ") || line == "-" {
        return None;
    }
    let (key, rest) = if let Some(body) = line.strip_prefix('"') {
        let mut key = String::new();
        let mut chars = body.char_indices();
        let mut end = None;
        while let Some((index, c)) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some((_, '"')) => key.push('"'),
                    Some((_, '\\')) => key.push('\\'),
                    Some((_, 'n')) => key.push('\n'),
                    Some((_, 't')) => key.push('\t'),
                    _ => return None,
                },
                '"' => {
                    end = Some(index + 1);
                    break;
                }
                c => key.push(c),
            }
        }
        (key, &body[end?..])
    } else if let Some(body) = line.strip_prefix('\'') {
        let mut key = String::new();
        let mut chars = body.char_indices().peekable();
        let mut end = None;
        while let Some((index, c)) = chars.next() {
            if c == '\'' {
                if chars.peek().map(|(_, next)| *next) == Some('\'') {
                    chars.next();
                    key.push('\'');
                } else {
                    end = Some(index + 1);
                    break;
                }
            } else {
                key.push(c);
            }
        }
        (key, &body[end?..])
    } else {
        let end = line
            .find(": ")
            .or_else(|| line.ends_with(':').then(|| line.len() - 1))?;
        (line[..end].to_owned(), &line[end..])
    };
    (rest == ":" || rest.starts_with(": ")).then_some(key)
}

/// The lines inside an entry: everything after its key line.
pub fn body(entry: &Entry) -> Range<usize> {
    entry.lines.start + 1..entry.lines.end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_entries() {
        let text = "a: 1\nb:\n  c: |-\n    x\n\n    y\n  \"d e\": 2\n# trailing\nf: []\n";
        let lines: Vec<&str> = text.lines().collect();
        let top = entries(&lines, 0..lines.len(), 0).unwrap();
        let keys: Vec<&str> = top.iter().map(|entry| entry.key.as_str()).collect();
        assert_eq!(keys, ["a", "b", "f"]);
        assert_eq!(top[1].lines, 1..7);
        let inner = entries(&lines, body(&top[1]), 2).unwrap();
        assert_eq!(inner[0].lines, 2..6);
        assert_eq!(inner[1].key, "d e");
    }
}
