//! What the shell itself can fail with (the system's dialogs, the browser
//! and the file manager, files the officer chose, starting at login) and
//! the error every command returns, serialised as `{code, message, field,
//! problems}`.

use docket_core::error::{Code, Coded, ErrorReport};
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum ShellError {
    #[error("The {what} could not be shown: {reason}.")]
    Dialog { what: &'static str, reason: String },
    #[error("This deadline has no web source to open.")]
    NoSource,
    #[error("The browser could not be started for {url}: {reason}.")]
    Browser { url: String, reason: String },
    #[error("The folder {dir} could not be opened: {reason}.")]
    Folder { dir: String, reason: String },
    #[error("{path} cannot be read: {reason}. Nothing was installed.")]
    PackUnreadable { path: String, reason: String },
    #[error("{path}: {reason} Nothing was installed.")]
    PackInvalid { path: String, reason: String },
    #[error("{path} could not be written: {reason}. Nothing was exported.")]
    ExportUnwritable { path: String, reason: String },
    #[error("No file was chosen to import; choose one first. Nothing was imported.")]
    NothingToImport,
    #[error("Starting at login could not be {turned}: {reason}.")]
    Autostart {
        turned: &'static str,
        reason: String,
    },
    #[error("The window's state is too large to keep.")]
    ViewStateTooLarge,
}

impl Coded for ShellError {
    fn code(&self) -> Code {
        match self {
            ShellError::Dialog { .. } => Code::Dialog,
            ShellError::NoSource => Code::NoSource,
            ShellError::Browser { .. } | ShellError::Folder { .. } => Code::OpenFailed,
            ShellError::PackUnreadable { .. } => Code::FileReadFailed,
            ShellError::PackInvalid { .. } => Code::InvalidPack,
            ShellError::ExportUnwritable { .. } => Code::FileWriteFailed,
            ShellError::NothingToImport | ShellError::ViewStateTooLarge => Code::Invalid,
            ShellError::Autostart { .. } => Code::AutostartFailed,
        }
    }
}

/// The error every command returns.
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct CommandError(ErrorReport);

impl<E: Coded> From<E> for CommandError {
    fn from(e: E) -> Self {
        CommandError(ErrorReport::of(&e))
    }
}

pub type Result<T> = std::result::Result<T, CommandError>;
