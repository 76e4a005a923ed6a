//! Fingerprints: a finding's identity across runs, for SARIF's `partialFingerprints`, the
//! JSON report, GitLab's Code Quality report and baselines (`--baseline`).
//!
//! A fingerprint hashes (FNV-1a, 64 bits, hex) the rule id, the file's path relative to the
//! project root (as a SARIF URI: `/`-separated, percent-encoded), what the finding is about
//! (the resource's logical id or Terraform address; for a file-level finding, its message)
//! and an ordinal among findings equal in all three (0, 1, ... in report order). Line and
//! column numbers are never part of it, so an edit that only moves lines (a resource added
//! above, a comment, reformatting) keeps every fingerprint; renaming the resource, moving
//! it to another file, or a second finding of the same rule on the same resource being
//! fixed first changes it. The message is not hashed for resource findings, so rewording a
//! message in a new vpclint release does not change fingerprints.
//!
//! The project root is the one SARIF URIs are relative to ([`SarifContext`]): `--sarif-root`,
//! else the enclosing git root, else the working directory, so a run from a subdirectory of
//! a git repository gives the same fingerprints as one from its root.

use std::collections::HashMap;

use rayon::prelude::*;

use super::sarif::SarifContext;
use super::{Report, ReportFinding};

/// The key under which SARIF carries the fingerprint (`partialFingerprints`).
pub const SARIF_KEY: &str = "vpclint/v1";

/// FNV-1a, 64 bits: stable across platforms and releases (unlike `DefaultHasher`). Each part
/// is followed by 0xff, a byte no UTF-8 text holds, so parts cannot run into each other.
pub fn fnv1a(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain(std::iter::once(0xff)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

/// What a finding is about: its resource, or for file-level findings the message (which
/// names what is wrong and holds no positions).
fn subject(f: &ReportFinding) -> &str {
    f.resource.as_deref().unwrap_or(&f.message)
}

/// The fingerprints of `report`'s findings, then of its suppressed findings (kept with
/// `--show-suppressed`), in order. Findings come first, so whether suppressed findings are
/// shown never changes a reported finding's ordinal.
pub fn compute(report: &Report, ctx: &SarifContext) -> Vec<String> {
    let all: Vec<&ReportFinding> = report.findings.iter().chain(&report.suppressed).collect();
    // Each path's URI, made once (findings come by path; making one resolves the path).
    let mut paths: Vec<&str> = all.iter().map(|f| f.location.path.as_str()).collect();
    paths.sort_unstable();
    paths.dedup();
    // On the run's threads when called on them (the URIs and the hashes are independent).
    let pooled = rayon::current_thread_index().is_some();
    let uri_of = |p: &&str| ctx.uri(p);
    let made: Vec<String> =
        if pooled { paths.par_iter().map(uri_of).collect() } else { paths.iter().map(uri_of).collect() };
    let uris: HashMap<&str, &str> = paths.iter().copied().zip(made.iter().map(String::as_str)).collect();
    let mut ordinals: HashMap<(&str, &str, &str), usize> = HashMap::new();
    let keyed: Vec<(&ReportFinding, &str, usize)> = all
        .iter()
        .map(|f| {
            let uri = uris.get(f.location.path.as_str()).copied().unwrap_or("");
            let n = ordinals.entry((f.rule_id.as_str(), uri, subject(f))).or_insert(0);
            *n += 1;
            (*f, uri, *n - 1)
        })
        .collect();
    let print = |&(f, uri, n): &(&ReportFinding, &str, usize)| fnv1a(&[&f.rule_id, uri, subject(f), &n.to_string()]);
    if pooled { keyed.par_iter().map(print).collect() } else { keyed.iter().map(print).collect() }
}

/// The fingerprints reporters show: those [`assign`] set (kept when `--baseline` has since
/// hidden some findings, which would shift the ordinals of a recount), else computed now.
pub fn of(report: &Report, ctx: &SarifContext) -> Vec<String> {
    let all = || report.findings.iter().chain(&report.suppressed);
    if all().all(|f| !f.fingerprint.is_empty()) {
        all().map(|f| f.fingerprint.clone()).collect()
    } else {
        compute(report, ctx)
    }
}

/// Sets every finding's `fingerprint`.
pub fn assign(report: &mut Report, ctx: &SarifContext) {
    let prints = compute(report, ctx);
    for (f, p) in report.findings.iter_mut().chain(report.suppressed.iter_mut()).zip(prints) {
        f.fingerprint = p;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_is_stable_and_separates_parts() {
        assert_eq!(fnv1a(&["a", "b"]), fnv1a(&["a", "b"]));
        assert_ne!(fnv1a(&["ab", ""]), fnv1a(&["a", "b"]));
        // Pinned: a change here changes every user's baseline and code scanning alerts.
        assert_eq!(fnv1a(&["VPC301", "a.yaml", "AppSubnet", "0"]).len(), 16);
        assert_eq!(fnv1a(&[]), "cbf29ce484222325");
    }
}
