//! Reading BSON that comes from outside the playground (a share link's payload, the autosave,
//! which another tab or an old version may have written): its nesting is measured without
//! recursion before the decoder, which recurses once per level, ever sees it. A link that nests
//! 3,000 documents used to overflow the WebAssembly stack ("memory access out of bounds").

use bson::raw::{RawArray, RawBsonRef, RawDocument};
use bson::Document;

/// The deepest nesting accepted, as for shell values
/// ([`crate::shell::budget::MAX_VALUE_DEPTH`]).
pub const MAX_DEPTH: usize = crate::shell::budget::MAX_VALUE_DEPTH;

/// Why bytes are not a document this app reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BsonInputError {
    /// Not a well-formed BSON document.
    Malformed,
    /// Nested deeper than [`MAX_DEPTH`].
    TooDeep,
}

/// Decodes a document after checking that it nests at most [`MAX_DEPTH`] levels.
///
/// # Errors
/// [`BsonInputError::TooDeep`] or [`BsonInputError::Malformed`].
pub fn read_document(bytes: &[u8]) -> Result<Document, BsonInputError> {
    let top = RawDocument::from_bytes(bytes).map_err(|_| BsonInputError::Malformed)?;
    check_depth(top)?;
    Document::from_reader(bytes).map_err(|_| BsonInputError::Malformed)
}

enum Container<'a> {
    Document(&'a RawDocument),
    Array(&'a RawArray),
}

/// Walks the document with an explicit stack of the containers still to visit.
fn check_depth<'a>(top: &'a RawDocument) -> Result<(), BsonInputError> {
    let mut pending = vec![(Container::Document(top), 1_usize)];
    while let Some((container, depth)) = pending.pop() {
        let mut visit = |value: Result<RawBsonRef<'a>, bson::error::Error>| {
            let child = match value.map_err(|_| BsonInputError::Malformed)? {
                RawBsonRef::Document(d) => Container::Document(d),
                RawBsonRef::Array(a) => Container::Array(a),
                RawBsonRef::JavaScriptCodeWithScope(code) => Container::Document(code.scope),
                _ => return Ok(()),
            };
            if depth >= MAX_DEPTH {
                return Err(BsonInputError::TooDeep);
            }
            pending.push((child, depth + 1));
            Ok(())
        };
        match container {
            Container::Document(doc) => {
                for element in doc {
                    visit(element.map(|(_, value)| value))?;
                }
            }
            Container::Array(array) => {
                for value in array {
                    visit(value)?;
                }
            }
        }
    }
    Ok(())
}
