//! Every worker of a deployment job, across all pages of ListWorkerResource, as a [`futures::Stream`]: one of
//! workers ([`cas::Client::workers`]) and one of pages ([`cas::Client::worker_pages`]). Nothing is collected: the
//! stream holds the page being handed out, plus at most [`WorkerQuery::prefetch`] pages fetched ahead.
//!
//! ListWorkerResource pages by offset (`CurrentPage`, `ShowSize`) and reports `Total`. The stream stops
//! - at the end: once the workers seen reach `Total` (no extra request for an empty page after the last one);
//! - on a short page (fewer workers than the page size the service says it used) or an empty one;
//! - when `Total` changes midway: the latest `Total` is the bound from then on, so a shrinking listing stops where it
//!   now ends and a growing one goes on to its new end (offset paging over a changing listing can skip or repeat
//!   workers; the change is logged at `warn` and every page reports the `Total` it was served with);
//! - after the first error, which it yields.
//!
//! ```no_run
//! # async fn run(cas: &alicert_api::cas::Client) -> Result<(), alicert_api::Error> {
//! use alicert_api::paginate::WorkerQuery;
//! use futures::TryStreamExt as _;
//!
//! let query = WorkerQuery::new(8888).page_size(100).prefetch(4);
//! let mut workers = std::pin::pin!(cas.workers(query));
//! while let Some(worker) = workers.try_next().await? {
//!     println!("{:?} {:?}", worker.id, worker.status);
//! }
//! # Ok(())
//! # }
//! ```

use futures::stream::{self, BoxStream, StreamExt as _, TryStreamExt as _};
use futures::{Stream, future::BoxFuture};

use crate::Error;
use crate::cas;
use crate::cas::types::{ListWorkerResourceResponse, WorkerResource, WorkerStatus};

/// The page size the service uses when none is given (the page's documented default).
pub const DEFAULT_PAGE_SIZE: u32 = 50;

/// Which workers to list and how to page through them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkerQuery {
    job_id: i64,
    status: Option<WorkerStatus>,
    cloud_product: Option<String>,
    page_size: u32,
    prefetch: usize,
}

impl WorkerQuery {
    /// Every worker of deployment job `job_id`, [`DEFAULT_PAGE_SIZE`] per page, one page at a time.
    pub fn new(job_id: i64) -> Self {
        Self {
            job_id,
            status: None,
            cloud_product: None,
            page_size: DEFAULT_PAGE_SIZE,
            prefetch: 1,
        }
    }

    /// Only workers in this status (`Status`).
    pub fn status(mut self, status: WorkerStatus) -> Self {
        self.status = Some(status);
        self
    }

    /// Only workers of this cloud product (`CloudProduct`, e.g. `SLB`, `CDN`).
    pub fn cloud_product(mut self, product: impl Into<String>) -> Self {
        self.cloud_product = Some(product.into());
        self
    }

    /// Workers per request (`ShowSize`); at least 1, at most `i32::MAX`.
    pub fn page_size(mut self, size: u32) -> Self {
        self.page_size = size.clamp(1, i32::MAX as u32);
        self
    }

    /// How many pages may be in flight at once once the first page has told `Total` (default 1: one request at a
    /// time). Pages still come out in order; at most this many are held besides the one being handed out.
    pub fn prefetch(mut self, pages: usize) -> Self {
        self.prefetch = pages.max(1);
        self
    }

    /// The job.
    pub fn job_id(&self) -> i64 {
        self.job_id
    }

    /// The page size asked for.
    pub fn requested_page_size(&self) -> u32 {
        self.page_size
    }

    /// The number of pages that may be in flight at once.
    pub fn prefetch_pages(&self) -> usize {
        self.prefetch
    }
}

/// One page of workers, as the service served it.
#[derive(Clone, Debug, PartialEq)]
pub struct WorkerPage {
    /// The page number asked for (`CurrentPage`, from 1).
    pub number: u32,
    /// `Total` as this page reported it: the number of workers matching the filters when it was served.
    pub total: Option<i64>,
    /// The workers on this page, in the service's order.
    pub workers: Vec<WorkerResource>,
    /// The `RequestId` of the call that served it.
    pub request_id: Option<String>,
}

/// Why a listing ended, as [`Tracker::after_page`] decides it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    /// Hand the page out and ask for the next.
    Continue,
    /// Hand the page out; it was the last.
    Last,
    /// Nothing on this page: end without handing it out.
    Empty,
}

/// The stopping rules, apart from any I/O so they can be checked on their own.
#[derive(Clone, Debug)]
struct Tracker {
    /// The page size the service is taken to use: the one asked for, or the smaller one it says it used.
    page_size: u64,
    seen: u64,
    total: Option<i64>,
}

impl Tracker {
    fn new(page_size: u32) -> Self {
        Self {
            page_size: u64::from(page_size),
            seen: 0,
            total: None,
        }
    }

    /// Accounts for a page of `len` workers that reported `total` and `show_size`.
    fn after_page(&mut self, len: usize, total: Option<i64>, show_size: Option<i32>) -> Step {
        // A service that caps the page size says so in ShowSize; a page of that size is then a full page.
        if let Some(served) = show_size.and_then(|size| u64::try_from(size).ok())
            && served > 0
            && served < self.page_size
        {
            self.page_size = served;
        }
        if let (Some(before), Some(now)) = (self.total, total)
            && before != now
        {
            tracing::warn!(
                before,
                now,
                "ListWorkerResource Total changed while paging; workers may be skipped or repeated"
            );
        }
        if total.is_some() {
            self.total = total;
        }
        if len == 0 {
            return Step::Empty;
        }
        self.seen += len as u64;
        if (len as u64) < self.page_size {
            return Step::Last;
        }
        match self.total {
            Some(total) if self.seen >= total.max(0) as u64 => Step::Last,
            _ => Step::Continue,
        }
    }

    /// The last page number, once `Total` is known.
    fn last_page(&self) -> Option<u32> {
        let total = u64::try_from(self.total?).ok()?;
        u32::try_from(total.div_ceil(self.page_size)).ok()
    }
}

type PageResult = Result<ListWorkerResourceResponse, Error>;

fn fetch<'a>(client: &'a cas::Client, query: &WorkerQuery, page: u32) -> BoxFuture<'a, PageResult> {
    let mut request = client
        .list_worker_resource()
        .job_id(query.job_id)
        .current_page(page.min(i32::MAX as u32) as i32)
        .show_size(query.page_size as i32);
    if let Some(status) = &query.status {
        request = request.status(status.clone());
    }
    if let Some(product) = &query.cloud_product {
        request = request.cloud_product(product.clone());
    }
    Box::pin(async move {
        let response = request.send().await?.into_inner();
        if let Some(served) = response.current_page
            && i64::from(served) != i64::from(page)
        {
            return Err(Error::decode(
                200,
                "$.CurrentPage".to_owned(),
                format!(
                    "ListWorkerResource asked for page {page} and was served page {served}; refusing to page on"
                ),
                String::new(),
            )
            .with_operation("cas", "ListWorkerResource"));
        }
        Ok(response)
    })
}

struct State<'a> {
    client: &'a cas::Client,
    query: WorkerQuery,
    tracker: Tracker,
    /// The next page number to ask for when nothing is prefetched.
    next: u32,
    /// Pages being fetched ahead, in order, with their numbers.
    ahead: Option<BoxStream<'a, (u32, PageResult)>>,
    done: bool,
}

impl<'a> State<'a> {
    async fn next_response(&mut self) -> (u32, PageResult) {
        if let Some(ahead) = &mut self.ahead {
            if let Some(item) = ahead.next().await {
                return item;
            }
            self.ahead = None;
        }
        let number = self.next;
        self.next = self.next.saturating_add(1);
        (number, fetch(self.client, &self.query, number).await)
    }

    /// After the first page: fetch the rest up to the last page `Total` implies, `prefetch` at a time.
    fn start_prefetch(&mut self) {
        if self.query.prefetch <= 1 || self.ahead.is_some() {
            return;
        }
        let Some(last) = self.tracker.last_page() else {
            return;
        };
        if last < self.next {
            return;
        }
        let first = self.next;
        self.next = last.saturating_add(1);
        let client = self.client;
        let query = self.query.clone();
        let pages = stream::iter(first..=last)
            .map(move |number| {
                let page = fetch(client, &query, number);
                async move { (number, page.await) }
            })
            .buffered(self.query.prefetch);
        self.ahead = Some(pages.boxed());
    }
}

impl cas::Client {
    /// Every page of ListWorkerResource for `query`, in order, until the last (see the [module](crate::paginate)
    /// for when it stops). Empty pages are never handed out. The first error ends the stream.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use alicert_emulator::{DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, Emulator, EmulatorConfig};
    /// # let emulator = Emulator::spawn(EmulatorConfig::new().with_workers(250)).await?;
    /// # let config = alicert_api::Config::builder()
    /// #     .endpoint(emulator.url())
    /// #     .credentials(alicert_api::Credentials::new(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET))
    /// #     .build()?;
    /// # let cas = alicert_api::cas::Client::from_config(&config)?;
    /// use alicert_api::paginate::WorkerQuery;
    /// use futures::TryStreamExt as _;
    ///
    /// // `cas` calls an emulator here, whose job 8888 has 250 workers.
    /// let sizes: Vec<usize> = cas
    ///     .worker_pages(WorkerQuery::new(8888).page_size(100))
    ///     .map_ok(|page| page.workers.len())
    ///     .try_collect()
    ///     .await?;
    /// assert_eq!(sizes, [100, 100, 50]);
    /// # Ok(()) }
    /// ```
    pub fn worker_pages(
        &self,
        query: WorkerQuery,
    ) -> impl Stream<Item = Result<WorkerPage, Error>> + Send + '_ {
        let state = State {
            client: self,
            tracker: Tracker::new(query.page_size),
            query,
            next: 1,
            ahead: None,
            done: false,
        };
        stream::unfold(state, |mut state| async move {
            if state.done {
                return None;
            }
            let (number, result) = state.next_response().await;
            let response = match result {
                Ok(response) => response,
                Err(error) => {
                    state.done = true;
                    state.ahead = None;
                    return Some((Err(error), state));
                }
            };
            let step =
                state
                    .tracker
                    .after_page(response.data.len(), response.total, response.show_size);
            match step {
                Step::Empty => return None,
                Step::Last => {
                    state.done = true;
                    // Pages still in flight belong to a listing that has ended: cancel them.
                    state.ahead = None;
                }
                Step::Continue => {
                    if number == 1 {
                        state.start_prefetch();
                    }
                }
            }
            let page = WorkerPage {
                number,
                total: response.total,
                workers: response.data,
                request_id: response.request_id,
            };
            Some((Ok(page), state))
        })
    }

    /// Every worker matching `query`, across all pages, in the service's order; the same stopping rules as
    /// [`worker_pages`](Self::worker_pages), of which this is the flattening.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use alicert_emulator::{DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, Emulator, EmulatorConfig};
    /// # let emulator = Emulator::spawn(EmulatorConfig::new().with_workers(250)).await?;
    /// # let config = alicert_api::Config::builder()
    /// #     .endpoint(emulator.url())
    /// #     .credentials(alicert_api::Credentials::new(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET))
    /// #     .build()?;
    /// # let cas = alicert_api::cas::Client::from_config(&config)?;
    /// use alicert_api::cas::types::WorkerStatus;
    /// use alicert_api::paginate::WorkerQuery;
    /// use futures::TryStreamExt as _;
    ///
    /// // `cas` calls an emulator here, whose job 8888 has 250 workers. The filter is the service's: only the
    /// // workers in error travel, four pages at a time.
    /// let query = WorkerQuery::new(8888).status(WorkerStatus::Error).page_size(10).prefetch(4);
    /// let failed: Vec<_> = cas.workers(query).try_collect().await?;
    /// assert!(!failed.is_empty());
    /// assert!(failed.iter().all(|worker| worker.status == Some(WorkerStatus::Error)));
    /// # Ok(()) }
    /// ```
    pub fn workers(
        &self,
        query: WorkerQuery,
    ) -> impl Stream<Item = Result<WorkerResource, Error>> + Send + '_ {
        self.worker_pages(query)
            .map_ok(|page| stream::iter(page.workers.into_iter().map(Ok)))
            .try_flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stops_at_the_end_without_asking_for_an_empty_page() {
        let mut tracker = Tracker::new(10);
        assert_eq!(tracker.after_page(10, Some(20), Some(10)), Step::Continue);
        assert_eq!(tracker.last_page(), Some(2));
        assert_eq!(tracker.after_page(10, Some(20), Some(10)), Step::Last);
    }

    #[test]
    fn stops_on_a_short_or_empty_page() {
        let mut tracker = Tracker::new(10);
        assert_eq!(tracker.after_page(10, None, None), Step::Continue);
        assert_eq!(tracker.after_page(3, None, None), Step::Last);
        let mut tracker = Tracker::new(10);
        assert_eq!(tracker.after_page(10, None, None), Step::Continue);
        assert_eq!(tracker.after_page(0, None, None), Step::Empty);
    }

    #[test]
    fn a_changed_total_becomes_the_bound() {
        let mut shrinking = Tracker::new(10);
        assert_eq!(shrinking.after_page(10, Some(50), None), Step::Continue);
        assert_eq!(shrinking.after_page(10, Some(15), None), Step::Last);
        let mut growing = Tracker::new(10);
        assert_eq!(growing.after_page(10, Some(20), None), Step::Continue);
        assert_eq!(growing.after_page(10, Some(40), None), Step::Continue);
        assert_eq!(growing.last_page(), Some(4));
    }

    #[test]
    fn a_capped_page_size_is_not_a_short_page() {
        let mut tracker = Tracker::new(5000);
        assert_eq!(
            tracker.after_page(1000, Some(2500), Some(1000)),
            Step::Continue
        );
        assert_eq!(tracker.last_page(), Some(3));
        assert_eq!(
            tracker.after_page(1000, Some(2500), Some(1000)),
            Step::Continue
        );
        assert_eq!(tracker.after_page(500, Some(2500), Some(1000)), Step::Last);
    }

    #[test]
    fn odd_totals_do_not_panic() {
        let mut tracker = Tracker::new(1);
        assert_eq!(tracker.after_page(1, Some(-5), Some(-1)), Step::Last);
        assert_eq!(tracker.last_page(), None);
        let mut tracker = Tracker::new(1);
        assert_eq!(
            tracker.after_page(1, Some(i64::MAX), Some(0)),
            Step::Continue
        );
        assert_eq!(tracker.last_page(), None);
    }
}
