//! The data folder's files are private: the folder, the database and its
//! backups.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

#[test]
fn the_data_folder_is_private_and_so_are_the_database_and_its_backups() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().join("docket");
    let out = crate::support::docketctl(&dir, "UTC", &["backup"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(&dir.join("docket.sqlite3")), 0o600);
    assert_eq!(mode(&dir.join("backups")), 0o700);
    for backup in std::fs::read_dir(dir.join("backups")).unwrap() {
        assert_eq!(mode(&backup.unwrap().path()), 0o600);
    }
}
