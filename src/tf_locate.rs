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

use crate::load::tf_config::{ModuleSource, split_address};
use crate::report::Location;
use crate::source::LineIndex;
use crate::tfsource::{self, TfIndex};

/// One scanned module directory.
struct TfDir {
    index: TfIndex,
    texts: HashMap<PathBuf, (Arc<str>, LineIndex)>,
}

/// Scans each directory once per run and maps addresses to blocks.
pub struct TfLocator {
    explicit_root: Option<PathBuf>,
    cache: Mutex<HashMap<PathBuf, Arc<TfDir>>>,
}

/// A block's location and the text of its file (for snippets).
pub struct Located {
    pub location: Location,
    pub text: Arc<str>,
    /// Rule ids a `# vpclint:ignore ID...` comment in the block (or on the line just
    /// above it) suppresses.
    pub ignores: Vec<String>,
}

impl TfLocator {
    /// A locator using `--tf-root` when given.
    pub fn new(explicit_root: Option<PathBuf>) -> TfLocator {
        TfLocator { explicit_root, cache: Mutex::new(HashMap::new()) }
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
        let has_tf = std::fs::read_dir(&dir)
            .ok()?
            .filter_map(Result::ok)
            .any(|e| e.path().extension().is_some_and(|x| x == "tf") && e.file_type().is_ok_and(|t| t.is_file()));
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
                let lines = LineIndex::new(&t);
                (p, (Arc::from(t), lines))
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
        let start = lines.line_col(text, block.header_start);
        let end = lines.line_col(text, block.header_end);
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
            ignores: ignored_rules(&block.ignore_comments),
            text: text.clone(),
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

/// Rule ids (or `all`) named by `vpclint:ignore` comments: each comment's words up to the
/// first that is neither, which starts its reason.
fn ignored_rules(comments: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for rest in comments {
        for word in rest.split(|c: char| c == ',' || c.is_whitespace()).filter(|w| !w.is_empty()) {
            if word.eq_ignore_ascii_case("all") || crate::rules::catalog::matches_known_rule(word) {
                out.push(word.to_string());
            } else {
                break; // the rest of the comment is the reason
            }
        }
    }
    out
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

    fn ignores(text: &str) -> Vec<Vec<String>> {
        let (blocks, _) = tfsource::scan_text(Path::new("main.tf"), text);
        blocks.iter().map(|b| ignored_rules(&b.ignore_comments)).collect()
    }

    #[test]
    fn ignore_comments_in_or_above_the_block() {
        let text = "# vpclint:ignore VPC302 private DNS set by a later job\nresource \"a\" \"b\" {\n  x = 1 # vpclint:ignore VPC304, VPC1\n}\nresource \"c\" \"d\" {}\n";
        assert_eq!(ignores(text), [vec!["VPC302", "VPC304", "VPC1"], vec![]]);
        // `all`, block comments, CRLF; a word that is no rule id starts the reason.
        let text =
            "/* vpclint:ignore all */\r\nresource \"a\" \"b\" {\r\n  // vpclint:ignore VPC3 because VPC101\r\n}\r\n";
        assert_eq!(ignores(text), [vec!["all", "VPC3"]]);
        // Two lines above is too far.
        let text = "# vpclint:ignore VPC302\n\nresource \"a\" \"b\" {}\n";
        assert_eq!(ignores(text), [Vec::<String>::new()]);
    }

    /// Fixed with the parser: the lexer read the marker anywhere, strings and heredocs
    /// included, and, for a header not at the start of its line, from the start of the file.
    #[test]
    fn ignore_markers_in_strings_or_other_blocks_do_not_count() {
        let text = r#"resource "aws_instance" "web" {
  description = "vpclint:ignore VPC302"
  user_data   = <<-EOT
    # vpclint:ignore VPC304
  EOT
  tags = { "vpclint:ignore VPC101" = "x" } # vpclint:ignore VPC303 real
}
"#;
        assert_eq!(ignores(text), [vec!["VPC303"]]);
        let text = "# vpclint:ignore VPC302\nresource \"a\" \"first\" {}\n\n\n/* x */ resource \"b\" \"second\" {}\n";
        assert_eq!(ignores(text), [vec!["VPC302"], vec![]]);
        // On the header's own line, before it, still counts.
        let text = "\n\n/* vpclint:ignore VPC302 */ resource \"b\" \"second\" {}\n";
        assert_eq!(ignores(text), [vec!["VPC302"]]);
    }

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
        assert_eq!(found.ignores, ["VPC302"]);
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
