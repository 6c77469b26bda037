use serde::Serialize;

use crate::model::ValidationError;
use crate::store::StoreError;

/// Everything an operation on Docket's data can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    #[error("No deadline has the id {0}.")]
    NotFound(String),
    #[error("No sync account is named “{0}”; `docketctl account list` shows the accounts.")]
    NoAccount(String),
    #[error("A sync account named “{0}” already exists; remove it first or choose another name.")]
    AccountExists(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Pack(#[from] crate::packs::PackError),
    #[error(transparent)]
    Import(#[from] crate::interop::ImportError),
    #[error(transparent)]
    Backup(#[from] crate::store::backup::BackupError),
}

impl Error {
    /// A stable machine-readable code for the IPC boundary and scripts.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Invalid(_) => "invalid",
            Error::NotFound(_) => "not_found",
            Error::NoAccount(_) => "no_account",
            Error::AccountExists(_) => "account_exists",
            Error::Store(e) => e.code(),
            Error::Pack(_) => "invalid_pack",
            Error::Import(_) => "invalid_import",
            Error::Backup(_) => "backup",
        }
    }

    /// The field the error is about, when it is a validation error.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Error::Invalid(e) => Some(e.field),
            _ => None,
        }
    }
}

/// The one error shape that crosses the IPC boundary: `{code, message, field}`.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ErrorReport {
    pub code: String,
    pub message: String,
    pub field: Option<String>,
}

impl From<&Error> for ErrorReport {
    fn from(e: &Error) -> Self {
        ErrorReport {
            code: e.code().to_owned(),
            message: e.to_string(),
            field: e.field().map(str::to_owned),
        }
    }
}

impl From<Error> for ErrorReport {
    fn from(e: Error) -> Self {
        ErrorReport::from(&e)
    }
}

impl std::fmt::Display for ErrorReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}
