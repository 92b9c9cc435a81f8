//! Where policies come from: files, directories (every `*.json` below,
//! sorted), `.jsonl` corpus files and standard input.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::check::{Checker, MAX_DOCUMENT_BYTES, Options, Report};
use crate::corpus;

/// Input that could not be read (exit status 2).
#[derive(Debug)]
pub struct InputError {
    /// The path (`-` for standard input).
    pub path: String,
    /// What went wrong.
    pub message: String,
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for InputError {}

/// Checks every policy named by `paths` (`-` is standard input).
pub fn check_paths(paths: &[PathBuf], options: Options) -> Result<Report, InputError> {
    // One checker for the run: the same strings recur across documents.
    let mut checker = Checker::new(options);
    let mut report = Report::default();
    for path in paths {
        if path.as_os_str() == "-" {
            let text = read_limited("-", std::io::stdin().lock())?;
            report.extend(checker.check_text("-", &text));
            continue;
        }
        let mut files = Vec::new();
        collect(path, &mut files, 0)?;
        for file in files {
            report.extend(check_file(&file, &mut checker)?);
        }
    }
    Ok(report)
}

fn check_file(file: &Path, checker: &mut Checker) -> Result<Report, InputError> {
    let name = file.display().to_string();
    let open = std::fs::File::open(file).map_err(|e| InputError {
        path: name.clone(),
        message: e.to_string(),
    })?;
    if file.extension().is_some_and(|e| e == "jsonl") {
        let policies =
            corpus::read(&name, std::io::BufReader::new(open)).map_err(|e| InputError {
                path: name.clone(),
                message: format!("line {}: {}", e.line, e.message),
            })?;
        return Ok(corpus::check_each(checker, &name, &policies));
    }
    let text = read_limited(&name, open)?;
    Ok(checker.check_text(&name, &text))
}

/// Reads at most one byte past the limit, so a huge input costs no more
/// than that and is reported by the checker as too large.
fn read_limited(name: &str, reader: impl Read) -> Result<String, InputError> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_DOCUMENT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| InputError {
            path: name.to_string(),
            message: e.to_string(),
        })?;
    String::from_utf8(bytes).map_err(|e| InputError {
        path: name.to_string(),
        message: format!("not UTF-8 (byte {})", e.utf8_error().valid_up_to()),
    })
}

/// Directory depth beyond which a tree is refused (a loop of symlinks
/// would otherwise never end).
const MAX_DEPTH: usize = 32;

fn collect(path: &Path, out: &mut Vec<PathBuf>, depth: usize) -> Result<(), InputError> {
    let err = |message: String| InputError {
        path: path.display().to_string(),
        message,
    };
    let meta = std::fs::metadata(path).map_err(|e| err(e.to_string()))?;
    if !meta.is_dir() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    if depth >= MAX_DEPTH {
        return Err(err(format!("directories nested deeper than {MAX_DEPTH}")));
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(|e| err(e.to_string()))?
        .map(|e| e.map(|e| e.path()).map_err(|e| err(e.to_string())))
        .collect::<Result<_, _>>()?;
    entries.sort();
    for entry in entries {
        let is_dir = std::fs::metadata(&entry).is_ok_and(|m| m.is_dir());
        let is_policy = entry
            .extension()
            .is_some_and(|e| e == "json" || e == "jsonl");
        if is_dir || is_policy {
            collect(&entry, out, depth + 1)?;
        }
    }
    Ok(())
}
