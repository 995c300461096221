//! Configuration from the environment, end to end: an aliyun CLI profile on disk (in a scratch home) and variables
//! given to the loader, then a signed call to the emulator with what the loader found. The region's order
//! (given, `ALIBABA_CLOUD_REGION_ID`, the profile's `region_id`, the default), a named profile that is the only
//! source, and a client of the caller's own that is used as it is.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use alicert_api::{ConfigLoader, ErrorCategory, RegionSource};
use alicert_emulator::{DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, EmulatorConfig};

use crate::harness::{cas_client, describe, emulator};

/// A scratch home whose `~/.aliyun/config.json` holds profile `work` (the emulator's key, region `ap-southeast-1`)
/// and profile `other` (a key the emulator does not know), `work` being current.
fn home(label: &str) -> PathBuf {
    let home = std::env::temp_dir().join(format!("alicert-loader-{label}-{}", std::process::id()));
    std::fs::create_dir_all(home.join(".aliyun")).unwrap();
    let config = serde_json::json!({
        "current": "work",
        "profiles": [
            {"name": "work", "mode": "AK", "access_key_id": DEFAULT_ACCESS_KEY_ID,
             "access_key_secret": DEFAULT_ACCESS_KEY_SECRET, "region_id": "ap-southeast-1"},
            {"name": "other", "mode": "AK", "access_key_id": "LTAIunknown",
             "access_key_secret": "unknown-secret", "region_id": "eu-central-1"}
        ]
    });
    std::fs::write(
        home.join(".aliyun/config.json"),
        serde_json::to_vec(&config).unwrap(),
    )
    .unwrap();
    home
}

fn loader(home: &Path, vars: &[(&str, &str)]) -> ConfigLoader {
    let vars: BTreeMap<String, String> = vars
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect();
    ConfigLoader::new().with_home_and_env(home, move |name| vars.get(name).cloned())
}

#[test]
fn the_region_comes_from_what_was_given_then_the_environment_then_the_profile() {
    let home = home("region");
    assert_eq!(
        loader(&home, &[]).resolve_region(),
        ("ap-southeast-1".to_owned(), RegionSource::Profile)
    );
    assert_eq!(
        loader(&home, &[("ALIBABA_CLOUD_REGION_ID", "cn-beijing")]).resolve_region(),
        ("cn-beijing".to_owned(), RegionSource::Environment)
    );
    assert_eq!(
        loader(&home, &[("ALIBABA_CLOUD_REGION_ID", "  ")]).resolve_region(),
        ("ap-southeast-1".to_owned(), RegionSource::Profile),
        "a blank variable counts as unset"
    );
    assert_eq!(
        loader(&home, &[("ALIBABA_CLOUD_REGION_ID", "cn-beijing")])
            .region("cn-shanghai")
            .resolve_region(),
        ("cn-shanghai".to_owned(), RegionSource::Given)
    );
    assert_eq!(
        loader(&home, &[("ALIBABA_CLOUD_PROFILE", "other")]).resolve_region(),
        ("eu-central-1".to_owned(), RegionSource::Profile)
    );
    let empty = std::env::temp_dir().join(format!("alicert-loader-empty-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    assert_eq!(
        loader(&empty, &[]).resolve_region(),
        ("cn-hangzhou".to_owned(), RegionSource::Default)
    );
}

#[tokio::test]
async fn a_loaded_configuration_calls_with_the_profiles_key_at_the_environments_endpoint() {
    let emulator = emulator(EmulatorConfig::new()).await;
    let home = home("call");
    let url = emulator.url();
    let config = loader(&home, &[("ALICERT_ENDPOINT", &url)])
        .load()
        .expect("a configuration");
    assert_eq!(config.region(), "ap-southeast-1");
    let job = cas_client(&config)
        .describe_deployment_job()
        .job_id(8888)
        .send()
        .await
        .expect("signed with the current profile's key");
    assert_eq!(job.id, Some(8888));

    // A named profile is the only source: `other`'s key is not the emulator's, and nothing falls back.
    let config = loader(&home, &[("ALICERT_ENDPOINT", &url)])
        .profile("other")
        .load()
        .unwrap();
    let error = describe(&cas_client(&config))
        .await
        .expect_err("the other profile's key is unknown");
    assert_eq!(error.category(), ErrorCategory::Service, "{error}");
    let config = loader(&home, &[("ALICERT_ENDPOINT", &url)])
        .profile("missing")
        .load()
        .unwrap();
    let error = describe(&cas_client(&config))
        .await
        .expect_err("no such profile");
    assert_eq!(error.category(), ErrorCategory::Credentials, "{error}");
    assert!(error.to_string().contains("missing"), "{error}");
}

#[tokio::test]
async fn a_client_of_ones_own_is_used_and_still_refuses_redirects_it_followed() {
    let emulator = emulator(EmulatorConfig::new()).await;
    let home = home("client");
    // No redirect policy of ours: reqwest's default follows up to ten.
    let own = reqwest::Client::builder()
        .user_agent("my-own-client/1.0")
        .build()
        .unwrap();
    let config = loader(&home, &[])
        .endpoint(emulator.url())
        .builder()
        .http_client(own.clone())
        .build()
        .unwrap();
    cas_client(&config)
        .describe_deployment_job()
        .job_id(8888)
        .send()
        .await
        .expect("the call goes through the client given");

    // An endpoint that redirects to the emulator: the followed answer is refused, naming where it came from.
    let redirector = crate::harness::raw_server(
        format!(
            "HTTP/1.1 307 Temporary Redirect\r\nlocation: {}/\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
            emulator.url()
        )
        .into_bytes(),
    )
    .await;
    let config = loader(&home, &[])
        .endpoint(redirector)
        .builder()
        .http_client(own)
        .build()
        .unwrap();
    let error = describe(&cas_client(&config))
        .await
        .expect_err("an answer from elsewhere");
    assert_eq!(error.category(), ErrorCategory::Transport, "{error}");
    let host = emulator.url().trim_start_matches("http://").to_owned();
    assert!(error.to_string().contains(&host), "{error}");
    assert!(error.to_string().contains("Policy::none()"), "{error}");
}
