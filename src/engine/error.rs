//! Server errors as the real server reports them: a numeric `code`, its `codeName`, an
//! `errmsg` and optional `errorLabels`. They are replies, never Rust failures: the facade turns
//! every one of them into `{ ok: 0, errmsg, code, codeName }`.

use bson::{doc, Document};

/// The server error codes Session Lab can produce (`src/mongo/base/error_codes.yml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs, reason = "each variant is the server's own code name")]
pub enum ErrorCode {
    BadValue,
    HostUnreachable,
    UserNotFound,
    UnsupportedFormat,
    Unauthorized,
    TypeMismatch,
    AuthenticationFailed,
    IllegalOperation,
    NamespaceNotFound,
    CursorNotFound,
    InvalidOptions,
    InvalidNamespace,
    RoleNotFound,
    ShutdownInProgress,
    ConflictingOperationInProgress,
    CommandNotFound,
    TransactionTooOld,
    CursorKilled,
    NoSuchTransaction,
    TransactionCommitted,
    TooManyLogicalSessions,
    OperationNotSupportedInTransaction,
    PreparedTransactionInProgress,
    QueryStageOnlyFirst,
    Interrupted,
    DuplicateKey,
    IdlDuplicateField,
    IdlFailedToParse,
    IdlUnknownField,
    FailedToParse,
    WriteConflict,
    MaxTimeMSExpired,
    QueryExceededMemoryLimitNoDiskUseAllowed,
    InvalidPipelineOperator,
    NamespaceExists,
    /// A check the server names only by its location number (`codeName` `Location<n>`).
    Location(u32),
}

impl ErrorCode {
    /// The numeric code.
    pub fn code(self) -> i32 {
        match self {
            Self::BadValue => 2,
            Self::HostUnreachable => 6,
            Self::FailedToParse => 9,
            Self::MaxTimeMSExpired => 50,
            Self::WriteConflict => 112,
            Self::UserNotFound => 11,
            Self::UnsupportedFormat => 12,
            Self::Unauthorized => 13,
            Self::TypeMismatch => 14,
            Self::AuthenticationFailed => 18,
            Self::IllegalOperation => 20,
            Self::NamespaceNotFound => 26,
            Self::RoleNotFound => 31,
            Self::CursorNotFound => 43,
            Self::CommandNotFound => 59,
            Self::InvalidOptions => 72,
            Self::InvalidNamespace => 73,
            Self::ShutdownInProgress => 91,
            Self::ConflictingOperationInProgress => 117,
            Self::TransactionTooOld => 225,
            Self::CursorKilled => 237,
            Self::NoSuchTransaction => 251,
            Self::TransactionCommitted => 256,
            Self::TooManyLogicalSessions => 261,
            Self::OperationNotSupportedInTransaction => 263,
            Self::PreparedTransactionInProgress => 267,
            Self::QueryStageOnlyFirst => 40602,
            Self::Interrupted => 11601,
            Self::DuplicateKey => 11000,
            Self::IdlDuplicateField => 40413,
            Self::IdlFailedToParse => 40414,
            Self::IdlUnknownField => 40415,
            Self::NamespaceExists => 48,
            Self::InvalidPipelineOperator => 168,
            Self::QueryExceededMemoryLimitNoDiskUseAllowed => 292,
            Self::Location(n) => i32::try_from(n).unwrap_or(i32::MAX),
        }
    }

    /// The `codeName` the server sends with the code.
    pub fn name(self) -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed(match self {
            Self::BadValue => "BadValue",
            Self::HostUnreachable => "HostUnreachable",
            Self::FailedToParse => "FailedToParse",
            Self::MaxTimeMSExpired => "MaxTimeMSExpired",
            Self::WriteConflict => "WriteConflict",
            Self::UserNotFound => "UserNotFound",
            Self::UnsupportedFormat => "UnsupportedFormat",
            Self::Unauthorized => "Unauthorized",
            Self::TypeMismatch => "TypeMismatch",
            Self::AuthenticationFailed => "AuthenticationFailed",
            Self::IllegalOperation => "IllegalOperation",
            Self::NamespaceNotFound => "NamespaceNotFound",
            Self::RoleNotFound => "RoleNotFound",
            Self::CursorNotFound => "CursorNotFound",
            Self::CommandNotFound => "CommandNotFound",
            Self::InvalidOptions => "InvalidOptions",
            Self::InvalidNamespace => "InvalidNamespace",
            Self::ShutdownInProgress => "ShutdownInProgress",
            Self::ConflictingOperationInProgress => "ConflictingOperationInProgress",
            Self::TransactionTooOld => "TransactionTooOld",
            Self::CursorKilled => "CursorKilled",
            Self::NoSuchTransaction => "NoSuchTransaction",
            Self::TransactionCommitted => "TransactionCommitted",
            Self::TooManyLogicalSessions => "TooManyLogicalSessions",
            Self::OperationNotSupportedInTransaction => "OperationNotSupportedInTransaction",
            Self::PreparedTransactionInProgress => "PreparedTransactionInProgress",
            Self::QueryStageOnlyFirst => "Location40602",
            Self::Interrupted => "Interrupted",
            Self::DuplicateKey => "DuplicateKey",
            Self::IdlDuplicateField => "IDLDuplicateField",
            Self::IdlFailedToParse => "IDLFailedToParse",
            Self::IdlUnknownField => "IDLUnknownField",
            Self::NamespaceExists => "NamespaceExists",
            Self::InvalidPipelineOperator => "InvalidPipelineOperator",
            Self::QueryExceededMemoryLimitNoDiskUseAllowed => {
                "QueryExceededMemoryLimitNoDiskUseAllowed"
            }
            Self::Location(n) => return std::borrow::Cow::Owned(format!("Location{n}")),
        })
    }
}

/// The label drivers use to retry a whole transaction.
pub const TRANSIENT_TRANSACTION_ERROR: &str = "TransientTransactionError";

/// A failed command, shaped like the server's error reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerError {
    /// Which error.
    pub code: ErrorCode,
    /// The server's message, exactly.
    pub errmsg: String,
    /// Labels such as `TransientTransactionError`.
    pub labels: Vec<&'static str>,
}

impl ServerError {
    /// An error with no labels.
    pub fn new(code: ErrorCode, errmsg: impl Into<String>) -> Self {
        Self {
            code,
            errmsg: errmsg.into(),
            labels: Vec::new(),
        }
    }

    /// Adds an error label.
    #[must_use]
    pub fn with_label(mut self, label: &'static str) -> Self {
        self.labels.push(label);
        self
    }

    /// `operation was interrupted`, the message every killed operation gets.
    pub fn interrupted(code: ErrorCode) -> Self {
        Self::new(code, "operation was interrupted")
    }

    /// The reply document `{ ok: 0, errmsg, code, codeName[, errorLabels] }`.
    pub fn to_reply(&self) -> Document {
        let mut reply = doc! {
            "ok": 0.0,
            "errmsg": self.errmsg.clone(),
            "code": self.code.code(),
            "codeName": self.code.name().into_owned(),
        };
        if !self.labels.is_empty() {
            reply.insert("errorLabels", self.labels.clone());
        }
        reply
    }
}

/// Result of anything that can fail the way a command fails.
pub type ServerResult<T> = Result<T, ServerError>;
