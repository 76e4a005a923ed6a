//! The document user rules' queries run on: the model's JSON form ([`crate::model::view`])
//! as a value jsonpath-rust evaluates exactly as it evaluates a `serde_json::Value`, except
//! that `match()` and `search()` compile each pattern once per thread instead of once per
//! object tested.
//!
//! jsonpath-rust builds a `regex::Regex` every time it applies `match()` or `search()`
//! (about 0.15 M instructions, against a few hundred to test a string), which made the
//! regular-expression functions most of what user rules cost. Its evaluation is generic over
//! the [`Queryable`] document, whose `extension_custom` hook receives the calls of the
//! functions its grammar names `in`, `nin`, ...: a parsed query's `match(a, b)` and
//! `search(a, b)` are rewritten ([`rewrite`]) into calls of two function names the grammar
//! cannot produce, which [`Doc`] answers with the same I-Regexp translation and the same
//! answers (a pattern that does not compile matches nothing; anything but two strings is
//! false). The rewrite is made only where both arguments are literals or singular queries
//! (names and indexes only), which give one value or none, as the functions see them; a
//! call with another argument keeps jsonpath-rust's own function. Everything else about the
//! document follows `serde_json::Value`: the same variants, numbers, equality, key order
//! and the built-in `in`, `nin`, `none_of`, `any_of`, `subset_of`, so a query matches the
//! same nodes on both (`tests` compares them).

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

use jsonpath_rust::parser::model::{
    Comparable, Comparison, Filter, FilterAtom, FnArg, JpQuery, Literal, Segment, Selector, SingularQuery,
    SingularQuerySegment, Test, TestFunction,
};
use jsonpath_rust::query::queryable::Queryable;
use serde_json::{Number, Value};

/// A JSON value, as `serde_json::Value` is one.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Doc {
    #[default]
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Doc>),
    Object(BTreeMap<String, Doc>),
}

impl From<Value> for Doc {
    fn from(v: Value) -> Doc {
        match v {
            Value::Null => Doc::Null,
            Value::Bool(b) => Doc::Bool(b),
            Value::Number(n) => Doc::Number(n),
            Value::String(s) => Doc::String(s),
            Value::Array(a) => Doc::Array(a.into_iter().map(Doc::from).collect()),
            Value::Object(o) => Doc::Object(o.into_iter().map(|(k, v)| (k, Doc::from(v))).collect()),
        }
    }
}

impl From<&Doc> for Value {
    fn from(d: &Doc) -> Value {
        match d {
            Doc::Null => Value::Null,
            Doc::Bool(b) => Value::Bool(*b),
            Doc::Number(n) => Value::Number(n.clone()),
            Doc::String(s) => Value::String(s.clone()),
            Doc::Array(a) => Value::Array(a.iter().map(Value::from).collect()),
            Doc::Object(o) => Value::Object(o.iter().map(|(k, v)| (k.clone(), Value::from(v))).collect()),
        }
    }
}

impl From<&str> for Doc {
    fn from(s: &str) -> Doc {
        Doc::String(s.to_string())
    }
}
impl From<String> for Doc {
    fn from(s: String) -> Doc {
        Doc::String(s)
    }
}
impl From<bool> for Doc {
    fn from(b: bool) -> Doc {
        Doc::Bool(b)
    }
}
impl From<i64> for Doc {
    fn from(i: i64) -> Doc {
        Doc::Number(i.into())
    }
}
impl From<f64> for Doc {
    fn from(f: f64) -> Doc {
        Number::from_f64(f).map_or(Doc::Null, Doc::Number)
    }
}
impl From<Vec<Doc>> for Doc {
    fn from(v: Vec<Doc>) -> Doc {
        Doc::Array(v)
    }
}

impl Doc {
    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Doc> {
        match self {
            Doc::Object(o) => o.get(key),
            _ => None,
        }
    }

    /// The element `i` of an array.
    pub fn at(&self, i: usize) -> Option<&Doc> {
        match self {
            Doc::Array(a) => a.get(i),
            _ => None,
        }
    }

    /// A string's text.
    pub fn text(&self) -> Option<&str> {
        match self {
            Doc::String(s) => Some(s),
            _ => None,
        }
    }

    /// A number that is a `u64`.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Doc::Number(n) => n.as_u64(),
            _ => None,
        }
    }
}

/// The function names `match()` and `search()` become; jsonpath-rust's grammar has no
/// function names with a colon.
const MATCH: &str = "vpclint:match";
const SEARCH: &str = "vpclint:search";

impl Queryable for Doc {
    fn get(&self, key: &str) -> Option<&Self> {
        Doc::get(self, key)
    }

    fn as_array(&self) -> Option<&Vec<Self>> {
        match self {
            Doc::Array(a) => Some(a),
            _ => None,
        }
    }

    fn as_object(&self) -> Option<Vec<(&str, &Self)>> {
        match self {
            Doc::Object(o) => Some(o.iter().map(|(k, v)| (k.as_str(), v)).collect()),
            _ => None,
        }
    }

    fn as_str(&self) -> Option<&str> {
        match self {
            Doc::String(s) => Some(s),
            _ => None,
        }
    }

    fn as_i64(&self) -> Option<i64> {
        match self {
            Doc::Number(n) => n.as_i64(),
            _ => None,
        }
    }

    fn as_f64(&self) -> Option<f64> {
        match self {
            Doc::Number(n) => n.as_f64(),
            _ => None,
        }
    }

    fn as_bool(&self) -> Option<bool> {
        match self {
            Doc::Bool(b) => Some(*b),
            _ => None,
        }
    }

    fn null() -> Self {
        Doc::Null
    }

    fn extension_custom(name: &str, args: Vec<Cow<Self>>) -> Self {
        let substring = match name {
            MATCH => false,
            SEARCH => true,
            // The grammar's other functions, as serde_json's document answers them.
            _ => {
                let args = args.iter().map(|a| Cow::Owned(Value::from(a.as_ref()))).collect();
                return Doc::from(<Value as Queryable>::extension_custom(name, args));
            }
        };
        // Two arguments when both gave a value (an argument that selects nothing is left out).
        let answer = match args.as_slice() {
            [text, pattern] => match (text.as_str(), pattern.as_str()) {
                (Some(text), Some(pattern)) => matches(text, pattern, substring),
                _ => false,
            },
            _ => false,
        };
        Doc::Bool(answer)
    }
}

thread_local! {
    /// Compiled patterns by (pattern, substring); `None` for one that does not compile.
    static PATTERNS: RefCell<HashMap<(String, bool), Option<regex::Regex>>> = RefCell::new(HashMap::new());
}

/// Patterns kept per thread before the cache starts again (patterns taken from the
/// document, not from the query, could otherwise grow it without bound).
const MAX_PATTERNS: usize = 256;

/// Whether `text` matches the I-Regexp `pattern` (whole, or somewhere for `substring`), as
/// jsonpath-rust's `match()` and `search()` answer: a pattern that does not compile matches
/// nothing.
fn matches(text: &str, pattern: &str, substring: bool) -> bool {
    PATTERNS.with(|cache| {
        let mut cache = cache.borrow_mut();
        let key = (pattern.to_string(), substring);
        if !cache.contains_key(&key) {
            if cache.len() >= MAX_PATTERNS {
                cache.clear();
            }
            let compiled = regex::Regex::new(&prepare_regex(pattern, substring)).ok();
            cache.insert(key.clone(), compiled);
        }
        cache.get(&key).and_then(Option::as_ref).is_some_and(|r| r.is_match(text))
    })
}

/// Translates an I-Regexp (RFC 9485) into the syntax of the `regex` crate, as jsonpath-rust
/// 1.0.12 does (`query/test_function.rs`, MIT licence): an I-Regexp `.` matches any
/// character except `\n` and `\r`, so `.` outside a character class becomes `[^\n\r]`;
/// for `match()` the whole pattern is anchored.
fn prepare_regex(pattern: &str, substring: bool) -> String {
    let mut translated = String::with_capacity(pattern.len());
    let mut chars = pattern.chars();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                translated.push(c);
                if let Some(escaped) = chars.next() {
                    translated.push(escaped);
                }
            }
            '[' if !in_class => {
                in_class = true;
                translated.push(c);
            }
            ']' if in_class => {
                in_class = false;
                translated.push(c);
            }
            '.' if !in_class => translated.push_str(r"[^\n\r]"),
            _ => translated.push(c),
        }
    }
    if substring { translated } else { format!("^(?:{translated})$") }
}

/// What [`walk`] meets inside a query's filters, in the order it meets them. Every hook does
/// nothing by default.
pub(super) trait Visitor {
    /// An absolute query inside a filter (`$.vpcs[*]` in `count($.vpcs[*])`), before its own
    /// segments are walked.
    fn absolute(&mut self, _query: &JpQuery) {}
    /// A singular absolute query compared in a filter (`$.path` in `@.path == $.path`).
    fn singular_root(&mut self, _segments: &[SingularQuerySegment]) {}
    /// A function call, after its arguments have been walked.
    fn function(&mut self, _call: &mut TestFunction) {}
}

/// Walks the filters of every segment of `query`, down to the queries, comparisons and
/// function calls nested in them, calling `visitor` on each. One walk serves the rewrite
/// below and the lists a user rule reads ([`super::query`]), so both see the same nodes.
pub(super) fn walk(query: &mut JpQuery, visitor: &mut impl Visitor) {
    for s in &mut query.segments {
        in_segment(s, visitor);
    }
}

fn in_segment(s: &mut Segment, v: &mut impl Visitor) {
    match s {
        Segment::Descendant(inner) => in_segment(inner, v),
        Segment::Selector(sel) => in_selector(sel, v),
        Segment::Selectors(sels) => sels.iter_mut().for_each(|sel| in_selector(sel, v)),
    }
}

fn in_selector(s: &mut Selector, v: &mut impl Visitor) {
    if let Selector::Filter(f) = s {
        in_filter(f, v);
    }
}

fn in_filter(f: &mut Filter, v: &mut impl Visitor) {
    match f {
        Filter::Or(fs) | Filter::And(fs) => fs.iter_mut().for_each(|f| in_filter(f, v)),
        Filter::Atom(FilterAtom::Filter { expr, .. }) => in_filter(expr, v),
        Filter::Atom(FilterAtom::Test { expr, .. }) => in_test(expr, v),
        Filter::Atom(FilterAtom::Comparison(c)) => {
            let (a, b) = match c.as_mut() {
                Comparison::Eq(a, b)
                | Comparison::Ne(a, b)
                | Comparison::Gt(a, b)
                | Comparison::Gte(a, b)
                | Comparison::Lt(a, b)
                | Comparison::Lte(a, b) => (a, b),
            };
            in_comparable(a, v);
            in_comparable(b, v);
        }
    }
}

fn in_comparable(c: &mut Comparable, v: &mut impl Visitor) {
    match c {
        Comparable::Function(f) => in_function(f, v),
        Comparable::SingularQuery(SingularQuery::Root(segments)) => v.singular_root(segments),
        Comparable::Literal(_) | Comparable::SingularQuery(SingularQuery::Current(_)) => {}
    }
}

fn in_test(t: &mut Test, v: &mut impl Visitor) {
    match t {
        Test::RelQuery(segments) => segments.iter_mut().for_each(|s| in_segment(s, v)),
        Test::AbsQuery(q) => {
            v.absolute(q);
            walk(q, v);
        }
        Test::Function(f) => in_function(f, v),
    }
}

fn in_arg(a: &mut FnArg, v: &mut impl Visitor) {
    match a {
        FnArg::Literal(_) => {}
        FnArg::Test(t) => in_test(t, v),
        FnArg::Filter(f) => in_filter(f, v),
    }
}

fn in_function(f: &mut TestFunction, v: &mut impl Visitor) {
    match f {
        TestFunction::Custom(_, args) => args.iter_mut().for_each(|a| in_arg(a, v)),
        TestFunction::Length(a) => in_arg(a, v),
        TestFunction::Value(a) | TestFunction::Count(a) => in_arg(a, v),
        TestFunction::Search(a, b) | TestFunction::Match(a, b) => {
            in_arg(a, v);
            in_arg(b, v);
        }
    }
    v.function(f);
}

/// `query` with every `match()` and `search()` whose arguments are literals or singular
/// queries turned into the calls [`Doc`] answers with compiled patterns.
pub fn rewrite(query: &mut JpQuery) {
    walk(query, &mut Rewrite);
}

struct Rewrite;

impl Visitor for Rewrite {
    fn function(&mut self, f: &mut TestFunction) {
        let call = match f {
            TestFunction::Match(a, b) if one_value(a) && one_value(b) => Some((MATCH, a.clone(), b.clone())),
            TestFunction::Search(a, b) if one_value(a) && one_value(b) => Some((SEARCH, a.clone(), b.clone())),
            _ => None,
        };
        if let Some((name, a, b)) = call {
            *f = TestFunction::Custom(name.to_string(), vec![a, b]);
        }
    }
}

/// Whether an argument gives at most one value, as a function sees it: a literal, or a
/// query of names and indexes (jsonpath-rust gives one node for it, or none).
fn one_value(a: &FnArg) -> bool {
    let singular = |segments: &[Segment]| {
        segments.iter().all(|s| matches!(s, Segment::Selector(Selector::Name(_) | Selector::Index(_))))
    };
    match a {
        FnArg::Literal(Literal::String(_) | Literal::Int(_) | Literal::Float(_) | Literal::Bool(_) | Literal::Null) => {
            true
        }
        FnArg::Test(t) => match t.as_ref() {
            Test::RelQuery(segments) => singular(segments),
            Test::AbsQuery(q) => singular(&q.segments),
            Test::Function(_) => false,
        },
        FnArg::Filter(_) => false,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;

    fn paths_value(q: &str, v: &Value) -> Vec<String> {
        let q = jsonpath_rust::parser::parse_json_path(q).unwrap();
        jsonpath_rust::query::js_path_process(&q, v).unwrap().into_iter().map(|r| r.path).collect()
    }

    fn paths_doc(q: &str, d: &Doc) -> (Vec<String>, bool) {
        let mut parsed = jsonpath_rust::parser::parse_json_path(q).unwrap();
        let before = parsed.clone();
        rewrite(&mut parsed);
        let paths = jsonpath_rust::query::js_path_process(&parsed, d).unwrap().into_iter().map(|r| r.path).collect();
        (paths, parsed != before)
    }

    /// Every query matches the same nodes on the document as on serde_json's value, with
    /// and without the rewrite; the regular-expression calls with literal or singular
    /// arguments are rewritten, the others are not.
    #[test]
    fn queries_match_the_same_nodes_as_on_serde_json() {
        let v = serde_json::json!({
            "path": "t.yaml",
            "n": 1,
            "subnets": [
                {"name": "A", "cidr": "10.0.1.0/24", "tier": "private", "n": 1, "f": 1.0, "tags": ["x", "y"], "o": {"a": 1}},
                {"name": "B", "cidr": "192.168.1.0/24", "tier": "public", "n": 2.5, "f": 1, "tags": ["x"], "o": {"a": 1.0}},
                {"name": "C", "cidr": {"unknown": true}, "tier": null, "n": -3, "tags": [], "line\r": "a\rb"},
                {"name": "D\ne", "cidr": "10.1.0.0/16", "tier": "private", "n": 18446744073709551615u64, "tags": ["10.0.0.0"]}
            ],
            "patterns": ["^1", "[", "B"]
        });
        let d = Doc::from(v.clone());
        let rewritten = [
            "$.subnets[?match(@.cidr, '10[.].*')]",
            "$.subnets[?search(@.cidr, '^[0-9]') && !match(@.cidr, '10[.].*')]",
            "$.subnets[?search(@.name, 'a|b|B')]",
            "$.subnets[?match(@.name, 'a|B')]",
            "$.subnets[?match(@.name, 'D.e')]",
            "$.subnets[?match(@['line\\r'], 'a.b')]",
            "$.subnets[?search(@.cidr, $.patterns[0])]",
            "$.subnets[?search(@.name, $.patterns[1])]",
            "$.subnets[?search(@.name, $.patterns[2])]",
            "$.subnets[?search(@.nope, '.')]",
            "$.subnets[?search(@.cidr, @.nope)]",
            "$.subnets[?!search(@.n, '1')]",
            "$.subnets[?search(@.tags[0], 'x')]",
            "$.subnets[?search(@.tags[-1], 'y')]",
            "$.subnets[?search('abc', 'b') && @.n > 0]",
            "$.subnets[?search(@, 'A')]",
            "$.subnets[?match(@.cidr, '[0-9.]+/2[0-9]')]",
            "$.subnets[?match(@.cidr, '10\\\\..*')]",
            "$..[?search(@.cidr, '^10')]",
            "$.subnets[?@.tags[?search(@, 'x')]]",
            "$.subnets[?count(@.tags[?match(@, 'y')]) == 1]",
            "$.subnets[?match(@.cidr, 1)]",
            "$.subnets[?match(@.cidr, null)]",
        ];
        let kept = [
            "$.subnets[?search(@.tags[*], 'x')]",
            "$.subnets[?match(@..name, 'A')]",
            "$.subnets[?search(value(@.tags[*]), 'x')]",
            "$.subnets[?search(@.name, $.patterns[*])]",
        ];
        let plain = [
            "$.subnets[?@.n == 1]",
            "$.subnets[?@.f == 1]",
            "$.subnets[?@.o == $.subnets[0].o]",
            "$.subnets[?@.n < 2]",
            "$.subnets[?@.cidr > '10']",
            "$.subnets[?@.tier == null]",
            "$.subnets[?@.cidr.unknown == true]",
            "$.subnets[?in(@.name, $.patterns)]",
            "$.subnets[?nin(@.name, $.patterns)]",
            "$.subnets[?any_of(@.tags, $.patterns)]",
            "$.subnets[?length(@.tags) > 1]",
            "$.subnets[?length(@) > 6]",
            "$.subnets[?@.tags == @.tags]",
            "$.subnets[1:3]",
            "$.subnets[::-1].name",
            "$..n",
            "$.*",
            "$[?@.n]",
            "$.subnets[*].o.*",
        ];
        for (list, changed) in [(&rewritten[..], true), (&kept[..], false), (&plain[..], false)] {
            for q in list {
                let expected = paths_value(q, &v);
                let (got, was_rewritten) = paths_doc(q, &d);
                assert_eq!(got, expected, "{q}");
                assert_eq!(was_rewritten, changed, "{q}");
            }
        }
        // The answers are not all empty: the comparison would hold for a broken query too.
        assert_eq!(paths_value(rewritten[0], &v), ["$['subnets'][0]", "$['subnets'][3]"]);
        assert_eq!(paths_value(rewritten[1], &v), ["$['subnets'][1]"]);
    }

    /// The pattern of each call is compiled once per thread, whatever the number of
    /// objects tested.
    #[test]
    fn a_pattern_is_compiled_once() {
        PATTERNS.with(|c| c.borrow_mut().clear());
        for i in 0..100 {
            assert!(matches(&format!("10.{i}.0.0/16"), "10[.].*", false));
            assert!(!matches("192.168.0.0/16", "10[.].*", false));
            assert!(!matches("x", "[", true));
        }
        PATTERNS.with(|c| assert_eq!(c.borrow().len(), 2));
    }
}
