//! Every error code Docket reports, in one list, and the one error shape
//! that crosses a boundary: `{code, message, field}`. Each crate's error
//! types say their code through [`Coded`]; the window's page receives the
//! codes as a TypeScript union generated from [`Code`].

use serde::Serialize;

/// The codes of Docket's errors, as the window and scripts see them
/// (snake_case: `not_found`, `database_locked`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Code {
    /// A field of a form or an argument is not valid.
    Invalid,
    NotFound,
    AlreadyDeleted,
    NoAccount,
    AccountExists,
    InvalidPack,
    InvalidImport,
    Backup,
    /// The data folder cannot be made or used.
    DataDir,
    DatabaseUnavailable,
    NewerSchema,
    DatabaseDamaged,
    DatabaseLocked,
    DatabaseReadOnly,
    DatabaseNoAccess,
    /// SQLite failed to read.
    DatabaseReadFailed,
    /// SQLite failed to write.
    DatabaseWriteFailed,
    /// A file the officer chose cannot be read.
    FileReadFailed,
    /// A file the officer chose cannot be written.
    FileWriteFailed,
    /// The CalDAV server refused the user name or password.
    Unauthorized,
    ServerUnreachable,
    ServerError,
    /// The system keyring cannot be used, or lacks the password.
    Keyring,
    /// The deadline has no web source to open.
    NoSource,
    /// The browser or file manager could not be started.
    OpenFailed,
    AutostartFailed,
    /// A system file dialog could not be shown.
    Dialog,
    /// The window's call did not reach the Rust side (set by the page).
    Ipc,
}

/// An error that knows its code, and the form field it is about.
pub trait Coded: std::fmt::Display {
    fn code(&self) -> Code;

    fn field(&self) -> Option<&str> {
        None
    }
}

/// The one error shape that crosses the IPC boundary: `{code, message, field}`.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ErrorReport {
    pub code: Code,
    pub message: String,
    pub field: Option<String>,
}

impl ErrorReport {
    pub fn new(code: Code, message: impl Into<String>) -> ErrorReport {
        ErrorReport {
            code,
            message: message.into(),
            field: None,
        }
    }

    pub fn of(e: &(impl Coded + ?Sized)) -> ErrorReport {
        ErrorReport {
            code: e.code(),
            message: e.to_string(),
            field: e.field().map(str::to_owned),
        }
    }

    /// The same report, about `field` of the form.
    pub fn on_field(mut self, field: &str) -> ErrorReport {
        self.field = Some(field.to_owned());
        self
    }
}

/// A report passed on keeps its code and field.
impl Coded for ErrorReport {
    fn code(&self) -> Code {
        self.code
    }

    fn field(&self) -> Option<&str> {
        self.field.as_deref()
    }
}

impl From<crate::Error> for ErrorReport {
    fn from(e: crate::Error) -> Self {
        ErrorReport::of(&e)
    }
}

impl std::fmt::Display for ErrorReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}
