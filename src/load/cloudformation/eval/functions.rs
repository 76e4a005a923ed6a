//! The intrinsic functions that build and pick values: `Fn::Sub` and `Fn::Join` (strings
//! built from pieces, `${AWS::Region}` kept symbolic), `Fn::Select`, `Fn::If`,
//! `Fn::FindInMap` and `Fn::Cidr`. `eval.rs` dispatches to them and holds what they share:
//! the template's names, `Ref` and `Fn::GetAtt`, conditions and the work budget.

use std::borrow::Cow;

use super::{Item, Piece, Template, V};
use crate::model::Cidr;
use crate::model::derived::Tri;
use crate::syntax::tree::NodeId;

impl<'t> Template<'t, '_> {
    pub(super) fn eval_sub(&self, arg: NodeId, depth: u32) -> V<'t> {
        let (template, vars) = if let Some(s) = self.tree.str(arg) {
            (s, None)
        } else if let Some(items) = self.tree.items(arg) {
            match (items.first().and_then(|&n| self.tree.str(n)), items.get(1)) {
                (Some(s), Some(&vars)) if items.len() == 2 => (s, Some(vars)),
                _ => {
                    self.problem(
                        self.tree.node(arg).range,
                        "`Fn::Sub` needs a string or `[string, variables]`".to_string(),
                    );
                    return V::Unknown;
                }
            }
        } else {
            self.problem(self.tree.node(arg).range, "`Fn::Sub` needs a string or `[string, variables]`".to_string());
            return V::Unknown;
        };
        let mut pieces = Vec::new();
        let mut rest = template;
        while let Some(open) = rest.find("${") {
            self.push_lit(&mut pieces, rest.get(..open).unwrap_or(""));
            let after = rest.get(open + 2..).unwrap_or("");
            let Some(close) = after.find('}') else {
                self.push_lit(&mut pieces, rest.get(open..).unwrap_or(""));
                rest = "";
                break;
            };
            let name = after.get(..close).unwrap_or("").trim();
            rest = after.get(close + 1..).unwrap_or("");
            if let Some(literal) = name.strip_prefix('!') {
                self.push_lit(&mut pieces, &format!("${{{literal}}}"));
                continue;
            }
            let v = if let Some(node) = vars.and_then(|v| self.tree.get(v, name)) {
                self.eval_at(node, depth + 1)
            } else if name == "AWS::Region" {
                V::Sym(vec![Piece::Region])
            } else if name.starts_with("AWS::") {
                V::Unknown
            } else if let Some((res, attr)) = name.split_once('.') {
                match self.by_name.get(res) {
                    Some(&i) => self.getatt_value(i, attr, arg, depth + 1),
                    None => {
                        self.problem(
                            self.tree.node(arg).range,
                            format!("`Fn::Sub` refers to `{res}`, which is not a resource of this template"),
                        );
                        V::Unknown
                    }
                }
            } else if let Some(v) = self.ref_value(name, depth) {
                v
            } else {
                self.problem(
                    self.tree.node(arg).range,
                    format!("`Fn::Sub` refers to `{name}`, which is not a parameter or resource of this template"),
                );
                V::Unknown
            };
            self.append_pieces(&mut pieces, &v);
        }
        self.push_lit(&mut pieces, rest);
        finish_pieces(pieces)
    }

    fn append_pieces(&self, pieces: &mut Vec<Piece>, v: &V<'t>) {
        match v {
            V::Str(s) | V::Num(s) => self.push_lit(pieces, s),
            V::Bool(b) => self.push_lit(pieces, if *b { "true" } else { "false" }),
            V::Sym(p) => {
                for piece in p {
                    match piece {
                        Piece::Lit(s) => self.push_lit(pieces, s),
                        other if self.charge(1, None) => pieces.push(other.clone()),
                        _ => push_unknown(pieces),
                    }
                }
            }
            V::OneOf(options) if options.windows(2).all(|w| w.first() == w.get(1)) => {
                if let Some(first) = options.first() {
                    self.append_pieces(pieces, first);
                }
            }
            _ => pieces.push(Piece::Unknown),
        }
    }

    pub(super) fn eval_join(&self, arg: NodeId, depth: u32) -> V<'t> {
        let Some(items) = self.tree.items(arg) else {
            self.problem(self.tree.node(arg).range, "`Fn::Join` needs `[delimiter, [values]]`".to_string());
            return V::Unknown;
        };
        let (Some(&d), Some(&list)) = (items.first(), items.get(1)) else {
            self.problem(self.tree.node(arg).range, "`Fn::Join` needs `[delimiter, [values]]`".to_string());
            return V::Unknown;
        };
        let delim = match self.eval_at(d, depth + 1) {
            V::Str(s) => s.into_owned(),
            _ => return V::Unknown,
        };
        let values = match self.eval_at(list, depth + 1) {
            V::List(values) => values,
            _ => return V::Unknown,
        };
        let mut pieces = Vec::new();
        for (i, item) in values.iter().filter(|i| i.v != V::NoValue).enumerate() {
            if i > 0 {
                self.push_lit(&mut pieces, &delim);
            }
            self.append_pieces(&mut pieces, &item.v);
        }
        finish_pieces(pieces)
    }

    pub(super) fn eval_select(&self, arg: NodeId, depth: u32) -> V<'t> {
        let Some(items) = self.tree.items(arg) else { return V::Unknown };
        let (Some(&i), Some(&list)) = (items.first(), items.get(1)) else { return V::Unknown };
        let index = match self.eval_at(i, depth + 1) {
            V::Num(n) | V::Str(n) => n.trim().parse::<usize>().ok(),
            _ => None,
        };
        let Some(index) = index else { return V::Unknown };
        match self.eval_at(list, depth + 1) {
            V::List(values) => match values.into_iter().nth(index) {
                Some(item) => item.v,
                None => {
                    self.problem(self.tree.node(arg).range, format!("`Fn::Select` index {index} is out of range"));
                    V::Unknown
                }
            },
            _ => V::Unknown,
        }
    }

    pub(super) fn eval_if(&self, arg: NodeId, depth: u32) -> V<'t> {
        let Some(items) = self.tree.items(arg) else { return V::Unknown };
        let (Some(&c), Some(&a), Some(&b)) = (items.first(), items.get(1), items.get(2)) else {
            self.problem(
                self.tree.node(arg).range,
                "`Fn::If` needs `[condition, value_if_true, value_if_false]`".to_string(),
            );
            return V::Unknown;
        };
        let Some(name) = self.tree.str(c) else { return V::Unknown };
        let decided = self.condition(name, c);
        if let Some(i) = self.current.get() {
            self.depends_on_condition(i, name);
        }
        match decided {
            Tri::Yes => self.eval_at(a, depth + 1),
            Tri::No => self.eval_at(b, depth + 1),
            Tri::Maybe => {
                let (x, y) = (self.eval_at(a, depth + 1), self.eval_at(b, depth + 1));
                if x == y { x } else { V::OneOf(vec![x, y]) }
            }
        }
    }

    pub(super) fn eval_find_in_map(&self, arg: NodeId, depth: u32) -> V<'t> {
        let Some([map, top, second]) = self.three_strings(arg, depth) else { return V::Unknown };
        let node = self
            .mappings
            .and_then(|m| self.tree.get(m, &map))
            .and_then(|m| self.tree.get(m, &top))
            .and_then(|m| self.tree.get(m, &second));
        match node {
            Some(n) => self.eval_at(n, depth + 1),
            None => V::Unknown,
        }
    }

    pub(super) fn eval_cidr(&self, arg: NodeId, depth: u32) -> V<'t> {
        let Some([block, count, bits]) = self.three_strings(arg, depth) else { return V::Unknown };
        let (Some(block), Ok(count), Ok(bits)) =
            (Cidr::parse(&block), count.trim().parse::<u32>(), bits.trim().parse::<u8>())
        else {
            return V::Unknown;
        };
        match block.split(count, bits) {
            Some(parts) => {
                V::List(parts.into_iter().map(|c| Item { v: V::Str(Cow::Owned(c.to_string())), node: arg }).collect())
            }
            None => {
                self.problem(
                    self.tree.node(arg).range,
                    format!("`Fn::Cidr` cannot split {block} into {count} blocks of {bits} host bits"),
                );
                V::Unknown
            }
        }
    }

    /// The first three items of list `arg` (the arguments of `Fn::FindInMap` and `Fn::Cidr`),
    /// evaluated as strings; `None` unless there are three and each is a known string. All
    /// of them are evaluated either way.
    fn three_strings(&self, arg: NodeId, depth: u32) -> Option<[String; 3]> {
        let items = self.tree.items(arg)?;
        let strings: Vec<Option<String>> =
            items.iter().take(3).map(|&n| self.string_of(&self.eval_at(n, depth + 1))).collect();
        match <[Option<String>; 3]>::try_from(strings) {
            Ok([Some(a), Some(b), Some(c)]) => Some([a, b, c]),
            _ => None,
        }
    }

    /// Appends literal text to a string being built, or an unknown piece once the work
    /// budget is spent.
    fn push_lit(&self, pieces: &mut Vec<Piece>, s: &str) {
        if s.is_empty() {
            return;
        }
        if !self.charge(1 + s.len() as u64 / 64, None) || s.contains("{{resolve:") {
            // Out of budget, or a dynamic reference resolved at deploy time.
            push_unknown(pieces);
            return;
        }
        if let Some(Piece::Lit(last)) = pieces.last_mut() {
            last.push_str(s);
        } else {
            pieces.push(Piece::Lit(s.to_string()));
        }
    }
}

/// Appends an unknown piece, unless the string already ends with one.
fn push_unknown(pieces: &mut Vec<Piece>) {
    if pieces.last() != Some(&Piece::Unknown) {
        pieces.push(Piece::Unknown);
    }
}

fn finish_pieces<'t>(pieces: Vec<Piece>) -> V<'t> {
    match pieces.as_slice() {
        [] => V::Str(Cow::Borrowed("")),
        [Piece::Lit(s)] => V::Str(Cow::Owned(s.clone())),
        _ => V::Sym(pieces),
    }
}
