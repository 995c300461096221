//! Files that are not what a credentials file should be: a FIFO with no writer, a device that never ends, a
//! directory, a file of megabytes, a hundred thousand profiles, a profile name of a hundred thousand characters.
//! Each gives a prompt, short error naming the path and what is wrong, from both file-reading providers.

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use alicert_core::credentials::{
    CliProfileProvider, CredentialsError, CredentialsErrorKind, CredentialsFileProvider,
};

use super::support::{TempHome, env};

/// The providers that read a file, loading `path`, each on a thread of its own so that a provider that blocks
/// fails the test instead of hanging it.
fn load_both(path: &Path) -> [CredentialsError; 2] {
    let cli = CliProfileProvider::with_lookup(env(&[]))
        .with_path(path)
        .with_profile("default");
    let file = CredentialsFileProvider::with_lookup(env(&[])).with_path(path);
    [
        within(move || cli.load().map(|_| ())),
        within(move || file.load().map(|_| ())),
    ]
}

fn within(
    load: impl FnOnce() -> Result<(), CredentialsError> + Send + 'static,
) -> CredentialsError {
    let (done, result) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(load());
    });
    // A generous bound: this is about never returning, not about speed.
    match result.recv_timeout(Duration::from_secs(30)) {
        Ok(Ok(())) => panic!("loaded credentials from a file that has none"),
        Ok(Err(error)) => error,
        Err(_) => panic!("the provider did not return within 30 s"),
    }
}

#[track_caller]
fn assert_names(error: &CredentialsError, path: &Path, kind: CredentialsErrorKind, what: &str) {
    let message = error.to_string();
    assert_eq!(error.kind(), kind, "{message}");
    assert!(!error.is_not_found(), "a chain must stop here: {message}");
    assert_eq!(error.path(), Some(path));
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert!(message.contains(what), "{message}");
    assert!(message.len() < 500, "{} bytes: {message}", message.len());
}

#[cfg(unix)]
#[test]
fn a_fifo_without_a_writer_is_refused_at_once() {
    let home = TempHome::new("fifo");
    let path = home.path().join("config.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&path)
        .status()
        .expect("run mkfifo");
    assert!(made.success());
    for error in load_both(&path) {
        assert_names(
            &error,
            &path,
            CredentialsErrorKind::Io,
            "is a FIFO (named pipe), not a regular file",
        );
    }
}

#[cfg(unix)]
#[test]
fn a_device_is_refused_not_read() {
    let path = Path::new("/dev/zero");
    for error in load_both(path) {
        assert_names(
            &error,
            path,
            CredentialsErrorKind::Io,
            "is a character device, not a regular file",
        );
    }
}

#[test]
fn a_directory_is_refused() {
    let home = TempHome::new("directory");
    let path = home.path().join("credentials");
    std::fs::create_dir(&path).expect("directory");
    for error in load_both(&path) {
        assert_names(
            &error,
            &path,
            CredentialsErrorKind::Io,
            "is a directory, not a regular file",
        );
    }
}

#[test]
fn a_file_over_a_mebibyte_is_refused_and_one_of_a_mebibyte_is_read() {
    let home = TempHome::new("large");
    let path = home.write("credentials", &"#".repeat(2 * 1024 * 1024));
    for error in load_both(&path) {
        assert_names(
            &error,
            &path,
            CredentialsErrorKind::Malformed,
            "is larger than 1048576 bytes",
        );
    }

    // Exactly at the limit: read and parsed (the profile is simply not there).
    let header = "[default]\ntype = access_key\n#";
    let text = format!("{header}{}\n", "x".repeat(1024 * 1024 - header.len() - 1));
    assert_eq!(text.len(), 1024 * 1024);
    let path = home.write("credentials", &text);
    let error = CredentialsFileProvider::with_lookup(env(&[]))
        .with_path(&path)
        .load()
        .unwrap_err();
    assert!(
        error.to_string().contains("has no \"access_key_id\""),
        "{error}"
    );
}

#[test]
fn a_hundred_thousand_profiles_parse_and_the_error_lists_a_few() {
    let home = TempHome::new("many-sections");
    let mut text = String::new();
    for index in 0..100_000 {
        text.push_str(&format!("[p{index}]\n"));
    }
    let path = home.write("credentials", &text);
    let provider = CredentialsFileProvider::with_lookup(env(&[])).with_path(&path);
    let error = provider.load().unwrap_err();
    assert_eq!(error.kind(), CredentialsErrorKind::ProfileNotFound);
    let message = error.to_string();
    assert!(
        message.contains("profiles there: \"p0\", \"p1\","),
        "{message}"
    );
    assert!(message.ends_with("\"p9\", and 99990 more)"), "{message}");
    assert!(message.len() < 500, "{} bytes", message.len());

    // A repeat at the very end is still found, by its line.
    text.push_str("[p5]\n");
    let path = home.write("credentials", &text);
    let error = CredentialsFileProvider::with_lookup(env(&[]))
        .with_path(&path)
        .load()
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("line 100001: section [p5] appears twice (first at line 6)"),
        "{error}"
    );

    // The aliyun CLI's file: as many profiles as a mebibyte holds.
    let profiles: Vec<serde_json::Value> = (0..50_000)
        .map(|index| serde_json::json!({"name": format!("p{index}")}))
        .collect();
    let path = home.write(
        "config.json",
        &serde_json::json!({"current": "default", "profiles": profiles}).to_string(),
    );
    let error = CliProfileProvider::with_lookup(env(&[]))
        .with_path(&path)
        .load()
        .unwrap_err();
    assert_eq!(error.kind(), CredentialsErrorKind::ProfileNotFound);
    let message = error.to_string();
    assert!(message.ends_with("\"p9\", and 49990 more)"), "{message}");
    assert!(message.len() < 500, "{} bytes", message.len());
}

#[test]
fn a_huge_profile_name_is_cut_and_escaped() {
    let home = TempHome::new("huge-name");
    let ini = home.write_credentials_file("[default]\ntype = access_key\n");
    let cli = home.write_cli_config(r#"{"profiles": []}"#);
    let name = format!("\u{1b}[2J{}", "n".repeat(100_000));
    let errors = [
        CredentialsFileProvider::with_lookup(env(&[]))
            .with_path(&ini)
            .with_profile(name.clone())
            .load()
            .unwrap_err(),
        CliProfileProvider::with_lookup(env(&[]))
            .with_path(&cli)
            .with_profile(name.clone())
            .load()
            .unwrap_err(),
    ];
    for error in errors {
        let message = error.to_string();
        assert_eq!(error.kind(), CredentialsErrorKind::ProfileNotFound);
        assert!(!message.contains('\u{1b}'), "{message:?}");
        assert!(message.contains("\\u{1b}[2Jnnn"), "{message}");
        assert!(
            message.contains("nnn...") || message.contains("nnn\"..."),
            "{message}"
        );
        assert!(message.len() < 500, "{} bytes", message.len());
        // The name itself stays whole where a program reads it.
        assert_eq!(error.profile(), Some(name.as_str()));
    }
}
