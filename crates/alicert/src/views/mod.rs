//! The views for people: a job at a glance, `watch`, the workers table and the expiry check. Each fetches through
//! the typed client of the product it is built on and prints through [`crate::output::Ui`]; the commands
//! ([`crate::commands`]) give them their arguments and turn what they found into an exit code, so the demo can run
//! the very same code the commands do.

pub mod expiry;
pub mod job;
pub mod watch;
pub mod workers;

use console::Style;

use crate::human::Remaining;
use crate::style;

/// Days below which a certificate is critical by default.
pub const DEFAULT_CRITICAL_DAYS: i64 = 7;
/// Days below which a certificate is a warning by default.
pub const DEFAULT_WARNING_DAYS: i64 = 30;

/// The colour of a certificate with `left` to go, by the default thresholds.
pub fn expiry_style(left: Remaining) -> Style {
    if left.expired || left.days <= DEFAULT_CRITICAL_DAYS {
        style::bad()
    } else if left.days <= DEFAULT_WARNING_DAYS {
        style::warn()
    } else {
        style::good()
    }
}
