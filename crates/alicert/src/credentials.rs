//! Whose keys, and which region: the library's [`ConfigLoader`], so the CLI reads the environment exactly as a
//! program using `alicert_api::Config::from_env` does. Without `--profile` that is Alibaba's default chain; with
//! `--profile NAME` it is that profile, from the aliyun CLI's file or the credentials file, and nothing else, as
//! `aliyun --profile` does. Where each product goes when nobody chose a region is the spec's (see
//! [`crate::client`]).

use alicert_api::ConfigLoader;

use crate::globals::Globals;

/// The region when nothing names one (the official CLI's default).
pub const DEFAULT_REGION: &str = "cn-hangzhou";

/// The loader for the global options: `--profile` and `--region` (clap has already taken `ALIBABA_CLOUD_REGION_ID`
/// for the latter). An empty `--region` never gets here: it is a usage error ([`Globals::check`]).
pub fn loader(globals: &Globals) -> ConfigLoader {
    let mut loader = ConfigLoader::new();
    if let Some(profile) = &globals.profile {
        loader = loader.profile(profile.clone());
    }
    if let Some(region) = &globals.region {
        loader = loader.region(region.clone());
    }
    loader
}
