//! VPC308 endpoint-policy-full-access.

use crate::model::*;
use crate::rules::{Rule, RuleContext, quote};

/// A gateway or interface endpoint without a policy document: AWS attaches the default
/// policy, which allows every principal every action on every resource of the service.
pub struct EndpointPolicyFullAccess;

impl Rule for EndpointPolicyFullAccess {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        for e in &m.endpoints {
            if e.policy != Val::Absent {
                continue;
            }
            let Some(service) = e.service.known() else { continue };
            let Some(name) = service.service.as_deref() else { continue };
            // Gateway endpoints exist for S3 and DynamoDB only; a gateway endpoint of another
            // service fails to deploy (VPC311), and its policy is beside the point.
            let kind = match e.endpoint_type.known() {
                Some(EndpointType::Gateway) if service.has_gateway_endpoints() == Some(true) => "gateway",
                Some(EndpointType::Interface) => "interface",
                _ => continue,
            };
            if !service.takes_endpoint_policy() {
                continue;
            }
            let reach = match name {
                "s3" => "reach any S3 bucket".to_string(),
                "dynamodb" => "reach any DynamoDB table".to_string(),
                other => format!("use `{other}` for any action on any resource"),
            };
            cx.report(
                cx.finding(
                    e.meta.span,
                    &e.meta,
                    format!(
                        "{kind} endpoint {} for `{name}` has no policy, so AWS attaches the full-access default: any principal in the VPC can {reach}, in any account, through it",
                        quote(&e.meta.name),
                    ),
                )
                .label("no policy document: the default allows full access"),
            );
        }
    }
}
