//! The AWS provider's create-time defaults.
//!
//! On create, an Optional+Computed attribute the configuration leaves unset shows in the
//! plan as "known after apply", like one set to an expression that is: the configuration
//! tells them apart ([`Plan::unset_on_create`]). The unset ones take what the provider
//! (or AWS, where the provider passes nothing) gives them:
//!
//! - the booleans in [`BOOL_DEFAULTS`];
//! - `aws_nat_gateway.connectivity_type` public, `aws_vpc_endpoint.vpc_endpoint_type`
//!   `Gateway` (see [`Plan::string_or_default`]'s callers);
//! - no inline `route` blocks on an `aws_route_table`, no inline `ingress`/`egress` on an
//!   `aws_security_group` (Terraform even removes AWS's default egress), and no items in a
//!   list of ids;
//! - an `aws_security_group` without `vpc_id` is in the region's default VPC.
//!
//! An attribute that is unknown for another reason stays unknown.

use super::Plan;
use super::instances::Action;
use crate::model::{Attr, Val};
use crate::syntax::tree::Kind;

/// `(resource type, attribute, default)` of the booleans with a create-time default.
const BOOL_DEFAULTS: [(&str, &str, bool); 8] = [
    ("aws_vpc", "enable_dns_support", true),
    // Optional+Computed with no default: unset on create leaves AWS's false.
    ("aws_vpc", "enable_dns_hostnames", false),
    ("aws_subnet", "map_public_ip_on_launch", false),
    // The EC2 API and console default to on; the provider to off.
    ("aws_vpc_endpoint", "private_dns_enabled", false),
    ("aws_vpc_endpoint_security_group_association", "replace_default_association", false),
    ("aws_ec2_instance_connect_endpoint", "preserve_client_ip", true),
    ("aws_security_group_rule", "self", false),
    ("aws_network_acl_rule", "egress", false),
];

impl Plan<'_> {
    /// True when the attribute is unknown only because it is unset on create, so the
    /// provider's create-time default applies.
    pub(super) fn unset_on_create(&self, i: usize, key: &str) -> bool {
        let Some(inst) = self.inst(i) else { return false };
        self.config.present && inst.config.is_some() && inst.action != Action::Existing && self.expr(i, key).is_none()
    }

    /// A boolean attribute, with its default from [`BOOL_DEFAULTS`] when unset.
    pub(super) fn bool_attr(&self, i: usize, key: &str) -> Attr<bool> {
        match self.raw(i, key) {
            Ok(n) => {
                let val = match &self.tree.node(n).kind {
                    Kind::Bool(b) => Val::Known(*b),
                    Kind::Str(s) if s.eq_ignore_ascii_case("true") => Val::Known(true),
                    Kind::Str(s) if s.eq_ignore_ascii_case("false") => Val::Known(false),
                    _ => Val::Unknown,
                };
                Attr::explicit(val, self.node_span(n))
            }
            Err(unknown) => match self.bool_default(i, key) {
                Some(d) if !unknown || self.unset_on_create(i, key) => Attr::default(d, self.attr_span(i, key)),
                _ if unknown => Attr::explicit(Val::Unknown, self.attr_span(i, key)),
                _ => Attr::absent(self.attr_span(i, key)),
            },
        }
    }

    fn bool_default(&self, i: usize, key: &str) -> Option<bool> {
        let rtype = self.inst(i)?.rtype.as_str();
        BOOL_DEFAULTS.iter().find(|&&(t, k, _)| t == rtype && k == key).map(|&(_, _, d)| d)
    }

    /// A string attribute read by `read`, or `default` when it is unset (on create, or
    /// not in the plan at all).
    pub(super) fn string_or_default<T>(
        &self,
        i: usize,
        key: &str,
        read: impl FnOnce(&str) -> Val<T>,
        default: T,
    ) -> Attr<T> {
        let s = self.string_attr(i, key);
        match s.val {
            Val::Known(text) => Attr::explicit(read(&text), s.span),
            Val::Unknown if !self.unset_on_create(i, key) => Attr::explicit(Val::Unknown, s.span),
            _ => Attr::default(default, s.span),
        }
    }
}
