//! A bare Tauri 2 window with a static page: the baseline Docket's start
//! time and memory are measured against.

fn main() {
    if let Err(e) = tauri::Builder::default().run(tauri::generate_context!()) {
        eprintln!("bare-window: {e}");
        std::process::exit(1);
    }
}
