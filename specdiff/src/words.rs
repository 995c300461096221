//! Word-level diffs of descriptions, for the report: a description that changed is shown as the words removed
//! (struck through) and added (bold) with a few unchanged words around them, because a reviewer cannot compare two
//! paragraphs quoted whole, and a YAML line diff of a re-wrapped paragraph shows every line.

use std::fmt::Write as _;

/// A word-level diff in Markdown: removed words struck through, added ones in bold, long unchanged runs elided.
pub fn word_diff(old: &str, new: &str) -> String {
    let diff = similar::TextDiff::from_words(old, new);
    let mut out = String::new();
    let changes: Vec<_> = diff.iter_all_changes().collect();
    let mut index = 0;
    while index < changes.len() {
        let tag = changes[index].tag();
        let mut run = String::new();
        while index < changes.len() && changes[index].tag() == tag {
            run.push_str(changes[index].value());
            index += 1;
        }
        let run = run.replace('\n', " ");
        match tag {
            similar::ChangeTag::Equal => {
                out.push_str(&elide(&run, out.is_empty(), index >= changes.len()))
            }
            similar::ChangeTag::Delete => {
                let trimmed = run.trim();
                if !trimmed.is_empty() {
                    let _ = write!(out, "~~{trimmed}~~");
                    if run.ends_with(' ') {
                        out.push(' ');
                    }
                }
            }
            similar::ChangeTag::Insert => {
                let trimmed = run.trim();
                if !trimmed.is_empty() {
                    if out.ends_with("~~") {
                        out.push(' ');
                    }
                    let _ = write!(out, "**{trimmed}**");
                    if run.ends_with(' ') {
                        out.push(' ');
                    }
                }
            }
        }
    }
    format!("“{}”", out.trim())
}

/// Keeps a few words of an unchanged run next to the changes.
fn elide(run: &str, at_start: bool, at_end: bool) -> String {
    const KEEP: usize = 6;
    let words: Vec<&str> = run.split(' ').collect();
    if words.len() <= KEEP * 2 + 1 {
        return run.to_owned();
    }
    let head = if at_start {
        Vec::new()
    } else {
        words[..KEEP].to_vec()
    };
    let tail = if at_end {
        Vec::new()
    } else {
        words[words.len() - KEEP..].to_vec()
    };
    let mut out = head.join(" ");
    if !at_start {
        out.push(' ');
    }
    out.push('…');
    if !at_end {
        out.push(' ');
    }
    out.push_str(&tail.join(" "));
    out
}
