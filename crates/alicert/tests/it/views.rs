//! The views for people, against the emulator's seeded jobs: a job at a glance, `watch` on a job that moves and on
//! jobs that ended every way, the workers table fitted to a narrow terminal, the expiry check's Nagios exit codes and
//! JSON, and colour only when asked for.

use alicert_emulator::{EmulatorConfig, Pace};

use crate::support::Emu;

#[test]
fn job_at_a_glance() {
    let emu = Emu::shared();
    emu.alicert(&["job", "9005"]).run().code(0).stdout_has(&[
        "Job 9005 · alicert-demo-error",
        "Workers: 12 · 8 succeeded · 4 failed · 0 remaining",
        "Product",
        "Certificates (1)",
        "legacy.alicert-demo.com",
        "expired 3 days ago",
        "Failing workers (4 of 4)",
    ]);
    emu.alicert(&["job", "8888"]).run().code(0).stdout_has(&[
        "auto-test-AXX",
        "includes rollback workers",
        "edkog.shop",
        "Failing workers",
    ]);

    let value = emu
        .alicert(&["job", "9005", "-o", "json"])
        .run()
        .code(0)
        .json();
    assert_eq!(value["Job"]["Name"], "alicert-demo-error");
    assert_eq!(value["Status"]["WorkerCount"], 12);
    assert_eq!(value["Certificates"][0]["DaysLeft"], -3);
    assert_eq!(value["FailingWorkers"]["Total"], 4);
    assert_eq!(
        value["FailingWorkers"]["Data"].as_array().map(Vec::len),
        Some(4)
    );

    emu.alicert(&["job", "9004"]).run().code(0).stdout_has(&[
        "Failing workers: none",
        "expires in 200 days",
        "expires in 400 days",
    ]);
}

#[test]
fn watch_follows_a_progressing_job_to_its_end() {
    // 40 workers at 40 a second: about a second of progress.
    let emu = Emu::start(EmulatorConfig::new().with_pace(Pace::per_second(40.0)));
    let run = emu.alicert(&["watch", "9001", "--interval", "150ms"]).run();
    let progress: Vec<&str> = run
        .stdout
        .lines()
        .filter(|line| line.starts_with("job 9001: "))
        .collect();
    assert!(
        progress.len() >= 3,
        "plain progress lines into a pipe:\n{}",
        run.stdout
    );
    assert!(progress[0].contains("processing"), "{}", run.stdout);
    assert!(
        progress
            .last()
            .is_some_and(|line| line.contains("40/40 done")),
        "{}",
        run.stdout
    );
    let summary = run.stdout.lines().last().unwrap_or_default();
    // The seed decides whether a worker failed; the exit code must agree with the final status.
    let expected = if summary.contains("status error") {
        1
    } else {
        0
    };
    run.code(expected);
    assert!(summary.starts_with("job 9001 "), "{summary}");
    assert!(
        !run.stdout.contains('\u{1b}'),
        "no escape codes into a pipe"
    );
}

#[test]
fn watch_exit_codes_say_how_the_job_ended() {
    let emu = Emu::shared();
    emu.alicert(&["watch", "9004"])
        .run()
        .code(0)
        .stdout_has(&["job 9004 succeeded"]);
    emu.alicert(&["watch", "9005"])
        .run()
        .code(1)
        .stdout_has(&["job 9005 failed"]);
    emu.alicert(&["watch", "9006"])
        .run()
        .code(2)
        .stdout_has(&["job 9006 rolled back", "rolled back"]);
    // A draft (status editing) has not been submitted: said at once, with its own exit code, deadline or not.
    for job in ["9007", "8888"] {
        let run = emu.alicert(&["watch", job, "--interval", "100ms"]).run();
        run.code(7)
            .stdout_has(&[&format!("job {job} has not been submitted: status editing")]);
        assert!(
            run.stdout
                .lines()
                .filter(|line| line.starts_with(&format!("job {job}: ")))
                .count()
                == 1,
            "one poll:\n{}",
            run.stdout
        );
    }
    let value = emu
        .alicert(&["watch", "9007", "-o", "json"])
        .run()
        .code(7)
        .json();
    assert_eq!(value["Outcome"], "has not been submitted");
    assert_eq!(value["ExitCode"], 7);
    // A submitted job waiting for its time is watched until the deadline.
    emu.alicert(&[
        "watch",
        "9002",
        "--interval",
        "100ms",
        "--deadline",
        "400ms",
    ])
    .run()
    .code(3)
    .stdout_has(&["still running"]);
    emu.alicert(&["watch", "9001", "--interval", "0s"])
        .run()
        .code(64)
        .stderr_has(&["--interval"]);
    let value = emu
        .alicert(&["watch", "9006", "-o", "json"])
        .run()
        .code(2)
        .json();
    assert_eq!(value["Outcome"], "rolled back");
    assert_eq!(value["ExitCode"], 2);
    assert_eq!(value["WorkerCount"], 10);
    // -q: no progress lines, just the outcome.
    let quiet = emu.alicert(&["-q", "watch", "9004"]).run();
    quiet.code(0);
    assert_eq!(quiet.stdout.lines().count(), 1, "{}", quiet.stdout);
}

/// The number in `text` after `prefix` and before `suffix`, commas dropped: `(3 of 1,250)` gives 1250.
fn number_between(text: &str, prefix: &str, suffix: &str) -> u64 {
    let start = text
        .find(prefix)
        .unwrap_or_else(|| panic!("no {prefix:?} in:\n{text}"))
        + prefix.len();
    let end = start
        + text[start..]
            .find(suffix)
            .unwrap_or_else(|| panic!("no {suffix:?} in:\n{text}"));
    text[start..end]
        .replace(',', "")
        .parse()
        .unwrap_or_else(|_| panic!("not a number: {:?}", &text[start..end]))
}

#[test]
fn failing_workers_count_what_the_suggested_command_lists() {
    // Job 8888's generated workers cycle through every status, so it has both error and rollback_error workers.
    let emu = Emu::start(EmulatorConfig::new().with_workers(2_000));
    let view = emu.alicert(&["job", "8888", "--failing", "3"]).run();
    view.code(0);
    let failing = number_between(&view.stdout, "Failing workers (3 of ", ")");
    let hint = view
        .stdout
        .lines()
        .find_map(|line| {
            line.split_once("more: alicert ")
                .map(|(_, command)| command.to_owned())
        })
        .unwrap_or_else(|| panic!("no hint:\n{}", view.stdout));
    assert!(hint.contains("error,rollback_error"), "{hint}");

    // The hint, run as printed.
    let args: Vec<&str> = hint.split_whitespace().collect();
    let listed = emu.alicert(&args).run();
    listed.code(0);
    let summary = listed.stdout.lines().last().unwrap_or_default();
    assert!(
        summary.contains(" workers of job 8888 with status error or rollback_error"),
        "{summary}"
    );
    let workers: u64 = summary
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .replace(',', "")
        .parse()
        .unwrap_or_else(|_| panic!("{summary}"));
    assert_eq!(workers, failing, "{}", listed.stdout);
    // The header, a row per worker, the summary.
    assert_eq!(listed.stdout.lines().count() as u64, failing + 2);

    // And in JSON, both ways.
    let glance = emu
        .alicert(&["job", "8888", "-o", "json"])
        .run()
        .code(0)
        .json();
    assert_eq!(glance["FailingWorkers"]["Total"].as_u64(), Some(failing));
    let mut json_args = args.clone();
    json_args.extend(["-o", "json"]);
    let value = emu.alicert(&json_args).run().code(0).json();
    assert_eq!(value["Total"].as_u64(), Some(failing));
    assert_eq!(
        value["Data"].as_array().map(|data| data.len() as u64),
        Some(failing)
    );
    // Repeating the flag is the same as a list.
    let repeated = emu
        .alicert(&[
            "workers",
            "8888",
            "--status",
            "error",
            "--status",
            "rollback_error",
            "-o",
            "json",
        ])
        .run()
        .code(0)
        .json();
    assert_eq!(repeated["Total"].as_u64(), Some(failing));
}

#[test]
fn workers_table_across_pages_fits_the_width() {
    let emu = Emu::start(EmulatorConfig::new().with_workers(250));
    let run = emu.alicert(&["workers", "8888", "--page-size", "40"]).run();
    run.code(0)
        .stdout_has(&["250 workers of job 8888, 7 pages in"]);
    // The header, 250 rows, the summary.
    assert_eq!(run.stdout.lines().count(), 252, "{}", run.stdout);

    let narrow = emu
        .alicert(&["workers", "8888", "--status", "error"])
        .env("COLUMNS", "60")
        .run();
    narrow.code(0).stdout_has(&["with status error", "…"]);
    let lines: Vec<&str> = narrow.stdout.lines().collect();
    // Every table line fits; the closing summary is a sentence, not a table.
    for line in &lines[..lines.len() - 1] {
        assert!(line.chars().count() <= 60, "{line:?} is wider than 60");
    }
    let rows: Vec<&str> = narrow
        .stdout
        .lines()
        .skip(1)
        .filter(|line| line.contains("error"))
        .collect();
    assert!(!rows.is_empty());

    let cdn = emu
        .alicert(&["workers", "8888", "--product", "CDN", "--limit", "5"])
        .run();
    cdn.code(0)
        .stdout_has(&["5 workers", " of job 8888 on CDN"]);
    assert!(
        cdn.stdout
            .lines()
            .skip(1)
            .take(5)
            .all(|line| line.contains("CDN")),
        "{}",
        cdn.stdout
    );

    let value = emu
        .alicert(&["workers", "8888", "--status", "success", "-o", "json"])
        .run()
        .code(0)
        .json();
    let data = value["Data"].as_array().expect("Data");
    assert_eq!(value["Total"].as_u64(), Some(data.len() as u64));
    assert!(data.iter().all(|worker| worker["Status"] == "success"));
}

#[test]
fn expiry_exit_codes_follow_nagios() {
    let emu = Emu::shared();
    // OK: certificates 200 and 400 days out.
    emu.alicert(&["expiry", "--job", "9004"])
        .run()
        .code(0)
        .stdout_has(&["EXPIRY OK"]);
    // WARNING: 20 days left, within the default 30.
    let warning = emu
        .alicert(&["expiry", "--domain", "month.alicert-demo.com"])
        .run();
    warning.code(1);
    assert!(
        warning.stdout.starts_with("EXPIRY WARNING - "),
        "the Nagios status line first:\n{}",
        warning.stdout
    );
    // ... but not within 10.
    emu.alicert(&[
        "expiry",
        "--domain",
        "month.alicert-demo.com",
        "--warning",
        "10",
    ])
    .run()
    .code(0);
    // CRITICAL: expired, or within --critical.
    emu.alicert(&["expiry", "--job", "9005"])
        .run()
        .code(2)
        .stdout_has(&["EXPIRY CRITICAL", "expired 3 days ago"]);
    emu.alicert(&["expiry", "--domain", "week.alicert-demo.com"])
        .run()
        .code(2);
    emu.alicert(&[
        "expiry",
        "--domain",
        "month.alicert-demo.com",
        "-w",
        "40",
        "-c",
        "25",
    ])
    .run()
    .code(2);
    // The worst wins.
    emu.alicert(&[
        "expiry",
        "--job",
        "9004",
        "--domain",
        "month.alicert-demo.com",
        "--job",
        "9005",
    ])
    .run()
    .code(2);
    // UNKNOWN: no certificate, or the check could not run.
    emu.alicert(&["expiry", "--domain", "off.alicert-demo.com"])
        .run()
        .code(3)
        .stdout_has(&["HTTPS off"]);
    emu.alicert(&["expiry", "--job", "424242"])
        .run()
        .code(3)
        .stdout_has(&["UNKNOWN", "NotFound.DeploymentJob", "RequestId"]);
    crate::support::Cli::new()
        .args(["--endpoint", emu.url(), "expiry", "--job", "9004"])
        .run()
        .code(3)
        .stderr_has(&["no Alibaba Cloud credentials found"]);
    // Bad thresholds and no target are usage errors.
    emu.alicert(&["expiry", "--job", "9004", "-w", "5", "-c", "10"])
        .run()
        .code(64)
        .stderr_has(&["--critical"]);
    emu.alicert(&["expiry"])
        .run()
        .code(64)
        .stderr_has(&["--job", "--domain"]);

    // JSON for machines.
    let value = emu
        .alicert(&[
            "expiry",
            "--job",
            "9005",
            "--domain",
            "far.alicert-demo.com",
            "-o",
            "json",
        ])
        .run()
        .code(2)
        .json();
    assert_eq!(value["Status"], "CRITICAL");
    assert_eq!(value["ExitCode"], 2);
    assert_eq!(value["WarningDays"], 30);
    let checks = value["Checks"].as_array().expect("Checks");
    assert_eq!(checks.len(), 2);
    assert_eq!(checks[0]["JobId"], 9005);
    assert_eq!(checks[0]["DaysLeft"], -3);
    assert_eq!(checks[0]["State"], "CRITICAL");
    assert_eq!(checks[1]["Domain"], "far.alicert-demo.com");
    assert_eq!(checks[1]["DaysLeft"], 400);
    assert_eq!(checks[1]["State"], "OK");
}

#[test]
fn colour_only_when_asked_for() {
    let emu = Emu::shared();
    let plain = emu.alicert(&["job", "9005"]).run();
    assert!(!plain.stdout.contains('\u{1b}'), "no colour into a pipe");
    let forced = emu.alicert(&["--color", "always", "job", "9005"]).run();
    assert!(
        forced.stdout.contains("\u{1b}["),
        "--color always colours:\n{}",
        forced.stdout
    );
    let no_color = emu.alicert(&["job", "9005"]).env("NO_COLOR", "1").run();
    assert!(!no_color.stdout.contains('\u{1b}'));
    let never = emu
        .alicert(&["--color", "never", "expiry", "--job", "9005"])
        .run();
    assert!(!never.stdout.contains('\u{1b}') && !never.stderr.contains('\u{1b}'));
}
