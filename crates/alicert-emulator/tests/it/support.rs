//! A small signing client for the tests: it builds V1 and V3 requests with alicert-core's own signers (the same
//! functions a real client uses), with knobs to leave pieces out or get them wrong, and reads answers as JSON.

use std::time::SystemTime;

use alicert_core::encode::percent_encoded;
use alicert_core::sign::{v1, v3};
use alicert_emulator::{
    DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, Emulator, EmulatorConfig, RunningEmulator,
};
use serde_json::Value;

pub const CAS: &str = "2020-04-07";
pub const VOD: &str = "2017-03-21";

/// Which signature a request carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    V1,
    V3,
}

pub const SCHEMES: [Scheme; 2] = [Scheme::V1, Scheme::V3];

/// One request to build; `Default` is a POST with a fresh nonce, signed now with the default key pair.
#[derive(Clone, Debug)]
pub struct Call {
    pub scheme: Scheme,
    pub method: &'static str,
    pub action: String,
    pub version: String,
    /// Business parameters sent in the query.
    pub query: Vec<(String, String)>,
    /// Business parameters sent in an `application/x-www-form-urlencoded` body.
    pub form: Vec<(String, String)>,
    pub access_key_id: String,
    pub secret: String,
    /// Sent as `SecurityToken` / `x-acs-security-token`.
    pub token: Option<String>,
    pub nonce: Option<String>,
    /// Signing time; `None` means now.
    pub time: Option<SystemTime>,
    /// Sign with this secret instead (to get a wrong signature).
    pub signing_secret: Option<String>,
    /// Common parameters (V1) or headers (V3) left out before signing.
    pub omit: Vec<&'static str>,
    /// Override a common parameter (V1) or header (V3) before signing, e.g. `Timestamp`.
    pub set: Vec<(&'static str, String)>,
}

impl Call {
    pub fn new(scheme: Scheme, action: &str, version: &str) -> Self {
        Self {
            scheme,
            method: "POST",
            action: action.to_owned(),
            version: version.to_owned(),
            query: Vec::new(),
            form: Vec::new(),
            access_key_id: DEFAULT_ACCESS_KEY_ID.to_owned(),
            secret: DEFAULT_ACCESS_KEY_SECRET.to_owned(),
            token: None,
            nonce: None,
            time: None,
            signing_secret: None,
            omit: Vec::new(),
            set: Vec::new(),
        }
    }

    pub fn cas(scheme: Scheme, action: &str) -> Self {
        Self::new(scheme, action, CAS)
    }

    pub fn param(mut self, name: &str, value: impl ToString) -> Self {
        self.query.push((name.to_owned(), value.to_string()));
        self
    }

    pub fn form_param(mut self, name: &str, value: impl ToString) -> Self {
        self.form.push((name.to_owned(), value.to_string()));
        self
    }

    pub fn key(mut self, id: &str, secret: &str) -> Self {
        self.access_key_id = id.to_owned();
        self.secret = secret.to_owned();
        self
    }

    pub fn token(mut self, token: &str) -> Self {
        self.token = Some(token.to_owned());
        self
    }

    pub fn nonce(mut self, nonce: &str) -> Self {
        self.nonce = Some(nonce.to_owned());
        self
    }

    pub fn at(mut self, time: SystemTime) -> Self {
        self.time = Some(time);
        self
    }

    pub fn omit(mut self, name: &'static str) -> Self {
        self.omit.push(name);
        self
    }

    pub fn set(mut self, name: &'static str, value: impl ToString) -> Self {
        self.set.push((name, value.to_string()));
        self
    }

    pub fn method(mut self, method: &'static str) -> Self {
        self.method = method;
        self
    }

    /// The request, signed.
    pub fn build(&self, client: &reqwest::Client, base_url: &str) -> reqwest::RequestBuilder {
        let nonce = self
            .nonce
            .clone()
            .unwrap_or_else(alicert_core::sign::new_nonce);
        let time = self.time.unwrap_or_else(SystemTime::now);
        let secret = self.signing_secret.as_deref().unwrap_or(&self.secret);
        let form_body = encode_pairs(&self.form);
        let method = reqwest::Method::from_bytes(self.method.as_bytes()).unwrap();
        match self.scheme {
            Scheme::V1 => {
                let mut common: Vec<(String, String)> = v1::common_params(
                    &self.action,
                    &self.version,
                    &self.access_key_id,
                    self.token.as_deref(),
                    time,
                    &nonce,
                )
                .into_iter()
                .map(|(name, value)| (name.to_owned(), value))
                .collect();
                for (name, value) in &self.set {
                    common.retain(|(existing, _)| existing != name);
                    common.push(((*name).to_owned(), value.clone()));
                }
                common.retain(|(name, _)| !self.omit.contains(&name.as_str()));
                let mut query: Vec<(String, String)> = common;
                query.extend(self.query.iter().cloned());
                let signed: Vec<(&str, &str)> = query
                    .iter()
                    .chain(&self.form)
                    .map(|(name, value)| (name.as_str(), value.as_str()))
                    .collect();
                let stages = v1::sign(self.method, &signed, secret);
                if !self.omit.contains(&"Signature") {
                    query.push(("Signature".to_owned(), stages.signature));
                }
                let url = format!("{base_url}/?{}", encode_pairs(&query));
                let mut builder = client.request(method, url);
                if !self.form.is_empty() {
                    builder = builder
                        .header("content-type", "application/x-www-form-urlencoded")
                        .body(form_body);
                }
                builder
            }
            Scheme::V3 => {
                let host = base_url.trim_start_matches("http://").to_owned();
                let body = form_body.into_bytes();
                let hashed = v3::hash_payload(&body);
                let mut headers: Vec<(String, String)> = vec![
                    ("host".into(), host),
                    ("x-acs-action".into(), self.action.clone()),
                    ("x-acs-version".into(), self.version.clone()),
                    (
                        "x-acs-date".into(),
                        alicert_core::time::format_iso8601(time),
                    ),
                    ("x-acs-signature-nonce".into(), nonce),
                    ("x-acs-content-sha256".into(), hashed.clone()),
                ];
                if let Some(token) = &self.token {
                    headers.push(("x-acs-security-token".into(), token.clone()));
                }
                if !self.form.is_empty() {
                    headers.push((
                        "content-type".into(),
                        "application/x-www-form-urlencoded".into(),
                    ));
                }
                for (name, value) in &self.set {
                    headers.retain(|(existing, _)| existing != name);
                    headers.push(((*name).to_owned(), value.clone()));
                }
                headers.retain(|(name, _)| !self.omit.contains(&name.as_str()));
                let signed_headers: Vec<(&str, &str)> = headers
                    .iter()
                    .map(|(name, value)| (name.as_str(), value.as_str()))
                    .collect();
                let query: Vec<(&str, &str)> = self
                    .query
                    .iter()
                    .map(|(name, value)| (name.as_str(), value.as_str()))
                    .collect();
                let input = v3::V3Input {
                    method: self.method,
                    canonical_uri: "/",
                    query: &query,
                    headers: &signed_headers,
                    hashed_payload: &hashed,
                };
                let stages = v3::sign(&input, &self.access_key_id, secret);
                let url = if self.query.is_empty() {
                    format!("{base_url}/")
                } else {
                    format!("{base_url}/?{}", encode_pairs(&self.query))
                };
                let mut builder = client.request(method, url);
                for (name, value) in &headers {
                    if name != "host" {
                        builder = builder.header(name.as_str(), value.as_str());
                    }
                }
                if !self.omit.contains(&"authorization") {
                    builder = builder.header("authorization", stages.authorization);
                }
                if !body.is_empty() {
                    builder = builder.body(body);
                }
                builder
            }
        }
    }
}

pub fn encode_pairs(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(name, value)| format!("{}={}", percent_encoded(name), percent_encoded(value)))
        .collect::<Vec<_>>()
        .join("&")
}

/// An answer, read whole.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub text: String,
    pub json: Value,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    pub fn code(&self) -> &str {
        self.json["Code"].as_str().unwrap_or("")
    }

    pub fn message(&self) -> &str {
        self.json["Message"].as_str().unwrap_or("")
    }

    /// Asserts an error answer with this status and code, and the error body's shape; returns the message.
    #[track_caller]
    pub fn expect_error(&self, status: u16, code: &str) -> &str {
        assert_eq!(
            (self.status, self.code()),
            (status, code),
            "answer: {}",
            self.text
        );
        let request_id = self.json["RequestId"].as_str().unwrap();
        assert_eq!(Some(request_id), self.header("x-acs-request-id"));
        assert!(
            self.json["HostId"]
                .as_str()
                .unwrap()
                .starts_with("127.0.0.1:")
        );
        let recommend = self.json["Recommend"].as_str().unwrap();
        assert!(
            recommend.starts_with(&format!(
                "https://api.aliyun.com/troubleshoot?q={code}&product="
            )),
            "{recommend}"
        );
        assert!(
            recommend.ends_with(&format!("&requestId={request_id}")),
            "{recommend}"
        );
        self.message()
    }

    #[track_caller]
    pub fn expect_ok(&self) -> &Value {
        assert_eq!(self.status, 200, "answer: {}", self.text);
        assert_eq!(
            self.header("content-type"),
            Some("application/json;charset=utf-8")
        );
        assert_eq!(
            self.json["RequestId"].as_str(),
            self.header("x-acs-request-id")
        );
        &self.json
    }
}

pub async fn send(builder: reqwest::RequestBuilder) -> Answer {
    let response = builder.send().await.expect("request sent");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text().await.expect("body read");
    let is_xml = headers
        .get("content-type")
        .is_some_and(|value| value.as_bytes().starts_with(b"text/xml"));
    // An XML error reads as the JSON one would (every field of an error is a string), so assertions on codes
    // hold whichever format the request got.
    let json = if is_xml {
        roxmltree::Document::parse(&text)
            .map(|document| xml_to_strings(document.root_element()))
            .unwrap_or(Value::Null)
    } else {
        serde_json::from_str(&text).unwrap_or(Value::Null)
    };
    Answer {
        status,
        headers,
        text,
        json,
    }
}

/// An XML element as JSON with every leaf a string: children by name, a repeated name as an array.
pub fn xml_to_strings(node: roxmltree::Node<'_, '_>) -> Value {
    let children: Vec<_> = node.children().filter(|child| child.is_element()).collect();
    if children.is_empty() {
        return Value::String(node.text().unwrap_or("").to_owned());
    }
    let mut object = serde_json::Map::new();
    for child in children {
        let name = child.tag_name().name().to_owned();
        let value = xml_to_strings(child);
        match object.get_mut(&name) {
            Some(Value::Array(values)) => values.push(value),
            Some(existing) => *existing = Value::Array(vec![existing.take(), value]),
            None => {
                object.insert(name, value);
            }
        }
    }
    Value::Object(object)
}

/// A running emulator and a client for it.
pub struct Harness {
    pub emulator: RunningEmulator,
    pub client: reqwest::Client,
    pub url: String,
}

impl Harness {
    pub async fn start(config: EmulatorConfig) -> Self {
        let emulator = Emulator::spawn(config).await.expect("emulator starts");
        let url = emulator.url();
        Self {
            emulator,
            client: reqwest::Client::new(),
            url,
        }
    }

    pub async fn default() -> Self {
        Self::start(EmulatorConfig::new()).await
    }

    pub async fn call(&self, call: &Call) -> Answer {
        send(call.build(&self.client, &self.url)).await
    }

    /// A raw request with this path-and-query, unsigned.
    pub async fn raw(
        &self,
        method: reqwest::Method,
        path_and_query: &str,
        body: Vec<u8>,
    ) -> Answer {
        let builder = self
            .client
            .request(method, format!("{}{path_and_query}", self.url))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body);
        send(builder).await
    }

    /// Every worker of a job, paging with `show_size`.
    pub async fn all_workers(
        &self,
        scheme: Scheme,
        job: i64,
        show_size: u64,
        filters: &[(&str, &str)],
    ) -> (u64, Vec<Value>) {
        let mut workers = Vec::new();
        let mut page = 1;
        loop {
            let mut call = Call::cas(scheme, "ListWorkerResource")
                .param("JobId", job)
                .param("CurrentPage", page)
                .param("ShowSize", show_size);
            for (name, value) in filters {
                call = call.param(name, value);
            }
            let answer = self.call(&call).await;
            let json = answer.expect_ok();
            let data = json["Data"].as_array().unwrap().clone();
            let total = json["Total"].as_u64().unwrap();
            let done = data.is_empty();
            workers.extend(data);
            if done || workers.len() as u64 >= total {
                return (total, workers);
            }
            page += 1;
        }
    }
}
