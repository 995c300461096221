//! The API pages' sample responses reproduce: job 8888, its certificate `edkog.shop`, worker 22487 and the VOD
//! domain `example.com` come back exactly as the pages print them (the samples are copied here verbatim), apart
//! from `RequestId`, which is this request's.

use serde_json::{Value, json};

use crate::support::{Call, Harness, SCHEMES, VOD};

fn without_request_id(mut value: Value) -> Value {
    value.as_object_mut().unwrap().remove("RequestId");
    value
}

#[tokio::test]
async fn describe_deployment_job_sample() {
    let sample: Value = serde_json::from_str(
        r#"{
  "RequestId": "15C66C7B-671A-4297-9187-2C4477247A74",
  "Id": 8888,
  "GmtCreate": "1679541809000",
  "GmtModified": "1679541809000",
  "UserId": 0,
  "InstanceId": "14dcc8afc7578e1f",
  "Name": "auto-test-AXX",
  "CertType": "buy",
  "ScheduleTime": "1678083209335",
  "StartTime": "1679541809000",
  "EndTime": "1679541809000",
  "Status": "editing",
  "Del": 1,
  "Rollback": 1,
  "JobType": "user",
  "CertDomain": "example.aliyundoc.com,demo.aliyundoc.com",
  "ProductName": "CDN",
  "Config": "{\\\"shareCertIds\\\":[],\\\"certIds\\\":[12342649,12304338,12067351,9957285]}",
  "CasContacts": [
    {
      "Id": "3304",
      "Name": "zhangsan",
      "Mobile": "139****0000",
      "Email": "username@example.com"
    }
  ]
}"#,
    )
    .unwrap();
    let harness = Harness::default().await;
    for scheme in SCHEMES {
        let answer = harness
            .call(&Call::cas(scheme, "DescribeDeploymentJob").param("JobId", 8888))
            .await;
        assert_eq!(
            without_request_id(answer.expect_ok().clone()),
            without_request_id(sample.clone())
        );
        // Field order follows the sample too.
        let keys = [
            "RequestId",
            "Id",
            "GmtCreate",
            "GmtModified",
            "UserId",
            "InstanceId",
            "Name",
            "CertType",
            "ScheduleTime",
            "StartTime",
            "EndTime",
            "Status",
            "Del",
            "Rollback",
            "JobType",
            "CertDomain",
            "ProductName",
            "Config",
            "CasContacts",
        ];
        let positions: Vec<usize> = keys
            .iter()
            .map(|key| answer.text.find(&format!("\"{key}\":")).unwrap())
            .collect();
        assert!(
            positions.windows(2).all(|pair| pair[0] < pair[1]),
            "{}",
            answer.text
        );
    }
}

#[tokio::test]
async fn list_deployment_job_cert_sample() {
    let sample = json!({
      "Data": [
        {
          "CertId": 11174100,
          "OrderId": 6127067,
          "CertInstanceId": "cas-ivauto-2crxzi",
          "CertName": "edkog.shop",
          "CommonName": "vaultwebhook.vault-webhook.svc",
          "Sans": [
            "aliyundoc.com"
          ],
          "Algorithm": "RSA",
          "NotBeforeTime": 1683625266108_i64,
          "NotAfterTime": 1683625266108_i64,
          "Month": 12,
          "StatusCode": "issued",
          "CertType": "DV",
          "CertOrderType": "buy",
          "IsTrustee": true
        }
      ],
      "RequestId": "15C66C7B-671A-4297-9187-2C4477247A74"
    });
    let harness = Harness::default().await;
    for scheme in SCHEMES {
        let answer = harness
            .call(&Call::cas(scheme, "ListDeploymentJobCert").param("JobId", 8888))
            .await;
        assert_eq!(
            without_request_id(answer.expect_ok().clone()),
            without_request_id(sample.clone())
        );
    }
}

#[tokio::test]
async fn list_worker_resource_sample_worker() {
    let sample = json!({
      "Total": 8,
      "CurrentPage": 1,
      "ShowSize": 20,
      "Data": [
        {
          "Id": 22487,
          "GmtCreate": "1680228896000",
          "GmtModified": "1681956830000",
          "UserId": 1666884372152785_i64,
          "JobId": 8888,
          "OrderId": 9349278,
          "CertId": 12073663,
          "CertDomain": "www.example.com",
          "CertInstanceId": "lsn-jzk2h0xz5dmynuphb8@1883",
          "CertName": "testCertName",
          "ResourceId": 1286999,
          "CloudProduct": "SLB",
          "ResourceCertId": 123,
          "ResourceDomain": "www.example.com",
          "RegionId": "cn-hangzhou",
          "CloudRegion": "cn-hangzhou",
          "InstanceId": "cas-cn-0pp118nuu40b",
          "ListenerId": "lsn-lhl8y7s1e1ngc3m3zz@81",
          "Port": 4431,
          "DefaultResource": true,
          "CloudName": "aliyun",
          "NamespaceId": "32fed52a-4bf7-44f6-955f-e82ada68ef18",
          "Status": "editing"
        }
      ],
      "RequestId": "3E50D480-9765-5CFD-9650-9BACCECA5135"
    });
    let harness = Harness::default().await;
    for scheme in SCHEMES {
        let call = Call::cas(scheme, "ListWorkerResource")
            .param("JobId", 8888)
            .param("CurrentPage", 1)
            .param("ShowSize", 20);
        let answer = harness.call(&call).await;
        let json = answer.expect_ok();
        for field in ["Total", "CurrentPage", "ShowSize"] {
            assert_eq!(json[field], sample[field], "{field}");
        }
        // The page's sample shows one worker of its eight; it is the first here.
        assert_eq!(json["Data"][0], sample["Data"][0]);
        assert_eq!(json["Data"].as_array().unwrap().len(), 8);
    }
}

#[tokio::test]
async fn describe_vod_domain_certificate_info_sample() {
    let sample = json!({
      "RequestId": "5C1E43DC-9E51-4771-****-7D5ECEB547A1",
      "CertInfos": {
        "CertInfo": [
          {
            "Status": "success",
            "CertLife": "3 months",
            "CertExpireTime": "2018-06-03T13:03:39Z",
            "CertType": "free",
            "ServerCertificateStatus": "checking",
            "CertDomainName": "example.com",
            "CertName": "cert-example.com",
            "CertOrg": "Let's Encrypt",
            "DomainName": "example.com"
          }
        ]
      }
    });
    let harness = Harness::default().await;
    for scheme in SCHEMES {
        let call = Call::new(scheme, "DescribeVodDomainCertificateInfo", VOD)
            .param("DomainName", "example.com");
        let answer = harness.call(&call).await;
        assert_eq!(
            without_request_id(answer.expect_ok().clone()),
            without_request_id(sample.clone())
        );
    }
}

#[tokio::test]
async fn vod_domains_expire_relative_to_the_emulators_clock() {
    use std::time::{Duration, SystemTime};
    let harness = Harness::default().await;
    for (domain, days) in alicert_emulator::dataset::VOD_DOMAINS {
        let call = Call::new(
            crate::support::Scheme::V1,
            "DescribeVodDomainCertificateInfo",
            VOD,
        )
        .param("DomainName", domain);
        let answer = harness.call(&call).await;
        let info = &answer.expect_ok()["CertInfos"]["CertInfo"][0];
        assert_eq!(info["DomainName"], domain);
        match (days, info["CertExpireTime"].as_str()) {
            (Some(days), Some(text)) => {
                let expires = alicert_core::time::parse_iso8601(text).unwrap();
                let expected = if days < 0 {
                    SystemTime::now() - Duration::from_secs(days.unsigned_abs() * 86_400)
                } else {
                    SystemTime::now() + Duration::from_secs(days as u64 * 86_400)
                };
                let distance = match expires.duration_since(expected) {
                    Ok(after) => after,
                    Err(before) => before.duration(),
                };
                assert!(distance < Duration::from_secs(60), "{domain}: {text}");
            }
            (None, _) => {}
            (Some(_), None) => panic!("{domain} has no expiry: {}", answer.text),
        }
    }
}
