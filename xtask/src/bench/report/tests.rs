//! The report held to a golden text: fixed figures in the shapes the harness and the Python side print, rendered
//! and compared byte for byte with `report.golden.md` (generated from the report before it was split by section).

use std::path::Path;

use serde_json::json;

use super::super::measure::{Figures, Import, RunContext, Spread};
use super::render;

/// A fixed set of measurements in the shapes the harness and the Python side print: `full` takes every branch
/// the full run takes (the notes of missed goals, a collected listing, failed answers, the clean build), the
/// other is a `--quick` run that meets its goals.
fn fixture(full: bool) -> (RunContext, Figures) {
    let spread =
        |min: f64, median: f64, max: f64| json!({ "min": min, "median": median, "max": max });
    let sign_case = |name: &str, bytes: u64, ours: f64, floor: f64, v1: bool| {
        let mut case = json!({
            "name": name,
            "string_to_sign_bytes": bytes,
            "ours_ns": spread(ours * 0.9, ours, ours * 1.3),
            "hmac_floor_ns": spread(floor * 0.95, floor, floor * 1.1),
            "ours_over_floor": spread(ours / floor * 0.9, ours / floor, ours / floor * 1.2),
            "signature": format!("sig-{name}"),
        });
        if v1 {
            case["general_ns"] = spread(ours * 1.8, ours * 2.0, ours * 2.5);
            case["general_over_floor"] = spread(4.1, 4.5, 5.25);
            case["prepared_floor_ns"] = spread(floor * 0.6, floor * 0.7, floor * 0.8);
            case["ours_over_prepared_floor"] = spread(2.0, 2.25, 2.5);
        }
        case
    };
    let (v1_ours, v1_floor) = if full {
        (1234.5, 380.0)
    } else {
        (520.0, 375.0)
    };
    let sign = json!({ "results": [
        sign_case("v1_typical", 412, v1_ours, v1_floor, true),
        sign_case("v1_long", 1873, 4100.0, 900.0, true),
        sign_case("v3_typical", 530, 2200.0, 610.0, false),
        sign_case("v3_long", 2400, 5200.0, 1500.0, false),
        sign_case("v9_unknown", 10, 100.0, 50.0, false),
    ]});
    let official_sign = |name: &str, ns: f64, same: bool| {
        json!({
            "name": name,
            "ns": spread(ns * 0.9, ns, ns * 1.1),
            "signature": if same { format!("sig-{name}") } else { "other".to_owned() },
        })
    };
    let official = json!({
        "python": "3.12.3",
        "sdk": {
            "alibabacloud-tea-openapi": "0.3.16",
            "alibabacloud-cas20200407": "3.0.0",
            "darabonba-core": "1.0.3",
            "requests": "2.32.3",
        },
        "sign": [
            official_sign("v1_typical", 41_000.0, true),
            official_sign("v1_long", 120_000.0, true),
            official_sign("v3_typical", 65_432.1, true),
            official_sign("v3_long", 150_000.0, false),
            official_sign("v9_unknown", 1000.0, true),
        ],
        "e2e": {
            "samples": 10,
            "sequential_calls": 300,
            "concurrent_calls": 600,
            "sequential_calls_per_s": spread(180.0, 201.5, 220.0),
            "concurrent_calls_per_s": spread(350.0, 402.0, 430.0),
        },
    });
    let (ratio, cpu) = if full { (1.31, 61.25) } else { (1.05, 31.0) };
    let mode = |rate: f64| {
        json!({
            "ours_calls_per_s": spread(rate * 0.8, rate, rate * 1.1),
            "floor_calls_per_s": spread(rate * 1.1, rate * ratio, rate * 1.5),
            "ours_time_over_floor": spread(ratio * 0.9, ratio, ratio * 1.2),
            "ours_over_official": spread(40.0, 45.55, 50.0),
            "floor_over_official": spread(50.0, 55.0, 61.0),
            "ours_cpu_us_per_call": cpu,
            "floor_cpu_us_per_call": 30.0,
        })
    };
    let e2e = json!({
        "rounds": 5,
        "samples": 20,
        "concurrency": 16,
        "sequential_calls": 300,
        "concurrent_calls": 600,
        "sequential": mode(9_000.0),
        "concurrent": mode(14_250.75),
    });
    let page = |collect: bool, prefetch: u64, seconds: f64, rss: f64| {
        json!({
            "collect": collect,
            "prefetch": prefetch,
            "seconds": spread(seconds * 0.9, seconds, seconds * 1.2),
            "requests_per_listing": 100,
            "runs": 3,
            "peak_rss_mib": rss,
            "worker_inline_bytes": 184,
        })
    };
    let mut pages = vec![
        page(false, 1, if full { 2.5 } else { 0.75 }, 12.25),
        page(false, 4, 0.5, 13.0),
    ];
    if full {
        pages.push(page(true, 1, 1.1, 96.5));
    }
    let load = json!({
        "concurrency": 64,
        "samples": 5,
        "requests": 20_000,
        "requests_per_s": spread(11_000.0, 12_345.6, 13_000.0),
        "bare_requests_per_s": spread(18_000.0, 20_000.0, 21_000.0),
        "emulator_over_bare": spread(0.55, 0.62, 0.7),
    });
    let served = if full {
        json!({ "failed": 2, "requests_logged": 1000, "first_failures": ["SignatureDoesNotMatch"] })
    } else {
        json!({ "failed": 0, "requests_logged": 1000, "first_failures": [] })
    };
    let context = RunContext {
        date: "2026-01-02 03:04 UTC".to_owned(),
        commit: "`0123456789ab`".to_owned(),
        cpu: "Example CPU @ 2.00GHz".to_owned(),
        cpus: 2,
        memory: "7.8 GiB RAM".to_owned(),
        kernel: "Linux 6.1.0".to_owned(),
        rustc: "rustc 1.90.0 (fixed 2026-01-01)".to_owned(),
        load_start: "1.00 0.90 0.80".to_owned(),
    };
    let figures = Figures {
        quick: !full,
        sign,
        official,
        e2e,
        pages,
        load,
        served,
        generate: Spread {
            min: 1.5,
            median: 1.75,
            max: 2.0,
        },
        import: Import {
            dependencies: 123,
            clean_build_seconds: full.then_some(95.25),
        },
        load_end: "2.00 1.50 1.00".to_owned(),
        seconds: 612.4,
    };
    (context, figures)
}

/// The report and the summary line of the fixed measurements, byte for byte, against `report.golden.md` beside
/// this module (`UPDATE_GOLDEN=1` rewrites it; review the diff).
#[test]
fn the_report_of_fixed_measurements_is_the_golden_text() {
    let mut actual = String::new();
    for full in [true, false] {
        let (context, figures) = fixture(full);
        let (report, summary) = render(&context, &figures).unwrap();
        actual.push_str(&format!(
            "<!-- full: {full} -->\n{report}<!-- summary -->\n{summary}\n"
        ));
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/bench/report.golden.md");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap();
    assert!(
        actual == expected,
        "the report differs from {} (UPDATE_GOLDEN=1 rewrites it):\n{}",
        path.display(),
        similar::TextDiff::from_lines(&expected, &actual).unified_diff()
    );
}

#[test]
fn formats_numbers() {
    assert_eq!(super::number(1234567.891, 1), "1,234,567.9");
    assert_eq!(super::number(999.0, 0), "999");
    assert_eq!(super::number(-1234.0, 0), "-1,234");
}
