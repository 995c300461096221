//! The public Rust items of the generated crate, for `cargo xtask spec-diff`: it runs the generator on both sides of
//! a spec change, reads the generated text with `syn`, and lists the items the change adds, removes or alters. It
//! exists because a reviewer of a spec diff cares about what users of `alicert-api` will see: a renamed `title` is a
//! renamed type, a new parameter is a new builder method.
//!
//! An item is named by its path under the product module (`cas::types::WorkerResource`, a field as
//! `cas::types::WorkerResource.cert_id`, a variant as `cas::types::WorkerStatus::Editing`, a method as
//! `cas::builder::ListWorkerResource::job_id`) and described by its signature or type; "altered" means the same
//! path with another description. Trait impls (serde, conversions) are not listed: they follow from the types.

use std::collections::BTreeMap;

use quote::ToTokens;
use syn::{Fields, ImplItem, Item, Visibility};

/// Public items by path, each with its signature or type.
pub type Items = BTreeMap<String, String>;

/// What changed between two sets of items.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Paths only on the new side, with their description.
    pub added: Vec<(String, String)>,
    /// Paths only on the old side.
    pub removed: Vec<(String, String)>,
    /// Paths on both sides whose description differs: (path, old, new).
    pub altered: Vec<(String, String, String)>,
}

impl Summary {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.altered.is_empty()
    }
}

/// Generates the crate's modules for `specs` (file name, text) and lists their public items. The error is the
/// generator's own message (naming the spec file and operation), for the report to quote.
pub fn items_of_specs(specs: &[(String, String)]) -> Result<Items, String> {
    let sources: Vec<codegen::SpecSource> = specs
        .iter()
        .map(|(name, text)| codegen::SpecSource::new(format!("spec/{name}"), text.clone()))
        .collect();
    let files = codegen::generate(&sources).map_err(|error| error.to_string())?;
    let mut items = Items::new();
    // The generator also writes documentation (Markdown); only Rust files have items.
    // The generated crate's Rust files only: docs/operations.md and the emulator's table are no public API.
    for file in files
        .iter()
        .filter(|file| file.path.starts_with("crates/alicert-api/") && file.path.ends_with(".rs"))
    {
        let module = module_name(&file.path);
        let parsed = syn::parse_file(&file.contents)
            .map_err(|error| format!("reading the generated {}: {error}", file.path))?;
        collect(&parsed.items, &module, &mut items);
    }
    Ok(items)
}

/// Compares two sets of items.
pub fn summarize(old: &Items, new: &Items) -> Summary {
    let mut summary = Summary::default();
    for (path, description) in new {
        match old.get(path) {
            None => summary.added.push((path.clone(), description.clone())),
            Some(previous) if previous != description => {
                summary
                    .altered
                    .push((path.clone(), previous.clone(), description.clone()));
            }
            Some(_) => {}
        }
    }
    for (path, description) in old {
        if !new.contains_key(path) {
            summary.removed.push((path.clone(), description.clone()));
        }
    }
    summary
}

/// The module a generated file is, as users name it: `crates/alicert-api/src/cas/generated.rs` and
/// `.../src/cas/mod.rs` → `cas` (a product's module is its generated part and its `mod.rs`), `.../src/products.rs`
/// → `products`.
fn module_name(path: &str) -> String {
    let path = path
        .trim_end_matches(".rs")
        .trim_end_matches("/generated")
        .trim_end_matches("/mod");
    path.rsplit('/').next().unwrap_or(path).to_owned()
}

fn is_public(visibility: &Visibility) -> bool {
    matches!(visibility, Visibility::Public(_))
}

fn collect(items: &[Item], module: &str, out: &mut Items) {
    for item in items {
        match item {
            Item::Struct(item) if is_public(&item.vis) => {
                let path = format!("{module}::{}", item.ident);
                out.insert(
                    path.clone(),
                    format!(
                        "struct{}",
                        tidy(&item.generics.to_token_stream().to_string())
                    ),
                );
                match &item.fields {
                    Fields::Named(fields) => {
                        for field in &fields.named {
                            if is_public(&field.vis)
                                && let Some(name) = &field.ident
                            {
                                out.insert(format!("{path}.{name}"), text(&field.ty));
                            }
                        }
                    }
                    Fields::Unnamed(fields) => {
                        for (index, field) in fields.unnamed.iter().enumerate() {
                            if is_public(&field.vis) {
                                out.insert(format!("{path}.{index}"), text(&field.ty));
                            }
                        }
                    }
                    Fields::Unit => {}
                }
            }
            Item::Enum(item) if is_public(&item.vis) => {
                let path = format!("{module}::{}", item.ident);
                out.insert(path.clone(), "enum".to_owned());
                for variant in &item.variants {
                    out.insert(
                        format!("{path}::{}", variant.ident),
                        format!(
                            "variant{}",
                            tidy(&variant.fields.to_token_stream().to_string())
                        ),
                    );
                }
            }
            Item::Fn(item) if is_public(&item.vis) => {
                out.insert(format!("{module}::{}", item.sig.ident), text(&item.sig));
            }
            Item::Type(item) if is_public(&item.vis) => {
                out.insert(
                    format!("{module}::{}", item.ident),
                    format!("type = {}", text(&item.ty)),
                );
            }
            Item::Const(item) if is_public(&item.vis) => {
                out.insert(
                    format!("{module}::{}", item.ident),
                    format!("const: {}", text(&item.ty)),
                );
            }
            Item::Trait(item) if is_public(&item.vis) => {
                out.insert(format!("{module}::{}", item.ident), "trait".to_owned());
            }
            Item::Mod(item) if is_public(&item.vis) => {
                if let Some((_, content)) = &item.content {
                    collect(content, &format!("{module}::{}", item.ident), out);
                }
            }
            Item::Impl(item) if item.trait_.is_none() => {
                let self_type = text(&item.self_ty);
                for member in &item.items {
                    if let ImplItem::Fn(method) = member
                        && is_public(&method.vis)
                    {
                        out.insert(
                            format!("{module}::{self_type}::{}", method.sig.ident),
                            text(&method.sig),
                        );
                    }
                }
            }
            _ => {}
        }
    }
}

fn text(node: &impl ToTokens) -> String {
    tidy(&node.to_token_stream().to_string())
}

/// Token text without the spaces `to_string` puts between every token (`Option < i64 >` → `Option<i64>`), keeping
/// the ones between words and after commas and around `->`.
fn tidy(tokens: &str) -> String {
    let glue = |c: char| "<>()[]&.;!".contains(c);
    let chars: Vec<char> = tokens.chars().collect();
    let mut out = String::with_capacity(tokens.len());
    for (index, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let before = out.chars().last();
            let after = chars.get(index + 1).copied();
            let arrow = after == Some('-') && chars.get(index + 2) == Some(&'>');
            let after_arrow = out.ends_with("->");
            let lone_colon = out.ends_with(':') && !out.ends_with("::");
            let path_separator = out.ends_with("::")
                || (chars.get(index + 1..index + 3) == Some(&[':', ':']) && !lone_colon);
            let keep = if path_separator {
                false
            } else if lone_colon || arrow || after_arrow || before == Some(',') {
                true
            } else {
                !(after == Some(':')
                    || after == Some(',')
                    || before.is_some_and(glue)
                    || after.is_some_and(glue))
            };
            if keep {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidies_token_text() {
        assert_eq!(tidy("Option < i64 >"), "Option<i64>");
        assert_eq!(
            tidy("fn job_id < V > (mut self , value : V) -> Self"),
            "fn job_id<V>(mut self, value: V) -> Self"
        );
        assert_eq!(tidy("& 'a str"), "&'a str");
        assert_eq!(tidy(":: std :: string :: String"), "::std::string::String");
        assert_eq!(
            tidy("where T : :: std :: fmt :: Display , T :: Error : Clone"),
            "where T: ::std::fmt::Display, T::Error: Clone"
        );
    }

    #[test]
    fn names_modules_as_users_do() {
        assert_eq!(
            module_name("crates/alicert-api/src/cas/generated.rs"),
            "cas"
        );
        assert_eq!(module_name("crates/alicert-api/src/vod/mod.rs"), "vod");
        assert_eq!(
            module_name("crates/alicert-api/src/products.rs"),
            "products"
        );
    }

    #[test]
    fn lists_public_items() {
        let file: syn::File = syn::parse_str(
            "pub mod types { pub struct A { pub x: Option<i64>, y: u8 } pub enum E { One, Two(String) } \
             impl A { pub fn x(&self) -> i64 { 0 } fn hidden(&self) {} } }",
        )
        .unwrap();
        let mut items = Items::new();
        collect(&file.items, "cas", &mut items);
        let keys: Vec<&str> = items.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "cas::types::A",
                "cas::types::A.x",
                "cas::types::A::x",
                "cas::types::E",
                "cas::types::E::One",
                "cas::types::E::Two"
            ]
        );
        assert_eq!(items["cas::types::A.x"], "Option<i64>");
    }
}
