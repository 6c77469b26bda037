//! What an operation on the store can fail with, and the code each failure
//! is reported under.

use crate::error::{Code, Coded, Problem};
use crate::model::ValidationError;
use crate::store::StoreError;

/// Everything an operation on Docket's data can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    #[error("No deadline has the id {0}.")]
    NotFound(String),
    #[error("The deadline {0} is already deleted; `docketctl undelete {0}` brings it back.")]
    AlreadyDeleted(String),
    #[error("“{0}” is to know, not to do: there is nothing to mark done.")]
    NothingToDo(String),
    #[error("“{given}” is the start of {} ids ({}); give more of the id.", .matches.len(), .matches.join(", "))]
    AmbiguousId { given: String, matches: Vec<String> },
    #[error("No clock has the id {0}; `docketctl clock list` shows them.")]
    NoClock(String),
    #[error("No sync account is named “{0}”; `docketctl account list` shows the accounts.")]
    NoAccount(String),
    #[error("A sync account named “{0}” already exists; remove it first or choose another name.")]
    AccountExists(String),
    /// An answer or a system the profile refuses, said in a sentence.
    #[error("{0}")]
    Refused(String),
    #[error("No AI system is named “{0}”; `docketctl system list` shows them.")]
    NoSystem(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Pack(#[from] crate::packs::PackError),
    #[error(transparent)]
    Import(#[from] crate::interop::ImportError),
    #[error(transparent)]
    Backup(#[from] crate::store::backup::BackupError),
}

impl Coded for Error {
    fn code(&self) -> Code {
        match self {
            Error::Invalid(_) | Error::Refused(_) => Code::Invalid,
            Error::NotFound(_) | Error::NoClock(_) | Error::NoSystem(_) => Code::NotFound,
            Error::AlreadyDeleted(_) => Code::AlreadyDeleted,
            Error::NothingToDo(_) => Code::NothingToDo,
            Error::AmbiguousId { .. } => Code::AmbiguousId,
            Error::NoAccount(_) => Code::NoAccount,
            Error::AccountExists(_) => Code::AccountExists,
            Error::Store(e) => e.code(),
            Error::Pack(_) => Code::InvalidPack,
            Error::Import(_) => Code::InvalidImport,
            Error::Backup(_) => Code::Backup,
        }
    }

    fn field(&self) -> Option<&str> {
        match self {
            Error::Invalid(e) => Some(e.field),
            _ => None,
        }
    }

    fn problems(&self) -> Vec<Problem> {
        match self {
            Error::Invalid(e) => e.problems(),
            _ => Vec::new(),
        }
    }
}
