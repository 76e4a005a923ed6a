//! Reading properties: values into attributes, references into links (with the checks that a reference names a resource of the right type).

use super::*;

impl<'t, 'a> Loader<'t, 'a> {
    pub(super) fn single_obj(&self, v: &V<'t>) -> Option<Obj> {
        match v {
            V::Res(i) | V::Att(i, _) => self.obj.get(*i).copied().flatten(),
            _ => None,
        }
    }

    pub(super) fn res_name(&self, i: usize) -> String {
        self.t.resources.get(i).map_or_else(String::new, |r| r.name.to_string())
    }

    /// Converts a value to a link, keeping only objects `want` accepts.
    pub(super) fn link<T: Copy + PartialEq>(
        &self,
        v: &V<'t>,
        want: &dyn Fn(&Self, &V<'t>, Obj) -> Option<T>,
    ) -> Link<T> {
        match v {
            V::Res(i) | V::Att(i, _) => match self.obj.get(*i).copied().flatten() {
                Some(o) => want(self, v, o).map_or_else(
                    || {
                        if let V::Res(i) = v {
                            self.wrong_reference(*i);
                        }
                        Link::Unknown
                    },
                    Link::To,
                ),
                None => {
                    if let V::Res(i) = v {
                        let ty = self.t.resources.get(*i).and_then(|r| r.type_name).unwrap_or("");
                        // A resource of a type vpclint does not model, in the template: its
                        // `Ref` is not an id a network property takes (a custom resource's
                        // may be: it returns whatever its code says).
                        if ty.starts_with("AWS::")
                            && ty != "AWS::CloudFormation::CustomResource"
                            && kind_of(ty).is_none()
                            && self.wrong_reference(*i)
                        {
                            return Link::Unknown;
                        }
                    }
                    Link::External(External::Resource(self.res_name(*i)))
                }
            },
            V::Str(s) | V::Num(s) => Link::External(External::Id(s.to_string())),
            V::External(s) => Link::External(s.clone()),
            V::NoValue | V::Null => Link::Absent,
            V::OneOf(options) => {
                let mut ids = Vec::new();
                for o in options {
                    match self.link(o, want) {
                        Link::To(t) => {
                            if !ids.contains(&t) {
                                ids.push(t);
                            }
                        }
                        Link::OneOf(v) => ids.extend(v),
                        Link::External(_) | Link::Absent => {}
                        Link::Unknown => return Link::Unknown,
                    }
                }
                match ids.len() {
                    0 => Link::Unknown,
                    _ => Link::OneOf(ids),
                }
            }
            _ => Link::Unknown,
        }
    }

    /// Reports a `Ref` to resource `i` in a property that takes the id of one of the
    /// model's own kinds (a VPC, subnet, route table ...) when `i` is not of that kind
    /// (`VpcId: !Ref SomeRole`); returns whether it did. CloudFormation accepts the template
    /// and the resource then fails to create.
    pub(super) fn wrong_reference(&self, i: usize) -> bool {
        let Some((key, range)) = self.reading.borrow().clone() else { return false };
        if !ID_PROPERTIES.contains(&key.as_str()) {
            return false;
        }
        let Some(r) = self.t.resources.get(i) else { return false };
        self.t.problem(
            range,
            format!(
                "`{key}` refers to `{}`, {}, whose `Ref` is not an id `{key}` takes; it is read as unknown",
                r.name,
                r.type_name.map_or_else(|| "a resource".to_string(), |t| format!("an `{t}`")),
            ),
        );
        true
    }

    pub(super) fn link_prop<T: Copy + PartialEq>(&self, i: usize, key: &str, want: fn(Obj) -> Option<T>) -> Link<T> {
        match self.prop(i, key) {
            Some((v, _)) => self.link(&v, &|_, _, o| want(o)),
            None => Link::Absent,
        }
    }

    pub(super) fn vpc_link(&self, i: usize, key: &str) -> Link<VpcId> {
        self.link_prop(i, key, Obj::vpc)
    }

    pub(super) fn link_list<T: Copy + PartialEq>(
        &self,
        i: usize,
        key: &str,
        want: &dyn Fn(&Self, &V<'t>, Obj) -> Option<T>,
    ) -> LinkList<T> {
        let res_span = self.meta_span(i);
        let Some((v, node)) = self.prop(i, key) else { return LinkList::absent(res_span) };
        // The span runs from the key to the end of the list, so block lists point at the key.
        let span = match self.t.resources.get(i).and_then(|r| r.properties).and_then(|p| self.t.tree.entry(p, key)) {
            Some(e) => Span::new(self.file, e.key_range.start, self.t.tree.node(node).range.end),
            None => self.node_span(node),
        };
        self.link_list_value(key, v, span, want)
    }

    /// A list of references nested in a property (`VpcConfig.SubnetIds`): the value at
    /// `node`, read as [`Loader::link_list`] reads a property `key`.
    pub(super) fn link_list_at<T: Copy + PartialEq>(
        &self,
        key: &str,
        node: NodeId,
        want: &dyn Fn(&Self, &V<'t>, Obj) -> Option<T>,
    ) -> LinkList<T> {
        let span = self.node_span(node);
        *self.reading.borrow_mut() = Some((key.to_string(), self.t.tree.node(node).range));
        match self.t.eval(node) {
            V::NoValue => LinkList::absent(span),
            v @ (V::List(_) | V::External(_)) => self.link_list_value(key, v, span, want),
            _ => LinkList { state: ListState::Partial, items: Vec::new(), span },
        }
    }

    fn link_list_value<T: Copy + PartialEq>(
        &self,
        key: &str,
        v: V<'t>,
        span: Span,
        want: &dyn Fn(&Self, &V<'t>, Obj) -> Option<T>,
    ) -> LinkList<T> {
        match v {
            V::List(items) => {
                let mut state = ListState::Known;
                let mut out = Vec::new();
                for Item { v, node } in items {
                    if v == V::NoValue {
                        continue;
                    }
                    *self.reading.borrow_mut() = Some((key.to_string(), self.t.tree.node(node).range));
                    if let V::List(inner) = &v {
                        // a parameter list spliced in
                        for it in inner {
                            out.push(Linked { link: self.link(&it.v, want), span: self.node_span(it.node) });
                        }
                        continue;
                    }
                    let link = self.link(&v, want);
                    if matches!(link, Link::Unknown) {
                        state = ListState::Partial;
                    }
                    out.push(Linked { link, span: self.node_span(node) });
                }
                LinkList { state, items: out, span }
            }
            // A parameter without default or an import: ids of other stacks' resources. They
            // cannot name this template's resources, whose ids do not exist before creation.
            V::External(name) => {
                LinkList { state: ListState::Known, items: vec![Linked { link: Link::External(name), span }], span }
            }
            _ => LinkList { state: ListState::Partial, items: Vec::new(), span },
        }
    }

    /// Property `key` of resource `i` as an attribute, its value read by `read` (given the
    /// value and its node). When the property is not set: `default` (what AWS assumes), or
    /// else absent.
    pub(super) fn prop_attr<T>(
        &self,
        i: usize,
        key: &str,
        default: Option<T>,
        read: impl FnOnce(&V<'t>, NodeId) -> Val<T>,
    ) -> Attr<T> {
        match self.prop(i, key) {
            Some((v, node)) => Attr::explicit(read(&v, node), self.node_span(node)),
            None => match default {
                Some(d) => Attr::default(d, self.meta_span(i)),
                None => Attr::absent(self.meta_span(i)),
            },
        }
    }

    /// The string `v` holds, parsed by `parse` (a keyword such as `application`); unknown
    /// when `v` is no known string or `parse` rejects it.
    pub(super) fn parsed<T>(&self, v: &V<'t>, parse: impl FnOnce(&str) -> Option<T>) -> Val<T> {
        self.t.string_of(v).and_then(|s| parse(&s)).map_or(Val::Unknown, Val::Known)
    }

    /// Like [`Self::parsed`], and a string `parse` rejects is a problem at `node`: "`s` is
    /// not {what}".
    pub(super) fn parsed_or_problem<T>(
        &self,
        v: &V<'t>,
        node: NodeId,
        parse: impl FnOnce(&str) -> Option<T>,
        what: &str,
    ) -> Val<T> {
        match self.t.string_of(v) {
            Some(s) => match parse(&s) {
                Some(x) => Val::Known(x),
                None => {
                    self.t.problem(self.t.tree.node(node).range, format!("`{s}` is not {what}"));
                    Val::Unknown
                }
            },
            None => Val::Unknown,
        }
    }

    pub(super) fn bool_attr(&self, i: usize, key: &str, default: Option<bool>) -> Attr<bool> {
        self.prop_attr(i, key, default, |v, node| {
            let val = to_bool(&self.t, v);
            if val == Val::Unknown {
                if let Some(text) = self.t.string_of(v) {
                    self.t.problem(
                        self.t.tree.node(node).range,
                        format!("`{key}` must be true or false, found `{text}`"),
                    );
                }
            }
            val
        })
    }

    pub(super) fn string_attr(&self, i: usize, key: &str) -> Attr<String> {
        self.prop_attr(i, key, None, |v, _| self.string_val(v))
    }

    /// The string `v` holds; unknown when it is no known string.
    pub(super) fn string_val(&self, v: &V<'t>) -> Val<String> {
        self.t.string_of(v).map_or(Val::Unknown, Val::Known)
    }

    /// Records that property `key` of resource `i` takes parameters at their defaults
    /// (`CidrBlock: !Select [0, !Ref SubnetBlocks]`), so a finding at its value names them.
    pub(super) fn note_defaults(&mut self, i: usize, key: &str) {
        let Some(node) = self.t.prop(i, key) else { return };
        let (_, params) = self.t.eval_noting_defaults(node);
        if !params.is_empty() {
            let resource = self.res_name(i);
            let span = self.node_span(node);
            self.b.model.assumptions.push(Assumption { resource, span, params });
        }
    }

    pub(super) fn cidr_attr(&self, i: usize, key: &str) -> Attr<Cidr> {
        self.prop_attr(i, key, None, |v, node| self.cidr_val(v, node))
    }

    pub(super) fn cidr_val(&self, v: &V<'t>, node: NodeId) -> Val<Cidr> {
        self.parsed_or_problem(v, node, Cidr::parse, "a valid CIDR block")
    }

    pub(super) fn int_of(&self, v: &V<'t>) -> Option<i64> {
        self.t.string_of(v).and_then(|s| s.trim().parse::<i64>().ok())
    }

    // ----- resources ---------------------------------------------------------------------
}
