//! How a name read from a file or the environment (a profile, a section, a role) appears in a message. Such text is
//! shown to people, and it could be anything: a name of a megabyte, control characters that rewrite the terminal, or
//! a hundred thousand profiles. So one name is escaped and cut short, and a list of them stops after a few.

/// The most characters of one name a message shows.
const NAME_LIMIT: usize = 64;
/// The most names a list in a message shows.
const LIST_LIMIT: usize = 10;

/// `name` quoted, control characters escaped, cut after [`NAME_LIMIT`] characters: `"prod"`, `"a\u{1b}[2J"`,
/// `"xxxx…"...`.
pub(crate) fn shorten(name: &str) -> String {
    match name.char_indices().nth(NAME_LIMIT) {
        None => format!("{name:?}"),
        Some((cut, _)) => format!("{:?}...", &name[..cut]),
    }
}

/// `name` as [`shorten`] shows it, without the quotes: for `[section]` headers, whose brackets already delimit it.
pub(crate) fn bare(name: &str) -> String {
    let quoted = shorten(name);
    match quoted.strip_suffix("...") {
        Some(cut) => format!("{}...", &cut[1..cut.len() - 1]),
        None => quoted[1..quoted.len() - 1].to_owned(),
    }
}

/// The first [`LIST_LIMIT`] of `names`, each as `show` gives it, joined with commas, then `and N more` for the rest.
pub(crate) fn list<'a>(
    names: impl ExactSizeIterator<Item = &'a str>,
    show: fn(&str) -> String,
) -> String {
    let total = names.len();
    let mut shown: Vec<String> = names.take(LIST_LIMIT).map(show).collect();
    if total > LIST_LIMIT {
        shown.push(format!("and {} more", total - LIST_LIMIT));
    }
    shown.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_escaped_and_cut() {
        assert_eq!(shorten("prod"), "\"prod\"");
        assert_eq!(bare("prod"), "prod");
        assert_eq!(shorten("a\u{1b}[2J\n"), "\"a\\u{1b}[2J\\n\"");
        let long = "ü".repeat(100_000);
        let cut = shorten(&long);
        assert_eq!(cut, format!("{:?}...", "ü".repeat(NAME_LIMIT)));
        assert_eq!(bare(&long), format!("{}...", "ü".repeat(NAME_LIMIT)));
        assert_eq!(
            shorten(&"x".repeat(NAME_LIMIT)),
            format!("\"{}\"", "x".repeat(NAME_LIMIT))
        );
    }

    #[test]
    fn lists_stop_after_a_few() {
        let names: Vec<String> = (0..100_000).map(|index| format!("p{index}")).collect();
        let shown = list(names.iter().map(String::as_str), shorten);
        assert!(shown.starts_with("\"p0\", \"p1\", "), "{shown}");
        assert!(shown.ends_with("\"p9\", and 99990 more"), "{shown}");
        assert_eq!(list(["a", "b"].into_iter(), bare), "a, b");
    }
}
