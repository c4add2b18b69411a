//! The three session stores the server keeps apart: the in-memory logical session cache
//! (`$listLocalSessions`), the `config.system.sessions` collection (`$listSessions`), and the
//! registry of every session this deployment has ever seen (what the board and the kill
//! verdicts report on, including ended and expired sessions).
//!
//! The cache follows `LogicalSessionCacheImpl`: `vivify` creates or touches a record; a
//! refresh swaps the whole cache out, upserts its records (and the sessions of running
//! operations) into the collection, deletes ended sessions there, and kills the cursors of
//! ended sessions and of sessions whose record has disappeared. So right after a refresh the
//! cache is empty until sessions are used again.

use super::error::{ErrorCode, ServerError, ServerResult};
use super::ids::Lsid;
use crate::collections::{Map, Set};
use crate::shared_map::SharedMap;
use bson::{doc, Document};

/// A record in the in-memory cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheRecord {
    /// Last time (ms since epoch) a command used the session.
    pub last_use: i64,
    /// `name@db` (interned) when the creator was authenticated with access control on.
    pub user: Option<Owner>,
}

/// An interned owner display name (`name@db`): sessions store 4 bytes, not a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Owner(pub(crate) u32);

/// How a session's life ended, if it did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lifecycle {
    /// Known and not ended.
    Live,
    /// `endSessions` named it; it is removed at the next refresh.
    Ending {
        /// When endSessions ran.
        at: i64,
    },
    /// A refresh removed it after `endSessions`.
    Ended {
        /// When the refresh removed it.
        at: i64,
    },
    /// The TTL index removed its record after 30 idle minutes.
    Expired {
        /// When the record was removed.
        at: i64,
    },
}

/// What the registry remembers of a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionMeta {
    /// Owner, when known.
    pub owner: Option<Owner>,
    /// Ended / expired?
    pub lifecycle: Lifecycle,
}

/// Outcome of one cache refresh.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct RefreshOutcome {
    /// Records written to `config.system.sessions`.
    pub refreshed: usize,
    /// Sessions removed because `endSessions` named them.
    pub ended: Vec<Lsid>,
    /// Sessions whose cursors must be killed (ended, or record gone).
    pub kill_cursors_of: Set<Lsid>,
}

/// What the cache's refresh jobs did, as `serverStatus` reports them (the stats
/// `LogicalSessionCacheImpl::_refresh` keeps): how many ran on demand
/// (`refreshLogicalSessionCacheNow`), and the last one that ran. The periodic refreshes that
/// could change nothing are skipped by the clock, and counted from their schedule
/// ([`crate::engine::Deployment::refresh_jobs`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct RefreshLog {
    /// Refreshes run on demand.
    pub on_demand: i64,
    /// The last refresh that ran.
    pub last: Option<RefreshRun>,
}

/// One refresh job: when it ran and what it did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefreshRun {
    /// Logical time, ms since the epoch.
    pub at: i64,
    /// Records written to `config.system.sessions`.
    pub refreshed: usize,
    /// Sessions that `endSessions` had named, removed.
    pub ended: usize,
    /// Cursors closed because their session ended or its record was gone.
    pub cursors_closed: usize,
}

/// The logical session cache, the sessions collection and the registry.
#[derive(Debug, Clone, Default)]
pub struct SessionStore {
    /// In-memory cache (`_activeSessions`).
    pub cache: SharedMap<Lsid, CacheRecord>,
    /// Sessions named by `endSessions` since the last refresh (`_endingSessions`).
    pub ending: Set<Lsid>,
    /// `config.system.sessions`.
    pub collection: SharedMap<Lsid, CacheRecord>,
    /// Every session ever seen, in order of first appearance.
    pub registry: SharedMap<Lsid, SessionMeta>,
    owners: Vec<String>,
    owner_ids: Map<String, Owner>,
}

/// The sessions collection's database and name (`config.system.sessions`).
pub const COLLECTION_NAMESPACE: (&str, &str) = ("config", "system.sessions");

impl SessionStore {
    /// A record as a document, `{ _id: { id, uid }, lastUse, user }`, with `user` as
    /// `{ name }` (the collection's form) or as a string (`$listLocalSessions`'s).
    pub fn record_document(
        &self,
        lsid: Lsid,
        record: &CacheRecord,
        user_as_document: bool,
    ) -> Document {
        let mut d = doc! { "_id": lsid.to_document(), "lastUse": bson::DateTime::from_millis(record.last_use) };
        if let Some(user) = self.owner_name(record.user) {
            if user_as_document {
                d.insert("user", doc! { "name": user });
            } else {
                d.insert("user", user);
            }
        }
        d
    }

    /// `config.system.sessions` as the collection's documents, in the order the sessions first
    /// appeared.
    pub fn collection_documents(&self) -> Vec<Document> {
        self.registry
            .keys()
            .filter_map(|lsid| Some(self.record_document(*lsid, self.collection.get(lsid)?, true)))
            .collect()
    }

    /// Makes `config.system.sessions` hold `after`, what a write made of its documents: a
    /// record deleted by hand is gone (the next refresh treats its session as expired), a
    /// changed `lastUse` is kept. Session Lab keeps the collection as typed records, so a
    /// document that is not the record of a session the deployment has seen is refused, and
    /// nothing changes.
    pub fn set_collection(&mut self, after: &[Document]) -> Result<(), String> {
        let mut collection = SharedMap::default();
        for doc in after {
            let record = doc
                .get_document("_id")
                .ok()
                .and_then(Lsid::from_document)
                .filter(|lsid| self.registry.contains_key(lsid))
                .zip(doc.get_datetime("lastUse").ok());
            let Some((lsid, last_use)) = record else {
                return Err(format!(
                    "Session Lab keeps config.system.sessions as the records of sessions it has seen ({{ _id: {{ id, uid }}, lastUse, user: {{ name }} }}); {} is not one",
                    crate::engine::bson_text::document_to_server_string(doc)
                ));
            };
            let user = match doc
                .get_document("user")
                .ok()
                .and_then(|u| u.get_str("name").ok())
            {
                Some(name) => self.intern(Some(name)),
                None => None,
            };
            collection.insert(
                lsid,
                CacheRecord {
                    last_use: last_use.timestamp_millis(),
                    user,
                },
            );
        }
        self.collection = collection;
        Ok(())
    }

    /// The interned id of an owner name.
    pub fn intern(&mut self, name: Option<&str>) -> Option<Owner> {
        let name = name?;
        if let Some(id) = self.owner_ids.get(name) {
            return Some(*id);
        }
        let id = Owner(u32::try_from(self.owners.len()).unwrap_or(u32::MAX));
        self.owners.push(name.to_owned());
        self.owner_ids.insert(name.to_owned(), id);
        Some(id)
    }

    /// The records of `config.system.sessions`.
    pub fn stored_records(&self) -> impl Iterator<Item = &CacheRecord> {
        self.collection.values()
    }

    /// How many records `config.system.sessions` holds.
    pub fn stored_count(&self) -> usize {
        self.collection.len()
    }

    /// Whether `config.system.sessions` has a record for the session.
    pub fn is_stored(&self, lsid: &Lsid) -> bool {
        self.collection.contains_key(lsid)
    }

    /// Whether the in-memory cache and the ending set are both empty.
    pub fn cache_is_empty(&self) -> bool {
        self.cache.is_empty() && self.ending.is_empty()
    }

    /// Every interned owner name, by id.
    pub fn owner_names(&self) -> &[String] {
        &self.owners
    }

    /// The display name of an interned owner.
    pub fn owner_name(&self, owner: Option<Owner>) -> Option<&str> {
        owner
            .and_then(|Owner(i)| self.owners.get(i as usize))
            .map(String::as_str)
    }

    /// A session's position in the registry. The registry only grows, so a position never
    /// changes: records that belong to a session keep it, and a kill report orders its effects
    /// by it without hashing.
    pub fn slot(&self, lsid: &Lsid) -> Option<u32> {
        self.registry
            .get_index_of(&lsid.parent())
            .and_then(|i| u32::try_from(i).ok())
    }

    /// Notes a session in the registry (no effect on the cache).
    pub fn register(&mut self, lsid: Lsid, owner: Option<&str>) {
        let owner = self.intern(owner);
        let meta = self.registry.get_or_insert_with(lsid, || SessionMeta {
            owner,
            lifecycle: Lifecycle::Live,
        });
        if meta.owner.is_none() {
            meta.owner = owner;
        }
        if matches!(
            meta.lifecycle,
            Lifecycle::Ended { .. } | Lifecycle::Expired { .. }
        ) {
            meta.lifecycle = Lifecycle::Live;
        }
    }

    /// `LogicalSessionCacheImpl::vivify`: touch the record or add one, within `max_sessions`.
    /// A child session vivifies its parent: parent and children are one logical session.
    pub fn vivify(
        &mut self,
        lsid: Lsid,
        user: Option<&str>,
        now: i64,
        max_sessions: usize,
    ) -> ServerResult<()> {
        let lsid = lsid.parent();
        if let Some(record) = self.cache.get_mut(&lsid) {
            record.last_use = now;
        } else {
            let user = self.intern(user);
            self.add_if_not_full(
                lsid,
                CacheRecord {
                    last_use: now,
                    user,
                },
                max_sessions,
            )?;
        }
        self.register(lsid, user);
        Ok(())
    }

    /// `_addToCacheIfNotFull`.
    pub fn add_if_not_full(
        &mut self,
        lsid: Lsid,
        record: CacheRecord,
        max_sessions: usize,
    ) -> ServerResult<()> {
        if self.cache.len() >= max_sessions {
            return Err(ServerError::new(
                ErrorCode::TooManyLogicalSessions,
                format!(
                    "Unable to add session ID {} into the cache because the number of active sessions is too high",
                    lsid.to_server_string()
                ),
            ));
        }
        self.cache.insert(lsid, record);
        Ok(())
    }

    /// `endSessions`: remember the ids; effects wait for the next refresh.
    pub fn end(&mut self, lsids: impl IntoIterator<Item = Lsid>, now: i64) {
        for lsid in lsids {
            self.ending.insert(lsid);
            if let Some(meta) = self.registry.get_mut(&lsid) {
                if meta.lifecycle == Lifecycle::Live {
                    meta.lifecycle = Lifecycle::Ending { at: now };
                }
            }
        }
    }

    /// `LogicalSessionCacheImpl::_refresh`.
    pub fn refresh(
        &mut self,
        now: i64,
        running_op_sessions: &Set<Lsid>,
        open_cursor_sessions: &Set<Lsid>,
    ) -> RefreshOutcome {
        let ending = std::mem::take(&mut self.ending);
        let mut active = std::mem::take(&mut self.cache);
        for lsid in &ending {
            active.swap_remove(lsid);
        }
        let mut refreshed = 0;
        for lsid in running_op_sessions {
            if ending.contains(lsid) {
                continue;
            }
            // A running op's upsert carries no user name; an existing record keeps its own.
            let record = active.get(lsid).cloned().unwrap_or(CacheRecord {
                last_use: now,
                user: None,
            });
            let stored = self.collection.get_or_insert_with(*lsid, || record);
            stored.last_use = now;
            refreshed += 1;
        }
        for (lsid, record) in active {
            if running_op_sessions.contains(&lsid) {
                continue;
            }
            let stored = self.collection.get_or_insert_with(lsid, || record.clone());
            stored.last_use = now;
            if record.user.is_some() {
                stored.user = record.user;
            }
            refreshed += 1;
        }
        for lsid in &ending {
            self.collection.swap_remove(lsid);
            if let Some(meta) = self.registry.get_mut(lsid) {
                meta.lifecycle = Lifecycle::Ended { at: now };
            }
        }
        let mut kill_cursors_of: Set<Lsid> = open_cursor_sessions
            .iter()
            .filter(|lsid| !self.cache.contains_key(*lsid) && !self.collection.contains_key(*lsid))
            .copied()
            .collect();
        kill_cursors_of.extend(ending.iter().copied());
        RefreshOutcome {
            refreshed,
            ended: ending.into_iter().collect(),
            kill_cursors_of,
        }
    }

    /// The TTL monitor's pass over `config.system.sessions`: removes records idle longer than
    /// `timeout_ms`, returning them.
    pub fn expire(&mut self, now: i64, timeout_ms: i64) -> Vec<Lsid> {
        let mut expired = Vec::new();
        self.collection.retain(|lsid, record| {
            let keep = record.last_use + timeout_ms > now;
            if !keep {
                expired.push(*lsid);
            }
            keep
        });
        for lsid in &expired {
            if !self.cache.contains_key(lsid) {
                if let Some(meta) = self.registry.get_mut(lsid) {
                    if meta.lifecycle == Lifecycle::Live {
                        meta.lifecycle = Lifecycle::Expired { at: now };
                    }
                }
            }
        }
        expired
    }
}
