//! Which spec file a page goes into. A page names its product in its title (`CDN:DescribeDomainCertificateInfo`);
//! it goes only into a spec of that product (a spec whose `info.title` starts with the product's name), or of the
//! product `--product CODE` names when no spec is for the title's product, and there into the file that holds its
//! operation. It exists so that a page of an unknown product is refused instead of landing in another product's
//! spec.

use anyhow::{Result, bail};
use serde_yaml::Value;

use crate::docpage::Page;
use crate::schema::get;
use crate::spec_files::SpecFile;

/// The product code of a spec (`info.x-alicert-product`).
pub(crate) fn product_code(document: &Value) -> Option<&str> {
    get(Some(document), "info")
        .and_then(|info| get(Some(info), "x-alicert-product"))
        .and_then(Value::as_str)
}

/// Whether the spec's `info.title` names `product` (`Certificate Management Service (cas) 2020-04-07`).
pub(crate) fn is_for_product(document: &Value, product: &str) -> bool {
    get(Some(document), "info")
        .and_then(|info| get(Some(info), "title"))
        .and_then(Value::as_str)
        .is_some_and(|title| title == product || title.starts_with(&format!("{product} (")))
}

/// The spec files the page may go into: those of the product its title names, or of `--product CODE` when no
/// spec file is for that product. A page never goes into another product's spec.
pub(crate) fn product_specs(
    page: &Page,
    specs: &[SpecFile],
    documents: &[Value],
    product: Option<&str>,
) -> Result<Vec<usize>> {
    let titled: Vec<usize> = (0..documents.len())
        .filter(|&index| is_for_product(&documents[index], &page.product))
        .collect();
    let codes: Vec<&str> = documents.iter().filter_map(product_code).collect();
    match product {
        None if titled.is_empty() => bail!(
            "{}: the page is for the product \"{}\" (its title `{}`), and no spec file in the spec folder is for \
             that product (their products: {}); refused, so that it does not land in another product's spec. If \
             the page belongs to one of them, say which with `--product CODE`; for a new product, `--product CODE \
             --version YYYY-MM-DD` creates its spec",
            page.name,
            page.product,
            page.title,
            codes.join(", ")
        ),
        None => Ok(titled),
        Some(code) => {
            let coded: Vec<usize> = (0..documents.len())
                .filter(|&index| product_code(&documents[index]) == Some(code))
                .collect();
            if coded.is_empty() {
                bail!(
                    "{}: `--product {code}`: no spec file in the spec folder is for the product `{code}` (their \
                     products: {})",
                    page.name,
                    codes.join(", ")
                );
            }
            if !titled.is_empty() && !titled.iter().any(|index| coded.contains(index)) {
                let names: Vec<&str> = titled
                    .iter()
                    .map(|&index| specs[index].name.as_str())
                    .collect();
                bail!(
                    "{}: the page's title names the product \"{}\", whose spec is {}, not `{code}` as `--product` \
                     says; a page goes only into a spec of its own product",
                    page.name,
                    page.product,
                    names.join(", ")
                );
            }
            Ok(coded)
        }
    }
}

pub(crate) fn find_spec(
    page: &Page,
    key: &str,
    specs: &[SpecFile],
    documents: &[Value],
    allowed: &[usize],
) -> Result<usize> {
    let holding: Vec<usize> = documents
        .iter()
        .enumerate()
        .filter(|(index, _)| allowed.contains(index))
        .filter(|(_, document)| {
            get(Some(document), "paths")
                .and_then(|paths| get(Some(paths), key))
                .is_some()
        })
        .map(|(index, _)| index)
        .collect();
    match holding.as_slice() {
        [index] => return Ok(*index),
        [] => {}
        several => {
            let names: Vec<&str> = several
                .iter()
                .map(|&index| specs[index].name.as_str())
                .collect();
            bail!(
                "{}: the operation {} is in several spec files ({}); expected one, or `--spec FILE`",
                page.name,
                page.action,
                names.join(", ")
            );
        }
    }
    // A new operation: the product's spec file.
    let product = allowed;
    match product {
        [index] => Ok(*index),
        [] => bail!(
            "{}: no spec file holds {} or is for the product \"{}\" (its info.title starts with the product name); \
             expected `--spec FILE` to say where the operation goes",
            page.name,
            page.action,
            page.product
        ),
        several => {
            let names: Vec<&str> = several
                .iter()
                .map(|&index| specs[index].name.as_str())
                .collect();
            bail!(
                "{}: several spec files are for the product \"{}\" ({}); expected `--spec FILE` to say which one \
                 gets the new operation {}",
                page.name,
                page.product,
                names.join(", "),
                page.action
            )
        }
    }
}
