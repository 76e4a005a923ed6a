//! Module call sources from a plan's `configuration`, for locating findings in `.tf` files.

use crate::tree::{NodeId, Tree};

/// A module call: the path of module names leading to it, and its `source` as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleSource {
    pub path: Vec<String>,
    pub source: String,
}

/// Every `module_calls.<name>.source` under `configuration.root_module`, recursively.
pub fn module_sources(tree: &Tree<'_>) -> Vec<ModuleSource> {
    let mut out = Vec::new();
    let Some(root) = tree.root() else { return out };
    let Some(module) = tree.get(root, "configuration").and_then(|c| tree.get(c, "root_module")) else { return out };
    let mut stack: Vec<(Vec<String>, NodeId)> = vec![(Vec::new(), module)];
    while let Some((path, module)) = stack.pop() {
        if path.len() > 64 {
            continue;
        }
        let Some(calls) = tree.get(module, "module_calls").and_then(|c| tree.entries(c)) else { continue };
        for call in calls {
            let mut child = path.clone();
            child.push(call.key.to_string());
            if let Some(source) = tree.get(call.value, "source").and_then(|s| tree.str(s)) {
                out.push(ModuleSource { path: child.clone(), source: source.to_string() });
            }
            if let Some(m) = tree.get(call.value, "module") {
                stack.push((child, m));
            }
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// Splits a resource address into module names, type and name, ignoring instance keys:
/// `module.net["a"].aws_subnet.app[0]` -> (["net"], "aws_subnet", "app").
pub fn split_address(address: &str) -> Option<(Vec<String>, String, String)> {
    let mut parts: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for c in address.chars() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' if depth > 0 => in_string = true,
            '[' => depth += 1,
            ']' => depth = depth.checked_sub(1)?,
            '.' if depth == 0 => parts.push(std::mem::take(&mut current)),
            c if depth == 0 => current.push(c),
            _ => {}
        }
    }
    if depth != 0 || in_string {
        return None;
    }
    parts.push(current);
    let mut modules = Vec::new();
    let mut i = 0;
    while parts.get(i).map(String::as_str) == Some("module") {
        modules.push(parts.get(i + 1)?.clone());
        i += 2;
    }
    match (parts.get(i), parts.get(i + 1), parts.len() == i + 2) {
        (Some(t), Some(n), true) if !t.is_empty() && !n.is_empty() => Some((modules, t.clone(), n.clone())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_split() {
        assert_eq!(
            split_address(r#"module.net["a.b"].module.sub[0].aws_subnet.app["x]"]"#),
            Some((vec!["net".to_string(), "sub".to_string()], "aws_subnet".to_string(), "app".to_string()))
        );
        assert_eq!(split_address("aws_vpc.main"), Some((vec![], "aws_vpc".to_string(), "main".to_string())));
        assert_eq!(split_address("aws_vpc"), None);
        assert_eq!(split_address("aws_vpc.main[0"), None);
        assert_eq!(split_address("module.x"), None);
    }

    #[test]
    fn sources_are_collected_recursively() {
        let text = r#"{"configuration": {"root_module": {"module_calls": {
            "net": {"source": "./modules/net", "module": {"module_calls": {"sub": {"source": "../sub", "module": {}}}}},
            "reg": {"source": "terraform-aws-modules/vpc/aws"}}}}}"#;
        let tree = crate::load::json::parse(text).unwrap();
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
