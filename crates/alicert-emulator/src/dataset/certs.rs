//! The certificates of the deployment jobs, as ListDeploymentJobCert returns them: the record, and how a seeded
//! job's certificate is made from its name and how many days it has left at the anchor, so its status (expired,
//! willExpired, trustee, upload, issued) follows from the same dates a client sees.

use serde::Serialize;

use super::format::{DAY_MS, base36, strings};
use crate::rng::mix;

/// A certificate as ListDeploymentJobCert returns it (field order as the page's sample).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct Cert {
    pub cert_id: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_id: Option<i64>,
    pub cert_instance_id: String,
    pub cert_name: String,
    pub common_name: String,
    pub sans: Vec<String>,
    pub algorithm: String,
    pub not_before_time: i64,
    pub not_after_time: i64,
    pub month: i64,
    pub status_code: String,
    pub cert_type: String,
    pub cert_order_type: String,
    pub is_trustee: bool,
    #[serde(
        rename = "NewFieldFromTheFuture",
        skip_serializing_if = "Option::is_none"
    )]
    pub future: Option<&'static str>,
}

/// A generated certificate `days_left` days from expiry at `anchor`.
#[allow(clippy::too_many_arguments)]
pub(super) fn cert(
    seed: u64,
    cert_id: i64,
    name: &str,
    sans: &[&str],
    anchor: i64,
    days_left: i64,
    months: i64,
    kind: (&str, &str, &str),
    trustee: bool,
) -> Cert {
    let (algorithm, cert_type, order_type) = kind;
    let not_after = anchor + days_left * DAY_MS;
    let not_before = not_after - months * 30 * DAY_MS;
    let status = if days_left < 0 {
        "expired"
    } else if days_left <= 30 {
        "willExpired"
    } else if trustee {
        "trustee"
    } else if order_type == "upload" {
        "upload"
    } else {
        "issued"
    };
    let hash = mix(seed, &[cert_id as u64, 0xCE27]);
    Cert {
        cert_id,
        order_id: (order_type != "upload").then(|| 6_000_000 + (hash % 1_000_000) as i64),
        cert_instance_id: format!(
            "cas-{}-{}",
            if order_type == "upload" {
                "upload"
            } else {
                "ivauto"
            },
            base36(hash, 6)
        ),
        cert_name: name.to_owned(),
        common_name: name.to_owned(),
        sans: strings(sans),
        algorithm: algorithm.to_owned(),
        not_before_time: not_before,
        not_after_time: not_after,
        month: months,
        status_code: status.to_owned(),
        cert_type: cert_type.to_owned(),
        cert_order_type: order_type.to_owned(),
        is_trustee: trustee,
        future: None,
    }
}
