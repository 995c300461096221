//! Diagnostics on stderr: `-v` info, `-vv` debug, `-vvv` trace, `-q` errors only, refined by `RUST_LOG`. Only
//! alicert's own crates ever log. Their spans and events carry the Action, attempt, status, code and request id and
//! never a parameter, header or URL; the HTTP libraries underneath do log URLs (which for signature V1 hold the
//! signature and the AccessKey ID), so their targets are dropped from `RUST_LOG` whatever it says. Every line is
//! scrubbed of remembered secrets on its way out.

use tracing_subscriber::EnvFilter;

use crate::secrets::ScrubbingStderr;

/// The one target prefix allowed to log: `alicert`, `alicert_core`, `alicert_api`, `alicert_emulator`.
const OURS: &str = "alicert";

/// Installs the subscriber. `verbose` counts `-v`; `quiet` is `-q`.
pub fn init(verbose: u8, quiet: bool) {
    let level = match (quiet, verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "info",
        (false, 2) => "debug",
        (false, _) => "trace",
    };
    let mut directives = vec![format!("{OURS}={level}")];
    if let Ok(rust_log) = std::env::var("RUST_LOG") {
        directives.extend(sanitize(&rust_log));
    }
    let filter = EnvFilter::builder()
        .with_default_directive(tracing_subscriber::filter::LevelFilter::OFF.into())
        .parse_lossy(directives.join(","));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(ScrubbingStderr::new)
        .with_ansi(console::colors_enabled_stderr())
        .with_target(verbose >= 2)
        .try_init();
}

/// The directives of `rust_log` that concern alicert's crates; a bare level (`trace`) applies to them only.
fn sanitize(rust_log: &str) -> Vec<String> {
    rust_log
        .split(',')
        .map(str::trim)
        .filter(|directive| !directive.is_empty())
        .filter_map(|directive| match directive.split_once('=') {
            Some((target, _)) if target.starts_with(OURS) => Some(directive.to_owned()),
            Some(_) => None,
            None if directive.starts_with(OURS) => Some(directive.to_owned()),
            None if directive
                .parse::<tracing_subscriber::filter::LevelFilter>()
                .is_ok() =>
            {
                Some(format!("{OURS}={directive}"))
            }
            None => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn only_our_targets_survive() {
        assert_eq!(
            sanitize(
                "trace,reqwest=trace,hyper=debug, alicert_core=debug,alicert,[span]=trace,bogus"
            ),
            ["alicert=trace", "alicert_core=debug", "alicert"]
        );
        assert!(sanitize("").is_empty());
    }
}
