//! The one parser of Terraform addresses (`module.net["a"].aws_subnet.app[0]`), module
//! instance paths (`module.net["a"]`, as in `module_address`) and the reference strings of
//! a plan's `configuration` (`aws_vpc.main.id`, `module.m.out`, `var.x`, `each.key`).

/// An instance key: `[0]` or `["a"]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum Key {
    Int(i64),
    Str(String),
}

/// One step of a module instance path: `module.name[key]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct ModStep {
    pub name: String,
    pub key: Option<Key>,
}

/// A resource instance address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Address {
    pub module: Vec<ModStep>,
    pub rtype: String,
    pub name: String,
    pub key: Option<Key>,
}

/// A parsed reference string (`aws_vpc.main.id`, `module.m.out`, `var.x`, ...).
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Reference {
    Resource {
        rtype: String,
        name: String,
        key: Option<Key>,
        attr: Option<String>,
    },
    /// `module.m.out`; `indexed` when a traversal follows (`module.m.ids[0]`), which picks
    /// part of the output. Terraform also lists the bare `module.m`: its `output` is empty.
    ModuleOutput {
        name: String,
        key: Option<Key>,
        output: String,
        indexed: bool,
    },
    /// `var.x`; `indexed` when a traversal follows (`var.ids[0]`).
    Var {
        name: String,
        indexed: bool,
    },
    CountIndex,
    EachKey,
    EachValue,
    Other,
}

/// A tiny cursor over an address or reference string.
struct Cursor<'s> {
    s: &'s str,
    pos: usize,
}

impl<'s> Cursor<'s> {
    fn ident(&mut self) -> Option<&'s str> {
        let rest = self.s.get(self.pos..)?;
        let len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-')).unwrap_or(rest.len());
        if len == 0 {
            return None;
        }
        self.pos += len;
        rest.get(..len)
    }

    fn eat(&mut self, c: char) -> bool {
        if self.s.get(self.pos..).is_some_and(|r| r.starts_with(c)) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn done(&self) -> bool {
        self.pos >= self.s.len()
    }

    /// `[0]`, `["a"]` or `[*]` (splat: no key).
    fn key(&mut self) -> Option<Option<Key>> {
        if !self.eat('[') {
            return Some(None);
        }
        let rest = self.s.get(self.pos..)?;
        if let Some(r) = rest.strip_prefix('"') {
            let mut out = String::new();
            let mut chars = r.char_indices();
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => {
                        if let Some((_, n)) = chars.next() {
                            out.push(n);
                        }
                    }
                    '"' => {
                        self.pos += 1 + i + 1;
                        return if self.eat(']') { Some(Some(Key::Str(out))) } else { None };
                    }
                    c => out.push(c),
                }
            }
            None
        } else {
            let end = rest.find(']')?;
            let inner = rest.get(..end)?;
            self.pos += end + 1;
            if inner == "*" {
                return Some(None);
            }
            inner.trim().parse::<i64>().ok().map(|n| Some(Key::Int(n)))
        }
    }

    /// `module.name[key]`, when the cursor is at one.
    fn module_step(&mut self) -> Option<ModStep> {
        let start = self.pos;
        if self.ident() == Some("module") && self.eat('.') {
            if let Some(name) = self.ident() {
                if let Some(key) = self.key() {
                    return Some(ModStep { name: name.to_string(), key });
                }
            }
        }
        self.pos = start;
        None
    }
}

/// Parses `module.a["x"].module.b.aws_subnet.app[0]`: module path, type, name, key.
pub(super) fn parse_address(address: &str) -> Option<Address> {
    let mut c = Cursor { s: address, pos: 0 };
    let mut module = Vec::new();
    while let Some(step) = c.module_step() {
        module.push(step);
        if !c.eat('.') {
            return None;
        }
    }
    let rtype = c.ident()?.to_string();
    if !c.eat('.') {
        return None;
    }
    let name = c.ident()?.to_string();
    let key = c.key()?;
    if !c.done() {
        return None;
    }
    Some(Address { module, rtype, name, key })
}

/// Splits a resource address into module names, type and name, ignoring instance keys:
/// `module.net["a"].aws_subnet.app[0]` -> (["net"], "aws_subnet", "app").
pub fn split_address(address: &str) -> Option<(Vec<String>, String, String)> {
    let a = parse_address(address)?;
    Some((a.module.into_iter().map(|m| m.name).collect(), a.rtype, a.name))
}

/// Parses a module instance path (`module.a["x"].module.b`), as in `module_address`.
pub(super) fn parse_module_path(path: &str) -> Option<Vec<ModStep>> {
    let mut c = Cursor { s: path, pos: 0 };
    let mut module = Vec::new();
    while !c.done() {
        module.push(c.module_step()?);
        if !c.done() && !c.eat('.') {
            return None;
        }
    }
    Some(module)
}

/// The address of a configuration resource `rtype.name` in module instance `module`, as
/// Terraform writes it (`module.net["a"].aws_flow_log.this`), the inverse of [`parse_address`]
/// without an instance key.
pub(super) fn resource_address(module: &[ModStep], type_name: &str) -> String {
    let mut out = String::new();
    for step in module {
        out.push_str("module.");
        out.push_str(&step.name);
        match &step.key {
            Some(Key::Int(n)) => out.push_str(&format!("[{n}]")),
            Some(Key::Str(k)) => {
                out.push_str("[\"");
                for c in k.chars() {
                    if matches!(c, '"' | '\\') {
                        out.push('\\');
                    }
                    out.push(c);
                }
                out.push_str("\"]");
            }
            None => {}
        }
        out.push('.');
    }
    out.push_str(type_name);
    out
}

/// Parses one reference string from `configuration`'s `references`.
pub(super) fn parse_reference(r: &str) -> Reference {
    let mut c = Cursor { s: r, pos: 0 };
    let Some(first) = c.ident() else { return Reference::Other };
    match first {
        "count" => {
            return if r == "count.index" { Reference::CountIndex } else { Reference::Other };
        }
        "each" => {
            return match c.eat('.').then(|| c.ident()).flatten() {
                Some("key") => Reference::EachKey,
                Some("value") => Reference::EachValue,
                _ => Reference::Other,
            };
        }
        "var" => {
            return match c.eat('.').then(|| c.ident()).flatten() {
                Some(v) => Reference::Var { name: v.to_string(), indexed: !c.done() },
                None => Reference::Other,
            };
        }
        "module" => {
            if !c.eat('.') {
                return Reference::Other;
            }
            let Some(name) = c.ident() else { return Reference::Other };
            let Some(key) = c.key() else { return Reference::Other };
            if !c.eat('.') {
                // `module.m` alone: no output named
                return Reference::ModuleOutput { name: name.to_string(), key, output: String::new(), indexed: false };
            }
            return match c.ident() {
                Some(o) => {
                    Reference::ModuleOutput { name: name.to_string(), key, output: o.to_string(), indexed: !c.done() }
                }
                None => Reference::Other,
            };
        }
        "local" | "data" | "path" | "terraform" | "self" => return Reference::Other,
        _ => {}
    }
    if !c.eat('.') {
        return Reference::Other;
    }
    let Some(name) = c.ident() else { return Reference::Other };
    let Some(key) = c.key() else { return Reference::Other };
    let attr = if c.eat('.') { c.ident().map(str::to_string) } else { None };
    Reference::Resource { rtype: first.to_string(), name: name.to_string(), key, attr }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        let a = parse_address(r#"module.net["a.b"].module.sub[0].aws_subnet.app["x"]"#).unwrap();
        assert_eq!(a.module.len(), 2);
        assert_eq!(a.module[0], ModStep { name: "net".into(), key: Some(Key::Str("a.b".into())) });
        assert_eq!(a.module[1], ModStep { name: "sub".into(), key: Some(Key::Int(0)) });
        assert_eq!((a.rtype.as_str(), a.name.as_str(), a.key), ("aws_subnet", "app", Some(Key::Str("x".into()))));
        assert!(parse_address("aws_vpc.main").is_some());
        assert!(parse_address("garbage").is_none());
        assert!(parse_address("aws_vpc.main[").is_none());
        assert!(parse_address("module.x").is_none());
    }

    #[test]
    fn resource_addresses_read_back() {
        for text in
            [r#"module.net["a.\"b"].module.sub[0].aws_flow_log.this"#, "module.vpc.aws_flow_log.this", "aws_flow_log.x"]
        {
            let a = parse_address(text).unwrap();
            assert_eq!(resource_address(&a.module, &format!("{}.{}", a.rtype, a.name)), text);
        }
    }

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
        // The names vpclint gives the objects AWS creates with a VPC are no addresses.
        assert_eq!(split_address("aws_vpc.main (main route table)"), None);
    }

    #[test]
    fn references() {
        assert_eq!(
            parse_reference("aws_vpc.main.default_route_table_id"),
            Reference::Resource {
                rtype: "aws_vpc".into(),
                name: "main".into(),
                key: None,
                attr: Some("default_route_table_id".into())
            }
        );
        assert_eq!(
            parse_reference("aws_subnet.a[2].id"),
            Reference::Resource {
                rtype: "aws_subnet".into(),
                name: "a".into(),
                key: Some(Key::Int(2)),
                attr: Some("id".into())
            }
        );
        assert_eq!(parse_reference("count.index"), Reference::CountIndex);
        assert_eq!(parse_reference("each.value.id"), Reference::EachValue);
        assert_eq!(parse_reference("each.value"), Reference::EachValue);
        assert_eq!(parse_reference("each.key"), Reference::EachKey);
        assert_eq!(parse_reference("each.keys"), Reference::Other);
        assert_eq!(parse_reference("var.vpc_id"), Reference::Var { name: "vpc_id".into(), indexed: false });
        assert_eq!(parse_reference("var.ids[0]"), Reference::Var { name: "ids".into(), indexed: true });
        assert_eq!(
            parse_reference(r#"module.vpc["x"].vpc_id"#),
            Reference::ModuleOutput {
                name: "vpc".into(),
                key: Some(Key::Str("x".into())),
                output: "vpc_id".into(),
                indexed: false
            }
        );
        assert_eq!(
            parse_reference("module.vpc.private_route_table_ids[0]"),
            Reference::ModuleOutput {
                name: "vpc".into(),
                key: None,
                output: "private_route_table_ids".into(),
                indexed: true
            }
        );
        assert_eq!(
            parse_reference("module.vpc"),
            Reference::ModuleOutput { name: "vpc".into(), key: None, output: String::new(), indexed: false }
        );
        assert_eq!(parse_reference("local.x"), Reference::Other);
        assert_eq!(parse_reference("data.aws_vpc.x.id"), Reference::Other);
    }

    #[test]
    fn module_paths() {
        let p = parse_module_path(r#"module.a["x"].module.b[2]"#).unwrap();
        assert_eq!(
            p,
            [
                ModStep { name: "a".into(), key: Some(Key::Str("x".into())) },
                ModStep { name: "b".into(), key: Some(Key::Int(2)) }
            ]
        );
        assert_eq!(parse_module_path(""), Some(Vec::new()));
        assert!(parse_module_path("module.").is_none());
        assert!(parse_module_path("aws_vpc.main").is_none());
    }
}
