//! In-source suppressions, applied in one place for every source: CloudFormation's
//! `Metadata.vpclint.ignore` (template-wide or per resource, read by the loader into the
//! model) and `# vpclint:ignore` comments on the `.tf` block of a Terraform resource (read
//! when a plan's finding is located in its Terraform source).
//!
//! Loaders keep suppression words as written; only here are they read against the run's
//! [`Registry`], which knows the built-in rules and the user rules alike.

use crate::diagnostic::Finding;
use crate::model::Suppression;
use crate::rules::Registry;
use crate::source::Span;

/// Whether `finding` is suppressed by the model's suppressions or by the `vpclint:ignore`
/// comments of the `.tf` block it was located in (`all`, an id, or an id prefix, as written).
pub fn is_suppressed(finding: &Finding, model: &[Suppression], tf_comments: &[String], registry: &Registry) -> bool {
    model.iter().any(|s| s.covers(&finding.rule_id, finding.resource.as_deref()))
        || comment_words(tf_comments, registry)
            .iter()
            .any(|w| w.eq_ignore_ascii_case("all") || finding.rule_id.starts_with(w))
}

/// The rule words of `vpclint:ignore` comments: each comment's words (split at spaces and
/// commas) up to the first that is neither `all` nor a rule id or id prefix, which starts
/// its reason.
pub fn comment_words<'a>(comments: &'a [String], registry: &Registry) -> Vec<&'a str> {
    let mut out = Vec::new();
    for rest in comments {
        for word in rest.split(|c: char| c == ',' || c.is_whitespace()).filter(|w| !w.is_empty()) {
            if word.eq_ignore_ascii_case("all") || registry.matches_known_rule(word) {
                out.push(word);
            } else {
                break; // the rest of the comment is the reason
            }
        }
    }
    out
}

/// The words of the model's suppressions that name no rule of `registry`, with what to say
/// of each: a typo there would otherwise suppress nothing, silently.
pub fn unknown_words(model: &[Suppression], registry: &Registry) -> Vec<(Span, String)> {
    model
        .iter()
        .flat_map(|s| &s.rules)
        .filter(|(w, _)| !(w.eq_ignore_ascii_case("all") || registry.matches_known_rule(w)))
        .map(|(w, span)| (*span, format!("`{w}` in `Metadata.vpclint.ignore` names no vpclint rule")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::RuleId;

    fn finding(id: &str, resource: &str) -> Finding {
        Finding::new(RuleId::new(id), Span::default(), Some(resource.to_string()), String::new())
    }

    fn words(w: &[&str]) -> Vec<(String, Span)> {
        w.iter().map(|w| (w.to_string(), Span::default())).collect()
    }

    #[test]
    fn model_suppressions_cover_their_resource_or_the_file() {
        let registry = Registry::builtin();
        let on_app = Suppression { resource: Some("App".to_string()), rules: words(&["VPC3"]), span: Span::default() };
        let on = std::slice::from_ref(&on_app);
        assert!(is_suppressed(&finding("VPC301", "App"), on, &[], registry));
        assert!(!is_suppressed(&finding("VPC301", "Db"), on, &[], registry));
        assert!(!is_suppressed(&finding("VPC101", "App"), on, &[], registry));
        let file = Suppression { resource: None, rules: words(&["all"]), span: Span::default() };
        assert!(is_suppressed(&finding("VPC101", "Db"), &[file], &[], registry));
        // Exact case, as cfn-lint reads its ignore_checks.
        let lower = Suppression { resource: None, rules: words(&["vpc101"]), span: Span::default() };
        assert!(!is_suppressed(&finding("VPC101", "Db"), std::slice::from_ref(&lower), &[], registry));
        assert_eq!(unknown_words(&[lower], registry).len(), 1);
        assert!(unknown_words(on, registry).is_empty());
    }

    #[test]
    fn tf_block_words_are_all_ids_or_prefixes() {
        let registry = Registry::builtin();
        let f = finding("VPC302", "aws_vpc_endpoint.ssm");
        assert!(is_suppressed(&f, &[], &["VPC302".to_string()], registry));
        assert!(is_suppressed(&f, &[], &["VPC3 set by a later job".to_string()], registry));
        assert!(is_suppressed(&f, &[], &["ALL".to_string()], registry));
        assert!(!is_suppressed(&f, &[], &["VPC301".to_string()], registry));
        assert!(!is_suppressed(&f, &[], &["because VPC302".to_string()], registry));
        assert!(!is_suppressed(&f, &[], &[], registry));
    }

    /// The rule words of each block's ignore comments, as a `.tf` file is scanned.
    fn ignores(text: &str) -> Vec<Vec<String>> {
        let (blocks, _) = crate::load::terraform::source::scan_text(std::path::Path::new("main.tf"), text);
        blocks
            .iter()
            .map(|b| comment_words(&b.ignore_comments, Registry::builtin()).into_iter().map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn ignore_comments_in_or_above_the_block() {
        let text = "# vpclint:ignore VPC302 private DNS set by a later job\nresource \"a\" \"b\" {\n  x = 1 # vpclint:ignore VPC304, VPC1\n}\nresource \"c\" \"d\" {}\n";
        assert_eq!(ignores(text), [vec!["VPC302", "VPC304", "VPC1"], vec![]]);
        // `all`, block comments, CRLF; a word that is no rule id starts the reason.
        let text =
            "/* vpclint:ignore all */\r\nresource \"a\" \"b\" {\r\n  // vpclint:ignore VPC3 because VPC101\r\n}\r\n";
        assert_eq!(ignores(text), [vec!["all", "VPC3"]]);
        // Two lines above is too far.
        let text = "# vpclint:ignore VPC302\n\nresource \"a\" \"b\" {}\n";
        assert_eq!(ignores(text), [Vec::<String>::new()]);
    }

    /// Fixed with the parser: the lexer read the marker anywhere, strings and heredocs
    /// included, and, for a header not at the start of its line, from the start of the file.
    #[test]
    fn ignore_markers_in_strings_or_other_blocks_do_not_count() {
        let text = r#"resource "aws_instance" "web" {
  description = "vpclint:ignore VPC302"
  user_data   = <<-EOT
    # vpclint:ignore VPC304
  EOT
  tags = { "vpclint:ignore VPC101" = "x" } # vpclint:ignore VPC303 real
}
"#;
        assert_eq!(ignores(text), [vec!["VPC303"]]);
        let text = "# vpclint:ignore VPC302\nresource \"a\" \"first\" {}\n\n\n/* x */ resource \"b\" \"second\" {}\n";
        assert_eq!(ignores(text), [vec!["VPC302"], vec![]]);
        // On the header's own line, before it, still counts.
        let text = "\n\n/* vpclint:ignore VPC302 */ resource \"b\" \"second\" {}\n";
        assert_eq!(ignores(text), [vec!["VPC302"]]);
    }
}
