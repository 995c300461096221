//! A record of every request the emulator received, so tests can count attempts (did the client retry three
//! times?), check that each attempt carried a fresh nonce, and see which faults struck. It holds what identifies a
//! request, never the signature, the security token or the secret.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use alicert_core::sign::SignatureVersion;

use crate::clock::lock;

/// One request as the emulator saw and answered it.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestRecord {
    /// The `RequestId` of the answer (also in the `x-acs-request-id` header).
    pub request_id: String,
    /// The HTTP method.
    pub method: String,
    /// `Action` (V1 parameter) or `x-acs-action` (V3 header), if sent.
    pub action: Option<String>,
    /// `Version` or `x-acs-version`, if sent.
    pub version: Option<String>,
    /// V1 when a `Signature` parameter came, V3 when an `Authorization` header came, `None` when neither.
    pub signature_version: Option<SignatureVersion>,
    /// `SignatureNonce` or `x-acs-signature-nonce`, if sent.
    pub nonce: Option<String>,
    /// The AccessKey ID that signed (`AccessKeyId` or the `Credential` of `Authorization`), if sent.
    pub access_key_id: Option<String>,
    /// `x-acs-retry-attempts`, as the official SDK numbers its retries, if sent.
    pub retry_attempts: Option<String>,
    /// The HTTP status answered.
    pub status: u16,
    /// The error `Code` answered, `None` on success.
    pub code: Option<String>,
    /// The faults that struck this request, in `--fault` notation without triggers.
    pub faults: Vec<String>,
}

impl RequestRecord {
    /// Whether the answer was a success (HTTP 2xx).
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// The log of a running emulator; clones share it. Keeps the most recent requests up to its capacity.
#[derive(Clone, Debug)]
pub struct RequestLog {
    records: Arc<Mutex<VecDeque<RequestRecord>>>,
    capacity: usize,
}

impl RequestLog {
    pub(crate) fn new(capacity: usize) -> Self {
        Self {
            records: Arc::new(Mutex::new(VecDeque::new())),
            capacity: capacity.max(1),
        }
    }

    pub(crate) fn push(&self, record: RequestRecord) {
        let mut records = lock(&self.records);
        if records.len() >= self.capacity {
            records.pop_front();
        }
        records.push_back(record);
    }

    /// Every request kept, oldest first.
    pub fn snapshot(&self) -> Vec<RequestRecord> {
        lock(&self.records).iter().cloned().collect()
    }

    /// The requests for one action, oldest first.
    pub fn for_action(&self, action: &str) -> Vec<RequestRecord> {
        lock(&self.records)
            .iter()
            .filter(|record| record.action.as_deref() == Some(action))
            .cloned()
            .collect()
    }

    /// The most recent request.
    pub fn last(&self) -> Option<RequestRecord> {
        lock(&self.records).back().cloned()
    }

    /// Requests kept.
    pub fn len(&self) -> usize {
        lock(&self.records).len()
    }

    /// Whether no request was kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Forgets every request.
    pub fn clear(&self) {
        lock(&self.records).clear();
    }
}
