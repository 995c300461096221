//! The measurements as the report reads them: the harness's and the Python side's JSON, pooled over rounds, and the
//! figures taken from them (spreads, signing rows). Parsing lives here, apart from running the processes and from
//! printing, because it is what the report's golden test feeds with fixed figures.

use anyhow::{Result, anyhow};
use serde_json::{Value, json};

/// min / median / max of one figure.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spread {
    /// Smallest sample.
    pub min: f64,
    /// Median sample.
    pub median: f64,
    /// Largest sample.
    pub max: f64,
}

impl Spread {
    pub(super) fn from_json(value: &Value, what: &str) -> Result<Self> {
        let field = |name: &str| {
            value
                .get(name)
                .and_then(Value::as_f64)
                .ok_or_else(|| anyhow!("{what}: no number `{name}` in {value}"))
        };
        Ok(Self {
            min: field("min")?,
            median: field("median")?,
            max: field("max")?,
        })
    }
}

/// The value at `path` in the harness's output.
pub(super) fn get<'a>(value: &'a Value, path: &[&str]) -> Result<&'a Value> {
    let mut current = value;
    for key in path {
        current = current
            .get(key)
            .ok_or_else(|| anyhow!("no `{}` in the harness output", path.join(".")))?;
    }
    Ok(current)
}

/// The spread at `path`.
pub(super) fn spread(value: &Value, path: &[&str]) -> Result<Spread> {
    Spread::from_json(get(value, path)?, &path.join("."))
}

/// The `samples` of the summary at `path`.
pub(super) fn samples_at(value: &Value, path: &[&str]) -> Result<Vec<f64>> {
    get(value, path)?["samples"]
        .as_array()
        .ok_or_else(|| anyhow!("no samples at `{}`", path.join(".")))?
        .iter()
        .map(|sample| {
            sample
                .as_f64()
                .ok_or_else(|| anyhow!("a sample at `{}` is not a number", path.join(".")))
        })
        .collect()
}

/// Microseconds per call from (CPU nanoseconds, calls); null when nothing was measured.
pub(super) fn micros_per_call((nanos, calls): (f64, f64)) -> Value {
    if calls > 0.0 {
        json!(nanos / 1000.0 / calls)
    } else {
        Value::Null
    }
}

/// A summary in the harness's JSON shape.
pub(super) fn summary_json(samples: &[f64]) -> Value {
    let spread = spread_of(samples);
    json!({ "min": spread.min, "median": spread.median, "max": spread.max, "samples": samples })
}

/// Pools the rounds: every sample of ours, the floor's and the official client's, and, per round, our median rate
/// over the official client's (`ours_over_official`). Returns (ours, official) in the shapes the report reads.
pub(super) fn merge_rounds(ours: &[Value], theirs: &[Value]) -> Result<(Value, Value)> {
    let first = ours
        .first()
        .ok_or_else(|| anyhow!("no end-to-end round ran"))?;
    let first_theirs = theirs
        .first()
        .ok_or_else(|| anyhow!("no official end-to-end round ran"))?;
    let mut merged = json!({
        "rounds": ours.len(),
        "samples": ours.iter().map(|round| round["samples"].as_u64().unwrap_or(0)).sum::<u64>(),
        "concurrency": first["concurrency"],
        "sequential_calls": first["sequential_calls"],
        "concurrent_calls": first["concurrent_calls"],
    });
    let mut official = json!({
        "rounds": theirs.len(),
        "samples": theirs.iter().map(|round| round["e2e"]["samples"].as_u64().unwrap_or(0)).sum::<u64>(),
        "sequential_calls": first_theirs["e2e"]["sequential_calls"],
        "concurrent_calls": first_theirs["e2e"]["concurrent_calls"],
    });
    for (mode, official_key) in [
        ("sequential", "sequential_calls_per_s"),
        ("concurrent", "concurrent_calls_per_s"),
    ] {
        let (mut ours_all, mut floor_all, mut ratio_all, mut theirs_all) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let (mut versus, mut floor_versus) = (Vec::new(), Vec::new());
        // CPU nanoseconds and calls, (ours, floor), summed over the rounds.
        let (mut ours_cpu, mut floor_cpu) = ((0.0, 0.0), (0.0, 0.0));
        for (our_round, their_round) in ours.iter().zip(theirs) {
            let our_rates = samples_at(our_round, &[mode, "ours_calls_per_s"])?;
            let their_rates = samples_at(their_round, &["e2e", official_key])?;
            let floor_rates = samples_at(our_round, &[mode, "floor_calls_per_s"])?;
            let their_median = spread_of(&their_rates).median;
            versus.push(spread_of(&our_rates).median / their_median);
            floor_versus.push(spread_of(&floor_rates).median / their_median);
            floor_all.extend(floor_rates);
            ratio_all.extend(samples_at(our_round, &[mode, "ours_time_over_floor"])?);
            ours_all.extend(our_rates);
            theirs_all.extend(their_rates);
            for (total, key) in [(&mut ours_cpu, "ours_cpu"), (&mut floor_cpu, "floor_cpu")] {
                total.0 += our_round[mode][key]["nanos"].as_f64().unwrap_or(0.0);
                total.1 += our_round[mode][key]["calls"].as_f64().unwrap_or(0.0);
            }
        }
        merged[mode] = json!({
            "ours_calls_per_s": summary_json(&ours_all),
            "floor_calls_per_s": summary_json(&floor_all),
            "ours_time_over_floor": summary_json(&ratio_all),
            "ours_over_official": summary_json(&versus),
            "floor_over_official": summary_json(&floor_versus),
            "ours_cpu_us_per_call": micros_per_call(ours_cpu),
            "floor_cpu_us_per_call": micros_per_call(floor_cpu),
        });
        official[official_key] = summary_json(&theirs_all);
    }
    Ok((merged, official))
}

/// min / median / max of samples (the mean of the middle two when they are even).
pub(super) fn spread_of(samples: &[f64]) -> Spread {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let count = sorted.len();
    if count == 0 {
        return Spread {
            min: 0.0,
            median: 0.0,
            max: 0.0,
        };
    }
    let median = if count % 2 == 1 {
        sorted[count / 2]
    } else {
        (sorted[count / 2 - 1] + sorted[count / 2]) / 2.0
    };
    Spread {
        min: sorted[0],
        median,
        max: sorted[count - 1],
    }
}

/// What importing `alicert-api` costs a user: a scratch crate depending on it by path with default features.
pub(super) struct Import {
    pub(super) dependencies: usize,
    pub(super) clean_build_seconds: Option<f64>,
}

/// The machine, the toolchain and the moment, for the report's header.
pub(super) struct RunContext {
    pub(super) date: String,
    pub(super) commit: String,
    pub(super) cpu: String,
    pub(super) cpus: usize,
    pub(super) memory: String,
    pub(super) kernel: String,
    pub(super) rustc: String,
    pub(super) load_start: String,
}

/// Everything measured, gathered from the harness, the Python side and this process.
pub(super) struct Figures {
    pub(super) quick: bool,
    pub(super) sign: Value,
    pub(super) official: Value,
    pub(super) e2e: Value,
    pub(super) pages: Vec<Value>,
    pub(super) load: Value,
    pub(super) served: Value,
    pub(super) generate: Spread,
    pub(super) import: Import,
    pub(super) load_end: String,
    /// How long the whole run took, up to writing the report.
    pub(super) seconds: f64,
}

/// One signing case: ours, the floor, and the official SDK.
pub(super) struct SignRow {
    pub(super) name: String,
    pub(super) bytes: u64,
    pub(super) ours: Spread,
    pub(super) floor: Spread,
    /// Ours over the floor, round by round (their samples alternate).
    pub(super) ours_over_floor: Spread,
    pub(super) official: Spread,
    pub(super) same_signature: bool,
    /// V1 only: the general signer, its ratio to the floor, the floor from a prepared key, and ours over that.
    pub(super) v1_extra: Option<V1Extra>,
}

/// What the harness measures beside a V1 case's main figures.
pub(super) struct V1Extra {
    pub(super) general: Spread,
    pub(super) general_over_floor: Spread,
    pub(super) prepared_floor: Spread,
    pub(super) ours_over_prepared_floor: Spread,
}

/// The signing cases, ours matched with the official SDK's by name.
pub(super) fn sign_rows(figures: &Figures) -> Result<Vec<SignRow>> {
    let ours = get(&figures.sign, &["results"])?
        .as_array()
        .ok_or_else(|| anyhow!("the harness's sign results are not a list"))?;
    let theirs = get(&figures.official, &["sign"])?
        .as_array()
        .ok_or_else(|| anyhow!("the official sign results are not a list"))?;
    ours.iter()
        .map(|result| {
            let name = get(result, &["name"])?
                .as_str()
                .unwrap_or_default()
                .to_owned();
            let official = theirs
                .iter()
                .find(|entry| entry["name"] == name.as_str())
                .ok_or_else(|| anyhow!("the official side did not sign {name}"))?;
            Ok(SignRow {
                bytes: result["string_to_sign_bytes"].as_u64().unwrap_or(0),
                ours: spread(result, &["ours_ns"])?,
                floor: spread(result, &["hmac_floor_ns"])?,
                ours_over_floor: spread(result, &["ours_over_floor"])?,
                official: spread(official, &["ns"])?,
                same_signature: result["signature"] == official["signature"],
                v1_extra: match result.get("general_ns") {
                    Some(_) => Some(V1Extra {
                        general: spread(result, &["general_ns"])?,
                        general_over_floor: spread(result, &["general_over_floor"])?,
                        prepared_floor: spread(result, &["prepared_floor_ns"])?,
                        ours_over_prepared_floor: spread(result, &["ours_over_prepared_floor"])?,
                    }),
                    None => None,
                },
                name,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreads() {
        let spread = spread_of(&[3.0, 1.0, 2.0, 10.0]);
        assert_eq!((spread.min, spread.median, spread.max), (1.0, 2.5, 10.0));
    }
}
