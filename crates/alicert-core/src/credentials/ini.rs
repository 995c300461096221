//! The INI subset of the shared credentials file, `~/.alibabacloud/credentials`: `[section]` headers, `key = value`
//! lines, full-line `#` / `;` comments. It is a few dozen lines written here rather than a dependency, because the
//! format needed is tiny and because its errors must carry line numbers without ever quoting a line (the line could
//! be a secret).

use std::collections::HashMap;

use super::shown::bare;

/// One `[name]` section and its `key = value` entries (keys lower-cased, values trimmed, never empty).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Section {
    pub(crate) name: String,
    pub(crate) line: usize,
    /// Key to value and line number.
    entries: HashMap<String, (String, usize)>,
}

impl Section {
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.entries.get(key).map(|(value, _)| value.as_str())
    }
}

/// Parses the INI subset described on [`CredentialsFileProvider`](super::CredentialsFileProvider), in time linear in the file's size (repeats are
/// found through maps, not by looking back over what came before). Errors name a line number, never its text.
pub(crate) fn parse_ini(bytes: &[u8]) -> Result<Vec<Section>, String> {
    let text = std::str::from_utf8(bytes).map_err(|error| {
        let line = 1 + bytes
            .iter()
            .take(error.valid_up_to())
            .filter(|&&byte| byte == b'\n')
            .count();
        format!("line {line}: not valid UTF-8")
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut sections: Vec<Section> = Vec::new();
    // Section name to the line of its header.
    let mut headers: HashMap<&str, usize> = HashMap::new();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(header) = line.strip_prefix('[') {
            let Some(name) = header.strip_suffix(']') else {
                return Err(format!("line {number}: a section header must end with `]`"));
            };
            let name = name.trim();
            if name.is_empty() {
                return Err(format!("line {number}: empty section name"));
            }
            if let Some(first) = headers.insert(name, number) {
                return Err(format!(
                    "line {number}: section [{}] appears twice (first at line {first})",
                    bare(name)
                ));
            }
            sections.push(Section {
                name: name.to_owned(),
                line: number,
                entries: HashMap::new(),
            });
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            return Err(format!(
                "line {number}: expected `[profile]`, `key = value` or a comment"
            ));
        };
        let key = key.trim().to_ascii_lowercase();
        if key.is_empty() {
            return Err(format!("line {number}: a key is missing before `=`"));
        }
        // Keys are not quoted back: a line that is not what it seems could hold a secret.
        let Some(section) = sections.last_mut() else {
            return Err(format!(
                "line {number}: a `key = value` line comes before any [profile] header"
            ));
        };
        if let Some((_, first)) = section.entries.get(&key) {
            return Err(format!(
                "line {number}: a key appears twice in [{}] (first at line {first})",
                bare(&section.name)
            ));
        }
        let value = value
            .split_once('#')
            .map_or(value, |(value, _comment)| value)
            .trim();
        let value = unquote(value);
        if !value.is_empty() {
            section.entries.insert(key, (value.to_owned(), number));
        }
    }
    Ok(sections)
}

fn unquote(value: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some(inner) = value
            .strip_prefix(quote)
            .and_then(|rest| rest.strip_suffix(quote))
        {
            return inner;
        }
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sections_keys_comments_and_quotes() {
        let text = "\u{feff}# top comment\n\n[default]\nType = access_key\naccess_key_id = \"LTAI-id\" # inline\n\
                    ; another comment\naccess_key_secret='ini-secret'\nempty =\n[other]\n  type=ecs_ram_role  \n";
        let sections = parse_ini(text.as_bytes()).unwrap();
        assert_eq!(sections.len(), 2);
        assert_eq!(sections[0].name, "default");
        assert_eq!(sections[0].line, 3);
        assert_eq!(sections[0].get("type"), Some("access_key"));
        assert_eq!(sections[0].get("access_key_id"), Some("LTAI-id"));
        assert_eq!(sections[0].get("access_key_secret"), Some("ini-secret"));
        assert_eq!(sections[0].get("empty"), None);
        assert_eq!(sections[1].get("type"), Some("ecs_ram_role"));
    }

    #[test]
    fn errors_name_the_line_and_never_quote_it() {
        let cases: &[(&str, &str)] = &[
            (
                "[default]\nline-secret-without-equals\n",
                "line 2: expected",
            ),
            ("[default\n", "line 1: a section header must end"),
            ("[]\n", "line 1: empty section name"),
            (
                "k = v\n",
                "line 1: a `key = value` line comes before any [profile] header",
            ),
            ("[a]\n= v\n", "line 2: a key is missing"),
            (
                "[a]\nk = 1\nK = 2\n",
                "line 3: a key appears twice in [a] (first at line 2)",
            ),
            (
                "[a]\n[b]\n\n[a]\n",
                "line 4: section [a] appears twice (first at line 1)",
            ),
        ];
        for (text, expected) in cases {
            let error = parse_ini(text.as_bytes()).unwrap_err();
            assert!(error.starts_with(expected), "{text:?} gave {error:?}");
            assert!(!error.contains("line-secret"), "{error}");
        }
        let error = parse_ini(b"[a]\nk = \xff\n").unwrap_err();
        assert_eq!(error, "line 2: not valid UTF-8");
    }

    #[test]
    fn arbitrary_bytes_never_panic() {
        for text in [
            "[",
            "]",
            "=",
            "[[]]",
            "[a]\n=",
            "\r\n[a]\r\nk=v\r\n",
            "[a]\n#=\n",
            "\u{feff}",
            "[a]\nk='",
        ] {
            let _ = parse_ini(text.as_bytes());
        }
        assert_eq!(
            parse_ini(b"\r\n[a]\r\nk=v\r\n").unwrap()[0].get("k"),
            Some("v")
        );
    }
}
