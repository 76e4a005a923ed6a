//! The configuration file: `vpclint.toml` or `.vpclint.toml`, found in the working
//! directory or the nearest parent, or named with `--config`. Command-line flags override
//! it. Like ruff's `ruff.toml`:
//!
//! ```toml
//! select = ["VPC1", "VPC3"]      # run only these rules (ids, prefixes or names, any case)
//! ignore = ["s3-via-nat"]        # never run these
//! fail-on = "error"              # error | warning | note | never
//! max-file-size = "10MiB"        # bytes, or a size with a unit (see `parse_size`)
//! exclude = ["legacy/**", "**/cdk.out/asset.*"]  # paths skipped in directory walks
//! force-exclude = true           # ... and named files too (hook runners name every file)
//! skip-non-templates = true      # named files that are not templates: skipped quietly
//! join = false                   # check each template alone (as --no-join)
//! baseline = ".vpclint-baseline.json"  # findings recorded there are not reported
//!
//! [stacks]                       # deployed stack names, for ${AWS::StackName} in exports
//! "infra/network.yaml" = "prod-network"
//!
//! [per-file-ignores]             # rules not reported in matching files (paths as shown)
//! "legacy/**" = ["VPC101"]
//!
//! [severity]                     # per-rule level overrides; the narrowest key wins
//! VPC101 = "note"
//!
//! [rule-options.VPC201]          # a rule's options, as its doc declares them
//! ports = [22, 3389, 5432]
//! ```
//!
//! Rule entries are [`RuleSelector`]s, parsed by the same code as `--select` and
//! `--ignore`, so both accept the same forms and suggest the same corrections.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use miette::{Diagnostic, NamedSource, SourceSpan};
use serde::Deserialize;

use crate::diagnostic::selector::RuleSelector;
use crate::report::Level;
use crate::rules::options::{OptionDecl, OptionValue};

/// File names searched for, in order.
pub const FILE_NAMES: [&str; 2] = ["vpclint.toml", ".vpclint.toml"];

/// The settings a configuration file may hold.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct FileConfig {
    pub select: Option<Vec<RuleSelector>>,
    pub ignore: Option<Vec<RuleSelector>>,
    pub fail_on: Option<FailOn>,
    /// An integer number of bytes or a string with a unit (`"10MB"`, `"64MiB"`).
    #[serde(default, deserialize_with = "de_size")]
    pub max_file_size: Option<u64>,
    pub exclude: Option<Vec<String>>,
    /// Level overrides by selector; two keys naming the same selector are refused.
    #[serde(default, deserialize_with = "de_severity")]
    pub severity: Option<BTreeMap<RuleSelector, Level>>,
    /// Directories (or files) of user rules, relative to the configuration file.
    pub rules: Option<Vec<PathBuf>>,
    /// `exclude` applies to named files too (`--force-exclude`).
    pub force_exclude: Option<bool>,
    /// Named files that are not templates or plans are skipped quietly (`--skip-non-templates`).
    pub skip_non_templates: Option<bool>,
    /// Glob -> rules not reported in the files it matches (as ruff's `per-file-ignores`).
    pub per_file_ignores: Option<BTreeMap<String, Vec<RuleSelector>>>,
    /// CloudFormation templates are joined by their exports and imports (`--no-join`: false).
    pub join: Option<bool>,
    /// Glob -> the stack name templates it matches are deployed as, for export and import
    /// names built with `${AWS::StackName}`.
    pub stacks: Option<BTreeMap<String, String>>,
    /// A baseline file (`--baseline`), relative to the configuration file.
    pub baseline: Option<PathBuf>,
    /// `[rule-options.<rule>]`: rule id -> option name -> value, each checked against the
    /// options the rule's doc declares (see [`crate::rules::options`]).
    #[serde(default, deserialize_with = "de_rule_options")]
    pub rule_options: Option<RuleOptionTables>,
}

/// `[rule-options]` as read: rule id -> option name -> value.
pub type RuleOptionTables = BTreeMap<String, BTreeMap<String, OptionValue>>;

/// The one setting read before the rest: where user rules are, so that selectors in the
/// same file can name them.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct RulesOnly {
    rules: Option<Vec<PathBuf>>,
}

/// Minimum level that makes the exit code 1.
/// One type for the flag (`--fail-on`) and the file (`fail-on = "..."`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    Error,
    Warning,
    Note,
    /// Always exit 0 unless usage fails.
    Never,
}

impl FailOn {
    /// The threshold level, or None for `never`.
    pub fn level(self) -> Option<Level> {
        match self {
            FailOn::Error => Some(Level::Error),
            FailOn::Warning => Some(Level::Warning),
            FailOn::Note => Some(Level::Note),
            FailOn::Never => None,
        }
    }
}

/// A configuration file or a flag that cannot be used (exit code 2).
#[derive(Debug, thiserror::Error, Diagnostic)]
pub enum ConfigError {
    /// A flag naming a path that cannot be used (`--sarif-root`, `--tf-root`).
    #[error("{flag}: `{path}` {message}")]
    #[diagnostic(code(vpclint::usage))]
    Flag { flag: &'static str, path: String, message: String },
    #[error("cannot read {path}: {message}")]
    #[diagnostic(code(vpclint::config))]
    Read { path: String, message: String },
    /// A `--select`/`--ignore` entry that names no rule.
    #[error("{flag}: {message}")]
    #[diagnostic(code(vpclint::usage))]
    Selector { flag: &'static str, message: String },
    /// A baseline file that cannot be used.
    #[error("baseline {path} {message}")]
    #[diagnostic(code(vpclint::baseline), help("`vpclint check --write-baseline FILE` records the current findings"))]
    Baseline { path: String, message: String },
    /// User rules that cannot be loaded.
    #[error("{0}")]
    #[diagnostic(code(vpclint::rules))]
    UserRules(crate::rules::query::UserRuleError),
    #[error("invalid configuration in {path}: {message}")]
    #[diagnostic(code(vpclint::config))]
    Invalid {
        path: String,
        message: String,
        #[source_code]
        src: NamedSource<String>,
        #[label("here")]
        span: Option<SourceSpan>,
    },
}

impl From<crate::rules::query::UserRuleError> for ConfigError {
    fn from(e: crate::rules::query::UserRuleError) -> ConfigError {
        ConfigError::UserRules(e)
    }
}

/// The nearest configuration file at or above `dir`.
pub fn discover(dir: &Path) -> Option<PathBuf> {
    dir.ancestors().find_map(|d| FILE_NAMES.iter().map(|n| d.join(n)).find(|p| p.is_file()))
}

/// The user rule directories a configuration file names, resolved against its directory.
/// Errors in the rest of the file are left to [`load`].
pub fn rule_dirs(path: &Path) -> Result<Vec<PathBuf>, Box<ConfigError>> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| Box::new(ConfigError::Read { path: shown.clone(), message: crate::load::io_message(&e) }))?;
    let dirs = toml::from_str::<RulesOnly>(&text).ok().and_then(|r| r.rules).unwrap_or_default();
    let base = path.parent().unwrap_or(Path::new("."));
    Ok(dirs.into_iter().map(|d| if d.is_absolute() { d } else { base.join(d) }).collect())
}

/// Reads and validates a configuration file; rule selectors in it are parsed against
/// `registry` (built-in and user rules).
pub fn load_with(path: &Path, registry: &crate::rules::Registry) -> Result<FileConfig, Box<ConfigError>> {
    registry.parsing(|| load(path))
}

/// Reads and validates a configuration file (selectors against the built-in rules, unless
/// called inside [`crate::rules::Registry::parsing`]).
pub fn load(path: &Path) -> Result<FileConfig, Box<ConfigError>> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| Box::new(ConfigError::Read { path: shown.clone(), message: crate::load::io_message(&e) }))?;
    let invalid = |message: String, span: Option<std::ops::Range<usize>>| {
        Box::new(ConfigError::Invalid {
            path: shown.clone(),
            message,
            src: NamedSource::new(&shown, text.clone()),
            span: span.map(|r| SourceSpan::from(r.start..r.end)),
        })
    };
    let config: FileConfig = toml::from_str(&text).map_err(|e| invalid(e.message().to_string(), e.span()))?;
    let globs = config
        .exclude
        .iter()
        .flatten()
        .chain(config.per_file_ignores.iter().flat_map(|m| m.keys()))
        .chain(config.stacks.iter().flat_map(|m| m.keys()));
    {
        for p in globs {
            if let Err(e) = globset::Glob::new(p) {
                let at = text.find(p.as_str()).map(|i| i..i + p.len());
                return Err(invalid(format!("`{p}` is not a valid glob: {e}"), at));
            }
        }
    }
    Ok(config)
}

/// `--configure-rule RULE:OPTION=VALUE`: one option of one rule, VALUE written as in
/// `vpclint.toml` (a TOML value: `VPC201:ports=[22, 3389, 80]`). It is read as the table
/// `[rule-options.RULE]` with that one line, so it meets the same checks (known rule, one
/// rule, a declared option, the right type), against the registry set by
/// [`crate::rules::Registry::parsing`]. Gives the rule's id and the value.
pub fn configure_rule_flag(arg: &str) -> Result<(String, BTreeMap<String, OptionValue>), String> {
    let form = || format!("`{arg}` is not RULE:OPTION=VALUE, as in `VPC201:ports=[22, 3389, 80]`");
    let (rule, setting) = arg.split_once(':').ok_or_else(form)?;
    let (name, value) = setting.split_once('=').ok_or_else(form)?;
    let (rule, name, value) = (rule.trim(), name.trim(), value.trim());
    let bare = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !bare(rule) {
        return Err(format!("unknown rule `{rule}`"));
    }
    if !bare(name) {
        return Err(format!("`{name}` is not an option name"));
    }
    // One line: a value cannot open another table or set another key.
    if value.is_empty() || value.contains(['\n', '\r']) {
        return Err(format!("`{arg}` has no value on one line after `=`"));
    }
    // Said here in the flag's words; the table's checks below say the rest.
    crate::rules::Registry::with_parsing(|registry| match registry.selector(rule) {
        Ok(RuleSelector::Rule(_)) | Err(_) => Ok(()),
        Ok(_) => Err(format!("`{rule}` selects more than one rule; options are set per rule (`VPC201:ports=[22]`)")),
    })?;
    let text = format!("[rule-options.{rule}]\n{name} = {value}\n");
    let config: FileConfig = toml::from_str(&text).map_err(|e| e.message().to_string())?;
    config.rule_options.and_then(|t| t.into_iter().next()).ok_or_else(form)
}

/// `[severity]` keys expanded to rule ids: each rule takes the level of the narrowest key
/// that selects it (`VPC301` over `VPC3` over `all`).
pub fn severity_by_id(
    keys: &BTreeMap<RuleSelector, Level>,
    registry: &crate::rules::Registry,
) -> BTreeMap<String, Level> {
    registry
        .docs()
        .filter_map(|d| {
            let narrowest = keys.iter().filter(|(s, _)| s.matches(&d.id)).max_by_key(|(s, _)| s.specificity());
            narrowest.map(|(_, &level)| (d.id.clone(), level))
        })
        .collect()
}

/// Parses a size: a whole number of bytes, optionally followed (after optional spaces) by a
/// unit, case-insensitively: `B`; `KB`, `MB`, `GB` (powers of 1000); `KiB`, `MiB`, `GiB`
/// (powers of 1024).
///
/// `K`, `M` and `G` alone are powers of 1024, as in GNU coreutils (`head -c 1K`, `sort -S
/// 64M`, `truncate -s 1G`), which draw the same line: a bare letter is binary, `KB` is
/// decimal. Rejecting them would refuse the spelling people most often type, and reading them
/// as binary errs on the side of the larger limit, which refuses fewer files. The default
/// limit, 64 MiB, is binary too.
pub fn parse_size(s: &str) -> Result<u64, String> {
    const UNITS: &str = "KB, MB, GB (powers of 1000), KiB, MiB, GiB or K, M, G (powers of 1024)";
    let t = s.trim();
    let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let (number, unit) = t.split_at(digits);
    if number.is_empty() {
        return Err(format!(
            "`{s}` is not a size: expected bytes (1048576) or a whole number with a unit (10MB, 64MiB): {UNITS}"
        ));
    }
    let unit = unit.trim_start();
    let factor: u64 = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "kb" => 1000,
        "mb" => 1000 * 1000,
        "gb" => 1000 * 1000 * 1000,
        "k" | "kib" => 1 << 10,
        "m" | "mib" => 1 << 20,
        "g" | "gib" => 1 << 30,
        _ if unit.starts_with(['.', ',']) => {
            return Err(format!("`{s}` is not a whole number; use a smaller unit (e.g. 1500KB for 1.5MB)"));
        }
        _ => return Err(format!("`{s}` has an unknown unit `{unit}`: expected B, {UNITS}")),
    };
    number.parse::<u64>().ok().and_then(|n| n.checked_mul(factor)).ok_or_else(|| format!("`{s}` is too large"))
}

/// Deserializes `max-file-size`: an integer, or a string [`parse_size`] accepts.
fn de_size<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    struct Size;
    impl serde::de::Visitor<'_> for Size {
        type Value = u64;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a number of bytes or a size such as \"10MB\" or \"64MiB\"")
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<u64, E> {
            Ok(v)
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<u64, E> {
            u64::try_from(v).map_err(|_| E::custom(format!("`{v}` is not a size: it is negative")))
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<u64, E> {
            parse_size(v).map_err(E::custom)
        }
    }
    d.deserialize_any(Size).map(Some)
}

/// A rule selector with its spelling in the file, for messages.
struct Spelled(String, RuleSelector);

impl<'de> Deserialize<'de> for Spelled {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        let selector = text.parse().map_err(serde::de::Error::custom)?;
        Ok(Spelled(text, selector))
    }
}

/// Deserializes `[severity]`, refusing two keys that name the same selector (`VPC301` and
/// `s3-via-nat`), which would otherwise let one silently win.
fn de_severity<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<BTreeMap<RuleSelector, Level>>, D::Error> {
    struct Severity;
    impl<'de> serde::de::Visitor<'de> for Severity {
        type Value = BTreeMap<RuleSelector, Level>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a table of rule ids, prefixes or names to levels")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            // Each key is parsed as it is read, so an error points at the key.
            while let Some((Spelled(text, key), level)) = map.next_entry::<Spelled, Level>()? {
                if out.contains_key(&key) {
                    return Err(serde::de::Error::custom(format!(
                        "`{text}` in [severity] names `{key}`, which an earlier key names too"
                    )));
                }
                out.insert(key, level);
            }
            Ok(out)
        }
    }
    d.deserialize_map(Severity).map(Some)
}

/// Deserializes `[rule-options]`. Each error is raised inside the key or value it is about,
/// so the TOML reader reports it at that key's or value's position: a rule that is not
/// known, not one rule (a prefix, `all`) or has no options, or is named twice, at the
/// table's key; an option the rule does not declare at the option's key; a value of the
/// wrong type at the value.
fn de_rule_options<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<RuleOptionTables>, D::Error> {
    use serde::de::{Error, MapAccess, Visitor};
    struct Tables;
    impl<'de> Visitor<'de> for Tables {
        type Value = RuleOptionTables;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a table of option tables, one per rule: [rule-options.VPC201]")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = RuleOptionTables::new();
            while let Some((id, decls)) = map.next_key_seed(RuleKey { seen: &out })? {
                let values = map.next_value_seed(OptionTable { rule: &id, decls: &decls })?;
                out.insert(id, values);
            }
            Ok(out)
        }
    }

    /// A `[rule-options]` key: one rule with options, not named before.
    struct RuleKey<'s> {
        seen: &'s RuleOptionTables,
    }
    impl<'de> serde::de::DeserializeSeed<'de> for RuleKey<'_> {
        type Value = (String, Vec<OptionDecl>);
        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            let text = String::deserialize(d)?;
            crate::rules::Registry::with_parsing(|registry| {
                let selector = registry.selector(&text).map_err(D::Error::custom)?;
                let RuleSelector::Rule(id) = selector else {
                    return Err(D::Error::custom(format!(
                        "`{text}` in [rule-options] selects more than one rule; options are set per rule \
                         ([rule-options.VPC201])"
                    )));
                };
                let doc = registry.doc(&id).ok_or_else(|| D::Error::custom(format!("no rule `{id}`")))?;
                if doc.options.is_empty() {
                    let with: Vec<String> = registry
                        .docs()
                        .filter(|d| !d.options.is_empty())
                        .map(|d| format!("{} ({})", d.id, d.name))
                        .collect();
                    return Err(D::Error::custom(format!(
                        "rule {id} ({}) has no options; rules with options: {}",
                        doc.name,
                        with.join(", ")
                    )));
                }
                if self.seen.contains_key(&id) {
                    return Err(D::Error::custom(format!(
                        "`{text}` in [rule-options] names {id}, which an earlier key names too"
                    )));
                }
                Ok((id, doc.options.clone()))
            })
        }
    }

    /// One rule's table: each key an option its doc declares, each value of its type.
    struct OptionTable<'s> {
        rule: &'s str,
        decls: &'s [OptionDecl],
    }
    impl<'de> serde::de::DeserializeSeed<'de> for OptionTable<'_> {
        type Value = BTreeMap<String, OptionValue>;
        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_map(self)
        }
    }
    impl<'de> Visitor<'de> for OptionTable<'_> {
        type Value = BTreeMap<String, OptionValue>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "a table of {}'s options", self.rule)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some(decl) = map.next_key_seed(OptionName { rule: self.rule, decls: self.decls })? {
                let value = map.next_value_seed(OptionValueOf { rule: self.rule, decl })?;
                out.insert(decl.name.clone(), value);
            }
            Ok(out)
        }
    }

    /// An option's name: one the rule declares.
    struct OptionName<'s> {
        rule: &'s str,
        decls: &'s [OptionDecl],
    }
    impl<'de, 's> serde::de::DeserializeSeed<'de> for OptionName<'s> {
        type Value = &'s OptionDecl;
        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            let name = String::deserialize(d)?;
            self.decls.iter().find(|o| o.name == name).ok_or_else(|| {
                let names: Vec<String> = self.decls.iter().map(|o| format!("`{}`", o.name)).collect();
                D::Error::custom(format!(
                    "rule {} has no option `{name}`; its options: {}",
                    self.rule,
                    names.join(", ")
                ))
            })
        }
    }

    /// An option's value, of its declared type.
    struct OptionValueOf<'s> {
        rule: &'s str,
        decl: &'s OptionDecl,
    }
    impl<'de> serde::de::DeserializeSeed<'de> for OptionValueOf<'_> {
        type Value = OptionValue;
        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            serde::de::DeserializeSeed::deserialize(self.decl.kind, d).map_err(|e| {
                // The TOML reader's message ends in a newline.
                let message = e.to_string();
                D::Error::custom(format!("option `{}` of {}: {}", self.decl.name, self.rule, message.trim_end()))
            })
        }
    }

    d.deserialize_map(Tables).map(Some)
}

/// Compiles `per-file-ignores` (globs already validated by [`load`]).
pub fn per_file_ignores(
    map: Option<&BTreeMap<String, Vec<RuleSelector>>>,
) -> Vec<(globset::GlobMatcher, Vec<RuleSelector>)> {
    map.into_iter()
        .flatten()
        .filter_map(|(glob, rules)| Some((globset::Glob::new(glob).ok()?.compile_matcher(), rules.clone())))
        .collect()
}

/// Compiles `[stacks]` (globs already validated by [`load`]).
pub fn stacks(map: Option<&BTreeMap<String, String>>) -> Vec<(globset::GlobMatcher, String)> {
    map.into_iter()
        .flatten()
        .filter_map(|(glob, name)| Some((globset::Glob::new(glob).ok()?.compile_matcher(), name.clone())))
        .collect()
}

/// Compiles exclude patterns (already validated by [`load`]).
pub fn exclude_set(patterns: &[String]) -> globset::GlobSet {
    let mut b = globset::GlobSetBuilder::new();
    for p in patterns {
        if let Ok(g) = globset::Glob::new(p) {
            b.add(g);
        }
    }
    b.build().unwrap_or_else(|_| globset::GlobSet::empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, text: &str) -> PathBuf {
        let p = dir.join("vpclint.toml");
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn reads_and_validates() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            dir.path(),
            "select = [\"VPC3\"]\nfail-on = \"error\"\nexclude = [\"legacy/**\"]\n[severity]\nVPC101 = \"note\"\n",
        );
        let c = load(&p).unwrap();
        assert_eq!(c.select.as_deref(), Some(&[RuleSelector::Prefix("VPC3".to_string())][..]));
        assert_eq!(c.fail_on, Some(FailOn::Error));
        assert_eq!(c.severity.unwrap().get(&RuleSelector::Rule("VPC101".to_string())), Some(&Level::Note));
        let sub = dir.path().join("a/b");
        std::fs::create_dir_all(&sub).unwrap();
        assert_eq!(discover(&sub), Some(p));
    }

    #[test]
    fn rule_entries_take_names_and_any_case() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            dir.path(),
            "select = [\"vpc3\", \"subnet-without-route-table-association\", \"ALL\"]\nignore = [\"s3-via-nat\"]\n\
             [severity]\nvpc302 = \"note\"\n",
        );
        let c = load(&p).unwrap();
        assert_eq!(
            c.select.unwrap(),
            [RuleSelector::Prefix("VPC3".to_string()), RuleSelector::Rule("VPC101".to_string()), RuleSelector::All]
        );
        assert_eq!(c.ignore.unwrap(), [RuleSelector::Rule("VPC301".to_string())]);
        assert_eq!(c.severity.unwrap().get(&RuleSelector::Rule("VPC302".to_string())), Some(&Level::Note));
    }

    #[test]
    fn typos_are_refused_at_their_position_with_a_suggestion() {
        let dir = tempfile::tempdir().unwrap();
        let text = "fail-on = \"error\"\nignore = [\"VPC3O1\"]\n";
        let p = write(dir.path(), text);
        let Err(e) = load(&p) else { panic!("a typo must be refused") };
        let ConfigError::Invalid { message, span, .. } = *e else { panic!("{e:?}") };
        assert!(message.contains("did you mean `VPC301`"), "{message}");
        let at = text.find("\"VPC3O1\"").unwrap();
        let span = span.expect("a position");
        assert!(span.offset() <= at + 1 && at < span.offset() + span.len(), "{span:?}");
        // The same in a [severity] key.
        let p = write(dir.path(), "[severity]\ns3-via-nta = \"note\"\n");
        let Err(e) = load(&p) else { panic!("a typo must be refused") };
        assert!(e.to_string().contains("did you mean `s3-via-nat`?"), "{e}");
    }

    #[test]
    fn severity_keys_expand_to_ids_and_the_narrowest_wins() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(dir.path(), "[severity]\nall = \"error\"\nVPC3 = \"note\"\ns3-via-nat = \"warning\"\n");
        let by_id = severity_by_id(&load(&p).unwrap().severity.unwrap(), crate::rules::Registry::builtin());
        assert_eq!(by_id.get("VPC101"), Some(&Level::Error));
        assert_eq!(by_id.get("VPC301"), Some(&Level::Warning));
        assert_eq!(by_id.get("VPC302"), Some(&Level::Note));
        assert_eq!(by_id.get("VPC304"), Some(&Level::Note));
        // Two spellings of one rule are refused rather than one silently winning.
        let p = write(dir.path(), "[severity]\nVPC301 = \"note\"\ns3-via-nat = \"error\"\n");
        assert!(load(&p).unwrap_err().to_string().contains("an earlier key names too"));
    }

    #[test]
    fn max_file_size_takes_integers_and_sizes() {
        let dir = tempfile::tempdir().unwrap();
        for (text, bytes) in [
            ("max-file-size = 1048576\n", 1_048_576),
            ("max-file-size = \"10MB\"\n", 10_000_000),
            ("max-file-size = \"64 MiB\"\n", 64 << 20),
            ("max-file-size = \"1k\"\n", 1024),
        ] {
            let p = write(dir.path(), text);
            assert_eq!(load(&p).unwrap().max_file_size, Some(bytes), "{text}");
        }
        for bad in ["max-file-size = -1\n", "max-file-size = \"banana\"\n", "max-file-size = 1.5\n"] {
            let p = write(dir.path(), bad);
            assert!(load(&p).is_err(), "{bad:?} must be refused");
        }
    }

    #[test]
    fn sizes_parse_with_decimal_and_binary_units() {
        for (text, bytes) in [
            ("0", 0),
            ("1048576", 1_048_576),
            ("  42  ", 42),
            ("42B", 42),
            ("1kb", 1000),
            ("10KB", 10_000),
            ("10MB", 10_000_000),
            ("1GB", 1_000_000_000),
            ("64KiB", 64 * 1024),
            ("64kib", 64 * 1024),
            ("64MiB", 64 << 20),
            ("1GiB", 1 << 30),
            ("1 GiB", 1 << 30),
            ("10K", 10 * 1024),
            ("10m", 10 << 20),
            ("2G", 2 << 30),
        ] {
            assert_eq!(parse_size(text), Ok(bytes), "{text}");
        }
        for bad in ["", "banana", "MB", "-1", "1.5MB", "10XB", "10 M B", "1e6", "99999999999999999999", "20000000000GB"]
        {
            assert!(parse_size(bad).is_err(), "{bad:?} must be refused");
        }
        assert!(parse_size("10XB").unwrap_err().contains("unknown unit `XB`"));
        assert!(parse_size("banana").unwrap_err().contains("10MB"));
    }

    #[test]
    fn rule_options_are_read_by_rule_id_or_name() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(dir.path(), "[rule-options.sg-admin-port-open-to-world]\nports = [22, 5432]\n");
        let options = load(&p).unwrap().rule_options.unwrap();
        assert_eq!(options["VPC201"]["ports"], OptionValue::Ports(vec![22, 5432]));
        let p = write(dir.path(), "[rule-options.vpc201]\nports = []\n");
        assert_eq!(load(&p).unwrap().rule_options.unwrap()["VPC201"]["ports"], OptionValue::Ports(vec![]));
    }

    /// Each mistake in `[rule-options]` is refused with what is wrong, at the key or value
    /// it is about.
    #[test]
    fn rule_option_errors_say_what_and_where() {
        let dir = tempfile::tempdir().unwrap();
        for (text, words, at) in [
            ("[rule-options.VPC999]\nports = [1]\n", "unknown rule `VPC999`", "VPC999"),
            (
                "[rule-options.sg-admin-port-open-to-wold]\nports = [1]\n",
                "did you mean `sg-admin-port-open-to-world`",
                "sg-",
            ),
            ("[rule-options.VPC2]\nports = [1]\n", "`VPC2` in [rule-options] selects more than one rule", "VPC2]"),
            ("[rule-options.all]\nports = [1]\n", "selects more than one rule", "all]"),
            (
                "[rule-options.VPC301]\nports = [1]\n",
                "rule VPC301 (s3-via-nat) has no options; rules with options: VPC201 (sg-admin-port-open-to-world)",
                "VPC301",
            ),
            (
                "[rule-options.VPC201]\nprots = [1]\n",
                "rule VPC201 has no option `prots`; its options: `ports`",
                "prots",
            ),
            (
                "[rule-options.VPC201]\nports = \"22\"\n",
                "option `ports` of VPC201: invalid type: string \"22\", expected a list of ports",
                "\"22\"",
            ),
            (
                "[rule-options.VPC201]\nports = [22, 70000]\n",
                "option `ports` of VPC201: `70000` is not a port: ports are whole numbers from 0 to 65535",
                "[22, 70000]",
            ),
            ("[rule-options.VPC201]\nports = [22.5]\n", "invalid type: floating point `22.5`", "[22.5]"),
            (
                "[rule-options.VPC201]\nports = [22]\n[rule-options.sg-admin-port-open-to-world]\nports = [1]\n",
                "`sg-admin-port-open-to-world` in [rule-options] names VPC201, which an earlier key names too",
                "sg-",
            ),
            ("[rule-options]\nVPC201 = 3\n", "expected a table of VPC201's options", "3"),
        ] {
            let p = write(dir.path(), text);
            let Err(e) = load(&p) else { panic!("{text:?} must be refused") };
            let ConfigError::Invalid { message, span, .. } = *e else { panic!("{e:?}") };
            assert!(message.contains(words), "{text:?}: {message}");
            let span = span.unwrap_or_else(|| panic!("{text:?}: no position"));
            assert_eq!(span.offset(), text.find(at).unwrap(), "{text:?}: {message}");
        }
    }

    #[test]
    fn rejects_unknown_keys_rules_and_globs() {
        let dir = tempfile::tempdir().unwrap();
        for bad in [
            "selct = []\n",
            "ignore = [\"XYZ999\"]\n",
            "select = [\"VPC9\"]\n",
            "select = [\"\"]\n",
            "exclude = [\"a[\"]\n",
            "fail-on = \"sometimes\"\n",
            "[severity]\nVPC101 = \"loud\"\n",
            "[severity]\nVPC9 = \"note\"\n",
        ] {
            let p = write(dir.path(), bad);
            assert!(load(&p).is_err(), "{bad:?} must be refused");
        }
    }
}
