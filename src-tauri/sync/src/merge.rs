//! The merge rules of a pull, as one pure function: from what Docket has of
//! a deadline and what the server says of it, what to do. The store reads
//! the facts and carries out the decision inside one transaction
//! (`Store::apply_server_changes`); the rules themselves live here, tested
//! from a table.

use docket_core::store::sync::{Here, Merge, There};

/// What to do with one server change.
///
/// - Nothing here yet: a change adds the deadline; a removal is nothing.
/// - Both sides already say the same: only the server's version is noted.
/// - Changed here since both sides last agreed, and changed or removed
///   there: a conflict that keeps both until the officer decides (a
///   deadline deleted here is no change that needs keeping).
/// - Otherwise the server's version is taken, or its removal deletes the
///   deadline here (one already deleted here is only forgotten).
pub fn decide(here: Option<Here>, there: There) -> Merge {
    let Some(here) = here else {
        return match there {
            There::Changed => Merge::Add,
            There::Removed => Merge::Forget,
        };
    };
    match there {
        There::Changed if here.agrees && !here.deleted => Merge::Same,
        There::Changed if here.changed => Merge::Conflict,
        There::Changed => Merge::TakeServer,
        There::Removed if here.changed && !here.deleted => Merge::Conflict,
        There::Removed if here.deleted => Merge::Forget,
        There::Removed => Merge::DeleteHere,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn here(changed: bool, agrees: bool, deleted: bool) -> Option<Here> {
        Some(Here {
            changed,
            agrees,
            deleted,
        })
    }

    #[test]
    fn each_combination_of_both_sides_has_its_rule() {
        // (what Docket has, what the server says, what is done)
        let table = [
            (None, There::Changed, Merge::Add),
            (None, There::Removed, Merge::Forget),
            // Changed there only.
            (here(false, false, false), There::Changed, Merge::TakeServer),
            // Changed on both sides, to the same.
            (here(true, true, false), There::Changed, Merge::Same),
            (here(false, true, false), There::Changed, Merge::Same),
            // Changed on both sides, differently.
            (here(true, false, false), There::Changed, Merge::Conflict),
            // Deleted here and changed there: a changed deletion conflicts,
            // an old one takes the server's version back.
            (here(true, true, true), There::Changed, Merge::Conflict),
            (here(false, true, true), There::Changed, Merge::TakeServer),
            // Removed there.
            (here(false, false, false), There::Removed, Merge::DeleteHere),
            (here(true, false, false), There::Removed, Merge::Conflict),
            (here(true, true, false), There::Removed, Merge::Conflict),
            (here(false, false, true), There::Removed, Merge::Forget),
            (here(true, false, true), There::Removed, Merge::Forget),
        ];
        for (h, there, expected) in table {
            assert_eq!(decide(h, there), expected, "{h:?} and {there:?}");
        }
    }
}
