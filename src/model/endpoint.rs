//! VPC endpoints and EC2 Instance Connect endpoints, with the service names endpoints name.

use super::*;

/// The endpoint type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum EndpointType {
    Gateway,
    Interface,
    GatewayLoadBalancer,
    ServiceNetwork,
    Resource,
}

impl EndpointType {
    /// Parses the CloudFormation / Terraform spelling (case-insensitive).
    pub fn parse(s: &str) -> Option<EndpointType> {
        Some(match s.to_ascii_lowercase().as_str() {
            "gateway" => EndpointType::Gateway,
            "interface" => EndpointType::Interface,
            "gatewayloadbalancer" => EndpointType::GatewayLoadBalancer,
            "servicenetwork" => EndpointType::ServiceNetwork,
            "resource" => EndpointType::Resource,
            _ => return None,
        })
    }
}

/// Which region a service name is in, relative to the stack or provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegionRef {
    /// Built from the deployment's own region (`${AWS::Region}`, `data.aws_region`).
    Deployment,
    /// A region written literally.
    Named(String),
    Unknown,
}

/// An endpoint service name split into its parts: `com.amazonaws.<region>.<service>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceName {
    /// The name as a person reads it (`com.amazonaws.${AWS::Region}.s3`).
    pub display: String,
    pub region: RegionRef,
    /// The service part (`s3`, `dynamodb`, `ecr.api`), when the name follows the AWS pattern.
    pub service: Option<String>,
}

/// A VPC endpoint.
#[derive(Debug, Clone)]
pub struct Endpoint {
    pub meta: Meta,
    pub vpc: Link<VpcId>,
    pub service: Attr<ServiceName>,
    pub endpoint_type: Attr<EndpointType>,
    pub route_tables: LinkList<RouteTableId>,
    pub subnets: LinkList<SubnetId>,
    pub security_groups: LinkList<SgId>,
    pub private_dns: Attr<bool>,
    /// `PrivateDnsOnlyForInboundResolverEndpoint` (`dns_options`): with private DNS on, only
    /// the inbound Resolver endpoint's queries resolve to the interface endpoint, and the VPC
    /// must have a gateway endpoint for the service. Unset, the tool's create-time value:
    /// CloudFormation leaves it to the API, whose default is true; the Terraform provider
    /// sends false.
    pub inbound_resolver_only: Attr<bool>,
    /// The endpoint policy: its span when the file sets one (`PolicyDocument`, `policy`, an
    /// `aws_vpc_endpoint_policy`), [`Val::Absent`] when it does not (AWS then attaches the
    /// full-access default), [`Val::Unknown`] when that cannot be told.
    pub policy: Val<Span>,
}

impl Endpoint {
    /// Whether this is certainly an interface endpoint.
    pub fn is_interface(&self) -> bool {
        self.endpoint_type.known() == Some(&EndpointType::Interface)
    }

    /// Whether this is certainly an interface endpoint with private DNS on.
    pub fn has_private_dns(&self) -> bool {
        self.is_interface() && self.private_dns.known() == Some(&true)
    }

    /// Whether this is, or may be (its type is not known), an interface endpoint.
    pub fn may_be_interface(&self) -> bool {
        !matches!(self.endpoint_type.known(), Some(t) if *t != EndpointType::Interface)
    }
}

/// An EC2 Instance Connect endpoint.
#[derive(Debug, Clone)]
pub struct InstanceConnectEndpoint {
    pub meta: Meta,
    pub subnet: Link<SubnetId>,
    pub security_groups: LinkList<SgId>,
    pub preserve_client_ip: Attr<bool>,
}
