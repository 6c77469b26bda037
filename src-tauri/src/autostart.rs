//! Starting Docket at login: an XDG autostart entry that runs `docket --hidden`.

use std::path::{Path, PathBuf};

const ENTRY: &str = "eu.docket.Docket.desktop";

/// The user's configuration folder: `XDG_CONFIG_HOME`, else `~/.config`.
fn config_dir() -> std::io::Result<PathBuf> {
    std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))
        .ok_or_else(|| std::io::Error::other("neither XDG_CONFIG_HOME nor HOME is set"))
}

fn entry_path(config: &Path) -> PathBuf {
    config.join("autostart").join(ENTRY)
}

pub fn is_enabled() -> bool {
    config_dir().is_ok_and(|c| entry_path(&c).exists())
}

/// Writes or removes the autostart entry.
pub fn set_enabled(enabled: bool) -> std::io::Result<()> {
    let exe = std::env::current_exe()?;
    set_enabled_in(&config_dir()?, enabled, &exe)
}

fn set_enabled_in(config: &Path, enabled: bool, exe: &Path) -> std::io::Result<()> {
    let path = entry_path(config);
    if !enabled {
        return match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        };
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let entry = format!(
        "[Desktop Entry]\nType=Application\nName=Docket\nComment=Regulatory deadlines and reminders\nExec=\"{}\" --hidden\nIcon=docket\nTerminal=false\nX-GNOME-Autostart-enabled=true\n",
        exe.display()
    );
    std::fs::write(path, entry)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turning_autostart_on_writes_an_entry_that_starts_in_the_tray_and_off_removes_it() {
        let config = tempfile::tempdir().unwrap();
        let exe = Path::new("/usr/bin/docket");
        set_enabled_in(config.path(), true, exe).unwrap();
        let entry =
            std::fs::read_to_string(config.path().join("autostart/eu.docket.Docket.desktop"))
                .unwrap();
        assert!(entry.starts_with("[Desktop Entry]\n"));
        assert!(
            entry.contains("Exec=\"/usr/bin/docket\" --hidden\n"),
            "{entry}"
        );
        set_enabled_in(config.path(), false, exe).unwrap();
        assert!(!entry_path(config.path()).exists());
        set_enabled_in(config.path(), false, exe).unwrap();
    }
}
