//! The shapes of the generated table of products ([`crate::products::PRODUCTS`]) and of the operation catalog each
//! product carries (`cas::operations::OPERATIONS`), and the text arguments `invoke` reads. Tools derive their
//! commands from the table, so a new operation or product in the spec reaches them without handwritten code;
//! `invoke` still goes through the typed builder, so a value of the wrong type is refused before anything is sent.

use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;

use alicert_core::endpoint::EndpointRule;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::{Config, Error};

/// A call in flight through [`Product::invoke`]: the response body as JSON with the API's field names.
pub type Invocation<'a> =
    Pin<Box<dyn Future<Output = Result<serde_json::Value, Error>> + Send + 'a>>;

/// One product of the specs: one entry of [`crate::products::PRODUCTS`].
#[derive(Clone, Copy)]
pub struct Product {
    /// The product code (`cas`): the module, the CLI command, the first label of its hosts.
    pub code: &'static str,
    /// The API version (`2020-04-07`), sent as `Version`.
    pub version: &'static str,
    /// The product's name (`Certificate Management Service`).
    pub title: &'static str,
    /// The spec's description of the product.
    pub description: &'static str,
    /// Where its requests go, region by region.
    pub endpoints: EndpointRule,
    /// Its operations, in the spec's order.
    pub operations: &'static [Operation],
    pub(crate) invoke: for<'a> fn(&'a Config, &'a str, &'a Arguments) -> Invocation<'a>,
}

impl Product {
    /// Calls `action` with `arguments` through the product's typed client, built from `config` (its endpoint
    /// resolved by [`Product::endpoints`] unless the configuration names one), and returns the response body as
    /// JSON with the API's field names.
    pub fn invoke<'a>(
        &self,
        config: &'a Config,
        action: &'a str,
        arguments: &'a Arguments,
    ) -> Invocation<'a> {
        (self.invoke)(config, action, arguments)
    }

    /// The operation with this Action (`DescribeDeploymentJob`) or command name (`describe-deployment-job`).
    pub fn operation(&self, name: &str) -> Option<&'static Operation> {
        self.operations
            .iter()
            .find(|operation| operation.action == name || operation.command == name)
    }
}

impl fmt::Debug for Product {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Product")
            .field("code", &self.code)
            .field("version", &self.version)
            .field("title", &self.title)
            .field("endpoints", &self.endpoints)
            .field("operations", &self.operations.len())
            .finish_non_exhaustive()
    }
}

/// One operation of a spec.
#[derive(Debug, Clone, Copy)]
pub struct Operation {
    /// The Action, e.g. `DescribeDeploymentJob`.
    pub action: &'static str,
    /// The command name, kebab case: `describe-deployment-job`.
    pub command: &'static str,
    /// The page's one-line summary.
    pub summary: &'static str,
    /// The page's description.
    pub description: &'static str,
    /// Request parameters, in the page's order.
    pub parameters: &'static [Parameter],
}

/// One request parameter.
#[derive(Debug, Clone, Copy)]
pub struct Parameter {
    /// The wire name, e.g. `JobId`.
    pub name: &'static str,
    /// The flag name, kebab case: `job-id`.
    pub flag: &'static str,
    /// Whether the page marks it required.
    pub required: bool,
    /// Its type.
    pub kind: ParameterKind,
    /// For a [`ParameterKind::List`], the type of its items.
    pub items: Option<ParameterKind>,
    /// The page's description, with its valid values.
    pub description: &'static str,
    /// The valid values the page lists (open: others are sent as given).
    pub values: &'static [&'static str],
    /// The page's example value, as text (empty when the page gives none).
    pub example: &'static str,
}

/// The type of a request parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParameterKind {
    /// A 64-bit integer (the page's `long`).
    Int64,
    /// A 32-bit integer (the page's `integer`).
    Int32,
    /// A string.
    String,
    /// A boolean.
    Boolean,
    /// A number (the page's `float` or `double`).
    Number,
    /// A list of scalars ([`Parameter::items`] says which), given to [`Arguments`] as a JSON array
    /// (`["a","b"]`); sent as the RPC repeat list `Name.1`, `Name.2`, ...
    List,
    /// An object, or a list of objects, given to [`Arguments`] as JSON text; sent flattened (`Name.1.Key`).
    Json,
}

/// Arguments by parameter name, as text (from a command line, say). The typed getters name the parameter when a
/// value does not parse.
#[derive(Debug, Clone, Default)]
pub struct Arguments {
    values: BTreeMap<String, String>,
}

impl Arguments {
    /// No arguments.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `name` (the wire name, `JobId`) to `value`.
    pub fn set(&mut self, name: impl Into<String>, value: impl Into<String>) -> &mut Self {
        self.values.insert(name.into(), value.into());
        self
    }

    /// The text of `name`, if given.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    /// `name` as a 64-bit integer.
    pub fn int64(&self, name: &str) -> Result<Option<i64>, Error> {
        self.parse(name, "a 64-bit integer")
    }

    /// `name` as a 32-bit integer.
    pub fn int32(&self, name: &str) -> Result<Option<i32>, Error> {
        self.parse(name, "a 32-bit integer")
    }

    /// `name` as a boolean (`true` or `false`).
    pub fn boolean(&self, name: &str) -> Result<Option<bool>, Error> {
        self.parse(name, "true or false")
    }

    /// `name` as text.
    pub fn string(&self, name: &str) -> Result<Option<&str>, Error> {
        Ok(self.get(name))
    }

    /// `name` as a number.
    pub fn number(&self, name: &str) -> Result<Option<f64>, Error> {
        match self.parse::<f64>(name, "a number")? {
            Some(number) if !number.is_finite() => Err(Error::invalid_request(format!(
                "{name} must be a finite number"
            ))),
            other => Ok(other),
        }
    }

    /// `name`, given as JSON text (a list or an object), as `T`.
    pub fn json<T: DeserializeOwned>(&self, name: &str) -> Result<Option<T>, Error> {
        match self.get(name) {
            None => Ok(None),
            Some(text) => serde_json::from_str(text).map(Some).map_err(|error| {
                Error::invalid_request(format!(
                    "{name} must be JSON of its type ({error}), not `{}`",
                    shorten(text)
                ))
            }),
        }
    }

    fn parse<T: std::str::FromStr>(&self, name: &str, expected: &str) -> Result<Option<T>, Error> {
        match self.get(name) {
            None => Ok(None),
            Some(text) => text.trim().parse().map(Some).map_err(|_| {
                Error::invalid_request(format!(
                    "{name} must be {expected}, not `{}`",
                    shorten(text)
                ))
            }),
        }
    }
}

/// A value as an error message quotes it: at most 64 characters, on one line.
fn shorten(text: &str) -> String {
    let mut shown: String = text
        .chars()
        .take(64)
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect();
    if text.chars().count() > 64 {
        shown.push('…');
    }
    shown
}

/// A response body as JSON with the API's field names.
pub fn to_json<T: Serialize>(value: &T) -> Result<serde_json::Value, Error> {
    serde_json::to_value(value).map_err(|error| {
        Error::invalid_request(format!(
            "the response could not be encoded as JSON: {error}"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_getters_name_the_parameter() {
        let mut arguments = Arguments::new();
        arguments.set("JobId", "88x");
        let error = arguments.int64("JobId").unwrap_err().to_string();
        assert!(
            error.contains("JobId must be a 64-bit integer, not `88x`"),
            "{error}"
        );
        arguments.set("JobId", "8888");
        assert_eq!(arguments.int64("JobId").unwrap(), Some(8888));
        assert_eq!(arguments.int32("ShowSize").unwrap(), None);
    }

    #[test]
    fn numbers_and_json_name_the_parameter() {
        let mut arguments = Arguments::new();
        arguments
            .set("Ratio", "0.5")
            .set("Ids", "[1, 2]")
            .set("Bad", "[1,");
        assert_eq!(arguments.number("Ratio").unwrap(), Some(0.5));
        assert_eq!(arguments.json::<Vec<i64>>("Ids").unwrap(), Some(vec![1, 2]));
        let error = arguments.json::<Vec<i64>>("Bad").unwrap_err().to_string();
        assert!(error.contains("Bad must be JSON of its type"), "{error}");
        arguments.set("Ratio", "NaN");
        assert!(arguments.number("Ratio").is_err());
        arguments.set("Long", "x".repeat(1000));
        let error = arguments.int64("Long").unwrap_err().to_string();
        assert!(error.len() < 200, "a long value is cut: {error}");
    }
}
