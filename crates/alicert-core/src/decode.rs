//! A success body decoded into its response type once, straight from the bytes read off the wire. When it does not
//! match, the error names the JSON path of the value that did not (`$.Data[1].Port`), found from serde_json's position
//! of the error, although this crate does not know the generated types.

use serde::de::DeserializeOwned;

use crate::error::Error;

/// How many bytes of a body that did not decode an error quotes.
const EXCERPT_BYTES: usize = 200;

/// `body` (answered with `status`) as a `T`, or a decode error naming the path, what was wrong and how the body
/// starts.
pub fn json<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, Error> {
    // One UTF-8 check of the whole body (vectorised) lets serde_json skip checking every string it reads.
    let decoded = match std::str::from_utf8(body) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => serde_json::from_slice(body),
    };
    decoded.map_err(|error| {
        let excerpt: String = String::from_utf8_lossy(&body[..body.len().min(EXCERPT_BYTES)])
            .chars()
            .filter(|c| !c.is_control())
            .collect();
        let path = json_path_at(body, error.line(), error.column());
        Error::decode(status, path, error.to_string(), excerpt)
    })
}

/// The JSON path (`$.Data[0].Port`) of the value at `line`/`column` (serde_json's 1-based position of an error) in
/// `bytes`, found by scanning the text up to there. A decoding error then names the field that did not match its
/// type, although this crate does not know the type. `$` when the position is outside any value.
fn json_path_at(bytes: &[u8], line: usize, column: usize) -> String {
    enum Frame {
        Object(Option<String>),
        Array(usize),
    }
    let mut offset = 0;
    let mut current_line = 1;
    while current_line < line && offset < bytes.len() {
        if bytes[offset] == b'\n' {
            current_line += 1;
        }
        offset += 1;
    }
    let end = (offset + column).min(bytes.len());
    let mut frames: Vec<Frame> = Vec::new();
    let mut index = 0;
    while index < end {
        match bytes[index] {
            b'"' => {
                let start = index + 1;
                index += 1;
                while index < bytes.len() && bytes[index] != b'"' {
                    index += if bytes[index] == b'\\' { 2 } else { 1 };
                }
                // A string right after `{` or `,` in an object is a key: the next value's name.
                if let Some(Frame::Object(key @ None)) = frames.last_mut() {
                    let text = bytes.get(start..index.min(bytes.len())).unwrap_or_default();
                    *key = Some(String::from_utf8_lossy(text).into_owned());
                }
            }
            b'{' => frames.push(Frame::Object(None)),
            b'[' => frames.push(Frame::Array(0)),
            b'}' | b']' => {
                frames.pop();
            }
            b',' => match frames.last_mut() {
                Some(Frame::Object(key)) => *key = None,
                Some(Frame::Array(position)) => *position += 1,
                None => {}
            },
            _ => {}
        }
        index += 1;
    }
    let mut path = String::from("$");
    for frame in &frames {
        match frame {
            Frame::Object(Some(key)) => {
                path.push('.');
                path.push_str(key);
            }
            Frame::Object(None) => {}
            Frame::Array(position) => path.push_str(&format!("[{position}]")),
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::json_path_at;

    fn path_of_type_error(json: &str) -> String {
        #[derive(serde::Deserialize)]
        #[allow(dead_code)]
        struct Worker {
            #[serde(rename = "Port")]
            port: Option<i32>,
        }
        #[derive(serde::Deserialize)]
        #[allow(dead_code)]
        struct Page {
            #[serde(rename = "Data")]
            data: Vec<Worker>,
        }
        let error = serde_json::from_str::<Page>(json)
            .err()
            .expect("a type error");
        json_path_at(json.as_bytes(), error.line(), error.column())
    }

    #[test]
    fn names_the_field_that_did_not_match() {
        assert_eq!(
            path_of_type_error(r#"{"Data":[{"Port":1},{"Port":"x"}]}"#),
            "$.Data[1].Port"
        );
        assert_eq!(
            path_of_type_error(
                "{\n  \"Data\": [\n    {\"Port\": 2},\n    {\"Other\": \"a,b\", \"Port\": true}\n  ]\n}"
            ),
            "$.Data[1].Port"
        );
        assert_eq!(path_of_type_error(r#"{"Data":{"Port":1}}"#), "$.Data");
    }

    #[test]
    fn never_panics_on_odd_positions() {
        for (line, column) in [(0, 0), (1, 0), (99, 99), (1, 1000)] {
            let _ = json_path_at(br#"{"a":["\"#, line, column);
            let _ = json_path_at(b"", line, column);
        }
    }
}
