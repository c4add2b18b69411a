//! The error a `catch (error) { … }` block binds: the fields and the method that JavaScript's
//! and the Node driver's errors have (`name`, `message`, `code`, `codeName`, `errmsg`,
//! `errorLabels`, `hasErrorLabel(label)`), read from the failure it stands for, which
//! `throw error` throws again unchanged.

use super::diagnostics::ShellError;
use super::record::Failure;
use bson::Bson;

/// A caught error: the shell's own, or a server's or the driver's.
#[derive(Debug, Clone, PartialEq)]
pub enum Caught {
    /// A shell error (`TypeError`, `ReferenceError`, …).
    Shell(ShellError),
    /// A server or driver error.
    Fail(Failure),
}

impl Caught {
    /// A field of the error (`undefined` when it has none).
    pub(super) fn field(&self, name: &str) -> Bson {
        let text = |s: &str| Bson::String(s.to_owned());
        match (self, name) {
            (_, "name") => text(&self.class()),
            (Caught::Shell(error), "message") => text(&error.message),
            (Caught::Fail(Failure::Driver { message, .. }), "message") => text(message),
            (Caught::Fail(Failure::Server { errmsg, .. }), "message" | "errmsg") => text(errmsg),
            (Caught::Fail(Failure::Server { code, .. }), "code") => Bson::Int32(*code),
            (
                Caught::Fail(Failure::Server {
                    code_name,
                    write_error: None,
                    ..
                }),
                "codeName",
            ) => text(code_name),
            // The driver's errors all carry their labels, often none.
            (Caught::Fail(Failure::Server { labels, .. }), "errorLabels") => {
                Bson::Array(labels.iter().map(|l| Bson::String(l.clone())).collect())
            }
            (Caught::Fail(Failure::Driver { .. }), "errorLabels") => Bson::Array(Vec::new()),
            _ => Bson::Undefined,
        }
    }

    /// `error.hasErrorLabel(label)`.
    pub(super) fn has_error_label(&self, label: &str) -> bool {
        matches!(self, Caught::Fail(Failure::Server { labels, .. }) if labels.iter().any(|l| l == label))
    }

    /// How the error shows as a value: its class and message.
    pub(super) fn text(&self) -> String {
        match self {
            Caught::Shell(error) => format!("{}: {}", error.kind.name(), error.message),
            Caught::Fail(failure) => failure.text(),
        }
    }

    fn class(&self) -> String {
        match self {
            Caught::Shell(error) | Caught::Fail(Failure::Shell { error, .. }) => {
                error.kind.name().to_owned()
            }
            Caught::Fail(Failure::Server {
                write_error: Some(class),
                ..
            }) => (*class).to_owned(),
            Caught::Fail(Failure::Server { .. }) => "MongoServerError".to_owned(),
            Caught::Fail(Failure::Driver { name, .. }) => name.clone(),
        }
    }
}
