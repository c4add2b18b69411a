//! Shell cursors, as mongosh has them: lazy until first iterated (the first `find` or
//! `aggregate`, then `getMore`s), the modifiers that shape the first command (`sort`, `skip`,
//! `limit`, `project`, `batchSize`, refused once the cursor has started), and the methods that
//! read it (`next`, `hasNext`, `toArray`, `forEach`, `map`, `count`, `size`, `itcount`, …).

use super::args::{self, type_error};
use super::client::{check_ok, CursorSource, CursorState, Flow, ShellCursor};
use super::diagnostics::Span;
use super::method_names::CursorMethod;
use super::value::{DbRef, Value};
use super::Shell;
use bson::{doc, Bson, Document};

/// A modifier of a `find` cursor's first command.
#[derive(Clone, Copy)]
enum Modifier {
    Sort,
    Skip,
    /// `project` or `projection`, by the name used.
    Project(&'static str),
}

/// A cursor's `limit` and `batchSize` as the Node driver's `makeFindCommand` sends them: a
/// negative limit is its size with `singleBatch`; a negative batch size asks for one batch, of
/// that size when it is below the limit.
fn find_limits(cmd: &mut Document, limit: Option<i64>, batch_size: Option<i32>) {
    if let Some(limit) = limit {
        cmd.insert("limit", limit.saturating_abs());
        if limit < 0 {
            cmd.insert("singleBatch", true);
        }
    }
    match batch_size {
        Some(size) if size < 0 => {
            let size = i64::from(size).abs();
            if limit.is_some_and(|limit| limit != 0 && size < limit.saturating_abs()) {
                cmd.insert("limit", size);
            }
            cmd.insert("singleBatch", true);
        }
        Some(size) => {
            cmd.insert("batchSize", size);
        }
        None => {}
    }
}

impl Shell {
    pub(super) fn new_cursor(&mut self, db: &DbRef, source: CursorSource) -> Value {
        self.cursors.push(ShellCursor {
            conn: db.conn,
            db: db.name.clone(),
            session: db.session,
            source,
            batch_size: None,
            limit: None,
            max_time_ms: None,
            no_cursor_timeout: false,
            sort: None,
            skip: None,
            state: CursorState::NotStarted,
            implicit: None,
        });
        Value::Cursor(self.cursors.len() - 1)
    }

    /// `find`'s options, which mongosh hands to the driver's find: `sort`, `skip`, `limit`,
    /// `batchSize`, `maxTimeMS`, `projection` and `noCursorTimeout` set as the cursor's methods
    /// set them (a `projection` argument before `options.projection`, as mongosh puts it
    /// there); the other options change nothing on one node.
    pub(super) fn apply_find_options(
        &mut self,
        index: usize,
        options: &Document,
        projection: Option<Document>,
        span: &Span,
    ) -> Result<(), Flow> {
        let projection = projection.map(Bson::Document);
        for method in [
            CursorMethod::Sort,
            CursorMethod::Skip,
            CursorMethod::Limit,
            CursorMethod::BatchSize,
            CursorMethod::MaxTimeMS,
            CursorMethod::Projection,
        ] {
            let option = crate::commands::idl::present(options.get(method.name()));
            let value = match method {
                CursorMethod::Projection => projection.as_ref().or(option),
                _ => option,
            };
            if let Some(value) = value {
                self.cursor_method(index, method, &[Value::Bson(value.clone())], span)?;
            }
        }
        // The driver sends `noCursorTimeout` when it is a boolean.
        if options.get("noCursorTimeout") == Some(&Bson::Boolean(true)) {
            self.cursors[index].no_cursor_timeout = true;
        }
        Ok(())
    }

    pub(super) fn cursor_method(
        &mut self,
        index: usize,
        method: CursorMethod,
        values: &[Value],
        span: &Span,
    ) -> Result<Value, Flow> {
        let name = method.name();
        match method {
            CursorMethod::Pretty => Ok(Value::Cursor(index)),
            CursorMethod::Sort => self.cursor_modifier(index, Modifier::Sort, values, span),
            CursorMethod::Skip => self.cursor_modifier(index, Modifier::Skip, values, span),
            CursorMethod::Project | CursorMethod::Projection => {
                self.cursor_modifier(index, Modifier::Project(name), values, span)
            }
            CursorMethod::BatchSize | CursorMethod::Limit | CursorMethod::MaxTimeMS => {
                let n = match values.first() {
                    Some(Value::Bson(b)) => crate::engine::storage::as_f64(b)
                        .ok_or_else(|| type_error(format!("{name}: expected a number"), span))?,
                    _ => return Err(type_error(format!("{name}: expected a number"), span)),
                };
                #[allow(clippy::cast_possible_truncation, reason = "a count")]
                let n = n as i64;
                if name == "limit" {
                    self.cursors[index].limit = Some(n);
                } else if name == "maxTimeMS" {
                    self.cursors[index].max_time_ms = Some(n);
                } else {
                    self.cursors[index].batch_size = Some(i32::try_from(n).unwrap_or(i32::MAX));
                }
                Ok(Value::Cursor(index))
            }
            CursorMethod::Next => Ok(Value::Bson(
                self.cursor_next(index, span)?
                    .map_or(Bson::Null, Bson::Document),
            )),
            CursorMethod::HasNext => Ok(Value::Bson(Bson::Boolean(
                self.cursor_has_next(index, span)?,
            ))),
            CursorMethod::ToArray | CursorMethod::Itcount => {
                let mut docs = Vec::new();
                while let Some(d) = self.cursor_next(index, span)? {
                    docs.push(Bson::Document(d));
                }
                Ok(Value::Bson(if name == "toArray" {
                    Bson::Array(docs)
                } else {
                    super::value::count(docs.len())
                }))
            }
            CursorMethod::ForEach | CursorMethod::Map => {
                self.each_or_map(name, values, span, |shell| {
                    let next = shell.cursor_next(index, span)?;
                    Ok(next.map(|d| vec![Value::Bson(Bson::Document(d))]))
                })
            }
            CursorMethod::NoCursorTimeout
            | CursorMethod::Count
            | CursorMethod::Size
            | CursorMethod::IsExhausted
            | CursorMethod::Close => {
                let code = self.code_on_demand(format_args!("cursor.{name}()"), span)?;
                (code.cursor_method)(self, index, method, span)
            }
            CursorMethod::Help => Ok(self.list_methods("cursor.", CursorMethod::NAMES)),
        }
    }

    /// The cursor methods whose code is fetched on first use ([`super::on_demand`]).
    pub(super) fn cursor_method_on_demand(
        &mut self,
        index: usize,
        method: CursorMethod,
        span: &Span,
    ) -> Result<Value, Flow> {
        let name = method.name();
        match method {
            CursorMethod::NoCursorTimeout => {
                self.cursors[index].no_cursor_timeout = true;
                Ok(Value::Cursor(index))
            }
            CursorMethod::Count | CursorMethod::Size => {
                self.cursor_count(index, name == "size", span)
            }
            CursorMethod::IsExhausted => Ok(Value::Bson(Bson::Boolean(matches!(
                self.cursors[index].state,
                CursorState::Exhausted
            )))),
            CursorMethod::Close => {
                if let CursorState::Open { id, ns, .. } = self.cursors[index].state.clone() {
                    if id != 0 {
                        let coll = ns
                            .split_once('.')
                            .map_or(ns.as_str(), |(_, c)| c)
                            .to_owned();
                        self.run_cursor_command(
                            index,
                            doc! { "killCursors": coll, "cursors": [Bson::Int64(id)] },
                            span,
                        )?;
                    }
                }
                self.cursors[index].state = CursorState::Exhausted;
                self.release_cursor_session(index);
                Ok(Value::undefined())
            }
            _ => Err(type_error(
                format!("cursor.{name}() is not a method of the code fetched on first use"),
                span,
            )),
        }
    }

    /// The next document of a cursor, running its first command or a getMore as needed.
    pub(super) fn cursor_next(
        &mut self,
        index: usize,
        span: &Span,
    ) -> Result<Option<Document>, Flow> {
        self.cursor_fill(index, span)?;
        let next = match &mut self.cursors[index].state {
            CursorState::Open { buffer, .. } => buffer.pop_front(),
            _ => None,
        };
        self.cursor_settle(index);
        Ok(next)
    }

    pub(super) fn cursor_has_next(&mut self, index: usize, span: &Span) -> Result<bool, Flow> {
        self.cursor_fill(index, span)?;
        let has = matches!(&self.cursors[index].state, CursorState::Open { buffer, .. } if !buffer.is_empty());
        self.cursor_settle(index);
        Ok(has)
    }

    /// Marks a drained cursor with id 0 as exhausted and releases its implicit session.
    fn cursor_settle(&mut self, index: usize) {
        if matches!(&self.cursors[index].state, CursorState::Open { id: 0, buffer, .. } if buffer.is_empty())
        {
            self.cursors[index].state = CursorState::Exhausted;
            self.release_cursor_session(index);
        }
    }

    fn cursor_fill(&mut self, index: usize, span: &Span) -> Result<(), Flow> {
        match &self.cursors[index].state {
            CursorState::NotStarted => {
                let cmd = self.cursor_first_command(index);
                let reply = check_ok(self.run_cursor_command(index, cmd, span)?)
                    .inspect_err(|_| self.fail_cursor(index))?;
                let (id, ns, batch) = cursor_reply(&reply, "firstBatch");
                self.cursors[index].state = CursorState::Open {
                    id,
                    ns,
                    buffer: batch.into(),
                };
            }
            CursorState::Open { id, ns, buffer } if buffer.is_empty() && *id != 0 => {
                let coll = ns
                    .split_once('.')
                    .map_or(ns.as_str(), |(_, c)| c)
                    .to_owned();
                let mut cmd = bson::doc! { "getMore": Bson::Int64(*id), "collection": coll };
                if let Some(b) = self.cursors[index].batch_size {
                    cmd.insert("batchSize", b);
                }
                let reply = check_ok(self.run_cursor_command(index, cmd, span)?)
                    .inspect_err(|_| self.fail_cursor(index))?;
                let (id, ns, batch) = cursor_reply(&reply, "nextBatch");
                self.cursors[index].state = CursorState::Open {
                    id,
                    ns,
                    buffer: batch.into(),
                };
            }
            _ => {}
        }
        Ok(())
    }

    fn fail_cursor(&mut self, index: usize) {
        self.cursors[index].state = CursorState::Exhausted;
        self.release_cursor_session(index);
    }

    fn cursor_first_command(&self, index: usize) -> Document {
        let cursor = &self.cursors[index];
        let mut cmd = match &cursor.source {
            CursorSource::Find {
                coll,
                filter,
                projection,
            } => {
                let mut cmd = bson::doc! { "find": coll.clone(), "filter": filter.clone() };
                if let Some(p) = projection {
                    cmd.insert("projection", p.clone());
                }
                if let Some(sort) = &cursor.sort {
                    cmd.insert("sort", sort.clone());
                }
                if let Some(skip) = cursor.skip {
                    cmd.insert("skip", skip);
                }
                find_limits(&mut cmd, cursor.limit, cursor.batch_size);
                if let Some(ms) = cursor.max_time_ms {
                    cmd.insert("maxTimeMS", ms);
                }
                if cursor.no_cursor_timeout {
                    cmd.insert("noCursorTimeout", true);
                }
                cmd
            }
            CursorSource::Aggregate { target, pipeline } => {
                let mut cursor_opts = Document::new();
                if let Some(b) = cursor.batch_size {
                    cursor_opts.insert("batchSize", b);
                }
                let mut cmd = bson::doc! { "aggregate": target.clone(), "pipeline": pipeline.clone(), "cursor": cursor_opts };
                if let Some(ms) = cursor.max_time_ms {
                    cmd.insert("maxTimeMS", ms);
                }
                cmd
            }
        };
        if cmd.is_empty() {
            cmd.insert("ping", 1);
        }
        cmd
    }

    /// `sort`, `skip`, `project`: they change the cursor's first command, so they are refused
    /// once it has run; `find`'s modifiers are not an aggregation cursor's.
    fn cursor_modifier(
        &mut self,
        index: usize,
        modifier: Modifier,
        values: &[Value],
        span: &Span,
    ) -> Result<Value, Flow> {
        let name = match modifier {
            Modifier::Sort => "sort",
            Modifier::Skip => "skip",
            Modifier::Project(name) => name,
        };
        if !matches!(self.cursors[index].state, CursorState::NotStarted) {
            return Err(super::client::driver_error(
                "MongoCursorInUseError",
                "Cursor is already initialized",
            ));
        }
        let cursor = &mut self.cursors[index];
        let CursorSource::Find { projection, .. } = &mut cursor.source else {
            return Err(type_error(
                format!("an aggregation cursor has no {name}(): use a ${name} stage"),
                span,
            ));
        };
        match modifier {
            Modifier::Sort => cursor.sort = Some(args::document(values, 0, name, span)?),
            Modifier::Skip => {
                let n = match values.first() {
                    Some(Value::Bson(b)) => crate::engine::storage::as_f64(b),
                    _ => None,
                };
                let n = n.ok_or_else(|| type_error("skip: expected a number", span))?;
                #[allow(clippy::cast_possible_truncation, reason = "a document count")]
                let n = n as i64;
                cursor.skip = Some(n);
            }
            Modifier::Project(_) => *projection = Some(args::document(values, 0, name, span)?),
        }
        Ok(Value::Cursor(index))
    }

    /// `count()` (the filter's matches) or `size()` (with `skip` and `limit` applied): a
    /// `count` command, as mongosh sends.
    fn cursor_count(
        &mut self,
        index: usize,
        apply_skip_limit: bool,
        span: &Span,
    ) -> Result<Value, Flow> {
        let cursor = &self.cursors[index];
        let CursorSource::Find { coll, filter, .. } = &cursor.source else {
            return Err(type_error(
                "an aggregation cursor has no count(): use a $count stage",
                span,
            ));
        };
        let mut cmd = doc! { "count": coll.clone(), "query": filter.clone() };
        if apply_skip_limit {
            if let Some(skip) = cursor.skip {
                cmd.insert("skip", skip);
            }
            if let Some(limit) = cursor.limit {
                cmd.insert("limit", limit);
            }
        }
        let db = DbRef {
            conn: cursor.conn,
            name: cursor.db.clone(),
            session: cursor.session,
        };
        self.run_count(&db, cmd, span)
    }

    /// Runs a `count` command and answers its `n`.
    pub(super) fn run_count(
        &mut self,
        db: &DbRef,
        command: Document,
        span: &Span,
    ) -> Result<Value, Flow> {
        let reply = self.run_in(db, command, span)?;
        Ok(Value::Bson(
            reply.get("n").cloned().unwrap_or(Bson::Int32(0)),
        ))
    }
}

fn cursor_reply(reply: &Document, batch_field: &str) -> (i64, String, Vec<Document>) {
    let cursor = reply.get_document("cursor").cloned().unwrap_or_default();
    let id = match cursor.get("id") {
        Some(Bson::Int64(i)) => *i,
        Some(Bson::Int32(i)) => i64::from(*i),
        _ => 0,
    };
    let ns = cursor.get_str("ns").unwrap_or("").to_owned();
    let batch = cursor
        .get_array(batch_field)
        .map(|a| a.iter().filter_map(|d| d.as_document().cloned()).collect())
        .unwrap_or_default();
    (id, ns, batch)
}
