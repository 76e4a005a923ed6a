//! The formats and listings for CI systems and scripts, through the built binary:
//! `--format concise`, `--statistics`, `--format gitlab`, `--format junit`,
//! `vpclint rules --format json`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use assert_cmd::Command;

fn vpclint() -> Command {
    let mut cmd = Command::cargo_bin("vpclint").unwrap();
    cmd.current_dir(common::root()).env_remove("NO_COLOR").env("COLUMNS", "100");
    cmd
}

const EXAMPLE: &str = "testdata/examples/network.yaml";

#[test]
fn concise_is_one_line_per_finding_and_the_summary_on_stderr() {
    let out = vpclint().args(["check", EXAMPLE, "--format", "concise"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 6, "{stdout}");
    let line = lines.iter().find(|l| l.contains("[VPC301]")).unwrap();
    let (place, rest) = line.split_once(": ").unwrap();
    let parts: Vec<&str> = place.split(':').collect();
    assert_eq!(parts[0], EXAMPLE);
    assert!(parts[1].parse::<u32>().unwrap() >= 1 && parts[2].parse::<u32>().unwrap() >= 1, "{line}");
    assert!(rest.starts_with("warning [VPC301] subnet `"), "{line}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.starts_with("Checked 1 file: 3 errors, 3 warnings, 0 notes"), "{stderr}");
}

#[test]
fn concise_escapes_control_characters_in_paths() {
    let dir = tempfile::tempdir().unwrap();
    let name = "x\u{1b}[2Jy.yaml";
    std::fs::write(dir.path().join(name), "Resources:\n  A: [\n").unwrap();
    let out = vpclint().args(["check", "--format", "concise"]).arg(dir.path().join(name)).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(!stdout.contains('\u{1b}') && stdout.contains("x\\u{1b}[2Jy.yaml:"), "{stdout}");
    assert!(stdout.contains(": error [VPC000] "), "{stdout}");
}
