//! Hostile and broken inputs: every one gets a clear diagnostic at its position, the run
//! goes on, the good neighbour's findings are still reported, and nothing panics or hangs.
//! Small cases live in `testdata/bad/`; large ones are generated here, not committed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};

use vpclint::report::{Level, Report};

fn bad(name: &str) -> PathBuf {
    common::root().join("testdata/bad").join(name)
}

/// Checks `path` next to the neighbour and returns the report; asserts the neighbour's
/// finding survived.
fn check_with_neighbour(path: &Path) -> Report {
    let neighbour = bad("neighbour.yaml");
    let report = common::check(&[path, &neighbour]);
    let kept = report.findings.iter().any(|f| f.location.path.ends_with("neighbour.yaml") && f.rule_id == "VPC101");
    assert!(kept, "{}: the neighbour's finding is lost\n{}", path.display(), common::describe(&report.findings));
    report
}

/// Asserts a finding of `rule` in `path` whose message contains `needle`, at `line` if given.
fn expect(report: &Report, path: &Path, rule: &str, needle: &str, line: Option<u32>) {
    let shown = path.display().to_string();
    let hit = report.findings.iter().any(|f| {
        f.location.path == shown
            && f.rule_id == rule
            && f.message.contains(needle)
            && line.is_none_or(|l| f.location.line == l)
    });
    assert!(hit, "{shown}: no {rule} containing {needle:?} at {line:?}\n{}", common::describe(&report.findings));
    assert_eq!(report.max_level(), Some(Level::Error), "{shown}: the run must fail (exit 1)");
}

#[test]
fn committed_bad_inputs() {
    let cases: &[(&str, &str, &str, Option<u32>)] = &[
        ("malformed.yaml", "VPC000", "invalid YAML", Some(6)),
        ("malformed.json", "VPC000", "trailing comma", Some(3)),
        ("truncated.json", "VPC000", "invalid JSON", Some(7)),
        ("empty.yaml", "VPC000", "empty", None),
        ("comments-only.yaml", "VPC000", "only comments", None),
        ("top-level-scalar.yaml", "VPC000", "top level is a string", None),
        ("top-level-list.json", "VPC000", "top level is a list", None),
        ("resources-list.yaml", "VPC001", "`Resources` must be a mapping", Some(3)),
        ("type-mapping.yaml", "VPC001", "`Type` must be a literal string, found a mapping", Some(4)),
        ("type-mapping.yaml", "VPC001", "found an intrinsic function (`Ref`)", Some(6)),
        ("wrong-types.yaml", "VPC001", "`CidrBlock` must be a single value, found a list", Some(6)),
        ("wrong-types.yaml", "VPC001", "`Properties` must be a mapping, found a string", Some(11)),
        ("wrong-types.yaml", "VPC001", "`RouteTableIds` must be a list", Some(40)),
        ("wrong-types.yaml", "VPC001", "`MapPublicIpOnLaunch` must be true or false", Some(18)),
        ("wrong-types.yaml", "VPC001", "`300.1.1.1/8` is not a valid CIDR block", Some(51)),
        ("missing-refs.yaml", "VPC001", "`Ref` to `NoSuchVpc`", Some(5)),
        ("missing-refs.yaml", "VPC001", "`Fn::GetAtt` of `Ghost`", Some(10)),
        ("cycles.yaml", "VPC001", "circular reference", None),
        ("cycles.yaml", "VPC001", "depends on itself", None),
        ("duplicate-keys.yaml", "VPC001", "duplicate key `Vpc`", Some(6)),
        ("duplicate-keys.yaml", "VPC001", "duplicate key `CidrBlock`", Some(10)),
        ("duplicate-keys.json", "VPC001", "duplicate key `Type`", Some(1)),
        ("alias-bomb.yaml", "VPC000", "alias bomb", None),
        ("latin1.yaml", "VPC000", "not valid UTF-8", Some(5)),
        ("utf16.yaml", "VPC000", "UTF-16", None),
        // Random bytes with NULs: binary, reported on the whole file (no snippet of garbage).
        ("binary.yaml", "VPC000", "the file is binary (it contains NUL bytes)", Some(1)),
        ("plan-null-sections.json", "VPC001", "a resource change must be an object, found a number", Some(5)),
        ("plan-null-sections.json", "VPC001", "is not a resource address", None),
        ("plan-modules-without-bodies.json", "VPC001", "`resource_changes` must be a list", None),
        (
            "plan-modules-without-bodies.json",
            "VPC001",
            "a module in `planned_values` must be an object, found null",
            None,
        ),
        ("plan-unsupported-version.json", "VPC001", "format_version `9.0`", Some(1)),
    ];
    for (name, rule, needle, line) in cases {
        let path = bad(name);
        let report = check_with_neighbour(&path);
        expect(&report, &path, rule, needle, *line);
    }
    // Every committed case is covered above.
    let covered: std::collections::BTreeSet<&str> = cases.iter().map(|c| c.0).collect();
    for entry in std::fs::read_dir(common::root().join("testdata/bad")).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().to_string();
        if entry.file_type().unwrap().is_file() && name != "neighbour.yaml" {
            assert!(covered.contains(name.as_str()), "testdata/bad/{name} has no assertion");
        }
    }
}

#[test]
fn fuzz_regressions_do_not_panic() {
    let dir = common::root().join("testdata/bad/fuzz");
    let Ok(entries) = std::fs::read_dir(&dir) else { return };
    for entry in entries {
        let path = entry.unwrap().path();
        let report = check_with_neighbour(&path);
        assert!(
            report.findings.iter().all(|f| !f.message.contains("internal error")),
            "{}: {}",
            path.display(),
            common::describe(&report.findings)
        );
    }
}

fn write(dir: &Path, name: &str, content: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

#[test]
fn nesting_200000_levels_deep() {
    let dir = tempfile::tempdir().unwrap();
    let n = 200_000;
    let cases = [
        write(dir.path(), "flow.yaml", "[".repeat(n).as_bytes()),
        write(dir.path(), "block.yaml", format!("{}x\n", "- ".repeat(n)).as_bytes()),
        write(dir.path(), "deep.json", format!("{}{}", "[".repeat(n), "]".repeat(n)).as_bytes()),
        write(
            dir.path(),
            "plan.json",
            format!(
                r#"{{"format_version":"1.2","planned_values":{{"root_module":{{"resources":[{}1{}]}}}}}}"#,
                r#"{"a":"#.repeat(n),
                "}".repeat(n)
            )
            .as_bytes(),
        ),
    ];
    for path in &cases {
        let report = check_with_neighbour(path);
        expect(&report, path, "VPC000", "deep", Some(1));
    }
}

#[test]
fn alias_expansion_is_bounded_and_named() {
    let report = check_with_neighbour(&bad("alias-bomb.yaml"));
    let f = report.findings.iter().find(|f| f.rule_id == "VPC000").unwrap();
    assert!(f.message.contains("1000000"), "the budget is named: {}", f.message);
}

#[test]
fn a_20_mb_single_line_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let mut text =
        String::from("Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n");
    text.push_str("      Description: ");
    text.push_str(&"x".repeat(20 * 1024 * 1024));
    text.push_str(
        "\n  Lonely:\n    Type: AWS::EC2::Subnet\n    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.9.0/24}\n",
    );
    let path = write(dir.path(), "long-line.yaml", text.as_bytes());
    let report = check_with_neighbour(&path);
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.location.path.ends_with("long-line.yaml") && f.rule_id == "VPC101" && f.location.line == 7)
    );
}

#[test]
fn a_120000_resource_template_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from(
        "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.0.0.0/8}\n  Rt:\n    Type: AWS::EC2::RouteTable\n    Properties: {VpcId: !Ref Vpc}\n  FlowLog:\n    Type: AWS::EC2::FlowLog\n    Properties: {ResourceType: VPC, ResourceId: !Ref Vpc}\n",
    );
    for i in 0..40_000 {
        text.push_str(&format!(
            "  S{i}:\n    Type: AWS::EC2::Subnet\n    Properties: {{VpcId: !Ref Vpc, CidrBlock: 10.{}.{}.0/24}}\n  A{i}:\n    Type: AWS::EC2::SubnetRouteTableAssociation\n    Properties: {{SubnetId: !Ref S{i}, RouteTableId: !Ref Rt}}\n  R{i}:\n    Type: AWS::EC2::Route\n    Properties: {{RouteTableId: !Ref Rt, DestinationCidrBlock: 10.{}.{}.0/24, GatewayId: local}}\n",
            i / 256 % 256,
            i % 256,
            i / 256 % 256,
            i % 256
        ));
    }
    // One subnet without association at the end, to prove the whole file was read.
    text.push_str(
        "  Last:\n    Type: AWS::EC2::Subnet\n    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.255.255.0/24}\n",
    );
    let path = write(dir.path(), "huge.yaml", text.as_bytes());
    let report = check_with_neighbour(&path);
    // The /8 VPC that holds 40,000 subnets is too large for AWS (VPC104 says so once).
    let ours: Vec<_> =
        report.findings.iter().filter(|f| f.location.path.ends_with("huge.yaml") && f.rule_id != "VPC104").collect();
    assert_eq!(ours.len(), 1, "{}", common::describe(&report.findings));
    assert_eq!(ours[0].resource.as_deref(), Some("Last"));
}

#[test]
fn files_over_the_size_limit_are_refused_with_the_limit_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.json");
    // A sparse 100 MB file: refused by its size before anything is read.
    std::fs::File::create(&path).unwrap().set_len(100 * 1024 * 1024).unwrap();
    let report = check_with_neighbour(&path);
    expect(&report, &path, "VPC000", "over the limit of 67108864 bytes", None);
    // The limit is configurable.
    let small = write(dir.path(), "small.yaml", std::fs::read(bad("neighbour.yaml")).unwrap().as_slice());
    let config = vpclint::Config { paths: vec![small.clone()], max_file_size: 100, ..Default::default() };
    let report = vpclint::run(&config).unwrap().report;
    expect(&report, &small, "VPC000", "--max-file-size", None);
}

#[cfg(unix)]
#[test]
fn walks_survive_symlink_loops_fifos_sockets_and_odd_directories() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::copy(bad("neighbour.yaml"), root.join("neighbour.yaml")).unwrap();
    std::fs::create_dir(root.join("sub")).unwrap();
    std::os::unix::fs::symlink(root, root.join("sub/loop")).unwrap();
    std::os::unix::fs::symlink(root.join("missing.yaml"), root.join("dangling.yaml")).unwrap();
    std::os::unix::fs::symlink(root.join("neighbour.yaml"), root.join("link.yaml")).unwrap();
    std::fs::create_dir(root.join("dir.json")).unwrap();
    let fifo = root.join("pipe.yaml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().map(|s| s.success()).unwrap_or(false);
    assert!(made, "mkfifo is needed for this test");
    let _socket = std::os::unix::net::UnixListener::bind(root.join("socket.yaml")).unwrap();

    let config = vpclint::Config { paths: vec![root.to_path_buf()], threads: 2, ..Default::default() };
    let outcome = vpclint::run(&config).unwrap();
    let report = &outcome.report;
    // Symlinks are not followed: the neighbour is checked once, through its real path.
    let hits: Vec<_> = report.findings.iter().filter(|f| f.rule_id == "VPC101").collect();
    assert_eq!(hits.len(), 1, "{}", common::describe(&report.findings));
    assert!(hits[0].location.path.ends_with("neighbour.yaml"));
    assert_eq!(report.summary.files_scanned, 1);
    // FIFOs and sockets are named on stderr, never opened.
    let notices = outcome.notices.join("\n");
    assert!(notices.contains("pipe.yaml") && notices.contains("socket.yaml"), "{notices}");
    assert!(notices.contains("not a regular file"));

    // Named explicitly, a FIFO is a VPC000 error instead of a hang.
    let config = vpclint::Config { paths: vec![fifo.clone(), root.join("neighbour.yaml")], ..Default::default() };
    let report = vpclint::run(&config).unwrap().report;
    expect(&report, &fifo, "VPC000", "not a regular file", None);
}

#[cfg(unix)]
#[test]
fn unreadable_directories_are_reported() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::copy(bad("neighbour.yaml"), locked.join("t.yaml")).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable = std::fs::read_dir(&locked).is_ok();
    let config = vpclint::Config { paths: vec![dir.path().to_path_buf()], ..Default::default() };
    let report = vpclint::run(&config).unwrap().report;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    if readable {
        // Running as root: permissions do not apply, and the file is simply checked.
        assert!(report.findings.iter().any(|f| f.rule_id == "VPC101"));
    } else {
        let hit = report.findings.iter().any(|f| f.rule_id == "VPC000" && f.location.path.ends_with("locked"));
        assert!(hit, "{}", common::describe(&report.findings));
        assert_eq!(report.max_level(), Some(Level::Error));
    }
}

#[test]
fn bad_input_exit_codes_through_the_binary() {
    let bin = assert_cmd::cargo::cargo_bin("vpclint");
    let run = |args: &[&str]| std::process::Command::new(&bin).current_dir(common::root()).args(args).output().unwrap();
    let out = run(&["check", "testdata/bad/malformed.yaml", "testdata/bad/neighbour.yaml", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["summary"]["files_failed"], 1);
    assert_eq!(v["summary"]["files_scanned"], 1);
    // Even with --fail-on never nothing is lost: the diagnostic is still in the output.
    let out = run(&["check", "testdata/bad/utf16.yaml", "--fail-on", "never"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("UTF-16"));
    // A closed stdout is not an error.
    let mut child = std::process::Command::new(&bin)
        .current_dir(common::root())
        .args(["check", "testdata/bad", "--format", "json"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(1), "findings decide the exit code, not the closed pipe");
    let _ = std::io::stdout().flush();
}
