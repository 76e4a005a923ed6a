//! Command-line interface: clap structs, resolved into a plain [`crate::Config`].

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

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
  0  no finding at or above --fail-on
  1  at least one finding at or above --fail-on (files that cannot be read or parsed are error findings)
  2  usage error, a named path that does not exist, or the output cannot be written";

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check templates and plans (files, or directories walked recursively).
    #[command(after_help = EXIT_CODES)]
    Check(CheckArgs),
    /// Show a rule's documentation.
    Explain {
        /// Rule id, e.g. VPC301, or its name, e.g. s3-via-nat.
        rule: String,
    },
    /// List all rules.
    Rules,
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Diagnostics with source snippets, for people.
    Pretty,
    /// One JSON document with `findings` and `summary` (see README).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands (annotations on pull requests).
    Github,
}

/// Minimum level that makes the exit code 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Note,
    /// Always exit 0 unless usage fails.
    Never,
}

impl FailOn {
    /// The threshold level, or None for `never`.
    pub fn level(self) -> Option<Level> {
        match self {
            FailOn::Error => Some(Level::Error),
            FailOn::Warning => Some(Level::Warning),
            FailOn::Note => Some(Level::Note),
            FailOn::Never => None,
        }
    }
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
    /// *.yaml, *.yml, *.json and *.template. The format is decided by content.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Pretty)]
    pub format: FormatArg,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit with 1 when a finding is at or above this level.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    pub fail_on: FailOn,
    /// Run only these rules (ids or id prefixes, comma-separated: VPC301,VPC1).
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub select: Vec<String>,
    /// Never run these rules (ids or id prefixes, comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub ignore: Vec<String>,
    /// Refuse files larger than this many bytes (they get a VPC000 error).
    #[arg(long, value_name = "BYTES", default_value_t = crate::load::DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: u64,
    /// Worker threads (default: one per core; RAYON_NUM_THREADS is honoured too).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Colour for the pretty format.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
    /// Directory SARIF URIs are relative to (default: the enclosing git root, else the
    /// working directory).
    #[arg(long, value_name = "DIR")]
    pub sarif_root: Option<PathBuf>,
    /// The Terraform root module of the plans being checked, to locate findings on their
    /// `.tf` lines (default: the plan file's directory when it holds `.tf` files).
    #[arg(long, value_name = "DIR")]
    pub tf_root: Option<PathBuf>,
}

impl CheckArgs {
    /// The run configuration.
    pub fn config(&self) -> crate::Config {
        let threads =
            self.threads.or_else(|| std::env::var("RAYON_NUM_THREADS").ok().and_then(|v| v.parse().ok())).unwrap_or(0);
        crate::Config {
            paths: self.paths.clone(),
            selection: Selection { select: self.select.clone(), ignore: self.ignore.clone() },
            max_file_size: self.max_file_size,
            threads,
            tf_root: self.tf_root.clone(),
        }
    }
}
