//! What an audit report holds, gathered from the store
//! ([`crate::Store::audit_report`]) and rendered as PDF, HTML or CSV. Every
//! text is ready to print: dates and times are on the officer's clock, in
//! words ("2 December 2027", "25 Nov 2027 09:00 CET").

use serde::Serialize;

/// An audit report over a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditReport {
    /// "Audit report, 1 January 2026 to 31 December 2026".
    pub title: String,
    /// "1 January 2026 to 31 December 2026".
    pub period: String,
    /// The regulation the report is narrowed to, if it is.
    pub regulation: Option<String>,
    /// "2 December 2026 14:05 CET".
    pub made_at: String,
    /// The OS user who made it.
    pub made_by: String,
    /// "Docket 0.1.0".
    pub made_with: String,
    /// The head hash of the tamper-evident trail when the report was made,
    /// and how many entries it covers.
    pub trail_head: String,
    pub trail_entries: u64,
    /// The organisation's answers, as question and answer.
    pub organisation: Vec<Answered>,
    /// The AI systems listed, each with its answers.
    pub systems: Vec<System>,
    pub summary: Summary,
    /// Every deadline due in the period (or moved, done or reminded in it),
    /// earliest due first.
    pub deadlines: Vec<ReportDeadline>,
    /// The incident clocks started in the period.
    pub clocks: Vec<ReportClock>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Answered {
    pub question: String,
    pub answer: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct System {
    pub name: String,
    pub answers: Vec<Answered>,
}

/// The report's first table: how the period's deadlines stand.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub done_on_time: usize,
    pub done_late: usize,
    pub open: usize,
    pub overdue: usize,
    /// Waived deadlines with their reasons: (title, reason).
    pub waived: Vec<(String, String)>,
    pub not_applicable: usize,
}

/// One deadline, with what happened to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportDeadline {
    pub id: String,
    pub title: String,
    /// "Regulation (EU) 2024/1689, Art. 6(2), Annex III".
    pub regulation: String,
    pub kind: String,
    /// "2 December 2027" or "2 December 2027 17:00 (Europe/Brussels)".
    pub due: String,
    /// "open", "done on time", "done late", "overdue", "waived", "superseded".
    pub status: String,
    /// "applies: …" / "does not apply: …" / "not yet known: …".
    pub applies: String,
    pub source_url: String,
    /// Every move of the due date, oldest first.
    pub moves: Vec<Move>,
    /// When it was done and by whom, with the note: "1 Dec 2027 10:12 CET by ana: Filed".
    pub done: Option<String>,
    pub evidence: Vec<EvidenceLine>,
    pub reminders: Vec<ReminderLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Move {
    /// When it was recorded: "28 Jul 2026 09:00 CEST".
    pub at: String,
    /// "Moved from 2 August 2026 to 2 December 2027 by the AI Omnibus (…)".
    pub summary: String,
    pub by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvidenceLine {
    pub name: String,
    /// 64 lower-case hex digits, or the link for a link.
    pub sha256: String,
    pub effective: String,
    pub added: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReminderLine {
    /// When it was delivered: "25 Nov 2027 09:00 CET".
    pub at: String,
    /// "7 days before".
    pub stage: String,
    /// "notification" or "digest".
    pub channel: String,
    /// What the officer did: "snoozed until …", "opened", "marked done", "none".
    pub action: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportClock {
    pub title: String,
    /// "Personal data breach (GDPR Art. 33(1))".
    pub template: String,
    pub started: String,
    pub steps: Vec<ClockStepLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClockStepLine {
    pub title: String,
    pub due: String,
    /// "submitted 3 Jun 2026 16:20 IST", or "not submitted".
    pub submitted: String,
}
