//! Rule selectors: what `--select`, `--ignore` and the configuration file's `select`,
//! `ignore` and `[severity]` keys name. Like ruff's `RuleSelector`, one type parsed once,
//! whatever the source, so every source accepts the same forms and refuses the same typos.
//!
//! An entry is, case-insensitively:
//!
//! - `all`: every rule;
//! - an exact rule id (`VPC301`, `vpc301`);
//! - a rule name (`s3-via-nat`), as `vpclint explain` accepts it;
//! - an id prefix (`VPC3`), which must start at least one rule id.
//!
//! Anything else is an error that suggests the nearest id, prefix or name.
//!
//! Selectors are parsed against the rules a run knows, given as (id, name) pairs: the
//! registry (`crate::rules::Registry`) is a run-time value that user rules join, so this
//! leaf module does not reach for it. `FromStr` and `Deserialize` (for clap and the
//! configuration file) parse against the built-in rules; see `crate::rules::registry`.

use std::fmt;

/// One parsed rule selector.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleSelector {
    /// Every rule.
    All,
    /// Rules whose id starts with this prefix (upper case, matching at least one rule).
    Prefix(String),
    /// One rule, by its id (given as the id or the rule's name).
    Rule(String),
}

impl RuleSelector {
    /// Whether this selector covers rule `id`.
    pub fn matches(&self, id: &str) -> bool {
        match self {
            RuleSelector::All => true,
            RuleSelector::Prefix(p) => id.starts_with(p.as_str()),
            RuleSelector::Rule(r) => r == id,
        }
    }

    /// How narrow the selector is: `all` < a prefix (longer is narrower) < one rule. When
    /// several selectors cover a rule (`[severity]` keys), the narrowest wins.
    pub fn specificity(&self) -> (u8, usize) {
        match self {
            RuleSelector::All => (0, 0),
            RuleSelector::Prefix(p) => (1, p.len()),
            RuleSelector::Rule(_) => (2, 0),
        }
    }
}

impl fmt::Display for RuleSelector {
    /// The canonical form: `all`, the prefix in upper case, or the rule id.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RuleSelector::All => f.write_str("all"),
            RuleSelector::Prefix(p) => f.write_str(p),
            RuleSelector::Rule(id) => f.write_str(id),
        }
    }
}

/// Why an entry is not a rule selector, with the nearest known spellings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectorError {
    /// The entry as written (trimmed).
    pub input: String,
    /// Known ids, prefixes or names close to `input`, best first (at most three).
    pub suggestions: Vec<String>,
    /// `input` has the shape of an id stem (`VPC9`): the miss is a prefix that starts no id.
    pub prefix_shaped: bool,
}

impl fmt::Display for SelectorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.input.is_empty() {
            return f.write_str("empty rule selector (expected a rule id, id prefix, rule name or `all`)");
        }
        if self.prefix_shaped {
            write!(f, "no rule id starts with `{}`", self.input)?;
        } else {
            write!(f, "unknown rule `{}`", self.input)?;
        }
        match self.suggestions.as_slice() {
            [] => f.write_str("; `vpclint rules` lists the rules"),
            [one] => write!(f, "; did you mean `{one}`?"),
            [init @ .., last] => {
                let init: Vec<String> = init.iter().map(|s| format!("`{s}`")).collect();
                write!(f, "; did you mean {} or `{last}`?", init.join(", "))
            }
        }
    }
}

impl std::error::Error for SelectorError {}

impl RuleSelector {
    /// Parses one entry against the known rules, (id, name) pairs; surrounding whitespace is
    /// ignored (`"VPC301, VPC302"` splits into `VPC301` and ` VPC302`).
    pub fn parse(s: &str, rules: &[(&str, &str)]) -> Result<RuleSelector, SelectorError> {
        let s = s.trim();
        if s.is_empty() {
            return Err(SelectorError { input: String::new(), suggestions: Vec::new(), prefix_shaped: false });
        }
        if s.eq_ignore_ascii_case("all") {
            return Ok(RuleSelector::All);
        }
        if let Some((id, _)) =
            rules.iter().find(|(id, name)| id.eq_ignore_ascii_case(s) || name.eq_ignore_ascii_case(s))
        {
            return Ok(RuleSelector::Rule(id.to_string()));
        }
        let upper = s.to_ascii_uppercase();
        if rules.iter().any(|(id, _)| id.starts_with(&upper)) {
            return Ok(RuleSelector::Prefix(upper));
        }
        Err(SelectorError {
            input: s.to_string(),
            suggestions: suggestions(s, rules),
            prefix_shaped: looks_like_prefix(s, rules),
        })
    }
}

/// Whether `s` has the shape of an id stem (letters then at least one digit, shorter than
/// an id), so a miss is best described as a prefix that starts no id.
fn looks_like_prefix(s: &str, rules: &[(&str, &str)]) -> bool {
    let shortest = rules.iter().map(|(id, _)| id.len()).min().unwrap_or(0);
    let digits = s.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    s.len() < shortest && !digits.is_empty() && digits.len() < s.len() && digits.chars().all(|c| c.is_ascii_digit())
}

/// Known spellings within a small edit distance of `s`: ids and id prefixes of the same
/// length compared case-insensitively, and rule names. Closest first; on a tie a whole id
/// or name comes before a prefix; at most three.
fn suggestions(s: &str, rules: &[(&str, &str)]) -> Vec<String> {
    let upper = s.to_ascii_uppercase();
    let lower = s.to_ascii_lowercase();
    // (distance, is a prefix, text)
    let mut scored: Vec<(usize, bool, String)> = Vec::new();
    let mut push = |distance: usize, prefix: bool, text: &str| {
        if !scored.iter().any(|(_, _, t)| t == text) {
            scored.push((distance, prefix, text.to_string()));
        }
    };
    for &(id, name) in rules {
        push(levenshtein(&upper, id), false, id);
        push(levenshtein(&lower, name), false, name);
        if let Some(stem) = id.get(..upper.len()).filter(|stem| stem.len() < id.len()) {
            push(levenshtein(&upper, stem), true, stem);
        }
    }
    // Close enough to be a typo: one edit in four characters, and at least one.
    let limit = (s.chars().count() / 4).max(1);
    scored.retain(|(distance, _, _)| *distance <= limit);
    scored.sort();
    let best = scored.first().map(|(d, p, _)| (*d, *p));
    scored.into_iter().filter(|(d, p, _)| Some((*d, *p)) == best).take(3).map(|(_, _, t)| t).collect()
}

/// The Levenshtein distance between `a` and `b`, in characters.
fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        let mut left = i + 1;
        let mut diag = i;
        for (j, cb) in b.iter().enumerate() {
            let up = prev.get(j + 1).copied().unwrap_or(usize::MAX - 1);
            let value = (diag + usize::from(ca != *cb)).min(up + 1).min(left + 1);
            if let Some(slot) = cur.get_mut(j + 1) {
                *slot = value;
            }
            diag = up;
            left = value;
        }
        if let Some(first) = cur.first_mut() {
            *first = i + 1;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: &[(&str, &str)] = &[
        ("VPC000", "unreadable-file"),
        ("VPC001", "malformed-resource"),
        ("VPC101", "subnet-without-route-table-association"),
        ("VPC301", "s3-via-nat"),
        ("VPC302", "interface-endpoint-private-dns-disabled"),
        ("VPC303", "private-dns-without-vpc-dns"),
        ("VPC304", "endpoint-sg-denies-clients"),
    ];

    fn parse(s: &str) -> Result<RuleSelector, SelectorError> {
        RuleSelector::parse(s, RULES)
    }

    #[test]
    fn parses_ids_names_prefixes_and_all_case_insensitively() {
        assert_eq!(parse("VPC301"), Ok(RuleSelector::Rule("VPC301".to_string())));
        assert_eq!(parse("vpc301"), Ok(RuleSelector::Rule("VPC301".to_string())));
        assert_eq!(parse(" VPC302 "), Ok(RuleSelector::Rule("VPC302".to_string())));
        assert_eq!(parse("s3-via-nat"), Ok(RuleSelector::Rule("VPC301".to_string())));
        assert_eq!(parse("S3-Via-NAT"), Ok(RuleSelector::Rule("VPC301".to_string())));
        assert_eq!(parse("VPC3"), Ok(RuleSelector::Prefix("VPC3".to_string())));
        assert_eq!(parse("vpc30"), Ok(RuleSelector::Prefix("VPC30".to_string())));
        assert_eq!(parse("VPC"), Ok(RuleSelector::Prefix("VPC".to_string())));
        assert_eq!(parse("all"), Ok(RuleSelector::All));
        assert_eq!(parse("ALL"), Ok(RuleSelector::All));
        // The load diagnostics are selectable too.
        assert_eq!(parse("VPC001"), Ok(RuleSelector::Rule("VPC001".to_string())));
    }

    #[test]
    fn matches_follows_the_selector_kind() {
        let ids = ["VPC000", "VPC001", "VPC101", "VPC301", "VPC302", "VPC303", "VPC304"];
        let matched = |s: &str| {
            let sel = parse(s).unwrap();
            ids.iter().filter(|id| sel.matches(id)).copied().collect::<Vec<_>>()
        };
        assert_eq!(matched("all").len(), ids.len());
        assert_eq!(matched("VPC3"), ["VPC301", "VPC302", "VPC303", "VPC304"]);
        assert_eq!(matched("vpc1"), ["VPC101"]);
        assert_eq!(matched("VPC301"), ["VPC301"]);
        assert_eq!(matched("private-dns-without-vpc-dns"), ["VPC303"]);
    }

    #[test]
    fn display_is_canonical() {
        for (input, shown) in [("vpc301", "VPC301"), ("s3-via-nat", "VPC301"), ("vpc3", "VPC3"), ("All", "all")] {
            assert_eq!(parse(input).unwrap().to_string(), shown);
        }
    }

    #[test]
    fn typos_are_refused_with_the_nearest_spelling() {
        let err = parse("VPC3O1").unwrap_err();
        assert_eq!(err.suggestions, ["VPC301"]);
        assert_eq!(err.to_string(), "unknown rule `VPC3O1`; did you mean `VPC301`?");
        assert_eq!(parse("s3-via-nta").unwrap_err().suggestions, ["s3-via-nat"]);
        assert_eq!(parse("vpc-301").unwrap_err().suggestions, ["VPC301"]);
        // A whole id beats a prefix at the same distance.
        assert_eq!(parse("VPC31").unwrap_err().suggestions, ["VPC301"]);
        let err = parse("VPC9").unwrap_err();
        assert_eq!(err.suggestions, ["VPC0", "VPC1", "VPC3"]);
        assert_eq!(err.to_string(), "no rule id starts with `VPC9`; did you mean `VPC0`, `VPC1` or `VPC3`?");
        let err = parse("banana").unwrap_err();
        assert!(err.suggestions.is_empty());
        assert_eq!(err.to_string(), "unknown rule `banana`; `vpclint rules` lists the rules");
        assert!(parse("").is_err());
        assert!(parse("  ").is_err());
        assert!(parse("XYZ999").is_err());
    }

    #[test]
    fn levenshtein_counts_edits() {
        assert_eq!(levenshtein("", ""), 0);
        assert_eq!(levenshtein("abc", ""), 3);
        assert_eq!(levenshtein("", "abc"), 3);
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("VPC3O1", "VPC301"), 1);
        assert_eq!(levenshtein("VPC31", "VPC301"), 1);
    }
}
