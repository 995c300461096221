//! Where a request goes: region to endpoint, resolved as the official SDKs' maps resolve it, or an explicit URL that
//! overrides the map. Kept apart from the runtime so the emulator and tests can point a client at `http://127.0.0.1:…`
//! through the same validated type, and so the maps can be checked against the official packages.
//!
//! The maps are copied from `_endpoint_map` in `alibabacloud_cas20200407` 3.9.4 and `alibabacloud_vod20170321`
//! 3.12.1 (`client.py`); a region not in the map resolves by their `regional` rule, `<product>.<region>.aliyuncs.com`.

use std::fmt;

/// The region map of `alibabacloud_cas20200407` 3.9.4, sorted by region.
const CAS_MAP: &[(&str, &str)] = &[
    ("ap-northeast-2-pop", "cas.aliyuncs.com"),
    ("ap-southeast-3", "cas.aliyuncs.com"),
    ("ap-southeast-5", "cas.aliyuncs.com"),
    ("cn-beijing", "cas.aliyuncs.com"),
    ("cn-beijing-finance-1", "cas.aliyuncs.com"),
    ("cn-beijing-finance-pop", "cas.aliyuncs.com"),
    ("cn-beijing-gov-1", "cas.aliyuncs.com"),
    ("cn-beijing-nu16-b01", "cas.aliyuncs.com"),
    ("cn-chengdu", "cas.aliyuncs.com"),
    ("cn-edge-1", "cas.aliyuncs.com"),
    ("cn-fujian", "cas.aliyuncs.com"),
    ("cn-haidian-cm12-c01", "cas.aliyuncs.com"),
    ("cn-hangzhou", "cas.aliyuncs.com"),
    ("cn-hangzhou-bj-b01", "cas.aliyuncs.com"),
    ("cn-hangzhou-finance", "cas.aliyuncs.com"),
    ("cn-hangzhou-internal-prod-1", "cas.aliyuncs.com"),
    ("cn-hangzhou-internal-test-1", "cas.aliyuncs.com"),
    ("cn-hangzhou-internal-test-2", "cas.aliyuncs.com"),
    ("cn-hangzhou-internal-test-3", "cas.aliyuncs.com"),
    ("cn-hangzhou-test-306", "cas.aliyuncs.com"),
    ("cn-hongkong", "cas.aliyuncs.com"),
    ("cn-hongkong-finance-pop", "cas.aliyuncs.com"),
    ("cn-huhehaote", "cas.aliyuncs.com"),
    ("cn-huhehaote-nebula-1", "cas.aliyuncs.com"),
    ("cn-north-2-gov-1", "cas.aliyuncs.com"),
    ("cn-qingdao", "cas.aliyuncs.com"),
    ("cn-qingdao-nebula", "cas.aliyuncs.com"),
    ("cn-shanghai", "cas.aliyuncs.com"),
    ("cn-shanghai-et15-b01", "cas.aliyuncs.com"),
    ("cn-shanghai-et2-b01", "cas.aliyuncs.com"),
    ("cn-shanghai-finance-1", "cas.aliyuncs.com"),
    ("cn-shanghai-inner", "cas.aliyuncs.com"),
    ("cn-shanghai-internal-test-1", "cas.aliyuncs.com"),
    ("cn-shenzhen", "cas.aliyuncs.com"),
    ("cn-shenzhen-finance-1", "cas.aliyuncs.com"),
    ("cn-shenzhen-inner", "cas.aliyuncs.com"),
    ("cn-shenzhen-st4-d01", "cas.aliyuncs.com"),
    ("cn-shenzhen-su18-b01", "cas.aliyuncs.com"),
    ("cn-wuhan", "cas.aliyuncs.com"),
    ("cn-wulanchabu", "cas.aliyuncs.com"),
    ("cn-yushanfang", "cas.aliyuncs.com"),
    ("cn-zhangbei", "cas.aliyuncs.com"),
    ("cn-zhangbei-na61-b01", "cas.aliyuncs.com"),
    ("cn-zhangjiakou", "cas.aliyuncs.com"),
    ("cn-zhangjiakou-na62-a01", "cas.aliyuncs.com"),
    ("cn-zhengzhou-nebula-1", "cas.aliyuncs.com"),
    ("eu-west-1", "cas.aliyuncs.com"),
    ("eu-west-1-oxs", "cas.aliyuncs.com"),
    ("rus-west-1-pop", "cas.aliyuncs.com"),
    ("us-east-1", "cas.aliyuncs.com"),
    ("us-west-1", "cas.aliyuncs.com"),
];

/// The region map of `alibabacloud_vod20170321` 3.12.1, sorted by region.
const VOD_MAP: &[(&str, &str)] = &[
    ("ap-northeast-1", "vod.ap-northeast-1.aliyuncs.com"),
    ("ap-northeast-2-pop", "vod.aliyuncs.com"),
    ("ap-southeast-1", "vod.ap-southeast-1.aliyuncs.com"),
    ("ap-southeast-2", "vod.aliyuncs.com"),
    ("ap-southeast-3", "vod.aliyuncs.com"),
    ("ap-southeast-5", "vod.ap-southeast-5.aliyuncs.com"),
    ("cn-beijing", "vod.cn-beijing.aliyuncs.com"),
    ("cn-beijing-finance-1", "vod.aliyuncs.com"),
    ("cn-beijing-finance-pop", "vod.aliyuncs.com"),
    ("cn-beijing-gov-1", "vod.aliyuncs.com"),
    ("cn-beijing-nu16-b01", "vod.aliyuncs.com"),
    ("cn-chengdu", "vod.aliyuncs.com"),
    ("cn-edge-1", "vod.aliyuncs.com"),
    ("cn-fujian", "vod.aliyuncs.com"),
    ("cn-haidian-cm12-c01", "vod.aliyuncs.com"),
    ("cn-hangzhou", "vod.cn-shanghai.aliyuncs.com"),
    ("cn-hangzhou-bj-b01", "vod.aliyuncs.com"),
    ("cn-hangzhou-finance", "vod.aliyuncs.com"),
    ("cn-hangzhou-internal-prod-1", "vod.aliyuncs.com"),
    ("cn-hangzhou-internal-test-1", "vod.aliyuncs.com"),
    ("cn-hangzhou-internal-test-2", "vod.aliyuncs.com"),
    ("cn-hangzhou-internal-test-3", "vod.aliyuncs.com"),
    ("cn-hangzhou-test-306", "vod.aliyuncs.com"),
    ("cn-hongkong", "vod.cn-hongkong.aliyuncs.com"),
    ("cn-hongkong-finance-pop", "vod.aliyuncs.com"),
    ("cn-huhehaote", "vod.aliyuncs.com"),
    ("cn-huhehaote-nebula-1", "vod.aliyuncs.com"),
    ("cn-north-2-gov-1", "vod.cn-north-2-gov-1.aliyuncs.com"),
    ("cn-qingdao", "vod.aliyuncs.com"),
    ("cn-qingdao-nebula", "vod.aliyuncs.com"),
    ("cn-shanghai", "vod.cn-shanghai.aliyuncs.com"),
    ("cn-shanghai-et15-b01", "vod.aliyuncs.com"),
    ("cn-shanghai-et2-b01", "vod.aliyuncs.com"),
    ("cn-shanghai-finance-1", "vod.aliyuncs.com"),
    ("cn-shanghai-inner", "vod.aliyuncs.com"),
    ("cn-shanghai-internal-test-1", "vod.aliyuncs.com"),
    ("cn-shenzhen", "vod.cn-shenzhen.aliyuncs.com"),
    ("cn-shenzhen-finance-1", "vod.aliyuncs.com"),
    ("cn-shenzhen-inner", "vod.aliyuncs.com"),
    ("cn-shenzhen-st4-d01", "vod.aliyuncs.com"),
    ("cn-shenzhen-su18-b01", "vod.aliyuncs.com"),
    ("cn-wuhan", "vod.aliyuncs.com"),
    ("cn-wulanchabu", "vod.aliyuncs.com"),
    ("cn-yushanfang", "vod.aliyuncs.com"),
    ("cn-zhangbei", "vod.aliyuncs.com"),
    ("cn-zhangbei-na61-b01", "vod.aliyuncs.com"),
    ("cn-zhangjiakou-na62-a01", "vod.aliyuncs.com"),
    ("cn-zhengzhou-nebula-1", "vod.aliyuncs.com"),
    ("eu-central-1", "vod.eu-central-1.aliyuncs.com"),
    ("eu-west-1-oxs", "vod.aliyuncs.com"),
    ("me-central-1", "vod.me-central-1.aliyuncs.com"),
    ("me-east-1", "vod.aliyuncs.com"),
    ("rus-west-1-pop", "vod.aliyuncs.com"),
    ("us-east-1", "vod.aliyuncs.com"),
    ("us-west-1", "vod.us-west-1.aliyuncs.com"),
];

/// Products this crate knows the maps of, with their region maps.
const PRODUCTS: &[(&str, &[(&str, &str)])] = &[("cas", CAS_MAP), ("vod", VOD_MAP)];

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

/// Region → endpoint as the official SDK's maps resolve it, over HTTPS.
///
/// `cas`: the mapped regions (`cn-hangzhou`, `cn-shanghai`, `ap-southeast-3`, … 51 in all) go to `cas.aliyuncs.com`,
/// any other region to `cas.<region>.aliyuncs.com` (`ap-southeast-1` → `cas.ap-southeast-1.aliyuncs.com`).
/// `vod`: its own map (`cn-hangzhou` → `vod.cn-shanghai.aliyuncs.com`, most others → `vod.aliyuncs.com`), otherwise
/// `vod.<region>.aliyuncs.com`. An unknown product or a malformed region id is an error.
pub fn resolve(product: &str, region: &str) -> Result<Endpoint, EndpointError> {
    let Some((product, map)) = PRODUCTS.iter().find(|(name, _)| *name == product) else {
        let known: Vec<&str> = PRODUCTS.iter().map(|(name, _)| *name).collect();
        return Err(EndpointError::new(
            product,
            format!("unknown product; known products are {}", known.join(", ")),
        ));
    };
    if let Err(reason) = check_region(region) {
        return Err(EndpointError::new(
            region,
            format!("{reason} (product {product})"),
        ));
    }
    let host = match map.binary_search_by(|(mapped, _)| (*mapped).cmp(region)) {
        Ok(index) => map[index].1.to_owned(),
        Err(_) => format!("{product}.{region}.aliyuncs.com"),
    };
    Ok(Endpoint::new("https", &host, None))
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

    #[test]
    fn maps_are_sorted_for_binary_search() {
        for (product, map) in PRODUCTS {
            assert!(
                map.windows(2).all(|pair| pair[0].0 < pair[1].0),
                "{product} map is not sorted"
            );
            for (region, _) in *map {
                assert_eq!(check_region(region), Ok(()), "{product} {region}");
            }
        }
        assert_eq!(CAS_MAP.len(), 51);
        assert_eq!(VOD_MAP.len(), 55);
    }

    #[test]
    fn every_mapped_cas_region_goes_to_the_central_endpoint() {
        for (region, _) in CAS_MAP {
            let endpoint = resolve("cas", region).unwrap();
            assert_eq!(endpoint.url(), "https://cas.aliyuncs.com", "{region}");
        }
        for region in [
            "cn-hangzhou",
            "cn-beijing",
            "cn-shanghai",
            "cn-hongkong",
            "ap-southeast-3",
            "ap-southeast-5",
        ] {
            assert_eq!(
                resolve("cas", region).unwrap().to_string(),
                "https://cas.aliyuncs.com"
            );
        }
    }

    #[test]
    fn unmapped_regions_use_the_regional_rule() {
        let endpoint = resolve("cas", "ap-southeast-1").unwrap();
        assert_eq!(endpoint.url(), "https://cas.ap-southeast-1.aliyuncs.com");
        assert_eq!(endpoint.host(), "cas.ap-southeast-1.aliyuncs.com");
        assert_eq!(endpoint.authority(), "cas.ap-southeast-1.aliyuncs.com");
        assert!(endpoint.is_https());
        assert_eq!(endpoint.port(), None);
        assert_eq!(
            resolve("vod", "eu-west-1").unwrap().url(),
            "https://vod.eu-west-1.aliyuncs.com"
        );
    }

    #[test]
    fn vod_follows_its_own_map() {
        assert_eq!(
            resolve("vod", "cn-hangzhou").unwrap().url(),
            "https://vod.cn-shanghai.aliyuncs.com"
        );
        assert_eq!(
            resolve("vod", "cn-shanghai").unwrap().url(),
            "https://vod.cn-shanghai.aliyuncs.com"
        );
        assert_eq!(
            resolve("vod", "cn-qingdao").unwrap().url(),
            "https://vod.aliyuncs.com"
        );
        assert_eq!(
            resolve("vod", "ap-southeast-1").unwrap().url(),
            "https://vod.ap-southeast-1.aliyuncs.com"
        );
        for (region, host) in VOD_MAP {
            assert_eq!(resolve("vod", region).unwrap().host(), *host);
        }
    }

    #[test]
    fn bad_products_and_regions_are_errors() {
        let error = resolve("ecs", "cn-hangzhou").unwrap_err();
        assert!(error.to_string().contains("unknown product"), "{error}");
        assert!(error.to_string().contains("cas, vod"), "{error}");
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
            let error = resolve("cas", bad).unwrap_err();
            assert!(!error.to_string().contains('\n'), "{error}");
            assert!(error.to_string().contains("region id"), "{bad:?}: {error}");
        }
        assert!(resolve("cas", &"a".repeat(64)).is_err());
        assert!(resolve("cas", &"a".repeat(63)).is_ok());
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
