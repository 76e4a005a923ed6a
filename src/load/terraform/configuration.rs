//! The plan's `configuration` section: each module's resources, variables, outputs and
//! module calls, as written in the `.tf` files (expressions with their `references`), and
//! the root module's variable values.

use std::collections::HashMap;

use crate::syntax::tree::{NodeId, Tree};

/// A module call: the path of module names leading to it, and its `source` as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleSource {
    pub path: Vec<String>,
    pub source: String,
}

/// What the plan says about its configuration. Read once; read-only afterwards.
#[derive(Debug, Default)]
pub(super) struct Configuration {
    /// The plan has a `configuration.root_module`: without it, an attribute known only
    /// after apply cannot be told from one left unset.
    pub present: bool,
    /// Module names path (outermost first) -> the module's configuration.
    pub modules: HashMap<Vec<String>, NodeId>,
    /// (module names path, `type.name`) -> the configuration resource.
    pub resources: HashMap<(Vec<String>, String), NodeId>,
    /// The root module's variable values (the plan's top-level `variables`).
    pub variables: Option<NodeId>,
    /// Every module call's `source`, sorted by path, to find module directories on disk.
    pub module_sources: Vec<ModuleSource>,
}

/// Module calls nested deeper than this are not followed (hostile input).
const MAX_MODULE_DEPTH: usize = 64;

impl Configuration {
    /// Reads the configuration of the plan whose root node is `root`.
    pub fn read(tree: &Tree<'_>, root: NodeId) -> Configuration {
        let mut config = Configuration {
            variables: tree.get(root, "variables").filter(|&v| tree.entries(v).is_some()),
            ..Configuration::default()
        };
        let Some(section) = tree.get(root, "configuration") else { return config };
        let Some(root_module) = tree.get(section, "root_module").filter(|&r| tree.entries(r).is_some()) else {
            return config;
        };
        config.present = true;
        let mut stack: Vec<(Vec<String>, NodeId)> = vec![(Vec::new(), root_module)];
        while let Some((path, module)) = stack.pop() {
            if tree.entries(module).is_none() || path.len() > MAX_MODULE_DEPTH {
                continue;
            }
            if let Some(items) = tree.get(module, "resources").and_then(|r| tree.items(r)) {
                for &r in items {
                    if let Some(addr) = tree.get(r, "address").and_then(|a| tree.str(a)) {
                        config.resources.insert((path.clone(), addr.to_string()), r);
                    }
                }
            }
            if let Some(calls) = tree.get(module, "module_calls").and_then(|c| tree.entries(c)) {
                for call in calls {
                    let mut child_path = path.clone();
                    child_path.push(call.key.to_string());
                    if let Some(source) = tree.get(call.value, "source").and_then(|s| tree.str(s)) {
                        config
                            .module_sources
                            .push(ModuleSource { path: child_path.clone(), source: source.to_string() });
                    }
                    if let Some(child) = tree.get(call.value, "module") {
                        stack.push((child_path, child));
                    }
                }
            }
            config.modules.insert(path, module);
        }
        config.module_sources.sort_by(|a, b| a.path.cmp(&b.path));
        config
    }
}

/// Every `module_calls.<name>.source` under `configuration.root_module`, recursively.
pub fn module_sources(tree: &Tree<'_>) -> Vec<ModuleSource> {
    tree.root().map(|root| Configuration::read(tree, root).module_sources).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_collected_recursively() {
        let text = r#"{"configuration": {"root_module": {"module_calls": {
            "net": {"source": "./modules/net", "module": {"module_calls": {"sub": {"source": "../sub", "module": {}}}}},
            "reg": {"source": "terraform-aws-modules/vpc/aws"}}}}}"#;
        let tree = crate::syntax::json::parse(text).unwrap();
        let got = module_sources(&tree);
        let shown: Vec<(String, &str)> = got.iter().map(|m| (m.path.join("."), m.source.as_str())).collect();
        assert_eq!(
            shown,
            [
                ("net".to_string(), "./modules/net"),
                ("net.sub".to_string(), "../sub"),
                ("reg".to_string(), "terraform-aws-modules/vpc/aws")
            ]
        );
    }
}
