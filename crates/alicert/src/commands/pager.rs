//! `--all` on the one operation alicert has a pager for, ListWorkerResource (CurrentPage/ShowSize paging is not
//! something the spec can describe): every page, as one object `{"Total": N, "Data": [...]}`, streamed in JSON
//! mode so that memory stays flat, or every worker in the workers view's columns for people.

use alicert_api::catalog::{Arguments, Operation, Product};
use alicert_api::paginate::WorkerQuery;
use alicert_api::{Error, cas};

use crate::client::Clients;
use crate::exit;
use crate::failure::Failure;
use crate::human;
use crate::output::Ui;
use crate::views::workers::{print_table, scan, write_json};

/// The product and the Action the pager walks.
const PAGED: (&str, &str) = ("cas", "ListWorkerResource");

/// The wire name of the page number, which `--all` replaces.
pub const PAGE_NUMBER: &str = "CurrentPage";

/// Whether alicert has a pager for `operation` of `product`.
pub fn pageable(product: &Product, operation: &Operation) -> bool {
    (product.code, operation.action) == PAGED
}

/// Every page of the call, printed.
pub async fn all_pages(
    ui: &Ui,
    clients: &Clients,
    operation: &Operation,
    arguments: &Arguments,
) -> Result<u8, Failure> {
    let bad = |error: Error| Failure::Api(error.with_operation(PAGED.0, operation.action));
    let job_id = arguments
        .int64("JobId")
        .map_err(bad)?
        .ok_or_else(|| Failure::Usage("--job-id is required".to_owned()))?;
    let mut query = WorkerQuery::new(job_id);
    if let Some(size) = arguments.int32("ShowSize").map_err(bad)? {
        let size = u32::try_from(size)
            .ok()
            .filter(|size| *size > 0)
            .ok_or_else(|| Failure::Usage(format!("--show-size must be at least 1, not {size}")))?;
        query = query.page_size(size);
    }
    if let Some(status) = arguments.string("Status").map_err(bad)? {
        query = query.status(status.into());
    }
    if let Some(product) = arguments.string("CloudProduct").map_err(bad)? {
        query = query.cloud_product(product);
    }
    let cas = clients.client(PAGED.0, cas::Client::from_config)?;
    if ui.json() {
        write_json(ui, &cas, vec![query], None).await?;
        return Ok(exit::OK);
    }
    // For people, every worker in the workers view's columns (23 fields a worker do not fit a terminal).
    let scan = scan(ui, &cas, query, None, true).await?;
    print_table(ui, &scan.workers)?;
    ui.line(format!(
        "Total {}: {} in {}",
        scan.total.map_or_else(|| "-".to_owned(), human::signed),
        human::plural(scan.count, "worker"),
        human::plural(u64::from(scan.pages), "page")
    ))?;
    Ok(exit::OK)
}
