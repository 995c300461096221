//! The operations the emulator serves, as data: products by code and API version, their operations by Action, each
//! with its request parameters and its sample answer. `cargo xtask generate` emits the table of `spec/`
//! ([`PRODUCTS`], in `src/generated/operations.rs`); routing, parameter checks and the answers of operations without
//! a stateful handler all read it, so an operation added to a spec is served as soon as the table is regenerated.
//! The types are public and constructible in `const` context so that a test can serve a table of its own
//! ([`EmulatorConfig::with_products`](crate::EmulatorConfig::with_products)).
//!
//! ```
//! use alicert_emulator::table::{Field, Operation, Parameter, ParameterType, Product};
//!
//! static CDN: &[Product] = &[Product::new(
//!     "cdn",
//!     "2018-05-10",
//!     &[Operation::new(
//!         "DescribeDomainCertificateInfo",
//!         &[Parameter::new("DomainName", ParameterType::String).required()],
//!         &[Field::new("RequestId", "\"\""), Field::new("DomainName", "\"example.com\"")],
//!     )],
//! )];
//! let config = alicert_emulator::EmulatorConfig::new().with_products(CDN);
//! assert_eq!(config.products[0].operation("DescribeDomainCertificateInfo").unwrap().parameters.len(), 1);
//! ```

use std::fmt;

pub use crate::generated::operations::PRODUCTS;

/// One product at one API version.
#[non_exhaustive]
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Product {
    /// The product code (`cas`), as the `Recommend` link of an error names it.
    pub code: &'static str,
    /// The API version (`2020-04-07`), which requests name in `Version`.
    pub version: &'static str,
    /// The operations, in the spec's order.
    pub operations: &'static [Operation],
}

impl Product {
    /// A product and its operations.
    pub const fn new(
        code: &'static str,
        version: &'static str,
        operations: &'static [Operation],
    ) -> Self {
        Self {
            code,
            version,
            operations,
        }
    }

    /// The operation named `action` (matched exactly, as the service does).
    pub fn operation(&self, action: &str) -> Option<&'static Operation> {
        self.operations
            .iter()
            .find(|operation| operation.action == action)
    }
}

// The derived form would print every parameter and example of every operation; a config's Debug shows what is
// served.
impl fmt::Debug for Product {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Product")
            .field("code", &self.code)
            .field("version", &self.version)
            .field(
                "actions",
                &self
                    .operations
                    .iter()
                    .map(|operation| operation.action)
                    .collect::<Vec<_>>(),
            )
            .finish()
    }
}

/// One operation (Action) of a product.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Operation {
    /// The Action name (`DescribeDeploymentJob`).
    pub action: &'static str,
    /// The request parameters, in the spec's order. Parameters a request sends that are not listed are ignored,
    /// as the service ignores them.
    pub parameters: &'static [Parameter],
    /// The spec's sample success answer, one top-level field after another in the page's order. An operation
    /// without a stateful handler answers it (with a fresh `RequestId`).
    pub example: &'static [Field],
}

impl Operation {
    /// An operation with its parameters and its sample answer.
    pub const fn new(
        action: &'static str,
        parameters: &'static [Parameter],
        example: &'static [Field],
    ) -> Self {
        Self {
            action,
            parameters,
            example,
        }
    }
}

/// One request parameter.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Parameter {
    /// The wire name (`JobId`; `Tag` for a list sent as `Tag.1`, `Tag.2`, ...).
    pub name: &'static str,
    /// Whether a request without it (or with it empty) is refused with `Missing<Name>`.
    pub required: bool,
    /// What its text must parse as.
    pub kind: ParameterType,
    /// The valid values the page lists, as they travel on the wire; empty when it lists none.
    pub values: &'static [&'static str],
}

impl Parameter {
    /// An optional parameter of `kind` with no list of valid values.
    pub const fn new(name: &'static str, kind: ParameterType) -> Self {
        Self {
            name,
            required: false,
            kind,
            values: &[],
        }
    }

    /// The same parameter, required.
    pub const fn required(mut self) -> Self {
        self.required = true;
        self
    }

    /// The same parameter, accepting only `values`.
    pub const fn with_values(mut self, values: &'static [&'static str]) -> Self {
        self.values = values;
        self
    }
}

/// The type of a request parameter, as the spec's schema gives it.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParameterType {
    /// `integer`, `format: int32`.
    Int32,
    /// `integer`, `format: int64` (or no format).
    Int64,
    /// `number`: a finite decimal.
    Number,
    /// `boolean`: `true` or `false`.
    Boolean,
    /// `string`: any text.
    String,
    /// `array`: sent flattened (`Name.1`, `Name.2`, ...) or as one JSON value; only its presence is checked.
    Array,
    /// `object`: sent flattened (`Name.Key`) or as one JSON value; only its presence is checked.
    Object,
}

/// One top-level field of a sample answer.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    /// The field's name (`RequestId`, `DomainName`).
    pub name: &'static str,
    /// Its value as JSON text (`"example.com"`, `8888`, `{"CertInfo":[...]}`).
    pub json: &'static str,
}

impl Field {
    /// A field named `name` whose value is the JSON text `json`.
    pub const fn new(name: &'static str, json: &'static str) -> Self {
        Self { name, json }
    }
}

/// Where a request goes, by `Version` then `Action`.
pub(crate) enum Route {
    /// An operation of a product of the table.
    Operation(&'static Product, &'static Operation),
    /// `Version` names a product of the table, none of which has this Action.
    UnknownAction,
    /// No product of the table has this `Version`.
    UnknownVersion,
}

/// Routes `version` and `action` through `products`. Two products may share a version (the service tells them
/// apart by endpoint, which a loopback emulator does not have): the first one that has the Action serves it.
pub(crate) fn route(products: &'static [Product], version: &str, action: &str) -> Route {
    let mut same_version = products
        .iter()
        .filter(|product| product.version == version)
        .peekable();
    if same_version.peek().is_none() {
        return Route::UnknownVersion;
    }
    same_version
        .find_map(|product| Some(Route::Operation(product, product.operation(action)?)))
        .unwrap_or(Route::UnknownAction)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generated_table_serves_both_products() {
        let codes: Vec<_> = PRODUCTS
            .iter()
            .map(|product| (product.code, product.version))
            .collect();
        assert!(codes.contains(&("cas", "2020-04-07")), "{codes:?}");
        assert!(codes.contains(&("vod", "2017-03-21")), "{codes:?}");
        let Route::Operation(product, operation) =
            route(PRODUCTS, "2020-04-07", "DescribeDeploymentJob")
        else {
            panic!("DescribeDeploymentJob is not routed");
        };
        assert_eq!(product.code, "cas");
        let job_id = operation.parameters[0];
        assert_eq!((job_id.name, job_id.required), ("JobId", true));
        assert_eq!(job_id.kind, ParameterType::Int64);
        assert!(matches!(
            route(PRODUCTS, "2020-04-07", "DescribeVodDomainCertificateInfo"),
            Route::UnknownAction
        ));
        assert!(matches!(
            route(PRODUCTS, "2099-01-01", "DescribeDeploymentJob"),
            Route::UnknownVersion
        ));
    }

    #[test]
    fn products_sharing_a_version_are_told_apart_by_action() {
        static SHARED: &[Product] = &[
            Product::new("one", "2020-01-01", &[Operation::new("First", &[], &[])]),
            Product::new("two", "2020-01-01", &[Operation::new("Second", &[], &[])]),
        ];
        assert!(matches!(
            route(SHARED, "2020-01-01", "Second"),
            Route::Operation(product, _) if product.code == "two"
        ));
        assert!(matches!(
            route(SHARED, "2020-01-01", "Third"),
            Route::UnknownAction
        ));
    }

    #[test]
    fn debug_names_the_actions_only() {
        let printed = format!("{:?}", PRODUCTS[0]);
        assert!(printed.contains("actions"), "{printed}");
        assert!(!printed.contains("RequestId"), "{printed}");
    }
}
