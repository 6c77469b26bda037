//! Two-way sync of the docket with CalDAV calendars: the client
//! ([`caldav`]), the sync session that pulls and pushes ([`session`]), and
//! the accounts with their passwords in the system keyring.
//!
//! The store keeps the SQL (what was pulled, what is pending, conflicts);
//! this crate talks to servers and the keyring, which the domain crate
//! never does.

pub mod accounts;
pub mod caldav;
pub mod merge;
pub mod session;

pub use accounts::*;
pub use session::*;
