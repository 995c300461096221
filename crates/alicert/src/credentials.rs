//! Whose keys, and which region: the same sources and the same order as the official SDKs and the `aliyun` CLI, so
//! a machine set up for either works unchanged. Without `--profile` that is alicert-core's default chain
//! (environment, `~/.aliyun/config.json`, `~/.alibabacloud/credentials`, ECS RAM role); with `--profile NAME` it is
//! that profile, from the aliyun CLI's file or the credentials file, and nothing else, as `aliyun --profile` does.

use std::sync::Arc;

use alicert_core::credentials::{
    CliProfileProvider, CredentialsFileProvider, DefaultChain, ProvideCredentials, ProviderChain,
};

/// The region when nothing names one (the official CLI's default).
pub const DEFAULT_REGION: &str = "cn-hangzhou";

/// Where VOD's DescribeVodDomainCertificateInfo answers (its page: China (Shanghai) only).
pub const VOD_REGION: &str = "cn-shanghai";

/// The source [`region`] reports for `--region` (or `ALIBABA_CLOUD_REGION_ID`).
pub const REGION_FLAG: &str = "--region";

/// The credentials source for `profile` (`None`: the default chain).
pub fn provider(profile: Option<&str>) -> Arc<dyn ProvideCredentials> {
    match profile {
        None => Arc::new(DefaultChain::new()),
        Some(name) => Arc::new(
            ProviderChain::new()
                .with(CliProfileProvider::new().with_profile(name))
                .with(CredentialsFileProvider::new().with_profile(name)),
        ),
    }
}

/// The region and where it came from: `--region` (or `ALIBABA_CLOUD_REGION_ID`), else the aliyun CLI profile's
/// `region_id`, else [`DEFAULT_REGION`]. An empty `--region` never gets here: it is a usage error
/// ([`crate::cli::globals`]), not a request for the default.
pub fn region(flag: Option<&str>, profile: Option<&str>) -> (String, &'static str) {
    if let Some(region) = flag {
        return (region.trim().to_owned(), REGION_FLAG);
    }
    let cli = match profile {
        Some(name) => CliProfileProvider::new().with_profile(name),
        None => CliProfileProvider::new(),
    };
    match cli.region() {
        Some(region) if !region.trim().is_empty() => (region, "the aliyun CLI profile"),
        _ => (DEFAULT_REGION.to_owned(), "the default"),
    }
}
