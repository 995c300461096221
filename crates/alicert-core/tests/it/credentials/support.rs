//! Shared by the credential tests: a temporary home directory that cleans up after itself, an environment lookup
//! built from pairs, and a UTC timestamp writer for fake metadata answers.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// A distinctive AccessKey secret: the redaction tests assert it never shows up in any formatted output.
pub const SECRET: &str = "SECRET-qz7Wv3-never-print-me";
/// A distinctive STS token, likewise.
pub const TOKEN: &str = "TOKEN-k9Jx2p-never-print-me";

/// A fresh directory under the system temp dir, removed on drop.
pub struct TempHome(PathBuf);

impl TempHome {
    pub fn new(label: &str) -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let unique = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!(
            "alicert-credentials-{}-{label}-{unique}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("create temp home");
        Self(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// Writes `contents` at `relative` (creating folders) and returns the full path.
    pub fn write(&self, relative: &str, contents: &str) -> PathBuf {
        let path = self.0.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folders");
        }
        std::fs::write(&path, contents).expect("write file");
        path
    }

    /// `~/.aliyun/config.json`.
    pub fn write_cli_config(&self, contents: &str) -> PathBuf {
        self.write(".aliyun/config.json", contents)
    }

    /// `~/.alibabacloud/credentials`.
    pub fn write_credentials_file(&self, contents: &str) -> PathBuf {
        self.write(".alibabacloud/credentials", contents)
    }
}

impl Drop for TempHome {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// An environment lookup holding exactly `vars`.
pub fn env(
    vars: &[(&str, &str)],
) -> impl Fn(&str) -> Option<String> + Send + Sync + 'static + use<> {
    let vars: HashMap<String, String> = vars
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect();
    move |name| vars.get(name).cloned()
}

/// An environment lookup with `HOME` set to `home` plus `vars`.
pub fn env_with_home(
    home: &TempHome,
    vars: &[(&str, &str)],
) -> impl Fn(&str) -> Option<String> + Send + Sync + 'static + use<> {
    let home = home.path().to_str().expect("temp dir is UTF-8").to_owned();
    let mut all: Vec<(&str, &str)> = vec![("HOME", home.as_str())];
    all.extend_from_slice(vars);
    env(&all)
}

/// `YYYY-MM-DDThh:mm:ssZ`, written independently of the crate's own time code.
pub fn iso8601(time: SystemTime) -> String {
    let seconds = time
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .as_secs() as i64;
    let (days, second_of_day) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        second_of_day / 3600,
        second_of_day / 60 % 60,
        second_of_day % 60
    )
}

#[test]
fn iso8601_writer_matches_known_instants() {
    assert_eq!(iso8601(UNIX_EPOCH), "1970-01-01T00:00:00Z");
    let leap_day = UNIX_EPOCH + std::time::Duration::from_secs(1_709_210_096);
    assert_eq!(iso8601(leap_day), "2024-02-29T12:34:56Z");
}
