//! File discovery: named files are taken as they are; directories are walked in parallel
//! with `ignore` (honouring `.gitignore`), skipping hidden entries, `.git/`, `.terraform/`
//! and `node_modules/`, never following symlinks.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A file to check.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    pub path: PathBuf,
    /// Named on the command line (reported even when it is not a template or plan).
    pub explicit: bool,
}

/// A path that could not be walked (an unreadable directory, a vanished entry).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkIssue {
    pub path: PathBuf,
    pub message: String,
}

/// What the walk found.
#[derive(Debug, Default)]
pub struct Walked {
    pub candidates: Vec<Candidate>,
    pub issues: Vec<WalkIssue>,
    /// Entries skipped because they are not regular files (FIFOs, sockets, devices).
    pub special: Vec<PathBuf>,
}

/// A named path that does not exist: a usage error.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: no such file or directory")]
pub struct MissingPath {
    pub path: String,
}

const SKIP_DIRS: [&str; 3] = [".git", ".terraform", "node_modules"];
const EXTENSIONS: [&str; 4] = ["yaml", "yml", "json", "template"];

/// Whether a file name has a candidate extension.
pub fn is_candidate_name(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// Collects candidates under `paths`, sorted and without duplicates.
pub fn collect(paths: &[PathBuf], threads: usize) -> Result<Walked, MissingPath> {
    collect_excluding(paths, threads, &globset::GlobSet::empty())
}

/// [`collect`], skipping walked files that match `exclude` (named files are never skipped).
pub fn collect_excluding(paths: &[PathBuf], threads: usize, exclude: &globset::GlobSet) -> Result<Walked, MissingPath> {
    let mut out = Walked::default();
    for path in paths {
        // Named paths are followed even when they are symlinks: the user asked for them.
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(MissingPath { path: path.display().to_string() });
            }
            Err(e) => {
                out.issues.push(WalkIssue {
                    path: path.clone(),
                    message: format!("cannot read: {}", crate::load::io_message(&e)),
                });
                continue;
            }
        };
        if meta.is_dir() {
            let before = out.candidates.len();
            walk_dir(path, threads, &mut out);
            if !exclude.is_empty() {
                // Patterns match the path relative to the walked directory, or as found.
                let walked = out.candidates.split_off(before);
                out.candidates.extend(walked.into_iter().filter(|c| {
                    let rel = c.path.strip_prefix(path).unwrap_or(&c.path);
                    !(exclude.is_match(rel) || exclude.is_match(&c.path))
                }));
            }
        } else {
            out.candidates.push(Candidate { path: path.clone(), explicit: true });
        }
    }
    out.candidates.sort();
    // A file named twice (or named and found by a walk) is checked once, as named.
    out.candidates.dedup_by(|b, a| {
        if a.path == b.path {
            a.explicit |= b.explicit;
            true
        } else {
            false
        }
    });
    out.issues.sort_by(|a, b| a.path.cmp(&b.path));
    out.special.sort();
    Ok(out)
}

fn walk_dir(root: &Path, threads: usize, out: &mut Walked) {
    let found = Mutex::new(Walked::default());
    let walker = ignore::WalkBuilder::new(root)
        .follow_links(false)
        .hidden(true)
        .git_ignore(true)
        .git_global(false)
        .git_exclude(true)
        .require_git(false)
        .threads(threads)
        .filter_entry(|e| !(e.file_type().is_some_and(|t| t.is_dir()) && SKIP_DIRS.iter().any(|s| e.file_name() == *s)))
        .build_parallel();
    walker.run(|| {
        Box::new(|entry| {
            let mut found = match found.lock() {
                Ok(g) => g,
                Err(p) => p.into_inner(),
            };
            match entry {
                Ok(e) => {
                    let Some(ft) = e.file_type() else { return ignore::WalkState::Continue };
                    if ft.is_dir() || ft.is_symlink() || !is_candidate_name(e.path()) {
                        return ignore::WalkState::Continue;
                    }
                    if ft.is_file() {
                        found.candidates.push(Candidate { path: e.path().to_path_buf(), explicit: false });
                    } else {
                        found.special.push(e.path().to_path_buf());
                    }
                }
                Err(err) => {
                    let path = error_path(&err).unwrap_or_else(|| root.to_path_buf());
                    found.issues.push(WalkIssue { path, message: walk_message(&err) });
                }
            }
            ignore::WalkState::Continue
        })
    });
    let found = match found.into_inner() {
        Ok(f) => f,
        Err(p) => p.into_inner(),
    };
    out.candidates.extend(found.candidates);
    out.issues.extend(found.issues);
    out.special.extend(found.special);
}

fn error_path(err: &ignore::Error) -> Option<PathBuf> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => error_path(err),
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}

fn walk_message(err: &ignore::Error) -> String {
    match err {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => walk_message(err),
        ignore::Error::Io(e) => format!("cannot read: {}", crate::load::io_message(e)),
        other => other.to_string(),
    }
}
