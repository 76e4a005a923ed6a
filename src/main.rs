//! The `vpclint` binary: parse the CLI, run, render, and turn the outcome into an exit code.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use vpclint::cli::{CheckArgs, Cli, ColorArg, Command, FormatArg, ModelArgs, RulesFormat};
use vpclint::report::{self, terminal};
use vpclint::rules::Registry;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cli.command {
        Command::Check(args) => check(&args),
        Command::Explain { rule, rules } => match rules.registry() {
            Ok(registry) => explain(&registry, &rule),
            Err(e) => usage_error(*e),
        },
        Command::Rules(args) => {
            let registry = match args.sources.registry() {
                Ok(r) => r,
                Err(e) => return usage_error(*e),
            };
            if args.format == RulesFormat::Json {
                return write_stdout(&report::rule_list::render_json(&registry));
            }
            let mut out = String::new();
            for d in registry.docs() {
                out.push_str(&format!("{}  {:<44} {:<8} {}\n", d.id, d.name, d.severity.as_str(), d.title));
            }
            write_stdout(&out)
        }
        Command::Model(args) => model(&args),
        Command::TestRules { dirs } => test_rules(&dirs),
    }
}

/// Prints a usage error (exit code 2). A rule file's error is one line, `path:line:column:
/// message`, as compilers write them, so editors and terminals link to the place.
fn usage_error(e: vpclint::config::ConfigError) -> ExitCode {
    match e {
        vpclint::config::ConfigError::UserRules(e) => {
            eprintln!("vpclint: {}", report::excerpt::escape(&e.to_string()))
        }
        e => eprintln!("{:?}", miette::Report::new(e)),
    }
    ExitCode::from(2)
}

/// `vpclint model`: the JSON form of each file's model, and the problems of files that
/// could not be modelled.
fn model(args: &ModelArgs) -> ExitCode {
    let config = match args.resolve() {
        Ok(c) => c,
        Err(e) => return usage_error(*e),
    };
    let outcome = match vpclint::run(&config) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("vpclint: {e}");
            return ExitCode::from(2);
        }
    };
    for n in &outcome.notices {
        eprintln!("vpclint: {}", report::excerpt::escape(n));
    }
    let doc = serde_json::json!({
        "version": env!("CARGO_PKG_VERSION"),
        "files": outcome.models,
        "problems": outcome.report.findings,
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    let written = match &args.output {
        Some(path) => {
            std::fs::write(path, text.as_bytes()).map_err(|e| format!("cannot write {}: {e}", path.display()))
        }
        None => match std::io::stdout().lock().write_all(text.as_bytes()) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                Err(format!("cannot write to standard output: {e}"))
            }
            _ => Ok(()),
        },
    };
    if let Err(message) = written {
        eprintln!("vpclint: {message}");
        return ExitCode::from(2);
    }
    if outcome.report.findings.iter().any(|f| f.level == report::Level::Error) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `vpclint test-rules`: every user rule example, as `tests/rule_docs.rs` runs ours.
fn test_rules(dirs: &[std::path::PathBuf]) -> ExitCode {
    match vpclint::test_user_rules(dirs) {
        Err(e) => {
            eprintln!("vpclint: {e}");
            ExitCode::from(2)
        }
        Ok((ran, failures)) => {
            for f in &failures {
                eprintln!(
                    "{}:{}: {}: {}",
                    report::excerpt::escape(&f.path.display().to_string()),
                    f.line,
                    f.rule,
                    f.message
                );
            }
            if failures.is_empty() {
                println!("{ran} examples passed");
                ExitCode::SUCCESS
            } else {
                eprintln!("{} of {ran} examples failed", failures.len());
                ExitCode::from(1)
            }
        }
    }
}

fn check(args: &CheckArgs) -> ExitCode {
    let resolved = match args.resolve() {
        Ok(r) => r,
        Err(e) => return usage_error(*e),
    };
    let config = resolved.config;
    let mut outcome = match vpclint::run(&config) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("vpclint: {e}");
            return ExitCode::from(2);
        }
    };
    // The project root: SARIF URIs, GitLab paths and fingerprints are relative to it.
    let root = report::sarif::SarifContext::discover(args.sarif_root.as_deref());
    match &outcome.pool {
        Some(pool) => pool.install(|| report::fingerprint::assign(&mut outcome.report, &root)),
        None => report::fingerprint::assign(&mut outcome.report, &root),
    }
    // A baseline hides the findings it records; --write-baseline records them first.
    let ran = |id: &str| config.selection.enabled(id);
    if let Some(path) = &resolved.write_baseline {
        let baseline = report::baseline::Baseline::of(&outcome.report, &root, path);
        if let Err(e) = std::fs::write(path, baseline.to_json()) {
            eprintln!("vpclint: cannot write baseline {}: {}", path.display(), vpclint::load::io_message(&e));
            return ExitCode::from(2);
        }
        let n = baseline.entries.len();
        eprintln!("vpclint: wrote {n} finding{} to baseline {}", if n == 1 { "" } else { "s" }, path.display());
        baseline.apply(&mut outcome.report, &root, ran);
    } else if let Some(baseline) = &resolved.baseline {
        baseline.apply(&mut outcome.report, &root, ran);
    }
    // Notices name paths from the walk: escaped like the pretty format, so a file name
    // cannot carry terminal control sequences.
    for n in &outcome.notices {
        eprintln!("vpclint: {}", report::excerpt::escape(n));
    }
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let rendered = match args.format {
        FormatArg::Pretty | FormatArg::Concise if args.statistics => {
            let mut table = report::statistics::render_table(&outcome.report);
            if args.format == FormatArg::Pretty {
                table.push_str(&terminal::summary_line(&outcome.report));
            }
            table
        }
        FormatArg::Json if args.statistics => report::statistics::render_json(&outcome.report),
        FormatArg::Pretty => {
            let color = match args.color {
                ColorArg::Always => true,
                ColorArg::Never => false,
                ColorArg::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
            };
            let width = terminal_width();
            let style = terminal::Style { color, width };
            // Snippets are cut and rendered in parallel on the run's threads.
            match &outcome.pool {
                Some(pool) => pool.install(|| terminal::render(&outcome.report, style)),
                None => terminal::render(&outcome.report, style),
            }
        }
        FormatArg::Concise => report::concise::render(&outcome.report),
        FormatArg::Json => report::json::render(&outcome.report),
        FormatArg::Sarif => report::sarif::render(&outcome.report, &root),
        FormatArg::Github => report::github::render(&outcome.report),
        FormatArg::Gitlab => report::gitlab::render(&outcome.report, &root),
        FormatArg::Junit => report::junit::render(&outcome.report),
    };
    let written = match &args.output {
        Some(path) => {
            std::fs::write(path, rendered.as_bytes()).map_err(|e| format!("cannot write {}: {e}", path.display()))
        }
        None => match std::io::stdout().lock().write_all(rendered.as_bytes()) {
            Ok(()) => Ok(()),
            // A closed pipe (`vpclint check | head`) is not an error.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            Err(e) => Err(format!("cannot write to standard output: {e}")),
        },
    };
    if let Err(message) = written {
        eprintln!("vpclint: {message}");
        return ExitCode::from(2);
    }
    // Concise output keeps standard output to finding lines (for grep and editors): its
    // summary always goes to standard error, as the machine formats' does with --output.
    if args.format == FormatArg::Concise || (args.output.is_some() && args.format != FormatArg::Pretty) {
        eprint!("{}", terminal::summary_line(&outcome.report));
    }
    let code = match (resolved.fail_on, outcome.report.max_level()) {
        (Some(threshold), Some(max)) if max >= threshold => ExitCode::from(1),
        _ => ExitCode::SUCCESS,
    };
    // The process ends here: the report (every finding, the texts of the files they are
    // in) and the output are left to it rather than freed one allocation at a time.
    std::mem::forget(outcome);
    std::mem::forget(rendered);
    code
}

/// The width the pretty format wraps to: `COLUMNS` when set (as in most terminal programs),
/// else the terminal's own width when standard output is one, else 100. Never below 40.
fn terminal_width() -> usize {
    let columns = std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse::<usize>().ok());
    let terminal = || terminal_size::terminal_size_of(std::io::stdout()).map(|(w, _)| usize::from(w.0));
    columns.or_else(terminal).unwrap_or(100).max(40)
}

fn explain(registry: &Registry, rule: &str) -> ExitCode {
    let found = registry.find(rule);
    match found {
        Some(d) => {
            // Each option with its type and default, from the front matter, whatever the
            // doc's own Options section says.
            let options: String = d
                .options
                .iter()
                .map(|o| format!("option: {} ({}, default {})\n", o.name, o.kind.as_str(), o.default.to_toml()))
                .collect();
            write_stdout(&format!(
                "{} ({}): {}\nseverity: {}  tags: {}\n{options}\n{}\n",
                d.id,
                d.name,
                d.title,
                d.severity.as_str(),
                d.tags.join(", "),
                d.markdown
            ))
        }
        None => {
            eprintln!("vpclint: no rule `{rule}`; `vpclint rules` lists them");
            ExitCode::from(2)
        }
    }
}

fn write_stdout(s: &str) -> ExitCode {
    match std::io::stdout().lock().write_all(s.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(2),
    }
}
