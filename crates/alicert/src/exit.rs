//! Exit codes, in one place, because scripts and monitoring branch on them. Codes 1 to 3 are outcomes that belong to
//! the command (a job that failed, a certificate about to expire: Nagios's WARNING, CRITICAL, UNKNOWN); codes from 4
//! up say why a command could not do its work. `--help` and docs/cli.md print [`HELP`], and a test keeps them in step.

/// Everything went as asked. `watch`: the job succeeded. `expiry`: OK.
pub const OK: u8 = 0;
/// `watch`: the job ended in error. `expiry`: WARNING (a certificate expires within `--warning` days).
pub const WARNING: u8 = 1;
/// `watch`: the job was rolled back. `expiry`: CRITICAL (expired, or expires within `--critical` days).
pub const CRITICAL: u8 = 2;
/// `watch`: `--deadline` passed before the job ended. `expiry`: UNKNOWN (a certificate could not be checked).
pub const UNKNOWN: u8 = 3;
/// The service answered with an error (its Code, Message, RequestId and Recommend link are printed).
pub const SERVICE: u8 = 4;
/// No credentials were found, or the ones found cannot be used.
pub const CREDENTIALS: u8 = 5;
/// The network failed: could not connect, timed out, or the response could not be read.
pub const NETWORK: u8 = 6;
/// `watch`: the job is not running and will not start by itself: it has not been submitted (status `editing`).
pub const NOT_SUBMITTED: u8 = 7;
/// A bad argument: which one and why is printed.
pub const USAGE: u8 = 64;
/// A response alicert could not understand, or a local failure (the emulator could not listen, say).
pub const INTERNAL: u8 = 70;
/// Interrupted by Ctrl-C or SIGTERM.
pub const INTERRUPTED: u8 = 130;

/// The exit codes as `--help` shows them.
pub const HELP: &str = "\
Exit codes:
  0    success; watch: the job succeeded; expiry: OK
  1    watch: the job ended in error; expiry: WARNING
  2    watch: the job was rolled back; expiry: CRITICAL (expired, or within --critical days)
  3    watch: --deadline passed first; expiry: UNKNOWN (a certificate could not be checked)
  4    the service answered with an error (Code, Message, RequestId, Recommend are shown)
  5    no usable credentials (every place looked in is listed)
  6    network: could not connect, timed out, unreadable response, or a redirect (never followed)
  7    watch: the job has not been submitted (status editing), so it is not running
  64   a bad argument (which one and why is shown)
  70   a response alicert could not understand, or a local failure
  130  interrupted (Ctrl-C)
For expiry, every failure but a bad argument is UNKNOWN (3), as monitoring expects.";
