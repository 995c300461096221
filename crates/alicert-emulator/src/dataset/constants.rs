//! The dataset's names a client can count on: the jobs' IDs, the sample worker, the VOD domains and their expiry
//! offsets, which the CLI's demo, the tests and the docs use to find the records they describe; and the account's
//! own values (its owner, its quota, the newer service's field) that several answers share.

/// The pages' sample deployment job (status editing, 8 workers by default, the first being sample worker 22487).
pub const SAMPLE_JOB_ID: i64 = 8888;
/// The ID of the ListWorkerResource page's sample worker, the first worker of job 8888.
pub const SAMPLE_WORKER_ID: i64 = 22487;
/// The job whose workers progress with the clock, ending in success or error.
pub const PROCESSING_JOB_ID: i64 = 9001;
/// A job waiting for its schedule.
pub const PENDING_JOB_ID: i64 = 9002;
/// A job being scheduled.
pub const SCHEDULING_JOB_ID: i64 = 9003;
/// A job that succeeded, over 17 products.
pub const SUCCESS_JOB_ID: i64 = 9004;
/// A job that failed for a third of its workers.
pub const ERROR_JOB_ID: i64 = 9005;
/// A job that was rolled back.
pub const ROLLED_BACK_JOB_ID: i64 = 9006;
/// A job still being edited, with no workers.
pub const EMPTY_JOB_ID: i64 = 9007;
/// A multi-cloud job (TencentCDN).
pub const MULTI_CLOUD_JOB_ID: i64 = 9008;
/// Every job in the dataset, in ID order.
pub const JOB_IDS: [i64; 9] = [
    SAMPLE_JOB_ID,
    PROCESSING_JOB_ID,
    PENDING_JOB_ID,
    SCHEDULING_JOB_ID,
    SUCCESS_JOB_ID,
    ERROR_JOB_ID,
    ROLLED_BACK_JOB_ID,
    EMPTY_JOB_ID,
    MULTI_CLOUD_JOB_ID,
];
/// Workers of job 9001.
pub const PROCESSING_JOB_WORKERS: u64 = 40;
/// The DescribeVodDomainCertificateInfo page's sample domain.
pub const SAMPLE_VOD_DOMAIN: &str = "example.com";
/// VOD domains and when their certificate expires relative to the anchor, in days (`None`: the sample's fixed date
/// or no certificate).
pub const VOD_DOMAINS: [(&str, Option<i64>); 7] = [
    (SAMPLE_VOD_DOMAIN, None),
    ("expired.alicert-demo.com", Some(-3)),
    ("week.alicert-demo.com", Some(5)),
    ("month.alicert-demo.com", Some(20)),
    ("far.alicert-demo.com", Some(400)),
    ("free.alicert-demo.com", Some(60)),
    ("off.alicert-demo.com", None),
];

/// The account that owns everything but the sample job (whose sample `UserId` is 0).
pub(crate) const ACCOUNT_USER_ID: i64 = 1_666_884_372_152_785;
/// The account's purchased deployment quota (the DescribeDeploymentJobStatus sample's `BuyCount`).
pub(crate) const BUY_COUNT: u64 = 500;

/// The value of `NewFieldFromTheFuture` in answers of a "newer" service.
pub(crate) const FUTURE_VALUE: &str = "added-by-a-newer-service";
