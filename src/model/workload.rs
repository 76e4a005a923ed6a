//! Workloads: the resources that put network interfaces in subnets with security groups
//! (instances, launch templates, Auto Scaling groups, functions, ECS services, load
//! balancers, databases), and the target groups, registrations and listeners that say which
//! of them a load balancer sends traffic to. The reachability rules (VPC203, VPC204, VPC206)
//! ask `reach.rs` about them.

use super::*;

/// What a [`Workload`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WorkloadKind {
    /// An EC2 instance (`AWS::EC2::Instance`, `aws_instance`).
    Instance,
    /// A launch template or launch configuration: the groups of the instances an Auto
    /// Scaling group launches from it; no subnets (its Auto Scaling group's).
    LaunchTemplate,
    /// An Auto Scaling group: its subnets; its groups are its launch template's.
    AutoScalingGroup,
    /// A Lambda function with a VPC configuration.
    Function,
    /// An ECS service in `awsvpc` mode (its tasks' interfaces).
    EcsService,
    /// An Elastic Load Balancing v2 load balancer.
    LoadBalancer,
    /// An RDS DB instance or cluster.
    Database,
}

impl WorkloadKind {
    /// Whether it calls AWS APIs from its own interfaces (instances, Auto Scaling groups and
    /// their templates, functions, ECS services), as endpoints, load balancers and
    /// databases do not.
    pub fn is_client(self) -> bool {
        matches!(
            self,
            WorkloadKind::Instance
                | WorkloadKind::LaunchTemplate
                | WorkloadKind::AutoScalingGroup
                | WorkloadKind::Function
                | WorkloadKind::EcsService
        )
    }
}

/// The type of an ELBv2 load balancer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LoadBalancerType {
    Application,
    Network,
    Gateway,
}

impl LoadBalancerType {
    /// Parses the CloudFormation / Terraform spelling (case-insensitive).
    pub fn parse(s: &str) -> Option<LoadBalancerType> {
        Some(match s.to_ascii_lowercase().as_str() {
            "application" => LoadBalancerType::Application,
            "network" => LoadBalancerType::Network,
            "gateway" => LoadBalancerType::Gateway,
            _ => return None,
        })
    }
}

/// A resource that puts network interfaces in subnets with security groups: an instance,
/// a launch template, an Auto Scaling group, a Lambda function, an ECS service, a load
/// balancer, a database.
#[derive(Debug, Clone)]
pub struct Workload {
    pub meta: Meta,
    pub kind: WorkloadKind,
    /// The subnets of its interfaces. An instance without a subnet is in the default VPC
    /// (an external link); a launch template has none (its Auto Scaling group's apply).
    pub subnets: LinkList<SubnetId>,
    /// Its security groups. Absent: the VPC's default group (for an instance, a launch
    /// template, an ECS service, an application load balancer, a database); a network load
    /// balancer then has none. An Auto Scaling group's are its template's: absent here.
    pub security_groups: LinkList<SgId>,
    /// An Auto Scaling group's launch template or configuration.
    pub template: Link<WorkloadId>,
    /// A load balancer's type (`Application` by default); absent for other kinds.
    pub lb_type: Attr<LoadBalancerType>,
}

/// The type of the targets an ELBv2 target group registers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TargetType {
    Instance,
    Ip,
    Lambda,
    Alb,
}

impl TargetType {
    /// Parses the CloudFormation / Terraform spelling (case-insensitive).
    pub fn parse(s: &str) -> Option<TargetType> {
        Some(match s.to_ascii_lowercase().as_str() {
            "instance" => TargetType::Instance,
            "ip" => TargetType::Ip,
            "lambda" => TargetType::Lambda,
            "alb" => TargetType::Alb,
            _ => return None,
        })
    }
}

/// An ELBv2 target group.
#[derive(Debug, Clone)]
pub struct TargetGroup {
    pub meta: Meta,
    pub vpc: Link<VpcId>,
    /// The port targets receive traffic on, unless a registration says another.
    pub port: Attr<i32>,
    /// `TCP`, `HTTP`, `UDP` ... as written, upper case.
    pub protocol: Attr<String>,
    /// `instance` by default.
    pub target_type: Attr<TargetType>,
}

impl TargetGroup {
    /// The protocol its targets receive: TCP for `HTTP`, `HTTPS`, `TCP`, `TLS`; UDP for
    /// `UDP`; `None` for the others (`TCP_UDP`, `GENEVE`) or when unknown.
    pub fn transport(&self) -> Option<Protocol> {
        match self.protocol.known()?.as_str() {
            "HTTP" | "HTTPS" | "TCP" | "TLS" => Some(Protocol::Tcp),
            "UDP" => Some(Protocol::Udp),
            _ => None,
        }
    }
}

/// A target registered with a target group: an instance in a group's `Targets` or an
/// `aws_lb_target_group_attachment`, an ECS service's load balancer (its container port),
/// an Auto Scaling group's target group.
#[derive(Debug, Clone)]
pub struct Registration {
    /// The resource that registers it (the target group, the service, the Auto Scaling
    /// group, the attachment).
    pub meta: Meta,
    pub target_group: Link<TargetGroupId>,
    pub target: Link<WorkloadId>,
    /// The port traffic goes to; absent: the target group's.
    pub port: Attr<i32>,
    /// Where it is written.
    pub span: Span,
}

/// An ELBv2 listener or listener rule, with the target groups it forwards to.
#[derive(Debug, Clone)]
pub struct Listener {
    pub meta: Meta,
    /// A listener's load balancer; a listener rule's is its listener's.
    pub load_balancer: Link<WorkloadId>,
    /// A listener rule's listener; absent for a listener.
    pub listener: Link<ListenerId>,
    /// The groups its actions forward to; partial when an action is not known.
    pub target_groups: LinkList<TargetGroupId>,
}
