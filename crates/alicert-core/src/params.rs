//! The business parameters of one call, as the ordered name/value pairs an RPC request carries, written straight from
//! the typed values a generated builder holds. Nothing goes through a URL and back: the runtime signs these pairs
//! and puts them on the wire once.
//!
//! Values are flattened the way Alibaba's RPC APIs spell them: a scalar as its text (`true`, `42`, `1.5`, an enum
//! as its wire name), an absent optional not at all, a list as `Name.1`, `Name.2`, … (the RPC "repeat list"), and an
//! object as `Name.Field` (the RPC "flat" style), nested as deep as the value goes.

use std::borrow::Cow;
use std::fmt;

use serde::Serialize;
use serde::ser::{self, Impossible};

/// Ordered name/value pairs, decoded (not yet percent-encoded).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Params {
    pairs: Vec<(Cow<'static, str>, String)>,
}

impl Params {
    /// Room for `capacity` pairs.
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            pairs: Vec::with_capacity(capacity),
        }
    }

    /// Adds `value` under `name`, flattened as the module docs say. An error names the parameter and says what
    /// could not be written (a byte string, a map whose keys are not text).
    pub fn push<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), String> {
        value
            .serialize(Flatten {
                pairs: &mut self.pairs,
                name: Cow::Borrowed(name),
            })
            .map_err(|error| format!("parameter `{name}`: {error}"))
    }

    /// Adds a pair as it is.
    pub fn push_str(&mut self, name: impl Into<Cow<'static, str>>, value: impl Into<String>) {
        self.pairs.push((name.into(), value.into()));
    }

    /// The pairs, in the order they were added.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &str)> {
        self.pairs
            .iter()
            .map(|(name, value)| (name.as_ref(), value.as_str()))
    }

    /// How many pairs there are.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }
}

/// Why a value cannot be a parameter.
#[derive(Debug)]
pub struct FlattenError(String);

impl fmt::Display for FlattenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FlattenError {}

impl ser::Error for FlattenError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        FlattenError(message.to_string())
    }
}

fn unsupported(what: &str) -> FlattenError {
    FlattenError(format!(
        "{what} cannot be sent as an RPC parameter (text, numbers, booleans, lists and objects can)"
    ))
}

/// Writes one value under `name`.
struct Flatten<'a> {
    pairs: &'a mut Vec<(Cow<'static, str>, String)>,
    name: Cow<'static, str>,
}

impl Flatten<'_> {
    fn put(self, value: String) -> Result<(), FlattenError> {
        self.pairs.push((self.name, value));
        Ok(())
    }

    fn child(&mut self, suffix: &dyn fmt::Display) -> Flatten<'_> {
        Flatten {
            pairs: self.pairs,
            name: Cow::Owned(format!("{}.{suffix}", self.name)),
        }
    }
}

macro_rules! display_scalars {
    ($($method:ident: $type:ty),* $(,)?) => {
        $(fn $method(self, value: $type) -> Result<(), FlattenError> {
            self.put(value.to_string())
        })*
    };
}

impl<'a> ser::Serializer for Flatten<'a> {
    type Ok = ();
    type Error = FlattenError;
    type SerializeSeq = Items<'a>;
    type SerializeTuple = Items<'a>;
    type SerializeTupleStruct = Items<'a>;
    type SerializeTupleVariant = Impossible<(), FlattenError>;
    type SerializeMap = Fields<'a>;
    type SerializeStruct = Fields<'a>;
    type SerializeStructVariant = Impossible<(), FlattenError>;

    display_scalars! {
        serialize_bool: bool,
        serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64, serialize_i128: i128,
        serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64, serialize_u128: u128,
        serialize_f32: f32, serialize_f64: f64, serialize_char: char,
    }

    fn serialize_str(self, value: &str) -> Result<(), FlattenError> {
        self.put(value.to_owned())
    }

    fn serialize_bytes(self, _: &[u8]) -> Result<(), FlattenError> {
        Err(unsupported("a byte string"))
    }

    fn serialize_none(self) -> Result<(), FlattenError> {
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), FlattenError> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), FlattenError> {
        Ok(())
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<(), FlattenError> {
        Ok(())
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), FlattenError> {
        self.put(variant.to_owned())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), FlattenError> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), FlattenError> {
        let mut this = self;
        value.serialize(this.child(&variant))
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Items<'a>, FlattenError> {
        Ok(Items {
            parent: self,
            index: 0,
        })
    }

    fn serialize_tuple(self, _: usize) -> Result<Items<'a>, FlattenError> {
        self.serialize_seq(None)
    }

    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Items<'a>, FlattenError> {
        self.serialize_seq(None)
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, FlattenError> {
        Err(unsupported("a tuple variant"))
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Fields<'a>, FlattenError> {
        Ok(Fields {
            parent: self,
            key: None,
        })
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Fields<'a>, FlattenError> {
        self.serialize_map(None)
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, FlattenError> {
        Err(unsupported("a struct variant"))
    }
}

/// A list: `Name.1`, `Name.2`, …
struct Items<'a> {
    parent: Flatten<'a>,
    index: usize,
}

impl Items<'_> {
    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FlattenError> {
        self.index += 1;
        value.serialize(self.parent.child(&self.index))
    }
}

impl ser::SerializeSeq for Items<'_> {
    type Ok = ();
    type Error = FlattenError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FlattenError> {
        self.item(value)
    }
    fn end(self) -> Result<(), FlattenError> {
        Ok(())
    }
}

impl ser::SerializeTuple for Items<'_> {
    type Ok = ();
    type Error = FlattenError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FlattenError> {
        self.item(value)
    }
    fn end(self) -> Result<(), FlattenError> {
        Ok(())
    }
}

impl ser::SerializeTupleStruct for Items<'_> {
    type Ok = ();
    type Error = FlattenError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FlattenError> {
        self.item(value)
    }
    fn end(self) -> Result<(), FlattenError> {
        Ok(())
    }
}

/// An object: `Name.Field`, in the order the value lists its fields.
struct Fields<'a> {
    parent: Flatten<'a>,
    key: Option<String>,
}

impl ser::SerializeMap for Fields<'_> {
    type Ok = ();
    type Error = FlattenError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), FlattenError> {
        self.key = Some(key.serialize(KeyText)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FlattenError> {
        let key = self
            .key
            .take()
            .ok_or_else(|| FlattenError("a map value came without its key".to_owned()))?;
        value.serialize(self.parent.child(&key))
    }
    fn end(self) -> Result<(), FlattenError> {
        Ok(())
    }
}

impl ser::SerializeStruct for Fields<'_> {
    type Ok = ();
    type Error = FlattenError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        field: &'static str,
        value: &T,
    ) -> Result<(), FlattenError> {
        value.serialize(self.parent.child(&field))
    }
    fn end(self) -> Result<(), FlattenError> {
        Ok(())
    }
}

/// A map key as text: strings, and integers written as their digits.
struct KeyText;

fn not_text() -> FlattenError {
    unsupported("a map key that is not text")
}

/// Key serializer methods of one value argument that refuse it.
macro_rules! not_text {
    ($($method:ident($type:ty)),* $(,)?) => {
        $(fn $method(self, _: $type) -> Result<String, FlattenError> {
            Err(not_text())
        })*
    };
}

macro_rules! key_integers {
    ($($method:ident: $type:ty),* $(,)?) => {
        $(fn $method(self, value: $type) -> Result<String, FlattenError> {
            Ok(value.to_string())
        })*
    };
}

impl ser::Serializer for KeyText {
    type Ok = String;
    type Error = FlattenError;
    type SerializeSeq = Impossible<String, FlattenError>;
    type SerializeTuple = Impossible<String, FlattenError>;
    type SerializeTupleStruct = Impossible<String, FlattenError>;
    type SerializeTupleVariant = Impossible<String, FlattenError>;
    type SerializeMap = Impossible<String, FlattenError>;
    type SerializeStruct = Impossible<String, FlattenError>;
    type SerializeStructVariant = Impossible<String, FlattenError>;

    key_integers! {
        serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64, serialize_i128: i128,
        serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64, serialize_u128: u128,
        serialize_char: char,
    }

    fn serialize_str(self, value: &str) -> Result<String, FlattenError> {
        Ok(value.to_owned())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<String, FlattenError> {
        Ok(variant.to_owned())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<String, FlattenError> {
        value.serialize(self)
    }
    not_text! {
        serialize_bool(bool), serialize_f32(f32), serialize_f64(f64), serialize_bytes(&[u8]),
        serialize_unit_struct(&'static str),
    }
    fn serialize_none(self) -> Result<String, FlattenError> {
        Err(not_text())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<String, FlattenError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<String, FlattenError> {
        Err(not_text())
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<String, FlattenError> {
        Err(not_text())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, FlattenError> {
        Err(not_text())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, FlattenError> {
        Err(not_text())
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, FlattenError> {
        Err(not_text())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, FlattenError> {
        Err(not_text())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, FlattenError> {
        Err(not_text())
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, FlattenError> {
        Err(not_text())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, FlattenError> {
        Err(not_text())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn pairs(params: &Params) -> Vec<(String, String)> {
        params
            .iter()
            .map(|(name, value)| (name.to_owned(), value.to_owned()))
            .collect()
    }

    #[derive(Serialize)]
    enum Status {
        #[serde(rename = "rollback_error")]
        RollbackError,
    }

    #[derive(Serialize)]
    struct Tag {
        #[serde(rename = "Key")]
        key: &'static str,
        #[serde(rename = "Value")]
        value: Option<u8>,
    }

    #[test]
    fn scalars_are_their_text_and_absent_values_are_left_out() {
        let mut params = Params::with_capacity(6);
        params.push("JobId", &8888_i64).unwrap();
        params.push("Force", &true).unwrap();
        params.push("Ratio", &1.5_f64).unwrap();
        params.push("Status", &Status::RollbackError).unwrap();
        params.push("Missing", &None::<i32>).unwrap();
        params.push("Name", &Some("a b")).unwrap();
        assert_eq!(
            pairs(&params),
            [
                ("JobId", "8888"),
                ("Force", "true"),
                ("Ratio", "1.5"),
                ("Status", "rollback_error"),
                ("Name", "a b"),
            ]
            .map(|(name, value)| (name.to_owned(), value.to_owned()))
        );
    }

    #[test]
    fn lists_and_objects_flatten_as_rpc_spells_them() {
        let mut params = Params::default();
        params.push("InstanceId", &["i-1", "i-2"]).unwrap();
        params
            .push(
                "Tag",
                &[
                    Tag {
                        key: "env",
                        value: Some(1),
                    },
                    Tag {
                        key: "team",
                        value: None,
                    },
                ],
            )
            .unwrap();
        params
            .push("Labels", &BTreeMap::from([("a", 1), ("b", 2)]))
            .unwrap();
        let names: Vec<String> = pairs(&params).into_iter().map(|(name, _)| name).collect();
        assert_eq!(
            names,
            [
                "InstanceId.1",
                "InstanceId.2",
                "Tag.1.Key",
                "Tag.1.Value",
                "Tag.2.Key",
                "Labels.a",
                "Labels.b"
            ]
        );
    }

    #[test]
    fn what_cannot_be_a_parameter_is_an_error_naming_it() {
        let mut params = Params::default();
        let error = params.push("Blob", &serde_bytes_like(&[1, 2])).unwrap_err();
        assert!(
            error.contains("`Blob`") && error.contains("byte string"),
            "{error}"
        );
        let error = params
            .push("Odd", &BTreeMap::from([(true, 1)]))
            .unwrap_err();
        assert!(error.contains("`Odd`"), "{error}");
        assert!(params.is_empty());
    }

    struct Bytes<'a>(&'a [u8]);
    impl Serialize for Bytes<'_> {
        fn serialize<S: ser::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.serialize_bytes(self.0)
        }
    }
    fn serde_bytes_like(bytes: &[u8]) -> Bytes<'_> {
        Bytes(bytes)
    }
}
