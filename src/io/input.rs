//! The one input layer: every file a command reads (instances, policies, mixtures,
//! certificates) goes through [`read_text`].
//!
//! The file is read in chunks through a byte limit, whatever its type: a regular file, a device
//! such as `/dev/zero`, a FIFO, a symlink to any of these, or standard input when the path is
//! `-`. The size the system reports is used only to refuse a regular file early, never trusted
//! as an upper bound. A NUL byte (no text format here has one) or invalid UTF-8 stops the read at
//! the chunk where it appears, so binary data is refused within the first 64 KiB. A UTF-8
//! byte-order mark at the very start is dropped (the same rule as the certificate checker);
//! anywhere else it is an ordinary character. Errors name the file and, where there is one, the
//! line: `FILE:LINE: message`.

use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

/// Size of one read.
const CHUNK: usize = 64 << 10;

/// The name used for standard input in messages.
pub const STDIN_NAME: &str = "standard input";

/// Why a file could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.render())]
pub struct InputError {
    /// The file as the user named it (`standard input` for `-`).
    pub file: String,
    /// The 1-based line of the problem, when there is one.
    pub line: Option<usize>,
    /// What is wrong and what was expected.
    pub message: String,
}

impl InputError {
    fn new(file: &str, line: Option<usize>, message: impl Into<String>) -> Self {
        InputError {
            file: file.to_string(),
            line,
            message: message.into(),
        }
    }
    fn render(&self) -> String {
        match self.line {
            Some(l) => format!("{}:{l}: {}", self.file, self.message),
            None => format!("{}: {}", self.file, self.message),
        }
    }
}

/// True when `path` is `-`, i.e. standard input (or output).
pub fn is_dash(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// The name of `path` in messages: the path as given, or `standard input` for `-`.
pub fn display_name(path: &Path) -> String {
    if is_dash(path) {
        STDIN_NAME.to_string()
    } else {
        path.display().to_string()
    }
}

static STDIN_TAKEN: AtomicBool = AtomicBool::new(false);

/// Reads `path` (or standard input for `-`) as UTF-8 text of at most `limit` bytes.
///
/// Refused, with the file named: a missing file, a directory, more than `limit` bytes, an empty
/// file, a NUL byte, invalid UTF-8 (with its line), and standard input read a second time.
pub fn read_text(path: impl AsRef<Path>, limit: u64) -> Result<String, InputError> {
    let path = path.as_ref();
    let name = display_name(path);
    if is_dash(path) {
        if STDIN_TAKEN.swap(true, Ordering::SeqCst) {
            return Err(InputError::new(
                &name,
                None,
                "standard input can be read only once per command",
            ));
        }
        return read_text_from(std::io::stdin().lock(), &name, limit);
    }
    let meta = std::fs::metadata(path).map_err(|e| open_error(&name, &e))?;
    if meta.is_dir() {
        return Err(InputError::new(&name, None, "is a directory, not a file"));
    }
    if meta.is_file() && meta.len() > limit {
        return Err(too_large(&name, Some(meta.len()), limit));
    }
    let file = std::fs::File::open(path).map_err(|e| open_error(&name, &e))?;
    read_text_from(file, &name, limit)
}

fn open_error(name: &str, e: &std::io::Error) -> InputError {
    let what = match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    };
    InputError::new(name, None, format!("cannot read: {what}"))
}

fn too_large(name: &str, size: Option<u64>, limit: u64) -> InputError {
    let has = match size {
        Some(s) => format!("has {s} bytes"),
        None => "is longer".to_string(),
    };
    InputError::new(
        name,
        None,
        format!("{has}, above the limit of {limit} bytes for an input file"),
    )
}

fn line_at(bytes: &[u8], pos: usize) -> usize {
    bytes[..pos].iter().filter(|&&b| b == b'\n').count() + 1
}

/// Reads `reader` to the end as UTF-8 text of at most `limit` bytes (the core of
/// [`read_text`]; `name` is used in messages). A leading byte-order mark is dropped.
pub fn read_text_from(mut reader: impl Read, name: &str, limit: u64) -> Result<String, InputError> {
    let mut buf: Vec<u8> = Vec::new();
    let mut chunk = vec![0u8; CHUNK];
    let mut checked = 0; // buf[..checked] is valid UTF-8
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                let msg = if e.raw_os_error() == Some(libc::EISDIR) {
                    "is a directory, not a file".to_string()
                } else {
                    format!("cannot read: {e}")
                };
                return Err(InputError::new(name, None, msg));
            }
        };
        if (buf.len() + n) as u64 > limit {
            return Err(too_large(name, None, limit));
        }
        if let Some(i) = chunk[..n].iter().position(|&b| b == 0) {
            let at = buf.len() + i;
            buf.extend_from_slice(&chunk[..n]);
            return Err(InputError::new(
                name,
                Some(line_at(&buf, at)),
                "contains a NUL byte: not a text file",
            ));
        }
        buf.extend_from_slice(&chunk[..n]);
        match std::str::from_utf8(&buf[checked..]) {
            Ok(_) => checked = buf.len(),
            Err(e) if e.error_len().is_none() => checked += e.valid_up_to(),
            Err(e) => return Err(not_utf8(name, &buf, checked + e.valid_up_to())),
        }
    }
    if checked < buf.len() {
        return Err(not_utf8(name, &buf, checked));
    }
    if buf.is_empty() {
        return Err(InputError::new(name, None, "file is empty"));
    }
    let start = if buf.starts_with("\u{feff}".as_bytes()) {
        3
    } else {
        0
    };
    buf.drain(..start);
    String::from_utf8(buf).map_err(|e| {
        // Unreachable after the check above; kept as an error rather than a panic.
        InputError::new(name, None, format!("not UTF-8 text: {e}"))
    })
}

fn not_utf8(name: &str, buf: &[u8], at: usize) -> InputError {
    InputError::new(
        name,
        Some(line_at(buf, at)),
        format!("not valid UTF-8 text (byte {} of the file)", at + 1),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8], limit: u64) -> Result<String, InputError> {
        read_text_from(bytes, "f", limit)
    }

    #[test]
    fn reads_text_and_drops_a_leading_bom_only() {
        assert_eq!(read(b"abc\n", 10).unwrap(), "abc\n");
        assert_eq!(read("\u{feff}x".as_bytes(), 10).unwrap(), "x");
        assert_eq!(read("x\u{feff}".as_bytes(), 10).unwrap(), "x\u{feff}");
        assert_eq!(read(b"1234567890", 10).unwrap(), "1234567890");
    }

    #[test]
    fn refuses_with_file_line_and_limit() {
        assert_eq!(
            read(b"12345678901", 10).unwrap_err().to_string(),
            "f: is longer, above the limit of 10 bytes for an input file"
        );
        assert_eq!(read(b"", 10).unwrap_err().to_string(), "f: file is empty");
        let e = read(b"a\nb\n\xffc", 100).unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("UTF-8"));
        let e = read(b"a\n\0", 100).unwrap_err();
        assert_eq!((e.line, e.message.contains("NUL")), (Some(2), true));
        // A multi-byte character cut at the end of the file.
        let e = read("é".as_bytes().split_last().unwrap().1, 100).unwrap_err();
        assert_eq!(e.line, Some(1));
    }

    #[test]
    fn characters_split_across_chunks_are_fine() {
        let mut text = "a".repeat(CHUNK - 1);
        text.push_str("é€😀");
        assert_eq!(read(text.as_bytes(), 1 << 20).unwrap(), text);
    }

    #[test]
    fn endless_readers_stop_at_the_limit() {
        let e = read_text_from(std::io::repeat(b'x'), "r", 1 << 20).unwrap_err();
        assert!(e.message.contains("1048576"));
        let e = read_text_from(std::io::repeat(0), "z", 1 << 20).unwrap_err();
        assert!(e.message.contains("NUL"));
    }
}
