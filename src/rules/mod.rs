//! Rules: the [`Rule`] trait, the context a rule checks in, and the built-in rules, grouped
//! by area (`routing/`, `security_groups/`, `endpoints/`, `gateways/`, `visibility/`).
//!
//! A rule's text (title, severity, docs, examples) lives in `rules/<ID>.md`; the Rust file
//! holds only logic. [`BUILTIN`] pairs each rule with its embedded doc, one line per rule,
//! and the [`Registry`] built from it (plus any user rules) is what a run consults.

pub mod catalog;
pub mod endpoints;
pub mod engine;
pub mod gateways;
pub mod jsonpath;
pub mod options;
pub mod query;
pub mod registry;
pub mod routing;
pub mod security_groups;
pub mod suppress;
pub mod visibility;

use crate::diagnostic::RuleId;
pub use crate::diagnostic::{Finding, MALFORMED, Related, UNREADABLE};
use crate::model::view::Lists;
use crate::model::{Meta, Model};
use crate::source::Span;
pub use engine::EnabledRule;
pub use options::RuleOptions;
pub use registry::Registry;

/// Where rule selectors used to live; they are leaf vocabulary now ([`crate::diagnostic`]).
pub mod selector {
    pub use crate::diagnostic::selector::*;
}

/// A check over one file's model. Rules are stateless and run in parallel; a rule's id,
/// name and severity come from its doc, through the registry, never from its code.
pub trait Rule: Sync + Send {
    /// Reports the rule's findings on `cx.model` through `cx.report`.
    fn check(&self, cx: &mut RuleContext<'_>);

    /// The top-level lists of the model's JSON form ([`crate::model::view`]) the rule reads
    /// through [`RuleContext::view`]; `None`, as for every built-in rule, when it reads none.
    /// A run builds the form only for the rules that read it, with the lists they name.
    fn view_lists(&self) -> Option<Lists> {
        None
    }

    /// The rule as `options` make it, when they change its code rather than what `check`
    /// reads through [`RuleContext::options`]: a user rule's query, whose `${option}`
    /// placeholders are filled before it is parsed, once per run. `None`, as for every
    /// built-in rule: the options are read while checking.
    fn configured(&self, options: &RuleOptions) -> Option<Result<std::sync::Arc<dyn Rule>, String>> {
        let _ = options;
        None
    }
}

/// What a rule sees while it checks one model, and where its findings go.
pub struct RuleContext<'a> {
    /// The model of the file being checked.
    pub model: &'a Model,
    rule: &'a RuleId,
    options: &'a RuleOptions,
    view: Option<&'a jsonpath::Doc>,
    findings: Vec<Finding>,
}

impl<'a> RuleContext<'a> {
    /// A context for `rule` (its id and options) over `model`.
    pub fn new(model: &'a Model, rule: &'a EnabledRule) -> RuleContext<'a> {
        RuleContext::with_view(model, rule, None)
    }

    /// The same, with the model's JSON form at hand for query rules.
    pub fn with_view(model: &'a Model, rule: &'a EnabledRule, view: Option<&'a jsonpath::Doc>) -> RuleContext<'a> {
        RuleContext { model, rule: &rule.id, options: &rule.options, view, findings: Vec::new() }
    }

    /// The rule's options (declared in its doc, set in vpclint.toml's
    /// `[rule-options.<rule>]`), read by name through typed getters:
    /// `cx.options().ports("ports")`. See [`options`] for why by name.
    pub fn options(&self) -> &'a RuleOptions {
        self.options
    }

    /// The model's JSON form (`vpclint model`) with the lists the run's rules read
    /// ([`Rule::view_lists`]), built once per file; `None` when the caller gave none, which
    /// it does when those lists are all empty (no object a query could match).
    pub fn view(&self) -> Option<&'a jsonpath::Doc> {
        self.view
    }

    /// A finding of this rule at `span` about the resource named `resource`.
    pub fn finding_on(&self, span: Span, resource: Option<String>, message: String) -> Finding {
        Finding::new(self.rule.clone(), span, resource, message)
    }

    /// A finding of this rule at `span` (the narrowest thing at fault) about `meta`'s
    /// resource; add labels and related locations, then [`RuleContext::report`] it.
    pub fn finding(&self, span: Span, meta: &Meta, message: String) -> Finding {
        Finding::new(self.rule.clone(), span, Some(meta.name.clone()), message)
    }

    /// Reports a finding.
    pub fn report(&mut self, finding: Finding) {
        self.findings.push(finding);
    }

    /// The findings reported so far.
    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }
}

/// The built-in model rules with their docs.
pub static BUILTIN: &[(&dyn Rule, &str)] = &[
    (&routing::subnet_without_association::SubnetWithoutAssociation, include_str!("../../rules/VPC101.md")),
    (&routing::route_table_unused::RouteTableUnused, include_str!("../../rules/VPC102.md")),
    (&routing::duplicate_route_destination::DuplicateRouteDestination, include_str!("../../rules/VPC103.md")),
    (&routing::subnet_cidr_outside_vpc::SubnetCidrOutsideVpc, include_str!("../../rules/VPC104.md")),
    (&routing::subnet_cidrs_overlap::SubnetCidrsOverlap, include_str!("../../rules/VPC105.md")),
    (&routing::duplicate_subnet_association::DuplicateSubnetAssociation, include_str!("../../rules/VPC106.md")),
    (&routing::private_subnet_maps_public_ip::PrivateSubnetMapsPublicIp, include_str!("../../rules/VPC107.md")),
    (&routing::peering_route_without_return::PeeringRouteWithoutReturn, include_str!("../../rules/VPC108.md")),
    (&routing::route_target_in_other_vpc::RouteTargetInOtherVpc, include_str!("../../rules/VPC109.md")),
    (&security_groups::sg_admin_port_open_to_world::SgAdminPortOpenToWorld, include_str!("../../rules/VPC201.md")),
    (&security_groups::sg_all_traffic_from_world::SgAllTrafficFromWorld, include_str!("../../rules/VPC202.md")),
    (
        &security_groups::workload_egress_blocks_endpoint::WorkloadEgressBlocksEndpoint,
        include_str!("../../rules/VPC203.md"),
    ),
    (&security_groups::instance_connect_unreachable::InstanceConnectUnreachable, include_str!("../../rules/VPC204.md")),
    (&security_groups::nacl_blocks_return_traffic::NaclBlocksReturnTraffic, include_str!("../../rules/VPC205.md")),
    (&security_groups::lb_cannot_reach_targets::LoadBalancerCannotReachTargets, include_str!("../../rules/VPC206.md")),
    (&security_groups::sg_rule_without_peer::SgRuleWithoutPeer, include_str!("../../rules/VPC207.md")),
    (&endpoints::s3_via_nat::S3ViaNat, include_str!("../../rules/VPC301.md")),
    (&endpoints::private_dns_disabled::PrivateDnsDisabled, include_str!("../../rules/VPC302.md")),
    (&endpoints::private_dns_without_vpc_dns::PrivateDnsWithoutVpcDns, include_str!("../../rules/VPC303.md")),
    (&endpoints::endpoint_sg_denies_clients::EndpointSgDeniesClients, include_str!("../../rules/VPC304.md")),
    (&endpoints::dynamodb_via_nat::DynamoDbViaNat, include_str!("../../rules/VPC305.md")),
    (&endpoints::single_az::SingleAz, include_str!("../../rules/VPC306.md")),
    (&endpoints::endpoint_policy_full_access::EndpointPolicyFullAccess, include_str!("../../rules/VPC308.md")),
    (&endpoints::duplicate_private_dns_endpoint::DuplicatePrivateDnsEndpoint, include_str!("../../rules/VPC309.md")),
    (&endpoints::duplicate_gateway_endpoint::DuplicateGatewayEndpoint, include_str!("../../rules/VPC310.md")),
    (&endpoints::endpoint_type_mismatch::EndpointTypeMismatch, include_str!("../../rules/VPC311.md")),
    (&endpoints::s3_interface_needs_gateway::S3InterfaceNeedsGateway, include_str!("../../rules/VPC312.md")),
    (&endpoints::ecr_without_s3_path::EcrWithoutS3Path, include_str!("../../rules/VPC313.md")),
    (&endpoints::two_subnets_same_az::TwoSubnetsSameAz, include_str!("../../rules/VPC314.md")),
    (&endpoints::endpoint_parts_in_other_vpc::EndpointPartsInOtherVpc, include_str!("../../rules/VPC315.md")),
    (&endpoints::s3_via_transit_gateway::S3ViaTransitGateway, include_str!("../../rules/VPC316.md")),
    (&gateways::nat_without_internet_route::NatWithoutInternetRoute, include_str!("../../rules/VPC401.md")),
    (
        &gateways::igw_route_without_attachment_dependency::IgwRouteWithoutAttachmentDependency,
        include_str!("../../rules/VPC402.md"),
    ),
    (&gateways::cross_az_nat::CrossAzNat, include_str!("../../rules/VPC403.md")),
    (&gateways::nat_allocation_mismatch::NatAllocationMismatch, include_str!("../../rules/VPC404.md")),
    (&gateways::second_internet_gateway::SecondInternetGateway, include_str!("../../rules/VPC405.md")),
    (&visibility::vpc_without_flow_logs::VpcWithoutFlowLogs, include_str!("../../rules/VPC501.md")),
];

/// Docs of the diagnostics the loaders emit (no rule code).
pub static LOAD_DOCS: &[&str] = &[include_str!("../../rules/VPC000.md"), include_str!("../../rules/VPC001.md")];

/// A resource's name in backticks, for messages.
pub fn quote(name: &str) -> String {
    format!("`{name}`")
}

/// `f` with the route table that routes a subnet related: when it is the VPC's main table
/// (no association names the subnet), it says so; otherwise it is `explicit`.
pub fn with_subnet_table(m: &Model, f: Finding, table: crate::model::RouteTableId, explicit: &str) -> Finding {
    match m.route_table(table) {
        Some(t) if t.implicit_main_of.is_some() => {
            f.related(t.meta.span, "the main route table applies (no association names the subnet)")
        }
        Some(t) => f.related(t.meta.span, explicit),
        None => f,
    }
}
