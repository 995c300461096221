//! The emulator serves what the table of operations says: routing by `Version` and `Action`, the gateway's
//! parameter checks before any handler, and the spec example (fresh `RequestId`, same-name parameters echoed) for
//! an operation without a stateful handler. A table of the test's own stands for a spec operation the five
//! handlers do not know, so `spec/` stays untouched.

use alicert_emulator::EmulatorConfig;
use alicert_emulator::table::{Field, Operation, Parameter, ParameterType, Product};
use serde_json::Value;

use crate::support::{CAS, Call, Harness, SCHEMES, Scheme, VOD};

const CDN: &str = "2018-05-10";
const ACTION: &str = "DescribeDomainCertificateInfo";

/// A product with an operation no handler serves, plus cas's DescribeDeploymentJob (served by its handler, keyed by
/// product code and Action) and ListDeploymentJob (no handler).
static TABLE: &[Product] = &[
    Product::new(
        "cdn",
        CDN,
        &[
            Operation::new(
                ACTION,
                &[
                    Parameter::new("DomainName", ParameterType::String).required(),
                    Parameter::new("PageSize", ParameterType::Int32),
                    Parameter::new("JobId", ParameterType::Int64),
                    Parameter::new("Enabled", ParameterType::Boolean),
                    Parameter::new("Ratio", ParameterType::Number),
                    Parameter::new("Status", ParameterType::String).with_values(&["on", "off"]),
                    Parameter::new("Tag", ParameterType::Array),
                    Parameter::new("Flag", ParameterType::Int32).with_values(&["0", "1"]),
                ],
                &[
                    Field::new("RequestId", "\"5C1E43DC-9E51-4771-82C0-7D5ECEB547A1\""),
                    Field::new("DomainName", "\"example.com\""),
                    Field::new("JobId", "1"),
                    Field::new("Enabled", "false"),
                    Field::new(
                        "CertInfos",
                        r#"{"CertInfo":[{"CertName":"cert-example","DomainName":"example.com","Status":"on","JobId":7,"Tags":["DomainName"]}]}"#,
                    ),
                ],
            ),
            Operation::new(
                "TagResources",
                &[Parameter::new("ResourceId", ParameterType::Array).required()],
                &[],
            ),
        ],
    ),
    Product::new(
        "cas",
        CAS,
        &[
            Operation::new(
                "DescribeDeploymentJob",
                &[Parameter::new("JobId", ParameterType::Int64).required()],
                &[],
            ),
            Operation::new(
                "ListDeploymentJob",
                &[
                    Parameter::new("JobType", ParameterType::String)
                        .required()
                        .with_values(&["user", "cloud"]),
                    Parameter::new("ShowSize", ParameterType::Int32),
                ],
                &[
                    Field::new("Total", "0"),
                    Field::new("Data", "[]"),
                    Field::new("RequestId", "\"\""),
                ],
            ),
        ],
    ),
];

async fn harness() -> Harness {
    Harness::start(EmulatorConfig::new().with_products(TABLE)).await
}

fn cdn(scheme: Scheme) -> Call {
    Call::new(scheme, ACTION, CDN)
}

#[tokio::test]
async fn an_operation_without_a_handler_answers_its_example_with_a_fresh_request_id() {
    let harness = harness().await;
    for scheme in SCHEMES {
        let call = cdn(scheme).param("DomainName", "mine.example");
        let first = harness.call(&call).await;
        let second = harness.call(&call).await;
        let (first_json, second_json) = (first.expect_ok(), second.expect_ok());
        let ids = [&first_json["RequestId"], &second_json["RequestId"]];
        assert_ne!(ids[0], ids[1], "two calls, two RequestIds");
        assert_ne!(ids[0], "5C1E43DC-9E51-4771-82C0-7D5ECEB547A1");
        assert_eq!(ids[0].as_str().map(str::len), Some(36));
        // The identifying parameter is echoed; the rest is the example, in the example's order.
        assert_eq!(first_json["DomainName"], "mine.example");
        assert_eq!(
            first_json["CertInfos"]["CertInfo"][0]["CertName"],
            "cert-example"
        );
        assert_eq!(first_json["JobId"], 1, "not sent, so the example's");
        // At any depth, as the VOD handler answers `CertInfos.CertInfo[].DomainName`; the nested text keeps the
        // example's order, and an array's members are not a field.
        let info = &first_json["CertInfos"]["CertInfo"][0];
        assert_eq!(info["DomainName"], "mine.example", "{}", first.text);
        assert_eq!(info["Status"], "on");
        assert_eq!(info["JobId"], 7);
        assert_eq!(info["Tags"][0], "DomainName");
        let nested = |name: &str| first.text.rfind(&format!("\"{name}\"")).unwrap();
        assert!(nested("CertName") < nested("Status") && nested("Status") < nested("Tags"));
        let at = |name: &str| first.text.find(&format!("\"{name}\"")).unwrap();
        assert!(at("RequestId") < at("DomainName") && at("DomainName") < at("CertInfos"));
    }
}

#[tokio::test]
async fn echoed_values_take_the_example_type() {
    let harness = harness().await;
    let answer = harness
        .call(
            &cdn(Scheme::V1)
                .param("DomainName", "a.example")
                .param("JobId", "42")
                .param("Enabled", "TRUE")
                .param("Unknown", "ignored"),
        )
        .await;
    let json = answer.expect_ok();
    assert_eq!(json["JobId"], Value::from(42), "{}", answer.text);
    assert_eq!(
        json["CertInfos"]["CertInfo"][0]["JobId"],
        Value::from(42),
        "{}",
        answer.text
    );
    assert_eq!(json["Enabled"], Value::Bool(true), "{}", answer.text);
    assert!(json.get("Unknown").is_none());
    // An example without a RequestId field gets one.
    let answer = harness
        .call(&Call::cas(Scheme::V3, "ListDeploymentJob").param("JobType", "user"))
        .await;
    assert_eq!(answer.expect_ok()["Total"], 0);
}

#[tokio::test]
async fn the_example_answers_in_xml_when_asked() {
    let harness = harness().await;
    let answer = harness
        .call(
            &cdn(Scheme::V1)
                .param("DomainName", "x.example")
                .set("Format", "XML"),
        )
        .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    let document = roxmltree::Document::parse(&answer.text).unwrap();
    let root = document.root_element();
    assert_eq!(
        root.tag_name().name(),
        "DescribeDomainCertificateInfoResponse"
    );
    let text = |name: &str| {
        root.children()
            .find(|child| child.has_tag_name(name))
            .and_then(|child| child.text())
    };
    assert_eq!(text("DomainName"), Some("x.example"));
    assert_eq!(text("RequestId"), answer.header("x-acs-request-id"));
}

#[tokio::test]
async fn request_ids_of_examples_reproduce_with_a_seed() {
    async fn ids() -> Vec<String> {
        let harness = Harness::start(EmulatorConfig::new().with_products(TABLE).with_seed(7)).await;
        let mut ids = Vec::new();
        for _ in 0..2 {
            let answer = harness
                .call(&cdn(Scheme::V1).param("DomainName", "a.example"))
                .await;
            ids.push(answer.expect_ok()["RequestId"].as_str().unwrap().to_owned());
        }
        ids
    }
    let first = ids().await;
    assert_ne!(first[0], first[1]);
    assert_eq!(first, ids().await);
}

#[tokio::test]
async fn missing_required_parameters_are_refused_before_any_handler() {
    for harness in [harness().await, Harness::default().await] {
        for scheme in SCHEMES {
            for call in [
                Call::cas(scheme, "DescribeDeploymentJob"),
                Call::cas(scheme, "DescribeDeploymentJob").param("JobId", ""),
            ] {
                let answer = harness.call(&call).await;
                assert_eq!(
                    answer.expect_error(400, "MissingJobId"),
                    "JobId is mandatory for this action."
                );
            }
        }
    }
    let harness = harness().await;
    for scheme in SCHEMES {
        let answer = harness.call(&cdn(scheme)).await;
        assert_eq!(
            answer.expect_error(400, "MissingDomainName"),
            "DomainName is mandatory for this action."
        );
        harness
            .call(&cdn(scheme).param("DomainName", ""))
            .await
            .expect_error(400, "MissingDomainName");
        harness
            .call(&Call::cas(scheme, "ListDeploymentJob"))
            .await
            .expect_error(400, "MissingJobType");
    }
    let vod = Harness::default().await;
    vod.call(&Call::new(
        Scheme::V1,
        "DescribeVodDomainCertificateInfo",
        VOD,
    ))
    .await
    .expect_error(400, "MissingDomainName");
}

#[tokio::test]
async fn values_of_the_wrong_type_are_invalid_parameters() {
    let harness = harness().await;
    let message = Harness::default()
        .await
        .call(&Call::cas(Scheme::V1, "DescribeDeploymentJob").param("JobId", "abc"))
        .await
        .expect_error(400, "InvalidParameter")
        .to_owned();
    assert!(
        message.starts_with("The specified parameter JobId is not valid"),
        "{message}"
    );
    for scheme in SCHEMES {
        harness
            .call(&Call::cas(scheme, "DescribeDeploymentJob").param("JobId", "abc"))
            .await
            .expect_error(400, "InvalidParameter");
        for (name, value) in [
            ("PageSize", "abc"),
            ("PageSize", "2147483648"),
            ("PageSize", "1.5"),
            ("PageSize", " 5"),
            ("JobId", "9223372036854775808"),
            ("Enabled", "yes"),
            ("Ratio", "NaN"),
            ("Ratio", "fast"),
            ("Status", "paused"),
            ("Flag", "2"),
        ] {
            let answer = harness
                .call(
                    &cdn(scheme)
                        .param("DomainName", "a.example")
                        .param(name, value),
                )
                .await;
            let message = answer.expect_error(400, "InvalidParameter");
            assert!(
                message.starts_with(&format!("The specified parameter {name} is not valid")),
                "{name}={value}: {message}"
            );
        }
        for (name, value) in [
            ("PageSize", "-2147483648"),
            ("JobId", "-9223372036854775808"),
            ("Enabled", "False"),
            ("Ratio", "1e3"),
            ("Status", "off"),
            ("Tag.1", "anything"),
            ("Flag", "01"),
        ] {
            harness
                .call(
                    &cdn(scheme)
                        .param("DomainName", "a.example")
                        .param(name, value),
                )
                .await
                .expect_ok();
        }
        harness
            .call(&Call::cas(scheme, "ListDeploymentJob").param("JobType", "robot"))
            .await
            .expect_error(400, "InvalidParameter");
    }
}

#[tokio::test]
async fn routing_follows_the_table() {
    let harness = harness().await;
    for scheme in SCHEMES {
        // The handler still answers the operation it knows, by product code and Action.
        let answer = harness
            .call(&Call::cas(scheme, "DescribeDeploymentJob").param("JobId", 8888))
            .await;
        assert_eq!(answer.expect_ok()["Id"], 8888);
        // Operations of the generated table that this one lacks are not served.
        harness
            .call(&Call::cas(scheme, "ListWorkerResource").param("JobId", 8888))
            .await
            .expect_error(404, "InvalidAction.NotFound");
        harness
            .call(&Call::new(scheme, "DescribeVodDomainCertificateInfo", VOD))
            .await
            .expect_error(400, "InvalidVersion");
        // STS is served whatever the table.
        harness
            .call(&Call::new(scheme, "AssumeRole", "2015-04-01").param("RoleSessionName", "s1"))
            .await
            .expect_error(400, "MissingRoleArn");
        harness
            .call(&Call::new(scheme, "DeleteEverything", "2015-04-01"))
            .await
            .expect_error(404, "InvalidAction.NotFound");
    }
}

#[tokio::test]
async fn a_newer_service_adds_its_field_to_examples_too() {
    let harness = Harness::start(
        EmulatorConfig::new()
            .with_products(TABLE)
            .with_fault("newer-service".parse().unwrap()),
    )
    .await;
    let answer = harness
        .call(&cdn(Scheme::V1).param("DomainName", "a.example"))
        .await;
    assert!(
        answer.expect_ok()["NewFieldFromTheFuture"].is_string(),
        "{}",
        answer.text
    );
}

#[tokio::test]
async fn an_example_that_is_not_json_is_an_internal_error_naming_it() {
    static BROKEN: &[Product] = &[Product::new(
        "cdn",
        CDN,
        &[Operation::new(
            ACTION,
            &[],
            &[Field::new("Data", "{not json")],
        )],
    )];
    let harness = Harness::start(EmulatorConfig::new().with_products(BROKEN)).await;
    let answer = harness.call(&cdn(Scheme::V1)).await;
    let message = answer.expect_error(500, "InternalError");
    assert!(message.contains(ACTION), "{message}");
}

#[tokio::test]
async fn products_sharing_a_version_are_told_apart_by_action() {
    static SHARED: &[Product] = &[
        Product::new(
            "one",
            "2020-01-01",
            &[Operation::new(
                "First",
                &[Parameter::new("Name", ParameterType::String).required()],
                &[Field::new("Name", "\"\"")],
            )],
        ),
        Product::new(
            "two",
            "2020-01-01",
            &[Operation::new(
                "Second",
                &[Parameter::new("Size", ParameterType::Int32).required()],
                &[Field::new("Size", "0")],
            )],
        ),
    ];
    let harness = Harness::start(EmulatorConfig::new().with_products(SHARED)).await;
    let answer = harness
        .call(&Call::new(Scheme::V1, "Second", "2020-01-01").param("Size", 3))
        .await;
    assert_eq!(answer.expect_ok()["Size"], 3);
    // The error's Recommend link names the product that has the Action.
    let answer = harness
        .call(&Call::new(Scheme::V3, "Second", "2020-01-01"))
        .await;
    answer.expect_error(400, "MissingSize");
    let recommend = answer.json["Recommend"].as_str().unwrap();
    assert!(recommend.contains("&product=two&"), "{recommend}");
}

#[tokio::test]
async fn a_required_list_may_travel_flattened_or_whole() {
    let harness = harness().await;
    let tag = |scheme| Call::new(scheme, "TagResources", CDN);
    for scheme in SCHEMES {
        for call in [
            tag(scheme),
            tag(scheme).param("ResourceId", ""),
            tag(scheme).param("ResourceIdX", "a"),
        ] {
            harness
                .call(&call)
                .await
                .expect_error(400, "MissingResourceId");
        }
        for call in [
            tag(scheme)
                .param("ResourceId.1", "a")
                .param("ResourceId.2", "b"),
            tag(scheme).param("ResourceId", r#"["a","b"]"#),
        ] {
            harness.call(&call).await.expect_ok();
        }
    }
}
