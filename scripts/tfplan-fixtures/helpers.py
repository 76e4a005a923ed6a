from tfplan import *


class C:
    """A constant argument: known in `after`, `constant_value` in configuration."""

    def __init__(self, v):
        self.v = v


class R:
    """An argument with references; its planned value is `v` (unknown by default)."""

    def __init__(self, refs, v=U):
        self.refs = refs
        self.v = v


def res(p, rtype, name, spec, keys=(None,), module=(), cfg=None, count=None, for_each=None, vary=None,
        depends_on=None):
    """Adds a configuration resource to `cfg` (the Module for `module`, root by default) and one
    created instance per key."""
    cfg = cfg if cfg is not None else p.root
    exprs = {}
    for a, s in spec.items():
        if isinstance(s, C):
            exprs[a] = const(s.v)
        elif isinstance(s, R):
            exprs[a] = ref(*s.refs)
        elif isinstance(s, dict) and "__expr__" in s:
            exprs[a] = s["__expr__"]
    cfg.resource(rtype, name, exprs, count=count, for_each=for_each, depends_on=depends_on)
    out = []
    for k in keys:
        attrs = {}
        for a, s in spec.items():
            if isinstance(s, C):
                attrs[a] = s.v
            elif isinstance(s, R):
                attrs[a] = s.v
            elif isinstance(s, dict) and "__expr__" in s:
                attrs[a] = s["after"]
        if vary:
            attrs.update(vary(k))
        out.append(p.new(rtype, name, attrs, key=k, module=module))
    return out


def E(expr, after):
    """An argument with an explicit configuration expression and planned value."""
    return {"__expr__": expr, "after": after}


def tags(name):
    return C({"Name": name})
