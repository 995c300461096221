//! Every generated method returns `progenitor_client::Error<ErrorResponse>`; this turns it into our one [`Error`],
//! so `?` works on any generated call. Generic over the error body type (anything `Serialize`), so this crate still
//! knows nothing of the generated code.

use std::time::Duration;

use serde::Serialize;

use crate::error::Error;
use crate::runtime::{ACTION_HEADER, LOCAL_ERROR_HEADER, ORIGINAL_STATUS_HEADER, PRODUCT_HEADER};

impl<E: Serialize> From<progenitor_client::Error<E>> for Error {
    fn from(error: progenitor_client::Error<E>) -> Self {
        use progenitor_client::Error as P;
        match error {
            P::ErrorResponse(response) => {
                let status = response.status().as_u16();
                let headers = response.headers().clone();
                let body = serde_json::to_vec(response.as_ref()).unwrap_or_default();
                let error = match headers
                    .get(LOCAL_ERROR_HEADER)
                    .and_then(|value| value.to_str().ok())
                {
                    Some("local") => local(status, &headers, &body),
                    // Not Alibaba's error object: the runtime put the body's sanitized excerpt in `Message`.
                    Some("non-json-body") => {
                        Error::service(status, &headers, json_str(&body, "Message").as_bytes())
                    }
                    _ => Error::service(status, &headers, &body),
                };
                let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
                match (header(PRODUCT_HEADER), header(ACTION_HEADER)) {
                    (Some(product), Some(action)) => error.with_operation(product, action),
                    _ => error,
                }
            }
            P::CommunicationError(error)
            | P::ResponseBodyError(error)
            | P::InvalidUpgrade(error) => Error::transport(error),
            P::InvalidResponsePayload(bytes, error) => {
                let excerpt: String = String::from_utf8_lossy(&bytes[..bytes.len().min(200)])
                    .chars()
                    .filter(|c| !c.is_control())
                    .collect();
                let path = json_path_at(&bytes, error.line(), error.column());
                Error::decode(200, path, error.to_string(), excerpt)
            }
            P::UnexpectedResponse(response) => {
                Error::service(response.status().as_u16(), response.headers(), b"")
            }
            P::InvalidRequest(message) | P::Custom(message) => Error::invalid_request(message),
        }
    }
}

/// The string field `name` of a JSON object body, or `""`.
fn json_str(body: &[u8], name: &str) -> String {
    serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|value| value.get(name)?.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// A failure the runtime found itself and carried through progenitor as a marked response.
fn local(status: u16, headers: &reqwest::header::HeaderMap, body: &[u8]) -> Error {
    let code = json_str(body, "Code");
    let message = json_str(body, "Message");
    let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    match code.as_str() {
        "Alicert.CredentialsUnavailable" => Error::credentials(message),
        "Alicert.InvalidRequest" => Error::invalid_request(message),
        "Alicert.ResponseTooLarge" => Error::decode(
            header(ORIGINAL_STATUS_HEADER)
                .and_then(|text| text.parse().ok())
                .unwrap_or(status),
            "$".to_owned(),
            message,
            header(crate::runtime::EXCERPT_HEADER)
                .unwrap_or("")
                .to_owned(),
        ),
        "Alicert.Redirected" => Error::redirect(
            header(ORIGINAL_STATUS_HEADER)
                .and_then(|text| text.parse().ok())
                .unwrap_or(status),
            Some(message).filter(|host| !host.is_empty()),
        ),
        "Alicert.OperationTimeout" => {
            let millis = headers
                .get("x-alicert-timeout-ms")
                .and_then(|value| value.to_str().ok())
                .and_then(|text| text.parse().ok())
                .unwrap_or(0);
            Error::timeout("the operation", Duration::from_millis(millis))
        }
        _ => Error::service(status, headers, body),
    }
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
