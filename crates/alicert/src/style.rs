//! The few styles alicert uses, in one place so that the palette stays consistent: headings, secondary text, good
//! and bad news, commands to type, and the colour of a status word. Each renders plain when colour is off (decided
//! once, in [`crate::output::init_colors`]).

use console::Style;

/// Headings.
pub fn heading() -> Style {
    Style::new().bold()
}
/// Secondary text.
pub fn dim() -> Style {
    Style::new().dim()
}
/// Good news.
pub fn good() -> Style {
    Style::new().green()
}
/// Warnings.
pub fn warn() -> Style {
    Style::new().yellow()
}
/// Bad news.
pub fn bad() -> Style {
    Style::new().red().bold()
}
/// Commands to type.
pub fn command() -> Style {
    Style::new().cyan()
}

/// The style for a job or worker status word.
pub fn status_style(status: &str) -> Style {
    match status {
        "success" | "rollback_success" | "OK" => good(),
        "error" | "rollback_error" | "CRITICAL" | "failed" => bad(),
        "rollback" | "WARNING" | "UNKNOWN" => warn(),
        _ => Style::new(),
    }
}
