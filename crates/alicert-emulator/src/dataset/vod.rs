//! The VOD domains DescribeVodDomainCertificateInfo answers for: the pages' sample `example.com` with its fixed
//! 2018 expiry, and demo domains whose certificates expire relative to the anchor (already expired, in a week, a
//! month, far off, a free certificate, HTTPS off), so expiry checks have something to find on any day.

use serde::Serialize;

use super::Dataset;
use super::constants::{SAMPLE_VOD_DOMAIN, VOD_DOMAINS};
use super::format::{DAY_MS, millis_to_time};

/// One certificate of a VOD domain (field order as the page's sample).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct VodCertInfo {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cert_life: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cert_expire_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cert_type: Option<String>,
    pub server_certificate_status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cert_domain_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cert_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cert_org: Option<String>,
    pub domain_name: String,
    #[serde(
        rename = "NewFieldFromTheFuture",
        skip_serializing_if = "Option::is_none"
    )]
    pub future: Option<&'static str>,
}

impl Dataset {
    /// The certificates of a VOD domain (case-insensitive).
    pub fn vod_domain(&self, name: &str) -> Option<&[VodCertInfo]> {
        self.domains
            .iter()
            .find(|(domain, _)| domain.eq_ignore_ascii_case(name))
            .map(|(_, certs)| certs.as_slice())
    }
}

pub(super) fn vod_domains(anchor: i64) -> Vec<(String, Vec<VodCertInfo>)> {
    let sample = VodCertInfo {
        status: Some("success".into()),
        cert_life: Some("3 months".into()),
        cert_expire_time: Some("2018-06-03T13:03:39Z".into()),
        cert_type: Some("free".into()),
        server_certificate_status: "checking".into(),
        cert_domain_name: Some("example.com".into()),
        cert_name: Some("cert-example.com".into()),
        cert_org: Some("Let's Encrypt".into()),
        domain_name: "example.com".into(),
        future: None,
    };
    let mut domains = vec![(SAMPLE_VOD_DOMAIN.to_owned(), vec![sample])];
    for (name, days) in VOD_DOMAINS.iter().skip(1) {
        let info = match days {
            None => VodCertInfo {
                status: None,
                cert_life: None,
                cert_expire_time: None,
                cert_type: None,
                server_certificate_status: "off".into(),
                cert_domain_name: None,
                cert_name: None,
                cert_org: None,
                domain_name: (*name).to_owned(),
                future: None,
            },
            Some(days) => {
                let free = name.starts_with("free.");
                let expires = millis_to_time(anchor + days * DAY_MS);
                VodCertInfo {
                    // The page: Status has a value only for free certificates.
                    status: free.then(|| "success".to_owned()),
                    cert_life: Some(if free { "3 months" } else { "1 year" }.to_owned()),
                    cert_expire_time: Some(alicert_core::time::format_iso8601(expires)),
                    cert_type: Some(if free { "free" } else { "cas" }.to_owned()),
                    server_certificate_status: "on".into(),
                    cert_domain_name: Some((*name).to_owned()),
                    cert_name: Some(format!("cert-{name}")),
                    cert_org: Some(
                        if free {
                            "Let's Encrypt"
                        } else {
                            "DigiCert Inc"
                        }
                        .to_owned(),
                    ),
                    domain_name: (*name).to_owned(),
                    future: None,
                }
            }
        };
        domains.push(((*name).to_owned(), vec![info]));
    }
    domains
}

#[cfg(test)]
mod tests {
    use crate::dataset::tests::dataset;

    #[test]
    fn domains_expire_relative_to_the_anchor() {
        let (data, _) = dataset(8);
        assert_eq!(
            data.vod_domain("EXAMPLE.com").unwrap()[0]
                .cert_expire_time
                .as_deref(),
            Some("2018-06-03T13:03:39Z")
        );
        let week = &data.vod_domain("week.alicert-demo.com").unwrap()[0];
        assert_eq!(
            week.cert_expire_time.as_deref(),
            Some("2025-06-20T15:06:40Z")
        );
        assert!(data.vod_domain("nope.example").is_none());
    }
}
