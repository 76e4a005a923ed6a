//! Service names of VPC endpoints (`com.amazonaws.<region>.<service>`), read the same way
//! for every tool once a loader has flattened the value to text.

use super::{RegionRef, ServiceName};

/// Splits a flattened service name; `region_mark` stands for the deployment's region.
pub fn split_service_name(flat: &str, display: String, region_mark: char, unknown_mark: char) -> ServiceName {
    let rest = flat
        .strip_prefix("com.amazonaws.")
        .or_else(|| flat.strip_prefix("cn.com.amazonaws."))
        .or_else(|| flat.strip_prefix("aws.sagemaker."))
        .or_else(|| flat.strip_prefix("aws.api."));
    let Some(rest) = rest else {
        return ServiceName { display, region: RegionRef::Unknown, service: None };
    };
    // `com.amazonaws.vpce.<region>.vpce-svc-...`: a PrivateLink endpoint service of another
    // account, not an AWS service.
    if rest.starts_with("vpce.") {
        return ServiceName { display, region: RegionRef::Unknown, service: None };
    }
    let (region, service) = rest.split_once('.').unwrap_or((rest, ""));
    let region_ref = if region.len() == region_mark.len_utf8() && region.starts_with(region_mark) {
        RegionRef::Deployment
    } else if region.contains(unknown_mark) || region.contains(region_mark) || region.is_empty() {
        RegionRef::Unknown
    } else {
        RegionRef::Named(region.to_string())
    };
    let service = if service.is_empty() || service.contains(unknown_mark) || service.contains(region_mark) {
        None
    } else {
        Some(service.to_string())
    };
    ServiceName { display, region: region_ref, service }
}

impl ServiceName {
    /// Whether the service offers gateway endpoints: S3 and DynamoDB do, and every other AWS
    /// service offers only interface endpoints (PrivateLink guide, gateway endpoints). `None`
    /// when the service is not known, and for `s3express`, whose gateway endpoints vpclint's
    /// sources do not confirm.
    pub fn has_gateway_endpoints(&self) -> Option<bool> {
        match self.service.as_deref()? {
            "s3" | "dynamodb" => Some(true),
            "s3express" => None,
            _ => Some(false),
        }
    }
}

impl ServiceName {
    /// Whether an endpoint policy is known to apply to this service's endpoints: S3 and
    /// DynamoDB (gateway and interface endpoints, PrivateLink guide), and the services whose
    /// own guides document endpoint policies for their interface endpoints. Not every AWS
    /// service supports endpoint policies (PrivateLink guide, "Control access to VPC
    /// endpoints using endpoint policies"), and vpclint does not guess for the others. Each
    /// entry was checked against AWS's documentation, and `ssm` is left out on purpose; the
    /// sources and the reason are in `rules/VPC308.md`.
    pub fn takes_endpoint_policy(&self) -> bool {
        matches!(
            self.service.as_deref(),
            Some(
                "s3" | "dynamodb"
                    | "ecr.api"
                    | "ecr.dkr"
                    | "kms"
                    | "secretsmanager"
                    | "sqs"
                    | "sns"
                    | "sts"
                    | "lambda"
                    | "logs"
                    | "execute-api"
                    | "ec2"
            )
        )
    }
}

/// The public host name SDKs resolve for an AWS service, which an interface endpoint's
/// private DNS answers: `<service>.<region>.amazonaws.com`, with a dotted service name's
/// parts reversed (`ecr.api` is `api.ecr.<region>...`, `sagemaker.runtime` is
/// `runtime.sagemaker.<region>...`). `<region>` stands in when the region is not known.
pub fn public_host(service: &str, region: Option<&str>) -> String {
    let mut parts: Vec<&str> = service.split('.').collect();
    parts.reverse();
    format!("{}.{}.amazonaws.com", parts.join("."), region.unwrap_or("<region>"))
}

#[cfg(test)]
mod tests {
    use super::public_host;

    #[test]
    fn public_host_names() {
        assert_eq!(public_host("ssm", Some("eu-west-1")), "ssm.eu-west-1.amazonaws.com");
        assert_eq!(public_host("ecr.api", None), "api.ecr.<region>.amazonaws.com");
        assert_eq!(public_host("sagemaker.runtime", Some("us-east-1")), "runtime.sagemaker.us-east-1.amazonaws.com");
    }
}
