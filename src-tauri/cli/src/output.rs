//! What a command prints, in both of its forms: the lines a person reads and
//! the JSON a script reads. `--json` picks one, in `main`, for every command.

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use crate::failure::Failure;

pub struct Printed {
    json: serde_json::Value,
    text: String,
}

impl Printed {
    /// `value` as JSON, `text` for a person.
    pub fn value<T: Serialize>(value: &T, text: impl Into<String>) -> Result<Printed, Failure> {
        let json = serde_json::to_value(value).map_err(|e| Failure::other(e.to_string()))?;
        Ok(Printed {
            json,
            text: text.into(),
        })
    }

    /// A sentence; as JSON, `{"message": …}`.
    pub fn message(text: impl Into<String>) -> Printed {
        let text = text.into();
        Printed {
            json: serde_json::json!({ "message": text.trim_end() }),
            text,
        }
    }

    /// Text that is the output itself (an export to stdout): the same in
    /// both forms.
    pub fn raw(text: String) -> Printed {
        Printed {
            json: serde_json::Value::Null,
            text,
        }
    }

    pub fn render(&self, json: bool) -> String {
        if json && !self.json.is_null() {
            let mut text = serde_json::to_string_pretty(&self.json).unwrap_or_default();
            text.push('\n');
            text
        } else {
            self.text.clone()
        }
    }
}

/// Writes to stdout, ignoring a closed pipe (`docketctl list | head`).
pub fn emit(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

pub fn emit_error(text: &str) {
    let _ = std::io::stderr().write_all(text.as_bytes());
}

/// Writes a whole file at once, readable by its owner only: a partial file
/// never replaces a good one.
pub fn write_file(path: &Path, text: &str) -> Result<(), Failure> {
    docket_core::interop::write_private(path, text.as_bytes())
        .map_err(|e| Failure::other(format!("{} cannot be written: {e}.", path.display())))
}
