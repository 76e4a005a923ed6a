//! VPC501 vpc-without-flow-logs.

use crate::model::*;
use crate::rules::{Rule, RuleContext, quote};

/// A VPC with no flow log in the file, neither on the VPC nor on every one of its subnets.
pub struct VpcWithoutFlowLogs;

/// The VPCs and subnets some flow log may capture, read once from the flow logs.
struct Logged {
    vpcs: IdVec<VpcId, bool>,
    subnets: IdVec<SubnetId, bool>,
    /// A flow log whose resource is unknown may be on any VPC, or any subnet.
    any_vpc: bool,
    any_subnet: bool,
}

impl Logged {
    fn of<'m>(m: &Model, flow_logs: impl Iterator<Item = &'m FlowLog>) -> Logged {
        let mut out = Logged {
            vpcs: IdVec::filled(m.vpcs.len(), false),
            subnets: IdVec::filled(m.subnets.len(), false),
            any_vpc: false,
            any_subnet: false,
        };
        for f in flow_logs {
            let candidates: &[FlowLogRef] = match &f.resource {
                Link::To(r) => std::slice::from_ref(r),
                Link::OneOf(rs) => rs,
                Link::Unknown => {
                    out.any_vpc |= f.may_be_of(FlowLogResourceType::Vpc);
                    out.any_subnet |= f.may_be_of(FlowLogResourceType::Subnet);
                    continue;
                }
                // Outside the file (a parameter, an import, an id), or not set.
                Link::External(_) | Link::Absent => continue,
            };
            for r in candidates {
                let slot = match *r {
                    FlowLogRef::Vpc(v) if f.may_be_of(FlowLogResourceType::Vpc) => out.vpcs.of_mut(v),
                    FlowLogRef::Subnet(s) if f.may_be_of(FlowLogResourceType::Subnet) => out.subnets.of_mut(s),
                    _ => None,
                };
                if let Some(slot) = slot {
                    *slot = true;
                }
            }
        }
        out
    }

    fn vpc(&self, v: VpcId) -> bool {
        self.any_vpc || self.vpcs.of(v).copied().unwrap_or(false)
    }

    fn subnet(&self, s: SubnetId) -> bool {
        self.any_subnet || self.subnets.of(s).copied().unwrap_or(false)
    }
}

impl Rule for VpcWithoutFlowLogs {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        // An `Fn::ForEach` loop may generate flow logs vpclint cannot see.
        if m.generated_unknown || m.vpcs.is_empty() {
            return;
        }
        let logged = Logged::of(m, m.flow_logs.iter());
        let flow_log_type = match m.tool {
            Tool::CloudFormation => "`AWS::EC2::FlowLog`",
            Tool::Terraform => "`aws_flow_log`",
        };
        // Flow logs the file declares but does not create (a condition false with the
        // parameter defaults, a `count` or `for_each` with no instance), by the VPC they would
        // capture (directly or through a subnet): the finding names them, and says why.
        let mut not_created: IdVec<VpcId, Vec<&FlowLogNotCreated>> = IdVec::filled(m.vpcs.len(), Vec::new());
        for off in &m.flow_logs_not_created {
            let vpc = match &off.flow_log.resource {
                Link::To(FlowLogRef::Vpc(v)) => Some(*v),
                Link::To(FlowLogRef::Subnet(s)) => m.subnet(*s).and_then(|s| s.vpc.to()),
                _ => None,
            };
            if let Some(list) = vpc.and_then(|v| not_created.of_mut(v)) {
                list.push(off);
            }
        }
        for (id, vpc) in enumerate::<_, VpcId>(&m.vpcs) {
            if logged.vpc(id) {
                continue;
            }
            let subnets = m.derived.subnets_by_vpc.list(id);
            let unlogged: Vec<SubnetId> = subnets.iter().copied().filter(|&s| !logged.subnet(s)).collect();
            if !subnets.is_empty() && unlogged.is_empty() {
                continue;
            }
            let off = not_created.of(id).map_or(&[][..], Vec::as_slice);
            let name = quote(&vpc.meta.name);
            let message = if unlogged.len() < subnets.len() {
                let names: Vec<String> =
                    unlogged.iter().filter_map(|&s| m.subnet(s)).map(|s| quote(&s.meta.name)).collect();
                format!(
                    "VPC {name} has flow logs on {} of its {} subnets and none on the VPC: the traffic of {} is not \
                     recorded",
                    subnets.len() - unlogged.len(),
                    subnets.len(),
                    names.join(", ")
                )
            } else if let Some(first) = off.first() {
                format!(
                    "VPC {name} has no flow log {}, so there is no record of the VPC's connections to investigate an \
                     incident with",
                    words(first).0
                )
            } else {
                format!(
                    "VPC {name} has no flow log: no {flow_log_type} in the file captures the traffic of the VPC or of \
                     its subnets, so there is no record of its connections to investigate an incident with"
                )
            };
            let mut f = cx.finding(vpc.meta.span, &vpc.meta, message).label("no flow log on this VPC");
            if unlogged.len() < subnets.len() {
                for s in unlogged.iter().filter_map(|&s| m.subnet(s)) {
                    f = f.related(s.meta.span, format!("subnet {} has no flow log", quote(&s.meta.name)));
                }
            }
            for off in off {
                f = f.related(off.flow_log.meta.span, words(off).1);
            }
            cx.report(f);
        }
    }
}

/// Why a declared flow log is not created, in the finding's words: the message's clause (after
/// "has no flow log") and the related label.
fn words(off: &FlowLogNotCreated) -> (String, String) {
    let name = quote(&off.flow_log.meta.name);
    let by = match off.why {
        NotCreated::ConditionFalseAtDefaults => {
            return (
                format!("with the parameters at their defaults: its flow log {name} is not created"),
                format!("flow log {name} is not created with the parameters at their defaults"),
            );
        }
        NotCreated::NoCountInstance => "count",
        NotCreated::NoForEachInstance => "for_each",
    };
    (
        format!("in the plan: its flow log {name} is declared, but its `{by}` gives no instance"),
        format!("flow log {name} is declared, but its `{by}` gives no instance"),
    )
}
