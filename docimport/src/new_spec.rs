//! The spec file of a product that has none yet: `import-doc --product CODE --version YYYY-MM-DD PAGE...` starts
//! `spec/CODE-VERSION.yaml` from this skeleton (info, servers, the endpoint rule, no operation yet, and the shared
//! `Error` response every operation's `4XX`/`5XX` refers to), and the pages are then imported into it like into any
//! spec. It exists so that adding a product is an import, not a hand-written file; the checks on CODE, VERSION and
//! the endpoint host keep a typo from becoming a product.

use anyhow::{Result, bail};
use serde_yaml::{Mapping, Value};

use crate::yaml_style;

/// How the endpoint of a new product is found (`info.x-alicert-endpoints`; spec/README.md).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Endpoints {
    /// Every region answers at one host: `CODE.aliyuncs.com`, or the host given.
    Central(Option<String>),
    /// Each region answers at `CODE.REGION.aliyuncs.com`.
    Regional,
}

/// What `--product`, `--version`, `--endpoint` and `--regional` say about the product the pages belong to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProductOptions {
    /// The API version (`2018-05-10`): required to create a product's spec, checked against an existing one.
    pub version: Option<String>,
    /// The endpoint rule of a spec to create (`None`: central at `CODE.aliyuncs.com`).
    pub endpoints: Option<Endpoints>,
    /// The region a spec to create names as the product's own (`defaultRegion`: where callers that choose no region
    /// are sent, for a product that answers in one region only, as VOD in `cn-shanghai`).
    pub default_region: Option<String>,
}

/// Checks a product code: lowercase ASCII letters and digits, starting with a letter (`cas`, `cdn`, `vod`), as
/// `x-alicert-product` and the generated module's name need it.
pub fn check_code(code: &str) -> Result<()> {
    let valid = code.starts_with(|c: char| c.is_ascii_lowercase())
        && code
            .bytes()
            .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit())
        && code.len() <= 32;
    if !valid {
        bail!(
            "`--product {code}`: a product code is lowercase letters and digits starting with a letter, such as \
             `cas` or `cdn` (Alibaba Cloud's product code, as in the endpoint `cdn.aliyuncs.com`)"
        );
    }
    Ok(())
}

/// Checks an API version: `YYYY-MM-DD`, a real date (`2018-05-10`).
pub fn check_version(version: &str) -> Result<()> {
    let bytes = version.as_bytes();
    let shaped = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(index, byte)| index == 4 || index == 7 || byte.is_ascii_digit());
    let real = shaped && {
        let year: u32 = version[..4].parse().unwrap_or(0);
        let month: u32 = version[5..7].parse().unwrap_or(0);
        let day: u32 = version[8..].parse().unwrap_or(0);
        let leap =
            year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => 0,
        };
        year >= 1970 && (1..=days).contains(&day)
    };
    if !real {
        bail!(
            "`--version {version}`: an API version is a date written YYYY-MM-DD, such as `2018-05-10` (the \
             version in the page's address, `api-cdn-2018-05-10-...`)"
        );
    }
    Ok(())
}

/// Checks an endpoint host as the generator will (`codegen::check_host`): a DNS name of lowercase labels, without
/// a scheme, port or path.
pub fn check_host(host: &str) -> Result<()> {
    if codegen::check_host(host).is_err() {
        bail!(
            "`--endpoint {host}`: expected a host name such as `cdn.aliyuncs.com` (lowercase, no scheme, port or \
             path)"
        );
    }
    Ok(())
}

/// The file name of a product's spec: `cdn-2018-05-10.yaml`.
pub fn file_name(code: &str, version: &str) -> String {
    format!("{code}-{version}.yaml")
}

/// The text of a new spec for the product `code` at `version`, named `product_name` (from a page title: `CDN`),
/// with no operation yet (`paths: {}`), in the house style.
pub fn skeleton(
    product_name: &str,
    code: &str,
    version: &str,
    endpoints: &Endpoints,
    default_region: Option<&str>,
) -> Result<String> {
    check_code(code)?;
    check_version(version)?;
    let mut rule = Mapping::new();
    let host = match endpoints {
        Endpoints::Central(host) => {
            rule.insert(string("rule"), string("central"));
            if let Some(host) = host {
                check_host(host)?;
                rule.insert(string("central"), string(host));
            }
            host.clone()
                .unwrap_or_else(|| format!("{code}.aliyuncs.com"))
        }
        // The official SDKs' default region; the spec's `servers` names one concrete endpoint.
        Endpoints::Regional => {
            rule.insert(string("rule"), string("regional"));
            format!("{code}.cn-hangzhou.aliyuncs.com")
        }
    };
    if let Some(region) = default_region {
        if codegen::check_region(region).is_err() {
            bail!(
                "`--default-region {region}`: expected a region id such as `cn-shanghai` (lowercase letters, digits \
                 and single '-')"
            );
        }
        rule.insert(string("defaultRegion"), string(region));
    }

    let mut info = Mapping::new();
    info.insert(
        string("title"),
        string(&format!("{product_name} ({code}) {version}")),
    );
    info.insert(
        string("description"),
        string(&format!(
            "Operations of Alibaba Cloud {product_name} ({code}), API version {version}, imported from Alibaba \
             Cloud's API reference pages by `cargo xtask import-doc`. The API is RPC style: each operation is `POST \
             /` with `Action`, `Version` and every business parameter in the query string, signed with the caller's \
             AccessKey. Where a page contradicts itself the schemas follow what the wire carries and say so in \
             `x-alicert-correction`."
        )),
    );
    info.insert(string("version"), string(version));
    info.insert(string("x-alicert-product"), string(code));
    info.insert(string("x-alicert-endpoints"), Value::Mapping(rule));

    let mut server = Mapping::new();
    server.insert(string("url"), string(&format!("https://{host}")));

    let components: Value = serde_yaml::from_str(COMPONENTS)?;
    let mut components = components;
    if let Some(host_id) = components
        .get_mut("schemas")
        .and_then(|schemas| schemas.get_mut("ErrorResponse"))
        .and_then(|schema| schema.get_mut("properties"))
        .and_then(|properties| properties.get_mut("HostId"))
        .and_then(Value::as_mapping_mut)
    {
        host_id.insert(string("example"), string(&host));
    }

    let mut document = Mapping::new();
    document.insert(string("openapi"), string("3.0.3"));
    document.insert(string("info"), Value::Mapping(info));
    document.insert(
        string("servers"),
        Value::Sequence(vec![Value::Mapping(server)]),
    );
    document.insert(string("paths"), Value::Mapping(Mapping::new()));
    document.insert(string("components"), components);
    yaml_style::emit_document(&Value::Mapping(document))
}

fn string(text: &str) -> Value {
    Value::String(text.to_owned())
}

/// The shared error response and its schema, exactly as the existing specs have them (spec/README.md, Errors); the
/// `HostId` example is set to the new product's host. A test compares it with `spec/cas-2020-04-07.yaml`.
pub const COMPONENTS: &str = r##"
schemas:
  ErrorResponse:
    title: ErrorResponse
    description: |-
      The JSON body Alibaba Cloud returns with an HTTP 4xx or 5xx status when a call fails, for example HTTP 400 with Code SignatureDoesNotMatch or Throttling.User.
    type: object
    properties:
      RequestId:
        description: The unique ID of the failed request. Enter it on Alibaba Cloud's OpenAPI troubleshooting page, or quote it to support, to diagnose the error.
        type: string
        example: "15C66C7B-671A-4297-9187-2C4477247A74"
      HostId:
        description: The service endpoint that handled the request.
        type: string
        example: "cas.aliyuncs.com"
      Code:
        description: The error code, such as SignatureDoesNotMatch, Throttling.User or Forbidden.RAM.
        type: string
        example: "Throttling.User"
      Message:
        description: The human-readable error message.
        type: string
      Recommend:
        description: |-
          A diagnosis URL on Alibaba Cloud's OpenAPI troubleshooting site (https://api.alibabacloud.com/troubleshoot?...) for this error code and request ID, which explains the error and how to fix it.
        type: string
      AccessDeniedDetail:
        title: AccessDeniedDetail
        description: Details of a permission error. Present only when Resource Access Management (RAM) denies the call.
        type: object
        properties:
          AuthAction:
            description: The RAM action that the caller is not authorized to perform.
            type: string
          AuthPrincipalDisplayName:
            description: The display name of the principal (RAM user, RAM role or Alibaba Cloud account) that made the call.
            type: string
          AuthPrincipalOwnerId:
            description: The ID of the Alibaba Cloud account that owns the principal.
            type: string
          AuthPrincipalType:
            description: The type of the principal that made the call, such as SubUser or AssumedRoleUser.
            type: string
          EncodedDiagnosticMessage:
            description: An encoded diagnostic message about the denial; RAM's DecodeDiagnosticMessage operation decodes it.
            type: string
          NoPermissionType:
            description: How the permission is missing, such as ImplicitDeny (no policy allows the action) or ExplicitDeny (a policy denies it).
            type: string
          PolicyType:
            description: The type of the policy that led to the denial, such as AccountLevelIdentityBasedPolicy.
            type: string
responses:
  Error:
    description: Alibaba Cloud's error body.
    content:
      application/json:
        schema:
          $ref: "#/components/schemas/ErrorResponse"
"##;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_versions_and_hosts() {
        for good in ["cas", "cdn", "vod", "ecs2"] {
            check_code(good).unwrap();
        }
        for bad in ["", "CDN", "2cdn", "cd-n", "cdn ", "çdn"] {
            let error = check_code(bad).unwrap_err().to_string();
            assert!(error.contains(&format!("`--product {bad}`")), "{error}");
        }
        for good in ["2018-05-10", "2020-02-29", "2017-03-21"] {
            check_version(good).unwrap();
        }
        for bad in [
            "2018-5-10",
            "2018-05-32",
            "2019-02-29",
            "2018-13-01",
            "20180510",
            "2018-05-10x",
            "１２",
        ] {
            let error = check_version(bad).unwrap_err().to_string();
            assert!(error.contains("YYYY-MM-DD"), "{error}");
        }
        check_host("cdn.aliyuncs.com").unwrap();
        for bad in [
            "https://cdn.aliyuncs.com",
            "cdn.aliyuncs.com:443",
            "cdn",
            "CDN.aliyuncs.com",
            "a..b",
        ] {
            assert!(check_host(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_skeleton_says_the_endpoint_rule() {
        let central =
            skeleton("CDN", "cdn", "2018-05-10", &Endpoints::Central(None), None).unwrap();
        assert!(
            central.contains("  x-alicert-endpoints:\n    rule: central\n"),
            "{central}"
        );
        assert!(
            central.contains("  - url: https://cdn.aliyuncs.com\n"),
            "{central}"
        );
        assert!(
            central.contains("title: CDN (cdn) 2018-05-10\n"),
            "{central}"
        );
        assert!(central.contains("paths: {}\n"), "{central}");
        let host = Endpoints::Central(Some("cdn.example.aliyuncs.com".to_owned()));
        let named = skeleton("CDN", "cdn", "2018-05-10", &host, None).unwrap();
        assert!(
            named.contains("    central: cdn.example.aliyuncs.com\n"),
            "{named}"
        );
        assert!(
            named.contains("https://cdn.example.aliyuncs.com"),
            "{named}"
        );
        let regional = skeleton("CDN", "cdn", "2018-05-10", &Endpoints::Regional, None).unwrap();
        assert!(regional.contains("    rule: regional\n"), "{regional}");
        let pinned = skeleton(
            "Live",
            "live",
            "2016-11-01",
            &Endpoints::Regional,
            Some("cn-shanghai"),
        )
        .unwrap();
        assert!(
            pinned.contains("    rule: regional\n    defaultRegion: cn-shanghai\n"),
            "{pinned}"
        );
        let error = skeleton(
            "Live",
            "live",
            "2016-11-01",
            &Endpoints::Regional,
            Some("Shanghai"),
        )
        .unwrap_err()
        .to_string();
        assert!(error.contains("`--default-region Shanghai`"), "{error}");
        assert!(
            regional.contains("https://cdn.cn-hangzhou.aliyuncs.com"),
            "{regional}"
        );
        assert!(!regional.contains("cas.aliyuncs.com"), "{regional}");
    }
}
