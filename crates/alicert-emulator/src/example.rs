//! The answer of an operation that has no stateful handler: its spec example, field by field in the page's order,
//! with a fresh `RequestId` (drawn from the emulator's sequence, so reproducible with a seed) and the request's own
//! value in every field named like a parameter the request sent, at any depth (`DomainName` answers the
//! `DomainName` asked for, at the top or in `CertInfos.CertInfo[].DomainName`), as the handlers answer for the
//! records they serve. A value is echoed only where it fits the example's JSON type (a number where the example has
//! a number); everything else is the example as the page gives it, in the page's order (the example's text is
//! walked, never re-serialized). The handler turns it into XML when the request asks for XML.

use serde::de::IgnoredAny;

use crate::dataset::FUTURE_VALUE;
use crate::error::ApiError;
use crate::request::Incoming;
use crate::table::Operation;

/// The example of `operation` as JSON, answering `incoming` under `request_id`.
pub(crate) fn answer(
    operation: &Operation,
    incoming: &Incoming,
    request_id: &str,
    newer_service: bool,
) -> Result<Vec<u8>, ApiError> {
    let mut fields: Vec<(&str, String)> = operation
        .example
        .iter()
        .map(|field| {
            let value = if field.name == "RequestId" {
                json_string(request_id)
            } else {
                echo(operation, incoming, field.name, field.json)
            };
            (field.name, value)
        })
        .collect();
    if !fields.iter().any(|(name, _)| *name == "RequestId") {
        fields.insert(0, ("RequestId", json_string(request_id)));
    }
    if newer_service {
        fields.push(("NewFieldFromTheFuture", json_string(FUTURE_VALUE)));
    }
    let mut body = String::from("{");
    for (index, (name, value)) in fields.iter().enumerate() {
        if index > 0 {
            body.push(',');
        }
        body.push_str(&json_string(name));
        body.push(':');
        body.push_str(value);
    }
    body.push('}');
    // A table given in a test may carry text that is not JSON: say so rather than send it.
    if let Err(error) = serde_json::from_str::<IgnoredAny>(&body) {
        return Err(ApiError::new(
            500,
            "InternalError",
            format!(
                "The emulator's example answer of {} is not JSON: {error}.",
                operation.action
            ),
        ));
    }
    Ok(body.into_bytes())
}

/// `json` (the value of the field `key`) with the request's values in the fields named like its parameters, or
/// `json` unchanged when it is not JSON the walker can follow (the caller then reports it).
fn echo(operation: &Operation, incoming: &Incoming, key: &str, json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let mut walker = Walker {
        text: json.as_bytes(),
        at: 0,
        out: &mut out,
        replace: &|key: &str, token: &str| echoed(operation, incoming, key, token),
    };
    match walker.value(Some(key)) {
        Some(()) if walker.at == json.len() => out,
        _ => json.to_owned(),
    }
}

/// A copying walk over one JSON value that offers every scalar under an object key to `replace`.
struct Walker<'a, 'o> {
    text: &'a [u8],
    at: usize,
    out: &'o mut String,
    replace: &'a dyn Fn(&str, &str) -> Option<String>,
}

impl Walker<'_, '_> {
    fn copy_whitespace(&mut self) {
        while let Some(byte) = self
            .text
            .get(self.at)
            .filter(|byte| byte.is_ascii_whitespace())
        {
            self.out.push(char::from(*byte));
            self.at += 1;
        }
    }

    fn copy(&mut self, from: usize) -> Option<&str> {
        let token = std::str::from_utf8(self.text.get(from..self.at)?).ok()?;
        self.out.push_str(token);
        Some(token)
    }

    /// The span of a string starting at `self.at` (its quotes included), moved past.
    fn string(&mut self) -> Option<(usize, usize)> {
        let start = self.at;
        self.at += 1;
        loop {
            match self.text.get(self.at)? {
                b'\\' => self.at += 2,
                b'"' => {
                    self.at += 1;
                    return Some((start, self.at));
                }
                _ => self.at += 1,
            }
        }
    }

    fn value(&mut self, key: Option<&str>) -> Option<()> {
        self.copy_whitespace();
        let start = self.at;
        match *self.text.get(self.at)? {
            b'{' => {
                self.at += 1;
                self.out.push('{');
                self.copy_whitespace();
                if self.text.get(self.at) == Some(&b'}') {
                    self.at += 1;
                    self.out.push('}');
                    return Some(());
                }
                loop {
                    self.copy_whitespace();
                    if self.text.get(self.at) != Some(&b'"') {
                        return None;
                    }
                    let (from, to) = self.string()?;
                    let name = std::str::from_utf8(self.text.get(from + 1..to - 1)?).ok()?;
                    let name = name.to_owned();
                    self.at = to;
                    self.copy(from)?;
                    self.copy_whitespace();
                    if self.text.get(self.at) != Some(&b':') {
                        return None;
                    }
                    self.at += 1;
                    self.out.push(':');
                    self.value(Some(&name))?;
                    self.copy_whitespace();
                    match self.text.get(self.at)? {
                        b',' => {
                            self.at += 1;
                            self.out.push(',');
                        }
                        b'}' => {
                            self.at += 1;
                            self.out.push('}');
                            return Some(());
                        }
                        _ => return None,
                    }
                }
            }
            b'[' => {
                self.at += 1;
                self.out.push('[');
                self.copy_whitespace();
                if self.text.get(self.at) == Some(&b']') {
                    self.at += 1;
                    self.out.push(']');
                    return Some(());
                }
                loop {
                    // An array's members are not the field: `Names: ["a"]` is not one name.
                    self.value(None)?;
                    self.copy_whitespace();
                    match self.text.get(self.at)? {
                        b',' => {
                            self.at += 1;
                            self.out.push(',');
                        }
                        b']' => {
                            self.at += 1;
                            self.out.push(']');
                            return Some(());
                        }
                        _ => return None,
                    }
                }
            }
            b'"' => {
                self.string()?;
                self.scalar(start, key)
            }
            _ => {
                while self
                    .text
                    .get(self.at)
                    .is_some_and(|byte| byte.is_ascii_alphanumeric() || b"+-.".contains(byte))
                {
                    self.at += 1;
                }
                if self.at == start {
                    return None;
                }
                self.scalar(start, key)
            }
        }
    }

    fn scalar(&mut self, start: usize, key: Option<&str>) -> Option<()> {
        let token = std::str::from_utf8(self.text.get(start..self.at)?).ok()?;
        match key.and_then(|key| (self.replace)(key, token)) {
            Some(replacement) => self.out.push_str(&replacement),
            None => {
                self.copy(start)?;
            }
        }
        Some(())
    }
}

/// The request's value for the field `name`, as JSON of the example's type, when the operation has a parameter of
/// that name and the request sent it (validation has checked its type already).
fn echoed(operation: &Operation, incoming: &Incoming, name: &str, example: &str) -> Option<String> {
    operation
        .parameters
        .iter()
        .find(|parameter| parameter.name == name)?;
    let value = incoming.param(name).filter(|value| !value.is_empty())?;
    match example.trim_start().as_bytes().first()? {
        b'"' => Some(json_string(value)),
        b'-' | b'0'..=b'9' => {
            if let Ok(integer) = value.parse::<i64>() {
                Some(integer.to_string())
            } else {
                let number = value.parse::<f64>().ok()?;
                serde_json::Number::from_f64(number).map(|number| number.to_string())
            }
        }
        b't' | b'f' => {
            let flag = ["true", "false"]
                .into_iter()
                .find(|flag| value.eq_ignore_ascii_case(flag))?;
            Some(flag.to_owned())
        }
        _ => None,
    }
}

fn json_string(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}
