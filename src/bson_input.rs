//! Reading BSON that comes from outside the playground (a share link's payload, the autosave,
//! which another tab or an old version may have written): its nesting is measured without
//! recursion before the decoder, which recurses once per level, ever sees it. A link that nests
//! 3,000 documents used to overflow the WebAssembly stack ("memory access out of bounds").
//! The scan only reads element types and lengths (a few hundred bytes of code, not a second
//! BSON reader); whatever it does not understand is left to the decoder to refuse.

use bson::Document;

/// The deepest nesting accepted, here and for shell values (the server's 100 levels).
pub const MAX_DEPTH: usize = 100;

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
    check_depth(bytes)?;
    // Read from the bytes in place: `Document::from_reader` goes through `std::io::Read`, whose
    // error texts the first load would carry.
    bson::RawDocument::from_bytes(bytes)
        .and_then(Document::try_from)
        .map_err(|_| BsonInputError::Malformed)
}

fn i32_at(bytes: &[u8], at: usize) -> Option<usize> {
    let raw: [u8; 4] = bytes.get(at..at + 4)?.try_into().ok()?;
    usize::try_from(i32::from_le_bytes(raw)).ok()
}

/// Walks the elements with an explicit stack of the ends of the documents still open.
fn check_depth(bytes: &[u8]) -> Result<(), BsonInputError> {
    let malformed = BsonInputError::Malformed;
    let top = i32_at(bytes, 0)
        .filter(|n| *n == bytes.len())
        .ok_or(malformed)?;
    // The end (exclusive, at the closing 0) of each open document; the top one first.
    let mut open = vec![top - 1];
    let mut at = 4;
    while let Some(&end) = open.last() {
        if at >= end {
            open.pop();
            at = end + 1;
            continue;
        }
        let kind = bytes[at];
        let name_end = bytes[at + 1..end]
            .iter()
            .position(|b| *b == 0)
            .ok_or(malformed)?;
        at += 1 + name_end + 1;
        let length = |fixed: usize| -> Result<usize, BsonInputError> {
            let n = i32_at(bytes, at).ok_or(malformed)?;
            Ok(4 + n + fixed)
        };
        let size = match kind {
            // Embedded document, array: descend.
            0x03 | 0x04 => {
                let n = i32_at(bytes, at).filter(|n| *n >= 5).ok_or(malformed)?;
                if at + n > end {
                    return Err(malformed);
                }
                if open.len() >= MAX_DEPTH {
                    return Err(BsonInputError::TooDeep);
                }
                open.push(at + n - 1);
                at += 4;
                continue;
            }
            0x01 | 0x09 | 0x11 | 0x12 => 8,
            0x02 | 0x0D | 0x0E => length(0)?,
            0x05 => length(1)?,
            0x07 => 12,
            0x08 => 1,
            0x0A | 0x06 | 0x7F | 0xFF => 0,
            0x10 => 4,
            0x13 => 16,
            0x0C => length(12)?,
            // Regular expression: two C strings.
            0x0B => {
                let cstr = |from: usize| {
                    bytes
                        .get(from..end)
                        .and_then(|rest| rest.iter().position(|b| *b == 0))
                        .map(|n| n + 1)
                        .ok_or(malformed)
                };
                let pattern = cstr(at)?;
                pattern + cstr(at + pattern)?
            }
            // Code with scope: its scope is a document the decoder reads recursively too, so it
            // is refused here rather than scanned; nothing the app writes holds one.
            _ => return Err(malformed),
        };
        at += size;
        if at > end {
            return Err(malformed);
        }
    }
    Ok(())
}
