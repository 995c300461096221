//! The five stateful operations, keyed by product code and Action: their answers come from the [`Dataset`] in the
//! pages' sample JSON shapes (field names and order, strings where the samples have strings). Routing and the
//! parameter checks the spec describes (`Missing<Name>`, types, valid values) have run before a handler is called
//! (`crate::validate`); a handler makes the checks of its business (a job that exists, a page size in range).

use std::time::SystemTime;

use serde::Serialize;

use crate::dataset::{
    Cert, Dataset, FUTURE_VALUE, VodCertInfo, WORKER_STATUSES, Worker, WorkerCounts, WorkerFilter,
};
use crate::error::{ApiError, quote};
use crate::request::Incoming;

/// A stateful operation: its answer as JSON, from the dataset.
pub(crate) type Handler = fn(&Call<'_>) -> Result<Vec<u8>, ApiError>;

/// The operations whose answers come from the dataset rather than from their spec example, by product code and
/// Action. Routing and parameter checks come from the table; a test (`every_handler_serves_an_operation_of_the_spec`)
/// fails when the spec no longer has an operation listed here.
pub(crate) const HANDLERS: &[(&str, &str, Handler)] = &[
    ("cas", "DescribeDeploymentJob", |call| {
        call.describe_deployment_job()
    }),
    ("cas", "ListDeploymentJobCert", |call| {
        call.list_deployment_job_cert()
    }),
    ("cas", "DescribeDeploymentJobStatus", |call| {
        call.describe_deployment_job_status()
    }),
    ("cas", "ListWorkerResource", |call| {
        call.list_worker_resource()
    }),
    ("vod", "DescribeVodDomainCertificateInfo", |call| {
        call.describe_vod_domain_certificate_info()
    }),
];

/// The stateful handler of `action` of the product `code`, if it has one.
pub(crate) fn handler(code: &str, action: &str) -> Option<Handler> {
    HANDLERS
        .iter()
        .find(|(product, name, _)| *product == code && *name == action)
        .map(|(_, _, handler)| *handler)
}

/// Parameters that belong to the protocol, not to an operation.
const COMMON_PARAMS: [&str; 11] = [
    "Action",
    "Version",
    "Format",
    "AccessKeyId",
    "Signature",
    "SignatureMethod",
    "SignatureVersion",
    "SignatureNonce",
    "Timestamp",
    "SecurityToken",
    "RegionId",
];

/// What an operation needs to answer.
pub(crate) struct Call<'a> {
    pub dataset: &'a Dataset,
    pub incoming: &'a Incoming,
    /// The clock's time (the progressing job moves with it).
    pub now: SystemTime,
    pub request_id: &'a str,
    pub newer_service: bool,
}

impl Call<'_> {
    /// A business parameter; an empty value counts as absent.
    fn param(&self, name: &str) -> Option<&str> {
        debug_assert!(!COMMON_PARAMS.contains(&name));
        self.incoming.param(name).filter(|value| !value.is_empty())
    }

    fn job_id(&self, required: bool) -> Result<Option<i64>, ApiError> {
        let Some(text) = self.param("JobId") else {
            return if required {
                Err(ApiError::missing("JobId"))
            } else {
                Ok(None)
            };
        };
        text.trim().parse::<i64>().map(Some).map_err(|_| {
            ApiError::invalid_parameter(
                "JobId",
                format_args!("{} is not a 64-bit integer", quote(text)),
            )
        })
    }

    fn existing_job(&self) -> Result<i64, ApiError> {
        let id = self.job_id(true)?.unwrap_or_default();
        if self.dataset.has_job(id) {
            Ok(id)
        } else {
            Err(job_not_found(id))
        }
    }

    fn integer(&self, name: &str, default: i64, min: i64, max: i64) -> Result<i64, ApiError> {
        let Some(text) = self.param(name) else {
            return Ok(default);
        };
        let value = text.trim().parse::<i64>().map_err(|_| {
            ApiError::invalid_parameter(name, format_args!("{} is not an integer", quote(text)))
        })?;
        if value < min || value > max {
            let range = if max == i64::MAX {
                format!("at least {min}")
            } else {
                format!("between {min} and {max}")
            };
            return Err(ApiError::invalid_parameter(
                name,
                format_args!("{value} is out of range ({range})"),
            ));
        }
        Ok(value)
    }

    fn json(&self, value: &impl Serialize) -> Result<Vec<u8>, ApiError> {
        serde_json::to_vec(value).map_err(|_| ApiError::internal())
    }

    fn future(&self) -> Option<&'static str> {
        self.newer_service.then_some(FUTURE_VALUE)
    }

    fn describe_deployment_job(&self) -> Result<Vec<u8>, ApiError> {
        let id = self.existing_job()?;
        let view = self
            .dataset
            .job_view(id, self.now, self.request_id, self.newer_service)
            .ok_or_else(|| job_not_found(id))?;
        self.json(&view)
    }

    fn list_deployment_job_cert(&self) -> Result<Vec<u8>, ApiError> {
        #[derive(Serialize)]
        #[serde(rename_all = "PascalCase")]
        struct Answer<'a> {
            data: Vec<Cert>,
            request_id: &'a str,
            #[serde(
                rename = "NewFieldFromTheFuture",
                skip_serializing_if = "Option::is_none"
            )]
            future: Option<&'static str>,
        }
        let id = self.existing_job()?;
        let mut data = self.dataset.job_certs(id).unwrap_or_default().to_vec();
        if self.newer_service {
            for cert in &mut data {
                cert.status_code = "quantumSafe".into();
                cert.future = self.future();
            }
        }
        self.json(&Answer {
            data,
            request_id: self.request_id,
            future: self.future(),
        })
    }

    fn describe_deployment_job_status(&self) -> Result<Vec<u8>, ApiError> {
        #[derive(Serialize)]
        #[serde(rename_all = "PascalCase")]
        struct ProductCount {
            product_name: String,
            count: u64,
        }
        #[derive(Serialize)]
        #[serde(rename_all = "PascalCase")]
        struct Answer<'a> {
            request_id: &'a str,
            resource_count: u64,
            use_count: u64,
            buy_count: u64,
            worker_count: u64,
            match_worker_count: u64,
            success_count: u64,
            failed_count: u64,
            rollback_count: u64,
            rollback_success_count: u64,
            rollback_failed_count: u64,
            cost_count: u64,
            cert_count: u64,
            product_worker_count: Vec<ProductCount>,
            #[serde(
                rename = "NewFieldFromTheFuture",
                skip_serializing_if = "Option::is_none"
            )]
            future: Option<&'static str>,
        }
        let counts = match self.job_id(false)? {
            Some(id) => self
                .dataset
                .counts(id, self.now)
                .ok_or_else(|| job_not_found(id))?,
            None => self.dataset.account_counts(self.now),
        };
        let account = self.dataset.account_counts(self.now);
        let mut product_worker_count: Vec<ProductCount> = counts
            .by_product
            .iter()
            .map(|(product_name, count)| ProductCount {
                product_name: product_name.clone(),
                count: *count,
            })
            .collect();
        if self.newer_service {
            product_worker_count.push(ProductCount {
                product_name: "NewCloudProduct".into(),
                count: 0,
            });
        }
        let rollback = rollback_count(&counts);
        self.json(&Answer {
            request_id: self.request_id,
            resource_count: account.total(),
            use_count: cost_count(&account),
            buy_count: crate::dataset::BUY_COUNT,
            worker_count: counts.total(),
            match_worker_count: counts.total(),
            success_count: counts.status("success"),
            failed_count: counts.status("error"),
            rollback_count: rollback,
            rollback_success_count: counts.status("rollback_success"),
            rollback_failed_count: counts.status("rollback_error"),
            cost_count: cost_count(&counts),
            cert_count: counts.certs,
            product_worker_count,
            future: self.future(),
        })
    }

    fn list_worker_resource(&self) -> Result<Vec<u8>, ApiError> {
        #[derive(Serialize)]
        #[serde(rename_all = "PascalCase")]
        struct Answer<'a> {
            total: u64,
            current_page: i64,
            show_size: i64,
            data: Vec<Worker>,
            request_id: &'a str,
            #[serde(
                rename = "NewFieldFromTheFuture",
                skip_serializing_if = "Option::is_none"
            )]
            future: Option<&'static str>,
        }
        let id = self.existing_job()?;
        let current_page = self.integer("CurrentPage", 1, 1, i64::MAX)?;
        let show_size = self.integer("ShowSize", 50, 1, 1000)?;
        let status = self.param("Status");
        if let Some(status) = status
            && !WORKER_STATUSES.contains(&status)
        {
            return Err(ApiError::invalid_parameter(
                "Status",
                format_args!(
                    "{} is not one of {}",
                    quote(status),
                    WORKER_STATUSES.join(", ")
                ),
            ));
        }
        let filter = WorkerFilter {
            status,
            product: self.param("CloudProduct"),
        };
        // A page far past the end (CurrentPage near i64::MAX) overflows the offset: it is simply empty.
        let offset = (current_page as u64 - 1).saturating_mul(show_size as u64);
        let (total, mut data) = self
            .dataset
            .worker_page(id, &filter, offset, show_size as u64, self.now)
            .ok_or_else(|| job_not_found(id))?;
        if self.newer_service {
            for worker in &mut data {
                worker.status = "paused".into();
                worker.cloud_product = "NewCloudProduct".into();
                worker.future = self.future();
            }
        }
        self.json(&Answer {
            total,
            current_page,
            show_size,
            data,
            request_id: self.request_id,
            future: self.future(),
        })
    }

    fn describe_vod_domain_certificate_info(&self) -> Result<Vec<u8>, ApiError> {
        #[derive(Serialize)]
        #[serde(rename_all = "PascalCase")]
        struct CertInfos {
            cert_info: Vec<VodCertInfo>,
        }
        #[derive(Serialize)]
        #[serde(rename_all = "PascalCase")]
        struct Answer<'a> {
            request_id: &'a str,
            cert_infos: CertInfos,
            #[serde(
                rename = "NewFieldFromTheFuture",
                skip_serializing_if = "Option::is_none"
            )]
            future: Option<&'static str>,
        }
        let domain = self
            .param("DomainName")
            .ok_or_else(|| ApiError::missing("DomainName"))?;
        let mut cert_info = self
            .dataset
            .vod_domain(domain.trim())
            .ok_or_else(|| {
                ApiError::new(
                    404,
                    "InvalidDomain.NotFound",
                    format!(
                        "The domain {} does not exist or does not belong to you.",
                        quote(domain)
                    ),
                )
            })?
            .to_vec();
        if self.newer_service {
            for info in &mut cert_info {
                info.server_certificate_status = "paused".into();
                info.future = self.future();
            }
        }
        self.json(&Answer {
            request_id: self.request_id,
            cert_infos: CertInfos { cert_info },
            future: self.future(),
        })
    }
}

/// Workers in any rollback state.
fn rollback_count(counts: &WorkerCounts) -> u64 {
    counts.status("rollback") + counts.status("rollback_success") + counts.status("rollback_error")
}

/// Resources a job used up: workers that deployed (succeeded, or were deployed and then rolled back).
fn cost_count(counts: &WorkerCounts) -> u64 {
    counts.status("success") + rollback_count(counts)
}

fn job_not_found(id: i64) -> ApiError {
    ApiError::new(
        404,
        "NotFound.DeploymentJob",
        format!("The deployment job {id} does not exist."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{PRODUCTS, Route, route};

    #[test]
    fn every_handler_serves_an_operation_of_the_spec() {
        for (code, action, _) in HANDLERS {
            let product = PRODUCTS
                .iter()
                .find(|product| product.code == *code)
                .unwrap_or_else(|| panic!("a handler serves {code}, which no spec defines"));
            assert!(
                matches!(route(PRODUCTS, product.version, action), Route::Operation(served, _) if served.code == *code),
                "the handler of {code} {action} serves an operation the spec no longer has"
            );
        }
    }
}
