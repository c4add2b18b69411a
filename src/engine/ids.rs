//! Identities: the logical session id `{id, uid}`, the SHA-256 user digest that forms `uid`,
//! and the seeded source every new id comes from (so a script always yields the same ids).

use base64::Engine as _;
use bson::{spec::BinarySubtype, Binary, Bson, Document};
use rand_core::{RngCore, SeedableRng};
use rand_pcg::Pcg64Mcg;
use sha2::{Digest, Sha256};
use std::fmt;

/// A 32-byte SHA-256 digest of `"<user>@<db>"`, or of `""` when no user is authenticated.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Uid(pub [u8; 32]);

impl Uid {
    /// The digest of a display name (`name@db`), exactly as `User::computeDigest` does.
    pub fn of_display_name(display_name: &str) -> Self {
        Self(Sha256::digest(display_name.as_bytes()).into())
    }

    /// The digest of user `name` in database `db`.
    pub fn of_user(name: &str, db: &str) -> Self {
        if name.is_empty() && db.is_empty() {
            return Self::no_auth();
        }
        Self::of_display_name(&format!("{name}@{db}"))
    }

    /// `kNoAuthDigest`: the digest of the empty string.
    pub fn no_auth() -> Self {
        Self::of_display_name("")
    }

    /// Lower-case hex, as the spec's worked examples print it.
    pub fn to_hex(self) -> String {
        hex::encode(self.0)
    }

    /// The wire form: `BinData` subtype 0, 32 bytes.
    pub fn to_bson(self) -> Bson {
        Bson::Binary(Binary {
            subtype: BinarySubtype::Generic,
            bytes: self.0.to_vec(),
        })
    }
}

impl fmt::Debug for Uid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Uid({})", &self.to_hex()[..12])
    }
}

/// A 16-byte session UUID (`BinData` subtype 4).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SessionUuid(pub [u8; 16]);

impl SessionUuid {
    /// The wire form.
    pub fn to_bson(self) -> Bson {
        Bson::Binary(Binary {
            subtype: BinarySubtype::Uuid,
            bytes: self.0.to_vec(),
        })
    }

    /// The lsid a client sends for this id, `{ id: UUID(…) }` (the server fills in the uid).
    pub fn lsid(self) -> bson::Document {
        bson::doc! { "id": self.to_bson() }
    }

    /// Canonical `8-4-4-4-12` text.
    pub fn to_hyphenated(self) -> String {
        bson::Uuid::from_bytes(self.0).to_string()
    }
}

impl fmt::Debug for SessionUuid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.to_hyphenated())
    }
}

/// What makes a session an internal *child* of its parent (`logical_session_id.idl`): a
/// `txnUUID`, and a `txnNumber` for the children that run a retryable write's transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ChildSession {
    /// `txnNumber` in the lsid (retryable-write children only).
    pub txn_number: Option<i64>,
    /// `txnUUID`.
    pub txn_uuid: SessionUuid,
}

/// The server-side identity of a session: `{ id, uid }`, plus the child fields of an internal
/// session (`isChildSession`), whose parent is its `{ id, uid }` (`castToParentSessionId`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Lsid {
    /// The client-chosen UUID.
    pub id: SessionUuid,
    /// The owner's digest.
    pub uid: Uid,
    /// The child fields, for an internal session.
    pub child: Option<ChildSession>,
}

impl Lsid {
    /// Reads `{ id: UUID(…), uid: BinData(0, <32 bytes>) }`, the form of a record's `_id`.
    pub fn from_document(doc: &Document) -> Option<Self> {
        let id = match doc.get("id")? {
            Bson::Binary(b) if b.subtype == BinarySubtype::Uuid => {
                SessionUuid(b.bytes.as_slice().try_into().ok()?)
            }
            _ => return None,
        };
        let uid = match doc.get("uid")? {
            Bson::Binary(b) => Uid(b.bytes.as_slice().try_into().ok()?),
            _ => return None,
        };
        Some(Self {
            id,
            uid,
            child: None,
        })
    }

    /// A parent session.
    pub fn new(id: SessionUuid, uid: Uid) -> Self {
        Self {
            id,
            uid,
            child: None,
        }
    }

    /// The parent session: itself for a parent. The session cache, `config.system.sessions`,
    /// the listings and the kill matcher see only parents.
    #[must_use]
    pub fn parent(self) -> Self {
        Self::new(self.id, self.uid)
    }

    /// `{ id: UUID(…), uid: BinData(0, …) }`, with `txnNumber` and `txnUUID` for a child.
    pub fn to_document(self) -> Document {
        let mut d = Document::new();
        d.insert("id", self.id.to_bson());
        d.insert("uid", self.uid.to_bson());
        if let Some(child) = self.child {
            if let Some(n) = child.txn_number {
                d.insert("txnNumber", n);
            }
            d.insert("txnUUID", child.txn_uuid.to_bson());
        }
        d
    }

    /// The server's `LogicalSessionId` text form used in messages (`operator<<` in
    /// `logical_session_id.h`): `<id> - <uid> - <txnNumber> - <txnUUID>`, the last two empty
    /// for a parent; the uid in base64, as `SHABlock::toString` writes it.
    pub fn to_server_string(self) -> String {
        let child = self.child;
        [
            self.id.to_hyphenated(),
            base64::engine::general_purpose::STANDARD.encode(self.uid.0),
            child
                .and_then(|c| c.txn_number)
                .map(|n| n.to_string())
                .unwrap_or_default(),
            child
                .map(|c| c.txn_uuid.to_hyphenated())
                .unwrap_or_default(),
        ]
        .join(" - ")
    }
}

/// js-bson's counter wraps at `0xffffff`.
const COUNTER_MODULUS: u32 = 0xff_ffff;

/// Seeded source of UUIDs, cursor ids and the like (a PCG generator from `rand_pcg`: small and
/// deterministic; these ids need no cryptographic strength). Never reads an OS random source.
#[derive(Clone, Debug)]
pub struct IdSource {
    rng: Pcg64Mcg,
    /// The `ObjectId` state of the shell's process (js-bson's) and of the server's (mongod's),
    /// drawn when the first id of each is made, so that a script that makes none draws the same
    /// UUIDs as before.
    object_ids: [Option<ObjectIdProcess>; 2],
}

/// Who makes an `ObjectId`: the shell (the driver, for a document inserted without `_id`, and
/// `ObjectId()`) or the server (an `insert` command's document without `_id`, an upsert's).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ObjectIdMaker {
    /// mongosh's js-bson.
    Shell = 0,
    /// mongod.
    Server = 1,
}

/// A process's `ObjectId` state, as js-bson's `ObjectId.generate` and mongod's `OID::gen` keep
/// it: five bytes unique to the process and a counter from a random start.
#[derive(Clone, Copy, Debug)]
struct ObjectIdProcess {
    unique: [u8; 5],
    counter: u32,
}

impl IdSource {
    /// A source that yields the same ids for the same seed.
    pub fn new(seed: u64) -> Self {
        Self {
            rng: Pcg64Mcg::seed_from_u64(seed),
            object_ids: [None; 2],
        }
    }

    /// A version-4 UUID.
    pub fn uuid(&mut self) -> SessionUuid {
        let mut bytes = [0u8; 16];
        self.rng.fill_bytes(&mut bytes);
        bytes[6] = (bytes[6] & 0x0f) | 0x40;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        SessionUuid(bytes)
    }

    /// A positive 63-bit cursor id (never 0, which means "exhausted").
    pub fn cursor_id(&mut self) -> i64 {
        loop {
            let value = i64::try_from(self.rng.next_u64() >> 1).unwrap_or(i64::MAX);
            if value != 0 {
                return value;
            }
        }
    }

    /// An `ObjectId` made by `maker` at `seconds` since the epoch: the seconds (4 bytes, big
    /// endian), the process's unique 5 bytes and its counter's next value (3 bytes, big endian),
    /// so the ids of one `insertMany` differ in their last digits, as in mongosh.
    pub fn object_id(&mut self, maker: ObjectIdMaker, seconds: u32) -> bson::oid::ObjectId {
        let rng = &mut self.rng;
        let process = self.object_ids[maker as usize].get_or_insert_with(|| {
            let mut unique = [0u8; 5];
            rng.fill_bytes(&mut unique);
            ObjectIdProcess {
                unique,
                counter: rng.next_u32() % COUNTER_MODULUS,
            }
        });
        // js-bson: `ObjectId.index = (ObjectId.index + 1) % 0xffffff`, then used.
        process.counter = (process.counter + 1) % COUNTER_MODULUS;
        let mut bytes = [0u8; 12];
        bytes[..4].copy_from_slice(&seconds.to_be_bytes());
        bytes[4..9].copy_from_slice(&process.unique);
        bytes[9..].copy_from_slice(&process.counter.to_be_bytes()[1..]);
        bson::oid::ObjectId::from_bytes(bytes)
    }
}

/// The first 8 hex digits of a session id, for messages.
pub fn short(lsid: &Lsid) -> String {
    let parent = lsid.id.to_hyphenated()[..8].to_owned();
    match lsid.child {
        Some(child) => format!("{parent} (child {})", &child.txn_uuid.to_hyphenated()[..8]),
        None => parent,
    }
}

/// A connection's number (`conn12`).
pub type ConnId = u32;
