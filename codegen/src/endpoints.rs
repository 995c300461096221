//! A product's endpoint rule, read from its spec's `info.x-alicert-endpoints`: where requests go, region by region.
//! The data used to live in `alicert-core` as hand-copied maps; it is spec data now, so a new product brings its own
//! and `alicert-core` keeps only the rule that resolves it. Checked here, so a bad host or region is an error naming
//! the spec and the key, never a client that sends requests somewhere odd.

use serde_json::{Map, Value};

use crate::error::SpecError;

/// How a region missing from the map resolves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fallback {
    /// `<product>.<region>.aliyuncs.com`.
    Regional,
    /// One host: [`Endpoints::central`], or `<product>.aliyuncs.com`.
    Central,
}

/// `info.x-alicert-endpoints` of one spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    /// `rule:` (`central` when the key is absent).
    pub fallback: Fallback,
    /// `central:`, the host of the central rule when it is not `<product>.aliyuncs.com`.
    pub central: Option<String>,
    /// `defaultRegion:`, the region used when the caller chose none.
    pub default_region: Option<String>,
    /// `regions:`, region → host, sorted by region.
    pub regions: Vec<(String, String)>,
}

const KEY: &str = "x-alicert-endpoints";

/// Reads and checks `info.x-alicert-endpoints`; a spec without it has the central rule, `<product>.aliyuncs.com`.
pub(crate) fn read(file: &str, info: &Map<String, Value>) -> Result<Endpoints, SpecError> {
    let at = |segments: &[&str]| {
        let mut pointer = vec!["info".to_owned(), KEY.to_owned()];
        pointer.extend(segments.iter().map(|segment| (*segment).to_owned()));
        pointer
    };
    let error = |segments: &[&str], message: String| {
        SpecError::new(file, format!("`info.{KEY}`: {message}")).at_node(at(segments))
    };
    let Some(value) = info.get(KEY) else {
        return Ok(Endpoints {
            fallback: Fallback::Central,
            central: None,
            default_region: None,
            regions: Vec::new(),
        });
    };
    let Some(map) = value.as_object() else {
        return Err(error(
            &[],
            "expected a mapping with `rule` and optionally `central`, `defaultRegion` and `regions`".to_owned(),
        ));
    };
    for key in map.keys() {
        if !matches!(
            key.as_str(),
            "rule" | "central" | "defaultRegion" | "regions"
        ) {
            return Err(error(
                &[key],
                format!(
                    "unknown key `{key}`; the keys are rule, central, defaultRegion and regions"
                ),
            ));
        }
    }
    let text = |key: &str| -> Result<Option<String>, SpecError> {
        match map.get(key) {
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.clone())),
            Some(other) => Err(error(&[key], format!("`{key}` must be text, not {other}"))),
        }
    };
    let fallback = match text("rule")?.as_deref() {
        Some("regional") => Fallback::Regional,
        Some("central") => Fallback::Central,
        Some(other) => {
            return Err(error(
                &["rule"],
                format!("`rule: {other}` is not a rule; use `regional` or `central`"),
            ));
        }
        None => {
            return Err(error(
                &[],
                "`rule` is missing (regional or central)".to_owned(),
            ));
        }
    };
    let central = text("central")?;
    if let Some(host) = &central {
        check_host(host).map_err(|reason| error(&["central"], reason))?;
        if fallback == Fallback::Regional {
            return Err(error(
                &["central"],
                "`central` names the host of `rule: central`; this rule is regional".to_owned(),
            ));
        }
    }
    let default_region = text("defaultRegion")?;
    if let Some(region) = &default_region {
        check_region(region).map_err(|reason| error(&["defaultRegion"], reason))?;
    }
    let mut regions = Vec::new();
    match map.get("regions") {
        None => {}
        Some(Value::Object(entries)) => {
            // serde_json's map is ordered by key: the table comes out sorted whatever the file's order.
            for (region, host) in entries {
                check_region(region).map_err(|reason| error(&["regions", region], reason))?;
                let Some(host) = host.as_str() else {
                    return Err(error(
                        &["regions", region],
                        format!("the host of region {region} must be text, not {host}"),
                    ));
                };
                check_host(host).map_err(|reason| error(&["regions", region], reason))?;
                regions.push((region.clone(), host.to_owned()));
            }
        }
        Some(other) => {
            return Err(error(
                &["regions"],
                format!("`regions` must map region ids to hosts, not {other}"),
            ));
        }
    }
    Ok(Endpoints {
        fallback,
        central,
        default_region,
        regions,
    })
}

/// Checks a region id: lowercase letters, digits and single hyphens, starting with a letter, one DNS label
/// (`cn-hangzhou`). The error says what a region id looks like.
pub fn check_region(region: &str) -> Result<(), String> {
    let well_formed = !region.is_empty()
        && region.len() <= 63
        && region.starts_with(|c: char| c.is_ascii_lowercase())
        && !region.ends_with('-')
        && !region.contains("--")
        && region
            .bytes()
            .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-');
    if well_formed {
        Ok(())
    } else {
        Err(format!(
            "{region:?} is not a region id (lowercase letters, digits and single '-', such as cn-hangzhou)"
        ))
    }
}

/// Checks an endpoint host as the specs write them: a DNS name of at least two lowercase labels (letters, digits
/// and inner hyphens), with no scheme, port or path (`cas.aliyuncs.com`). The error says what a host looks like.
pub fn check_host(host: &str) -> Result<(), String> {
    let labels: Vec<&str> = host.split('.').collect();
    let well_formed = host.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-')
        });
    if well_formed {
        Ok(())
    } else {
        Err(format!(
            "{host:?} is not a host name (such as cas.aliyuncs.com: lowercase, no scheme, port or path)"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_yaml(yaml: &str) -> Result<Endpoints, String> {
        let info: Map<String, Value> = serde_yaml::from_str(yaml).unwrap();
        read("spec/x.yaml", &info).map_err(|error| error.to_string())
    }

    #[test]
    fn absent_means_central() {
        let endpoints = read_yaml("version: '1'").unwrap();
        assert_eq!(endpoints.fallback, Fallback::Central);
        assert!(endpoints.regions.is_empty());
    }

    #[test]
    fn regions_come_out_sorted() {
        let endpoints = read_yaml(
            "x-alicert-endpoints: {rule: regional, regions: {cn-shanghai: a.example.com, cn-beijing: b.example.com}}",
        )
        .unwrap();
        assert_eq!(endpoints.regions[0].0, "cn-beijing");
        assert_eq!(endpoints.fallback, Fallback::Regional);
    }

    #[test]
    fn mistakes_name_the_key() {
        for (yaml, says) in [
            ("x-alicert-endpoints: {rule: global}", "`rule: global`"),
            ("x-alicert-endpoints: {}", "`rule` is missing"),
            (
                "x-alicert-endpoints: {rule: central, hosts: {}}",
                "unknown key `hosts`",
            ),
            (
                "x-alicert-endpoints: {rule: central, central: 'https://cdn.aliyuncs.com'}",
                "not a host name",
            ),
            (
                "x-alicert-endpoints: {rule: regional, central: cdn.aliyuncs.com}",
                "this rule is regional",
            ),
            (
                "x-alicert-endpoints: {rule: regional, regions: {CN: a.example.com}}",
                "not a region id",
            ),
            (
                "x-alicert-endpoints: {rule: regional, regions: {cn-x: 'a.example.com/path'}}",
                "not a host name",
            ),
            (
                "x-alicert-endpoints: {rule: regional, defaultRegion: 'cn shanghai'}",
                "not a region id",
            ),
            ("x-alicert-endpoints: [regional]", "expected a mapping"),
        ] {
            let error = read_yaml(yaml).unwrap_err();
            assert!(error.contains(says), "{yaml}: {error}");
            assert!(error.contains("x-alicert-endpoints"), "{yaml}: {error}");
        }
    }
}
