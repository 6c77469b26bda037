//! Starting Docket at login: an XDG autostart entry that runs `docket --hidden`.

use std::path::PathBuf;

fn entry_path() -> Option<PathBuf> {
    let config = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(config.join("autostart").join("eu.docket.app.desktop"))
}

pub fn is_enabled() -> bool {
    entry_path().is_some_and(|p| p.exists())
}

/// Writes or removes the autostart entry.
pub fn set_enabled(enabled: bool) -> std::io::Result<()> {
    let path = entry_path()
        .ok_or_else(|| std::io::Error::other("neither XDG_CONFIG_HOME nor HOME is set"))?;
    if !enabled {
        return match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        };
    }
    let exe = std::env::current_exe()?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let entry = format!(
        "[Desktop Entry]\nType=Application\nName=Docket\nComment=Regulatory deadlines and reminders\nExec=\"{}\" --hidden\nIcon=docket\nTerminal=false\nX-GNOME-Autostart-enabled=true\n",
        exe.display()
    );
    std::fs::write(path, entry)
}
