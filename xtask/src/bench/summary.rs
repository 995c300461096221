//! The headline figures and the one-line summary of `key=value` pairs that `cargo xtask bench` prints last: the
//! keys the issues name, in their order. The summary is a contract with whoever reads the line (CI, the issues'
//! checks), so its keys live in one place with a test of their order.

use anyhow::{Result, anyhow};

use super::measure::{Figures, SignRow, get, spread};

/// The figures the summary line and the goals are made of.
pub(super) struct Headline {
    pub(super) sign_v1_ns: f64,
    pub(super) sign_v1_vs_hmac_floor: f64,
    pub(super) sign_v1_vs_official: f64,
    pub(super) sign_v3_vs_official: f64,
    pub(super) e2e_vs_official: f64,
    pub(super) e2e_concurrent_vs_official: f64,
    pub(super) floor_vs_official: f64,
    pub(super) floor_concurrent_vs_official: f64,
    /// Client CPU microseconds per call: (ours, floor), sequential then concurrent.
    pub(super) cpu_sequential: (f64, f64),
    pub(super) cpu_concurrent: (f64, f64),
    pub(super) sdk_vs_raw_http: f64,
    pub(super) sdk_vs_raw_http_concurrent: f64,
    pub(super) pages_100k_s: f64,
    pub(super) pages_100k_rss_mib: f64,
    pub(super) pages_requests: u64,
    pub(super) emulator_rps: f64,
    pub(super) bare_http_rps: f64,
    pub(super) emulator_vs_bare_http: f64,
}

/// The headline figures of a run.
pub(super) fn headline(figures: &Figures, rows: &[SignRow]) -> Result<Headline> {
    let row = |name: &str| {
        rows.iter()
            .find(|row| row.name == name)
            .ok_or_else(|| anyhow!("no signing result for {name}"))
    };
    let v1 = row("v1_typical")?;
    let v3 = row("v3_typical")?;
    let page = figures
        .pages
        .first()
        .ok_or_else(|| anyhow!("no paging result"))?;
    Ok(Headline {
        sign_v1_ns: v1.ours.median,
        sign_v1_vs_hmac_floor: v1.ours_over_floor.median,
        sign_v1_vs_official: v1.official.median / v1.ours.median,
        sign_v3_vs_official: v3.official.median / v3.ours.median,
        e2e_vs_official: spread(&figures.e2e, &["sequential", "ours_over_official"])?.median,
        e2e_concurrent_vs_official: spread(&figures.e2e, &["concurrent", "ours_over_official"])?
            .median,
        floor_vs_official: spread(&figures.e2e, &["sequential", "floor_over_official"])?.median,
        floor_concurrent_vs_official: spread(&figures.e2e, &["concurrent", "floor_over_official"])?
            .median,
        cpu_sequential: (
            figures.e2e["sequential"]["ours_cpu_us_per_call"]
                .as_f64()
                .unwrap_or(f64::NAN),
            figures.e2e["sequential"]["floor_cpu_us_per_call"]
                .as_f64()
                .unwrap_or(f64::NAN),
        ),
        cpu_concurrent: (
            figures.e2e["concurrent"]["ours_cpu_us_per_call"]
                .as_f64()
                .unwrap_or(f64::NAN),
            figures.e2e["concurrent"]["floor_cpu_us_per_call"]
                .as_f64()
                .unwrap_or(f64::NAN),
        ),
        sdk_vs_raw_http: spread(&figures.e2e, &["sequential", "ours_time_over_floor"])?.median,
        sdk_vs_raw_http_concurrent: spread(&figures.e2e, &["concurrent", "ours_time_over_floor"])?
            .median,
        pages_100k_s: spread(page, &["seconds"])?.median,
        pages_100k_rss_mib: get(page, &["peak_rss_mib"])?.as_f64().unwrap_or(f64::NAN),
        pages_requests: page["requests_per_listing"].as_u64().unwrap_or(0),
        emulator_rps: spread(&figures.load, &["requests_per_s"])?.median,
        bare_http_rps: spread(&figures.load, &["bare_requests_per_s"])?.median,
        emulator_vs_bare_http: spread(&figures.load, &["emulator_over_bare"])?.median,
    })
}

impl Headline {
    /// Our client's CPU per call over the floor's, 16 tasks calling at once.
    pub(super) fn client_cpu_vs_floor_concurrent(&self) -> f64 {
        self.cpu_concurrent.0 / self.cpu_concurrent.1
    }

    /// The one line of `key=value` pairs, exactly the keys the issues name, in their order.
    pub(super) fn summary_line(&self) -> String {
        format!(
            "sign_v1_ns={:.0} sign_v1_vs_hmac_floor={:.2} sign_v1_vs_official={:.1} sign_v3_vs_official={:.1} \
             e2e_vs_official={:.1} sdk_vs_raw_http={:.2} sdk_vs_raw_http_concurrent={:.2} \
             client_cpu_vs_floor_concurrent={:.2} pages_100k_s={:.3} pages_100k_rss_mib={:.1} emulator_rps={:.0} \
             emulator_vs_bare_http={:.2}",
            self.sign_v1_ns,
            self.sign_v1_vs_hmac_floor,
            self.sign_v1_vs_official,
            self.sign_v3_vs_official,
            self.e2e_vs_official,
            self.sdk_vs_raw_http,
            self.sdk_vs_raw_http_concurrent,
            self.client_cpu_vs_floor_concurrent(),
            self.pages_100k_s,
            self.pages_100k_rss_mib,
            self.emulator_rps,
            self.emulator_vs_bare_http,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_line_has_the_issue_keys_in_order() {
        let line = Headline {
            sign_v1_ns: 1234.4,
            sign_v1_vs_hmac_floor: 1.5,
            sign_v1_vs_official: 30.0,
            sign_v3_vs_official: 25.0,
            e2e_vs_official: 40.0,
            e2e_concurrent_vs_official: 30.0,
            floor_vs_official: 45.0,
            floor_concurrent_vs_official: 35.0,
            cpu_sequential: (100.0, 80.0),
            cpu_concurrent: (50.0, 30.0),
            sdk_vs_raw_http: 1.2,
            sdk_vs_raw_http_concurrent: 1.3,
            pages_100k_s: 0.5,
            pages_100k_rss_mib: 20.0,
            pages_requests: 100,
            emulator_rps: 12345.6,
            bare_http_rps: 20000.0,
            emulator_vs_bare_http: 0.62,
        }
        .summary_line();
        let keys: Vec<&str> = line
            .split(' ')
            .map(|pair| pair.split('=').next().unwrap())
            .collect();
        assert_eq!(
            keys,
            [
                "sign_v1_ns",
                "sign_v1_vs_hmac_floor",
                "sign_v1_vs_official",
                "sign_v3_vs_official",
                "e2e_vs_official",
                "sdk_vs_raw_http",
                "sdk_vs_raw_http_concurrent",
                "client_cpu_vs_floor_concurrent",
                "pages_100k_s",
                "pages_100k_rss_mib",
                "emulator_rps",
                "emulator_vs_bare_http"
            ]
        );
        assert!(line.starts_with("sign_v1_ns=1234 "), "{line}");
        assert!(
            line.contains(" client_cpu_vs_floor_concurrent=1.67 "),
            "{line}"
        );
        assert!(line.ends_with(" emulator_vs_bare_http=0.62"), "{line}");
    }
}
