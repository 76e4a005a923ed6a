//! Command-line interface: clap structs, resolved into a plain [`crate::Config`].

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use crate::config::{ConfigError, FailOn};
use crate::diagnostic::selector::RuleSelector;
use crate::report::Level;
use crate::rules::engine::Selection;

/// Audit AWS VPC networking in CloudFormation templates and Terraform plans.
#[derive(Debug, Parser)]
#[command(name = "vpclint", version, about, long_about = None, after_help = EXIT_CODES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

const EXIT_CODES: &str = "Exit codes:
  0  no finding at or above --fail-on (findings a --baseline holds do not count)
  1  at least one finding at or above --fail-on (files that cannot be read or parsed are error
     findings)
  2  usage error, a user rule file that cannot be loaded, a named path that does not exist, a
     baseline that cannot be used, or the output or baseline cannot be written";

/// Subcommands.
// Parsed once per run: the size of `check`'s arguments costs nothing worth a box.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check templates and plans (files, or directories walked recursively).
    #[command(after_help = EXIT_CODES)]
    Check(CheckArgs),
    /// Show a rule's documentation (built-in, or a user rule).
    Explain {
        /// Rule id, e.g. VPC301, or its name, e.g. s3-via-nat.
        rule: String,
        #[command(flatten)]
        rules: RuleSources,
    },
    /// List all rules: built-in, then user rules.
    Rules(RulesArgs),
    /// Print each file's VPC model as JSON: every object with its location, links by name,
    /// and the derived facts user rules query (README, "The model as JSON").
    #[command(after_help = MODEL_EXIT_CODES)]
    Model(ModelArgs),
    /// Run the `bad`/`good` examples of user rules: each bad example must give the rule's
    /// finding, each good one must not.
    #[command(after_help = TEST_RULES_EXIT_CODES)]
    TestRules {
        /// Rule directories or files.
        #[arg(required = true, value_name = "DIR")]
        dirs: Vec<PathBuf>,
    },
}

const MODEL_EXIT_CODES: &str = "Exit codes:
  0  every file was read and modelled
  1  a file could not be read or parsed (its VPC000/VPC001 findings are under `problems`)
  2  usage error, a named path that does not exist, or the output cannot be written";

const TEST_RULES_EXIT_CODES: &str = "Exit codes:
  0  every example behaves as tagged
  1  an example does not (each is listed with its position)
  2  a rule file cannot be loaded";

/// `vpclint rules` arguments.
#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    /// `text`: one line per rule (id, name, level, summary); `json`: an array of {id, name,
    /// level, summary, tags, precision, security_severity, url, file, options, explanation},
    /// for tooling.
    #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
    pub format: RulesFormat,
    #[command(flatten)]
    pub sources: RuleSources,
}

/// `vpclint rules` output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Text,
    Json,
}

/// Where user rules come from, for commands that list or explain rules.
#[derive(Debug, clap::Args)]
pub struct RuleSources {
    /// Load user rules from DIR or one rule file (repeatable; adds to vpclint.toml `rules`).
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,
    /// Read `rules` from FILE instead of the nearest vpclint.toml or .vpclint.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,
    /// Ignore configuration files.
    #[arg(long)]
    pub isolated: bool,
}

impl RuleSources {
    /// The built-in rules and these user rules.
    pub fn registry(&self) -> Result<crate::rules::Registry, Box<ConfigError>> {
        let config_file = match (&self.config, self.isolated) {
            (Some(p), _) => Some(p.clone()),
            (None, true) => None,
            (None, false) => std::env::current_dir().ok().and_then(|d| crate::config::discover(&d)),
        };
        registry_for(&self.rules, config_file.as_deref())
    }
}

/// `vpclint model` arguments.
#[derive(Debug, clap::Args)]
pub struct ModelArgs {
    /// Files or directories (walked recursively).
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Write the JSON to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Refuse files larger than SIZE (as for `check`) [default: 64MiB].
    #[arg(long, value_name = "SIZE", value_parser = crate::config::parse_size)]
    pub max_file_size: Option<u64>,
    /// The Terraform root module of the plans (as for `check`); it must exist.
    #[arg(long, value_name = "DIR")]
    pub tf_root: Option<PathBuf>,
}

impl ModelArgs {
    /// The run settings: every file, no rule, models kept.
    pub fn resolve(&self) -> Result<crate::Config, Box<ConfigError>> {
        existing_dir("--tf-root", self.tf_root.as_deref())?;
        Ok(crate::Config {
            paths: self.paths.clone(),
            max_file_size: self.max_file_size.unwrap_or(crate::load::DEFAULT_MAX_FILE_SIZE),
            tf_root: self.tf_root.clone(),
            keep_models: true,
            registry: std::sync::Arc::new(crate::rules::Registry::builtin().clone()),
            ..crate::Config::default()
        })
    }
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Diagnostics with source snippets, for people.
    Pretty,
    /// One line per finding, `path:line:col: level [ID] message`, for editors and grep.
    Concise,
    /// One JSON document with `findings` and `summary` (see README).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands (annotations on pull requests).
    Github,
    /// GitLab Code Quality JSON (`artifacts: reports: codequality:`).
    Gitlab,
    /// JUnit XML, for CI systems that show test reports.
    Junit,
}

/// When to colour the pretty output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    /// Colour when writing to a terminal and `NO_COLOR` is not set.
    Auto,
    Always,
    Never,
}

/// Arguments of `vpclint check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files and directories to check. Directories are walked, honouring .gitignore and
    /// skipping hidden entries, .git/, .terraform/ and node_modules/; candidates are
    /// *.yaml, *.yml, *.json and *.template. The format is decided by content. `-` reads one
    /// template or plan from standard input.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// The path findings on standard input (`-`) are shown at [default: -].
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,
    /// Apply `exclude` from vpclint.toml to files named on the command line too, as hook
    /// runners name every changed file.
    #[arg(long)]
    pub force_exclude: bool,
    /// Skip named files that are not CloudFormation templates or Terraform plans quietly,
    /// as a directory walk does, instead of reporting them (VPC000): for hook runners that
    /// name every YAML and JSON file.
    #[arg(long)]
    pub skip_non_templates: bool,
    /// Check each CloudFormation template alone. By default, templates checked together
    /// whose `Fn::ImportValue` names match another's literal `Export.Name` (CDK's
    /// cross-stack references), and nested stacks whose template is beside their parent,
    /// are joined into one network first.
    #[arg(long)]
    pub no_join: bool,
    /// Keep findings that in-source suppressions cover, with their reasons, in the JSON
    /// (`suppressed`) and SARIF (`suppressions` with `justification`) output, so a reviewer
    /// can audit what was waved through; they never change the exit code.
    #[arg(long)]
    pub show_suppressed: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Pretty)]
    pub format: FormatArg,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Print how many findings each rule has instead of the findings, most first: a table
    /// with --format pretty or concise, a JSON array of {rule_id, rule_name, level, count}
    /// with --format json (other formats refuse it). The exit code is the same as without it.
    #[arg(long)]
    pub statistics: bool,
    /// Report only findings that are not in this baseline file (written by
    /// --write-baseline); the exit code follows only those. Overrides `baseline` in
    /// vpclint.toml.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the findings of this run in FILE (a baseline for --baseline), then report as
    /// --baseline FILE would: only findings that cannot be recorded (unreadable files).
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
    /// Exit with 1 when a finding is at or above this level [default: warning].
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Run only these rules, comma-separated, in any case: ids (VPC301), id prefixes (VPC3),
    /// rule names (s3-via-nat) or `all`. An entry that names no rule is a usage error.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Vec<String>,
    /// Never run these rules (same forms as --select).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,
    /// Set one option of one rule, over `[rule-options]` in vpclint.toml: RULE is an id or
    /// name, VALUE a TOML value as the file takes it (`VPC201:ports=[22, 3389, 80]`). Repeat
    /// the flag for more options. See `vpclint explain RULE` for a rule's options.
    #[arg(long, value_name = "RULE:OPTION=VALUE")]
    pub configure_rule: Vec<String>,
    /// Load user rules from DIR (every `*.md` file below it) or from one rule file; may be
    /// given more than once, and adds to `rules` in vpclint.toml.
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,
    /// Refuse files larger than SIZE (they get a VPC000 error): bytes, or a number with a
    /// unit: KB, MB, GB (powers of 1000), KiB, MiB, GiB or K, M, G (powers of 1024), in any
    /// case [default: 64MiB].
    #[arg(long, value_name = "SIZE", value_parser = crate::config::parse_size)]
    pub max_file_size: Option<u64>,
    /// Worker threads (default: one per core; RAYON_NUM_THREADS is honoured too).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Colour for the pretty format.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
    /// Directory SARIF URIs and finding fingerprints are relative to (default: the enclosing
    /// git root, else the working directory); it must exist.
    #[arg(long, value_name = "DIR")]
    pub sarif_root: Option<PathBuf>,
    /// The Terraform root module of the plans being checked, to locate findings on their
    /// `.tf` lines and see `dynamic` blocks the plan omits (default: the plan file's
    /// directory when it holds `.tf` files); it must exist.
    #[arg(long, value_name = "DIR")]
    pub tf_root: Option<PathBuf>,
    /// Read settings from FILE instead of the nearest vpclint.toml or .vpclint.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,
    /// Ignore configuration files.
    #[arg(long)]
    pub isolated: bool,
}

/// A check run's settings: flags over the configuration file over defaults.
#[derive(Debug)]
pub struct Resolved {
    pub config: crate::Config,
    /// The lowest level that makes the exit code 1; `None` never fails.
    pub fail_on: Option<Level>,
    /// The configuration file used, if any.
    pub config_file: Option<PathBuf>,
    /// The baseline to apply (`--baseline`, else `baseline` in the configuration file),
    /// read and checked; `None` with `--write-baseline`.
    pub baseline: Option<crate::report::baseline::Baseline>,
    /// `--write-baseline FILE`.
    pub write_baseline: Option<PathBuf>,
}

impl CheckArgs {
    /// Resolves flags, the configuration file and defaults into the run settings.
    pub fn resolve(&self) -> Result<Resolved, Box<ConfigError>> {
        if self.statistics && !matches!(self.format, FormatArg::Pretty | FormatArg::Concise | FormatArg::Json) {
            return Err(Box::new(ConfigError::Selector {
                flag: "--statistics",
                message: "works with --format pretty, concise or json".to_string(),
            }));
        }
        existing_dir("--sarif-root", self.sarif_root.as_deref())?;
        existing_dir("--tf-root", self.tf_root.as_deref())?;
        let config_file = match (&self.config, self.isolated) {
            (Some(p), _) => Some(p.clone()),
            (None, true) => None,
            (None, false) => std::env::current_dir().ok().and_then(|d| crate::config::discover(&d)),
        };
        let mut registry = registry_for(&self.rules, config_file.as_deref())?;
        let file = match &config_file {
            Some(p) => crate::config::load_with(p, &registry)?,
            None => crate::config::FileConfig::default(),
        };
        for (id, values) in file.rule_options.iter().flatten() {
            // Checked against the rules' docs as the file was read; this cannot fail.
            registry
                .configure(id, values)
                .map_err(|message| Box::new(ConfigError::Selector { flag: "[rule-options]", message }))?;
        }
        for arg in &self.configure_rule {
            let flag_error = |message| Box::new(ConfigError::Selector { flag: "--configure-rule", message });
            let (id, values) = registry.parsing(|| crate::config::configure_rule_flag(arg)).map_err(flag_error)?;
            registry.configure(&id, &values).map_err(flag_error)?;
        }
        let parse = |flag: &'static str, entries: &[String]| -> Result<Vec<RuleSelector>, Box<ConfigError>> {
            entries
                .iter()
                .map(|e| {
                    registry
                        .selector(e)
                        .map_err(|err| Box::new(ConfigError::Selector { flag, message: err.to_string() }))
                })
                .collect()
        };
        let (select, ignore) = (parse("--select", &self.select)?, parse("--ignore", &self.ignore)?);
        let threads =
            self.threads.or_else(|| std::env::var("RAYON_NUM_THREADS").ok().and_then(|v| v.parse().ok())).unwrap_or(0);
        let pick = |flag: &Vec<RuleSelector>, file: &Option<Vec<RuleSelector>>| {
            if flag.is_empty() { file.clone().unwrap_or_default() } else { flag.clone() }
        };
        let fail_on = self.fail_on.or(file.fail_on).map_or(Some(Level::Warning), FailOn::level);
        let config = crate::Config {
            paths: self.paths.clone(),
            selection: Selection { select: pick(&select, &file.select), ignore: pick(&ignore, &file.ignore) },
            max_file_size: self.max_file_size.or(file.max_file_size).unwrap_or(crate::load::DEFAULT_MAX_FILE_SIZE),
            threads,
            tf_root: self.tf_root.clone(),
            severity: file.severity.as_ref().map(|s| crate::config::severity_by_id(s, &registry)).unwrap_or_default(),
            exclude: crate::config::exclude_set(file.exclude.as_deref().unwrap_or(&[])),
            registry: std::sync::Arc::new(registry),
            keep_models: false,
            stdin: self.read_stdin()?,
            force_exclude: self.force_exclude || file.force_exclude.unwrap_or(false),
            skip_non_templates: self.skip_non_templates || file.skip_non_templates.unwrap_or(false),
            show_suppressed: self.show_suppressed,
            join: !self.no_join && file.join.unwrap_or(true),
            stacks: crate::config::stacks(file.stacks.as_ref()),
            per_file_ignores: crate::config::per_file_ignores(file.per_file_ignores.as_ref()),
        };
        let baseline_file = match (&self.write_baseline, &self.baseline, &file.baseline, &config_file) {
            (Some(_), _, _, _) => None,
            (None, Some(flag), _, _) => Some(flag.clone()),
            (None, None, Some(p), Some(cf)) if p.is_relative() => Some(cf.parent().unwrap_or(Path::new(".")).join(p)),
            (None, None, p, _) => p.clone(),
        };
        let baseline = baseline_file
            .map(|p| {
                std::fs::read_to_string(&p)
                    .map_err(|e| format!("cannot be read: {}", crate::load::io_message(&e)))
                    .and_then(|text| crate::report::baseline::Baseline::parse(&p, &text))
                    .map_err(|message| Box::new(ConfigError::Baseline { path: p.display().to_string(), message }))
            })
            .transpose()?;
        Ok(Resolved { config, fail_on, config_file, baseline, write_baseline: self.write_baseline.clone() })
    }
}

impl CheckArgs {
    /// Standard input, read whole, when `-` is among the paths.
    fn read_stdin(&self) -> Result<Option<crate::StdinInput>, Box<ConfigError>> {
        if !self.paths.iter().any(|p| p.as_os_str() == "-") {
            return Ok(None);
        }
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes).map_err(|e| {
            Box::new(ConfigError::Read { path: "standard input".to_string(), message: crate::load::io_message(&e) })
        })?;
        let name = self.stdin_filename.clone().unwrap_or_else(|| PathBuf::from("-"));
        Ok(Some((name, bytes.into())))
    }
}

/// The built-in rules plus the user rules of `--rules` flags and of the configuration
/// file's `rules` (relative to the file).
pub fn registry_for(flags: &[PathBuf], config_file: Option<&Path>) -> Result<crate::rules::Registry, Box<ConfigError>> {
    let mut dirs = match config_file {
        Some(p) => crate::config::rule_dirs(p)?,
        None => Vec::new(),
    };
    dirs.extend(flags.iter().cloned());
    let mut registry = crate::rules::Registry::builtin().clone();
    crate::rules::query::load_into(&mut registry, &dirs).map_err(|e| Box::new(ConfigError::from(e)))?;
    Ok(registry)
}

/// Refuses a directory flag whose path does not exist or is not a directory.
fn existing_dir(flag: &'static str, path: Option<&Path>) -> Result<(), Box<ConfigError>> {
    let Some(path) = path else { return Ok(()) };
    let message = match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => return Ok(()),
        Ok(_) => "is not a directory".to_string(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => "does not exist".to_string(),
        Err(e) => format!("cannot be read: {}", crate::load::io_message(&e)),
    };
    Err(Box::new(ConfigError::Flag { flag, path: path.display().to_string(), message }))
}
