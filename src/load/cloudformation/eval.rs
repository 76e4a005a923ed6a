//! CloudFormation intrinsic functions, evaluated statically.
//!
//! `Ref` and `Fn::GetAtt` resolve to logical ids; parameters resolve to their `Default`;
//! `Fn::Sub` and `Fn::Join` keep `${AWS::Region}` as a symbolic piece so service names
//! such as `com.amazonaws.${AWS::Region}.s3` are recognised; conditions are evaluated with
//! parameter defaults, and an `Fn::If` whose condition cannot be decided yields both
//! branches. Whatever cannot be known (`Fn::ImportValue`, `Fn::GetAZs`, a parameter
//! without default) is [`V::Unknown`] or [`V::External`], never a guess.
//!
//! This file holds the evaluator (values, the template's names, `Ref`, `Fn::GetAtt`,
//! conditions and the work budget); `eval/functions.rs` the functions that build and pick
//! values (`Fn::Sub`, `Fn::Join`, `Fn::Select`, `Fn::If`, `Fn::FindInMap`, `Fn::Cidr`).

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use crate::model::External;
use crate::model::derived::Tri;
use crate::syntax::tree::{Kind, NodeId, Range, Tree};

mod functions;

/// Evaluation stops after this many nested intrinsic calls (hostile input, cycles).
const MAX_EVAL_DEPTH: u32 = 48;

/// Evaluation of one template stops after this much work: one unit per node evaluated,
/// per list item made from a parameter, and per 64 bytes of string built. Values are not
/// memoised, so a chain of resources whose properties each refer to the previous one
/// twice (`[!GetAtt A.CidrBlock, !GetAtt A.CidrBlock]`) takes time exponential in its
/// length; this bounds it. Real templates stay far below (at most ~300 units across the
/// shared corpus's 914 templates).
const MAX_EVAL_WORK: u64 = 1_000_000;

/// A piece of a string built by `Fn::Sub` or `Fn::Join`.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Lit(String),
    /// `${AWS::Region}`: the region the stack is deployed in.
    Region,
    Unknown,
}

/// A statically evaluated CloudFormation value.
#[derive(Debug, Clone, PartialEq)]
pub enum V<'t> {
    Null,
    Bool(bool),
    Num(Cow<'t, str>),
    Str(Cow<'t, str>),
    /// A string with symbolic or unknown pieces.
    Sym(Vec<Piece>),
    List(Vec<Item<'t>>),
    /// A mapping literal (policy documents, nested property objects).
    Obj(NodeId),
    /// `Ref` to a resource: its physical id.
    Res(usize),
    /// `Fn::GetAtt` of a resource attribute that is not resolved to a value.
    Att(usize, String),
    /// Outside the template: an import or a parameter without default (or of an SSM type).
    External(External),
    /// One of these; which depends on a condition that cannot be decided statically.
    OneOf(Vec<V<'t>>),
    Unknown,
    /// `Ref: AWS::NoValue`: the property is removed.
    NoValue,
}

/// A list element with its node, for element spans.
#[derive(Debug, Clone, PartialEq)]
pub struct Item<'t> {
    pub v: V<'t>,
    pub node: NodeId,
}

/// A template problem noticed while evaluating (reported as VPC001).
#[derive(Debug, Clone, PartialEq)]
pub struct EvalProblem {
    pub range: Range,
    pub message: String,
    /// The resource being read when the problem was noticed.
    pub resource: Option<String>,
}

/// A declared resource, as the evaluator needs it.
#[derive(Debug, Clone)]
pub struct Res<'t> {
    pub name: &'t str,
    pub key_range: Range,
    pub type_name: Option<&'t str>,
    pub properties: Option<NodeId>,
    /// Whether the resource's `Condition` holds (Yes when it has none).
    pub exists: Tri,
}

/// A template's parameters, mappings, conditions and resources, with the evaluator.
pub struct Template<'t, 'a> {
    pub tree: &'t Tree<'a>,
    pub resources: Vec<Res<'t>>,
    pub by_name: HashMap<&'t str, usize>,
    params: HashMap<&'t str, (Option<NodeId>, Option<&'t str>)>,
    mappings: Option<NodeId>,
    conditions: HashMap<&'t str, NodeId>,
    cond_cache: RefCell<HashMap<String, Tri>>,
    cond_active: RefCell<Vec<String>>,
    att_active: RefCell<Vec<(usize, String)>>,
    pub problems: RefCell<Vec<EvalProblem>>,
    /// The resource the loader is reading, for naming problems.
    pub current: std::cell::Cell<Option<usize>>,
    reported: RefCell<std::collections::HashSet<u32>>,
    /// Work done so far, against [`MAX_EVAL_WORK`].
    work: Cell<u64>,
    /// Parameters whose defaults decided each condition, by condition name.
    cond_params: RefCell<HashMap<String, Assumed>>,
    /// Parameters read while conditions are being evaluated (one frame per condition).
    collecting: RefCell<Vec<Assumed>>,
    /// Parameters whose defaults decided a condition that made resource `i` exist or chose
    /// a branch of an `Fn::If` in its properties.
    assumed: RefCell<HashMap<usize, Assumed>>,
}

/// Parameters taken at their defaults: (name, default as text), sorted, without repeats.
pub type Assumed = Vec<(String, String)>;

fn merge_assumed(into: &mut Assumed, from: &[(String, String)]) {
    for a in from {
        if let Err(at) = into.binary_search(a) {
            into.insert(at, a.clone());
        }
    }
}

impl<'t, 'a> Template<'t, 'a> {
    /// Reads the sections of a template whose root is `root`.
    pub fn new(tree: &'t Tree<'a>, root: NodeId) -> Template<'t, 'a> {
        let mut params = HashMap::new();
        if let Some(entries) = tree.get(root, "Parameters").and_then(|p| tree.entries(p)) {
            params.reserve(entries.len());
            for e in entries {
                let default = tree.get(e.value, "Default");
                let ty = tree.get(e.value, "Type").and_then(|t| tree.str(t));
                params.insert(e.key.as_ref(), (default, ty));
            }
        }
        let mut conditions = HashMap::new();
        if let Some(entries) = tree.get(root, "Conditions").and_then(|c| tree.entries(c)) {
            conditions.reserve(entries.len());
            for e in entries {
                conditions.insert(e.key.as_ref(), e.value);
            }
        }
        Template {
            tree,
            resources: Vec::new(),
            by_name: HashMap::new(),
            params,
            mappings: tree.get(root, "Mappings"),
            conditions,
            cond_cache: RefCell::new(HashMap::new()),
            cond_active: RefCell::new(Vec::new()),
            att_active: RefCell::new(Vec::new()),
            problems: RefCell::new(Vec::new()),
            current: std::cell::Cell::new(None),
            reported: RefCell::new(Default::default()),
            work: Cell::new(0),
            cond_params: RefCell::new(HashMap::new()),
            collecting: RefCell::new(Vec::new()),
            assumed: RefCell::new(HashMap::new()),
        }
    }

    /// The parameters whose defaults decided the conditions resource `i` depends on (its own
    /// `Condition`, and the `Fn::If`s read in its properties so far).
    pub fn assumed(&self, i: usize) -> Assumed {
        self.assumed.borrow().get(&i).cloned().unwrap_or_default()
    }

    /// Records that resource `i` depends on condition `name`, when parameter defaults
    /// decided it.
    pub fn depends_on_condition(&self, i: usize, name: &str) {
        let cond_params = self.cond_params.borrow();
        if let Some(params) = cond_params.get(name).filter(|p| !p.is_empty()) {
            merge_assumed(self.assumed.borrow_mut().entry(i).or_default(), params);
        }
    }

    /// Makes room for `n` more resources.
    pub fn reserve(&mut self, n: usize) {
        self.resources.reserve(n);
        self.by_name.reserve(n);
    }

    /// Registers a resource; returns its index.
    pub fn add_resource(&mut self, res: Res<'t>) -> usize {
        let i = self.resources.len();
        self.by_name.insert(res.name, i);
        self.resources.push(res);
        i
    }

    /// Records a problem once per node.
    pub fn problem(&self, range: Range, message: String) {
        if self.reported.borrow_mut().insert(range.start) {
            let resource = self.current.get().and_then(|i| self.resources.get(i)).map(|r| r.name.to_string());
            self.problems.borrow_mut().push(EvalProblem { range, message, resource });
        }
    }

    /// The value of property `key` of resource `res`, if written.
    pub fn prop(&self, res: usize, key: &str) -> Option<NodeId> {
        let props = self.resources.get(res)?.properties?;
        self.tree.get(props, key)
    }

    /// Evaluates a node.
    pub fn eval(&self, node: NodeId) -> V<'t> {
        self.eval_at(node, 0)
    }

    fn eval_at(&self, node: NodeId, depth: u32) -> V<'t> {
        if depth > MAX_EVAL_DEPTH {
            self.problem(self.tree.node(node).range, "intrinsic functions nest too deeply to evaluate".to_string());
            return V::Unknown;
        }
        if !self.charge(1, Some(node)) {
            return V::Unknown;
        }
        let tree = self.tree;
        match &tree.node(node).kind {
            Kind::Null => V::Null,
            Kind::Bool(b) => V::Bool(*b),
            Kind::Number(n) => V::Num(Cow::Borrowed(n.as_ref())),
            // A dynamic reference (`{{resolve:ssm:name}}`, `{{resolve:secretsmanager:...}}`)
            // is resolved by CloudFormation at deploy time.
            Kind::Str(s) if s.contains("{{resolve:") => V::Unknown,
            Kind::Str(s) => V::Str(Cow::Borrowed(s.as_ref())),
            Kind::Seq(items) => {
                V::List(items.iter().map(|&i| Item { v: self.eval_at(i, depth + 1), node: i }).collect())
            }
            Kind::Map(entries) => {
                if entries.len() != 1 {
                    return V::Obj(node);
                }
                let Some(e) = entries.first() else { return V::Obj(node) };
                match e.key.as_ref() {
                    "Ref" => self.eval_ref(e.value, depth),
                    "Fn::GetAtt" => self.eval_getatt(e.value, depth),
                    "Fn::Sub" => self.eval_sub(e.value, depth),
                    "Fn::Join" => self.eval_join(e.value, depth),
                    "Fn::Select" => self.eval_select(e.value, depth),
                    "Fn::If" => self.eval_if(e.value, depth),
                    "Fn::FindInMap" => self.eval_find_in_map(e.value, depth),
                    "Fn::Cidr" => self.eval_cidr(e.value, depth),
                    "Fn::ImportValue" => {
                        let name = self.string_of(&self.eval_at(e.value, depth + 1));
                        V::External(External::Import(name))
                    }
                    "Fn::GetAZs" | "Fn::Base64" | "Fn::Split" | "Fn::Transform" | "Fn::Length" | "Fn::ToJsonString"
                    | "Fn::GetStackOutput" => V::Unknown,
                    _ => V::Obj(node),
                }
            }
        }
    }

    fn eval_ref(&self, arg: NodeId, depth: u32) -> V<'t> {
        let Some(name) = self.tree.str(arg) else {
            self.problem(self.tree.node(arg).range, "`Ref` needs the name of a parameter or resource".to_string());
            return V::Unknown;
        };
        match name {
            "AWS::NoValue" => return V::NoValue,
            "AWS::Region" => return V::Sym(vec![Piece::Region]),
            n if n.starts_with("AWS::") => return V::Unknown,
            _ => {}
        }
        self.ref_value(name, depth).unwrap_or_else(|| {
            self.problem(
                self.tree.node(arg).range,
                format!("`Ref` to `{name}`, which is not a parameter or resource of this template"),
            );
            V::Unknown
        })
    }

    /// The value of resource or parameter `name` (its `Ref`, or `${name}` in `Fn::Sub`);
    /// `None` when the template has neither. A parameter at its default is noted as an
    /// assumption of the value being evaluated.
    pub(super) fn ref_value(&self, name: &str, depth: u32) -> Option<V<'t>> {
        if let Some(&i) = self.by_name.get(name) {
            return Some(match self.resources.get(i).map(|r| r.exists) {
                Some(Tri::No) => V::NoValue,
                _ => V::Res(i),
            });
        }
        let &(default, ty) = self.params.get(name)?;
        if let (Some(d), Some(frame)) = (default, self.collecting.borrow_mut().last_mut()) {
            let text = match &self.tree.node(d).kind {
                Kind::Str(s) | Kind::Number(s) => s.to_string(),
                Kind::Bool(b) => b.to_string(),
                _ => "its default".to_string(),
            };
            merge_assumed(frame, &[(name.to_string(), text)]);
        }
        // An SSM parameter type's `Default` is the name of the SSM parameter to read at
        // deploy time, not its value.
        if ty.is_some_and(|t| t.starts_with("AWS::SSM::Parameter::Value<")) {
            return Some(V::External(External::Parameter { name: name.to_string(), ssm: true }));
        }
        let Some(d) = default else {
            return Some(V::External(External::Parameter { name: name.to_string(), ssm: false }));
        };
        let v = self.eval_at(d, depth + 1);
        // CommaDelimitedList and List<...> defaults are comma-separated strings
        Some(match (ty, &v) {
            (Some(t), V::Str(s)) if t == "CommaDelimitedList" || t.starts_with("List<") => {
                let items = s.split(',').count() as u64;
                if !self.charge(items.saturating_add(s.len() as u64 / 64), Some(d)) {
                    return Some(V::Unknown);
                }
                V::List(s.split(',').map(|p| Item { v: V::Str(Cow::Owned(p.trim().to_string())), node: d }).collect())
            }
            _ => v,
        })
    }

    /// `Fn::GetAtt`: list form `[Res, Attr]` or dotted string `Res.Attr`.
    fn eval_getatt(&self, arg: NodeId, depth: u32) -> V<'t> {
        let (res, attr): (String, String) = if let Some(s) = self.tree.str(arg) {
            match s.split_once('.') {
                Some((r, a)) => (r.to_string(), a.to_string()),
                None => {
                    self.problem(self.tree.node(arg).range, "`Fn::GetAtt` needs `Resource.Attribute`".to_string());
                    return V::Unknown;
                }
            }
        } else if let Some(items) = self.tree.items(arg) {
            let r = items.first().and_then(|&n| self.tree.str(n));
            let a = items.get(1).map(|&n| self.eval_at(n, depth + 1));
            match (r, a.as_ref().and_then(|a| self.string_of(a))) {
                (Some(r), Some(a)) if items.len() == 2 => (r.to_string(), a),
                _ => {
                    self.problem(self.tree.node(arg).range, "`Fn::GetAtt` needs `[Resource, Attribute]`".to_string());
                    return V::Unknown;
                }
            }
        } else {
            self.problem(self.tree.node(arg).range, "`Fn::GetAtt` needs `[Resource, Attribute]`".to_string());
            return V::Unknown;
        };
        let Some(&i) = self.by_name.get(res.as_str()) else {
            self.problem(
                self.tree.node(arg).range,
                format!("`Fn::GetAtt` of `{res}`, which is not a resource of this template"),
            );
            return V::Unknown;
        };
        self.getatt_value(i, &attr, arg, depth)
    }

    /// Attribute `attr` of resource `i` (`Fn::GetAtt`, or `${Res.Attr}` in `Fn::Sub`).
    /// Attributes that mirror a property are resolved to the property's value; a resource
    /// that cannot exist (its condition is false) has no value.
    fn getatt_value(&self, i: usize, attr: &str, at: NodeId, depth: u32) -> V<'t> {
        if self.resources.get(i).map(|r| r.exists) == Some(Tri::No) {
            return V::NoValue;
        }
        let ty = self.resources.get(i).and_then(|r| r.type_name).unwrap_or("");
        let mirrored = match (ty, attr) {
            ("AWS::EC2::VPC", "CidrBlock") => Some("CidrBlock"),
            ("AWS::EC2::Subnet", "VpcId") | ("AWS::EC2::SecurityGroup", "VpcId") => Some("VpcId"),
            ("AWS::EC2::Subnet", "CidrBlock") => Some("CidrBlock"),
            ("AWS::EC2::Subnet", "AvailabilityZone") => Some("AvailabilityZone"),
            _ => None,
        };
        if let Some(prop) = mirrored {
            let key = (i, attr.to_string());
            if self.att_active.borrow().contains(&key) {
                let name = self.resources.get(i).map_or("", |r| r.name);
                self.problem(self.tree.node(at).range, format!("circular reference through `{name}.{attr}`"));
                return V::Unknown;
            }
            let Some(node) = self.prop(i, prop) else { return V::Unknown };
            self.att_active.borrow_mut().push(key);
            let v = self.eval_at(node, depth + 1);
            self.att_active.borrow_mut().pop();
            return v;
        }
        match (ty, attr) {
            ("AWS::EC2::VPC", "VpcId")
            | ("AWS::EC2::Subnet", "SubnetId")
            | ("AWS::EC2::SecurityGroup", "GroupId")
            | ("AWS::EC2::RouteTable", "RouteTableId")
            | ("AWS::EC2::VPCEndpoint", "Id")
            | ("AWS::EC2::NatGateway", "NatGatewayId")
            | ("AWS::EC2::InternetGateway", "InternetGatewayId")
            | ("AWS::EC2::NetworkAcl", "Id") => V::Res(i),
            _ => V::Att(i, attr.to_string()),
        }
    }

    /// Evaluates `node`, returning with the value the parameters it took at their defaults
    /// (directly or through conditions), so a finding about the value can say so.
    pub fn eval_noting_defaults(&self, node: NodeId) -> (V<'t>, Assumed) {
        self.collecting.borrow_mut().push(Vec::new());
        let v = self.eval(node);
        let params = self.collecting.borrow_mut().pop().unwrap_or_default();
        if let Some(frame) = self.collecting.borrow_mut().last_mut() {
            merge_assumed(frame, &params);
        }
        (v, params)
    }

    /// Evaluates the named condition with parameter defaults.
    pub fn condition(&self, name: &str, at: NodeId) -> Tri {
        if let Some(&t) = self.cond_cache.borrow().get(name) {
            // A condition used inside another one: the outer one rests on the same defaults.
            if let Some(frame) = self.collecting.borrow_mut().last_mut() {
                merge_assumed(frame, self.cond_params.borrow().get(name).map_or(&[][..], |v| &v[..]));
            }
            return t;
        }
        let Some(&node) = self.conditions.get(name) else {
            self.problem(self.tree.node(at).range, format!("condition `{name}` is not defined in `Conditions`"));
            return Tri::Maybe;
        };
        if self.cond_active.borrow().iter().any(|c| c == name) {
            self.problem(self.tree.node(at).range, format!("condition `{name}` depends on itself"));
            return Tri::Maybe;
        }
        self.cond_active.borrow_mut().push(name.to_string());
        self.collecting.borrow_mut().push(Vec::new());
        let t = self.eval_condition(node, 0);
        let params = self.collecting.borrow_mut().pop().unwrap_or_default();
        self.cond_active.borrow_mut().pop();
        self.cond_cache.borrow_mut().insert(name.to_string(), t);
        if let Some(frame) = self.collecting.borrow_mut().last_mut() {
            merge_assumed(frame, &params);
        }
        // Only a decided condition rests on the defaults; an undecided one yields both
        // branches.
        if t != Tri::Maybe {
            self.cond_params.borrow_mut().insert(name.to_string(), params);
        }
        t
    }

    fn eval_condition(&self, node: NodeId, depth: u32) -> Tri {
        if depth > MAX_EVAL_DEPTH {
            return Tri::Maybe;
        }
        let tree = self.tree;
        if let Kind::Bool(b) = tree.node(node).kind {
            return if b { Tri::Yes } else { Tri::No };
        }
        let Some([e]) = tree.entries(node) else { return Tri::Maybe };
        let args = tree.items(e.value).unwrap_or(&[]);
        match e.key.as_ref() {
            "Fn::Equals" => {
                let (Some(&a), Some(&b)) = (args.first(), args.get(1)) else { return Tri::Maybe };
                let (a, b) = (self.eval_at(a, depth + 1), self.eval_at(b, depth + 1));
                match (self.string_of(&a), self.string_of(&b)) {
                    (Some(x), Some(y)) => {
                        if x == y {
                            Tri::Yes
                        } else {
                            Tri::No
                        }
                    }
                    _ => Tri::Maybe,
                }
            }
            "Fn::Not" => match args.first().map(|&a| self.eval_condition(a, depth + 1)) {
                Some(Tri::Yes) => Tri::No,
                Some(Tri::No) => Tri::Yes,
                _ => Tri::Maybe,
            },
            "Fn::And" | "Fn::Or" => {
                // Every operand is evaluated (each may note parameters or problems). One
                // operand false decides `Fn::And`, one true decides `Fn::Or`; all operands
                // certain the other way give that value.
                let ts: Vec<Tri> = args.iter().map(|&a| self.eval_condition(a, depth + 1)).collect();
                let (decides, otherwise) = if e.key == "Fn::And" { (Tri::No, Tri::Yes) } else { (Tri::Yes, Tri::No) };
                if ts.contains(&decides) {
                    decides
                } else if ts.iter().all(|t| *t == otherwise) {
                    otherwise
                } else {
                    Tri::Maybe
                }
            }
            "Condition" => match tree.str(e.value) {
                Some(name) => self.condition(name, e.value),
                None => Tri::Maybe,
            },
            _ => Tri::Maybe,
        }
    }

    /// Adds `units` of work; false once the budget is spent. The first time, a problem
    /// is reported at `at`, or else at the resource being read.
    fn charge(&self, units: u64, at: Option<NodeId>) -> bool {
        let before = self.work.get();
        let after = before.saturating_add(units);
        self.work.set(after);
        if after <= MAX_EVAL_WORK {
            return true;
        }
        if before <= MAX_EVAL_WORK {
            let range = match at {
                Some(node) => self.tree.node(node).range,
                None => {
                    self.current.get().and_then(|i| self.resources.get(i)).map_or_else(Range::default, |r| r.key_range)
                }
            };
            self.problem(
                range,
                "intrinsic functions here take too much work to evaluate (references that fan out, \
                 repeated many times); this value and the ones after it are unknown"
                    .to_string(),
            );
        }
        false
    }

    /// `Fn::Select [i, Fn::GetAZs region]` at `node`: the name of the zone list (`Fn::GetAZs ""`
    /// for the stack's region, whether written `""` or `!Ref AWS::Region`, else
    /// `Fn::GetAZs <region>`) and the index. `Fn::GetAZs` itself is unknown before deployment,
    /// but the same index of one list is the same zone.
    pub fn zone_index(&self, node: NodeId) -> Option<(String, u32)> {
        let select = self.single_call(node, "Fn::Select")?;
        let items = self.tree.items(select)?;
        let (Some(&i), Some(&list), None) = (items.first(), items.get(1), items.get(2)) else { return None };
        let index = match self.eval(i) {
            V::Num(n) | V::Str(n) => n.trim().parse::<u32>().ok()?,
            _ => return None,
        };
        let region = self.single_call(list, "Fn::GetAZs")?;
        let list = match self.eval(region) {
            V::Sym(pieces) if pieces == [Piece::Region] => "Fn::GetAZs \"\"".to_string(),
            V::Str(r) if r.is_empty() => "Fn::GetAZs \"\"".to_string(),
            V::Str(r) => format!("Fn::GetAZs {r}"),
            _ => return None,
        };
        Some((list, index))
    }

    /// The argument of `node` when it is the one-key mapping `{name: argument}`.
    fn single_call(&self, node: NodeId, name: &str) -> Option<NodeId> {
        match self.tree.entries(node)? {
            [e] if e.key == name => Some(e.value),
            _ => None,
        }
    }

    /// The text of a fully known scalar value.
    pub fn string_of(&self, v: &V<'t>) -> Option<String> {
        match v {
            V::Str(s) | V::Num(s) => Some(s.to_string()),
            V::Bool(b) => Some(b.to_string()),
            V::OneOf(options) if !options.is_empty() && options.windows(2).all(|w| w.first() == w.get(1)) => {
                options.first().and_then(|o| self.string_of(o))
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::load::{Loaded, Problem, load_text};
    use crate::source::FileId;

    fn problems(text: &str) -> Vec<Problem> {
        match load_text(text, FileId(0)) {
            Loaded::Model { problems, .. } => problems,
            _ => panic!("not loaded as a template"),
        }
    }

    fn too_much_work(problems: &[Problem]) -> bool {
        problems.iter().any(|p| p.message.contains("too much work"))
    }

    /// Subnets `S1..=Sn`, each `CidrBlock` built from `fanout` references to the previous
    /// one's, the way `property` writes them (`{}` is `S<i-1>`).
    fn chain(n: usize, fanout: usize, s0_cidr: &str, property: &str) -> String {
        let mut t =
            format!("Resources:\n  S0:\n    Type: AWS::EC2::Subnet\n    Properties: {{CidrBlock: {s0_cidr}}}\n");
        for i in 1..=n {
            let refs = vec![format!("!GetAtt S{}.CidrBlock", i - 1); fanout].join(", ");
            let value = property.replace("{}", &refs);
            t.push_str(&format!("  S{i}:\n    Type: AWS::EC2::Subnet\n    Properties: {{CidrBlock: {value}}}\n"));
        }
        t
    }

    #[test]
    fn an_attribute_of_a_resource_that_cannot_exist_is_no_value_in_getatt_and_sub() {
        // `Old` is never created: its attribute is no block, whichever way it is read.
        let text = "Conditions:\n  Never: !Equals [a, b]\nResources:\n  Old:\n    Type: AWS::EC2::VPC\n    Condition: Never\n    Properties: {CidrBlock: 10.9.0.0/16}\n  Live:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.8.0.0/16}\n  A:\n    Type: AWS::EC2::Subnet\n    Properties: {VpcId: !Ref Live, CidrBlock: !GetAtt Old.CidrBlock}\n  B:\n    Type: AWS::EC2::Subnet\n    Properties: {VpcId: !Ref Live, CidrBlock: !Sub '${Old.CidrBlock}'}\n  C:\n    Type: AWS::EC2::Subnet\n    Properties: {VpcId: !Ref Live, CidrBlock: !Sub '${Live.CidrBlock}'}\n";
        let Loaded::Model { model, .. } = load_text(text, FileId(0)) else { panic!("not loaded as a template") };
        let cidrs: Vec<Option<String>> = model.subnets.iter().map(|s| s.cidr.known().map(|c| c.to_string())).collect();
        assert_eq!(cidrs, [None, None, Some("10.8.0.0/16".to_string())]);
    }

    #[test]
    fn references_that_fan_out_stop_at_the_work_budget() {
        // 4^16 evaluations without the budget: this test would not finish.
        let text = chain(16, 4, "10.0.0.0/24", "!Select [0, [{}]]");
        assert!(too_much_work(&problems(&text)));
    }

    #[test]
    fn strings_that_double_stop_at_the_work_budget() {
        // Each subnet's CidrBlock joins two copies of the previous one: 2^16 * 8 KiB of text.
        let text = chain(16, 2, &"x".repeat(8192), "!Join ['', [{}]]");
        assert!(too_much_work(&problems(&text)));
    }

    #[test]
    fn list_parameters_referenced_many_times_stop_at_the_work_budget() {
        let default = vec!["a"; 50_000].join(",");
        let refs = vec!["!Ref P"; 2_000].join(", ");
        let text = format!(
            "Parameters:\n  P: {{Type: CommaDelimitedList, Default: '{default}'}}\nResources:\n  E:\n    \
             Type: AWS::EC2::VPCEndpoint\n    Properties: {{VpcId: v, ServiceName: s, SubnetIds: !Join [',', [{refs}]]}}\n"
        );
        assert!(too_much_work(&problems(&text)));
    }

    #[test]
    fn ordinary_templates_are_far_below_the_work_budget() {
        let text = chain(6, 2, "10.0.0.0/24", "!Select [0, [{}]]");
        assert!(!too_much_work(&problems(&text)));
        let example = include_str!("../../../testdata/examples/network.yaml");
        assert!(!too_much_work(&problems(example)));
    }
}
