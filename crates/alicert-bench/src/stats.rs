//! Repeated measurements and their spread. On a shared two-core machine a single figure says little, so every figure
//! is several samples reported as min / median / max, and contenders that are compared run their samples in turn
//! (ours, then the floor, then ours again...) so that a burst of load elsewhere hits both rather than one.

use std::time::{Duration, Instant};

use serde::Serialize;

/// Several samples of one quantity.
#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    /// Smallest sample.
    pub min: f64,
    /// Median sample (the mean of the middle two for an even count).
    pub median: f64,
    /// Largest sample.
    pub max: f64,
    /// Every sample, in the order taken.
    pub samples: Vec<f64>,
}

impl Summary {
    /// The spread of `samples`; all zero when there are none.
    pub fn of(samples: Vec<f64>) -> Self {
        let mut sorted = samples.clone();
        sorted.sort_by(f64::total_cmp);
        let (min, median, max) = match sorted.len() {
            0 => (0.0, 0.0, 0.0),
            count => {
                let median = if count % 2 == 1 {
                    sorted[count / 2]
                } else {
                    (sorted[count / 2 - 1] + sorted[count / 2]) / 2.0
                };
                (sorted[0], median, sorted[count - 1])
            }
        };
        Self {
            min,
            median,
            max,
            samples,
        }
    }
}

/// How long to measure: how many samples, and roughly how long each sample of a tight loop runs.
#[derive(Clone, Copy, Debug)]
pub struct Budget {
    /// Samples per contender.
    pub samples: usize,
    /// Target duration of one sample.
    pub sample_time: Duration,
}

/// Iterations of `operation` that take about `target`, found by doubling from one.
fn calibrate(operation: &mut dyn FnMut(), target: Duration) -> u64 {
    let mut iterations: u64 = 1;
    loop {
        let started = Instant::now();
        for _ in 0..iterations {
            operation();
        }
        let elapsed = started.elapsed();
        if elapsed >= target / 8 || iterations >= 1 << 30 {
            let per_iteration = elapsed.as_secs_f64() / iterations as f64;
            return ((target.as_secs_f64() / per_iteration.max(1e-12)) as u64).max(1);
        }
        iterations *= 2;
    }
}

/// Nanoseconds per call of each operation, sampled in turn (one sample of each, then the next round), so that each
/// round's samples are neighbours in time and their ratio is little affected by load that comes and goes. Each
/// operation is calibrated (which also warms it) to run about `budget.sample_time` per sample. Returns every
/// operation's samples, in the order given.
pub fn nanos_per_call(budget: Budget, operations: &mut [&mut dyn FnMut()]) -> Vec<Vec<f64>> {
    let iterations: Vec<u64> = operations
        .iter_mut()
        .map(|operation| calibrate(*operation, budget.sample_time))
        .collect();
    let mut samples: Vec<Vec<f64>> = vec![Vec::with_capacity(budget.samples); operations.len()];
    for _ in 0..budget.samples {
        for (index, operation) in operations.iter_mut().enumerate() {
            let started = Instant::now();
            for _ in 0..iterations[index] {
                operation();
            }
            let nanos = started.elapsed().as_nanos() as f64;
            samples[index].push(nanos / iterations[index] as f64);
        }
    }
    samples
}

/// `numerator[i] / denominator[i]` for each round.
pub fn paired_ratios(numerator: &[f64], denominator: &[f64]) -> Vec<f64> {
    numerator
        .iter()
        .zip(denominator)
        .map(|(top, bottom)| top / bottom)
        .collect()
}

/// Nanoseconds this process's threads have run on a CPU so far (user and system), summed from
/// `/proc/self/task/*/schedstat`; `None` where that does not exist (not Linux). Less sensitive to a busy machine than
/// wall time: waiting for a core does not count.
pub fn cpu_nanos() -> Option<u64> {
    let mut total = 0_u64;
    for entry in std::fs::read_dir("/proc/self/task").ok()? {
        let Ok(entry) = entry else { continue };
        // A thread that ended since the directory was read is simply skipped.
        if let Ok(text) = std::fs::read_to_string(entry.path().join("schedstat"))
            && let Some(Ok(nanos)) = text.split_whitespace().next().map(str::parse::<u64>)
        {
            total += nanos;
        }
    }
    Some(total)
}

/// Peak and current resident set size of this process, in bytes, from `/proc/self/status` (`VmHWM`, `VmRSS`).
/// `None` where that file does not exist (not Linux).
pub fn memory() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = status.lines().find(|line| line.starts_with(name))?;
        let kib: u64 = line[name.len()..]
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse()
            .ok()?;
        Some(kib * 1024)
    };
    Some((field("VmHWM:")?, field("VmRSS:")?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_spread() {
        let summary = Summary::of(vec![3.0, 1.0, 2.0]);
        assert_eq!((summary.min, summary.median, summary.max), (1.0, 2.0, 3.0));
        assert_eq!(summary.samples, [3.0, 1.0, 2.0]);
        assert_eq!(Summary::of(vec![4.0, 1.0, 2.0, 3.0]).median, 2.5);
        assert_eq!(Summary::of(Vec::new()).median, 0.0);
    }

    #[test]
    fn reads_its_own_cpu_time() {
        if cfg!(target_os = "linux") {
            let before = cpu_nanos().expect("/proc/self/task");
            let mut spin = 0_u64;
            for index in 0..1_000_000_u64 {
                spin = spin.wrapping_add(std::hint::black_box(index));
            }
            std::hint::black_box(spin);
            assert!(cpu_nanos().expect("/proc/self/task") > before);
        }
    }

    #[test]
    fn reads_its_own_memory() {
        if cfg!(target_os = "linux") {
            let (peak, current) = memory().expect("/proc/self/status");
            assert!(peak >= current && current > 0);
        }
    }
}
