//! Aggregation stages over documents (`src/mongo/db/pipeline/document_source_*.cpp`): `$match`,
//! `$project`, `$addFields`/`$set`, `$unset`, `$unwind`, `$sort`, `$skip`, `$limit`, `$count`,
//! `$group` with its common accumulators, `$replaceRoot`/`$replaceWith`. The whole pipeline is
//! parsed before it runs, so a malformed stage is refused with the server's code and message
//! whatever comes before it; errors met while running carry the server's
//! `PlanExecutor error during aggregation :: caused by :: ` prefix.
//!
//! Session Lab holds results in memory: a pipeline that would build more than
//! [`MAX_PIPELINE_VALUES`] values stops with `QueryExceededMemoryLimitNoDiskUseAllowed` (292),
//! the server's answer when a stage passes its 100 MB limit.

use super::bson_text::{type_name, value_to_pipeline_string};
use super::error::{ErrorCode, ServerError, ServerResult};
use super::expression::Expr;
use super::order::compare_values;
use super::storage::{as_f64, document_node_count, lookup, Filter, Projection};
use super::values::{non_negative_integer_element, set_path};
use crate::collections::Map;
use bson::{doc, Bson, Document};

/// The most values (documents, fields, array elements) a pipeline's stages may build.
pub const MAX_PIPELINE_VALUES: usize = 100_000;

/// `PlanExecutor error during aggregation :: caused by :: `, before errors met while running.
const RUN_ERROR_PREFIX: &str = "PlanExecutor error during aggregation :: caused by :: ";

/// A `$group` accumulator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Accumulator {
    Sum,
    Avg,
    Min,
    Max,
    First,
    Last,
    Push,
    AddToSet,
    Count,
}

const ACCUMULATORS: &[(&str, Accumulator)] = &[
    ("$sum", Accumulator::Sum),
    ("$avg", Accumulator::Avg),
    ("$min", Accumulator::Min),
    ("$max", Accumulator::Max),
    ("$first", Accumulator::First),
    ("$last", Accumulator::Last),
    ("$push", Accumulator::Push),
    ("$addToSet", Accumulator::AddToSet),
    ("$count", Accumulator::Count),
];

/// One parsed stage.
#[derive(Debug, Clone, PartialEq)]
enum Stage {
    Match(Filter),
    Skip(usize),
    Limit(usize),
    Count(String),
    Project(Projection),
    AddFields(Vec<(String, Expr)>),
    Unwind {
        path: String,
        index: Option<String>,
        preserve: bool,
    },
    Sort(SortSpec),
    Group {
        id: Expr,
        fields: Vec<(String, Accumulator, Expr)>,
    },
    ReplaceRoot(Expr, &'static str),
}

/// A parsed pipeline.
#[derive(Debug, Clone, PartialEq)]
pub struct Pipeline(Vec<Stage>);

/// A sort specification: fields with 1 (ascending) or -1 (descending).
#[derive(Debug, Clone, PartialEq)]
pub struct SortSpec(Vec<(String, bool)>);

impl SortSpec {
    /// Reads `{ field: 1 | -1, … }` (`$sort`, `find`'s `sort`).
    pub fn parse(spec: &Document) -> ServerResult<Self> {
        spec.iter()
            .map(|(field, order)| match as_f64(order) {
                Some(o) if (o.abs() - 1.0).abs() < f64::EPSILON => Ok((field.clone(), o > 0.0)),
                _ => Err(ServerError::new(
                    ErrorCode::Location(15975),
                    "$sort key ordering must be 1 (for ascending) or -1 (for descending)",
                )),
            })
            .collect::<ServerResult<_>>()
            .map(Self)
    }

    /// The values `doc` sorts by, one per field: a missing field sorts as null, an array by its
    /// smallest element (ascending) or largest (descending), an empty array before null.
    fn keys(&self, doc: &Document) -> Vec<Bson> {
        self.0
            .iter()
            .map(|(field, ascending)| match lookup(doc, field) {
                None => Bson::Null,
                Some(Bson::Array(items)) => items
                    .iter()
                    .reduce(|a, b| {
                        if compare_values(b, a).is_lt() == *ascending {
                            b
                        } else {
                            a
                        }
                    })
                    .cloned()
                    .unwrap_or(Bson::Undefined),
                Some(v) => v.clone(),
            })
            .collect()
    }

    /// Orders two documents' [`SortSpec::keys`].
    fn compare_keys(&self, a: &[Bson], b: &[Bson]) -> std::cmp::Ordering {
        self.0
            .iter()
            .zip(a.iter().zip(b))
            .map(|((_, ascending), (x, y))| {
                let o = compare_values(x, y);
                if *ascending {
                    o
                } else {
                    o.reverse()
                }
            })
            .find(|o| o.is_ne())
            .unwrap_or(std::cmp::Ordering::Equal)
    }

    /// Sorts `docs` stably, each document's keys computed once.
    pub fn sort(&self, docs: &mut Vec<Document>) {
        let mut keyed: Vec<(Vec<Bson>, Document)> =
            docs.drain(..).map(|d| (self.keys(&d), d)).collect();
        crate::collections::sort_by(&mut keyed, |(a, _), (b, _)| self.compare_keys(a, b));
        docs.extend(keyed.into_iter().map(|(_, d)| d));
    }

    /// Which of `candidates` (positions in `docs`) sorts first; the earliest of equals.
    pub fn first(&self, docs: &[Document], candidates: &[usize]) -> Option<usize> {
        candidates
            .iter()
            .map(|&i| (self.keys(&docs[i]), i))
            .min_by(|(a, _), (b, _)| self.compare_keys(a, b))
            .map(|(_, i)| i)
    }
}

fn location(code: u32, message: impl Into<String>) -> ServerError {
    ServerError::new(ErrorCode::Location(code), message)
}

/// A count argument, as `$skip`'s and `$limit`'s `createFromBson` read it
/// (`parseIntegerElementToNonNegativeLong`): its reason after `invalid argument to $skip stage:`
/// (5107200; `$limit` 5107201), and a `$limit` of 0 `the limit must be positive` (15958).
fn count_arg(stage: &str, value: &Bson) -> ServerResult<usize> {
    let count = non_negative_integer_element(stage, value).map_err(|reason| {
        location(
            if stage == "$skip" {
                5_107_200
            } else {
                5_107_201
            },
            format!("invalid argument to {stage} stage: {}", reason.errmsg),
        )
    })?;
    if stage == "$limit" && count == 0 {
        return Err(location(15958, "the limit must be positive"));
    }
    Ok(usize::try_from(count).unwrap_or(usize::MAX))
}

fn parse_add_fields(name: &str, arg: &Bson) -> ServerResult<Stage> {
    let Bson::Document(spec) = arg else {
        return Err(location(
            40272,
            format!(
                "{name} specification stage must be an object, got {}",
                type_name(arg)
            ),
        ));
    };
    if spec.is_empty() {
        return Err(location(
            40177,
            format!("Invalid {name} :: caused by :: specification must have at least one field"),
        ));
    }
    Ok(Stage::AddFields(
        spec.iter()
            .map(|(k, v)| Ok((k.clone(), Expr::parse(v)?)))
            .collect::<ServerResult<_>>()?,
    ))
}

fn parse_unset(arg: &Bson) -> ServerResult<Stage> {
    let fields: Vec<&Bson> = match arg {
        Bson::String(_) => vec![arg],
        Bson::Array(items) if items.is_empty() => {
            return Err(location(
                31119,
                "$unset specification must be a string or an array with at least one field",
            ))
        }
        Bson::Array(items) => items.iter().collect(),
        _ => {
            return Err(location(
                31002,
                "$unset specification must be a string or an array",
            ))
        }
    };
    let mut spec = Document::new();
    for field in fields {
        let Bson::String(path) = field else {
            return Err(location(
                31120,
                "$unset specification must be a string or an array containing only string values",
            ));
        };
        spec.insert(path.clone(), 0);
    }
    project("$unset", &spec)
}

/// A projection stage, its parser's refusal in the context the server gives it
/// (`Invalid $project :: caused by :: …`).
fn project(stage: &str, spec: &Document) -> ServerResult<Stage> {
    Projection::parse(spec)
        .map(Stage::Project)
        .map_err(|mut error| {
            error
                .errmsg
                .insert_str(0, &format!("Invalid {stage} :: caused by :: "));
            error
        })
}

fn parse_unwind(arg: &Bson) -> ServerResult<Stage> {
    let (mut path, mut index, mut preserve) = (String::new(), None, false);
    match arg {
        Bson::String(s) => path.clone_from(s),
        Bson::Document(options) => {
            for (option, value) in options {
                match (option.as_str(), value) {
                    ("path", Bson::String(s)) => path.clone_from(s),
                    ("path", other) => {
                        return Err(location(
                            28808,
                            format!("expected a string as the path for $unwind stage, got {}", type_name(other)),
                        ))
                    }
                    ("includeArrayIndex", Bson::String(s)) if !s.is_empty() => {
                        if s.starts_with('$') {
                            return Err(location(
                                28822,
                                format!("includeArrayIndex option to $unwind stage should not be prefixed with a '$': {s}"),
                            ));
                        }
                        index = Some(s.clone());
                    }
                    ("includeArrayIndex", other) => {
                        return Err(location(
                            28810,
                            format!("expected a non-empty string for the includeArrayIndex option to $unwind stage, got {}", type_name(other)),
                        ))
                    }
                    ("preserveNullAndEmptyArrays", Bson::Boolean(b)) => preserve = *b,
                    ("preserveNullAndEmptyArrays", other) => {
                        return Err(location(
                            28809,
                            format!("expected a boolean for the preserveNullAndEmptyArrays option to $unwind stage, got {}", type_name(other)),
                        ))
                    }
                    (other, _) => {
                        return Err(location(
                            28811,
                            format!("unrecognized option to $unwind stage: {other}"),
                        ))
                    }
                }
            }
        }
        other => {
            return Err(location(
                15981,
                format!(
                "expected either a string or an object as specification for $unwind stage, got {}",
                type_name(other)
            ),
            ))
        }
    }
    if path.is_empty() {
        return Err(location(28812, "no path specified to $unwind stage"));
    }
    let Some(field) = path.strip_prefix('$') else {
        return Err(location(
            28818,
            format!("path option to $unwind stage should be prefixed with a '$': {path}"),
        ));
    };
    Ok(Stage::Unwind {
        path: field.to_owned(),
        index,
        preserve,
    })
}

fn parse_group(arg: &Bson) -> ServerResult<Stage> {
    let Bson::Document(spec) = arg else {
        return Err(location(
            15947,
            "a group's fields must be specified in an object",
        ));
    };
    let mut id = None;
    let mut fields = Vec::new();
    for (field, value) in spec {
        if field == "_id" {
            id = Some(Expr::parse(value)?);
            continue;
        }
        let Bson::Document(acc) = value else {
            return Err(location(
                40234,
                format!("The field '{field}' must be an accumulator object"),
            ));
        };
        let mut ops = acc.iter();
        let (Some((op, operand)), None) = (ops.next(), ops.next()) else {
            return Err(location(
                40238,
                format!("The field '{field}' must specify one accumulator"),
            ));
        };
        let Some(&(_, kind)) = ACCUMULATORS.iter().find(|(n, _)| n == op) else {
            return Err(location(15952, format!("unknown group operator '{op}'")));
        };
        if matches!(operand, Bson::Array(_)) && kind != Accumulator::Push {
            return Err(location(
                40237,
                format!("The {op} accumulator is a unary operator"),
            ));
        }
        fields.push((field.clone(), kind, Expr::parse(operand)?));
    }
    let id = id.ok_or_else(|| location(15955, "a group specification must include an _id"))?;
    Ok(Stage::Group { id, fields })
}

fn parse_replace_root(name: &str, arg: &Bson) -> ServerResult<Stage> {
    if name == "$replaceWith" {
        return Ok(Stage::ReplaceRoot(
            Expr::parse(arg)?,
            "'replacement document' ",
        ));
    }
    let spec = match arg {
        Bson::Document(d) => d,
        other => {
            return Err(ServerError::new(
                ErrorCode::TypeMismatch,
                format!(
                    "BSON field '$replaceRoot' is the wrong type '{}', expected type 'object'",
                    type_name(other)
                ),
            ))
        }
    };
    if let Some(other) = spec.keys().find(|k| *k != "newRoot") {
        return Err(ServerError::new(
            ErrorCode::IdlUnknownField,
            format!("BSON field '$replaceRoot.{other}' is an unknown field."),
        ));
    }
    let root = spec.get("newRoot").ok_or_else(|| {
        ServerError::new(
            ErrorCode::IdlFailedToParse,
            "BSON field '$replaceRoot.newRoot' is missing but a required field",
        )
    })?;
    Ok(Stage::ReplaceRoot(
        Expr::parse(root)?,
        "'newRoot' expression ",
    ))
}

/// The stages [`parse_stage`] reads (a pipeline's first stage may also be a source: a collection,
/// `$listSessions`, `$listLocalSessions` or `$currentOp`).
pub const STAGE_NAMES: [&str; 13] = [
    "$match",
    "$project",
    "$addFields",
    "$set",
    "$unset",
    "$unwind",
    "$sort",
    "$skip",
    "$limit",
    "$count",
    "$group",
    "$replaceRoot",
    "$replaceWith",
];

/// The stages allowed in a pipeline-style update ([`Pipeline::parse_for_update`]): the server
/// allows these and no others.
pub const UPDATE_STAGE_NAMES: [&str; 6] = [
    "$addFields",
    "$set",
    "$project",
    "$unset",
    "$replaceRoot",
    "$replaceWith",
];

fn parse_stage(stage: &Bson) -> ServerResult<Stage> {
    let Bson::Document(stage) = stage else {
        return Err(ServerError::new(
            ErrorCode::TypeMismatch,
            "Each element of the 'pipeline' array must be an object",
        ));
    };
    let mut entries = stage.iter();
    let (Some((name, arg)), None) = (entries.next(), entries.next()) else {
        return Err(location(
            40323,
            "A pipeline stage specification object must contain exactly one field.",
        ));
    };
    Ok(match name.as_str() {
        "$match" => match arg {
            Bson::Document(filter) => Stage::Match(Filter::parse_match(filter)?),
            _ => return Err(location(15959, "the match filter must be an expression in an object")),
        },
        "$skip" | "$limit" => {
            let n = count_arg(name, arg)?;
            if name == "$skip" {
                Stage::Skip(n)
            } else {
                Stage::Limit(n)
            }
        }
        "$count" => match arg {
            Bson::String(field) if !field.is_empty() && !field.starts_with('$') && !field.contains('.') => {
                Stage::Count(field.clone())
            }
            Bson::String(_) => return Err(location(40157, "the count field must be a non-empty string, not start with '$', and not contain '.'")),
            _ => return Err(location(40156, "the count field must be a non-empty string")),
        },
        "$project" => match arg {
            Bson::Document(spec) if spec.is_empty() => {
                return Err(location(51272, "Invalid $project :: caused by :: projection specification must have at least one field"))
            }
            Bson::Document(spec) => project("$project", spec)?,
            _ => return Err(location(15969, "$project specification must be an object")),
        },
        "$addFields" | "$set" => parse_add_fields(name, arg)?,
        "$unset" => parse_unset(arg)?,
        "$unwind" => parse_unwind(arg)?,
        "$sort" => match arg {
            Bson::Document(spec) if spec.is_empty() => {
                return Err(location(15976, "$sort stage must have at least one sort key"))
            }
            Bson::Document(spec) => Stage::Sort(SortSpec::parse(spec)?),
            _ => return Err(location(15973, "the $sort key specification must be an object")),
        },
        "$group" => parse_group(arg)?,
        "$replaceRoot" | "$replaceWith" => parse_replace_root(name, arg)?,
        other => {
            return Err(location(
                40324,
                format!("Unrecognized pipeline stage name: '{other}'"),
            ))
        }
    })
}

/// A value as a hash key that equates what the canonical order equates at the top level (1
/// and 1.0 are the same group, the same `$addToSet` element).
fn value_key(value: &Bson) -> Vec<u8> {
    let normalized = as_f64(value).map_or_else(|| value.clone(), Bson::Double);
    doc! { "": normalized }.to_vec().unwrap_or_default()
}

/// One group's running state for one accumulator.
#[derive(Debug, Clone)]
struct Running {
    value: Option<Bson>,
    items: Vec<Bson>,
    /// `$addToSet`: the keys of the items so far.
    seen: Map<Vec<u8>, ()>,
    count: i64,
}

impl Running {
    fn add(&mut self, kind: Accumulator, v: Option<Bson>) {
        let numeric = v.as_ref().filter(|v| as_f64(v).is_some());
        match kind {
            Accumulator::Sum | Accumulator::Avg => {
                if let Some(n) = numeric {
                    self.count += 1;
                    self.value = Some(match self.value.take() {
                        None => n.clone(),
                        Some(total) => super::expression::add(&total, n),
                    });
                }
            }
            Accumulator::Count => self.count += 1,
            Accumulator::Min | Accumulator::Max => {
                if let Some(v) = v.filter(|v| !matches!(v, Bson::Null | Bson::Undefined)) {
                    let better = self.value.as_ref().is_none_or(|cur| {
                        let o = compare_values(&v, cur);
                        if kind == Accumulator::Min {
                            o.is_lt()
                        } else {
                            o.is_gt()
                        }
                    });
                    if better {
                        self.value = Some(v);
                    }
                }
            }
            Accumulator::First => {
                if self.count == 0 {
                    self.value = v;
                }
                self.count += 1;
            }
            Accumulator::Last => self.value = v,
            Accumulator::Push => self.items.extend(v),
            Accumulator::AddToSet => {
                if let Some(v) = v {
                    if self.seen.insert(value_key(&v), ()).is_none() {
                        self.items.push(v);
                    }
                }
            }
        }
    }

    fn result(self, kind: Accumulator) -> Bson {
        match kind {
            Accumulator::Sum => self.value.unwrap_or(Bson::Int32(0)),
            #[allow(clippy::cast_precision_loss, reason = "an average of user numbers")]
            Accumulator::Avg => self
                .value
                .as_ref()
                .and_then(as_f64)
                .map_or(Bson::Null, |total| Bson::Double(total / self.count as f64)),
            Accumulator::Count => {
                i32::try_from(self.count).map_or(Bson::Int64(self.count), Bson::Int32)
            }
            Accumulator::Push | Accumulator::AddToSet => Bson::Array(self.items),
            _ => self.value.unwrap_or(Bson::Null),
        }
    }
}

fn group(
    docs: &[Document],
    id: &Expr,
    fields: &[(String, Accumulator, Expr)],
) -> ServerResult<Vec<Document>> {
    let mut groups: Vec<(Bson, Vec<Running>)> = Vec::new();
    let mut positions: Map<Vec<u8>, usize> = Map::default();
    for doc in docs {
        let key = id.value_for(doc)?.unwrap_or(Bson::Null);
        let at = *positions.entry(value_key(&key)).or_insert_with(|| {
            let fresh = Running {
                value: None,
                items: Vec::new(),
                seen: Map::default(),
                count: 0,
            };
            groups.push((key, vec![fresh; fields.len()]));
            groups.len() - 1
        });
        for ((_, kind, expr), running) in fields.iter().zip(&mut groups[at].1) {
            let value = if *kind == Accumulator::Count {
                None
            } else {
                expr.value_for(doc)?
            };
            running.add(*kind, value);
        }
    }
    Ok(groups
        .into_iter()
        .map(|(key, running)| {
            let mut out = doc! { "_id": key };
            for ((name, kind, _), r) in fields.iter().zip(running) {
                out.insert(name.clone(), r.result(*kind));
            }
            out
        })
        .collect())
}

fn unwind(docs: Vec<Document>, path: &str, index: Option<&str>, preserve: bool) -> Vec<Document> {
    let mut out = Vec::new();
    for doc in docs {
        match lookup(&doc, path).cloned() {
            Some(Bson::Array(items)) if !items.is_empty() => {
                for (i, item) in items.into_iter().enumerate() {
                    let mut copy = doc.clone();
                    set_path(&mut copy, path, item);
                    if let Some(index) = index {
                        set_path(
                            &mut copy,
                            index,
                            Bson::Int64(i64::try_from(i).unwrap_or(i64::MAX)),
                        );
                    }
                    out.push(copy);
                }
            }
            Some(Bson::Array(_) | Bson::Null) | None if !preserve => {}
            value => {
                let mut copy = doc;
                if let Some(index) = index {
                    set_path(&mut copy, index, Bson::Null);
                }
                if matches!(value, Some(Bson::Array(_))) {
                    copy.remove(path);
                }
                out.push(copy);
            }
        }
    }
    out
}

impl Pipeline {
    /// Reads every stage, refusing the first malformed one.
    pub fn parse(stages: &[Bson]) -> ServerResult<Self> {
        stages
            .iter()
            .map(parse_stage)
            .collect::<ServerResult<_>>()
            .map(Self)
    }

    /// Reads a pipeline-style update's stages as `PipelineExecutor` does: each parsed, then
    /// the first that is not allowed in an update (`$addFields`, `$set`, `$project`, `$unset`,
    /// `$replaceRoot`, `$replaceWith` are) refused, `InvalidOptions` `$match is not allowed to
    /// be used within an update`.
    ///
    /// # Errors
    /// A malformed stage, or one not allowed in an update.
    pub fn parse_for_update(stages: &[Bson]) -> ServerResult<Self> {
        let pipeline = Self::parse(stages)?;
        let refused = pipeline.0.iter().find_map(|stage| match stage {
            Stage::AddFields(_) | Stage::Project(_) | Stage::ReplaceRoot(..) => None,
            Stage::Match(_) => Some("$match"),
            Stage::Skip(_) => Some("$skip"),
            Stage::Limit(_) => Some("$limit"),
            Stage::Sort(_) => Some("$sort"),
            Stage::Unwind { .. } => Some("$unwind"),
            // (`$count` is a `$group` and a `$project`.)
            Stage::Group { .. } | Stage::Count(_) => Some("$group"),
        });
        match refused {
            Some(name) => Err(ServerError::new(
                ErrorCode::InvalidOptions,
                format!("{name} is not allowed to be used within an update"),
            )),
            None => Ok(pipeline),
        }
    }

    /// Runs a pipeline-style update's stages on one document: what they make of it, their
    /// errors without the aggregation's prefix (`PipelineExecutor::applyUpdate`).
    ///
    /// # Errors
    /// What a stage meets while it runs.
    pub fn update_one(&self, doc: &Document) -> ServerResult<Document> {
        let mut out = self.run(vec![doc.clone()], &|_| {}).map_err(|mut error| {
            if let Some(plain) = error.errmsg.strip_prefix(RUN_ERROR_PREFIX) {
                error.errmsg = plain.to_owned();
            }
            error
        })?;
        Ok(out.pop().unwrap_or_default())
    }

    /// Runs the stages over `docs`, paying `charge` one unit per value each stage builds.
    pub fn run(
        &self,
        mut docs: Vec<Document>,
        charge: &dyn Fn(usize),
    ) -> ServerResult<Vec<Document>> {
        let mut built = 0usize;
        for stage in &self.0 {
            docs = run_stage(stage, docs).map_err(|mut e| {
                e.errmsg.insert_str(0, RUN_ERROR_PREFIX);
                e
            })?;
            if matches!(
                stage,
                Stage::Match(_) | Stage::Skip(_) | Stage::Limit(_) | Stage::Sort(_)
            ) {
                continue;
            }
            for doc in &docs {
                built = built.saturating_add(document_node_count(doc, MAX_PIPELINE_VALUES + 1));
                if built > MAX_PIPELINE_VALUES {
                    return Err(ServerError::new(
                        ErrorCode::QueryExceededMemoryLimitNoDiskUseAllowed,
                        format!("{RUN_ERROR_PREFIX}Exceeded memory limit for {}, but didn't allow external sort. Pass allowDiskUse:true to opt in.", stage_name(stage)),
                    ));
                }
            }
            charge(docs.len());
        }
        Ok(docs)
    }
}

fn run_stage(stage: &Stage, docs: Vec<Document>) -> ServerResult<Vec<Document>> {
    Ok(match stage {
            Stage::Match(filter) => docs.into_iter().filter(|d| filter.matches(d)).collect(),
            Stage::Skip(n) => docs.into_iter().skip(*n).collect(),
            Stage::Limit(n) => docs.into_iter().take(*n).collect(),
            Stage::Count(field) => {
                if docs.is_empty() {
                    Vec::new()
                } else {
                    vec![doc! { field: i32::try_from(docs.len()).unwrap_or(i32::MAX) }]
                }
            }
            Stage::Project(projection) => docs
            .iter()
            .map(|d| projection.apply(d))
            .collect::<ServerResult<_>>()?,
            Stage::AddFields(fields) => docs
                .into_iter()
                .map(|mut doc| {
                    let source = doc.clone();
                    for (path, expr) in fields {
                        match expr.value_for(&source)? {
                            Some(v) => set_path(&mut doc, path, v),
                            None => {
                                doc.remove(path);
                            }
                        }
                    }
                    Ok(doc)
                })
                .collect::<ServerResult<_>>()?,
            Stage::Unwind { path, index, preserve } => unwind(docs, path, index.as_deref(), *preserve),
            Stage::Sort(spec) => {
                let mut docs = docs;
                spec.sort(&mut docs);
                docs
            }
            Stage::Group { id, fields } => group(&docs, id, fields)?,
            Stage::ReplaceRoot(expr, context) => docs
                .into_iter()
                .map(|doc| match expr.value_for(&doc)? {
                    Some(Bson::Document(root)) => Ok(root),
                    other => Err(location(
                        40228,
                        format!(
                            "{context} must evaluate to an object, but resulting value was: {}. Type of resulting value: '{}'. Input document: {}",
                            other.as_ref().map_or_else(|| "MISSING".to_owned(), value_to_pipeline_string),
                            other.as_ref().map_or("missing", type_name),
                            value_to_pipeline_string(&Bson::Document(doc.clone())),
                        ),
                    )),
                })
                .collect::<ServerResult<_>>()?,
        })
}

fn stage_name(stage: &Stage) -> &'static str {
    match stage {
        Stage::Group { .. } => "$group",
        Stage::Unwind { .. } => "$unwind",
        Stage::AddFields(_) => "$addFields",
        Stage::ReplaceRoot(..) => "$replaceRoot",
        Stage::Count(_) => "$count",
        _ => "$project",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names the hint for an unknown stage lists are the stages the pipeline reads: each is
    /// refused for its argument if at all, never as an unrecognized stage.
    #[test]
    fn the_stage_names_are_the_stages_read() {
        let unrecognized = |name: &str| {
            parse_stage(&Bson::Document(doc! { name: { "x": 1 } }))
                .is_err_and(|e| e.code == ErrorCode::Location(40324))
        };
        for name in STAGE_NAMES {
            assert!(!unrecognized(name), "{name}");
        }
        assert!(unrecognized("$lookup"));
    }

    /// The stages the hint for an update's pipeline lists are the ones it allows.
    #[test]
    fn the_update_stage_names_are_the_stages_allowed_in_an_update() {
        let valid = [
            ("$match", Bson::Document(doc! {})),
            ("$project", Bson::Document(doc! { "a": 1 })),
            ("$addFields", Bson::Document(doc! { "a": 1 })),
            ("$set", Bson::Document(doc! { "a": 1 })),
            ("$unset", Bson::String("a".into())),
            ("$unwind", Bson::String("$a".into())),
            ("$sort", Bson::Document(doc! { "a": 1 })),
            ("$skip", Bson::Int32(1)),
            ("$limit", Bson::Int32(1)),
            ("$count", Bson::String("n".into())),
            ("$group", Bson::Document(doc! { "_id": null })),
            ("$replaceRoot", Bson::Document(doc! { "newRoot": {} })),
            ("$replaceWith", Bson::Document(doc! {})),
        ];
        assert_eq!(valid.clone().map(|(name, _)| name), STAGE_NAMES);
        for (name, arg) in valid {
            let parsed = Pipeline::parse_for_update(&[Bson::Document(doc! { name: arg })]);
            assert_eq!(
                parsed.is_ok(),
                UPDATE_STAGE_NAMES.contains(&name),
                "{name}: {:?}",
                parsed.err()
            );
        }
    }
}
