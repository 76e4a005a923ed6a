//! Per-rule options: what a rule's doc declares (name, type, default, description), the
//! values vpclint.toml's `[rule-options.<rule>]` tables give, and how a rule reads them.
//!
//! The doc is the one declaration of an option, as it is of the rule's id, name and level:
//! its front matter says
//!
//! ```yaml
//! options:
//!   ports:
//!     type: port-list
//!     default: [22, 3389]
//!     description: the TCP ports that must not be open to the whole internet
//! ```
//!
//! and the rule reads the value by name through a typed getter,
//! `cx.options().ports("ports")`. A typed options struct per rule (`#[derive(Deserialize)]`)
//! was the other choice; it would be a second declaration of each option beside the doc,
//! free to disagree with it about the name, the type or the default, and SARIF, `explain`,
//! `rules --format json` and the configuration check would still have to read the doc. A
//! getter that names an option its doc does not declare, or asks for another type, is a
//! defect of the rule: debug builds (the tests, which run every rule on its examples and
//! fixtures) panic on it; a release build gets the type's empty value.
//!
//! Values are checked by one [`serde::de::DeserializeSeed`] per type, for the doc's
//! default (through `serde_json::Value`) and for the configuration file (through `toml`,
//! so a wrong value is refused at its position in the file).

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, DeserializeSeed, Visitor};

/// What an option holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionType {
    /// `true` or `false`.
    Boolean,
    /// A whole number.
    Integer,
    /// A string.
    String,
    /// A list of TCP or UDP ports, whole numbers from 0 to 65535.
    PortList,
    /// A list of strings.
    StringList,
}

impl OptionType {
    /// Every type, by the name a doc writes (`type: port-list`).
    pub const ALL: [(OptionType, &'static str); 5] = [
        (OptionType::Boolean, "boolean"),
        (OptionType::Integer, "integer"),
        (OptionType::String, "string"),
        (OptionType::PortList, "port-list"),
        (OptionType::StringList, "string-list"),
    ];

    /// The type a doc's `type:` names.
    pub fn parse(name: &str) -> Option<OptionType> {
        OptionType::ALL.iter().find(|(_, n)| *n == name).map(|(t, _)| *t)
    }

    /// The name a doc writes.
    pub fn as_str(self) -> &'static str {
        OptionType::ALL.iter().find(|(t, _)| *t == self).map_or("", |(_, n)| n)
    }

    /// What a value of this type is, for messages ("expected ...").
    pub fn expected(self) -> &'static str {
        match self {
            OptionType::Boolean => "true or false",
            OptionType::Integer => "a whole number",
            OptionType::String => "a string",
            OptionType::PortList => "a list of ports, whole numbers from 0 to 65535 ([22, 3389])",
            OptionType::StringList => "a list of strings",
        }
    }
}

/// An option's value.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(untagged)]
pub enum OptionValue {
    Boolean(bool),
    Integer(i64),
    String(String),
    /// Ports in the order written.
    Ports(Vec<u16>),
    Strings(Vec<String>),
}

impl OptionValue {
    /// Whether `other` is a value of the same type.
    pub fn same_type(&self, other: &OptionValue) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }

    /// The value as TOML writes it (`[22, 3389]`), for docs and messages.
    pub fn to_toml(&self) -> String {
        let quoted = |s: &str| serde_json::Value::String(s.to_string()).to_string();
        match self {
            OptionValue::Boolean(b) => b.to_string(),
            OptionValue::Integer(i) => i.to_string(),
            OptionValue::String(s) => quoted(s),
            OptionValue::Ports(p) => format!("[{}]", p.iter().map(u16::to_string).collect::<Vec<_>>().join(", ")),
            OptionValue::Strings(s) => format!("[{}]", s.iter().map(|s| quoted(s)).collect::<Vec<_>>().join(", ")),
        }
    }
}

/// One option a rule's doc declares.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OptionDecl {
    pub name: String,
    #[serde(rename = "type", serialize_with = "type_name")]
    pub kind: OptionType,
    pub default: OptionValue,
    pub description: String,
}

fn type_name<S: serde::Serializer>(t: &OptionType, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(t.as_str())
}

/// The option values one rule runs with: every declared option, at its default unless the
/// configuration file sets it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleOptions {
    values: BTreeMap<String, OptionValue>,
}

impl RuleOptions {
    /// The defaults of `decls`.
    pub fn defaults(decls: &[OptionDecl]) -> RuleOptions {
        RuleOptions { values: decls.iter().map(|d| (d.name.clone(), d.default.clone())).collect() }
    }

    /// Sets option `name` (already checked against its declaration).
    pub fn set(&mut self, name: &str, value: OptionValue) {
        self.values.insert(name.to_string(), value);
    }

    /// The value of option `name`, whatever its type.
    pub fn get(&self, name: &str) -> Option<&OptionValue> {
        self.values.get(name)
    }

    /// A `port-list` option.
    pub fn ports(&self, name: &str) -> &[u16] {
        match self.values.get(name) {
            Some(OptionValue::Ports(p)) => p,
            other => undeclared(name, OptionType::PortList, other, &[]),
        }
    }

    /// A `boolean` option.
    pub fn boolean(&self, name: &str) -> bool {
        match self.values.get(name) {
            Some(OptionValue::Boolean(b)) => *b,
            other => undeclared(name, OptionType::Boolean, other, false),
        }
    }

    /// An `integer` option.
    pub fn integer(&self, name: &str) -> i64 {
        match self.values.get(name) {
            Some(OptionValue::Integer(i)) => *i,
            other => undeclared(name, OptionType::Integer, other, 0),
        }
    }

    /// A `string` option.
    pub fn string(&self, name: &str) -> &str {
        match self.values.get(name) {
            Some(OptionValue::String(s)) => s,
            other => undeclared(name, OptionType::String, other, ""),
        }
    }

    /// A `string-list` option.
    pub fn strings(&self, name: &str) -> &[String] {
        match self.values.get(name) {
            Some(OptionValue::Strings(s)) => s,
            other => undeclared(name, OptionType::StringList, other, &[]),
        }
    }
}

/// A getter that names an option the rule's doc does not declare, or asks for another type:
/// a defect of the rule, loud in debug builds (the tests), the empty value in release.
fn undeclared<T>(name: &str, kind: OptionType, found: Option<&OptionValue>, empty: T) -> T {
    if cfg!(debug_assertions) {
        match found {
            None => panic!("the rule reads option `{name}`, which its doc does not declare"),
            Some(v) => panic!("the rule reads option `{name}` as {}, but it holds {v:?}", kind.as_str()),
        }
    }
    empty
}

impl<'de> DeserializeSeed<'de> for OptionType {
    type Value = OptionValue;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<OptionValue, D::Error> {
        match self {
            OptionType::Boolean => d.deserialize_bool(Typed(self)),
            OptionType::Integer => d.deserialize_i64(Typed(self)),
            OptionType::String => d.deserialize_str(Typed(self)),
            OptionType::PortList | OptionType::StringList => d.deserialize_seq(Typed(self)),
        }
    }
}

/// The visitor behind [`OptionType`]'s seed.
struct Typed(OptionType);

impl<'de> Visitor<'de> for Typed {
    type Value = OptionValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.expected())
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<OptionValue, E> {
        match self.0 {
            OptionType::Boolean => Ok(OptionValue::Boolean(v)),
            _ => Err(E::invalid_type(de::Unexpected::Bool(v), &self)),
        }
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<OptionValue, E> {
        match self.0 {
            OptionType::Integer => Ok(OptionValue::Integer(v)),
            _ => Err(E::invalid_type(de::Unexpected::Signed(v), &self)),
        }
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<OptionValue, E> {
        match (self.0, i64::try_from(v)) {
            (OptionType::Integer, Ok(i)) => Ok(OptionValue::Integer(i)),
            (OptionType::Integer, Err(_)) => Err(E::custom(format!("`{v}` is too large"))),
            _ => Err(E::invalid_type(de::Unexpected::Unsigned(v), &self)),
        }
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<OptionValue, E> {
        Err(E::invalid_type(de::Unexpected::Float(v), &self))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<OptionValue, E> {
        match self.0 {
            OptionType::String => Ok(OptionValue::String(v.to_string())),
            _ => Err(E::invalid_type(de::Unexpected::Str(v), &self)),
        }
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<OptionValue, A::Error> {
        match self.0 {
            OptionType::PortList => {
                let mut ports = Vec::new();
                while let Some(p) = seq.next_element_seed(Port)? {
                    ports.push(p);
                }
                Ok(OptionValue::Ports(ports))
            }
            OptionType::StringList => {
                let mut strings = Vec::new();
                while let Some(s) = seq.next_element::<String>()? {
                    strings.push(s);
                }
                Ok(OptionValue::Strings(strings))
            }
            _ => Err(de::Error::invalid_type(de::Unexpected::Seq, &self)),
        }
    }

    fn visit_map<A: de::MapAccess<'de>>(self, _: A) -> Result<OptionValue, A::Error> {
        Err(de::Error::invalid_type(de::Unexpected::Map, &self))
    }
}

/// One port of a `port-list`: refused at its own position when it is out of range.
struct Port;

impl<'de> DeserializeSeed<'de> for Port {
    type Value = u16;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<u16, D::Error> {
        d.deserialize_u16(self)
    }
}

impl Visitor<'_> for Port {
    type Value = u16;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a port, a whole number from 0 to 65535")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<u16, E> {
        u16::try_from(v).map_err(|_| E::custom(format!("`{v}` is not a port: ports are whole numbers from 0 to 65535")))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<u16, E> {
        u16::try_from(v).map_err(|_| E::custom(format!("`{v}` is not a port: ports are whole numbers from 0 to 65535")))
    }
}

/// Reads one option declaration from a doc's front matter (`name:` and its mapping of
/// `type`, `default` and `description`), as JSON, which the front matter was turned into.
pub fn decl_from_json(name: &str, v: &serde_json::Value) -> Result<OptionDecl, String> {
    let field = |k: &str| v.get(k);
    let serde_json::Value::Object(map) = v else {
        return Err(format!("option `{name}` must be a mapping of `type`, `default` and `description`"));
    };
    if let Some(k) = map.keys().find(|k| !["type", "default", "description"].contains(&k.as_str())) {
        return Err(format!("option `{name}` has an unknown field `{k}`: use type, default and description"));
    }
    let names: Vec<&str> = OptionType::ALL.iter().map(|(_, n)| *n).collect();
    let kind = match field("type").and_then(|t| t.as_str()) {
        Some(t) => OptionType::parse(t)
            .ok_or_else(|| format!("option `{name}` has an unknown type `{t}`: use {}", names.join(", ")))?,
        None => return Err(format!("option `{name}` lacks `type` ({})", names.join(", "))),
    };
    let default = field("default").ok_or_else(|| format!("option `{name}` lacks `default`"))?;
    let default = kind
        .deserialize(default.clone())
        .map_err(|e| format!("the default of option `{name}` is not {}: {e}", kind.expected()))?;
    let description = field("description")
        .and_then(|d| d.as_str())
        .filter(|d| !d.trim().is_empty())
        .ok_or_else(|| format!("option `{name}` lacks a `description`"))?;
    Ok(OptionDecl { name: name.to_string(), kind, default, description: description.trim().to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn value(kind: OptionType, v: serde_json::Value) -> Result<OptionValue, String> {
        kind.deserialize(v).map_err(|e| e.to_string())
    }

    #[test]
    fn each_type_takes_its_values_and_refuses_others() {
        assert_eq!(value(OptionType::PortList, json!([22, 3389])), Ok(OptionValue::Ports(vec![22, 3389])));
        assert_eq!(value(OptionType::PortList, json!([])), Ok(OptionValue::Ports(vec![])));
        assert!(value(OptionType::PortList, json!([70000])).unwrap_err().contains("`70000` is not a port"));
        assert!(value(OptionType::PortList, json!([-1])).unwrap_err().contains("`-1` is not a port"));
        assert!(value(OptionType::PortList, json!(22)).unwrap_err().contains("expected a list of ports"));
        assert!(value(OptionType::PortList, json!(["22"])).is_err());
        assert_eq!(value(OptionType::Boolean, json!(true)), Ok(OptionValue::Boolean(true)));
        assert!(value(OptionType::Boolean, json!("yes")).unwrap_err().contains("expected true or false"));
        assert_eq!(value(OptionType::Integer, json!(-3)), Ok(OptionValue::Integer(-3)));
        assert!(value(OptionType::Integer, json!(1.5)).is_err());
        assert_eq!(value(OptionType::String, json!("a")), Ok(OptionValue::String("a".into())));
        assert!(value(OptionType::String, json!(["a"])).is_err());
        assert_eq!(
            value(OptionType::StringList, json!(["a", "b"])),
            Ok(OptionValue::Strings(vec!["a".into(), "b".into()]))
        );
        assert!(value(OptionType::StringList, json!([1])).is_err());
    }

    #[test]
    fn values_print_as_toml() {
        assert_eq!(OptionValue::Ports(vec![22, 3389]).to_toml(), "[22, 3389]");
        assert_eq!(OptionValue::Strings(vec!["a\"b".into()]).to_toml(), "[\"a\\\"b\"]");
        assert_eq!(OptionValue::Boolean(false).to_toml(), "false");
    }

    #[test]
    fn declarations_need_a_known_type_a_fitting_default_and_a_description() {
        let ok = json!({"type": "port-list", "default": [22], "description": "ports"});
        let d = decl_from_json("ports", &ok).unwrap();
        assert_eq!((d.kind, d.default), (OptionType::PortList, OptionValue::Ports(vec![22])));
        for (bad, words) in [
            (json!({"type": "ports", "default": [22], "description": "d"}), "unknown type `ports`"),
            (json!({"default": [22], "description": "d"}), "lacks `type`"),
            (json!({"type": "port-list", "description": "d"}), "lacks `default`"),
            (json!({"type": "port-list", "default": "22", "description": "d"}), "default of option `ports`"),
            (json!({"type": "port-list", "default": [22]}), "lacks a `description`"),
            (json!({"type": "port-list", "default": [22], "description": "d", "min": 1}), "unknown field `min`"),
            (json!([1]), "must be a mapping"),
        ] {
            let e = decl_from_json("ports", &bad).unwrap_err();
            assert!(e.contains(words), "{e}");
        }
    }

    #[test]
    fn getters_read_declared_options() {
        let decls =
            [decl_from_json("ports", &json!({"type": "port-list", "default": [22], "description": "d"})).unwrap()];
        let mut o = RuleOptions::defaults(&decls);
        assert_eq!(o.ports("ports"), &[22]);
        o.set("ports", OptionValue::Ports(vec![5432]));
        assert_eq!(o.ports("ports"), &[5432]);
    }

    #[test]
    #[should_panic(expected = "does not declare")]
    fn an_undeclared_option_is_a_defect_in_debug_builds() {
        let _ = RuleOptions::default().ports("prots");
    }
}
