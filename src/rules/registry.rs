//! The rule registry: a run-time value holding every rule a run knows, built-in rules and
//! loader diagnostics first, then the user's own (they join with [`Registry::add`]). SARIF's
//! `tool.driver.rules`, `vpclint explain`, levels and selectors all read it, so a rule that
//! is not compiled in is seen everywhere a built-in is.

use std::collections::BTreeMap;
use std::str::FromStr;
use std::sync::{Arc, OnceLock};

use super::Rule;
use super::catalog::{RuleDoc, parse_doc};
use super::engine::{EnabledRule, Selection};
use super::options::{OptionValue, RuleOptions};
use crate::diagnostic::{Level, RuleId, RuleSelector, SelectorError};

/// One rule: its doc, its code (none for the loaders' diagnostics, VPC000 and VPC001,
/// which no rule reports) and the option values it runs with.
#[derive(Clone)]
pub struct Entry {
    pub id: RuleId,
    pub doc: Arc<RuleDoc>,
    pub rule: Option<Arc<dyn Rule>>,
    /// The doc's defaults, with vpclint.toml's `[rule-options.<rule>]` over them
    /// ([`Registry::configure`]).
    pub options: Arc<RuleOptions>,
}

impl std::fmt::Debug for Entry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Entry").field("id", &self.id).field("has_code", &self.rule.is_some()).finish()
    }
}

/// Why a rule cannot join the registry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegistryError {
    #[error("rule id `{0}` is defined twice")]
    DuplicateId(String),
    #[error("rule name `{name}` is used by both `{first}` and `{second}`")]
    DuplicateName { name: String, first: String, second: String },
    #[error("rule id `{0}` is not an upper-case letter followed by letters and digits, ending in a digit")]
    BadId(String),
}

/// Every rule a run knows, in registration order.
#[derive(Debug, Clone)]
pub struct Registry {
    entries: Vec<Entry>,
}

/// A built-in rule as shared code.
impl Rule for &'static dyn Rule {
    fn check(&self, cx: &mut super::RuleContext<'_>) {
        (**self).check(cx)
    }
}

impl Registry {
    /// A registry with no rule.
    pub fn empty() -> Registry {
        Registry { entries: Vec::new() }
    }

    /// The built-in rules and diagnostics, parsed from their embedded docs once per process.
    pub fn builtin() -> &'static Registry {
        static BUILTIN: OnceLock<Registry> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            let mut r = Registry::empty();
            let docs = super::LOAD_DOCS.iter().map(|d| (None, *d));
            let rules = super::BUILTIN.iter().map(|(rule, d)| (Some(Arc::new(*rule) as Arc<dyn Rule>), *d));
            let all: Vec<(Option<Arc<dyn Rule>>, &str)> = docs.chain(rules).collect();
            // The docs are embedded at build time and checked by the test suite
            // (tests/rule_docs.rs), so a bad doc is a build defect, not an input error.
            #[allow(clippy::expect_used)]
            let parse = |texts: &[&str]| -> Vec<RuleDoc> {
                texts.iter().map(|t| parse_doc(t).expect("embedded rule docs parse")).collect()
            };
            // Every run parses them before it can start: half on a second thread.
            let texts: Vec<&str> = all.iter().map(|(_, t)| *t).collect();
            let (first, second) = texts.split_at(texts.len() / 2);
            let parsed = std::thread::scope(|s| {
                let other = s.spawn(|| parse(second));
                let mut docs = parse(first);
                match other.join() {
                    Ok(more) => docs.extend(more),
                    Err(_) => docs.extend(parse(second)),
                }
                docs
            });
            for ((rule, _), doc) in all.into_iter().zip(parsed) {
                #[allow(clippy::expect_used)]
                r.add(doc, rule).expect("built-in rule ids and names are unique");
            }
            r
        })
    }

    /// Adds a rule; its id and name must be new (compared case-insensitively, as selectors
    /// compare them).
    pub fn add(&mut self, doc: RuleDoc, rule: Option<Arc<dyn Rule>>) -> Result<(), RegistryError> {
        let well_formed = doc.id.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && doc.id.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            && doc.id.ends_with(|c: char| c.is_ascii_digit());
        if !well_formed {
            return Err(RegistryError::BadId(doc.id.clone()));
        }
        if self.entries.iter().any(|e| e.id.eq_ignore_ascii_case(&doc.id)) {
            return Err(RegistryError::DuplicateId(doc.id.clone()));
        }
        if let Some(e) = self.entries.iter().find(|e| e.doc.name.eq_ignore_ascii_case(&doc.name)) {
            return Err(RegistryError::DuplicateName {
                name: doc.name.clone(),
                first: e.id.to_string(),
                second: doc.id.clone(),
            });
        }
        let options = Arc::new(RuleOptions::defaults(&doc.options));
        self.entries.push(Entry { id: RuleId::new(&doc.id), doc: Arc::new(doc), rule, options });
        Ok(())
    }

    /// Sets rule `id`'s options for this run (values as vpclint.toml gives them, already
    /// checked against the doc by the configuration loader); each names a declared option
    /// of its type, or nothing is set.
    pub fn configure(&mut self, id: &str, values: &BTreeMap<String, OptionValue>) -> Result<(), String> {
        let entry = self.entries.iter_mut().find(|e| *e.id == *id).ok_or_else(|| format!("no rule `{id}`"))?;
        let mut options = (*entry.options).clone();
        for (name, value) in values {
            let decl = entry.doc.options.iter().find(|d| d.name == *name);
            let fits = decl.is_some_and(|d| d.default.same_type(value));
            if !fits {
                return Err(format!("rule {id} has no option `{name}` of that type"));
            }
            options.set(name, value.clone());
        }
        if let Some(rule) = entry.rule.as_ref().and_then(|r| r.configured(&options)) {
            entry.rule = Some(rule.map_err(|m| format!("rule {id}: {m}"))?);
        }
        entry.options = Arc::new(options);
        Ok(())
    }

    /// Every entry, in registration order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Every rule's doc, in registration order.
    pub fn docs(&self) -> impl Iterator<Item = &RuleDoc> {
        self.entries.iter().map(|e| &*e.doc)
    }

    /// The doc of rule `id` (exact id).
    pub fn doc(&self, id: &str) -> Option<&RuleDoc> {
        self.entries.iter().find(|e| *e.id == *id).map(|e| &*e.doc)
    }

    /// The doc of the rule with this id or name, in any case (`vpclint explain`).
    pub fn find(&self, id_or_name: &str) -> Option<&RuleDoc> {
        let s = id_or_name.trim();
        self.docs().find(|d| d.id.eq_ignore_ascii_case(s) || d.name.eq_ignore_ascii_case(s))
    }

    /// The level of rule `id` (error for an id the registry does not know).
    pub fn severity(&self, id: &str) -> Level {
        self.doc(id).map_or(Level::Error, |d| d.severity)
    }

    /// Each rule's (id, name), for parsing selectors.
    pub fn names(&self) -> Vec<(&str, &str)> {
        self.docs().map(|d| (d.id.as_str(), d.name.as_str())).collect()
    }

    /// Parses a rule selector against this registry's rules.
    pub fn selector(&self, s: &str) -> Result<RuleSelector, SelectorError> {
        RuleSelector::parse(s, &self.names())
    }

    /// Whether `id` is a rule id or a prefix of one (`VPC3`), exactly as written.
    pub fn matches_known_rule(&self, id: &str) -> bool {
        !id.is_empty() && self.entries.iter().any(|e| e.id.starts_with(id))
    }

    /// The rules with code that `selection` enables, with their ids and options.
    pub fn enabled(&self, selection: &Selection) -> Vec<EnabledRule> {
        self.entries
            .iter()
            .filter(|e| selection.enabled(&e.id))
            .filter_map(|e| {
                let rule = e.rule.clone()?;
                Some(EnabledRule { id: e.id.clone(), rule, options: e.options.clone() })
            })
            .collect()
    }
}

impl Default for Registry {
    /// The built-in registry.
    fn default() -> Registry {
        Registry::builtin().clone()
    }
}

// Selectors from flags are parsed against the run's registry (`Registry::selector`);
// those in the configuration file through serde, inside `Registry::parsing`.
thread_local! {
    /// The registry selectors parse against while [`Registry::parsing`] runs (the run's,
    /// with user rules); the built-ins otherwise.
    static PARSING: std::cell::RefCell<Option<Registry>> = const { std::cell::RefCell::new(None) };
}

impl Registry {
    /// Runs `f` with selectors parsed (`str::parse`, serde) against this registry, so a
    /// configuration file can name user rules. The configuration file is read by serde,
    /// which has no way to pass the registry down; this scope is how it gets there.
    pub fn parsing<T>(&self, f: impl FnOnce() -> T) -> T {
        let previous = PARSING.with(|p| p.replace(Some(self.clone())));
        let out = f();
        PARSING.with(|p| *p.borrow_mut() = previous);
        out
    }

    /// Runs `f` with the registry configuration-file entries are read against: the one
    /// [`Registry::parsing`] set, else the built-ins.
    pub fn with_parsing<T>(f: impl FnOnce(&Registry) -> T) -> T {
        PARSING.with(|p| match &*p.borrow() {
            Some(registry) => f(registry),
            None => f(Registry::builtin()),
        })
    }
}

impl FromStr for RuleSelector {
    type Err = SelectorError;
    fn from_str(s: &str) -> Result<RuleSelector, SelectorError> {
        Registry::with_parsing(|registry| registry.selector(s))
    }
}

impl<'de> serde::Deserialize<'de> for RuleSelector {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, name: &str) -> RuleDoc {
        let mut d = Registry::builtin().doc("VPC301").unwrap().clone();
        d.id = id.to_string();
        d.name = name.to_string();
        d
    }

    #[test]
    fn builtin_holds_every_rule_once_and_the_load_diagnostics_without_code() {
        let r = Registry::builtin();
        assert_eq!(r.entries().len(), super::super::BUILTIN.len() + super::super::LOAD_DOCS.len());
        assert!(r.entries().iter().filter(|e| e.rule.is_none()).all(|e| e.id == "VPC000" || e.id == "VPC001"));
        assert_eq!(r.find("S3-VIA-NAT").map(|d| d.id.as_str()), Some("VPC301"));
        assert_eq!(r.find("vpc101").map(|d| d.id.as_str()), Some("VPC101"));
        assert_eq!(r.severity("VPC303"), Level::Error);
    }

    #[test]
    fn a_user_rule_joins_and_is_selectable() {
        let mut r = Registry::default();
        r.add(doc("ACME001", "subnet-outside-ten"), None).unwrap();
        assert_eq!(r.selector("acme001"), Ok(RuleSelector::Rule("ACME001".to_string())));
        assert_eq!(r.selector("ACME"), Ok(RuleSelector::Prefix("ACME".to_string())));
        assert!(r.doc("ACME001").is_some());
        // The built-in registry does not see it.
        assert!(Registry::builtin().selector("ACME001").is_err());
    }

    #[test]
    fn configured_options_reach_the_enabled_rule_and_defaults_stay() {
        let vpc201 = |r: &Registry| r.enabled(&Selection::default()).into_iter().find(|e| e.id == "VPC201").unwrap();
        assert_eq!(vpc201(Registry::builtin()).options.ports("ports"), &[22, 3389]);
        let mut r = Registry::default();
        let set = |name: &str, value: OptionValue| BTreeMap::from([(name.to_string(), value)]);
        r.configure("VPC201", &set("ports", OptionValue::Ports(vec![5432]))).unwrap();
        assert_eq!(vpc201(&r).options.ports("ports"), &[5432]);
        assert_eq!(vpc201(Registry::builtin()).options.ports("ports"), &[22, 3389]);
        assert!(r.configure("VPC201", &set("prots", OptionValue::Ports(vec![1]))).is_err());
        assert!(r.configure("VPC201", &set("ports", OptionValue::Integer(1))).is_err());
        assert!(r.configure("VPC999", &set("ports", OptionValue::Ports(vec![1]))).is_err());
        assert_eq!(vpc201(&r).options.ports("ports"), &[5432], "a refused value changes nothing");
    }

    #[test]
    fn duplicate_ids_and_names_and_bad_ids_are_refused() {
        let mut r = Registry::default();
        assert_eq!(r.add(doc("VPC301", "other"), None), Err(RegistryError::DuplicateId("VPC301".to_string())));
        assert_eq!(r.add(doc("vpc301", "other"), None), Err(RegistryError::BadId("vpc301".to_string())));
        assert!(matches!(r.add(doc("ACME001", "s3-via-nat"), None), Err(RegistryError::DuplicateName { .. })));
        assert!(matches!(r.add(doc("ACME", "x"), None), Err(RegistryError::BadId(_))));
        assert!(matches!(r.add(doc("", "y"), None), Err(RegistryError::BadId(_))));
    }
}
