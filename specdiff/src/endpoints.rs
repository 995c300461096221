//! The comparison of a product's endpoints (`info.x-alicert-endpoints`: the rule for a region without its own host,
//! the central host, the default region, and the map of regions to hosts). These are not documentation: the client,
//! the CLI and the emulator send every call where they say, so a change is classified by whether a call that went
//! to one host now goes to another. A region added to the map is additive (the product is served there); a region
//! removed or re-hosted, a changed rule, central host or default region is breaking, unless the host every region
//! resolves to stays the same. Keys this module does not know are breaking, so that a person looks.

use std::collections::BTreeMap;

use serde_yaml::Value;

use crate::document::{ENDPOINTS_KEY, scalar_text};
use crate::model::{Change, Class, docs};

/// The endpoint data of one side, read leniently: the comparison reports what it finds, and the generator is the
/// one that refuses a malformed block.
#[derive(Debug, Default, PartialEq, Eq)]
struct Endpoints {
    rule: Option<String>,
    central: Option<String>,
    default_region: Option<String>,
    regions: BTreeMap<String, String>,
    /// Any other key, and the whole block when it is not a mapping, as text.
    other: BTreeMap<String, String>,
}

impl Endpoints {
    fn read(value: &Value) -> Self {
        let mut endpoints = Endpoints::default();
        let Some(map) = value.as_mapping() else {
            endpoints.other.insert(String::new(), scalar_text(value));
            return endpoints;
        };
        for (key, value) in map {
            let key = scalar_text(key);
            match key.as_str() {
                "rule" => endpoints.rule = Some(scalar_text(value)),
                "central" => endpoints.central = Some(scalar_text(value)),
                "defaultRegion" => endpoints.default_region = Some(scalar_text(value)),
                "regions" if value.is_mapping() => {
                    for (region, host) in value.as_mapping().into_iter().flatten() {
                        endpoints
                            .regions
                            .insert(scalar_text(region), scalar_text(host));
                    }
                }
                _ => {
                    endpoints.other.insert(key, scalar_text(value));
                }
            }
        }
        endpoints
    }

    /// The host of `rule: central`: `central`, else `<product>.aliyuncs.com`.
    fn central_host(&self, product: &str) -> String {
        self.central
            .clone()
            .unwrap_or_else(|| format!("{product}.aliyuncs.com"))
    }

    /// Where a call for `region` goes: its own host, else what the rule makes of it.
    fn resolve(&self, product: &str, region: &str) -> String {
        if let Some(host) = self.regions.get(region) {
            return host.clone();
        }
        match self.rule.as_deref() {
            Some("regional") => format!("{product}.{region}.aliyuncs.com"),
            _ => self.central_host(product),
        }
    }

    /// What the rule makes of a region without its own host, for the texts.
    fn rule_text(&self, product: &str) -> String {
        match self.rule.as_deref() {
            Some("regional") => format!("regional (`{product}.<region>.aliyuncs.com`)"),
            Some("central") => format!("central (`{}`)", self.central_host(product)),
            Some(other) => format!("`{other}` (a rule spec-diff does not know)"),
            None => "no rule".to_owned(),
        }
    }
}

/// One line about a product's endpoints, for the report of a new product.
pub(crate) fn describe(product: &str, value: Option<&Value>) -> String {
    let Some(value) = value else {
        return format!("none in the spec (no `info.{ENDPOINTS_KEY}`)");
    };
    let endpoints = Endpoints::read(value);
    let mut text = endpoints.rule_text(product);
    if !endpoints.regions.is_empty() {
        text.push_str(&format!(
            ", {} region(s) with their own host",
            endpoints.regions.len()
        ));
    }
    if let Some(region) = &endpoints.default_region {
        text.push_str(&format!(", default region `{region}`"));
    }
    text
}

/// Compares the endpoints of a product both sides have.
pub(crate) fn compare(
    product: &str,
    old: Option<&Value>,
    new: Option<&Value>,
    changes: &mut Vec<Change>,
) {
    let place = format!("endpoints (`info.{ENDPOINTS_KEY}`)");
    let (old, new) = match (old, new) {
        (None, None) => return,
        (None, Some(new)) => {
            changes.push(Change::new(
                Class::Breaking,
                format!(
                    "{place} added: {}; where calls go is now read from the spec, review it against the hosts \
                     used so far",
                    describe(product, Some(new))
                ),
            ));
            return;
        }
        (Some(_), None) => {
            changes.push(Change::new(
                Class::Breaking,
                format!("{place} removed: the spec no longer says where calls go"),
            ));
            return;
        }
        (Some(old), Some(new)) => (Endpoints::read(old), Endpoints::read(new)),
    };
    if old.rule != new.rule {
        changes.push(Change::new(
            Class::Breaking,
            format!(
                "{place}: `rule` changed from {} to {}: a region without its own host is called elsewhere",
                old.rule_text(product),
                new.rule_text(product)
            ),
        ));
    }
    compare_central(product, &place, &old, &new, changes);
    if old.default_region != new.default_region {
        changes.push(Change::new(
            Class::Breaking,
            format!(
                "{place}: `defaultRegion` changed from {} to {}: a caller that chooses no region is called \
                 elsewhere",
                code_or_none(old.default_region.as_deref()),
                code_or_none(new.default_region.as_deref())
            ),
        ));
    }
    compare_regions(product, &place, &old, &new, changes);
    let keys: std::collections::BTreeSet<&String> =
        old.other.keys().chain(new.other.keys()).collect();
    for key in keys {
        if old.other.get(key) != new.other.get(key) {
            let name = if key.is_empty() {
                "the block".to_owned()
            } else {
                format!("`{key}`")
            };
            changes.push(Change::new(
                Class::Breaking,
                format!("{place}: {name} changed (not a change spec-diff classifies; review it)"),
            ));
        }
    }
}

fn compare_central(
    product: &str,
    place: &str,
    old: &Endpoints,
    new: &Endpoints,
    changes: &mut Vec<Change>,
) {
    if old.central == new.central {
        return;
    }
    let (before, after) = (old.central_host(product), new.central_host(product));
    if before == after {
        // `central: cas.aliyuncs.com` written out or left to its default: the same host either way.
        changes.push(docs(format!(
            "{place}: `central` {} (the host is `{after}` either way)",
            if new.central.is_some() {
                "written out"
            } else {
                "left to its default"
            }
        )));
    } else {
        changes.push(Change::new(
            Class::Breaking,
            format!("{place}: the central host changed from `{before}` to `{after}`"),
        ));
    }
}

fn compare_regions(
    product: &str,
    place: &str,
    old: &Endpoints,
    new: &Endpoints,
    changes: &mut Vec<Change>,
) {
    for (region, host) in &old.regions {
        match new.regions.get(region) {
            Some(now) if now != host => changes.push(Change::new(
                Class::Breaking,
                format!("{place}: region `{region}` moved from `{host}` to `{now}`"),
            )),
            Some(_) => {}
            None => {
                let now = new.resolve(product, region);
                if &now == host {
                    changes.push(docs(format!(
                        "{place}: region `{region}` no longer listed; the rule resolves it to the same host \
                         `{host}`"
                    )));
                } else {
                    changes.push(Change::new(
                        Class::Breaking,
                        format!(
                            "{place}: region `{region}` removed (was `{host}`; a call there now goes to `{now}`)"
                        ),
                    ));
                }
            }
        }
    }
    for (region, host) in &new.regions {
        if !old.regions.contains_key(region) {
            let before = old.resolve(product, region);
            let was = if before == *host {
                "the rule resolved it to the same host before".to_owned()
            } else {
                format!("the rule resolved it to `{before}` before")
            };
            changes.push(Change::new(
                Class::Additive,
                format!("{place}: region `{region}` added, at `{host}` ({was})"),
            ));
        }
    }
}

fn code_or_none(value: Option<&str>) -> String {
    value.map_or_else(|| "none".to_owned(), |value| format!("`{value}`"))
}
