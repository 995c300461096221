//! Every worker of a job, across all pages: `alicert workers 8888 --status error`. The scan walks
//! ListWorkerResource with alicert-api's pager and, on a terminal, shows a progress bar once it has taken long enough
//! to be worth one. It is shared by the `workers` view, `cas list-worker-resource --all` and the demo (which counts
//! 20,000 workers without keeping them).

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use alicert_api::cas;
use alicert_api::cas::types::WorkerResource;
use alicert_api::paginate::{WorkerPage, WorkerQuery};
use futures::TryStreamExt as _;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::failure::Failure;
use crate::human;
use crate::output::Ui;
use crate::style::status_style;
use crate::table::{Cell, Table};

/// A scan shows its bar only after this long: short scans stay quiet.
const BAR_AFTER: Duration = Duration::from_millis(300);

/// What a scan found.
#[derive(Debug, Default)]
pub struct Scan {
    /// `Total` as the last page reported it.
    pub total: Option<i64>,
    /// The workers, when asked to keep them.
    pub workers: Vec<WorkerResource>,
    /// Workers seen.
    pub count: u64,
    /// Pages fetched.
    pub pages: u32,
    /// Workers per status.
    pub by_status: BTreeMap<String, u64>,
    /// Workers per product.
    pub by_product: BTreeMap<String, u64>,
    /// How long it took.
    pub elapsed: Duration,
}

impl Scan {
    /// Adds what another scan found (of another status) to this one; `Total` is known only if both knew theirs
    /// (a scan without pages found none: its total is 0).
    pub fn merge(&mut self, other: Scan) {
        let known = |scan: &Scan| if scan.pages == 0 { Some(0) } else { scan.total };
        self.total = known(self)
            .zip(known(&other))
            .map(|(mine, theirs)| mine + theirs);
        self.workers.extend(other.workers);
        self.count += other.count;
        self.pages += other.pages;
        for (status, count) in other.by_status {
            *self.by_status.entry(status).or_default() += count;
        }
        for (product, count) in other.by_product {
            *self.by_product.entry(product).or_default() += count;
        }
    }

    fn add(&mut self, page: WorkerPage, limit: Option<u64>, keep: bool) -> bool {
        self.pages += 1;
        if page.total.is_some() {
            self.total = page.total;
        }
        for worker in page.workers {
            if limit.is_some_and(|limit| self.count >= limit) {
                return false;
            }
            self.count += 1;
            let status = worker
                .status
                .as_ref()
                .map_or("-", |status| status.as_str())
                .to_owned();
            *self.by_status.entry(status).or_default() += 1;
            let product = worker
                .cloud_product
                .as_ref()
                .map_or("-", |product| product.as_str())
                .to_owned();
            *self.by_product.entry(product).or_default() += 1;
            if keep {
                self.workers.push(worker);
            }
        }
        limit.is_none_or(|limit| self.count < limit)
    }
}

/// Walks every page of `query` (up to `limit` workers), with a progress bar on a terminal.
pub async fn scan(
    ui: &Ui,
    cas: &cas::Client,
    query: WorkerQuery,
    limit: Option<u64>,
    keep: bool,
) -> Result<Scan, Failure> {
    let started = Instant::now();
    let job_id = query.job_id();
    let bar = (ui.progress() == Some(true)).then(|| {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} {prefix} [{bar:30}] {human_pos}/{human_len} workers{msg} · {eta} left",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        bar.set_prefix(format!("job {job_id}"));
        bar
    });
    let mut result = Scan::default();
    let mut pages = std::pin::pin!(cas.worker_pages(query));
    loop {
        let page = match pages.try_next().await {
            Ok(Some(page)) => page,
            Ok(None) => break,
            Err(error) => {
                if let Some(bar) = &bar {
                    bar.finish_and_clear();
                }
                return Err(Failure::Api(error));
            }
        };
        if let Some(bar) = &bar {
            if let Some(total) = page.total.and_then(|total| u64::try_from(total).ok()) {
                bar.set_length(limit.map_or(total, |limit| total.min(limit)));
            }
            if bar.is_hidden() && started.elapsed() >= BAR_AFTER {
                bar.set_draw_target(ProgressDrawTarget::stdout());
            }
        }
        let more = result.add(page, limit, keep);
        if let Some(bar) = &bar {
            bar.set_position(result.count);
            let seconds = started.elapsed().as_secs_f64();
            if seconds > 0.0 {
                bar.set_message(format!(
                    " · {}/s",
                    human::count((result.count as f64 / seconds) as u64)
                ));
            }
        }
        if !more {
            break;
        }
    }
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    result.elapsed = started.elapsed();
    Ok(result)
}

/// Writes `{"Total": N, "Data": [...]}` page by page, so memory stays flat however many workers there are. With
/// several queries (several statuses: the service filters on one at a time) their workers follow one another and
/// `Total` is the sum of theirs, so the first page of each is fetched before anything is written.
pub async fn write_json(
    ui: &Ui,
    cas: &cas::Client,
    queries: Vec<WorkerQuery>,
    limit: Option<u64>,
) -> Result<(), Failure> {
    let mut streams: Vec<_> = queries
        .into_iter()
        .map(|query| Box::pin(cas.worker_pages(query)))
        .collect();
    let mut firsts = Vec::with_capacity(streams.len());
    for stream in &mut streams {
        firsts.push(stream.try_next().await.map_err(Failure::Api)?);
    }
    let totals: Vec<Option<i64>> = firsts
        .iter()
        .map(|page| page.as_ref().map_or(Some(0), |page| page.total))
        .collect();
    let total = totals.iter().copied().sum::<Option<i64>>();
    ui.text(format!(
        "{{\n  \"Total\": {},\n  \"Data\": [",
        totals.iter().map(|total| total.unwrap_or(0)).sum::<i64>()
    ))?;
    let mut count: u64 = 0;
    'queries: for (stream, first) in streams.iter_mut().zip(firsts) {
        let mut next = first;
        while let Some(page) = next {
            for worker in &page.workers {
                if limit.is_some_and(|limit| count >= limit) {
                    break 'queries;
                }
                let text = serde_json::to_string(worker).map_err(|error| {
                    Failure::Internal(format!("could not encode JSON: {error}"))
                })?;
                let separator = if count == 0 { "" } else { "," };
                ui.text(format!("{separator}\n    {text}"))?;
                count += 1;
            }
            next = stream.try_next().await.map_err(Failure::Api)?;
        }
    }
    ui.text(if count == 0 { "]\n}\n" } else { "\n  ]\n}\n" })?;
    if limit.is_none()
        && let Some(total) = total
        && u64::try_from(total).ok() != Some(count)
    {
        ui.note(format!(
            "the service reported Total {total} but {count} workers came back: the list changed while paging"
        ));
    }
    Ok(())
}

/// The workers as a table: the columns an operator looks at first.
pub fn print_table(ui: &Ui, workers: &[WorkerResource]) -> Result<(), Failure> {
    if workers.is_empty() {
        return ui.line("no workers");
    }
    for line in table(workers, 0).render(ui.width()) {
        ui.line(line)?;
    }
    Ok(())
}

/// The table of `workers`, indented by `indent`.
pub fn table(workers: &[WorkerResource], indent: usize) -> Table {
    let mut table = Table::new(&[
        "ID", "Product", "Region", "Resource", "Domain", "Status", "Modified",
    ])
    .right(0)
    .keep(0)
    .keep(5)
    .indent(indent);
    for worker in workers {
        let status = worker.status.as_ref().map_or("-", |status| status.as_str());
        let resource = worker
            .resource_domain
            .clone()
            .or_else(|| worker.instance_id.clone())
            .or_else(|| worker.listener_id.clone())
            .or_else(|| worker.resource_id.map(|id| id.to_string()))
            .unwrap_or_else(|| "-".to_owned());
        let region = worker
            .region_id
            .clone()
            .or_else(|| worker.cloud_region.clone())
            .unwrap_or_else(|| "-".to_owned());
        table.push(vec![
            worker
                .id
                .map_or_else(|| "-".to_owned(), |id| id.to_string())
                .into(),
            worker
                .cloud_product
                .as_ref()
                .map_or("-", |product| product.as_str())
                .into(),
            region.into(),
            resource.into(),
            worker.cert_domain.as_deref().unwrap_or("-").into(),
            Cell::styled(status, status_style(status)),
            human::timestamp(worker.gmt_modified.as_ref()).into(),
        ]);
    }
    table
}
