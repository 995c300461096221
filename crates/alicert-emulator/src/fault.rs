//! Injected failures: what a client must survive in production (throttling, 5xx, gateway HTML pages, slow answers,
//! connections cut mid-body, a server clock that is off, a service that has grown fields and values the docs do not
//! list). Each fault hits the first K requests or a fixed fraction of them, decided by a counter rather than a random
//! draw, so a test knows exactly which attempt fails.
//!
//! # Grammar
//!
//! `--fault SPEC` (and [`FaultSpec::from_str`]) reads:
//!
//! ```text
//! SPEC     = KIND [ "@" TRIGGER ]
//! KIND     = "throttle" [ ":retry-after=" DURATION ]   400 Throttling.User (with x-acs-retry-after: <ms>)
//!          | "http500"                                 500 InternalError (JSON)
//!          | "http503"                                 503 ServiceUnavailable (JSON)
//!          | "gateway502"                              502 with an nginx-style HTML page
//!          | "slow=" DURATION                          answer after a delay
//!          | "drop"                                    headers and half the body, then the connection closes
//!          | "skew=" ["+" | "-"] DURATION              the server's clock is off by this much
//!          | "newer-service"                           undocumented fields and enum values in answers
//! TRIGGER  = "first=" K                                the first K requests (counted per fault)
//!          | "fraction=" F                             F of the requests, 0 < F <= 1: request n (from 0) is hit
//!                                                      when floor((n+1)F) > floor(nF), e.g. 0.25 hits n = 3, 7, 11...
//! DURATION = "0" | DIGITS [ "." DIGITS ] ( "ms" | "s" | "m" | "h" | "d" )   (alicert_core::duration: 1.5m, 2d)
//! ```
//!
//! Without a trigger a fault hits every request. Several faults may be active at once; each counts every request it
//! sees. When more than one answer-replacing fault (throttle, http500, http503, gateway502) hits the same request,
//! the first in the list wins. `slow` delays, `skew` shifts the clock and `newer-service` changes the answer, on top.

use std::fmt;
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::clock::{ClockSkew, format_duration, lock, parse_duration};

/// What a fault does to a request it hits.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FaultKind {
    /// HTTP 400 `Throttling.User`, with `x-acs-retry-after: <milliseconds>` when `retry_after` is set.
    Throttle {
        /// The wait the server asks for.
        retry_after: Option<Duration>,
    },
    /// HTTP 500 `InternalError` with a JSON body.
    Http500,
    /// HTTP 503 `ServiceUnavailable` with a JSON body.
    Http503,
    /// HTTP 502 with a `text/html` body, as a gateway in front of the service sends it.
    Gateway502,
    /// The answer comes after this delay.
    Slow(Duration),
    /// The status, headers and part of the body are written, then the connection is closed.
    Drop,
    /// The server's clock is off by this much (added to the configured skew).
    Skew(ClockSkew),
    /// Answers gain `NewFieldFromTheFuture` fields, and enum fields take values the docs do not list (`Status`
    /// `paused`, `CloudProduct` `NewCloudProduct`, ...).
    NewerService,
}

/// Which requests a fault hits.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Trigger {
    /// Every request.
    Always,
    /// The first K requests the fault sees.
    First(u64),
    /// This fraction of requests (0 < F <= 1), evenly spread: request n (from 0) is hit when
    /// `floor((n+1)F) > floor(nF)`.
    Fraction(f64),
}

impl Trigger {
    /// Whether the request numbered `seen` (from 0) is hit.
    pub fn hits(&self, seen: u64) -> bool {
        match *self {
            Trigger::Always => true,
            Trigger::First(count) => seen < count,
            Trigger::Fraction(fraction) => {
                // Exact for the fractions people write (0.25, 0.5, 0.1) over any realistic request count.
                let before = (seen as f64 * fraction).floor();
                let after = ((seen as f64 + 1.0) * fraction).floor();
                after > before
            }
        }
    }
}

/// One fault and when it strikes: the parsed form of a `--fault` flag.
///
/// ```
/// use std::time::Duration;
/// use alicert_emulator::{FaultKind, FaultSpec, Trigger};
///
/// let spec: FaultSpec = "throttle:retry-after=200ms@first=2".parse().unwrap();
/// assert_eq!(spec.kind, FaultKind::Throttle { retry_after: Some(Duration::from_millis(200)) });
/// assert_eq!(spec.trigger, Trigger::First(2));
/// assert_eq!(spec.to_string(), "throttle:retry-after=200ms@first=2");
/// assert!("throttle@sometimes".parse::<FaultSpec>().unwrap_err().to_string().contains("sometimes"));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct FaultSpec {
    /// What happens.
    pub kind: FaultKind,
    /// To which requests.
    pub trigger: Trigger,
}

impl FaultSpec {
    /// A fault that hits every request.
    pub fn always(kind: FaultKind) -> Self {
        Self {
            kind,
            trigger: Trigger::Always,
        }
    }

    /// A fault that hits the first `count` requests.
    pub fn first(kind: FaultKind, count: u64) -> Self {
        Self {
            kind,
            trigger: Trigger::First(count),
        }
    }

    /// A fault that hits `fraction` of the requests (clamped into 0..=1).
    pub fn fraction(kind: FaultKind, fraction: f64) -> Self {
        let fraction = if fraction.is_finite() {
            fraction.clamp(0.0, 1.0)
        } else {
            0.0
        };
        Self {
            kind,
            trigger: Trigger::Fraction(fraction),
        }
    }
}

impl fmt::Display for FaultKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FaultKind::Throttle { retry_after: None } => f.write_str("throttle"),
            FaultKind::Throttle {
                retry_after: Some(after),
            } => write!(f, "throttle:retry-after={}", format_duration(*after)),
            FaultKind::Http500 => f.write_str("http500"),
            FaultKind::Http503 => f.write_str("http503"),
            FaultKind::Gateway502 => f.write_str("gateway502"),
            FaultKind::Slow(delay) => write!(f, "slow={}", format_duration(*delay)),
            FaultKind::Drop => f.write_str("drop"),
            FaultKind::Skew(skew) => write!(f, "skew={skew}"),
            FaultKind::NewerService => f.write_str("newer-service"),
        }
    }
}

impl fmt::Display for FaultSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.kind)?;
        match self.trigger {
            Trigger::Always => Ok(()),
            Trigger::First(count) => write!(f, "@first={count}"),
            Trigger::Fraction(fraction) => write!(f, "@fraction={fraction}"),
        }
    }
}

/// A `--fault` value that does not follow the grammar; `Display` names the bad part and what was expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FaultParseError {
    spec: String,
    part: String,
    expected: String,
}

impl FaultParseError {
    fn new(spec: &str, part: &str, expected: impl Into<String>) -> Self {
        Self {
            spec: spec.chars().take(100).collect(),
            part: part.chars().take(100).collect(),
            expected: expected.into(),
        }
    }

    /// The part of the spec that was not understood.
    pub fn part(&self) -> &str {
        &self.part
    }
}

impl fmt::Display for FaultParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid fault `{}`: cannot read `{}`: {}",
            self.spec, self.part, self.expected
        )
    }
}

impl std::error::Error for FaultParseError {}

const KINDS: &str = "expected one of throttle, throttle:retry-after=DURATION, http500, http503, gateway502, \
                     slow=DURATION, drop, skew=[+-]DURATION, newer-service";

impl FromStr for FaultSpec {
    type Err = FaultParseError;

    fn from_str(spec: &str) -> Result<Self, Self::Err> {
        let text = spec.trim();
        let (kind_text, trigger_text) = match text.split_once('@') {
            Some((kind, trigger)) => (kind, Some(trigger)),
            None => (text, None),
        };
        let kind = parse_kind(spec, kind_text)?;
        let trigger = match trigger_text {
            None => Trigger::Always,
            Some(trigger) => parse_trigger(spec, trigger)?,
        };
        Ok(FaultSpec { kind, trigger })
    }
}

fn parse_kind(spec: &str, text: &str) -> Result<FaultKind, FaultParseError> {
    let (name, option) = match text.split_once(':') {
        Some((name, option)) => (name, Some(option)),
        None => (text, None),
    };
    let (name, value) = match name.split_once('=') {
        Some((name, value)) => (name, Some(value)),
        None => (name, None),
    };
    let duration = |value: Option<&str>, what: &str| -> Result<Duration, FaultParseError> {
        let value = value
            .ok_or_else(|| FaultParseError::new(spec, name, format!("{name} needs ={what}")))?;
        parse_duration(value).map_err(|error| FaultParseError::new(spec, value, error.to_string()))
    };
    let no_value = |kind: FaultKind| -> Result<FaultKind, FaultParseError> {
        match value {
            Some(value) => Err(FaultParseError::new(
                spec,
                value,
                format!("{name} takes no value"),
            )),
            None => Ok(kind),
        }
    };
    let kind =
        match name {
            "throttle" => {
                let retry_after = match option {
                    None => None,
                    Some(option) => match option.split_once('=') {
                        Some(("retry-after", value)) => {
                            Some(parse_duration(value).map_err(|error| {
                                FaultParseError::new(spec, value, error.to_string())
                            })?)
                        }
                        _ => {
                            return Err(FaultParseError::new(
                                spec,
                                option,
                                "the only throttle option is retry-after=DURATION",
                            ));
                        }
                    },
                };
                return no_value(FaultKind::Throttle { retry_after });
            }
            "http500" => no_value(FaultKind::Http500)?,
            "http503" => no_value(FaultKind::Http503)?,
            "gateway502" => no_value(FaultKind::Gateway502)?,
            "drop" => no_value(FaultKind::Drop)?,
            "newer-service" => no_value(FaultKind::NewerService)?,
            "slow" => FaultKind::Slow(duration(value, "DURATION")?),
            "skew" => {
                let value = value
                    .ok_or_else(|| FaultParseError::new(spec, name, "skew needs =[+-]DURATION"))?;
                FaultKind::Skew(value.parse().map_err(
                    |error: crate::clock::ParseDurationError| {
                        FaultParseError::new(spec, value, error.to_string())
                    },
                )?)
            }
            _ => return Err(FaultParseError::new(spec, name, KINDS)),
        };
    match option {
        Some(option) => Err(FaultParseError::new(
            spec,
            option,
            format!("{name} takes no :options"),
        )),
        None => Ok(kind),
    }
}

fn parse_trigger(spec: &str, text: &str) -> Result<Trigger, FaultParseError> {
    let expected = "expected first=K or fraction=F (0 < F <= 1)";
    match text.split_once('=') {
        Some(("first", count)) => count
            .parse::<u64>()
            .map(Trigger::First)
            .map_err(|_| FaultParseError::new(spec, count, "first=K needs a whole number")),
        Some(("fraction", fraction)) => match fraction.parse::<f64>() {
            Ok(value) if value.is_finite() && value > 0.0 && value <= 1.0 => {
                Ok(Trigger::Fraction(value))
            }
            _ => Err(FaultParseError::new(
                spec,
                fraction,
                "fraction=F needs a number with 0 < F <= 1",
            )),
        },
        _ => Err(FaultParseError::new(spec, text, expected)),
    }
}

/// A fault as it stands at runtime: its spec and how many requests it has seen and hit.
#[derive(Clone, Debug, PartialEq)]
pub struct FaultState {
    /// The fault.
    pub spec: FaultSpec,
    /// Requests it has seen since it was set.
    pub seen: u64,
    /// Requests it hit.
    pub hit: u64,
}

/// The live set of faults of a running emulator; clones share it. Changes apply to the next request.
#[derive(Clone, Debug, Default)]
pub struct Faults {
    active: Arc<Mutex<Vec<FaultState>>>,
}

impl Faults {
    pub(crate) fn new(initial: &[FaultSpec]) -> Self {
        let faults = Self::default();
        for spec in initial {
            faults.add(spec.clone());
        }
        faults
    }

    /// Replaces every active fault with `spec` (its counter starts at zero).
    pub fn set(&self, spec: FaultSpec) {
        let mut active = lock(&self.active);
        active.clear();
        active.push(FaultState {
            spec,
            seen: 0,
            hit: 0,
        });
    }

    /// Adds `spec` to the active faults.
    pub fn add(&self, spec: FaultSpec) {
        lock(&self.active).push(FaultState {
            spec,
            seen: 0,
            hit: 0,
        });
    }

    /// Removes every fault.
    pub fn clear(&self) {
        lock(&self.active).clear();
    }

    /// The active faults with their counters.
    pub fn snapshot(&self) -> Vec<FaultState> {
        lock(&self.active).clone()
    }

    /// Counts one request against every fault and says what it gets.
    pub(crate) fn evaluate(&self) -> FaultPlan {
        let mut plan = FaultPlan::default();
        let mut active = lock(&self.active);
        for state in active.iter_mut() {
            let hit = state.spec.trigger.hits(state.seen);
            state.seen = state.seen.saturating_add(1);
            if !hit {
                continue;
            }
            state.hit = state.hit.saturating_add(1);
            plan.applied.push(state.spec.kind.to_string());
            match &state.spec.kind {
                FaultKind::Throttle { retry_after } => {
                    plan.answer
                        .get_or_insert(FaultAnswer::Throttle(*retry_after));
                }
                FaultKind::Http500 => {
                    plan.answer.get_or_insert(FaultAnswer::Http500);
                }
                FaultKind::Http503 => {
                    plan.answer.get_or_insert(FaultAnswer::Http503);
                }
                FaultKind::Gateway502 => {
                    plan.answer.get_or_insert(FaultAnswer::Gateway502);
                }
                FaultKind::Slow(delay) => plan.delay = plan.delay.saturating_add(*delay),
                FaultKind::Drop => plan.drop = true,
                FaultKind::Skew(skew) => plan.skew = plan.skew.plus(*skew),
                FaultKind::NewerService => plan.newer_service = true,
            }
        }
        plan
    }
}

/// An answer that replaces the service's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FaultAnswer {
    Throttle(Option<Duration>),
    Http500,
    Http503,
    Gateway502,
}

/// What the faults do to one request.
#[derive(Clone, Debug, Default)]
pub(crate) struct FaultPlan {
    pub answer: Option<FaultAnswer>,
    pub delay: Duration,
    pub drop: bool,
    pub skew: ClockSkew,
    pub newer_service: bool,
    /// The kinds that hit, for the request log.
    pub applied: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> FaultSpec {
        text.parse()
            .unwrap_or_else(|error| panic!("{text}: {error}"))
    }

    #[test]
    fn every_documented_form_parses_and_round_trips() {
        for text in [
            "throttle",
            "throttle:retry-after=200ms",
            "http500",
            "http503",
            "gateway502",
            "slow=800ms",
            "drop",
            "skew=+20m",
            "skew=-90s",
            "newer-service",
            "throttle@first=3",
            "http503@fraction=0.25",
            "slow=2s@first=1",
        ] {
            assert_eq!(parse(text).to_string(), text);
        }
        assert_eq!(
            parse("skew=20m").kind,
            FaultKind::Skew(ClockSkew::ahead(Duration::from_secs(1200)))
        );
    }

    #[test]
    fn errors_name_the_bad_part() {
        for (text, part) in [
            ("thottle", "thottle"),
            ("throttle:retry=1s", "retry=1s"),
            ("throttle:retry-after=1y", "1y"),
            ("slow", "slow"),
            ("slow=fast", "fast"),
            ("http500=1", "1"),
            ("drop:now", "now"),
            ("skew=+20", "+20"),
            ("throttle@first=many", "many"),
            ("throttle@fraction=0", "0"),
            ("throttle@fraction=1.5", "1.5"),
            ("throttle@fraction=NaN", "NaN"),
            ("throttle@last=2", "last=2"),
            ("", ""),
        ] {
            let error = text.parse::<FaultSpec>().unwrap_err();
            assert_eq!(error.part(), part, "{text}: {error}");
            assert!(error.to_string().contains(&format!("`{part}`")), "{error}");
        }
    }

    #[test]
    fn triggers_count_deterministically() {
        let first: Vec<bool> = (0..5).map(|n| Trigger::First(2).hits(n)).collect();
        assert_eq!(first, [true, true, false, false, false]);
        let quarter: Vec<u64> = (0..12)
            .filter(|&n| Trigger::Fraction(0.25).hits(n))
            .collect();
        assert_eq!(quarter, [3, 7, 11]);
        let half = (0..1000)
            .filter(|&n| Trigger::Fraction(0.5).hits(n))
            .count();
        assert_eq!(half, 500);
        assert!((0..10).all(|n| Trigger::Fraction(1.0).hits(n)));
    }

    #[test]
    fn plan_combines_faults_and_first_answer_wins() {
        let faults = Faults::new(&[
            parse("slow=10ms"),
            parse("http503@first=1"),
            parse("throttle"),
            parse("skew=+1m"),
            parse("skew=-30s"),
        ]);
        let plan = faults.evaluate();
        assert_eq!(plan.answer, Some(FaultAnswer::Http503));
        assert_eq!(plan.delay, Duration::from_millis(10));
        assert_eq!(plan.skew.as_millis(), 30_000);
        let plan = faults.evaluate();
        assert_eq!(plan.answer, Some(FaultAnswer::Throttle(None)));
        let states = faults.snapshot();
        assert_eq!((states[1].seen, states[1].hit), (2, 1));
        faults.set(parse("drop"));
        assert!(faults.evaluate().drop);
        faults.clear();
        assert!(faults.evaluate().applied.is_empty());
    }
}
