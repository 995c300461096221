//! Where a request goes: region to endpoint, resolved by a product's [`EndpointRule`] as the official SDKs resolve it
//! (their `_endpoint_map`, then their `_endpoint_rule`), or an explicit URL that overrides the rule. Kept apart from
//! the runtime so the emulator and tests can point a client at `http://127.0.0.1:…` through the same validated type.
//!
//! The rules themselves are data: each spec's `info.x-alicert-endpoints` (copied from the official packages' maps),
//! which the generator turns into a `static EndpointRule` per product. This module knows no product.

use std::fmt;

/// A validated base URL requests are sent to: scheme, host and optional port, nothing else.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Endpoint {
    /// `scheme://host[:port]`, lowercase scheme and host, no trailing slash.
    url: String,
    /// Byte offset of the host in `url` (after `://`).
    host_start: usize,
    /// Byte offset of the end of the host (start of `:port` or end of `url`).
    host_end: usize,
    port: Option<u16>,
}

impl Endpoint {
    /// `scheme://host[:port]`, without a trailing slash: append `/` and the query to build a request URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// `true` for `https://`.
    pub fn is_https(&self) -> bool {
        self.url.starts_with("https://")
    }

    /// The host, without the port (IPv6 addresses keep their brackets).
    pub fn host(&self) -> &str {
        &self.url[self.host_start..self.host_end]
    }

    /// The explicit port, if the URL gave one.
    pub fn port(&self) -> Option<u16> {
        self.port
    }

    /// `host[:port]`, as the `Host` header carries it (and as V3 signs it).
    pub fn authority(&self) -> &str {
        &self.url[self.host_start..]
    }

    fn new(scheme: &str, host: &str, port: Option<u16>) -> Endpoint {
        let mut url = String::with_capacity(scheme.len() + 3 + host.len() + 6);
        url.push_str(scheme);
        url.push_str("://");
        let host_start = url.len();
        url.push_str(host);
        let host_end = url.len();
        if let Some(port) = port {
            url.push(':');
            url.push_str(&port.to_string());
        }
        Endpoint {
            url,
            host_start,
            host_end,
            port,
        }
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.url)
    }
}

/// Why an endpoint could not be resolved or a URL was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndpointError {
    input: String,
    reason: String,
}

impl EndpointError {
    fn new(input: &str, reason: impl Into<String>) -> EndpointError {
        // The input is echoed in messages; keep it short and on one line.
        let input = input
            .chars()
            .take(120)
            .map(|c| if c.is_control() { '\u{fffd}' } else { c })
            .collect();
        EndpointError {
            input,
            reason: reason.into(),
        }
    }

    /// The text that was refused (shortened to 120 characters, control characters replaced).
    pub fn input(&self) -> &str {
        &self.input
    }
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid endpoint {:?}: {}", self.input, self.reason)
    }
}

impl std::error::Error for EndpointError {}

/// A region id as Alibaba Cloud writes them (`cn-hangzhou`, `ap-northeast-2-pop`): lowercase ASCII letters, digits
/// and single hyphens, starting with a letter, at most 63 characters (one DNS label).
fn check_region(region: &str) -> Result<(), String> {
    if region.is_empty() {
        return Err("the region id is empty".to_owned());
    }
    if region.len() > 63 {
        return Err(format!(
            "the region id is {} bytes long, at most 63 are allowed",
            region.len()
        ));
    }
    if let Some((index, c)) = region
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
    {
        return Err(format!(
            "character {c:?} at byte {index} of the region id; only lowercase letters, digits and '-' are allowed"
        ));
    }
    if !region.starts_with(|c: char| c.is_ascii_lowercase()) {
        return Err("a region id starts with a letter".to_owned());
    }
    if region.ends_with('-') || region.contains("--") {
        return Err("a region id has no leading, trailing or doubled '-'".to_owned());
    }
    Ok(())
}

/// How a region a product's map does not list resolves (the official SDKs' `_endpoint_rule`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fallback {
    /// `<product>.<region>.aliyuncs.com`.
    Regional,
    /// One host for every region: [`EndpointRule::central`], or `<product>.aliyuncs.com`.
    Central,
}

/// Where one product's requests go, by region: the data of a spec's `info.x-alicert-endpoints`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EndpointRule {
    /// The product code (`cas`), the first label of the hosts the rule builds.
    pub product: &'static str,
    /// How a region missing from [`regions`](Self::regions) resolves.
    pub fallback: Fallback,
    /// The host of [`Fallback::Central`] when it is not `<product>.aliyuncs.com`.
    pub central: Option<&'static str>,
    /// The region used when the caller chose none, for a product that answers in one region only (VOD's
    /// certificate query answers in `cn-shanghai`).
    pub default_region: Option<&'static str>,
    /// Region → host, sorted by region (the official SDK's `_endpoint_map`).
    pub regions: &'static [(&'static str, &'static str)],
}

impl EndpointRule {
    /// Region → endpoint, over HTTPS: the mapped host if the map lists the region, otherwise the fallback's.
    /// A malformed region id is an error.
    ///
    /// ```
    /// use alicert_core::endpoint::{EndpointRule, Fallback};
    /// let rule = EndpointRule {
    ///     product: "cas",
    ///     fallback: Fallback::Regional,
    ///     central: None,
    ///     default_region: None,
    ///     regions: &[("cn-hangzhou", "cas.aliyuncs.com")],
    /// };
    /// assert_eq!(rule.resolve("cn-hangzhou").unwrap().url(), "https://cas.aliyuncs.com");
    /// assert_eq!(rule.resolve("ap-southeast-1").unwrap().url(), "https://cas.ap-southeast-1.aliyuncs.com");
    /// ```
    pub fn resolve(&self, region: &str) -> Result<Endpoint, EndpointError> {
        if let Err(reason) = check_region(region) {
            return Err(EndpointError::new(
                region,
                format!("{reason} (product {})", self.product),
            ));
        }
        let host = match self
            .regions
            .binary_search_by(|(mapped, _)| (*mapped).cmp(region))
        {
            Ok(index) => self.regions[index].1.to_owned(),
            Err(_) => match (self.fallback, self.central) {
                (Fallback::Regional, _) => format!("{}.{region}.aliyuncs.com", self.product),
                (Fallback::Central, Some(host)) => host.to_owned(),
                (Fallback::Central, None) => format!("{}.aliyuncs.com", self.product),
            },
        };
        Ok(Endpoint::new("https", &host, None))
    }

    /// The region to use: `chosen` if the caller chose one, otherwise the rule's default region, otherwise
    /// `fallback`.
    pub fn region<'a>(&'a self, chosen: Option<&'a str>, fallback: &'a str) -> &'a str {
        chosen.or(self.default_region).unwrap_or(fallback)
    }
}

/// An explicit URL, which overrides the map: `https://host[:port]` or, because it is explicit, `http://…` (the
/// emulator, a proxy). A trailing `/` is accepted; user info, any other path, a query and a fragment are refused, as
/// RPC requests always go to `/` and a signed query must not be mixed with a fixed one.
pub fn from_url(url: &str) -> Result<Endpoint, EndpointError> {
    let shown = displayable_url(url);
    let error = |reason: &str| EndpointError::new(&shown, reason);
    let trimmed = url.trim();
    let Some((scheme, rest)) = trimmed.split_once("://") else {
        return Err(error(
            "expected a URL such as https://cas.aliyuncs.com (no \"://\" found)",
        ));
    };
    let scheme = if scheme.eq_ignore_ascii_case("https") {
        "https"
    } else if scheme.eq_ignore_ascii_case("http") {
        "http"
    } else {
        return Err(error("the scheme must be https or http"));
    };
    if rest.contains('?') {
        return Err(error("a query is not allowed in an endpoint URL"));
    }
    if rest.contains('#') {
        return Err(error("a fragment is not allowed in an endpoint URL"));
    }
    let (authority, path) = match rest.find('/') {
        Some(slash) => rest.split_at(slash),
        None => (rest, ""),
    };
    if !(path.is_empty() || path == "/") {
        return Err(error(
            "a path is not allowed in an endpoint URL: RPC requests go to \"/\"",
        ));
    }
    if authority.contains('@') {
        return Err(error(
            "user info (user@host) is not allowed in an endpoint URL",
        ));
    }
    let (host, port) = split_host_port(authority).map_err(|reason| error(&reason))?;
    Ok(Endpoint::new(scheme, &host, port))
}

/// The URL as an error message may show it: without user info, query or fragment, which could carry credentials (a
/// pasted signed URL carries the AccessKey ID, the signature and the STS token).
fn displayable_url(url: &str) -> String {
    let url = &url[..url.find(['?', '#']).unwrap_or(url.len())];
    let authority_start = url.find("://").map_or(0, |index| index + 3);
    let authority_end = url[authority_start..]
        .find('/')
        .map_or(url.len(), |index| authority_start + index);
    let mut shown = String::with_capacity(url.len() + 4);
    match url[authority_start..authority_end].rfind('@') {
        Some(at) => {
            shown.push_str(&url[..authority_start]);
            shown.push_str("***");
            shown.push_str(&url[authority_start + at..]);
        }
        None => shown.push_str(url),
    }
    shown
}

/// Splits and validates `host[:port]`; the host comes back lowercase.
fn split_host_port(authority: &str) -> Result<(String, Option<u16>), String> {
    if authority.is_empty() {
        return Err("the host is empty".to_owned());
    }
    let (host, port_text) = if let Some(bracketed) = authority.strip_prefix('[') {
        let Some(close) = bracketed.find(']') else {
            return Err("an IPv6 host opened with '[' is not closed with ']'".to_owned());
        };
        let address = &bracketed[..close];
        if address.parse::<std::net::Ipv6Addr>().is_err() {
            return Err(format!("{address:?} is not an IPv6 address"));
        }
        let after = &bracketed[close + 1..];
        let port_text = match after.strip_prefix(':') {
            Some(port) => Some(port),
            None if after.is_empty() => None,
            None => return Err(format!("unexpected {after:?} after the IPv6 host")),
        };
        (&authority[..close + 2], port_text)
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    if !host.starts_with('[') {
        check_hostname(host)?;
    }
    let port = match port_text {
        None => None,
        Some(text) => match text.parse::<u16>() {
            Ok(port) if port > 0 && text.bytes().all(|byte| byte.is_ascii_digit()) => Some(port),
            _ => return Err(format!("the port {text:?} is not a number from 1 to 65535")),
        },
    };
    Ok((host.to_ascii_lowercase(), port))
}

/// A DNS name or IPv4 address: labels of ASCII letters, digits and `-`, separated by single dots.
fn check_hostname(host: &str) -> Result<(), String> {
    if host.is_empty() {
        return Err("the host is empty".to_owned());
    }
    if host.len() > 253 {
        return Err(format!(
            "the host is {} bytes long, at most 253 are allowed",
            host.len()
        ));
    }
    if let Some((index, c)) = host
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '.'))
    {
        return Err(format!(
            "character {c:?} at byte {index} of the host; only ASCII letters, digits, '-' and '.' are allowed"
        ));
    }
    for label in host.split('.') {
        if label.is_empty() {
            return Err(
                "the host has an empty label (leading, trailing or doubled '.')".to_owned(),
            );
        }
        if label.len() > 63 {
            return Err(format!(
                "the host label {label:?} is longer than 63 characters"
            ));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(format!("the host label {label:?} starts or ends with '-'"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const CAS: EndpointRule = EndpointRule {
        product: "cas",
        fallback: Fallback::Regional,
        central: None,
        default_region: None,
        regions: &[
            ("cn-hangzhou", "cas.aliyuncs.com"),
            ("cn-shanghai", "cas.aliyuncs.com"),
        ],
    };

    #[test]
    fn mapped_regions_take_the_map_and_others_the_regional_rule() {
        assert_eq!(
            CAS.resolve("cn-hangzhou").unwrap().url(),
            "https://cas.aliyuncs.com"
        );
        let endpoint = CAS.resolve("ap-southeast-1").unwrap();
        assert_eq!(endpoint.url(), "https://cas.ap-southeast-1.aliyuncs.com");
        assert_eq!(endpoint.host(), "cas.ap-southeast-1.aliyuncs.com");
        assert_eq!(endpoint.authority(), "cas.ap-southeast-1.aliyuncs.com");
        assert!(endpoint.is_https());
        assert_eq!(endpoint.port(), None);
    }

    #[test]
    fn central_rules_send_every_unmapped_region_to_one_host() {
        let cdn = EndpointRule {
            product: "cdn",
            fallback: Fallback::Central,
            central: None,
            default_region: None,
            regions: &[("cn-beijing", "cdn.cn-beijing.example.com")],
        };
        assert_eq!(
            cdn.resolve("eu-west-1").unwrap().url(),
            "https://cdn.aliyuncs.com"
        );
        assert_eq!(
            cdn.resolve("cn-beijing").unwrap().url(),
            "https://cdn.cn-beijing.example.com"
        );
        let own = EndpointRule {
            central: Some("api.example.com"),
            ..cdn
        };
        assert_eq!(
            own.resolve("eu-west-1").unwrap().url(),
            "https://api.example.com"
        );
    }

    #[test]
    fn the_default_region_applies_only_when_none_was_chosen() {
        let vod = EndpointRule {
            product: "vod",
            default_region: Some("cn-shanghai"),
            ..CAS
        };
        assert_eq!(vod.region(None, "cn-hangzhou"), "cn-shanghai");
        assert_eq!(vod.region(Some("eu-west-1"), "cn-hangzhou"), "eu-west-1");
        assert_eq!(CAS.region(None, "cn-hangzhou"), "cn-hangzhou");
    }

    #[test]
    fn bad_regions_are_errors() {
        for bad in [
            "",
            "CN-HANGZHOU",
            "cn hangzhou",
            "cn-hangzhou.evil.com",
            "cn/hangzhou",
            "-cn",
            "cn-",
            "cn--x",
            "1cn",
            "中国",
            "cn-hangzhou\n",
        ] {
            let error = CAS.resolve(bad).unwrap_err();
            assert!(!error.to_string().contains('\n'), "{error}");
            assert!(error.to_string().contains("region id"), "{bad:?}: {error}");
            assert!(
                error.to_string().contains("product cas"),
                "{bad:?}: {error}"
            );
        }
        assert!(CAS.resolve(&"a".repeat(64)).is_err());
        assert!(CAS.resolve(&"a".repeat(63)).is_ok());
    }

    #[test]
    fn explicit_urls() {
        let endpoint = from_url("http://127.0.0.1:8080").unwrap();
        assert_eq!(endpoint.url(), "http://127.0.0.1:8080");
        assert_eq!(endpoint.host(), "127.0.0.1");
        assert_eq!(endpoint.port(), Some(8080));
        assert_eq!(endpoint.authority(), "127.0.0.1:8080");
        assert!(!endpoint.is_https());
        assert_eq!(
            from_url("HTTPS://CAS.aliyuncs.com/").unwrap().url(),
            "https://cas.aliyuncs.com"
        );
        let v6 = from_url("http://[::1]:9000").unwrap();
        assert_eq!(v6.host(), "[::1]");
        assert_eq!(v6.authority(), "[::1]:9000");
        assert_eq!(from_url("https://[::1]").unwrap().port(), None);
    }

    #[test]
    fn bad_urls_say_what_is_wrong() {
        for (bad, says) in [
            ("cas.aliyuncs.com", "://"),
            ("ftp://cas.aliyuncs.com", "scheme"),
            ("https://", "host is empty"),
            ("https://cas.aliyuncs.com/?Action=X", "query"),
            ("https://cas.aliyuncs.com#top", "fragment"),
            ("https://cas.aliyuncs.com/api", "path"),
            ("https://user:pw@cas.aliyuncs.com", "user info"),
            (
                "https://cas.aliyuncs.com/?Signature=abc&SecurityToken=tok",
                "query",
            ),
            ("https://cas.aliyuncs.com:0", "port"),
            ("https://cas.aliyuncs.com:99999", "port"),
            ("https://cas.aliyuncs.com:+80", "port"),
            ("https://cas.aliyuncs.com:", "port"),
            ("https://cas..aliyuncs.com", "empty label"),
            ("https://cas_aliyuncs.com", "character"),
            ("https://[::1", "not closed"),
            ("https://[zz]", "IPv6"),
            ("https://[::1]x", "unexpected"),
            ("https://-cas.com", "'-'"),
        ] {
            let error = from_url(bad).unwrap_err();
            assert!(error.to_string().contains(says), "{bad:?}: {error}");
            for secret in ["pw", "abc", "tok"] {
                assert!(!error.input().contains(secret), "{bad:?}: {error}");
            }
        }
    }
}
