//! Where requests go without `--endpoint`: each product's endpoint from the region, as the official SDKs map it, and
//! the region a product answers in when nobody chose one (VOD: cn-shanghai). Real hosts are never reached: the run
//! goes through an HTTPS proxy this test serves on loopback, which records the host each `CONNECT` asks for and
//! hangs up, so the call fails as an unreachable network does (exit 6) and its hint names where requests went.

use std::io::Read as _;
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use alicert_api::catalog::ParameterKind;
use alicert_api::products::PRODUCTS;
use alicert_emulator::{DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET};

use crate::support::{Cli, Run};

/// A proxy that records the first line of every request (`CONNECT host:443 HTTP/1.1`) and closes the connection.
struct Proxy {
    url: String,
    seen: Arc<Mutex<Vec<String>>>,
}

impl Proxy {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        // The thread ends with the test process; each connection is read once and dropped.
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut buffer = [0_u8; 2048];
                let read = stream.read(&mut buffer).unwrap_or(0);
                let text = String::from_utf8_lossy(&buffer[..read]);
                let line = text.lines().next().unwrap_or_default().to_owned();
                log.lock().expect("log").push(line);
            }
        });
        Self { url, seen }
    }

    /// `alicert --retries 0 <args>` through this proxy, with the demo keys and nothing else.
    fn alicert(&self, args: &[&str]) -> Run {
        Cli::new()
            .args(["--retries", "0"])
            .args(args)
            .keys(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET)
            .env("HTTPS_PROXY", &self.url)
            .run()
    }

    /// The hosts asked for so far, and forgets them.
    fn hosts(&self) -> Vec<String> {
        std::mem::take(&mut *self.seen.lock().expect("log"))
            .into_iter()
            .map(|line| {
                line.strip_prefix("CONNECT ")
                    .and_then(|rest| rest.split_whitespace().next())
                    .unwrap_or(&line)
                    .to_owned()
            })
            .collect()
    }
}

const VOD_CALL: [&str; 4] = [
    "vod",
    "describe-vod-domain-certificate-info",
    "--domain-name",
    "example.com",
];

#[test]
fn each_product_goes_to_its_regions_endpoint_and_says_so_when_it_fails() {
    let proxy = Proxy::start();

    // No region chosen: cas in the default region, VOD in the one region its operation answers in.
    proxy
        .alicert(&["cas", "describe-deployment-job", "--job-id", "8888"])
        .code(6)
        .stderr_has(&["requests went to https://cas.aliyuncs.com (region cn-hangzhou)"]);
    assert_eq!(proxy.hosts(), ["cas.aliyuncs.com:443"]);
    proxy.alicert(&VOD_CALL).code(6).stderr_has(&[
        "requests went to https://vod.cn-shanghai.aliyuncs.com (region cn-shanghai)",
    ]);
    assert_eq!(proxy.hosts(), ["vod.cn-shanghai.aliyuncs.com:443"]);

    // A region chosen is every product's: VOD's own map sends ap-southeast-1 to its regional host.
    let mut chosen = vec!["--region", "ap-southeast-1"];
    chosen.extend(VOD_CALL);
    proxy.alicert(&chosen).code(6).stderr_has(&[
        "requests went to https://vod.ap-southeast-1.aliyuncs.com (region ap-southeast-1)",
    ]);
    assert_eq!(proxy.hosts(), ["vod.ap-southeast-1.aliyuncs.com:443"]);

    // `expiry --domain` asks VOD the same way.
    let run = proxy.alicert(&["-o", "json", "expiry", "--domain", "example.com"]);
    run.code(3);
    assert_eq!(proxy.hosts(), ["vod.cn-shanghai.aliyuncs.com:443"]);
}

#[test]
fn a_product_whose_spec_names_its_region_goes_there_unless_one_was_chosen() {
    let proxy = Proxy::start();
    let mut checked = 0;
    for product in PRODUCTS {
        let Some(region) = product.endpoints.default_region else {
            continue;
        };
        let Some(operation) = product.operations.first() else {
            continue;
        };
        let mut args = vec![product.code.to_owned(), operation.command.to_owned()];
        for parameter in operation.parameters.iter().filter(|p| p.required) {
            let value = match (parameter.example, parameter.kind) {
                ("", ParameterKind::Boolean) => "true",
                ("", _) => "1",
                (example, _) => example,
            };
            args.extend([format!("--{}", parameter.flag), value.to_owned()]);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let url = product
            .endpoints
            .resolve(region)
            .expect("the spec's own region resolves")
            .url()
            .to_owned();
        proxy
            .alicert(&args)
            .code(6)
            .stderr_has(&[&format!("requests went to {url} (region {region})")]);
        let host = url.strip_prefix("https://").expect("https");
        assert_eq!(proxy.hosts(), [format!("{host}:443")], "{}", product.code);
        checked += 1;
    }
    assert!(checked > 0, "VOD's spec names cn-shanghai");
}
