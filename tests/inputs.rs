//! What vpclint is given, end to end: one file named through several spellings, paths shown
//! the same way named or walked, the warning when nothing was found, Terraform source and
//! binary plans named by mistake, binary files, and the help each VPC000 cause gets.
//!
//! `testdata/cli/inputs/tfplan` stands in for `terraform plan -out tfplan`: a ZIP archive
//! whose first entry is `tfplan`, stored uncompressed (so its bytes, an ANSI escape and
//! the marker `PLAN-BYTES-7f3a` among them, are in the file as they are), made with
//! Python's `zipfile` and a fixed date.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

/// A template with one VPC101 finding (a warning), at line 5.
/// One VPC101 finding (the VPC has a flow log, so VPC501 is silent).
const LONELY_SUBNET: &str = "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.0.0.0/16}\n  Lonely:\n    Type: AWS::EC2::Subnet\n    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24}\n  FlowLog:\n    Type: AWS::EC2::FlowLog\n    Properties: {ResourceType: VPC, ResourceId: !Ref Vpc, TrafficType: ALL, LogDestinationType: s3, LogDestination: arn:aws:s3:::example-flow-logs}\n";

const NOTHING_FOUND: &str = "no CloudFormation template or Terraform plan found";

/// The marker inside the binary plan and the binary file, which must never be echoed.
const MARKER: &str = "PLAN-BYTES-7f3a";

/// vpclint run in `dir`, wide enough that no help line wraps.
fn vpclint_in(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("vpclint").unwrap();
    cmd.current_dir(dir).env_remove("NO_COLOR").env("COLUMNS", "1000");
    cmd
}

fn vpclint() -> Command {
    vpclint_in(&common::root())
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(cmd: &mut Command, args: &[&str]) -> Run {
    let out = cmd.args(args).output().unwrap();
    Run {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

fn json(r: &Run) -> Value {
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
}

fn findings(v: &Value) -> &Vec<Value> {
    v["findings"].as_array().unwrap()
}

/// A directory with `x.yaml` (one finding) and `a/y.yaml` (one finding).
fn two_templates() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.yaml"), LONELY_SUBNET).unwrap();
    std::fs::create_dir(dir.path().join("a")).unwrap();
    std::fs::write(dir.path().join("a/y.yaml"), LONELY_SUBNET).unwrap();
    dir
}

/// The `help:` line of pretty output (unwrapped: COLUMNS is 1000).
fn help_line(pretty: &str) -> &str {
    pretty.lines().find_map(|l| l.trim_start().strip_prefix("help: ")).unwrap_or_else(|| panic!("no help in {pretty}"))
}

#[test]
fn a_file_named_through_several_spellings_is_checked_once() {
    let dir = two_templates();
    let r = run(
        &mut vpclint_in(dir.path()),
        &[
            "check",
            "x.yaml",
            "./x.yaml",
            ".//x.yaml",
            "a/../x.yaml",
            "a/y.yaml",
            "./a/y.yaml",
            "a//y.yaml",
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, Some(1));
    let v = json(&r);
    let paths: Vec<&str> = findings(&v).iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["a/y.yaml", "x.yaml"], "each finding once, shown without `./`");
    assert_eq!(v["summary"]["files_scanned"], 2);
    // Named and walked at once: still once, and still checked as named.
    let r = run(&mut vpclint_in(dir.path()), &["check", ".", "./x.yaml", "--format", "json"]);
    let v = json(&r);
    assert_eq!(findings(&v).len(), 2, "{}", r.stdout);
    assert_eq!(v["summary"]["files_scanned"], 2);
    // An absolute path stays absolute, with its `.` removed.
    let abs = format!("{}/./x.yaml", dir.path().display());
    let v = json(&run(&mut vpclint_in(dir.path()), &["check", &abs, "--format", "json"]));
    assert_eq!(findings(&v)[0]["path"], dir.path().join("x.yaml").display().to_string());
}

#[test]
fn walked_paths_are_shown_as_named_ones_are() {
    let dir = two_templates();
    for args in [&["check"][..], &["check", "."], &["check", "./"], &["check", "././"]] {
        let r = run(&mut vpclint_in(dir.path()), &[args, &["--format", "json"]].concat());
        let v = json(&r);
        let paths: Vec<&str> = findings(&v).iter().map(|f| f["path"].as_str().unwrap()).collect();
        assert_eq!(paths, ["a/y.yaml", "x.yaml"], "{args:?}");
    }
    let r = run(&mut vpclint_in(dir.path()), &["check", "./a", "--format", "json"]);
    assert_eq!(findings(&json(&r))[0]["path"], "a/y.yaml");
    let pretty = run(&mut vpclint_in(dir.path()), &["check", ".", "--color", "never"]).stdout;
    assert!(pretty.lines().any(|l| l == "x.yaml:5:3"), "{pretty}");
    assert!(!pretty.contains("./"), "{pretty}");
    let github = run(&mut vpclint_in(dir.path()), &["check", ".", "--format", "github"]).stdout;
    assert!(github.contains("file=x.yaml,") && github.contains("file=a/y.yaml,"), "{github}");
    // SARIF URIs stay relative to the root.
    let r = run(&mut vpclint_in(dir.path()), &["check", ".", "--format", "sarif", "--sarif-root", "."]);
    let v = json(&r);
    let uris: Vec<&str> = v["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|res| res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap())
        .collect();
    assert_eq!(uris, ["a/y.yaml", "x.yaml"], "{}", r.stdout);
    // Findings placed on `.tf` lines next to a plan in the working directory, modules too.
    let r = run(&mut vpclint_in(&common::root().join("testdata/tf/root")), &["check", "plan.json", "--format", "json"]);
    let v = json(&r);
    let mut paths: Vec<&str> = findings(&v)
        .iter()
        .flat_map(|f| std::iter::once(&f["path"]).chain(f["related"].as_array().unwrap().iter().map(|r| &r["path"])))
        .map(|p| p.as_str().unwrap())
        .collect();
    paths.sort();
    paths.dedup();
    assert_eq!(paths, ["main.tf", "modules/network/main.tf", "plan.json"], "{}", r.stdout);
}

#[test]
fn a_run_that_finds_nothing_warns_on_stderr_and_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let warning = "vpclint: warning: no CloudFormation template or Terraform plan found in the current directory; \
                   for Terraform, run `terraform show -json plan.out > plan.json` and check plan.json\n";
    // An empty directory.
    let r = run(&mut vpclint_in(dir.path()), &["check"]);
    assert_eq!(r.code, Some(0));
    assert_eq!(r.stderr, warning);
    assert!(r.stdout.starts_with("Checked 0 files"), "{}", r.stdout);
    // Only JSON and YAML that are neither templates nor plans; the report is still whole.
    std::fs::write(dir.path().join("package.json"), "{\"name\": \"app\", \"version\": \"1.0.0\"}\n").unwrap();
    let r = run(&mut vpclint_in(dir.path()), &["check"]);
    assert!(
        r.stdout.starts_with(
            "Checked 0 files: 0 errors, 0 warnings, 0 notes; skipped 1 file that is not a template or plan ("
        ),
        "{}",
        r.stdout
    );
    std::fs::write(dir.path().join("deployment.yaml"), "apiVersion: apps/v1\nkind: Deployment\n").unwrap();
    let r = run(&mut vpclint_in(dir.path()), &["check", ".", "--format", "json"]);
    assert_eq!(r.code, Some(0));
    assert_eq!(r.stderr, warning);
    let v = json(&r);
    assert_eq!(v["summary"]["files_skipped"], 2);
    assert!(findings(&v).is_empty());
    let r = run(&mut vpclint_in(dir.path()), &["check"]);
    assert!(r.stdout.contains("; skipped 2 files that are not templates or plans ("), "{}", r.stdout);
    // Named directories are named in the warning.
    let r = run(&mut vpclint_in(&common::root()), &["check", "testdata/cli/inputs", "--format", "json"]);
    assert_eq!(r.code, Some(0));
    assert!(r.stderr.contains(&format!("{NOTHING_FOUND} in testdata/cli/inputs;")), "{}", r.stderr);
    // Not when a template is there, nor when a file failed (it has its own error).
    std::fs::write(dir.path().join("t.yaml"), LONELY_SUBNET).unwrap();
    let r = run(&mut vpclint_in(dir.path()), &["check", "."]);
    assert_eq!(r.code, Some(1));
    assert_eq!(r.stderr, "");
    let r = run(&mut vpclint(), &["check", "testdata/bad/malformed.yaml"]);
    assert_eq!(r.code, Some(1));
    assert!(!r.stderr.contains(NOTHING_FOUND), "{}", r.stderr);
}

#[test]
fn terraform_source_named_explicitly_gets_the_plan_hint() {
    let r = run(&mut vpclint(), &["check", "testdata/cli/inputs/main.tf", "--format", "json"]);
    assert_eq!(r.code, Some(1));
    let v = json(&r);
    let f = &findings(&v)[0];
    assert_eq!(f["rule_id"], "VPC000");
    let message = f["message"].as_str().unwrap();
    assert!(message.starts_with("this is Terraform source (`.tf`), which vpclint does not read"), "{message}");
    assert!(
        message.contains("run `terraform plan -out plan.out && terraform show -json plan.out > plan.json`"),
        "{message}"
    );
    assert!(!message.contains("YAML"), "not a YAML syntax error: {message}");
    assert_eq!((f["line"].as_u64(), f.get("byte_offset")), (Some(1), None), "the whole file");

    // `.tf.json` is JSON Terraform source: the same hint when it is not a plan by content.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("override.tf.json"),
        "{\"resource\": {\"aws_vpc\": {\"main\": {\"cidr_block\": \"10.0.0.0/16\"}}}}\n",
    )
    .unwrap();
    std::fs::copy(common::root().join("testdata/cli/inputs/main.tf"), dir.path().join("main.tf")).unwrap();
    let v = json(&run(&mut vpclint_in(dir.path()), &["check", "override.tf.json", "--format", "json"]));
    assert!(findings(&v)[0]["message"].as_str().unwrap().contains("Terraform source (`.tf.json`)"), "{v}");
    // A plan is a plan whatever its name.
    std::fs::copy(common::root().join("testdata/tf/root/plan.json"), dir.path().join("plan.tf.json")).unwrap();
    let v = json(&run(&mut vpclint_in(dir.path()), &["check", "plan.tf.json", "--format", "json"]));
    assert_eq!(v["summary"]["files_scanned"], 1, "{v}");
    // In a walk `.tf` files are not candidates, and Terraform JSON source is skipped quietly.
    std::fs::remove_file(dir.path().join("plan.tf.json")).unwrap();
    let r = run(&mut vpclint_in(dir.path()), &["check", ".", "--format", "json"]);
    assert_eq!(r.code, Some(0));
    let v = json(&r);
    assert!(findings(&v).is_empty(), "{v}");
    assert_eq!(v["summary"]["files_skipped"], 1);
    assert!(r.stderr.contains(NOTHING_FOUND));
}

/// Asserts that nothing of the binary files reached the output.
fn assert_no_bytes_of_the_file(r: &Run) {
    for (name, text) in [("stdout", &r.stdout), ("stderr", &r.stderr)] {
        assert!(!text.contains(MARKER), "{name} echoes the file: {text}");
        assert!(!text.contains(['\u{1b}', '\0', '\u{7}', '\u{fffd}']), "{name} has raw or replaced bytes: {text:?}");
    }
}

#[test]
fn a_binary_plan_gets_the_show_json_hint_and_no_bytes_of_it() {
    let r = run(&mut vpclint(), &["check", "testdata/cli/inputs/tfplan", "--format", "json"]);
    assert_eq!(r.code, Some(1));
    assert_no_bytes_of_the_file(&r);
    let v = json(&r);
    let f = &findings(&v)[0];
    assert_eq!(
        f["message"],
        "this is a binary Terraform plan: run `terraform show -json testdata/cli/inputs/tfplan > plan.json` and check plan.json"
    );
    assert_eq!((f["line"].as_u64(), f.get("byte_offset")), (Some(1), None), "the whole file");
    let r = run(&mut vpclint(), &["check", "testdata/cli/inputs/tfplan", "--color", "always"]);
    assert!(r.stdout.contains("binary Terraform plan"));
    assert!(!r.stdout.contains(MARKER) && !r.stdout.contains('\u{fffd}'), "{}", r.stdout);
    for format in ["sarif", "github"] {
        let r = run(&mut vpclint(), &["check", "testdata/cli/inputs/tfplan", "--format", format]);
        assert_no_bytes_of_the_file(&r);
    }
    // Any name: `plan.out` in a directory with a space is quoted for the shell.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("my env")).unwrap();
    std::fs::copy(common::root().join("testdata/cli/inputs/tfplan"), dir.path().join("my env/plan.out")).unwrap();
    let v = json(&run(&mut vpclint_in(dir.path()), &["check", "my env/plan.out", "--format", "json"]));
    assert!(
        findings(&v)[0]["message"].as_str().unwrap().contains("terraform show -json 'my env/plan.out' > plan.json")
    );
}

#[test]
fn other_binary_files_have_no_position_and_no_bytes_of_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut blob = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x1b[2J".to_vec();
    blob.extend_from_slice(MARKER.as_bytes());
    blob.extend_from_slice(b"\nResources:\n  AWS::EC2::VPC \xff\xfe\x00\x07");
    std::fs::write(dir.path().join("image.yaml"), &blob).unwrap();
    // Text-looking noise that is not UTF-8 and has no NUL byte.
    let noise: Vec<u8> = (0..2048u32).map(|i| ((i * 7919) % 251) as u8 | 0x80).collect();
    std::fs::write(dir.path().join("noise.json"), [MARKER.as_bytes(), &noise].concat()).unwrap();
    let r = run(&mut vpclint_in(dir.path()), &["check", "image.yaml", "noise.json", "--format", "json"]);
    assert_eq!(r.code, Some(1));
    assert_no_bytes_of_the_file(&r);
    let v = json(&r);
    let messages: Vec<&str> = findings(&v).iter().map(|f| f["message"].as_str().unwrap()).collect();
    assert_eq!(
        messages,
        [
            "the file is binary (it contains NUL bytes), not a CloudFormation template or Terraform plan",
            "the file is binary (it is not text), not a CloudFormation template or Terraform plan"
        ]
    );
    for f in findings(&v) {
        assert_eq!((f["line"].as_u64(), f.get("byte_offset")), (Some(1), None), "the whole file: {f}");
    }
    let r = run(&mut vpclint_in(dir.path()), &["check", "image.yaml", "noise.json", "--color", "never"]);
    assert_no_bytes_of_the_file(&r);
    assert!(!r.stdout.contains('╭'), "no snippet of a binary file: {}", r.stdout);
    // In a walk, binary files are skipped quietly, even one that mentions `AWS::`.
    let r = run(&mut vpclint_in(dir.path()), &["check", ".", "--format", "json"]);
    assert_eq!(r.code, Some(0));
    assert_eq!(json(&r)["summary"]["files_skipped"], 2);
}

#[test]
fn each_vpc000_cause_has_its_own_help() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("big.yaml"), LONELY_SUBNET).unwrap();
    let root = common::root();
    let big = dir.path().join("big.yaml").display().to_string();
    let cases: &[(&[&str], &str, &str)] = &[
        (
            &[&big, "--max-file-size", "10"],
            "over the limit of 10 bytes",
            "the flag `--max-file-size` or the key `max-file-size` in vpclint.toml",
        ),
        (&["testdata/bad/latin1.yaml"], "not valid UTF-8", "save the file as UTF-8"),
        (&["testdata/bad/utf16.yaml"], "UTF-16", "save the file as UTF-8, for example `iconv -f UTF-16 -t UTF-8"),
        (&["testdata/bad/binary.yaml"], "binary", "vpclint reads text: CloudFormation templates"),
        (&["testdata/cli/inputs/main.tf"], "Terraform source", "only the plan knows"),
        (&["testdata/cli/inputs/tfplan"], "binary Terraform plan", "vpclint reads a plan's JSON form"),
        (&["testdata/bad/malformed.yaml"], "invalid YAML", "fix the YAML syntax at the reported position"),
        (&["testdata/bad/malformed.json"], "invalid JSON", "fix the JSON syntax at the reported position"),
        (
            &["testdata/cli/walk/nested/deployment.yaml"],
            "not a CloudFormation template",
            "vpclint reads CloudFormation templates (YAML or JSON with `Resources`",
        ),
        (&["testdata/bad/alias-bomb.yaml"], "alias bomb", "\"billion laughs\""),
    ];
    let vpc000_how_to_fix = vpclint::rules::Registry::builtin().doc("VPC000").unwrap().how_to_fix.clone();
    let generic = vpc000_how_to_fix.split("\n\n").next().unwrap().replace('\n', " ");
    let mut helps = std::collections::BTreeSet::new();
    for (args, message, help) in cases {
        let r = run(&mut vpclint_in(&root), &[&["check", "--color", "never"][..], args].concat());
        assert_eq!(r.code, Some(1), "{args:?}");
        assert!(r.stdout.contains(message), "{args:?}: {}", r.stdout);
        let shown = help_line(&r.stdout);
        assert!(shown.contains(help), "{args:?}: help is {shown:?}");
        assert!(!shown.contains(generic.trim()), "{args:?}: the generic help is shown");
        assert!(helps.insert(shown.to_string()), "{args:?}: help shared with another cause: {shown}");
    }
    // The help is for people: JSON has the message only.
    let v = json(&run(&mut vpclint(), &["check", "testdata/bad/latin1.yaml", "--format", "json"]));
    assert!(findings(&v)[0].get("help").is_none());
    assert_eq!(findings(&v)[0]["line"], 5, "a text file in another encoding keeps its position");
}

#[cfg(unix)]
#[test]
fn a_named_fifo_has_its_own_help() {
    let dir = tempfile::tempdir().unwrap();
    let made =
        std::process::Command::new("mkfifo").arg(dir.path().join("pipe.yaml")).status().is_ok_and(|s| s.success());
    assert!(made, "mkfifo is needed for this test");
    let r = run(&mut vpclint_in(dir.path()), &["check", "pipe.yaml", "--color", "never"]);
    assert_eq!(r.code, Some(1));
    assert!(help_line(&r.stdout).contains("write the template or plan to a regular file"), "{}", r.stdout);
}

/// `-` reads a template or plan from standard input, shown as `--stdin-filename` (default
/// `-`), so `terraform show -json plan.out | vpclint check -` needs no temporary file.
#[test]
fn standard_input_is_checked_under_its_given_name() {
    let plan = std::fs::read(common::root().join("testdata/rules/VPC301/bad.tfplan.json")).unwrap();
    let out = vpclint()
        .args(["check", "-", "--format", "json", "--stdin-filename", "infra/plan.json", "--isolated"])
        .write_stdin(plan.clone())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!findings(&v).is_empty());
    assert!(findings(&v).iter().all(|f| f["path"] == "infra/plan.json"), "{v}");
    assert!(findings(&v).iter().any(|f| f["rule_id"] == "VPC301"), "{v}");
    let out = vpclint().args(["check", "-", "--format", "json", "--isolated"]).write_stdin(plan).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(findings(&v).iter().all(|f| f["path"] == "-"));
    // Standard input that is no template is reported, as a named file is.
    let out = vpclint().args(["check", "-", "--format", "json", "--isolated"]).write_stdin("x: 1\n").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(findings(&v)[0]["rule_id"], "VPC000");
    // Beside files, standard input is one more file.
    let out = vpclint()
        .args(["check", "-", "testdata/examples/network.yaml", "--format", "json", "--isolated"])
        .write_stdin(LONELY_SUBNET)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["summary"]["files_scanned"], 2);
}

/// What a hook runner names: with `--skip-non-templates`, files that are not templates are
/// skipped quietly (exit 0); with `--force-exclude`, `exclude` applies to named files.
#[test]
fn hook_runner_files_are_candidates() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("docker-compose.yml"), "services:\n  web:\n    image: nginx\n").unwrap();
    std::fs::write(dir.path().join("package.json"), "{\"name\": \"app\"}\n").unwrap();
    std::fs::create_dir(dir.path().join("legacy")).unwrap();
    std::fs::write(dir.path().join("legacy/old.yaml"), LONELY_SUBNET).unwrap();
    std::fs::write(dir.path().join("vpclint.toml"), "exclude = [\"legacy/**\"]\n").unwrap();
    let files = ["docker-compose.yml", "package.json", "legacy/old.yaml"];
    let plain = run(vpclint_in(dir.path()).arg("check").args(files).args(["--format", "json"]), &[]);
    assert_eq!(plain.code, Some(1));
    let v = json(&plain);
    let ids: Vec<&str> = findings(&v).iter().map(|f| f["rule_id"].as_str().unwrap()).collect();
    assert_eq!(ids.iter().filter(|i| **i == "VPC000").count(), 2, "{ids:?}");
    let hook = run(
        vpclint_in(dir.path()).arg("check").args(files).args(["--format", "json", "--skip-non-templates"]),
        &["--force-exclude"],
    );
    assert_eq!(hook.code, Some(0), "{}", hook.stdout);
    let v = json(&hook);
    assert!(findings(&v).is_empty(), "{v}");
    assert_eq!(v["summary"]["files_skipped"], 2);
    // The same from the configuration file.
    std::fs::write(
        dir.path().join("vpclint.toml"),
        "exclude = [\"legacy/**\"]\nforce-exclude = true\nskip-non-templates = true\n",
    )
    .unwrap();
    let configured = run(vpclint_in(dir.path()).arg("check").args(files), &["--format", "json"]);
    assert_eq!(configured.code, Some(0), "{}", configured.stdout);
}
