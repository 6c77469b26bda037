//! A bare Tauri 2 window with a static page: the baseline Docket's start
//! time and memory are measured against. Its one command logs when the page
//! was drawn, as Docket's window does.

/// The page says it was drawn; logged with the page's clock (Unix ms).
#[tauri::command]
fn drawn(unix_ms: f64) {
    eprintln!("bare-window: page drawn at unix ms {unix_ms:.0}");
}

fn main() {
    if let Err(e) = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![drawn])
        .run(tauri::generate_context!())
    {
        eprintln!("bare-window: {e}");
        std::process::exit(1);
    }
}
