//! Long calls: the work runs on a worker thread; the calling thread waits with the GIL released
//! (`Python::detach`) in 50 ms slices and checks for signals between them. On Ctrl-C the optional
//! stop flag is raised (self-play stops at its next round) and `KeyboardInterrupt` propagates at
//! once; a solver without a stop flag finishes in the background and its result is dropped.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::time::Duration;

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;

/// Runs `f` on a worker thread; see the module documentation.
pub fn run<T, F>(py: Python<'_>, stop: Option<Arc<AtomicBool>>, f: F) -> PyResult<T>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    let (tx, rx) = channel();
    std::thread::Builder::new()
        .name("ualign-solve".into())
        .spawn(move || {
            // The receiver may be gone after Ctrl-C; then the result is dropped.
            let _ = tx.send(f());
        })
        .map_err(|e| PyRuntimeError::new_err(format!("cannot start a worker thread: {e}")))?;
    let mut rx = rx;
    loop {
        // The receiver moves into the detached closure and back (it is Send, not Sync).
        let (got, back) = py.detach(move || (rx.recv_timeout(Duration::from_millis(50)), rx));
        rx = back;
        match got {
            Ok(v) => return Ok(v),
            Err(RecvTimeoutError::Timeout) => {
                if let Err(e) = py.check_signals() {
                    if let Some(s) = &stop {
                        s.store(true, Ordering::SeqCst);
                    }
                    return Err(e);
                }
            }
            Err(RecvTimeoutError::Disconnected) => {
                return Err(PyRuntimeError::new_err(
                    "the ualign worker thread stopped without a result (a bug: please report it)",
                ));
            }
        }
    }
}
