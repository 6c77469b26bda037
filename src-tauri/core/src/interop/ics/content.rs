//! iCalendar content lines (RFC 5545, 3.1) read into components: unfolded,
//! each with the line it starts on. Reading is lenient where other calendars
//! are (names in any case, spaces around parameters, quoted or bracketed
//! parameter values, X- properties between calendars, several VCALENDAR
//! objects in one stream); a line that cannot be read is refused with its
//! number and a sentence.

use crate::interop::Unusable;

/// One property: its name in capitals, its parameters (keys in capitals,
/// values without quotes) and its value as written (still escaped).
#[derive(Debug)]
pub struct Property {
    pub name: String,
    pub params: Params,
    pub value: String,
    pub line: usize,
}

impl Property {
    pub fn param(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The value as TEXT (RFC 5545, 3.3.11), unescaped.
    pub fn text(&self) -> String {
        unescape(&self.value)
    }
}

/// One component with its own properties and the components inside it.
#[derive(Debug)]
pub struct Component {
    pub name: String,
    pub begin: usize,
    pub properties: Vec<Property>,
    pub components: Vec<Component>,
}

impl Component {
    pub fn prop(&self, name: &str) -> Option<&Property> {
        self.properties.iter().find(|p| p.name == name)
    }

    pub fn props<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Property> + 'a {
        self.properties.iter().filter(move |p| p.name == name)
    }

    /// A TEXT property's value, unescaped.
    pub fn text(&self, name: &str) -> Option<String> {
        self.prop(name).map(Property::text)
    }

    pub fn children<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Component> + 'a {
        self.components.iter().filter(move |c| c.name == name)
    }
}

fn refuse(line: usize, reason: String) -> Unusable {
    Unusable {
        line,
        what: String::new(),
        reason,
    }
}

/// The VCALENDAR objects of a file, in order.
pub fn calendars(text: &str) -> Result<Vec<Component>, Unusable> {
    let lines = logical_lines(text)?;
    let cut_short = !text.ends_with('\n');
    let mut open: Vec<Component> = Vec::new();
    let mut done = Vec::new();
    for (i, (number, line)) in lines.iter().enumerate() {
        let number = *number;
        if cut_short && i + 1 == lines.len() && !line.eq_ignore_ascii_case("END:VCALENDAR") {
            return Err(refuse(
                number,
                format!(
                    "the file ends in the middle of \"{}\"; it may be cut short",
                    shorten(line)
                ),
            ));
        }
        let outside = open.is_empty();
        let is_x = line
            .get(..2)
            .is_some_and(|head| head.eq_ignore_ascii_case("X-"));
        if outside && done.is_empty() && !is_x {
            let head = line.split(':').next().unwrap_or("").trim();
            let value = line.split_once(':').map_or("", |(_, v)| v.trim());
            if !head.eq_ignore_ascii_case("BEGIN") || !value.eq_ignore_ascii_case("VCALENDAR") {
                return Err(refuse(
                    number,
                    "an iCalendar file starts with BEGIN:VCALENDAR".into(),
                ));
            }
        }
        let (name, params, value) = content_line(line).map_err(|why| refuse(number, why))?;
        match name.as_str() {
            "BEGIN" => {
                let what = value.trim().to_ascii_uppercase();
                if outside && what != "VCALENDAR" {
                    return Err(refuse(
                        number,
                        format!("BEGIN:{what} is outside any BEGIN:VCALENDAR"),
                    ));
                }
                open.push(Component {
                    name: what,
                    begin: number,
                    properties: Vec::new(),
                    components: Vec::new(),
                });
            }
            "END" => {
                let what = value.trim().to_ascii_uppercase();
                let Some(closed) = open.pop() else {
                    return Err(refuse(number, format!("END:{what} has no BEGIN")));
                };
                if closed.name != what {
                    return Err(refuse(
                        number,
                        format!(
                            "END:{what} closes BEGIN:{} from line {}",
                            closed.name, closed.begin
                        ),
                    ));
                }
                match open.last_mut() {
                    Some(parent) => parent.components.push(closed),
                    None => done.push(closed),
                }
            }
            _ => match open.last_mut() {
                Some(c) => c.properties.push(Property {
                    name,
                    params,
                    value,
                    line: number,
                }),
                // Some programs write their own X- lines between calendars;
                // other readers pass over them.
                None if name.starts_with("X-") => {}
                None => {
                    return Err(refuse(
                        number,
                        format!("{name} is outside any BEGIN:VCALENDAR"),
                    ))
                }
            },
        }
    }
    if let Some(c) = open.last() {
        let end = lines.last().map_or(1, |l| l.0);
        return Err(refuse(
            end,
            format!(
                "BEGIN:{} on line {} is never closed; the file may be cut short",
                c.name, c.begin
            ),
        ));
    }
    if done.is_empty() {
        return Err(refuse(
            lines.first().map_or(1, |l| l.0),
            "the file holds no BEGIN:VCALENDAR".into(),
        ));
    }
    Ok(done)
}

/// Unfolds the file into logical lines with the line each starts on,
/// refusing control characters, overlong lines and a leading continuation.
fn logical_lines(text: &str) -> Result<Vec<(usize, String)>, Unusable> {
    let mut lines: Vec<(usize, String)> = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let number = i + 1;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if raw.chars().any(|c| c.is_control() && c != '\t') {
            return Err(refuse(
                number,
                "it holds control characters; this is not an iCalendar text file".into(),
            ));
        }
        if raw.len() > 100_000 {
            return Err(refuse(
                number,
                format!(
                    "it is {} bytes long; an iCalendar line is folded at 75",
                    raw.len()
                ),
            ));
        }
        if let Some(rest) = raw.strip_prefix([' ', '\t']) {
            match lines.last_mut() {
                Some(last) => last.1.push_str(rest),
                None => {
                    return Err(refuse(
                        number,
                        "the file starts with a continuation line".into(),
                    ))
                }
            }
        } else if !raw.trim().is_empty() {
            lines.push((number, raw.to_owned()));
        }
    }
    if lines.is_empty() {
        return Err(refuse(1, "the file is empty".into()));
    }
    Ok(lines)
}

/// A content line's name, parameters and value. Spaces around names, keys
/// and values are dropped; a parameter value may be quoted, and a colon
/// inside brackets or quotes ("(UTC+01:00) Amsterdam") is not the one that
/// starts the value.
fn content_line(line: &str) -> Result<(String, Params, String), String> {
    let not_a_line = || format!("\"{}\" is not a content line (NAME:value)", shorten(line));
    let cut = line.find([';', ':']).ok_or_else(not_a_line)?;
    let name = line[..cut].trim();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(format!("\"{}\" is not a property name", shorten(name)));
    }
    let name = name.to_ascii_uppercase();
    let mut params = Vec::new();
    let mut rest = &line[cut..];
    while let Some(after) = rest.strip_prefix(';') {
        let (param, next) = parameter(after).ok_or_else(|| {
            format!(
                "a quote in the parameters of {name} is never closed: \"{}\"",
                shorten(line)
            )
        })?;
        if let Some(param) = param {
            params.push(param);
        }
        rest = next;
    }
    let value = rest.strip_prefix(':').ok_or_else(not_a_line)?;
    Ok((name, params, value.to_owned()))
}

/// A property's parameters: keys in capitals, values without quotes.
type Params = Vec<(String, String)>;

/// One parameter (none for an empty one, as in ";;").
type Parameter = Option<(String, String)>;

/// One parameter from the text after its ';', and the text after it (which
/// starts with ';' or ':', or is empty). `None` for an unclosed quote.
fn parameter(text: &str) -> Option<(Parameter, &str)> {
    let (mut quoted, mut depth) = (false, 0usize);
    let mut end = text.len();
    for (i, c) in text.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth = depth.saturating_sub(1),
            ';' | ':' if !quoted && depth == 0 => {
                end = i;
                break;
            }
            _ => {}
        }
    }
    if quoted {
        return None;
    }
    let (whole, next) = text.split_at(end);
    let (key, value) = whole.split_once('=').unwrap_or((whole, ""));
    let key = key.trim().to_ascii_uppercase();
    let value = value.trim();
    let value = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or(value);
    Some(((!key.is_empty()).then(|| (key, value.to_owned())), next))
}

/// Reverses TEXT escaping in one pass: `\\`, `\;`, `\,`, `\:` and `\n`; any
/// other backslash is kept as written.
pub fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some(c @ ('\\' | ',' | ';' | ':')) => out.push(c),
            Some('n' | 'N') => out.push('\n'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

pub fn shorten(s: &str) -> String {
    let cut: String = s.chars().take(40).collect();
    if cut.len() < s.len() {
        format!("{cut}…")
    } else {
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_cut_short_is_refused_at_its_last_line() {
        let err = calendars("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:x\r\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(
            err.reason
                .contains("BEGIN:VEVENT on line 2 is never closed"),
            "{}",
            err.reason
        );
    }

    #[test]
    fn binary_garbage_is_refused_at_its_line() {
        let err = calendars("BEGIN:VCALENDAR\r\nX:\u{0}\u{1}\r\nEND:VCALENDAR\r\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.reason.contains("control characters"));
    }

    #[test]
    fn parameters_are_read_with_any_spacing_quoting_or_case() {
        for line in [
            "DTSTART;TZID=Europe/Berlin:20270615T143000",
            "dtstart;tzid=Europe/Berlin:20270615T143000",
            "DTSTART ; TZID = \"Europe/Berlin\" :20270615T143000",
            "DTSTART;TZID=\"Europe/Berlin\";:20270615T143000",
        ] {
            let (name, params, value) = content_line(line).unwrap();
            assert_eq!(name, "DTSTART", "{line}");
            assert_eq!(params, [("TZID".into(), "Europe/Berlin".into())], "{line}");
            assert_eq!(value.trim(), "20270615T143000", "{line}");
        }
        let (_, params, value) =
            content_line("DTSTART;TZID=(UTC+01:00) Amsterdam, Berlin:20270615T143000").unwrap();
        assert_eq!(params[0].1, "(UTC+01:00) Amsterdam, Berlin");
        assert_eq!(value, "20270615T143000");
        assert!(content_line("DTSTART;TZID=\"Europe:20270615").is_err());
    }

    #[test]
    fn several_calendars_and_x_lines_between_them_are_read() {
        let text = "X-WR-BATCH:1\r\nBEGIN:VCALENDAR\r\nEND:VCALENDAR\r\nX-NOTE:between\r\nBEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let calendars = calendars(text).unwrap();
        assert_eq!(calendars.len(), 2);
        assert_eq!(calendars[1].components[0].begin, 6);
        let err =
            super::calendars("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\nSUMMARY:x\r\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.reason.contains("outside any BEGIN:VCALENDAR"));
    }

    #[test]
    fn text_unescapes_as_it_was_escaped() {
        assert_eq!(unescape(r"a\, b\; c\\n\nd\:e\q"), "a, b; c\\n\nd:e\\q");
    }
}
