//! The layers point one way (README, "Layers"): each top-level module of `src/` may name
//! only the modules listed for it here, outside its tests. A new dependency is a decision:
//! add it to the table with the reason, or move the code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each module and what it may use. `work` (the complexity counter) and `source` (files and
/// spans) are leaves every layer may use.
const ALLOWED: &[(&str, &[&str])] = &[
    ("source", &[]),
    ("work", &[]),
    ("syntax", &["work", "source"]),
    ("diagnostic", &["source"]),
    ("model", &["work", "source"]),
    ("load", &["syntax", "model", "source", "work"]),
    ("rules", &["diagnostic", "model", "syntax", "source", "work"]),
    ("report", &["diagnostic", "rules", "source"]),
    ("walk", &["load"]),
    ("config", &["diagnostic", "report", "load", "rules"]),
    ("cli", &["config", "diagnostic", "report", "rules", "load"]),
];

/// Records the modules that `path` (a file, or a folder of them) names with `crate::`.
fn uses(path: &Path, module: &str, out: &mut BTreeMap<String, BTreeSet<String>>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            uses(&entry.unwrap().path(), module, out);
        }
        return;
    }
    if path.extension().is_none_or(|e| e != "rs") {
        return;
    }
    // A `*_tests.rs` file is a module of tests that its neighbour includes as
    // `#[cfg(test)] #[path = "x_tests.rs"] mod tests;`: tests in full.
    let file = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if file.ends_with("_tests.rs") {
        let include = format!("#[cfg(test)]\n#[path = \"{file}\"]\nmod tests;");
        let dir = path.parent().unwrap();
        let included = std::fs::read_dir(dir).unwrap().any(|e| {
            let p = e.unwrap().path();
            p.extension().is_some_and(|e| e == "rs") && std::fs::read_to_string(&p).unwrap().contains(&include)
        });
        assert!(included, "{} is not included as `#[cfg(test)] mod tests`", path.display());
        return;
    }
    {
        let text = std::fs::read_to_string(path).unwrap();
        // Tests may reach across layers to build their inputs.
        let code = text.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
        for line in code.lines() {
            let line = line.split("//").next().unwrap_or("");
            for (i, _) in line.match_indices("crate::") {
                let name: String =
                    line[i + 7..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                if name != module && name.chars().next().is_some_and(|c| c.is_ascii_lowercase()) {
                    out.entry(module.to_string()).or_default().insert(format!("{name} ({})", path.display()));
                }
            }
        }
    }
}

#[test]
fn modules_use_only_the_layers_below_them() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = BTreeMap::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else { continue };
        if ["lib", "main"].contains(&stem) {
            continue; // the driver and the binary use everything
        }
        uses(&path, stem, &mut found);
    }
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut wrong = Vec::new();
    for (module, deps) in &found {
        let Some(ok) = allowed.get(module.as_str()) else {
            wrong.push(format!("{module} is not in the layer table"));
            continue;
        };
        for d in deps {
            let name = d.split(' ').next().unwrap_or("");
            if !ok.contains(&name) {
                wrong.push(format!("{module} uses {d}"));
            }
        }
    }
    assert!(wrong.is_empty(), "dependencies against the layers:\n{}", wrong.join("\n"));
    // The check sees real uses: the loader does use the model.
    assert!(found.get("load").is_some_and(|d| d.iter().any(|d| d.starts_with("model "))));
}
