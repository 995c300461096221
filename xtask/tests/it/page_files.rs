//! `cargo xtask import-doc` (and `spec-diff`, for its spec files) takes any path the OS allows and reads only regular files, capped: a path that is not
//! UTF-8 imports like any other, and a FIFO, a folder or an oversized file is an error at once, never a hang.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support;

const XTASK: &str = env!("CARGO_BIN_EXE_xtask");

/// Runs `import-doc --check --spec-dir <copy of spec/> page`, failing the test if it does not end within 20 s.
fn import_check(spec_dir: &Path, page: &Path) -> (Output, String) {
    let mut command = Command::new(XTASK);
    command
        .arg("import-doc")
        .arg("--check")
        .arg("--spec-dir")
        .arg(spec_dir)
        .arg(page);
    run_watched(command)
}

/// Runs the command, failing the test if it does not end within 20 s or if it panics.
fn run_watched(mut command: Command) -> (Output, String) {
    let mut child = command
        .env("RUST_BACKTRACE", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("xtask hung: {command:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (output, stderr)
}

#[cfg(unix)]
#[test]
fn a_page_path_that_is_not_utf8_imports() {
    use std::os::unix::ffi::OsStrExt;

    let specs = support::spec_copy("page-files-utf8-spec");
    let folder =
        support::scratch("page-files-utf8").join(std::ffi::OsStr::from_bytes(b"pages-\xff-latin1"));
    std::fs::create_dir_all(&folder).unwrap();
    let name = support::PAGES[4];
    let page = support::write_page(&folder, name, &support::page(name));
    let (output, stderr) = import_check(&specs, &page);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "{name}: DescribeVodDomainCertificateInfo unchanged in"
        )),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_without_blocking() {
    let specs = support::spec_copy("page-files-fifo-spec");
    let fifo = support::scratch("page-files-fifo").join("page.txt");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let (output, stderr) = import_check(&specs, &fifo);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("is not a regular file"), "{stderr}");
    assert!(stderr.contains(&fifo.display().to_string()), "{stderr}");

    // spec-diff reads spec files the same way.
    let mut command = Command::new(XTASK);
    command
        .args(["spec-diff", "--no-rust"])
        .arg(specs.join("vod-2017-03-21.yaml"))
        .arg(&fifo);
    let (output, stderr) = run_watched(command);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("is not a regular file"), "{stderr}");
}

#[test]
fn a_folder_or_an_oversized_file_is_refused() {
    let specs = support::spec_copy("page-files-kind-spec");
    let scratch = support::scratch("page-files-kind");
    let (output, stderr) = import_check(&specs, &scratch);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("is a folder"), "{stderr}");

    let big: PathBuf = scratch.join("big.txt");
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(xtask::read::PAGE_CAP + 1).unwrap();
    let (output, stderr) = import_check(&specs, &big);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("more than the {} bytes", xtask::read::PAGE_CAP)),
        "{stderr}"
    );
}
