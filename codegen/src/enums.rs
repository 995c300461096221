//! Emits the open enums that replace typify's closed ones. Each keeps every value the spec lists as a variant and
//! any other value in `Unknown`, so a response from a newer service still decodes and round-trips unchanged.

use std::collections::BTreeMap;

use heck::ToUpperCamelCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::transform::OpenEnum;

/// The Rust variant name for a wire value (`rollback_error` → `RollbackError`, `APIGateway` → `ApiGateway`).
pub(crate) fn variant_name(value: &str) -> Option<String> {
    let name = value.to_upper_camel_case();
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.bytes().all(|b| b.is_ascii_alphanumeric());
    (valid && name != "Unknown").then_some(name)
}

/// Checks that every value has a distinct, valid variant name. Returns a message naming the enum and the values.
pub(crate) fn check(open_enum: &OpenEnum) -> Result<(), String> {
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for (value, _) in &open_enum.values {
        let Some(name) = variant_name(value) else {
            return Err(format!(
                "enum {} (first at {}): value `{value}` has no usable Rust variant name",
                open_enum.name, open_enum.first_seen
            ));
        };
        if let Some(previous) = seen.insert(name.clone(), value) {
            return Err(format!(
                "enum {} (first at {}): values `{previous}` and `{value}` both become variant {name}",
                open_enum.name, open_enum.first_seen
            ));
        }
    }
    Ok(())
}

/// The items for one open enum: the type, its conversions and its serde impls.
pub(crate) fn emit(open_enum: &OpenEnum) -> TokenStream {
    let name = format_ident!("{}", open_enum.name);
    let mut type_doc = if open_enum.doc.is_empty() {
        format!("Values of `{}`.", open_enum.name)
    } else {
        open_enum.doc.clone()
    };
    type_doc.push_str(
        "\n\nThe list is open: the service adds values over time. A value this list does not know decodes as \
         [`Self::Unknown`] and serializes back unchanged.",
    );

    let variants: Vec<_> = open_enum
        .values
        .iter()
        .map(|(value, meaning)| {
            let ident = format_ident!("{}", variant_name(value).unwrap_or_default());
            let doc = if meaning.is_empty() {
                format!("`{value}`")
            } else {
                format!("`{value}`: {meaning}")
            };
            (ident, value.as_str(), doc)
        })
        .collect();
    let declarations = variants
        .iter()
        .map(|(ident, _, doc)| quote! { #[doc = #doc] #ident, });
    let to_str = variants
        .iter()
        .map(|(ident, value, _)| quote! { Self::#ident => #value, });
    let from_str = variants
        .iter()
        .map(|(ident, value, _)| quote! { #value => Self::#ident, });
    let known = variants.iter().map(|(_, value, _)| value);

    quote! {
        #[doc = #type_doc]
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#declarations)*
            /// A value the spec does not list: the service is newer than the docs this crate was generated from.
            Unknown(::alicert_api::wire::UnknownValue),
        }

        impl #name {
            /// Every value the spec lists, in the page's order.
            pub const KNOWN: &'static [&'static str] = &[#(#known),*];

            /// The value as it travels on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::Unknown(value) => value.as_str(),
                }
            }

            /// Whether the value is one the spec does not list.
            pub fn is_unknown(&self) -> bool {
                matches!(self, Self::Unknown(_))
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => Self::Unknown(::alicert_api::wire::UnknownValue::new(other)),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                Self::from(value.as_str())
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                ::alicert_api::wire::deserialize_open_enum(deserializer).map(|value| Self::from(value.as_ref()))
            }
        }
    }
}
