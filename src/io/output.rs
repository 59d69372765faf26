//! The one output layer: every file a command writes goes through [`write_output`], and every
//! command checks its outputs against its inputs with [`refuse_inputs`] before doing any work.
//!
//! - `-` writes to standard output.
//! - A symlink is followed (also a dangling one) and its final target replaced; the link stays.
//! - A target that is not a regular file (a device, a FIFO) is written through, never replaced.
//! - A regular file is replaced atomically: the new contents go to a temporary file in the same
//!   directory, are synced, and the temporary file is renamed over the target (keeping the
//!   target's permissions); the directory is synced afterwards. On Linux the temporary file is
//!   unnamed (`O_TMPFILE`, then `linkat`), so even SIGKILL leaves nothing behind; elsewhere, or
//!   when the file system lacks `O_TMPFILE`, a named `.NAME.PID.N.tmp` is used and registered so
//!   that [`remove_pending_temp_files`] (called by the CLI on SIGINT and SIGTERM) deletes it.
//! - An output that is the same file as an input (same device and inode, or same canonical
//!   path) is refused.

use std::fs::{File, Metadata, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use super::input::is_dash;

/// Why an output could not be written or is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {message}")]
pub struct OutputError {
    /// The output as the user named it.
    pub file: String,
    /// What went wrong (the system's error, or why the output is refused).
    pub message: String,
}

fn out_err(path: &Path, message: impl Into<String>) -> OutputError {
    OutputError {
        file: path.display().to_string(),
        message: message.into(),
    }
}

/// Named temporary files currently being written (removed on SIGINT/SIGTERM by the CLI).
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
static COUNTER: AtomicU64 = AtomicU64::new(0);

/// Deletes every named temporary file still being written. Called from a signal handler thread
/// just before the process exits.
pub fn remove_pending_temp_files() {
    let list = match PENDING.lock() {
        Ok(g) => g,
        Err(p) => p.into_inner(),
    };
    for p in list.iter() {
        let _ = std::fs::remove_file(p);
    }
}

fn register(p: &Path) {
    if let Ok(mut g) = PENDING.lock() {
        g.push(p.to_path_buf());
    }
}

fn unregister(p: &Path) {
    if let Ok(mut g) = PENDING.lock() {
        g.retain(|q| q != p);
    }
}

/// Device and inode of a file (following links), if it exists.
fn identity(p: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(p).ok().map(|m| (m.dev(), m.ino()))
}

/// Follows symlinks (up to 40, like the kernel) to the path that will really be written.
/// A dangling link resolves to the missing file it names.
pub fn resolve(path: &Path) -> Result<PathBuf, OutputError> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = std::fs::read_link(&p)
                    .map_err(|e| out_err(path, format!("cannot read the link: {e}")))?;
                p = match p.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                };
            }
            _ => return Ok(p),
        }
    }
    Err(out_err(path, "too many levels of symbolic links"))
}

/// The canonical form of a path that may not exist yet: its directory canonicalised.
fn canonical(p: &Path) -> Option<PathBuf> {
    if let Ok(c) = std::fs::canonicalize(p) {
        return Some(c);
    }
    let dir = match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    Some(std::fs::canonicalize(dir).ok()?.join(p.file_name()?))
}

/// Refuses (before any work) an output that is the same file as one of the inputs: same
/// device and inode, or the same canonical path. `-` never clashes (standard streams).
pub fn refuse_inputs(output: &Path, inputs: &[&Path]) -> Result<(), OutputError> {
    if is_dash(output) {
        return Ok(());
    }
    let target = resolve(output)?;
    let out_id = identity(&target);
    let out_canon = canonical(&target);
    for input in inputs.iter().filter(|i| !is_dash(i)) {
        let same_inode = out_id.is_some() && out_id == identity(input);
        let same_path = out_canon.is_some() && out_canon == canonical(input);
        if same_inode || same_path {
            return Err(out_err(
                output,
                format!(
                    "is the same file as the input {}; refusing to overwrite an input",
                    input.display()
                ),
            ));
        }
    }
    Ok(())
}

/// Refuses two outputs of one command that are the same file (one would overwrite the other).
pub fn refuse_duplicates(outputs: &[&Path]) -> Result<(), OutputError> {
    for (i, a) in outputs.iter().enumerate() {
        for b in &outputs[..i] {
            if is_dash(a) && is_dash(b) {
                continue;
            }
            refuse_inputs(a, &[b]).map_err(|_| {
                out_err(a, format!("is the same file as the output {}", b.display()))
            })?;
        }
    }
    Ok(())
}

/// Writes `contents` to `path` as described in the module documentation.
pub fn write_output(path: impl AsRef<Path>, contents: &[u8]) -> Result<(), OutputError> {
    let path = path.as_ref();
    if is_dash(path) {
        let mut out = std::io::stdout().lock();
        return out
            .write_all(contents)
            .and_then(|_| out.flush())
            .map_err(|e| out_err(path, format!("cannot write to standard output: {e}")));
    }
    let target = resolve(path)?;
    let fail = |e: std::io::Error| out_err(path, format!("cannot write: {e}"));
    match std::fs::metadata(&target) {
        Ok(m) if m.is_dir() => Err(out_err(path, "is a directory, not a file")),
        Ok(m) if !m.is_file() => {
            // A device or FIFO: write through it, never replace it.
            let mut f = OpenOptions::new().write(true).open(&target).map_err(fail)?;
            f.write_all(contents).and_then(|_| f.flush()).map_err(fail)
        }
        Ok(m) => replace_atomically(&target, contents, Some(&m)).map_err(fail),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            replace_atomically(&target, contents, None).map_err(fail)
        }
        Err(e) => Err(fail(e)),
    }
}

fn directory_of(p: &Path) -> PathBuf {
    match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn temp_name(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "output".into());
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    directory_of(target).join(format!(".{name}.{}.{n}.tmp", std::process::id()))
}

/// Fills `f` with `contents`, gives it the permissions of the file it replaces, and syncs it.
fn fill(f: &mut File, contents: &[u8], old: Option<&Metadata>) -> std::io::Result<()> {
    f.write_all(contents)?;
    if let Some(m) = old {
        f.set_permissions(m.permissions())?;
    }
    f.sync_all()
}

/// Renames `tmp` over `target` (the temporary file is registered meanwhile), then syncs the
/// directory.
fn rename_into_place(tmp: &Path, target: &Path) -> std::io::Result<()> {
    let r = std::fs::rename(tmp, target);
    if r.is_err() {
        let _ = std::fs::remove_file(tmp);
    }
    unregister(tmp);
    r?;
    sync_directory(target);
    Ok(())
}

/// Best effort: some file systems do not sync directories.
fn sync_directory(target: &Path) {
    if let Ok(d) = File::open(directory_of(target)) {
        let _ = d.sync_all();
    }
}

fn replace_atomically(
    target: &Path,
    contents: &[u8],
    old: Option<&Metadata>,
) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    if let Some(done) = unnamed::replace(target, contents, old) {
        return done;
    }
    let tmp = temp_name(target);
    register(&tmp);
    let written = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .and_then(|mut f| fill(&mut f, contents, old));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        unregister(&tmp);
        return Err(e);
    }
    rename_into_place(&tmp, target)
}

#[cfg(target_os = "linux")]
mod unnamed {
    //! Linux: an unnamed temporary file (`O_TMPFILE`) given a name only once complete.
    use std::ffi::CString;
    use std::fs::{File, Metadata};
    use std::os::fd::{AsRawFd, FromRawFd};
    use std::os::unix::ffi::OsStrExt;
    use std::path::Path;

    use super::{directory_of, fill, register, rename_into_place, temp_name, unregister};

    fn c_path(p: &Path) -> Option<CString> {
        CString::new(p.as_os_str().as_bytes()).ok()
    }

    /// Gives the unnamed file `f` the name `to`; fails if `to` exists.
    fn link(f: &File, to: &Path) -> std::io::Result<()> {
        let from = c_path(Path::new(&format!("/proc/self/fd/{}", f.as_raw_fd())))
            .ok_or_else(|| std::io::Error::other("bad path"))?;
        let to = c_path(to).ok_or_else(|| std::io::Error::other("path contains NUL"))?;
        // SAFETY: both are valid NUL-terminated paths; AT_FDCWD is a valid directory descriptor.
        let r = unsafe {
            libc::linkat(
                libc::AT_FDCWD,
                from.as_ptr(),
                libc::AT_FDCWD,
                to.as_ptr(),
                libc::AT_SYMLINK_FOLLOW,
            )
        };
        if r == 0 {
            Ok(())
        } else {
            Err(std::io::Error::last_os_error())
        }
    }

    /// `None` when unnamed files are unavailable here (the caller then uses a named one).
    pub(super) fn replace(
        target: &Path,
        contents: &[u8],
        old: Option<&Metadata>,
    ) -> Option<std::io::Result<()>> {
        let dir = c_path(&directory_of(target))?;
        // SAFETY: dir is a valid NUL-terminated path; the returned descriptor is checked.
        let fd = unsafe {
            libc::open(
                dir.as_ptr(),
                libc::O_TMPFILE | libc::O_WRONLY | libc::O_CLOEXEC,
                0o666 as libc::c_uint,
            )
        };
        if fd < 0 {
            return None;
        }
        // SAFETY: fd is a freshly opened descriptor owned by nobody else.
        let mut f = unsafe { File::from_raw_fd(fd) };
        if let Err(e) = fill(&mut f, contents, old) {
            return Some(Err(e));
        }
        if old.is_none() {
            match link(&f, target) {
                Ok(()) => {
                    super::sync_directory(target);
                    return Some(Ok(()));
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(_) => return None,
            }
        }
        // The target exists: name the file next to it, then rename over it.
        let tmp = temp_name(target);
        register(&tmp);
        if link(&f, &tmp).is_err() {
            unregister(&tmp);
            return None;
        }
        Some(rename_into_place(&tmp, target))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("ualign-out-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn replaces_files_and_leaves_no_temporary() {
        let d = scratch("replace");
        let p = d.join("a.txt");
        write_output(&p, b"one").unwrap();
        write_output(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(&d).unwrap().count(), 1);
        std::fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn keeps_permissions_and_links() {
        use std::os::unix::fs::{PermissionsExt, symlink};
        let d = scratch("perm");
        let p = d.join("a.txt");
        std::fs::write(&p, b"x").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        let l = d.join("l.txt");
        symlink("a.txt", &l).unwrap();
        write_output(&l, b"new").unwrap();
        assert!(
            std::fs::symlink_metadata(&l)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&p).unwrap(), b"new");
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        std::fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn same_file_is_refused() {
        let d = scratch("same");
        let p = d.join("in.json");
        std::fs::write(&p, b"x").unwrap();
        let hard = d.join("hard.json");
        std::fs::hard_link(&p, &hard).unwrap();
        assert!(refuse_inputs(&p, &[&p]).is_err());
        assert!(refuse_inputs(&hard, &[&p]).is_err());
        assert!(refuse_inputs(&d.join("other.json"), &[&p]).is_ok());
        assert!(refuse_inputs(Path::new("-"), &[&p]).is_ok());
        assert!(refuse_duplicates(&[&p, &hard]).is_err());
        assert!(refuse_duplicates(&[Path::new("-"), Path::new("-")]).is_ok());
        std::fs::remove_dir_all(&d).unwrap();
    }
}
