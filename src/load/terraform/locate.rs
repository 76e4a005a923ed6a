//! Locating Terraform plan findings in `.tf` source.
//!
//! A plan finding is fixed in the `resource "TYPE" "NAME"` block of a `.tf` file, so when
//! the plan sits in a Terraform root (a directory with `.tf` files) or `--tf-root` names
//! one, each finding's address is mapped to its block: module directories come from the
//! plan's `module_calls.*.source` (local paths only), then the block is found by scanning
//! the directory's `.tf` files. The block becomes the primary location and the plan entry a
//! related one. Registry and git modules are not on disk: their findings stay in the plan.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::source::{self as tfsource, TfIndex};
use super::{ModuleSource, split_address};
use crate::source::{Location, SharedLines};

/// One scanned module directory.
struct TfDir {
    index: TfIndex,
    texts: HashMap<PathBuf, (Arc<str>, SharedLines)>,
}

/// Scans each directory once per run and maps addresses to blocks.
pub struct TfLocator {
    explicit_root: Option<PathBuf>,
    cache: Mutex<HashMap<PathBuf, Arc<TfDir>>>,
    /// Whether each plan directory holds `.tf` files: listed once per run, not once per
    /// plan (a directory of many plans would be listed as many times).
    roots: Mutex<HashMap<PathBuf, bool>>,
}

/// A block's location and the text of its file (for snippets).
pub struct Located {
    pub location: Location,
    pub text: Arc<str>,
    /// The text's line index.
    pub lines: SharedLines,
    /// The text after each `vpclint:ignore` marker in a comment in the block (or on the
    /// line just above it): rule words, then a reason (`rules::suppress` reads them).
    pub ignore_comments: Vec<String>,
}

impl TfLocator {
    /// A locator using `--tf-root` when given.
    pub fn new(explicit_root: Option<PathBuf>) -> TfLocator {
        TfLocator { explicit_root, cache: Mutex::new(HashMap::new()), roots: Mutex::new(HashMap::new()) }
    }

    /// The Terraform root for a plan file: `--tf-root`, else the plan's directory when it
    /// holds `.tf` files.
    pub fn root_for(&self, plan: &Path) -> Option<PathBuf> {
        if let Some(r) = &self.explicit_root {
            return Some(r.clone());
        }
        let dir = plan.parent().map_or_else(
            || PathBuf::from("."),
            |p| if p.as_os_str().is_empty() { PathBuf::from(".") } else { p.to_path_buf() },
        );
        let mut roots = match self.roots.lock() {
            Ok(r) => r,
            Err(p) => p.into_inner(),
        };
        let has_tf = match roots.get(&dir) {
            Some(&has) => has,
            None => {
                let has = std::fs::read_dir(&dir).is_ok_and(|entries| {
                    entries.filter_map(Result::ok).any(|e| {
                        e.path().extension().is_some_and(|x| x == "tf") && e.file_type().is_ok_and(|t| t.is_file())
                    })
                });
                roots.insert(dir.clone(), has);
                has
            }
        };
        has_tf.then_some(dir)
    }

    fn dir(&self, dir: &Path) -> Arc<TfDir> {
        let key = dir.to_path_buf();
        let mut cache = match self.cache.lock() {
            Ok(c) => c,
            Err(p) => p.into_inner(),
        };
        if let Some(d) = cache.get(&key) {
            return d.clone();
        }
        let scan = tfsource::scan_dir(dir);
        let index = TfIndex::from_scan(&scan);
        let texts = scan
            .texts
            .into_iter()
            .map(|(p, t)| {
                let text: Arc<str> = Arc::from(t);
                let lines = SharedLines::default();
                lines.of(&text);
                (p, (text, lines))
            })
            .collect();
        let d = Arc::new(TfDir { index, texts });
        cache.insert(key, d.clone());
        d
    }

    /// The labels of the `dynamic` blocks inside the block of `address` (see
    /// [`tfsource::TfBlock::dynamic_blocks`]), or `None` when the block is not on disk.
    pub fn dynamic_blocks(&self, root: &Path, modules: &[ModuleSource], address: &str) -> Option<Vec<String>> {
        let (module_names, rtype, name) = split_address(address)?;
        let dir = self.module_dir(root, modules, module_names)?;
        let scanned = self.dir(&dir);
        scanned.index.block(&rtype, &name).map(|b| b.dynamic_blocks.clone())
    }

    /// The block of `address` under `root`, following local module sources.
    pub fn locate(&self, root: &Path, modules: &[ModuleSource], address: &str) -> Option<Located> {
        let (module_names, rtype, name) = split_address(address)?;
        let dir = self.module_dir(root, modules, module_names)?;
        let scanned = self.dir(&dir);
        let block = scanned.index.block(&rtype, &name)?;
        let (text, lines) = scanned.texts.get(&block.path)?;
        let start = lines.of(text).line_col(text, block.header_start);
        let end = lines.of(text).line_col(text, block.header_end);
        Some(Located {
            location: Location {
                path: block.path.display().to_string(),
                line: start.line,
                column: start.column,
                end_line: end.line,
                end_column: end.column,
                byte_offset: Some(block.header_start),
                byte_length: Some(block.header_end.saturating_sub(block.header_start)),
            },
            ignore_comments: block.ignore_comments.clone(),
            text: text.clone(),
            lines: lines.clone(),
        })
    }

    /// The directory of the module at `module_names` (outermost first) under `root`,
    /// following local sources; `None` for a registry or git module, which is not on disk.
    fn module_dir(&self, root: &Path, modules: &[ModuleSource], module_names: Vec<String>) -> Option<PathBuf> {
        let mut dir = root.to_path_buf();
        let mut path: Vec<String> = Vec::new();
        for m in module_names {
            path.push(m.clone());
            let from_plan = modules.iter().find(|s| s.path == path).map(|s| s.source.clone());
            let source = match from_plan {
                Some(s) => s,
                None => self.dir(&dir).index.module_source(&m)?.to_string(),
            };
            if !(source.starts_with("./") || source.starts_with("../") || source == "." || source == "..") {
                return None;
            }
            dir = normalize(&dir.join(source));
        }
        Some(dir)
    }
}

/// Resolves `.` and `..` lexically, keeping the path relative when it was.
fn normalize(p: &Path) -> PathBuf {
    let mut out: Vec<Component<'_>> = Vec::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                _ => out.push(c),
            },
            other => out.push(other),
        }
    }
    if out.is_empty() {
        return PathBuf::from(".");
    }
    out.iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `.tf` file that does not parse is skipped: its resources are not located, so their
    /// findings stay on the plan (the caller's fallback); the directory's other files still are.
    #[test]
    fn a_file_with_a_syntax_error_falls_back_to_the_plan() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("broken.tf"),
            "resource \"aws_vpc\" \"main\" {\n  cidr_block = \"10.0.0.0/16\n}\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("deep.tf"),
            format!("resource \"aws_eip\" \"e\" {{\n  x = {}\n}}\n", "[".repeat(100_000)),
        )
        .unwrap();
        std::fs::write(dir.path().join("ok.tf"), "# vpclint:ignore VPC302\nresource \"aws_subnet\" \"app\" {}\n")
            .unwrap();
        let locator = TfLocator::new(None);
        assert!(locator.locate(dir.path(), &[], "aws_vpc.main").is_none());
        assert!(locator.locate(dir.path(), &[], "aws_eip.e").is_none());
        assert!(locator.dynamic_blocks(dir.path(), &[], "aws_vpc.main").is_none());
        let found = locator.locate(dir.path(), &[], "aws_subnet.app").unwrap();
        assert_eq!((found.location.line, found.location.column), (2, 1));
        assert_eq!((found.location.end_line, found.location.end_column), (2, 28));
        assert_eq!(found.ignore_comments, [" VPC302"]);
        assert!(found.location.path.ends_with("ok.tf"));
    }

    #[test]
    fn normalize_keeps_relative_paths() {
        assert_eq!(normalize(Path::new("a/./b/../c")), PathBuf::from("a/c"));
        assert_eq!(normalize(Path::new("./modules/../x")), PathBuf::from("x"));
        assert_eq!(normalize(Path::new("../up")), PathBuf::from("../up"));
        assert_eq!(normalize(Path::new(".")), PathBuf::from("."));
    }
}
