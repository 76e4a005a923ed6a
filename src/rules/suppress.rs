//! In-source suppressions, applied in one place for every source: CloudFormation's
//! `Metadata.vpclint.ignore` (template-wide or per resource, read by the loader into the
//! model) and `# vpclint:ignore` comments on the `.tf` block of a Terraform resource (read
//! when a plan's finding is located in its Terraform source).

use crate::diagnostic::Finding;
use crate::model::Suppression;

/// Whether `finding` is suppressed by the model's suppressions or by the rule words of the
/// `.tf` block it was located in (`all`, an id, or an id prefix, as written).
pub fn is_suppressed(finding: &Finding, model: &[Suppression], tf_block: &[String]) -> bool {
    model.iter().any(|s| s.covers(&finding.rule_id, finding.resource.as_deref()))
        || tf_block.iter().any(|w| w.eq_ignore_ascii_case("all") || finding.rule_id.starts_with(w.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{RuleId, RuleSelector};
    use crate::source::Span;

    fn finding(id: &str, resource: &str) -> Finding {
        Finding::new(RuleId::new(id), Span::default(), Some(resource.to_string()), String::new())
    }

    #[test]
    fn model_suppressions_cover_their_resource_or_the_file() {
        let on_app = Suppression {
            resource: Some("App".to_string()),
            rules: vec![RuleSelector::Prefix("VPC3".to_string())],
            span: Span::default(),
        };
        assert!(is_suppressed(&finding("VPC301", "App"), std::slice::from_ref(&on_app), &[]));
        assert!(!is_suppressed(&finding("VPC301", "Db"), std::slice::from_ref(&on_app), &[]));
        assert!(!is_suppressed(&finding("VPC101", "App"), std::slice::from_ref(&on_app), &[]));
        let file = Suppression { resource: None, rules: vec![RuleSelector::All], span: Span::default() };
        assert!(is_suppressed(&finding("VPC101", "Db"), &[file], &[]));
    }

    #[test]
    fn tf_block_words_are_all_ids_or_prefixes() {
        let f = finding("VPC302", "aws_vpc_endpoint.ssm");
        assert!(is_suppressed(&f, &[], &["VPC302".to_string()]));
        assert!(is_suppressed(&f, &[], &["VPC3".to_string()]));
        assert!(is_suppressed(&f, &[], &["ALL".to_string()]));
        assert!(!is_suppressed(&f, &[], &["VPC301".to_string()]));
        assert!(!is_suppressed(&f, &[], &[]));
    }
}
