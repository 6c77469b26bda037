//! Every error code Docket reports, in one list, and the one error shape
//! that crosses a boundary: `{code, message, field, problems}`. Each crate's error
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
    /// A milestone or news cannot be marked done.
    NothingToDo,
    /// The start of an id given for a deadline fits several.
    AmbiguousId,
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

    /// Every field's problem when several fields were wrong at once, the
    /// first being `field`'s; empty otherwise.
    fn problems(&self) -> Vec<Problem> {
        Vec::new()
    }
}

/// What is wrong with one field of a form, in the sentence shown under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Problem {
    pub field: String,
    pub message: String,
}

/// The one error shape that crosses the IPC boundary:
/// `{code, message, field, problems}`. A form shows every problem at once,
/// each under its field; `message` and `field` are the first.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ErrorReport {
    pub code: Code,
    pub message: String,
    pub field: Option<String>,
    /// Every field's problem, the first being `field`'s; empty when the
    /// error is about no field.
    #[ts(inline)]
    pub problems: Vec<Problem>,
}

impl ErrorReport {
    pub fn new(code: Code, message: impl Into<String>) -> ErrorReport {
        ErrorReport {
            code,
            message: message.into(),
            field: None,
            problems: Vec::new(),
        }
    }

    pub fn of(e: &(impl Coded + ?Sized)) -> ErrorReport {
        let message = e.to_string();
        let field = e.field().map(str::to_owned);
        // An error about one field is that field's one problem.
        let problems = match (e.problems(), &field) {
            (problems, Some(field)) if problems.is_empty() => vec![Problem {
                field: field.clone(),
                message: message.clone(),
            }],
            (problems, _) => problems,
        };
        ErrorReport {
            code: e.code(),
            message,
            field,
            problems,
        }
    }

    /// The same report, about `field` of the form.
    pub fn on_field(mut self, field: &str) -> ErrorReport {
        self.field = Some(field.to_owned());
        self.problems = vec![Problem {
            field: field.to_owned(),
            message: self.message.clone(),
        }];
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

    fn problems(&self) -> Vec<Problem> {
        self.problems.clone()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DeadlineFields, Draft};

    #[test]
    fn a_refused_form_reaches_the_window_with_every_field_problem() {
        let fields = DeadlineFields {
            title: Some(String::new()),
            due_date: Some("2027-02-30".to_owned()),
            ..DeadlineFields::default()
        };
        let refusal = crate::Error::from(Draft::new(&fields, "UTC").unwrap_err());
        let json = serde_json::to_value(ErrorReport::of(&refusal)).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "code": "invalid",
                "message": "Title must not be empty.",
                "field": "title",
                "problems": [
                    { "field": "title", "message": "Title must not be empty." },
                    {
                        "field": "due_date",
                        "message": "Due date \"2027-02-30\" is not a calendar date; use YYYY-MM-DD, for example 2027-12-02."
                    },
                ],
            })
        );
    }

    #[test]
    fn an_error_about_one_field_is_its_one_problem_and_others_have_none() {
        let one = ErrorReport::new(Code::Invalid, "Choose a calendar.").on_field("calendar");
        assert_eq!(
            one.problems,
            vec![Problem {
                field: "calendar".to_owned(),
                message: "Choose a calendar.".to_owned(),
            }]
        );
        let passed_on = ErrorReport::of(&one);
        assert_eq!(passed_on.problems, one.problems);
        let none = ErrorReport::of(&crate::Error::NotFound("X1".to_owned()));
        assert_eq!(none.problems, Vec::new());
    }
}
