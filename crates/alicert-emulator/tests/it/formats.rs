//! Answer formats and request IDs: `Format=XML` (and a V1 request naming no format) gets XML in Alibaba's layout
//! that reads back, with an independent parser, as the very JSON answer; errors come in the format asked for; V3
//! requests get JSON unless their query asks for XML; `RequestId`s differ between emulators unless seeded.

use alicert_emulator::{EmulatorConfig, Pace};
use serde_json::Value;

use crate::support::{Call, Harness, SCHEMES, Scheme, VOD};

const XML_TYPE: &str = "text/xml;charset=utf-8";

/// The five operations, with parameters that give lists (workers, certificates, `CertInfos`) something to hold.
fn operations(scheme: Scheme) -> Vec<Call> {
    vec![
        Call::cas(scheme, "DescribeDeploymentJob").param("JobId", 8888),
        Call::cas(scheme, "ListDeploymentJobCert").param("JobId", 8888),
        Call::cas(scheme, "DescribeDeploymentJobStatus").param("JobId", 8888),
        Call::cas(scheme, "ListWorkerResource")
            .param("JobId", 8888)
            .param("ShowSize", 3),
        Call::new(scheme, "DescribeVodDomainCertificateInfo", VOD)
            .param("DomainName", "example.com"),
    ]
}

/// Asserts that `node` holds exactly `json`: each field of an object as child elements of its name (an array as its
/// members repeated, in order), nothing else; a scalar as its text. `RequestId` values differ between two answers
/// and are only checked to be there. (serde_json's map here sorts keys, so the order of distinct fields is left to
/// the writer's unit tests.)
#[track_caller]
fn assert_same(node: roxmltree::Node<'_, '_>, json: &Value, path: &str) {
    let Value::Object(fields) = json else {
        let text = node.text().unwrap_or("");
        let expected = match json {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        };
        if !path.ends_with("/RequestId") {
            assert_eq!(text, expected, "at {path}");
        }
        return;
    };
    let children: Vec<_> = node.children().filter(|child| child.is_element()).collect();
    let mut matched = 0;
    for (name, value) in fields {
        let members: Vec<&Value> = match value {
            Value::Array(members) => members.iter().collect(),
            Value::Null => Vec::new(),
            other => vec![other],
        };
        let named: Vec<_> = children
            .iter()
            .filter(|child| child.tag_name().name() == name)
            .collect();
        assert_eq!(named.len(), members.len(), "at {path}: <{name}> elements");
        for (child, member) in named.into_iter().zip(members) {
            assert_same(*child, member, &format!("{path}/{name}"));
            matched += 1;
        }
    }
    assert_eq!(
        matched,
        children.len(),
        "at {path}: elements no field accounts for"
    );
}

#[tokio::test]
async fn every_operation_answers_xml_that_reads_back_as_its_json() {
    // Frozen pace and one anchor: the JSON and the XML request see the same state.
    let harness = Harness::start(EmulatorConfig::new().with_pace(Pace::FROZEN)).await;
    for scheme in SCHEMES {
        for call in operations(scheme) {
            let json = harness.call(&call).await.expect_ok().clone();
            let asking = match scheme {
                // V1: Format=XML in any case, no Format at all (the documented default), or one the service does
                // not know (the classic Python SDK sends `Format=None` when told no format).
                Scheme::V1 => vec![
                    call.clone().set("Format", "XML"),
                    call.clone().set("Format", "xml"),
                    call.clone().omit("Format"),
                    call.clone().set("Format", "None"),
                ],
                // V3: only when the query says so.
                Scheme::V3 => vec![call.clone().param("Format", "XML")],
            };
            for xml_call in asking {
                let answer = harness.call(&xml_call).await;
                assert_eq!(answer.status, 200, "{}", answer.text);
                assert_eq!(answer.header("content-type"), Some(XML_TYPE));
                assert!(
                    answer
                        .text
                        .starts_with("<?xml version='1.0' encoding='UTF-8'?>"),
                    "{}",
                    answer.text
                );
                let document = roxmltree::Document::parse(&answer.text).expect("well-formed XML");
                let root = document.root_element();
                assert_eq!(root.tag_name().name(), format!("{}Response", call.action));
                assert_same(root, &json, &call.action);
                let request_id = root
                    .children()
                    .find(|child| child.has_tag_name("RequestId"))
                    .and_then(|child| child.text());
                assert_eq!(request_id, answer.header("x-acs-request-id"));
            }
        }
    }
}

#[tokio::test]
async fn the_vod_wrapper_list_and_job_lists_repeat_their_members() {
    let harness = Harness::default().await;
    let vod = Call::new(Scheme::V1, "DescribeVodDomainCertificateInfo", VOD)
        .param("DomainName", "example.com")
        .set("Format", "XML");
    let text = harness.call(&vod).await.text;
    assert!(
        text.contains("<CertInfos><CertInfo><"),
        "CertInfos wraps CertInfo elements: {text}"
    );
    let workers = Call::cas(Scheme::V1, "ListWorkerResource")
        .param("JobId", 8888)
        .param("ShowSize", 3)
        .set("Format", "XML");
    let document_text = harness.call(&workers).await.text;
    let document = roxmltree::Document::parse(&document_text).unwrap();
    let data = document
        .root_element()
        .children()
        .filter(|child| child.has_tag_name("Data"))
        .count();
    assert_eq!(data, 3, "{document_text}");
}

#[tokio::test]
async fn errors_come_in_the_format_asked_for() {
    let harness = Harness::default().await;
    let missing = |scheme| Call::cas(scheme, "DescribeDeploymentJob");
    for (call, content_type) in [
        (missing(Scheme::V1).set("Format", "XML"), XML_TYPE),
        (missing(Scheme::V1).omit("Format"), XML_TYPE),
        (missing(Scheme::V3).param("Format", "xml"), XML_TYPE),
        (missing(Scheme::V1), "application/json;charset=utf-8"),
        (missing(Scheme::V3), "application/json;charset=utf-8"),
    ] {
        let answer = harness.call(&call).await;
        assert_eq!(answer.header("content-type"), Some(content_type));
        // For XML, `support::send` read the <Error> fields into the same shape: the checks are the JSON ones.
        answer.expect_error(400, "MissingJobId");
        if content_type == XML_TYPE {
            let document = roxmltree::Document::parse(&answer.text).unwrap();
            let root = document.root_element();
            assert_eq!(root.tag_name().name(), "Error");
            let names: Vec<_> = root
                .children()
                .filter(|child| child.is_element())
                .map(|child| child.tag_name().name())
                .collect();
            assert_eq!(
                names,
                ["RequestId", "HostId", "Code", "Message", "Recommend"]
            );
        }
    }
    // Text that needs escaping survives: the Recommend link's `&`, a quoted parameter's quotes.
    let answer = harness
        .call(
            &Call::cas(Scheme::V1, "DescribeDeploymentJob")
                .param("JobId", "<&\"'>")
                .omit("Format"),
        )
        .await;
    assert!(
        answer
            .expect_error(400, "InvalidParameter")
            .contains("<&\\\"'>"),
        "{}",
        answer.text
    );
}

#[tokio::test]
async fn request_ids_differ_between_emulators_unless_seeded() {
    async fn first_ids(config: EmulatorConfig) -> Vec<String> {
        let harness = Harness::start(config).await;
        let mut ids = Vec::new();
        for _ in 0..3 {
            let answer = harness
                .call(&Call::cas(Scheme::V1, "DescribeDeploymentJob").param("JobId", 8888))
                .await;
            ids.push(answer.expect_ok()["RequestId"].as_str().unwrap().to_owned());
        }
        ids
    }
    let one = first_ids(EmulatorConfig::new()).await;
    let two = first_ids(EmulatorConfig::new()).await;
    assert!(one.iter().all(|id| !two.contains(id)), "{one:?} {two:?}");
    for id in &one {
        assert_eq!(id.len(), 36);
        assert_eq!(id, &id.to_ascii_uppercase());
    }
    let seeded = first_ids(EmulatorConfig::new().with_seed(7)).await;
    assert_eq!(seeded, first_ids(EmulatorConfig::new().with_seed(7)).await);
    assert_ne!(seeded, first_ids(EmulatorConfig::new().with_seed(8)).await);
}
