//! File discovery: named files are taken as they are; directories are walked in parallel
//! with `ignore` (honouring `.gitignore`), skipping hidden entries, `.git/`, `.terraform/`
//! and `node_modules/`, never following symlinks.
//!
//! Every path is [`normalize`]d, so a file is shown the same way whether it was named or
//! walked (`x.yaml`, never `./x.yaml`) and a file named twice, or through two spellings,
//! is checked once.

use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

/// A file to check.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    pub path: PathBuf,
    /// Named on the command line (reported even when it is not a template or plan).
    pub explicit: bool,
    /// Read from standard input (`-`); `path` is the name it is shown as.
    pub stdin: bool,
}

/// A path that could not be walked (an unreadable directory, a vanished entry).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkIssue {
    pub path: PathBuf,
    pub cause: crate::load::Unreadable,
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

/// `path` spelled plainly, without touching what it names: no `.` components (a leading
/// `./` included), no repeated separators, and `dir/..` removed where `dir` is a real
/// directory (not a symlink, whose `..` is somewhere else). Relative paths stay relative
/// and absolute ones absolute; symlinks are not resolved. An empty result is `.`.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    // Trailing normal components of `out`, which a `..` may remove.
    let mut removable = 0usize;
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                let real_dir = removable > 0
                    && std::fs::symlink_metadata(&out).is_ok_and(|m| m.is_dir() && !m.file_type().is_symlink());
                if real_dir {
                    out.pop();
                    removable -= 1;
                } else if out.has_root() && out.parent().is_none() {
                    // `/..` is `/`.
                } else {
                    out.push("..");
                    removable = 0;
                }
            }
            Component::Normal(name) => {
                out.push(name);
                removable += 1;
            }
            Component::RootDir | Component::Prefix(_) => out.push(c.as_os_str()),
        }
    }
    if out.as_os_str().is_empty() { PathBuf::from(".") } else { out }
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
                out.issues.push(WalkIssue { path: normalize(path), cause: crate::load::Unreadable::io(&e) });
                continue;
            }
        };
        let shown = normalize(path);
        if meta.is_dir() {
            let mut found = Walked::default();
            walk_dir(path, threads, &mut found);
            // Found paths are the walked directory's as named plus the part below it; the
            // latter is joined to the directory's normal spelling.
            let rebase = |p: PathBuf| -> (PathBuf, PathBuf) {
                match p.strip_prefix(path) {
                    Ok(rel) => {
                        let rel = normalize(rel);
                        let full = if shown == Path::new(".") { rel.clone() } else { shown.join(&rel) };
                        (full, rel)
                    }
                    Err(_) => {
                        let full = normalize(&p);
                        (full.clone(), full)
                    }
                }
            };
            for c in found.candidates {
                let (full, rel) = rebase(c.path);
                // Patterns match the path relative to the walked directory, or as shown.
                if exclude.is_empty() || !(exclude.is_match(&rel) || exclude.is_match(&full)) {
                    out.candidates.push(Candidate { path: full, explicit: false, stdin: false });
                }
            }
            out.issues.extend(found.issues.into_iter().map(|i| WalkIssue { path: rebase(i.path).0, cause: i.cause }));
            out.special.extend(found.special.into_iter().map(|p| rebase(p).0));
        } else {
            out.candidates.push(Candidate { path: shown, explicit: true, stdin: false });
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
    out.issues.dedup();
    out.special.sort();
    out.special.dedup();
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
                        found.candidates.push(Candidate {
                            path: e.path().to_path_buf(),
                            explicit: false,
                            stdin: false,
                        });
                    } else {
                        found.special.push(e.path().to_path_buf());
                    }
                }
                Err(err) => {
                    let path = error_path(&err).unwrap_or_else(|| root.to_path_buf());
                    found.issues.push(WalkIssue { path, cause: walk_cause(&err) });
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

fn walk_cause(err: &ignore::Error) -> crate::load::Unreadable {
    match err {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => walk_cause(err),
        ignore::Error::Io(e) => crate::load::Unreadable::io(e),
        other => crate::load::Unreadable::Walk(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_spells_paths_plainly_without_resolving_them() {
        let n = |p: &str| normalize(Path::new(p)).display().to_string();
        assert_eq!(n("./a/x.yaml"), "a/x.yaml");
        assert_eq!(n("a//x.yaml"), "a/x.yaml");
        assert_eq!(n("a/./x.yaml"), "a/x.yaml");
        assert_eq!(n("."), ".");
        assert_eq!(n("./"), ".");
        assert_eq!(n("../x.yaml"), "../x.yaml");
        assert_eq!(n("./../../x.yaml"), "../../x.yaml");
        assert_eq!(n("/tmp/./x.yaml"), "/tmp/x.yaml");
        assert_eq!(n("/.."), "/");
        // `dir/..` goes only where `dir` exists as a real directory.
        assert_eq!(n("no-such-dir/../x.yaml"), "no-such-dir/../x.yaml");
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().display().to_string();
        std::fs::create_dir(dir.path().join("a")).unwrap();
        assert_eq!(n(&format!("{root}/a/../x.yaml")), format!("{root}/x.yaml"));
        assert_eq!(n(&format!("{root}/a/b/../../x.yaml")), format!("{root}/a/b/../../x.yaml"), "no a/b");
        #[cfg(unix)]
        {
            std::fs::create_dir(dir.path().join("elsewhere")).unwrap();
            std::os::unix::fs::symlink(dir.path().join("elsewhere"), dir.path().join("link")).unwrap();
            // `link/..` is the parent of `elsewhere`, not of `link`: kept.
            assert_eq!(n(&format!("{root}/link/../x.yaml")), format!("{root}/link/../x.yaml"));
        }
    }

    #[test]
    fn a_file_named_through_several_spellings_is_one_candidate() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("a")).unwrap();
        std::fs::write(dir.path().join("a/x.yaml"), "Resources: {}\n").unwrap();
        let root = dir.path().display().to_string();
        let paths: Vec<PathBuf> = [
            format!("{root}/a"),
            format!("{root}/a/x.yaml"),
            format!("{root}/./a/x.yaml"),
            format!("{root}//a//x.yaml"),
            format!("{root}/a/../a/x.yaml"),
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        let walked = collect(&paths, 1).unwrap();
        assert_eq!(walked.candidates, [Candidate { path: dir.path().join("a/x.yaml"), explicit: true, stdin: false }]);
        // Walked alone, the same file is not explicit.
        let walked = collect(&[PathBuf::from(format!("{root}/./a/"))], 1).unwrap();
        assert_eq!(walked.candidates, [Candidate { path: dir.path().join("a/x.yaml"), explicit: false, stdin: false }]);
    }
}
