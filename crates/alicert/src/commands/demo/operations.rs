//! The demo's first step: every operation of every product of the generated table ([`PRODUCTS`]), called through
//! the real clients signed V1 and then V3, and one call with a wrong secret, refused as Alibaba Cloud refuses it.
//! Arguments come from the spec: each required parameter's example, except the ids of the emulator's seeded account
//! (a job, a VOD domain), which the stateful operations need to find something. A new product in the spec shows up
//! here with no edit.

use std::time::Instant;

use alicert_api::catalog::{Arguments, Operation, Product};
use alicert_api::products::PRODUCTS;
use alicert_api::{Credentials, SignatureVersion};
use alicert_emulator::DEFAULT_ACCESS_KEY_ID;
use alicert_emulator::dataset::{SAMPLE_JOB_ID, SAMPLE_VOD_DOMAIN};
use serde_json::Value;

use crate::client::{self, Clients};
use crate::failure::Failure;
use crate::globals::Globals;
use crate::human;
use crate::report;
use crate::style::{self, status_style};
use crate::table::{Cell, Table};

/// The table of step 1: one row per operation and signature, then the refused call.
pub async fn table(
    globals: &Globals,
    url: &str,
    v1: &Clients,
    v3: &Clients,
) -> Result<Table, Failure> {
    let mut table = Table::new(&["Sig", "Operation", "Answer", "RequestId", "Time"])
        .keep(0)
        .right(4)
        .indent(2);
    for (label, clients) in [("V1", v1), ("V3", v3)] {
        for product in PRODUCTS {
            for operation in product.operations {
                let arguments = sample_arguments(operation);
                let started = Instant::now();
                let value = clients
                    .invoke(product, operation.action, &arguments)
                    .await?;
                let elapsed = started.elapsed();
                table.push(vec![
                    label.into(),
                    format!("{} {}", product.code, operation.action).into(),
                    summarize(&value).into(),
                    value
                        .get("RequestId")
                        .and_then(Value::as_str)
                        .unwrap_or("-")
                        .into(),
                    human::duration(elapsed).into(),
                ]);
            }
        }
    }
    // A wrong secret: the emulator re-signs and refuses, as the service does.
    let Some((product, operation)) = first_operation() else {
        return Ok(table);
    };
    let wrong = client::with_credentials(
        globals,
        Credentials::new(DEFAULT_ACCESS_KEY_ID, "not-the-demo-secret"),
        url,
        SignatureVersion::V1,
    )?;
    let started = Instant::now();
    let refused = wrong
        .invoke(product, operation.action, &sample_arguments(operation))
        .await;
    let (answer, request_id) = match &refused {
        Err(Failure::Api(error)) => (
            Cell::styled(
                format!(
                    "wrong secret, refused: {}",
                    error.code().unwrap_or("an error")
                ),
                status_style("error"),
            ),
            error.request_id().unwrap_or("-").to_owned(),
        ),
        Err(other) => (
            Cell::from(format!("refused: {}", report::text(other, None))),
            "-".to_owned(),
        ),
        Ok(_) => (
            Cell::styled("accepted a wrong secret!", style::bad()),
            "-".to_owned(),
        ),
    };
    table.push(vec![
        "V1".into(),
        format!("{} {}", product.code, operation.action).into(),
        answer,
        request_id.into(),
        human::duration(started.elapsed()).into(),
    ]);
    Ok(table)
}

/// The operation the wrong secret is tried on: the table's first.
fn first_operation() -> Option<(&'static Product, &'static Operation)> {
    PRODUCTS.iter().find_map(|product| {
        product
            .operations
            .first()
            .map(|operation| (product, operation))
    })
}

/// Arguments for an operation: the seeded account's job and domain where the operation takes one, the spec's
/// example for every other required parameter (optional ones are left out: the plainest call).
fn sample_arguments(operation: &Operation) -> Arguments {
    let mut arguments = Arguments::new();
    for parameter in operation.parameters {
        let known = match parameter.name {
            "JobId" => Some(SAMPLE_JOB_ID.to_string()),
            "DomainName" => Some(SAMPLE_VOD_DOMAIN.to_owned()),
            _ => None,
        };
        if let Some(value) = known {
            arguments.set(parameter.name, value);
        } else if parameter.required && !parameter.example.is_empty() {
            arguments.set(parameter.name, parameter.example);
        }
    }
    arguments
}

/// One line about an answer, from its JSON alone.
fn summarize(value: &Value) -> String {
    let text = |key: &str| {
        value.get(key).map(|v| match v {
            Value::String(text) => text.clone(),
            Value::Number(n) => n.as_u64().map_or_else(|| n.to_string(), human::count),
            other => other.to_string(),
        })
    };
    if let (Some(name), Some(status)) = (text("Name"), text("Status")) {
        return format!("{name:?}, {status}");
    }
    if let Some(workers) = text("WorkerCount") {
        return format!(
            "{workers} workers: {} succeeded, {} failed",
            text("SuccessCount").unwrap_or_default(),
            text("FailedCount").unwrap_or_default()
        );
    }
    if let Some(Value::Array(data)) = value.get("Data") {
        if let Some(total) = value.get("Total").and_then(Value::as_u64) {
            return format!("{} of {} workers", data.len(), human::count(total));
        }
        let names: Vec<&str> = data
            .iter()
            .filter_map(|item| item.get("CertName").and_then(Value::as_str))
            .collect();
        return format!(
            "{}: {}",
            human::plural(data.len() as u64, "certificate"),
            names.join(", ")
        );
    }
    if let Some(Value::Array(infos)) = value.pointer("/CertInfos/CertInfo")
        && let Some(info) = infos.first()
    {
        let get = |key: &str| info.get(key).and_then(Value::as_str).unwrap_or("-");
        return format!("{} expires {}", get("CertName"), get("CertExpireTime"));
    }
    "ok".to_owned()
}
