//! Authentication and request validation: every rejection the real gateway makes, with its code, HTTP status,
//! message and error-body shape, for V1 and V3 alike; and the malformed inputs that must get a clear error, not a
//! panic.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use alicert_core::sign::v1;
use alicert_emulator::{Clock, EmulatorConfig, ManualClock, SignatureVersion};
use reqwest::Method;

use crate::support::{CAS, Call, Harness, SCHEMES, Scheme, VOD};

fn describe(scheme: Scheme) -> Call {
    Call::cas(scheme, "DescribeDeploymentJob").param("JobId", 8888)
}

#[tokio::test]
async fn both_signatures_are_accepted_by_get_and_post_with_query_or_form_parameters() {
    let harness = Harness::default().await;
    for scheme in SCHEMES {
        for method in ["GET", "POST"] {
            let answer = harness.call(&describe(scheme).method(method)).await;
            assert_eq!(answer.expect_ok()["Name"], "auto-test-AXX");
        }
        let in_body = Call::cas(scheme, "DescribeDeploymentJob").form_param("JobId", 9004);
        assert_eq!(harness.call(&in_body).await.expect_ok()["Id"], 9004);
    }
    let log = harness.emulator.requests().snapshot();
    assert_eq!(log.len(), 6);
    assert_eq!(log[0].signature_version, Some(SignatureVersion::V1));
    assert_eq!(log[3].signature_version, Some(SignatureVersion::V3));
    assert!(
        log.iter().all(|record| record.is_success()
            && record.access_key_id.as_deref() == Some("alicert-demo-id"))
    );
}

#[tokio::test]
async fn a_wrong_signature_is_refused_with_the_server_string_to_sign() {
    let harness = Harness::default().await;
    for scheme in SCHEMES {
        let mut call = describe(scheme)
            .nonce("fixed-nonce-for-the-message")
            .at(SystemTime::now());
        call.signing_secret = Some("not-the-secret".into());
        let answer = harness.call(&call).await;
        let message = answer.expect_error(400, "SignatureDoesNotMatch");
        match scheme {
            Scheme::V1 => {
                let prefix =
                    "Specified signature does not match our calculation. server string to sign is:";
                let server_string = message.strip_prefix(prefix).expect(message);
                assert!(server_string.starts_with(
                    "POST&%2F&AccessKeyId%3Dalicert-demo-id%26Action%3DDescribeDeploymentJob"
                ));
                // The server's string is what the client signed (only the key differs).
                let time = alicert_core::time::format_iso8601(call.time.unwrap());
                let params = [
                    ("AccessKeyId", "alicert-demo-id"),
                    ("Action", "DescribeDeploymentJob"),
                    ("Format", "JSON"),
                    ("JobId", "8888"),
                    ("SignatureMethod", "HMAC-SHA1"),
                    ("SignatureNonce", "fixed-nonce-for-the-message"),
                    ("SignatureVersion", "1.0"),
                    ("Timestamp", time.as_str()),
                    ("Version", CAS),
                ];
                assert_eq!(server_string, v1::sign("POST", &params, "x").string_to_sign);
                // The classic SDK compares `message.split(':')[1]` with its own string-to-sign.
                assert_eq!(message.split(':').nth(1), Some(server_string));
            }
            Scheme::V3 => {
                // The canonical request, then the string-to-sign made of its hash, so a client can see which
                // line differs.
                let prefix = "Specified signature does not match our calculation. server canonical request is:\n";
                let rest = message.strip_prefix(prefix).expect(message);
                let (canonical, string_to_sign) = rest
                    .split_once("\nserver string to sign is:")
                    .expect(message);
                assert!(
                    canonical.starts_with("POST\n/\nJobId=8888\nhost:127.0.0.1:"),
                    "{canonical}"
                );
                assert!(
                    canonical.contains("\nx-acs-signature-nonce:fixed-nonce-for-the-message\n"),
                    "{canonical}"
                );
                assert_eq!(
                    string_to_sign,
                    format!(
                        "ACS3-HMAC-SHA256\n{}",
                        alicert_core::sign::v3::hash_payload(canonical.as_bytes())
                    )
                );
            }
        }
        // Tampering after signing is the same failure.
        let tampered = describe(scheme).form_param("Extra", "1");
        let request = tampered
            .build(&harness.client, &harness.url)
            .body("Extra=2");
        crate::support::send(request)
            .await
            .expect_error(400, "SignatureDoesNotMatch");
    }
    // A wrong signature does not use up the nonce.
    let call = describe(Scheme::V1).nonce("kept");
    let mut wrong = call.clone();
    wrong.signing_secret = Some("nope".into());
    harness
        .call(&wrong)
        .await
        .expect_error(400, "SignatureDoesNotMatch");
    harness.call(&call).await.expect_ok();
}

#[tokio::test]
async fn an_unknown_access_key_is_not_found() {
    let harness = Harness::default().await;
    for scheme in SCHEMES {
        let answer = harness
            .call(&describe(scheme).key("nobody", "nothing"))
            .await;
        assert_eq!(
            answer.expect_error(404, "InvalidAccessKeyId.NotFound"),
            "Specified access key is not found."
        );
    }
}

#[tokio::test]
async fn missing_signature_pieces_are_named() {
    let harness = Harness::default().await;
    for (omitted, code) in [
        ("Signature", "MissingSignature"),
        ("AccessKeyId", "MissingAccessKeyId"),
        ("SignatureNonce", "MissingSignatureNonce"),
        ("Timestamp", "MissingTimestamp"),
        ("SignatureMethod", "MissingSignatureMethod"),
        ("Action", "MissingAction"),
        ("Version", "MissingVersion"),
    ] {
        let answer = harness.call(&describe(Scheme::V1).omit(omitted)).await;
        let message = answer.expect_error(400, code);
        assert_eq!(message, format!("{omitted} is mandatory for this action."));
    }
    for omitted in [
        "x-acs-signature-nonce",
        "x-acs-date",
        "x-acs-content-sha256",
    ] {
        let answer = harness.call(&describe(Scheme::V3).omit(omitted)).await;
        assert!(
            answer
                .expect_error(400, "IncompleteSignature")
                .contains(omitted),
            "{}",
            answer.text
        );
    }
    // An x-acs header sent but left out of SignedHeaders.
    let request = describe(Scheme::V3)
        .build(&harness.client, &harness.url)
        .header("x-acs-extra", "1");
    let answer = crate::support::send(request).await;
    assert!(
        answer
            .expect_error(400, "IncompleteSignature")
            .contains("x-acs-extra")
    );
    for authorization in [
        "ACS3-HMAC-SHA256 Credential=alicert-demo-id",
        "HMAC-SHA1 abc",
        "ACS3-HMAC-SHA256 junk",
    ] {
        let request = describe(Scheme::V3)
            .omit("authorization")
            .build(&harness.client, &harness.url)
            .header("authorization", authorization);
        crate::support::send(request)
            .await
            .expect_error(400, "IncompleteSignature");
    }
    let answer = harness
        .call(&describe(Scheme::V1).set("SignatureMethod", "HMAC-SHA256"))
        .await;
    answer.expect_error(400, "InvalidSignatureMethod");
    assert!(
        harness
            .emulator
            .requests()
            .snapshot()
            .iter()
            .all(|record| !record.is_success())
    );
}

#[tokio::test]
async fn timestamps_outside_fifteen_minutes_are_expired_and_garbage_is_a_format_error() {
    let start = UNIX_EPOCH + Duration::from_secs(1_750_000_000);
    let clock = ManualClock::new(start);
    let harness = Harness::start(EmulatorConfig::new().with_clock(clock.clone())).await;
    for scheme in SCHEMES {
        for offset in [-16 * 60_i64, 16 * 60, 24 * 3600] {
            let time = if offset < 0 {
                start - Duration::from_secs(offset.unsigned_abs())
            } else {
                start + Duration::from_secs(offset as u64)
            };
            let answer = harness.call(&describe(scheme).at(time)).await;
            let message = answer.expect_error(400, "InvalidTimeStamp.Expired");
            assert_eq!(message, "Specified time stamp or date value is expired.");
        }
        for time in [
            start - Duration::from_secs(14 * 60),
            start + Duration::from_secs(14 * 60),
        ] {
            harness.call(&describe(scheme).at(time)).await.expect_ok();
        }
        let field = if scheme == Scheme::V1 {
            "Timestamp"
        } else {
            "x-acs-date"
        };
        for garbage in ["yesterday", "2025-06-15 15:06:40", "2025-13-01T00:00:00Z"] {
            let answer = harness
                .call(&describe(scheme).at(start).set(field, garbage))
                .await;
            answer.expect_error(400, "InvalidTimeStamp.Format");
        }
    }
}

#[tokio::test]
async fn a_replayed_nonce_is_refused_until_it_expires() {
    let start = UNIX_EPOCH + Duration::from_secs(1_750_000_000);
    let clock = ManualClock::new(start);
    let harness = Harness::start(
        EmulatorConfig::new()
            .with_clock(clock.clone())
            .with_access_key("second", "s2"),
    )
    .await;
    for scheme in SCHEMES {
        let nonce = format!("replayed-{scheme:?}");
        harness
            .call(&describe(scheme).nonce(&nonce).at(clock.now()))
            .await
            .expect_ok();
        let answer = harness
            .call(&describe(scheme).nonce(&nonce).at(clock.now()))
            .await;
        assert_eq!(
            answer.expect_error(400, "SignatureNonceUsed"),
            "Specified signature nonce was used already."
        );
        // Nonces are per AccessKey.
        harness
            .call(
                &describe(scheme)
                    .nonce(&nonce)
                    .key("second", "s2")
                    .at(clock.now()),
            )
            .await
            .expect_ok();
    }
    clock.advance(Duration::from_secs(14 * 60));
    harness
        .call(&describe(Scheme::V1).nonce("replayed-V1").at(clock.now()))
        .await
        .expect_error(400, "SignatureNonceUsed");
    clock.advance(Duration::from_secs(60));
    harness
        .call(&describe(Scheme::V1).nonce("replayed-V1").at(clock.now()))
        .await
        .expect_ok();
    let log = harness.emulator.requests().snapshot();
    assert_eq!(log[0].nonce.as_deref(), Some("replayed-V1"));
    assert_eq!(log[1].code.as_deref(), Some("SignatureNonceUsed"));
}

#[tokio::test]
async fn the_nonce_memory_is_bounded() {
    let harness = Harness::start(EmulatorConfig::new().with_nonce_capacity(2)).await;
    for nonce in ["a", "b", "c"] {
        harness
            .call(&describe(Scheme::V1).nonce(nonce))
            .await
            .expect_ok();
    }
    harness
        .call(&describe(Scheme::V1).nonce("c"))
        .await
        .expect_error(400, "SignatureNonceUsed");
    // "a" was forgotten to make room.
    harness
        .call(&describe(Scheme::V1).nonce("a"))
        .await
        .expect_ok();
}

#[tokio::test]
async fn unknown_actions_and_versions() {
    let harness = Harness::default().await;
    for scheme in SCHEMES {
        let answer = harness.call(&Call::cas(scheme, "DeleteEverything")).await;
        let message = answer.expect_error(404, "InvalidAction.NotFound");
        assert_eq!(
            message,
            "Specified api is not found, please check your url and method."
        );
        // A VOD action under the cas version does not exist either.
        harness
            .call(&Call::cas(scheme, "DescribeVodDomainCertificateInfo"))
            .await
            .expect_error(404, "InvalidAction.NotFound");
        let answer = harness
            .call(&Call::new(scheme, "DescribeDeploymentJob", "2099-01-01").param("JobId", 8888))
            .await;
        assert_eq!(
            answer.expect_error(400, "InvalidVersion"),
            "Specified parameter Version is not valid."
        );
    }
}

#[tokio::test]
async fn missing_and_malformed_business_parameters() {
    let harness = Harness::default().await;
    let huge = "9".repeat(20_000);
    for scheme in SCHEMES {
        for action in [
            "DescribeDeploymentJob",
            "ListDeploymentJobCert",
            "ListWorkerResource",
        ] {
            let answer = harness.call(&Call::cas(scheme, action)).await;
            assert_eq!(
                answer.expect_error(400, "MissingJobId"),
                "JobId is mandatory for this action."
            );
            let answer = harness
                .call(&Call::cas(scheme, action).param("JobId", ""))
                .await;
            answer.expect_error(400, "MissingJobId");
        }
        let answer = harness
            .call(&Call::new(scheme, "DescribeVodDomainCertificateInfo", VOD))
            .await;
        assert_eq!(
            answer.expect_error(400, "MissingDomainName"),
            "DomainName is mandatory for this action."
        );

        for (action, name, value) in [
            ("DescribeDeploymentJob", "JobId", "abc"),
            (
                "DescribeDeploymentJob",
                "JobId",
                "99999999999999999999999999",
            ),
            ("DescribeDeploymentJobStatus", "JobId", "8888.5"),
            ("ListWorkerResource", "ShowSize", "0"),
            ("ListWorkerResource", "ShowSize", "1001"),
            ("ListWorkerResource", "ShowSize", "-5"),
            ("ListWorkerResource", "ShowSize", "many"),
            ("ListWorkerResource", "CurrentPage", "0"),
            ("ListWorkerResource", "CurrentPage", "-1"),
            ("ListWorkerResource", "CurrentPage", "1e3"),
            ("ListWorkerResource", "Status", "paused"),
            ("ListWorkerResource", "JobId", huge.as_str()),
        ] {
            let mut call = Call::cas(scheme, action).param(name, value);
            if name != "JobId" {
                call = call.param("JobId", 8888);
            }
            let answer = harness.call(&call).await;
            let message = answer.expect_error(400, "InvalidParameter");
            assert!(message.contains(name), "{message}");
            assert!(
                message.len() < 200,
                "client input is quoted shortened: {message}"
            );
        }
        // A repeated parameter: the first value counts.
        let answer = harness.call(&describe(scheme).param("JobId", 1)).await;
        assert_eq!(answer.expect_ok()["Id"], 8888);
        let answer = harness
            .call(&Call::cas(scheme, "DescribeDeploymentJob").param("JobId", 12345))
            .await;
        answer.expect_error(404, "NotFound.DeploymentJob");
        let answer = harness
            .call(
                &Call::new(scheme, "DescribeVodDomainCertificateInfo", VOD)
                    .param("DomainName", "nope.example"),
            )
            .await;
        answer.expect_error(404, "InvalidDomain.NotFound");
    }
}

#[tokio::test]
async fn sts_keys_need_their_own_unexpired_token() {
    let clock = ManualClock::new(SystemTime::now());
    let expiry = clock.now() + Duration::from_secs(3600);
    let config = EmulatorConfig::new()
        .with_clock(clock.clone())
        .with_sts_access_key("STS.alicert-demo", "sts-secret", "sts-token")
        .with_sts_key("STS.other", "other-secret", "other-token", Some(expiry));
    let harness = Harness::start(config).await;
    let other = |scheme| describe(scheme).key("STS.other", "other-secret");
    for scheme in SCHEMES {
        let sts = describe(scheme).key("STS.alicert-demo", "sts-secret");
        harness
            .call(&sts.clone().token("sts-token"))
            .await
            .expect_ok();
        harness
            .call(&sts)
            .await
            .expect_error(400, "MissingSecurityToken");
        // A token the emulator never issued cannot be parsed; one issued with another key does not match.
        harness
            .call(&sts.clone().token("stolen"))
            .await
            .expect_error(400, "InvalidSecurityToken.Malformed");
        harness
            .call(&sts.clone().token("other-token"))
            .await
            .expect_error(400, "InvalidSecurityToken.MismatchWithAccessKey");
        harness
            .call(&describe(scheme).token("sts-token"))
            .await
            .expect_error(400, "InvalidSecurityToken.MismatchWithAccessKey");
        harness
            .call(&other(scheme).token("other-token"))
            .await
            .expect_ok();
    }
    // An hour on, the expiring key is refused; the other still works.
    clock.advance(Duration::from_secs(3600));
    for scheme in SCHEMES {
        let answer = harness
            .call(&other(scheme).token("other-token").at(clock.now()))
            .await;
        assert_eq!(
            answer.expect_error(400, "InvalidSecurityToken.Expired"),
            "Specified SecurityToken is expired."
        );
        harness
            .call(
                &describe(scheme)
                    .key("STS.alicert-demo", "sts-secret")
                    .token("sts-token")
                    .at(clock.now()),
            )
            .await
            .expect_ok();
    }
}

#[tokio::test]
async fn sts_keys_added_while_running_are_accepted() {
    let harness = Harness::default().await;
    let call = |scheme| {
        describe(scheme)
            .key("STS.issued-later", "later-secret")
            .token("later-token")
    };
    harness
        .call(&call(Scheme::V1))
        .await
        .expect_error(404, "InvalidAccessKeyId.NotFound");
    harness
        .emulator
        .emulator()
        .add_access_key(alicert_emulator::AccessKey::sts(
            "STS.issued-later",
            "later-secret",
            "later-token",
        ));
    for scheme in SCHEMES {
        harness.call(&call(scheme)).await.expect_ok();
    }
}

#[tokio::test]
async fn plus_decodes_to_space_and_form_bodies_are_signed() {
    let harness = Harness::default().await;
    // Signed over "a b"; sent as "a+b" the way form encoders do.
    let call = describe(Scheme::V1).param("Note", "a b");
    let request = call.build(&harness.client, &harness.url).build().unwrap();
    let url = request.url().as_str().replace("Note=a%20b", "Note=a+b");
    assert!(url.contains("Note=a+b"));
    let answer = crate::support::send(harness.client.post(url)).await;
    answer.expect_ok();
}

#[tokio::test]
async fn malformed_requests_get_clear_errors_not_panics() {
    let harness = Harness::default().await;
    let huge = "9".repeat(20_000);
    for (method, path, body) in [
        (Method::GET, "/".to_owned(), Vec::new()),
        (Method::POST, "/?%zz=1".to_owned(), Vec::new()),
        (Method::POST, "/?Action=%ff%fe".to_owned(), Vec::new()),
        (Method::POST, "/?Action".to_owned(), Vec::new()),
        (
            Method::POST,
            "/?Action=DescribeDeploymentJob&Version=2020-04-07".to_owned(),
            vec![0xff, 0xfe, b'=', 0x80],
        ),
        (
            Method::POST,
            "/?Action=DescribeDeploymentJob&Version=2020-04-07".to_owned(),
            b"JobId=%".to_vec(),
        ),
        (
            Method::POST,
            format!("/?Action=DescribeDeploymentJob&Version=2020-04-07&JobId={huge}"),
            Vec::new(),
        ),
        (
            Method::PUT,
            "/?Action=DescribeDeploymentJob&Version=2020-04-07".to_owned(),
            Vec::new(),
        ),
        (Method::POST, "/some/other/path".to_owned(), Vec::new()),
    ] {
        let answer = harness.raw(method.clone(), &path, body).await;
        assert!(
            (400..500).contains(&answer.status),
            "{method} {}: {}",
            &path[..path.len().min(80)],
            answer.text
        );
        assert!(!answer.code().is_empty(), "{}", answer.text);
        // None of them names a Format: XML, the RPC default.
        assert_eq!(
            answer.header("content-type"),
            Some("text/xml;charset=utf-8")
        );
    }
    // Still serving.
    harness.call(&describe(Scheme::V1)).await.expect_ok();
}
