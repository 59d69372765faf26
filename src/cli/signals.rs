//! SIGINT and SIGTERM for the whole command (one handler per process, installed by
//! [`super::main`]): by default the process deletes the named temporary files of outputs being
//! written ([`crate::io::output::remove_pending_temp_files`]) and exits with code 130. A command
//! that can stop early and still report (self-play) asks for [`graceful`] handling instead: the
//! first signal only sets [`INTERRUPTED`]; a second one exits as above.

use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

/// Set by the first SIGINT/SIGTERM while graceful handling is on.
pub static INTERRUPTED: AtomicBool = AtomicBool::new(false);
static GRACEFUL: AtomicBool = AtomicBool::new(false);
static INSTALL: Once = Once::new();

/// Installs the handler (idempotent). If an embedding program already installed one, signals
/// keep that meaning.
pub fn install() {
    INSTALL.call_once(|| {
        let _ = ctrlc::set_handler(|| {
            if GRACEFUL.load(Ordering::SeqCst) && !INTERRUPTED.swap(true, Ordering::SeqCst) {
                return;
            }
            crate::io::output::remove_pending_temp_files();
            std::process::exit(130);
        });
    });
}

/// Turns graceful handling on (the first signal only sets [`INTERRUPTED`]) or off.
pub fn graceful(on: bool) {
    install();
    INTERRUPTED.store(false, Ordering::SeqCst);
    GRACEFUL.store(on, Ordering::SeqCst);
}
