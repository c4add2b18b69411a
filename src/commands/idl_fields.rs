//! Commands and structs parsed by their fields' IDL types, as the server's generated parsers
//! parse them (every strict command and struct: the listings, `create`, `count`, `distinct`,
//! `find`, `getMore`, `killCursors`, `findAndModify`, the batch writes and their statements,
//! `endSessions` and `refreshSessions`, the session ids and the kills' patterns, the session
//! listings' specs, `getParameter`'s options): each field of a table of names and [`FieldType`]s read
//! in document order by its type's reader (the first refusal wins; the caller may refuse what
//! was read, where it stands), an unknown field refused, the generic arguments of a command
//! passing, required fields checked after the loop. A field whose IDL type is `any` (an owned object, a
//! hint, an `optionalBool`, `count`'s limit, an update, a delete's limit) hands its reader
//! `null` too, where a typed field's `null` is no field (`checkAndAssertType`).

use super::idl::{
    array, bin_data, boolean, count_limit, hint, long, missing, non_negative_long, object,
    optional_bool, owned_object, parse_struct_array, present, safe_bool, safe_int64, string,
    unknown, wrong_type,
};
use crate::engine::error::{ErrorCode, ServerError, ServerResult};
use bson::{spec::BinarySubtype, Bson, Document};

/// A command field's IDL type, each read as the server's generated parser reads it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// `object`: `BSON field '<path>' is the wrong type …, expected type 'object'`.
    Object,
    /// `object_owned_nonempty_serialize` (`find`'s `filter`, …): [`owned_object`].
    OwnedObject,
    /// `boolNoOpSerializer` (`oplogReplay`): a bool, refused by `parseBoolean`, whose message
    /// says `object`.
    NoOpBool,
    /// `indexHint`: [`hint`].
    Hint,
    /// `optionalBool`: [`optional_bool`].
    OptionalBool,
    /// `safeInt64`: [`safe_int64`].
    SafeInt64,
    /// `safeInt64` with `validator: { gte: 0 }`: [`non_negative_long`].
    NonNegativeInt64,
    /// `count`'s `countLimit`: [`count_limit`].
    CountLimit,
    /// `string`.
    String,
    /// `bool`: `BSON field '<path>' is the wrong type 'int', expected type 'bool'`.
    Bool,
    /// `safeBool`: [`safe_bool`].
    SafeBool,
    /// `int` (a 32-bit integer and nothing else).
    Int,
    /// `long` (a 64-bit integer and nothing else: a `TxnNumber`).
    Long,
    /// `array<…>` of structs: the array, its elements parsed by the caller (with
    /// [`parse_struct_array`] and [`parse_struct`]).
    Array,
    /// `array<object>`: an array whose elements are objects (`<path>.<index>` names one that
    /// is not).
    ObjectArray,
    /// `update_modification` (`UpdateModification::parseFromBSON`): an object of operators or
    /// a replacement, or a pipeline, an array of objects; anything else, `null` included, is
    /// `FailedToParse` `Update argument must be either an object or an array`.
    UpdateModification,
    /// `multi_delete_bool` (`readMultiDeleteProperty`): a delete's `limit`, 0 (every match) or
    /// 1, read as a double, so that a value that is no number is 0; anything else is
    /// `FailedToParse` `The limit field in delete objects must be 0 or 1. Got 2`.
    MultiDelete,
    /// `uuid`: binary data of subtype 4 (its length checked by the caller).
    Uuid,
    /// `sha256Block`: binary data of subtype 0 (its length checked by the caller).
    Sha256,
    /// A field read elsewhere (`maxTimeMS`, by the dispatcher) or ignored by the IDL.
    Unread,
}

/// A field's value as its type reads it.
pub enum FieldValue<'a> {
    /// An object.
    Object(&'a Document),
    /// A whole number (a count's limit as its absolute value).
    Long(i64),
    /// A bool.
    Bool(bool),
    /// A string.
    String(&'a str),
    /// An array's elements.
    Array(&'a [Bson]),
    /// Binary data's bytes.
    Bytes(&'a [u8]),
    /// An aggregation pipeline's stages (a pipeline-style update).
    Pipeline(&'a [Bson]),
    /// A value checked and not kept (a hint, an unread field).
    Checked,
}

impl FieldType {
    /// Whether the field's reader sees `null` and `undefined` (its IDL type is `any`).
    fn reads_null(self) -> bool {
        matches!(
            self,
            Self::OwnedObject
                | Self::Hint
                | Self::OptionalBool
                | Self::CountLimit
                | Self::UpdateModification
                | Self::MultiDelete
        )
    }

    /// Reads `value` of field `name` at `path` as this type.
    fn read<'a>(self, name: &str, value: &'a Bson, path: &str) -> ServerResult<FieldValue<'a>> {
        Ok(match self {
            Self::Object => FieldValue::Object(object(path, value)?),
            Self::OwnedObject => FieldValue::Object(owned_object(name, value)?),
            Self::NoOpBool => match value {
                Bson::Boolean(b) => FieldValue::Bool(*b),
                other => FieldValue::Object(owned_object(name, other)?),
            },
            Self::Hint => {
                hint(value)?;
                FieldValue::Checked
            }
            Self::OptionalBool => FieldValue::Bool(optional_bool(name, value)?),
            Self::SafeInt64 => FieldValue::Long(safe_int64(path, value)?),
            Self::NonNegativeInt64 => FieldValue::Long(non_negative_long(path, value)?),
            Self::CountLimit => FieldValue::Long(count_limit(value)?),
            Self::String => FieldValue::String(string(path, value)?),
            Self::Bool => FieldValue::Bool(boolean(path, value)?),
            Self::SafeBool => FieldValue::Bool(safe_bool(path, value)?),
            Self::Int => match value {
                Bson::Int32(n) => FieldValue::Long(i64::from(*n)),
                other => return Err(wrong_type(path, other, "int")),
            },
            Self::Long => FieldValue::Long(long(path, value)?),
            Self::Array => FieldValue::Array(array(path, value)?),
            Self::ObjectArray => {
                let items = array(path, value)?;
                parse_struct_array(path, items, |_| Ok(()))?;
                FieldValue::Array(items)
            }
            Self::UpdateModification => match value {
                Bson::Document(d) => FieldValue::Object(d),
                Bson::Array(stages) => {
                    if stages
                        .iter()
                        .any(|stage| !matches!(stage, Bson::Document(_)))
                    {
                        return Err(ServerError::new(
                            ErrorCode::TypeMismatch,
                            "Each element of the 'pipeline' array must be an object",
                        ));
                    }
                    FieldValue::Pipeline(stages)
                }
                _ => {
                    return Err(ServerError::new(
                        ErrorCode::FailedToParse,
                        "Update argument must be either an object or an array",
                    ))
                }
            },
            Self::MultiDelete => {
                let limit = crate::engine::values::number_value(value).unwrap_or(0.0);
                #[allow(clippy::float_cmp, reason = "the server's limit == 0 || limit == 1")]
                if limit != 0.0 && limit != 1.0 {
                    return Err(ServerError::new(
                        ErrorCode::FailedToParse,
                        format!(
                            "The limit field in delete objects must be 0 or 1. Got {}",
                            crate::decimal::c_general_text(limit, 6)
                        ),
                    ));
                }
                FieldValue::Bool(limit == 0.0)
            }
            Self::Uuid => FieldValue::Bytes(bin_data(path, value, BinarySubtype::Uuid)?),
            Self::Sha256 => FieldValue::Bytes(bin_data(path, value, BinarySubtype::Generic)?),
            Self::Unread => FieldValue::Checked,
        })
    }
}

/// Parses a strict command whose fields have [`FieldType`]s, in document order, as its
/// generated parser does: each field read by its type (the first refusal wins), what it read
/// handed to `on_field` (which may refuse it in turn, where it stands); the generic arguments
/// pass; any other field is `IDLUnknownField`.
pub fn parse_command<'a>(
    command: &'a Document,
    context: &str,
    fields: &[(&str, FieldType)],
    mut on_field: impl FnMut(&str, FieldValue<'a>) -> ServerResult<()>,
) -> ServerResult<()> {
    read_fields(command, context, fields, true, &mut on_field).map(drop)
}

/// Parses a strict struct (a write statement, a session id, a kill's pattern, …) whose fields have [`FieldType`]s, as
/// [`parse_command`] does but with no generic arguments; then the first of `required`
/// (alphabetically) that was not read is `IDLFailedToParse` `BSON field '<context>.<name>' is
/// missing but a required field` (a typed field's `null` is not read).
pub fn parse_struct<'a>(
    doc: &'a Document,
    context: &str,
    fields: &[(&str, FieldType)],
    required: &[&str],
    mut on_field: impl FnMut(&str, FieldValue<'a>) -> ServerResult<()>,
) -> ServerResult<()> {
    let read = read_fields(doc, context, fields, false, &mut on_field)?;
    match required.iter().filter(|name| !read.contains(name)).min() {
        Some(first) => Err(missing(&format!("{context}.{first}"))),
        None => Ok(()),
    }
}

/// Reads a command's fields after its name (`command`, where the generic arguments pass) or a
/// struct's, by `fields`' types in order; answers the names read. (One copy for every caller:
/// `on_field` is a trait object.)
fn read_fields<'a, 'f>(
    doc: &'a Document,
    context: &str,
    fields: &[(&'f str, FieldType)],
    command: bool,
    on_field: &mut dyn FnMut(&str, FieldValue<'a>) -> ServerResult<()>,
) -> ServerResult<Vec<&'f str>> {
    let mut read = Vec::new();
    for (key, value) in doc.iter().skip(usize::from(command)) {
        let path = format!("{context}.{key}");
        match fields.iter().find(|(name, _)| name == key) {
            Some(&(name, field_type)) => {
                if field_type.reads_null() || present(Some(value)).is_some() {
                    on_field(name, field_type.read(name, value, &path)?)?;
                    read.push(name);
                }
            }
            None if command && super::GENERIC_ARGUMENTS.contains(&key.as_str()) => {}
            None => return Err(unknown(&path)),
        }
    }
    Ok(read)
}
