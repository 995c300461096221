//! The product commands, `alicert <product> <operation> --flag value`, built at run time from the generated table
//! of products ([`PRODUCTS`]): one subcommand per product (its about from the spec's title, version and
//! description), one per operation, one flag per parameter. Names, flags, types, required-ness, examples and help
//! all come from the spec, and each call goes through the product's generated `invoke`, which uses the typed
//! builder: a new operation or a new product in the spec becomes a command with no code here. The one thing added
//! by hand is `--all` where alicert has a pager ([`crate::commands::pager`]). They join the derived command tree as one
//! flattened variant, [`Call`], which implements clap's `Subcommand` by hand: its subcommands come from data, not
//! from Rust types.

use alicert_api::catalog::{Arguments, Operation, Parameter, ParameterKind, Product};
use alicert_api::products::PRODUCTS;
use clap::builder::NonEmptyStringValueParser;
use clap::error::ErrorKind;
use clap::{Arg, ArgAction, ArgMatches, Command};

use crate::commands::pager;
use crate::context::Context;
use crate::exit;
use crate::failure::Failure;
use crate::json_table;

/// The flag `--all` adds to operations a pager can walk.
const ALL: &str = "all";

/// Where the product commands start in `--help`, after the handwritten views.
const DISPLAY_ORDER: usize = 10;

/// `alicert <product> <operation> ...`, parsed: the operation and the arguments given, by wire name.
#[derive(Debug, Clone)]
pub struct Call {
    product: &'static Product,
    operation: &'static Operation,
    arguments: Arguments,
    /// `--all`: walk every page.
    all: bool,
}

impl clap::Subcommand for Call {
    /// One subcommand per product, each with one subcommand per operation.
    fn augment_subcommands(mut command: Command) -> Command {
        for (order, product) in PRODUCTS.iter().enumerate() {
            command =
                command.subcommand(product_command(product).display_order(DISPLAY_ORDER + order));
        }
        command
    }

    fn augment_subcommands_for_update(command: Command) -> Command {
        Self::augment_subcommands(command)
    }

    fn has_subcommand(name: &str) -> bool {
        PRODUCTS.iter().any(|product| product.code == name)
    }
}

impl clap::FromArgMatches for Call {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        // clap requires a product and an operation (`subcommand_required`) and has checked every value's type.
        let missing = |what: &str| clap::Error::raw(ErrorKind::MissingSubcommand, what.to_owned());
        let (name, matches) = matches
            .subcommand()
            .ok_or_else(|| missing("name a product: alicert --help lists them"))?;
        let product = PRODUCTS
            .iter()
            .find(|product| product.code == name)
            .ok_or_else(|| missing(&format!("no product {name}")))?;
        let (command, matches) = matches.subcommand().ok_or_else(|| {
            missing(&format!(
                "name an operation: alicert {name} --help lists them"
            ))
        })?;
        let operation = product
            .operations
            .iter()
            .find(|operation| operation.command == command)
            .ok_or_else(|| missing(&format!("no operation {command} in {name}")))?;
        let all = matches
            .try_get_one::<bool>(ALL)
            .ok()
            .flatten()
            .copied()
            .unwrap_or(false);
        Ok(Call {
            product,
            operation,
            arguments: arguments(operation, matches)?,
            all,
        })
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

fn product_command(product: &Product) -> Command {
    let mut about = format!("{} ({}, {})", product.title, product.code, product.version);
    if let Some(region) = product.endpoints.default_region {
        about.push_str(&format!(
            ": asked in {region} unless --region says otherwise"
        ));
    }
    let description = paragraphs(product.description);
    let long_about = if description.is_empty() {
        about.clone()
    } else {
        format!("{about}\n\n{description}")
    };
    let mut command = Command::new(product.code)
        .about(about)
        .long_about(long_about)
        .subcommand_required(true)
        .arg_required_else_help(true);
    for operation in product.operations {
        command = command.subcommand(operation_command(product, operation));
    }
    command
}

fn operation_command(product: &Product, operation: &Operation) -> Command {
    let mut command = Command::new(operation.command)
        .about(operation.summary)
        .long_about(format!(
            "{}\n\nAction {} · JSON output (-o json) is the response body with the API's field names.",
            operation.description, operation.action
        ));
    for parameter in operation.parameters {
        command = command.arg(parameter_arg(parameter));
    }
    if pager::pageable(product, operation) {
        let mut all = Arg::new(ALL)
            .long(ALL)
            .action(ArgAction::SetTrue)
            .help("Walk every page and print one object, {\"Total\": N, \"Data\": [...]}")
            .long_help(
                "Walk every page (the page size is --show-size, default 50) and print one object, {\"Total\": N, \
                 \"Data\": [...]}, with every entry; a table with -o table.",
            );
        if let Some(current) = parameter_named(operation, pager::PAGE_NUMBER) {
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
    if !parameter.example.is_empty() {
        long_help.push_str(&format!("\n\nExample: {}", parameter.example));
    }
    let mut short_help = first_sentence(description);
    if !parameter.values.is_empty() {
        short_help.push_str(&format!(" [known: {}]", parameter.values.join(", ")));
    }
    match parameter.kind {
        ParameterKind::List => long_help.push_str(
            "\n\nA list: repeat the flag once per item, in order (sent as the RPC list Name.1, Name.2, ...).",
        ),
        ParameterKind::Json => {
            long_help.push_str("\n\nGiven as JSON text, e.g. '[{\"Key\":\"k\",\"Value\":\"v\"}]'.")
        }
        _ => {}
    }
    let arg = Arg::new(parameter.flag)
        .long(parameter.flag)
        .value_name(value_name(parameter.flag))
        .required(parameter.required)
        .help(short_help)
        .long_help(long_help);
    let (arg, kind) = match parameter.kind {
        ParameterKind::List => (
            arg.action(ArgAction::Append),
            parameter.items.unwrap_or(ParameterKind::String),
        ),
        kind => (arg.action(ArgAction::Set), kind),
    };
    match kind {
        ParameterKind::Int64 => arg.value_parser(clap::value_parser!(i64)),
        ParameterKind::Int32 => arg.value_parser(clap::value_parser!(i32)),
        ParameterKind::Boolean => arg.value_parser(clap::value_parser!(bool)),
        ParameterKind::Number => arg.value_parser(finite_number),
        _ => arg.value_parser(NonEmptyStringValueParser::new()),
    }
}

/// A finite number, as `--ratio 0.5` takes it.
fn finite_number(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(number) if number.is_finite() => Ok(number),
        _ => Err(format!("`{text}` is not a number")),
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

/// A spec's text as paragraphs for clap to wrap: lines joined, blank lines kept as paragraph breaks.
fn paragraphs(text: &str) -> String {
    text.split("\n\n")
        .map(|paragraph| paragraph.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|paragraph| !paragraph.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Runs `alicert <product> <operation> ...`.
pub async fn run(context: &Context, call: &Call) -> Result<u8, Failure> {
    let ui = &context.ui;
    let clients = context.clients().await?;
    if call.all {
        return pager::all_pages(ui, clients, call.operation, &call.arguments).await;
    }
    let value = clients
        .invoke(call.product, call.operation.action, &call.arguments)
        .await?;
    if ui.json() {
        ui.json_value(&value)?;
    } else {
        json_table::print(ui, &value)?;
    }
    Ok(exit::OK)
}

/// The arguments given, by wire name, as the text typed (clap has already checked each value's type); a list's
/// repeated values as one JSON array.
fn arguments(operation: &Operation, matches: &ArgMatches) -> Result<Arguments, clap::Error> {
    let mut arguments = Arguments::new();
    for parameter in operation.parameters {
        let Some(raw) = matches.try_get_raw(parameter.flag).ok().flatten() else {
            continue;
        };
        let mut texts = Vec::new();
        for value in raw {
            texts.push(value.to_str().ok_or_else(|| {
                clap::Error::raw(
                    ErrorKind::InvalidUtf8,
                    format!("--{} must be valid UTF-8", parameter.flag),
                )
            })?);
        }
        if parameter.kind == ParameterKind::List {
            arguments.set(parameter.name, json_list(parameter, &texts));
        } else if let Some(text) = texts.first() {
            arguments.set(parameter.name, *text);
        }
    }
    Ok(arguments)
}

/// A list's values as a JSON array: numbers and booleans as such (clap has parsed them), the rest as strings.
fn json_list(parameter: &Parameter, texts: &[&str]) -> String {
    let items: Vec<serde_json::Value> = texts
        .iter()
        .map(|text| match parameter.items {
            Some(ParameterKind::Int64 | ParameterKind::Int32 | ParameterKind::Number) => {
                serde_json::from_str::<serde_json::Number>(text.trim()).map_or_else(
                    |_| serde_json::Value::from(*text),
                    serde_json::Value::Number,
                )
            }
            Some(ParameterKind::Boolean) => text
                .trim()
                .parse::<bool>()
                .map_or_else(|_| serde_json::Value::from(*text), serde_json::Value::Bool),
            _ => serde_json::Value::from(*text),
        })
        .collect();
    serde_json::Value::Array(items).to_string()
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
        assert_eq!(paragraphs("one\ntwo\n\n three \n"), "one two\n\nthree");
    }

    #[test]
    fn every_product_and_operation_has_a_command_with_its_flags() {
        let tree = <Call as clap::Subcommand>::augment_subcommands(Command::new("alicert"));
        for product in PRODUCTS {
            let command = tree
                .find_subcommand(product.code)
                .expect("a product command");
            assert!(command.get_about().is_some());
            for operation in product.operations {
                let sub = command
                    .find_subcommand(operation.command)
                    .expect("an operation command");
                assert!(sub.get_about().is_some());
                let flags: Vec<_> = sub
                    .get_arguments()
                    .filter_map(|arg| arg.get_long())
                    .collect();
                for parameter in operation.parameters {
                    assert!(
                        flags.contains(&parameter.flag),
                        "{} in {flags:?}",
                        parameter.flag
                    );
                }
                assert_eq!(
                    flags.contains(&ALL),
                    pager::pageable(product, operation),
                    "--all on {}",
                    operation.action
                );
            }
        }
    }
}
