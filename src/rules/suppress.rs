//! In-source suppressions, applied in one place for every source: CloudFormation's
//! `Metadata.vpclint.ignore` (template-wide or per resource) and `# vpclint:ignore` comments
//! on a resource's line or the line above (read by the loader into the model), and
//! `# vpclint:ignore` comments on the `.tf` block of a Terraform resource (read when a
//! plan's finding is located in its Terraform source).
//!
//! Loaders keep suppression words as written; only here are they read against the run's
//! [`Registry`], which knows the built-in rules and the user rules alike. A comment's words
//! up to the first that names no rule are its rules, the rest its reason.

use crate::diagnostic::Finding;
use crate::model::Suppression;
use crate::rules::Registry;
use crate::source::Span;

/// Why a finding is suppressed: the reason the source gives, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppressed {
    pub reason: Option<String>,
}

/// Whether a word covers rule `id`: `all` (any case), or a prefix of the id as written. A
/// word that names no rule covers nothing, because every finding's id is a rule's.
fn covers(word: &str, id: &str) -> bool {
    word.eq_ignore_ascii_case("all") || (!word.is_empty() && id.starts_with(word))
}

/// The suppression of `finding`, if the model's suppressions or the `vpclint:ignore`
/// comments of the `.tf` block it was located in cover it.
pub fn suppression_of(
    finding: &Finding,
    model: &[Suppression],
    tf_comments: &[String],
    registry: &Registry,
) -> Option<Suppressed> {
    let id = finding.rule_id.as_ref();
    for s in model.iter().filter(|s| s.resource.is_none() || s.resource.as_deref() == finding.resource.as_deref()) {
        if let Some(w) = s.rules.iter().find(|w| covers(&w.word, id)) {
            return Some(Suppressed { reason: w.reason.clone() });
        }
        if let Some(c) = &s.comment {
            let (words, reason) = comment_words(c, registry);
            if words.iter().any(|w| covers(w, id)) {
                return Some(Suppressed { reason });
            }
        }
    }
    for c in tf_comments {
        let (words, reason) = comment_words(c, registry);
        if words.iter().any(|w| covers(w, id)) {
            return Some(Suppressed { reason });
        }
    }
    None
}

/// Whether `finding` is suppressed (see [`suppression_of`]).
pub fn is_suppressed(finding: &Finding, model: &[Suppression], tf_comments: &[String], registry: &Registry) -> bool {
    suppression_of(finding, model, tf_comments, registry).is_some()
}

/// The rule words of a `vpclint:ignore` comment (split at spaces and commas) up to the first
/// that is neither `all` nor a rule id or id prefix, and the rest as its reason.
pub fn comment_words<'a>(comment: &'a str, registry: &Registry) -> (Vec<&'a str>, Option<String>) {
    let mut words = Vec::new();
    let mut rest = comment.trim_start();
    loop {
        let end = rest.find(|c: char| c == ',' || c.is_whitespace()).unwrap_or(rest.len());
        let word = rest.get(..end).unwrap_or("");
        if word.is_empty() || !(word.eq_ignore_ascii_case("all") || registry.matches_known_rule(word)) {
            break;
        }
        words.push(word);
        rest = rest.get(end..).unwrap_or("").trim_start_matches(|c: char| c == ',' || c.is_whitespace());
    }
    // A comment closed on its line (`/* ... */`) ends there.
    let reason = rest.trim().trim_end_matches("*/").trim();
    (words, (!reason.is_empty()).then(|| reason.to_string()))
}

/// The words of the model's `Metadata.vpclint.ignore` entries that name no rule of
/// `registry`, with what to say of each: a typo there would otherwise suppress nothing,
/// silently.
pub fn unknown_words(model: &[Suppression], registry: &Registry) -> Vec<(Span, String)> {
    model
        .iter()
        .flat_map(|s| &s.rules)
        .filter(|w| !(w.word.eq_ignore_ascii_case("all") || registry.matches_known_rule(&w.word)))
        .map(|w| (w.span, format!("`{}` in `Metadata.vpclint.ignore` names no vpclint rule", w.word)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::RuleId;
    use crate::model::IgnoreWord;

    fn finding(id: &str, resource: &str) -> Finding {
        Finding::new(RuleId::new(id), Span::default(), Some(resource.to_string()), String::new())
    }

    fn words(w: &[&str]) -> Vec<IgnoreWord> {
        w.iter().map(|w| IgnoreWord { word: w.to_string(), span: Span::default(), reason: None }).collect()
    }

    fn on(resource: Option<&str>, rules: Vec<IgnoreWord>, comment: Option<&str>) -> Suppression {
        Suppression {
            resource: resource.map(str::to_string),
            rules,
            comment: comment.map(str::to_string),
            span: Span::default(),
        }
    }

    #[test]
    fn model_suppressions_cover_their_resource_or_the_file() {
        let registry = Registry::builtin();
        let on_app = [on(Some("App"), words(&["VPC3"]), None)];
        assert!(is_suppressed(&finding("VPC301", "App"), &on_app, &[], registry));
        assert!(!is_suppressed(&finding("VPC301", "Db"), &on_app, &[], registry));
        assert!(!is_suppressed(&finding("VPC101", "App"), &on_app, &[], registry));
        let file = [on(None, words(&["all"]), None)];
        assert!(is_suppressed(&finding("VPC101", "Db"), &file, &[], registry));
        // Exact case, as cfn-lint reads its ignore_checks.
        let lower = [on(None, words(&["vpc101"]), None)];
        assert!(!is_suppressed(&finding("VPC101", "Db"), &lower, &[], registry));
        assert_eq!(unknown_words(&lower, registry).len(), 1);
        assert!(unknown_words(&on_app, registry).is_empty());
    }

    #[test]
    fn comments_give_rules_then_a_reason() {
        let registry = Registry::builtin();
        let c = [on(Some("App"), Vec::new(), Some(" VPC302, VPC101 clients use the endpoint names"))];
        let s = suppression_of(&finding("VPC101", "App"), &c, &[], registry).unwrap();
        assert_eq!(s.reason.as_deref(), Some("clients use the endpoint names"));
        assert!(suppression_of(&finding("VPC301", "App"), &c, &[], registry).is_none());
        assert_eq!(comment_words("VPC3 */", registry), (vec!["VPC3"], None));
        assert_eq!(comment_words("because VPC302", registry), (vec![], Some("because VPC302".to_string())));
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
            .map(|b| {
                b.ignore_comments
                    .iter()
                    .flat_map(|c| comment_words(c, Registry::builtin()).0)
                    .map(str::to_string)
                    .collect()
            })
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
