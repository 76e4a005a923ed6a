//! Tests of `source.rs`: block location, `dynamic` blocks, ignore comments, nesting and
//! size limits, on hand-written `.tf` text.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use super::*;

fn scan(text: &str) -> (Vec<TfBlock>, Vec<TfModuleCall>) {
    scan_text(Path::new("main.tf"), text)
}

fn addresses(text: &str) -> Vec<(String, String)> {
    scan(text).0.into_iter().map(|b| (b.resource_type, b.name)).collect()
}

fn pair(t: &str, n: &str) -> (String, String) {
    (t.to_owned(), n.to_owned())
}

fn header<'t>(text: &'t str, b: &TfBlock) -> &'t str {
    &text[b.header_start as usize..b.header_end as usize]
}

fn body<'t>(text: &'t str, b: &TfBlock) -> &'t str {
    &text[b.block_start as usize..b.block_end as usize]
}

#[test]
fn dynamic_blocks_directly_inside_a_resource() {
    let text = r#"resource "aws_security_group" "g" {
  name = "dynamic \"egress\""
  # dynamic "commented" {}
  dynamic "ingress" {
for_each = var.cidrs
content {
  dynamic "nested" { for_each = [] }
}
  }
  dynamic egress {
for_each = []
  }
  tags = { dynamic = "x" }
}
resource "aws_vpc" "v" {}
"#;
    let (blocks, _) = scan(text);
    assert_eq!(blocks.len(), 2);
    assert_eq!(blocks[0].dynamic_blocks, vec!["ingress".to_string(), "egress".to_string()]);
    assert!(blocks[1].dynamic_blocks.is_empty());
}

#[test]
fn simple_block() {
    let text = "resource \"aws_vpc\" \"main\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n";
    let (blocks, modules) = scan(text);
    assert!(modules.is_empty());
    assert_eq!(blocks.len(), 1);
    let b = &blocks[0];
    assert_eq!((b.resource_type.as_str(), b.name.as_str()), ("aws_vpc", "main"));
    assert_eq!(b.path, Path::new("main.tf"));
    assert_eq!(header(text, b), "resource \"aws_vpc\" \"main\"");
    assert_eq!(body(text, b), text.trim_end());
    assert_eq!(b.block_start, b.header_start);
}

#[test]
fn several_blocks_and_whitespace_between_tokens() {
    let text = "variable \"x\" {}\n\
        resource \"aws_vpc\" \"a\" {}\n\
        locals { y = 1 }\n\
        resource   \"aws_subnet\"  \"b\" {\n}\n\
        data \"aws_ami\" \"c\" {}\n\
        resource\t\"aws_eip\" /* inline */ \"d\" { }";
    assert_eq!(addresses(text), vec![pair("aws_vpc", "a"), pair("aws_subnet", "b"), pair("aws_eip", "d")]);
    let (blocks, _) = scan(text);
    assert_eq!(header(text, &blocks[1]), "resource   \"aws_subnet\"  \"b\"");
    assert_eq!(body(text, &blocks[1]), "resource   \"aws_subnet\"  \"b\" {\n}");
    assert_eq!(header(text, &blocks[2]), "resource\t\"aws_eip\" /* inline */ \"d\"");
    // HCL keeps a block header and its `{` on one line (the lexer accepted newlines).
    for text in ["resource \"aws_subnet\"\n  \"b\" {\n}\n", "resource \"aws_subnet\" \"b\"\n{\n}\n"] {
        assert!(parse_text(Path::new("main.tf"), text).is_err(), "{text:?}");
    }
}

#[test]
fn comments_hide_blocks() {
    let text = "# resource \"x\" \"y\" {\n\
        // resource \"x\" \"y\" {\n\
        /* resource \"x\" \"y\" {\n resource \"p\" \"q\" { */\n\
        resource \"aws_vpc\" \"real\" { # }\n\
          // }\n\
          /* } */\n\
        }\n\
        resource \"aws_vpc\" \"after\" {}\n";
    assert_eq!(addresses(text), vec![pair("aws_vpc", "real"), pair("aws_vpc", "after")]);
}

#[test]
fn strings_with_braces_and_interpolations() {
    let text = r#"resource "aws_iam_policy" "p" {
  a = "}}}{"
  b = "${jsonencode({a = "}"})}"
  c = "%{ if true }{%{ endif }"
  d = "$${literal} \" } \\"
  e = "${ { x = "${"}"}" } }"
}
resource "aws_vpc" "next" {}
"#;
    let (blocks, _) = scan(text);
    assert_eq!(blocks.len(), 2);
    assert_eq!(blocks[0].name, "p");
    assert!(body(text, &blocks[0]).ends_with("\" } }\"\n}"));
    assert_eq!(blocks[1].name, "next");
}

#[test]
fn heredoc_hides_braces_and_headers() {
    let text = "resource \"aws_instance\" \"web\" {\n\
        user_data = <<EOF\n\
        }\n\
        resource \"a\" \"b\" {\n\
        EOFX is not the end\n\
        EOF-1 neither\n\
        EOF\n\
        tags = {}\n\
        }\n\
        resource \"aws_vpc\" \"v\" {}\n";
    let (blocks, _) = scan(text);
    assert_eq!(addresses(text), vec![pair("aws_instance", "web"), pair("aws_vpc", "v")]);
    assert!(body(text, &blocks[0]).ends_with("tags = {}\n}"));
}

/// hcl-edit ends a heredoc at a line (not its first) that starts with the delimiter and
/// a character that cannot continue an identifier (`EOF is ...`); Terraform ends it only
/// at a line holding the delimiter alone. Such a file does not parse here and its
/// findings stay on the plan (module docs). The lexer read it as Terraform does.
#[test]
fn heredoc_line_starting_with_its_delimiter_is_a_known_divergence() {
    let text = "resource \"a\" \"b\" {\n  x = <<EOF\nline\nEOF is not alone here\nEOF\n}\n";
    assert!(parse_text(Path::new("main.tf"), text).is_err());
    assert!(scan(text).0.is_empty());
}

#[test]
fn heredocs_holding_block_headers_are_not_blocks() {
    let text = r#"resource "aws_instance" "web" {
  user_data = <<-EOT
#!/bin/sh
cat > main.tf <<'TF'
resource "aws_vpc" "fake" {
  dynamic "ingress" {
TF
echo "${var.name} { ${jsonencode({ a = "}" })}"
%{ if var.x }resource "aws_subnet" "also_fake" {%{ endif }
  EOT
  policy = <<POLICY
{"Statement": [{"Effect": "Allow", "Resource": "*"}]}
POLICY
}
resource "aws_security_group" "real" {}
"#;
    let (blocks, _) = scan(text);
    assert_eq!(addresses(text), vec![pair("aws_instance", "web"), pair("aws_security_group", "real")]);
    assert!(blocks[0].dynamic_blocks.is_empty());
    assert!(body(text, &blocks[0]).ends_with("POLICY\n}"));
}

#[test]
fn comments_with_braces_do_not_change_blocks() {
    let text = "# }}} {{{ resource \"x\" \"y\" {\n\
        resource \"aws_vpc\" \"a\" { # {\n\
          cidr_block = \"10.0.0.0/16\" // }}\n\
          /* { [ ( */\n\
          tags = { # }\n\
            Name = \"a\" /* } */\n\
          }\n\
        }\n\
        /* } */ resource \"aws_vpc\" \"b\" {} // {\n";
    let (blocks, _) = scan(text);
    assert_eq!(addresses(text), vec![pair("aws_vpc", "a"), pair("aws_vpc", "b")]);
    assert!(body(text, &blocks[0]).ends_with("/* } */\n}\n}"), "{:?}", body(text, &blocks[0]));
    assert_eq!(body(text, &blocks[1]), "resource \"aws_vpc\" \"b\" {}");
}

#[test]
fn indented_heredoc() {
    let text = "resource \"aws_instance\" \"web\" {\n  user_data = <<-EOT\n    }\n    resource \"a\" \"b\" {\n    EOT\n  x = 1\n}\nresource \"aws_vpc\" \"v\" {}\n";
    assert_eq!(addresses(text), vec![pair("aws_instance", "web"), pair("aws_vpc", "v")]);
    // A plain heredoc with an indented, CRLF-terminated closing line.
    let text = "resource \"a\" \"x\" {\r\n  v = <<EOT\r\n}\r\n  EOT\r\n}\r\nresource \"b\" \"y\" {}";
    assert_eq!(addresses(text), vec![pair("a", "x"), pair("b", "y")]);
}

#[test]
fn nested_blocks() {
    let text = "resource \"aws_security_group\" \"sg\" {\n  ingress {\n    from_port = 443\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n  dynamic \"egress\" {\n    for_each = var.x\n    content { to_port = egress.value }\n  }\n}\nresource \"aws_vpc\" \"v\" {}\n";
    let (blocks, _) = scan(text);
    assert_eq!(blocks.len(), 2);
    assert!(body(text, &blocks[0]).ends_with("  }\n}"));
    assert_eq!(blocks[1].name, "v");
}

#[test]
fn module_calls() {
    let text = r#"module "network" {
  source  = "./modules/network"
  version = "1.0"
  nested {
source = "nope"
  }
}
module "registry" {
  count = 1
  source = "terraform-aws-modules/vpc/aws" # pinned
}
module "dynamic" {
  source = "${path.module}/x"
}
module "empty" {}
module "late" { source = "git::https://example.com/x.git?ref=v1" }
module "escaped" {
  source = "a\"b\u00e9$${c}"
}
"#;
    let (blocks, modules) = scan(text);
    assert!(blocks.is_empty());
    let got: Vec<_> = modules.iter().map(|m| (m.name.as_str(), m.source.as_deref())).collect();
    assert_eq!(
        got,
        vec![
            ("network", Some("./modules/network")),
            ("registry", Some("terraform-aws-modules/vpc/aws")),
            ("dynamic", None),
            ("empty", None),
            ("late", Some("git::https://example.com/x.git?ref=v1")),
            ("escaped", Some("a\"b\u{e9}${c}")),
        ]
    );
    let m = &modules[0];
    assert_eq!(&text[m.header_start as usize..m.header_end as usize], "module \"network\"");
}

#[test]
fn unquoted_labels() {
    let text = "resource aws_subnet app {\n}\nmodule net { source = \"./n\" }\nresource \"aws_eip\" nat {}\n";
    let (blocks, modules) = scan(text);
    assert_eq!(addresses(text), vec![pair("aws_subnet", "app"), pair("aws_eip", "nat")]);
    assert_eq!(header(text, &blocks[0]), "resource aws_subnet app");
    assert_eq!(modules[0].name, "net");
    assert_eq!(modules[0].source.as_deref(), Some("./n"));
}

#[test]
fn wrong_label_counts_and_interpolated_labels_are_not_blocks() {
    let text =
        "resource \"a\" {}\nresource \"a\" \"b\" \"c\" {}\nmodule \"m\" \"n\" {}\nmodule {}\nresource \"ok\" \"ok\" {}";
    let (blocks, modules) = scan(text);
    assert!(modules.is_empty());
    assert_eq!(addresses(text), vec![pair("ok", "ok")]);
    assert_eq!(header(text, &blocks[0]), "resource \"ok\" \"ok\"");
    // An interpolated label, or a header in an expression, is a syntax error.
    for text in
        ["resource \"a\" \"${b}\" {}\nresource \"ok\" \"ok\" {}", "x = resource \"a\" \"b\"\nresource \"ok\" \"ok\" {}"]
    {
        assert!(parse_text(Path::new("main.tf"), text).is_err(), "{text:?}");
    }
}

#[test]
fn multi_byte_characters_before_block() {
    let text = "# Ünïcödé 🚀 comment\nlocals { s = \"日本語 } {\" }\nresource \"aws_vpc\" \"main\" {\n  tags = { Name = \"café ☕\" }\n}\n";
    let (blocks, _) = scan(text);
    assert_eq!(blocks.len(), 1);
    assert_eq!(header(text, &blocks[0]), "resource \"aws_vpc\" \"main\"");
    assert!(body(text, &blocks[0]).ends_with("☕\" }\n}"));
    let text = "resource \"aws_vpc\" \"é\" {}";
    let (blocks, _) = scan(text);
    assert_eq!(blocks[0].name, "é");
    assert_eq!(header(text, &blocks[0]), "resource \"aws_vpc\" \"é\"");
    let text = "resource aws_vpc naïve {}";
    assert_eq!(addresses(text), vec![pair("aws_vpc", "naïve")]);
}

/// A file that does not parse yields nothing (its findings stay on the plan), whatever
/// is wrong with it; the lexer used to guess where its blocks end.
#[test]
fn syntax_errors_yield_nothing() {
    for text in [
        "resource \"a\" \"b\" {\n  x = {\n",
        "resource \"a\" \"b\" {\n  x = \"oops }\n}\nresource \"c\" \"d\" {}",
        "resource \"a\" \"b\" {\n  x = [1, (2\n}\nresource \"c\" \"d\" {}",
        "} ] ) }\nresource \"c\" \"d\" {}",
        "resource \"c\" \"d\" {}\nresource \"e\" \"f\" {\n  x = = 1\n}\n",
        "resource \"a\" \"b\" { x = <<EOF\n}\n",
        "resource \"a\" \"b\" { /* }",
        "resource \"a\" \"b\" { x = \"${ {",
        "resource \"a\" \"b\" { x = \"\\",
        "resource \"a\" \"b\" { x = <<",
        "resource \"a\" \"b\" { x = <<-",
        "resource \"a\" \"b\" { x = <<EOF",
        "resource \"a\" \"b\" { x = <<EOF\n",
        "resource \"a\" \"b\" {\n  x = \"\\q\"\n}\n",
        "resource",
        "resource \"a\"",
        "resource \"a\" \"b\"",
        "\"",
        "module",
    ] {
        let err = parse_text(Path::new("main.tf"), text).unwrap_err();
        assert!(err.starts_with("not valid HCL at line "), "{text:?}: {err}");
        assert_eq!(scan(text), (Vec::new(), Vec::new()), "{text:?}");
    }
    for text in ["", "\n\n", "# only a comment", "/* */"] {
        assert_eq!(parse_text(Path::new("main.tf"), text), Ok((Vec::new(), Vec::new())), "{text:?}");
    }
}

/// Deeper than the parser may recurse: refused before it runs, or by its own limit,
/// never a stack overflow (which would abort the process, not just fail the test).
#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    let n = 100_000;
    let deep = [
        format!("resource \"a\" \"b\" {{\n  x = {}1{}\n}}\n", "[".repeat(n), "]".repeat(n)),
        format!("x = {}1{}\n", "(".repeat(n), ")".repeat(n)),
        format!("x = {}1{}\n", "{a = ".repeat(n), "}".repeat(n)),
        format!("x = {}\"\"{}\n", "\"${".repeat(n), "}\"".repeat(n)),
        format!("x = <<EOT\n{}{}\nEOT\n", "${".repeat(n), "}".repeat(n)),
        "a {\n".repeat(n) + &"}\n".repeat(n),
        format!("x = {}1\n", "!".repeat(n)),
        format!("x = {}1\n", "-".repeat(n)),
        format!("x = {}1\n", "a ? b : ".repeat(n)),
        format!("x = {}1\n", "1 + ".repeat(n)),
        format!("x = [for v in {}1{} : v]\n", "[for v in ".repeat(n), " : v]".repeat(n)),
        // Unbalanced: openers without closers, and closers hidden in strings and comments.
        format!("x = {}\n", "[".repeat(n)),
        format!("x = {}\n", "[\"]\" # ]\n".repeat(n)),
    ];
    for text in &deep {
        let got = parse_text(Path::new("deep.tf"), text);
        assert!(got.is_err(), "{:?}...", text.get(..40));
    }
    assert!(nesting_exceeds(deep[0].as_bytes(), MAX_NESTING));
    assert!(nesting_exceeds(deep[12].as_bytes(), MAX_NESTING));
    // Real nesting well inside the limits parses, on a test thread's default stack.
    let ok = format!("resource \"a\" \"b\" {{\n  x = {}1{}\n}}\n", "[{a = ".repeat(25), "}]".repeat(25));
    assert!(!nesting_exceeds(ok.as_bytes(), MAX_NESTING));
    assert_eq!(addresses(&ok), vec![pair("a", "b")]);
}

#[test]
fn nesting_pre_scan_counts_what_the_parser_nests() {
    let depth = |text: &str| (0..300).find(|&limit| !nesting_exceeds(text.as_bytes(), limit));
    assert_eq!(depth(""), Some(0));
    assert_eq!(depth("a = [1, [2, (3)]]\n"), Some(3));
    assert_eq!(depth("a = { b = \"${c({d = 1})}\" }\n"), Some(5));
    // Brackets in comments and in literal text do not count; interpolations in heredocs do.
    assert_eq!(depth("# [[[[\n/* {{{{ */ // ((((\na = \"[[{{ $${ %%{\"\n"), Some(1));
    assert_eq!(depth("a = <<EOT\n{{{{ ${[x]} %%{\n  EOT\nb = [1]\n"), Some(3));
    assert_eq!(depth("a = <<-EOT\n  EOTX ${x}\nEOT\n"), Some(2));
    // Closers that match nothing are not counted.
    assert_eq!(depth("a = [)))]]] [\n"), Some(1));
    assert_eq!(depth("a = \"${\"}\"}\"\n"), Some(3));
}

#[test]
fn dynamic_blocks_two_deep_are_not_the_resource_s() {
    let text = r#"resource "aws_security_group" "g" {
  dynamic "ingress" {
for_each = var.rules
content {
  dynamic "egress" {
    for_each = []
    content {
      dynamic "deeper" {
        for_each = []
        content {}
      }
    }
  }
}
  }
  lifecycle {
dynamic "egress" {
  for_each = []
  content {}
}
  }
}
resource "aws_network_acl" "n" {
  dynamic egress {
for_each = var.rules
content {
  rule_no = egress.key
}
  }
}
"#;
    let (blocks, _) = scan(text);
    assert_eq!(blocks.len(), 2);
    assert_eq!(blocks[0].dynamic_blocks, vec!["ingress".to_string()]);
    assert_eq!(blocks[1].dynamic_blocks, vec!["egress".to_string()]);
}

#[test]
fn large_pathological_inputs() {
    let mb = 1 << 20;
    for text in [
        "{".repeat(mb),
        "}".repeat(mb),
        "[".repeat(mb) + &"}".repeat(mb),
        "\"${".repeat(mb / 3),
        "(".repeat(mb) + &"]".repeat(mb),
        "<<EOF\n".repeat(mb / 6),
        "/*".repeat(mb / 2),
        "\0".repeat(mb),
        "resource \"a\" \"b\" {".repeat(mb / 18),
    ] {
        let (blocks, _) = scan(&text);
        for b in &blocks {
            assert!(b.block_end as usize <= text.len());
        }
    }
    let text = "resource \"a\" \"b\" {}\n".repeat(10_000);
    assert_eq!(scan(&text).0.len(), 10_000);
}

/// Checks every range lies within the text and on char boundaries.
fn check_ranges(text: &str, blocks: &[TfBlock], modules: &[TfModuleCall]) {
    let ok = |i: u32| (i as usize) <= text.len() && text.is_char_boundary(i as usize);
    for b in blocks {
        for i in [b.header_start, b.header_end, b.block_start, b.block_end] {
            assert!(ok(i), "{text:?} {b:?}");
        }
        assert!(b.block_start <= b.header_start, "{text:?} {b:?}");
        assert!(b.header_start < b.header_end, "{text:?} {b:?}");
        assert!(b.header_end < b.block_end, "{text:?} {b:?}");
        assert!(header(text, b).starts_with("resource"), "{text:?} {b:?}");
    }
    for m in modules {
        assert!(ok(m.header_start) && ok(m.header_end), "{text:?} {m:?}");
        assert!(m.header_start < m.header_end, "{text:?} {m:?}");
        assert!(text[m.header_start as usize..].starts_with("module"), "{text:?} {m:?}");
    }
}

#[test]
fn garbage_input_never_panics() {
    let alphabets: [Vec<char>; 2] = [
        "{}[]()\"'#/*<-\n$%aEOF resource".chars().collect(),
        "{}[]()\"\\#/*<-\n$%aEOF resource module source=\0é日🚀\r\t".chars().collect(),
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        // xorshift64
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for alphabet in &alphabets {
        for _ in 0..2000 {
            let len = (next() % 200) as usize;
            let mut text = String::new();
            for _ in 0..len {
                // Bias towards whole keywords so headers actually occur.
                match next() % 8 {
                    0 => text.push_str("resource \"t\" \"n\" {"),
                    1 => text.push_str("module \"m\" { source = \"s\"\n"),
                    _ => text.push(alphabet[(next() % alphabet.len() as u64) as usize]),
                }
            }
            let (blocks, modules) = scan(&text);
            check_ranges(&text, &blocks, &modules);
        }
    }
    // Valid files built from pieces: every block is found, whatever surrounds it.
    let pieces = [
        "resource \"t\" \"n\" {}\n",
        "resource \"t\" \"n\" {\n  x = \"}\" # {\n}\n",
        "module \"m\" { source = \"./s\" }\n",
        "# resource \"c\" \"c\" {\n",
        "/* { */\n",
        "x = <<EOT\nresource \"h\" \"h\" {\nEOT\n",
        "\n",
        "locals { a = \"${b} {\" }\n",
    ];
    let mut found = 0;
    for _ in 0..500 {
        let mut text = String::new();
        let mut expected = (0, 0);
        let mut attribute = 0;
        for _ in 0..(next() % 12) {
            let piece = pieces[(next() % pieces.len() as u64) as usize];
            if piece.starts_with("x = ") {
                // Attribute names must be unique in a body.
                attribute += 1;
                text.push_str(&piece.replacen('x', &format!("x{attribute}"), 1));
            } else {
                text.push_str(piece);
            }
            expected.0 += usize::from(piece.starts_with("resource"));
            expected.1 += usize::from(piece.starts_with("module"));
        }
        let (blocks, modules) = scan(&text);
        assert_eq!((blocks.len(), modules.len()), expected, "{text:?}");
        check_ranges(&text, &blocks, &modules);
        found += blocks.len() + modules.len();
    }
    assert!(found > 0);
}

#[test]
fn index_lookups_prefer_primary_files() {
    let mut scan = ScanResult::default();
    let (b1, m1) =
        scan_text(Path::new("override.tf"), "resource \"aws_vpc\" \"main\" {}\nmodule \"n\" { source = \"./o\" }");
    let (b2, m2) = scan_text(
        Path::new("main.tf"),
        "resource \"aws_vpc\" \"main\" {}\nresource \"aws_vpc\" \"main\" {}\nmodule \"n\" { source = \"./n\" }",
    );
    let (b3, _) = scan_text(Path::new("x_override.tf"), "resource \"aws_eip\" \"only\" {}");
    scan.blocks.extend(b1.into_iter().chain(b2).chain(b3));
    scan.modules.extend(m1.into_iter().chain(m2));
    let index = TfIndex::from_scan(&scan);
    let vpc = index.block("aws_vpc", "main").unwrap();
    assert_eq!(vpc.path, Path::new("main.tf"));
    assert_eq!(vpc.header_start, 0);
    assert_eq!(index.block("aws_eip", "only").unwrap().path, Path::new("x_override.tf"));
    assert!(index.block("aws_vpc", "other").is_none());
    assert_eq!(index.module_source("n"), Some("./n"));
    assert_eq!(index.module_source("missing"), None);
    assert_eq!(index.blocks().len(), 2);
}

#[test]
fn scan_dir_reads_tf_files_in_order() {
    let dir = std::env::temp_dir().join(format!(
        "vpclint-tfsource-{}-{}",
        std::process::id(),
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos()
    ));
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("b.tf"), "resource \"aws_subnet\" \"b\" {}\n").unwrap();
    std::fs::write(dir.join("a.tf"), "resource \"aws_vpc\" \"a\" {}\nmodule \"m\" { source = \"./m\" }\n").unwrap();
    std::fs::write(dir.join("bad.tf"), [0xff, 0xfe, b'{']).unwrap();
    std::fs::write(dir.join("broken.tf"), "resource \"x\" \"broken\" {\n  x = (\n}\n").unwrap();
    std::fs::write(dir.join("notes.txt"), "resource \"x\" \"y\" {}").unwrap();
    std::fs::write(dir.join(".hidden.tf"), "resource \"x\" \"h\" {}").unwrap();
    std::fs::write(dir.join("sub").join("c.tf"), "resource \"x\" \"c\" {}").unwrap();
    std::fs::create_dir_all(dir.join("dir.tf")).unwrap();
    let big = std::fs::File::create(dir.join("big.tf")).unwrap();
    big.set_len(MAX_FILE_BYTES + 1).unwrap();
    drop(big);

    let scan = scan_dir(&dir);
    let missing = scan_dir(&dir.join("does-not-exist"));
    std::fs::remove_dir_all(&dir).unwrap();

    let names: Vec<_> = scan.blocks.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(names, vec!["a", "b"]);
    assert_eq!(scan.blocks[0].path, dir.join("a.tf"));
    assert_eq!(scan.modules.len(), 1);
    let texts: Vec<_> = scan.texts.iter().map(|(p, _)| p.clone()).collect();
    assert_eq!(texts, vec![dir.join("a.tf"), dir.join("b.tf")]);
    assert!(scan.texts[1].1.starts_with("resource \"aws_subnet\""));
    let errors: Vec<_> = scan.errors.iter().map(|(p, _)| p.clone()).collect();
    assert_eq!(errors, vec![dir.join("bad.tf"), dir.join("big.tf"), dir.join("broken.tf")]);
    assert!(scan.errors[0].1.contains("UTF-8"), "{:?}", scan.errors);
    assert!(scan.errors[1].1.contains("16 MiB"), "{:?}", scan.errors);
    assert!(scan.errors[2].1.starts_with("not valid HCL at line 3, column 1"), "{:?}", scan.errors);
    let index = TfIndex::from_scan(&scan);
    assert_eq!(index.block("aws_subnet", "b").unwrap().name, "b");
    assert_eq!(index.module_source("m"), Some("./m"));

    assert!(missing.blocks.is_empty());
    assert_eq!(missing.errors.len(), 1);
}
