//! A parameter value too long for any URL is the caller's mistake, found before anything is sent: an invalid-request
//! error naming the parameter and the limit, not a transport failure that sends people to check their network.

use alicert_api::ErrorCategory;
use alicert_emulator::EmulatorConfig;

use crate::harness::{VERSIONS, config, emulator, vod_client};

#[tokio::test]
async fn a_value_longer_than_a_url_can_hold_is_an_invalid_request_naming_the_parameter() {
    let emulator = emulator(EmulatorConfig::new()).await;
    for version in VERSIONS {
        let vod = vod_client(&config(&emulator.url(), version));
        // 70,000 characters, each percent-encoded to three bytes: far past the 65,534-byte limit either way.
        let domain = "é".repeat(35_000);
        let error = vod
            .describe_vod_domain_certificate_info()
            .domain_name(domain)
            .send()
            .await
            .map(|_| ())
            .expect_err("too long to send");
        assert_eq!(
            error.category(),
            ErrorCategory::InvalidRequest,
            "{version:?}: {error}"
        );
        let text = error.to_string();
        assert!(text.contains("`DomainName`"), "{text}");
        assert!(text.contains("35000 characters"), "{text}");
        assert!(text.contains("65534-byte limit"), "{text}");
        assert!(!error.is_retryable());
    }
    assert_eq!(emulator.requests().len(), 0, "nothing was sent");
}

#[tokio::test]
async fn a_long_value_within_the_limit_is_sent() {
    let emulator = emulator(EmulatorConfig::new()).await;
    let vod = vod_client(&config(&emulator.url(), VERSIONS[0]));
    // Long, but the URL stays under the limit: the service, not the client, decides about it.
    let result = vod
        .describe_vod_domain_certificate_info()
        .domain_name("a".repeat(20_000))
        .send()
        .await;
    if let Err(error) = result {
        assert_eq!(error.category(), ErrorCategory::Service, "{error}");
    }
    assert_eq!(emulator.requests().len(), 1);
}
