//! Why docketctl stopped, as a sentence and an exit code.

use docket_core::store::backup::BackupError;
use docket_core::Error;
use docket_sync as sync;

use crate::output::Printed;

/// How a failure ends the process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 2: the input was wrong; nothing was changed.
    Invalid,
    /// 3: the database cannot be opened.
    Unavailable,
    /// 4: the tamper-evident trail does not match (`docketctl verify`).
    Broken,
    /// 1: anything else.
    Other,
}

pub struct Failure {
    pub exit: Exit,
    pub message: String,
    /// What was done before the failure, printed before its sentence (a
    /// sync of several accounts where one failed).
    pub printed: Option<Printed>,
}

impl Failure {
    pub fn invalid(message: impl Into<String>) -> Failure {
        Failure::new(Exit::Invalid, message)
    }

    pub fn unavailable(message: impl Into<String>) -> Failure {
        Failure::new(Exit::Unavailable, message)
    }

    pub fn broken(message: impl Into<String>) -> Failure {
        Failure::new(Exit::Broken, message)
    }

    pub fn other(message: impl Into<String>) -> Failure {
        Failure::new(Exit::Other, message)
    }

    fn new(exit: Exit, message: impl Into<String>) -> Failure {
        Failure {
            exit,
            message: message.into(),
            printed: None,
        }
    }

    pub fn after(mut self, printed: Printed) -> Failure {
        self.printed = Some(printed);
        self
    }

    pub fn exit_code(&self) -> u8 {
        match self.exit {
            Exit::Invalid => 2,
            Exit::Unavailable => 3,
            Exit::Broken => 4,
            Exit::Other => 1,
        }
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        let exit = match &e {
            Error::Invalid(_)
            | Error::NotFound(_)
            | Error::NoClock(_)
            | Error::Refused(_)
            | Error::NoSystem(_)
            | Error::AlreadyDeleted(_)
            | Error::NothingToDo(_)
            | Error::AmbiguousId { .. }
            | Error::Import(_)
            | Error::Pack(_)
            | Error::Backup(BackupError::Refused { .. }) => Exit::Invalid,
            Error::Store(s) if s.is_unavailable() => Exit::Unavailable,
            _ => Exit::Other,
        };
        Failure::new(exit, e.to_string())
    }
}

impl From<docket_core::StoreError> for Failure {
    fn from(e: docket_core::StoreError) -> Self {
        Failure::from(Error::Store(e))
    }
}

impl From<BackupError> for Failure {
    fn from(e: BackupError) -> Self {
        Failure::from(Error::Backup(e))
    }
}

impl From<sync::SyncError> for Failure {
    fn from(e: sync::SyncError) -> Self {
        match e {
            sync::SyncError::Store(e) => Failure::from(e),
            e => Failure::other(e.to_string()),
        }
    }
}

impl From<sync::AccountError> for Failure {
    fn from(e: sync::AccountError) -> Self {
        match e {
            sync::AccountError::Sync(e) => Failure::from(e),
            e => Failure::invalid(e.to_string()),
        }
    }
}
