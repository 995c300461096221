//! Response decoding under arbitrary bytes: every generated response type of both products either rejects the
//! bytes or decodes them, never panics, and what decodes re-encodes to JSON that decodes to the same value.
#![no_main]

use alicert_api::{cas, vod};
use libfuzzer_sys::fuzz_target;
use serde::Serialize;
use serde::de::DeserializeOwned;

fn check<T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug>(data: &[u8]) {
    if let Ok(value) = serde_json::from_slice::<T>(data) {
        let encoded = serde_json::to_vec(&value).expect("a decoded value encodes");
        let again: T = serde_json::from_slice(&encoded).expect("what we encode decodes");
        assert_eq!(again, value);
    }
}

fuzz_target!(|data: &[u8]| {
    check::<cas::types::DescribeDeploymentJobResponse>(data);
    check::<cas::types::DescribeDeploymentJobStatusResponse>(data);
    check::<cas::types::ListDeploymentJobCertResponse>(data);
    check::<cas::types::ListWorkerResourceResponse>(data);
    check::<cas::types::ErrorResponse>(data);
    check::<vod::types::DescribeVodDomainCertificateInfoResponse>(data);
    check::<vod::types::ErrorResponse>(data);
});
