//! The operation commands, `alicert cas describe-deployment-job --job-id 8888` and the rest, built at run time from
//! the operation catalogs the generator emits beside each client (`cas::operations::OPERATIONS`). Names, flags,
//! types, required-ness and help all come from the spec, and each call goes through the generated `invoke`, which
//! uses the typed builder: a new operation in the spec becomes a command with no code here. The one thing added by
//! hand is `--all` where a pager exists (ListWorkerResource), which walks every page.

use alicert_api::catalog::{Arguments, Operation, Parameter, ParameterKind};
use alicert_api::paginate::WorkerQuery;
use alicert_api::{Error, cas, vod};
use clap::builder::NonEmptyStringValueParser;
use clap::{Arg, ArgAction, ArgMatches, Command};

use crate::client::Clients;
use crate::errors::Failure;
use crate::json_table;
use crate::output::Ui;
use crate::views::workers::{print_table, scan, write_json};

/// One product's catalog.
struct Product {
    name: &'static str,
    about: &'static str,
    operations: &'static [Operation],
}

const PRODUCTS: [Product; 2] = [
    Product {
        name: "cas",
        about: "Certificate Management Service (cas, 2020-04-07): deployment jobs, their certificates, counts and \
                workers",
        operations: cas::operations::OPERATIONS,
    },
    Product {
        name: "vod",
        about: "ApsaraVideo VOD (vod, 2017-03-21): the certificate on an accelerated domain (asked in \
                cn-shanghai unless --region says otherwise)",
        operations: vod::operations::OPERATIONS,
    },
];

/// The flag `--all` adds to operations a pager can walk.
const ALL: &str = "all";

/// Whether alicert has a pager for `action` (`--all`).
fn pageable(action: &str) -> bool {
    action == "ListWorkerResource"
}

/// One subcommand per product, each with one subcommand per operation.
pub fn commands() -> Vec<Command> {
    PRODUCTS.iter().map(product_command).collect()
}

fn product_command(product: &Product) -> Command {
    let mut command = Command::new(product.name)
        .about(product.about)
        .subcommand_required(true)
        .arg_required_else_help(true);
    for operation in product.operations {
        command = command.subcommand(operation_command(operation));
    }
    command
}

fn operation_command(operation: &Operation) -> Command {
    let mut command = Command::new(operation.command)
        .about(operation.summary)
        .long_about(format!(
            "{}\n\nAction {} · JSON output (-o json) is the response body with the API's field names.",
            operation.description, operation.action
        ));
    for parameter in operation.parameters {
        command = command.arg(parameter_arg(parameter));
    }
    if pageable(operation.action) {
        let mut all = Arg::new(ALL)
            .long(ALL)
            .action(ArgAction::SetTrue)
            .help("Walk every page and print one object, {\"Total\": N, \"Data\": [...]}")
            .long_help(
                "Walk every page (the page size is --show-size, default 50) and print one object, {\"Total\": N, \
                 \"Data\": [...]}, with every entry; a table with -o table.",
            );
        if let Some(current) = parameter_named(operation, "CurrentPage") {
            all = all.conflicts_with(current.flag);
        }
        command = command.arg(all);
    }
    command
}

fn parameter_arg(parameter: &Parameter) -> Arg {
    // The catalog lifts a page's value list out of the description, which may end with its lead-in.
    let description = parameter.description.trim();
    let description = description
        .strip_suffix("Valid values:")
        .unwrap_or(description)
        .trim_end();
    let mut long_help = description.to_owned();
    if !parameter.values.is_empty() {
        long_help.push_str(&format!(
            "\n\nValid values: {} (the list is open: others are sent as given).",
            parameter.values.join(", ")
        ));
    }
    let mut short_help = first_sentence(description);
    if !parameter.values.is_empty() {
        short_help.push_str(&format!(" [known: {}]", parameter.values.join(", ")));
    }
    let arg = Arg::new(parameter.flag)
        .long(parameter.flag)
        .value_name(value_name(parameter.flag))
        .required(parameter.required)
        .action(ArgAction::Set)
        .help(short_help)
        .long_help(long_help);
    match parameter.kind {
        ParameterKind::Int64 => arg.value_parser(clap::value_parser!(i64)),
        ParameterKind::Int32 => arg.value_parser(clap::value_parser!(i32)),
        ParameterKind::Boolean => arg.value_parser(clap::value_parser!(bool)),
        _ => arg.value_parser(NonEmptyStringValueParser::new()),
    }
}

fn parameter_named<'a>(operation: &'a Operation, name: &str) -> Option<&'a Parameter> {
    operation
        .parameters
        .iter()
        .find(|parameter| parameter.name == name)
}

/// `job-id` as `JOB_ID`.
fn value_name(flag: &str) -> String {
    flag.to_ascii_uppercase().replace('-', "_")
}

/// The first sentence of a description, for the short help.
fn first_sentence(text: &str) -> String {
    let text = text.trim();
    let end = text
        .find(". ")
        .map(|index| index + 1)
        .or_else(|| text.find('\n'))
        .unwrap_or(text.len());
    text[..end].trim().trim_end_matches(':').to_owned()
}

/// Runs `alicert <product> <operation> ...`.
pub async fn run(
    ui: &Ui,
    product_name: &str,
    matches: &ArgMatches,
    connect: impl Future<Output = Result<Clients, Failure>>,
) -> Result<u8, Failure> {
    let Some(product) = PRODUCTS.iter().find(|product| product.name == product_name) else {
        return Err(Failure::Usage(format!("no product {product_name}")));
    };
    let Some((command, matches)) = matches.subcommand() else {
        return Err(Failure::Usage(format!(
            "name an operation: alicert {product_name} --help lists them"
        )));
    };
    let Some(operation) = product
        .operations
        .iter()
        .find(|operation| operation.command == command)
    else {
        return Err(Failure::Usage(format!(
            "no operation {command} in {product_name}"
        )));
    };
    let arguments = arguments(operation, matches)?;
    let all = matches
        .try_get_one::<bool>(ALL)
        .ok()
        .flatten()
        .copied()
        .unwrap_or(false);
    let clients = connect.await?;
    if all {
        return all_pages(ui, &clients, operation, &arguments).await;
    }
    let value = invoke(&clients, product.name, operation.action, &arguments).await?;
    if ui.json() {
        ui.json_value(&value)?;
    } else {
        json_table::print(ui, &value)?;
    }
    Ok(crate::exit::OK)
}

/// Calls `action` of `product` through the generated typed `invoke`.
pub async fn invoke(
    clients: &Clients,
    product: &str,
    action: &str,
    arguments: &Arguments,
) -> Result<serde_json::Value, Failure> {
    let result = match product {
        "cas" => cas::operations::invoke(&clients.cas, action, arguments).await,
        "vod" => vod::operations::invoke(&clients.vod, action, arguments).await,
        other => Err(Error::invalid_request(format!("no product {other}"))),
    };
    result.map_err(|error| Failure::Api(error.with_operation(product, action)))
}

/// The arguments given, by wire name, as the text typed (clap has already checked each value's type).
fn arguments(operation: &Operation, matches: &ArgMatches) -> Result<Arguments, Failure> {
    let mut arguments = Arguments::new();
    for parameter in operation.parameters {
        let raw = matches
            .try_get_raw(parameter.flag)
            .ok()
            .flatten()
            .and_then(|mut values| values.next());
        if let Some(raw) = raw {
            let text = raw.to_str().ok_or_else(|| {
                Failure::Usage(format!("--{} must be valid UTF-8", parameter.flag))
            })?;
            arguments.set(parameter.name, text);
        }
    }
    Ok(arguments)
}

/// `--all`: every page, as `{"Total": N, "Data": [...]}` (streamed in JSON mode, so memory stays flat).
async fn all_pages(
    ui: &Ui,
    clients: &Clients,
    operation: &Operation,
    arguments: &Arguments,
) -> Result<u8, Failure> {
    let bad = |error: Error| Failure::Api(error.with_operation("cas", operation.action));
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
    if ui.json() {
        write_json(ui, clients, vec![query], None).await?;
        return Ok(crate::exit::OK);
    }
    // For people, every worker in the workers view's columns (23 fields a worker do not fit a terminal).
    let scan = scan(ui, clients, query, None, true).await?;
    print_table(ui, &scan.workers)?;
    ui.line(format!(
        "Total {}: {} in {}",
        scan.total
            .map_or_else(|| "-".to_owned(), crate::human::signed),
        crate::human::plural(scan.count, "worker"),
        crate::human::plural(u64::from(scan.pages), "page")
    ))?;
    Ok(crate::exit::OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_and_names() {
        assert_eq!(first_sentence("The ID. More."), "The ID.");
        assert_eq!(
            first_sentence("The status.\n\nValid values:"),
            "The status."
        );
        assert_eq!(first_sentence("Valid values:"), "Valid values");
        assert_eq!(first_sentence(""), "");
        assert_eq!(value_name("job-id"), "JOB_ID");
    }

    #[test]
    fn every_operation_has_a_command_with_its_flags() {
        for product in commands() {
            for operation in product.get_subcommands() {
                assert!(operation.get_about().is_some());
            }
        }
        let cas = product_command(&PRODUCTS[0]);
        let list = cas.find_subcommand("list-worker-resource").unwrap();
        let flags: Vec<_> = list
            .get_arguments()
            .filter_map(|arg| arg.get_long())
            .collect();
        for flag in [
            "job-id",
            "status",
            "cloud-product",
            "current-page",
            "show-size",
            "all",
        ] {
            assert!(flags.contains(&flag), "{flag} in {flags:?}");
        }
    }
}
