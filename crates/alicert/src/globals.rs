//! The options every command shares (`--endpoint`, `--region`, `--profile`, `--signature`, `--output`, colour,
//! time limits, retries, verbosity), given before or after the command name, and the one check clap cannot make
//! alone: an empty `--region` is a mistake, an empty `ALIBABA_CLOUD_REGION_ID` is an unset one, as the SDKs read it.

use std::time::Duration;

use alicert_api::SignatureVersion;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::error::ErrorKind;
use clap::parser::ValueSource;
use clap::{ArgAction, Args};

use crate::durations::parse_limit;
use crate::output::{ColorChoice, OutputMode};

/// Options every command accepts, before or after the command name.
#[derive(Args, Debug, Clone)]
#[command(next_help_heading = "Global options")]
pub struct Globals {
    /// Send every request to this URL instead of the region's endpoint (e.g. http://127.0.0.1:8080 for `alicert
    /// emulator`; plain HTTP only when given here)
    #[arg(long, global = true, value_name = "URL", env = "ALICERT_ENDPOINT")]
    pub endpoint: Option<String>,

    /// Region ID, e.g. cn-hangzhou or ap-southeast-1 [default: the aliyun CLI profile's region, else cn-hangzhou]
    #[arg(
        long,
        global = true,
        value_name = "ID",
        env = "ALIBABA_CLOUD_REGION_ID"
    )]
    pub region: Option<String>,

    /// Use this profile of ~/.aliyun/config.json (or ~/.alibabacloud/credentials) and nothing else [default: the
    /// SDKs' chain: environment, then the CLI's current profile, then the credentials file, then the ECS RAM role]
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,

    /// Signature version: v1 (HMAC-SHA1) or v3 (ACS3-HMAC-SHA256)
    #[arg(
        long,
        global = true,
        value_name = "VERSION",
        default_value = "v1",
        value_parser = PossibleValuesParser::new(["v1", "v3"]).try_map(|text: String| text.parse::<SignatureVersion>())
    )]
    pub signature: SignatureVersion,

    /// Output: table (for people) or json (the API's field names, for programs)
    #[arg(short, long, global = true, value_enum, default_value_t = OutputMode::Table)]
    pub output: OutputMode,

    /// Colour: auto (a terminal and no NO_COLOR), always, never
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// How long to wait for a connection
    #[arg(long, global = true, value_name = "DURATION", default_value = "5s", value_parser = parse_limit)]
    pub connect_timeout: Duration,

    /// How long one attempt may take
    #[arg(long, global = true, value_name = "DURATION", default_value = "30s", value_parser = parse_limit)]
    pub attempt_timeout: Duration,

    /// How long a whole call may take, retries and backoff included
    #[arg(long, global = true, value_name = "DURATION", default_value = "120s", value_parser = parse_limit)]
    pub timeout: Duration,

    /// Retries after a throttled, failed or timed-out attempt (0: none)
    #[arg(long, global = true, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u32).range(0..=20))]
    pub retries: u32,

    /// More diagnostics on stderr: -v info, -vv debug, -vvv trace (RUST_LOG refines; secrets never appear)
    #[arg(short, long, global = true, action = ArgAction::Count)]
    pub verbose: u8,

    /// No progress, no hints: results and errors only
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
}

impl Globals {
    /// Checks what clap could not: an empty `--region` is a bad argument; an empty variable counts as unset.
    pub fn check(mut self, matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        if let Some(region) = &self.region
            && region.trim().is_empty()
        {
            // The official SDKs read an empty variable as an unset one; an empty --region is a mistake to report.
            if region.is_empty() && matches.value_source("region") == Some(ValueSource::EnvVariable)
            {
                self.region = None;
            } else {
                return Err(clap::Error::raw(
                    ErrorKind::InvalidValue,
                    format!(
                        "invalid value {region:?} for '--region <ID>': a region ID cannot be empty (e.g. cn-hangzhou); \
                         leave --region out for the default\n"
                    ),
                ));
            }
        }
        Ok(self)
    }
}
