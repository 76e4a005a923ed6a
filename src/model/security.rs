//! Filtering objects of the model: security groups and their rules, network ACLs, their
//! entries and subnet associations.

use super::*;

/// A security group, declared or the VPC's implicit default group.
#[derive(Debug, Clone)]
pub struct SecurityGroup {
    pub meta: Meta,
    pub vpc: Link<VpcId>,
    /// The VPC's default group.
    pub is_default: bool,
    /// Synthesized by vpclint (the default group of a VPC, not managed in the file).
    pub implicit: bool,
    /// False when rules may exist that the model cannot see.
    pub rules_known: bool,
    /// Inline rule blocks (`ingress`, `egress`) taken as absent because the plan leaves
    /// them unset on create. A `dynamic` block of that name in the `.tf` source makes them
    /// unknown instead (Terraform leaves dynamic blocks out of the plan's configuration).
    pub defaulted_inline: Vec<Direction>,
}

/// Direction of a security group rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Ingress,
    Egress,
}

/// The other side of a security group rule.
#[derive(Debug, Clone, PartialEq)]
pub enum Peer {
    Cidr(Cidr),
    PrefixList(Val<String>),
    Group(Link<SgId>),
    /// The rule names no source or destination; AWS silently drops it.
    None,
}

/// A security group rule (inline or separate resource).
#[derive(Debug, Clone)]
pub struct SgRule {
    pub meta: Meta,
    pub group: Link<SgId>,
    pub direction: Direction,
    pub protocol: Attr<Protocol>,
    pub ports: Attr<PortRange>,
    pub peer: Attr<Peer>,
    /// The whole rule (inline block or resource).
    pub span: Span,
}

/// A network ACL.
#[derive(Debug, Clone)]
pub struct Nacl {
    pub meta: Meta,
    pub vpc: Link<VpcId>,
    pub is_default: bool,
    pub implicit: bool,
    /// False when entries may exist that the model cannot see (an inline entry list that
    /// is unknown, an ACL that exists already).
    pub entries_known: bool,
}

/// A NACL entry.
#[derive(Debug, Clone)]
pub struct NaclEntry {
    pub meta: Meta,
    pub nacl: Link<NaclId>,
    pub rule_number: Attr<i64>,
    pub egress: bool,
    pub allow: Attr<bool>,
    pub protocol: Attr<Protocol>,
    pub ports: Attr<PortRange>,
    pub cidr: Attr<Cidr>,
}

/// A subnet-to-NACL association.
#[derive(Debug, Clone)]
pub struct NaclAssociation {
    pub meta: Meta,
    pub subnet: Link<SubnetId>,
    pub nacl: Link<NaclId>,
}
