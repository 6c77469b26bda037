//! docketctl: Docket's deadlines from a terminal, on the same database as the
//! window (`DOCKET_DATA_DIR` chooses the data directory).
//!
//! Exit codes: 0 success, 2 invalid input, 3 the database cannot be opened,
//! 1 anything else.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{DateTime, Days, NaiveDate, Utc};
use clap::{Args, Parser, Subcommand, ValueEnum};
use docket_core::interop::{self, ics::Shape, Format};
use docket_core::packs::Pack;
use docket_core::reminders::plan;
use docket_core::store::import::ImportOptions;
use docket_core::store::search::{MATCH_END, MATCH_START};
use docket_core::store::sync::{Account, Keep};
use docket_core::store::{backup, json_backup};
use docket_core::store::{data_dir, ListFilter};
use docket_core::sync;
use docket_core::time::local_zone;
use docket_core::{Actor, Deadline, DeadlineFields, Error, Status, Store};

#[derive(Parser)]
#[command(
    name = "docketctl",
    version,
    about = "Docket's regulatory deadlines and reminders, from the terminal"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List deadlines, earliest due first.
    List {
        /// Only deadlines due from today up to this many days ahead.
        #[arg(long, value_name = "DAYS")]
        within: Option<u32>,
        #[arg(long, value_enum, default_value_t = StatusFilter::Open)]
        status: StatusFilter,
        #[arg(long)]
        json: bool,
    },
    /// Add a deadline and print its id.
    Add {
        #[command(flatten)]
        fields: FieldArgs,
        #[arg(long)]
        json: bool,
    },
    /// Change fields of a deadline; fields not given stay as they are.
    Edit {
        id: String,
        #[command(flatten)]
        fields: FieldArgs,
        #[arg(long)]
        json: bool,
    },
    /// Mark a deadline done.
    Done {
        id: String,
        #[arg(long, default_value = "")]
        note: String,
        #[arg(long)]
        json: bool,
    },
    /// Waive a deadline: it does not apply, for a reason.
    Waive {
        id: String,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// Reopen a done or waived deadline.
    Reopen {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Delete a deadline (its history is kept; `restore` brings it back).
    Delete { id: String },
    /// Restore a deleted deadline (ID), or the whole database from a backup
    /// file made by Docket (FILE): the current database is backed up first and
    /// kept, and Docket must not be running.
    Restore {
        #[arg(value_name = "ID|FILE")]
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Show the reminders owed at an instant (default now). Read-only.
    Due {
        /// An RFC 3339 instant, e.g. 2027-11-25T09:00:00+01:00.
        #[arg(long, value_name = "RFC3339")]
        at: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Search titles, descriptions, legal references and notes.
    Search {
        text: String,
        #[arg(long)]
        json: bool,
    },
    /// Show a deadline's audit trail.
    History {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Manage CalDAV sync accounts.
    #[command(subcommand)]
    Account(AccountCommand),
    /// Sync with every account's calendar (or one), both ways.
    Sync {
        #[command(subcommand)]
        what: Option<SyncCommand>,
        /// Only this account.
        #[arg(long, value_name = "NAME")]
        account: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Back up the database (SQLite's online backup) to FILE, or into the data dir's backups/.
    Backup {
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Check the database: integrity, schema version, counts and backups.
    Check {
        #[arg(long)]
        json: bool,
    },
    /// Regulation packs: list, import, and pack changes to review.
    #[command(subcommand)]
    Pack(PackCommand),
    /// Write every deadline as iCalendar or CSV, to a file or to stdout.
    Export {
        #[arg(long, value_enum, default_value_t = FileFormat::Ics)]
        format: FileFormat,
        /// iCalendar to-dos (VTODO with DUE) instead of events.
        #[arg(long)]
        todo: bool,
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Import deadlines from an iCalendar or CSV file; the same file again
    /// updates what it imported before.
    Import {
        file: PathBuf,
        /// The file's format; by default from its name or its content.
        #[arg(long, value_enum)]
        format: Option<FileFormat>,
        /// Show what would be added, changed and skipped, and store nothing.
        #[arg(long)]
        dry_run: bool,
        /// Import the usable items of a file that also holds unusable ones.
        #[arg(long)]
        skip_invalid: bool,
        /// How CSV dates are written, e.g. %d/%m/%Y (default YYYY-MM-DD).
        #[arg(long, value_name = "FORMAT")]
        date_format: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum AccountCommand {
    /// Add a CalDAV account: signs in, finds the calendars and chooses one.
    /// The password is read from the terminal (or one line of standard input)
    /// and kept in the system keyring.
    Add {
        name: String,
        /// The server's address, e.g. https://cloud.example.com/remote.php/dav
        #[arg(long, value_name = "URL")]
        url: String,
        #[arg(long)]
        user: String,
        /// The calendar's name or URL; made when the server has none of that
        /// name. Without it: the only calendar, or a new one named "Docket".
        #[arg(long)]
        calendar: Option<String>,
        /// Send deadlines as to-dos (VTODO) instead of events.
        #[arg(long)]
        todo: bool,
        /// Which deadlines it sends: all, own (not from a regulation pack) or
        /// pack:ID (one pack's, e.g. pack:eu-ai-act).
        #[arg(long, default_value = "all")]
        scope: String,
        #[arg(long)]
        json: bool,
    },
    /// List the sync accounts, with their last sync.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Remove an account and its password; the deadlines stay on both sides.
    Remove { name: String },
}

#[derive(Subcommand)]
enum SyncCommand {
    /// List deadlines changed on both sides, waiting for a decision.
    Conflicts {
        #[arg(long)]
        json: bool,
    },
    /// Decide a conflict: keep Docket's version (sent at the next sync) or
    /// take the server's.
    Resolve {
        id: i64,
        #[arg(long, value_enum)]
        keep: KeepSide,
    },
    /// Show how often the running Docket syncs, or set it: MINUTES from 0
    /// (only when asked: Sync now, docketctl sync) to 1440.
    Interval { minutes: Option<u32> },
}

#[derive(Clone, Copy, ValueEnum)]
enum KeepSide {
    Docket,
    Server,
}

#[derive(Subcommand)]
enum PackCommand {
    /// List the installed regulation packs.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Install a regulation pack (JSON, see docs/packs.md), or upgrade to a newer version of it.
    Import {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// List pack changes to deadlines you edited, waiting for a decision.
    Conflicts {
        #[arg(long)]
        json: bool,
    },
    /// Decide a pack change: --take applies the pack's version, --keep keeps yours.
    Resolve {
        id: String,
        #[arg(long, conflicts_with = "keep", required_unless_present = "keep")]
        take: bool,
        #[arg(long)]
        keep: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum FileFormat {
    Ics,
    Csv,
    /// The whole database, history and reminder log included; importing it restores it.
    Json,
}

impl From<FileFormat> for Format {
    fn from(f: FileFormat) -> Self {
        match f {
            FileFormat::Ics => Format::Ics,
            FileFormat::Csv => Format::Csv,
            FileFormat::Json => Format::Json,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum StatusFilter {
    Open,
    Done,
    Waived,
    All,
}

#[derive(Args)]
struct FieldArgs {
    #[arg(long)]
    title: Option<String>,
    /// Due date, YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD")]
    due: Option<String>,
    /// Due time of day, HH:MM (24-hour); empty for a date-only deadline.
    #[arg(long, value_name = "HH:MM")]
    time: Option<String>,
    /// IANA time zone (default: the local zone).
    #[arg(long, value_name = "ZONE")]
    tz: Option<String>,
    /// obligation, milestone, commitment, proposal or internal (default internal).
    #[arg(long)]
    kind: Option<String>,
    #[arg(long)]
    regulation: Option<String>,
    /// Legal reference, e.g. "Art. 113(b)".
    #[arg(long)]
    reference: Option<String>,
    #[arg(long)]
    owner: Option<String>,
    #[arg(long)]
    description: Option<String>,
    #[arg(long, value_name = "URL")]
    source_url: Option<String>,
    /// Lead times, e.g. 30d,7d,1d,2h (empty for the defaults).
    #[arg(long, value_name = "LEADS")]
    remind: Option<String>,
    /// How it repeats, an RRULE such as FREQ=MONTHLY;INTERVAL=3 (empty for none).
    /// Marking it done moves it to the next occurrence.
    #[arg(long, value_name = "RRULE")]
    repeat: Option<String>,
}

impl From<FieldArgs> for DeadlineFields {
    fn from(a: FieldArgs) -> Self {
        DeadlineFields {
            title: a.title,
            due_date: a.due,
            due_time: a.time,
            tz: a.tz,
            kind: a.kind,
            regulation: a.regulation,
            reference: a.reference,
            owner: a.owner,
            description: a.description,
            source_url: a.source_url,
            lead_times: a.remind,
            recurrence: a.repeat,
        }
    }
}

/// Why docketctl stopped, with its exit code.
enum Failure {
    Invalid(String),
    Unavailable(String),
    Other(String),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        match &e {
            Error::Invalid(_)
            | Error::NotFound(_)
            | Error::Import(_)
            | Error::Pack(_)
            | Error::Backup(backup::BackupError::Refused { .. }) => Failure::Invalid(e.to_string()),
            Error::Store(s) if s.is_unavailable() => Failure::Unavailable(e.to_string()),
            _ => Failure::Other(e.to_string()),
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command, Utc::now()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            let (code, message) = match failure {
                Failure::Invalid(m) => (2, m),
                Failure::Unavailable(m) => (3, m),
                Failure::Other(m) => (1, m),
            };
            let _ = writeln!(std::io::stderr(), "docketctl: {message}");
            ExitCode::from(code)
        }
    }
}

fn open(now: DateTime<Utc>) -> Result<Store, Failure> {
    let mut store = Store::open(&data_dir()).map_err(|e| Failure::from(Error::Store(e)))?;
    store.install_embedded_packs(now)?;
    Ok(store)
}

/// Writes to stdout, ignoring a closed pipe (`docketctl list | head`).
fn emit(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

fn emit_json<T: serde::Serialize>(value: &T) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value).map_err(|e| Failure::Other(e.to_string()))?;
    emit(&format!("{text}\n"));
    Ok(())
}

fn run(command: Command, now: DateTime<Utc>) -> Result<(), Failure> {
    let local = local_zone();
    let actor = Actor::current("docketctl");
    match command {
        Command::List {
            within,
            status,
            json,
        } => {
            let store = open(now)?;
            let today = now.with_timezone(&local).date_naive();
            let filter = ListFilter {
                status: match status {
                    StatusFilter::Open => Some(Status::Open),
                    StatusFilter::Done => Some(Status::Done),
                    StatusFilter::Waived => Some(Status::Waived),
                    StatusFilter::All => None,
                },
                due_from: within.map(|_| today),
                due_to: within.map(|days| {
                    // Dates are stored as four-digit years; cap far horizons there.
                    let last = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(NaiveDate::MAX);
                    today
                        .checked_add_days(Days::new(u64::from(days)))
                        .map_or(last, |d| d.min(last))
                }),
                limit: None,
            };
            let deadlines = store.list(&filter)?;
            if json {
                return emit_json(&deadlines);
            }
            let lines: String = deadlines.iter().map(|d| describe(d, today)).collect();
            emit(&lines);
        }
        Command::Add { fields, json } => {
            let mut store = open(now)?;
            let d = store.add(&fields.into(), local.name(), &actor, now)?;
            if json {
                return emit_json(&d);
            }
            emit(&format!("{}\n", d.id));
        }
        Command::Edit { id, fields, json } => {
            let mut store = open(now)?;
            let d = store.edit(&id, &fields.into(), &actor, now)?;
            if json {
                return emit_json(&d);
            }
            emit(&format!("{}\n", d.id));
        }
        Command::Done { id, note, json } => {
            let mut store = open(now)?;
            let d = store.mark_done(&id, &note, &actor, now)?;
            if json {
                return emit_json(&d);
            }
            emit(&format!("{} done\n", d.id));
        }
        Command::Waive { id, reason, json } => {
            let d = open(now)?.waive(&id, &reason, &actor, now)?;
            if json {
                return emit_json(&d);
            }
            emit(&format!("{} waived\n", d.id));
        }
        Command::Reopen { id, json } => {
            let d = open(now)?.reopen(&id, &actor, now)?;
            if json {
                return emit_json(&d);
            }
            emit(&format!("{} reopened\n", d.id));
        }
        Command::Delete { id } => {
            open(now)?.delete(&id, &actor, now)?;
            emit(&format!(
                "{id} deleted (docketctl restore {id} brings it back)\n"
            ));
        }
        Command::Restore { id, .. } if looks_like_a_file(&id) => {
            let safety = backup::restore(&data_dir(), std::path::Path::new(&id), now)?;
            emit(&format!(
                "Restored {id}. The database it replaced is kept as {}.\n",
                safety.display()
            ));
        }
        Command::Restore { id, json } => {
            let d = open(now)?.restore(&id, &actor, now)?;
            if json {
                return emit_json(&d);
            }
            emit(&format!("{} restored\n", d.id));
        }
        Command::Due { at, json } => {
            let at = match at {
                None => now,
                Some(s) => DateTime::parse_from_rfc3339(s.trim())
                    .map(|t| t.with_timezone(&Utc))
                    .map_err(|_| {
                        Failure::Invalid(format!(
                            "Instant \"{s}\" (--at) is not an RFC 3339 date and time, for example 2027-11-25T09:00:00+01:00."
                        ))
                    })?,
            };
            let store = open(now)?;
            let deadlines = store.list(&ListFilter {
                status: Some(Status::Open),
                ..ListFilter::default()
            })?;
            let p = plan(
                &deadlines,
                &store.reminder_log()?,
                &store.reminder_settings()?,
                local,
                at,
            );
            if json {
                return emit_json(&p.owed);
            }
            let lines: String = p
                .owed
                .iter()
                .map(|o| {
                    format!(
                        "{}  {:<16} {}  [{}]\n",
                        o.due_date, o.stage, o.title, o.deadline_id
                    )
                })
                .collect();
            emit(&lines);
        }
        Command::Search { text, json } => {
            let store = open(now)?;
            let hits = store.search(&text, 200)?;
            if json {
                return emit_json(&hits);
            }
            let plain = |s: &str| s.replace([MATCH_START, MATCH_END], "");
            let lines: String = hits
                .iter()
                .map(|h| format!("{}  {}\n", plain(&h.title), h.id))
                .collect();
            emit(&lines);
        }
        Command::History { id, json } => {
            let store = open(now)?;
            if store.get(&id)?.is_none() {
                return Err(Error::NotFound(id).into());
            }
            let entries = store.history(&id)?;
            if json {
                return emit_json(&entries);
            }
            let lines: String = entries
                .iter()
                .map(|h| {
                    format!(
                        "{}  {} via {}  {}\n",
                        h.at.format("%Y-%m-%d %H:%M UTC"),
                        h.actor,
                        h.via,
                        h.summary
                    )
                })
                .collect();
            emit(&lines);
        }
        Command::Pack(command) => pack(command, now)?,
        Command::Account(command) => account(command, now)?,
        Command::Sync {
            what: None,
            account,
            json,
        } => sync(account.as_deref(), json, now)?,
        Command::Sync {
            what: Some(command),
            ..
        } => sync_decision(command, now)?,
        Command::Backup { output } => {
            let store = open(now)?;
            let dir = data_dir();
            let target = output.unwrap_or_else(|| {
                dir.join(backup::BACKUP_DIR)
                    .join(format!("manual-{}.sqlite3", now.format("%Y%m%dT%H%M%SZ")))
            });
            store.backup_to(&target)?;
            emit(&format!("Backed up to {}\n", target.display()));
        }
        Command::Check { json } => {
            let store = open(now)?;
            let health = store.health(&data_dir())?;
            if json {
                emit_json(&health)?;
            } else {
                emit(&format!(
                    "{}\nintegrity: {}\nschema version: {}\ndeadlines: {} ({} deleted)\nhistory entries: {}\nreminder log entries: {}\nbackups: {}\n",
                    health.path,
                    health.integrity,
                    health.schema,
                    health.deadlines,
                    health.deleted,
                    health.history,
                    health.reminder_log,
                    if health.backups.is_empty() { "none yet".to_owned() } else { health.backups.join(", ") }
                ));
            }
            if health.integrity != "ok" {
                return Err(Failure::Unavailable(format!(
                    "The database {} fails SQLite's integrity check: {}.",
                    health.path, health.integrity
                )));
            }
        }
        Command::Export {
            format,
            todo,
            output,
        } => {
            let store = open(now)?;
            let shape = if todo { Shape::Todo } else { Shape::Event };
            let text = interop::export(&store, format.into(), shape, now)?;
            match output {
                None => emit(&text),
                Some(path) => write_file(&path, &text)?,
            }
        }
        Command::Import {
            file,
            format,
            dry_run,
            skip_invalid,
            date_format,
            json,
        } => {
            let format = format.map(Format::from).or_else(|| Format::of_file(&file));
            if format == Some(Format::Json) {
                return restore_backup(&file, dry_run, json, now);
            }
            let mut store = open(now)?;
            let options = ImportOptions {
                skip_invalid,
                dry_run,
                date_format,
            };
            let report = interop::import_file(
                &mut store,
                &file,
                format,
                &options,
                local.name(),
                &Actor::current("import"),
                now,
            )?;
            if json {
                return emit_json(&report);
            }
            emit(&report.describe());
        }
    }
    Ok(())
}

impl From<sync::SyncError> for Failure {
    fn from(e: sync::SyncError) -> Self {
        match e {
            sync::SyncError::Store(e) => Failure::from(e),
            e => Failure::Other(e.to_string()),
        }
    }
}

impl From<sync::AccountError> for Failure {
    fn from(e: sync::AccountError) -> Self {
        match e {
            sync::AccountError::Sync(e) => Failure::from(e),
            e => Failure::Invalid(e.to_string()),
        }
    }
}

/// A password from the terminal without echo, or one line of standard input.
fn read_password(prompt: &str) -> Result<String, Failure> {
    use std::io::IsTerminal;
    let read = if std::io::stdin().is_terminal() {
        rpassword::prompt_password(prompt)
    } else {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line).map(|_| line)
    };
    let password =
        read.map_err(|e| Failure::Other(format!("The password could not be read: {e}.")))?;
    let password = password.trim_end_matches(['\r', '\n']).to_owned();
    if password.is_empty() {
        return Err(Failure::Invalid(
            "No password was given; nothing was added.".to_owned(),
        ));
    }
    Ok(password)
}

fn describe_account(a: &Account) -> String {
    let last = match (&a.last_sync_at, &a.last_error) {
        (_, Some(e)) => format!("last sync failed: {e}"),
        (Some(at), None) => format!("last synced {}", at.format("%Y-%m-%d %H:%M UTC")),
        (None, None) => "never synced".to_owned(),
    };
    format!(
        "{}  {} as {}  calendar “{}” ({})\n  {}; {} to send, {} conflicts\n",
        a.name,
        a.server_url,
        a.username,
        a.calendar_name,
        a.calendar_url,
        last,
        a.pending,
        a.conflicts
    )
}

fn account(command: AccountCommand, now: DateTime<Utc>) -> Result<(), Failure> {
    match command {
        AccountCommand::Add {
            name,
            url,
            user,
            calendar,
            todo,
            scope,
            json,
        } => {
            let mut store = open(now)?;
            let password = read_password(&format!("Password for {user} at {url}: "))?;
            let request = sync::AccountRequest {
                name: &name,
                server_url: &url,
                username: &user,
                password: &password,
                calendar: calendar.as_deref(),
                shape: if todo { Shape::Todo } else { Shape::Event },
                scope: &scope,
            };
            let added = sync::add_account(&mut store, &request, now)?;
            if json {
                return emit_json(&added);
            }
            emit(&format!(
                "Added {}: syncs with the calendar “{}” ({}). The password is in the system keyring.\n",
                added.name, added.calendar_name, added.calendar_url
            ));
        }
        AccountCommand::List { json } => {
            let accounts = open(now)?.accounts()?;
            if json {
                return emit_json(&accounts);
            }
            emit(&accounts.iter().map(describe_account).collect::<String>());
        }
        AccountCommand::Remove { name } => {
            sync::remove_account(&mut open(now)?, &name)?;
            emit(&format!(
                "Removed {name}; its deadlines stay in Docket and on the server.\n"
            ));
        }
    }
    Ok(())
}

fn sync(only: Option<&str>, json: bool, now: DateTime<Utc>) -> Result<(), Failure> {
    use std::io::IsTerminal;
    let mut store = open(now)?;
    if only.is_none() && store.account_states()?.is_empty() {
        return Err(Failure::Invalid(
            "No sync account is set up; add one with `docketctl account add`.".to_owned(),
        ));
    }
    let user = Actor::current("docketctl").user;
    let tty = std::io::stderr().is_terminal();
    let mut progress = |account: &str, p: sync::Progress| {
        if tty && p.total > 0 {
            let _ = write!(
                std::io::stderr(),
                "\r{account}: {} {}/{}\x1b[K",
                p.phase,
                p.done,
                p.total
            );
        }
    };
    let outcomes = sync::sync_all(
        &mut store,
        &data_dir(),
        only,
        local_zone().name(),
        &user,
        &mut progress,
    )?;
    if tty {
        let _ = write!(std::io::stderr(), "\r\x1b[K");
    }
    let mut reports = Vec::new();
    let mut failed = Vec::new();
    for (name, outcome) in outcomes {
        match outcome {
            Ok(report) => {
                if !json {
                    emit(&format!("{name}: {}\n", report.describe()));
                    for line in &report.unreadable {
                        emit(&format!("  skipped: {line}\n"));
                    }
                }
                reports.push(report);
            }
            Err(e) => failed.push(format!(
                "{name}: {e} Nothing was lost; the next sync goes on from here."
            )),
        }
    }
    if json {
        emit_json(&reports)?;
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Failure::Other(failed.join("\n")))
    }
}

fn sync_decision(command: SyncCommand, now: DateTime<Utc>) -> Result<(), Failure> {
    let mut store = open(now)?;
    match command {
        SyncCommand::Conflicts { json } => {
            let conflicts = store.sync_conflicts(local_zone().name())?;
            if json {
                return emit_json(&conflicts);
            }
            let lines: String = conflicts
                .iter()
                .map(|c| {
                    let server = match (&c.server_title, &c.server_due) {
                        (Some(t), Some(d)) => format!("“{t}”, due {d}"),
                        _ => "deleted".to_owned(),
                    };
                    format!(
                        "{}  {}\n  Docket: “{}”, due {} ({})\n  server: {server}\n",
                        c.id,
                        c.account,
                        c.local.title,
                        c.local.due_date,
                        c.local.status.as_str()
                    )
                })
                .collect();
            emit(&lines);
        }
        SyncCommand::Resolve { id, keep } => {
            let keep = match keep {
                KeepSide::Docket => Keep::Local,
                KeepSide::Server => Keep::Server,
            };
            store.resolve_conflict(
                id,
                keep,
                local_zone().name(),
                &Actor::current("docketctl"),
                now,
            )?;
            emit(&format!(
                "Conflict {id} resolved: {}.\n",
                match keep {
                    Keep::Local => "Docket's version is sent at the next sync",
                    Keep::Server => "the server's version is taken",
                }
            ));
        }
        SyncCommand::Interval { minutes } => {
            let minutes = match minutes {
                Some(m) => store.set_sync_interval(m)?,
                None => store.sync_interval()?,
            };
            emit(&match minutes {
                0 => "Docket syncs only when asked.\n".to_owned(),
                1 => "Docket syncs every minute.\n".to_owned(),
                m => format!("Docket syncs every {m} minutes.\n"),
            });
        }
    }
    Ok(())
}

fn pack(command: PackCommand, now: DateTime<Utc>) -> Result<(), Failure> {
    let actor = Actor::current("docketctl");
    match command {
        PackCommand::List { json } => {
            let packs = open(now)?.packs()?;
            if json {
                return emit_json(&packs);
            }
            let lines: String = packs
                .iter()
                .map(|p| {
                    format!(
                        "{}  version {}  {} deadlines  {}\n",
                        p.id, p.version, p.deadlines, p.title
                    )
                })
                .collect();
            emit(&lines);
        }
        PackCommand::Import { file, json } => {
            let text = std::fs::read_to_string(&file).map_err(|e| {
                Failure::Invalid(format!("{} cannot be read: {e}.", file.display()))
            })?;
            let pack = Pack::from_json(&text).map_err(|e| {
                Failure::Invalid(format!("{}: {e} Nothing was installed.", file.display()))
            })?;
            let report = open(now)?.install_pack(&pack, &Actor::current("pack"), now)?;
            if json {
                return emit_json(&report);
            }
            emit(&format!("{}\n", report.describe()));
        }
        PackCommand::Conflicts { json } => {
            let conflicts = open(now)?.pack_conflicts()?;
            if json {
                return emit_json(&conflicts);
            }
            let lines: String = conflicts
                .iter()
                .map(|c| format!("{}  {}\n  {}\n", c.deadline_id, c.title, c.summary))
                .collect();
            emit(&lines);
        }
        PackCommand::Resolve { id, take, keep: _ } => {
            let d = open(now)?.resolve_pack_conflict(&id, take, &actor, now)?;
            emit(&format!(
                "{} {} (due {})\n",
                d.id,
                if take {
                    "takes the pack's version"
                } else {
                    "keeps your version"
                },
                d.due_date
            ));
        }
    }
    Ok(())
}

/// Deadline ids never hold a `/` nor end in `.sqlite3`; anything that does,
/// or names an existing file, is a backup to restore (and a missing one is
/// refused as such, not looked up as a deadline).
fn looks_like_a_file(id: &str) -> bool {
    id.contains('/') || id.ends_with(".sqlite3") || std::path::Path::new(id).is_file()
}

/// Restores a JSON backup over the data dir's database (the current one is
/// kept beside it); with `dry_run`, only says what it holds.
fn restore_backup(
    file: &std::path::Path,
    dry_run: bool,
    json: bool,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| Failure::Invalid(format!("{} cannot be read: {e}.", file.display())))?;
    let name = file.display().to_string();
    if dry_run {
        let backup: json_backup::JsonBackup = serde_json::from_str(&text)
            .map_err(|e| Failure::Invalid(format!("{name} is not a Docket JSON backup: {e}.")))?;
        let counts: String = backup
            .tables
            .iter()
            .map(|(t, rows)| format!("{t}: {}\n", rows.len()))
            .collect();
        emit(&format!(
            "Dry run, nothing restored. {name} holds:\n{counts}"
        ));
        return Ok(());
    }
    let report = json_backup::restore(&data_dir(), &name, &text, now)?;
    if json {
        return emit_json(&report);
    }
    let counts: Vec<String> = report
        .rows
        .iter()
        .map(|(t, n)| format!("{n} {t}"))
        .collect();
    let kept = report
        .previous
        .map(|p| format!(" The database it replaced is kept as {}.", p.display()))
        .unwrap_or_default();
    emit(&format!("Restored {}.{kept}\n", counts.join(", ")));
    Ok(())
}

/// Writes a whole file at once, readable by its owner only: a partial file
/// never replaces a good one.
fn write_file(path: &std::path::Path, text: &str) -> Result<(), Failure> {
    use std::os::unix::fs::OpenOptionsExt;
    let fail =
        |e: std::io::Error| Failure::Other(format!("{} cannot be written: {e}.", path.display()));
    let partial = path.with_extension("partial");
    let mut out = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&partial)
        .map_err(fail)?;
    out.write_all(text.as_bytes()).map_err(fail)?;
    out.sync_all().map_err(fail)?;
    std::fs::rename(&partial, path).map_err(fail)
}

/// One line of `docketctl list`.
fn describe(d: &Deadline, today: NaiveDate) -> String {
    let days = (d.due_date - today).num_days();
    let when = match days {
        0 => "today".to_owned(),
        1 => "tomorrow".to_owned(),
        -1 => "yesterday".to_owned(),
        n if n > 1 => format!("in {n} days"),
        n => format!("{} days ago", -n),
    };
    let reference = if d.reference.is_empty() {
        String::new()
    } else {
        format!("  ({})", d.reference)
    };
    let status = if d.status == Status::Open {
        String::new()
    } else {
        format!("  [{}]", d.status.as_str())
    };
    format!(
        "{}  {:<14} {:<11} {}{}{}  {}\n",
        d.due_date,
        when,
        d.kind.as_str(),
        d.title,
        reference,
        status,
        d.id
    )
}
