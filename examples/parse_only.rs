//! The parse floor for `vpclint check`: reads and parses exactly the files `vpclint check
//! PATH...` reads, with the same walk, the same parsers and the same parallelism, and does
//! nothing more (no classification, no model, no rules, no report).
//!
//! ```sh
//! cargo run --release --example parse_only -- PATH...   # RAYON_NUM_THREADS=N honoured
//! ```
//!
//! It mirrors `vpclint::run` and `vpclint::load::load_text` step for step up to (not
//! including) classification: `walk::collect`, then per candidate in a rayon pool of the
//! same size `load::read_file`, `load::decode` and `syntax::json::parse` or
//! `syntax::yaml::parse` chosen the way `load_text` chooses. `scripts/bench` divides
//! vpclint's time by this program's to get the "ratio to the parse floor".
//!
//! Prints one line: `files=N bytes=N parse_errors=N read_errors=N elapsed_ms=N`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use rayon::prelude::*;
use vpclint::{load, syntax};

/// What one file gave.
#[derive(Default, Clone, Copy)]
struct Tally {
    files: u64,
    bytes: u64,
    /// Decoding (not UTF-8, NUL bytes, UTF-16) or parse failures, as `load_text` would report.
    parse_errors: u64,
    /// Files that could not be read (too large, vanished, not regular).
    read_errors: u64,
    /// Nodes in the parsed trees, summed: keeps the parse from being optimised away.
    nodes: u64,
}

impl Tally {
    fn add(self, o: Tally) -> Tally {
        Tally {
            files: self.files + o.files,
            bytes: self.bytes + o.bytes,
            parse_errors: self.parse_errors + o.parse_errors,
            read_errors: self.read_errors + o.read_errors,
            nodes: self.nodes + o.nodes,
        }
    }
}

/// Threads as `vpclint check` picks them: `--threads N`, else `RAYON_NUM_THREADS`, else one
/// per core (`CheckArgs::config` and `vpclint::run`).
fn threads(flag: Option<usize>) -> usize {
    let configured = flag.or_else(|| std::env::var("RAYON_NUM_THREADS").ok().and_then(|v| v.parse().ok())).unwrap_or(0);
    if configured == 0 { std::thread::available_parallelism().map_or(2, |n| n.get()) } else { configured }
}

/// Reads, decodes and parses one file exactly as `vpclint::run` and `load::load_text` do.
fn parse_one(path: &std::path::Path) -> Tally {
    let mut t = Tally { files: 1, ..Tally::default() };
    let bytes = match load::read_file(path, load::DEFAULT_MAX_FILE_SIZE) {
        Ok(b) => b,
        Err(_) => {
            t.read_errors = 1;
            return t;
        }
    };
    t.bytes = bytes.len() as u64;
    let decoded = load::decode(bytes);
    if decoded.error.is_some() {
        // vpclint reports (or skips) the file without parsing it.
        t.parse_errors = 1;
        return t;
    }
    let text = decoded.text.as_str();
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    let looks_json = trimmed.starts_with('{') || trimmed.starts_with('[');
    if looks_json {
        match syntax::json::parse(text) {
            Ok(tree) => t.nodes = tree.nodes.len() as u64,
            Err(_) => t.parse_errors = 1,
        }
    } else {
        match syntax::yaml::parse(text) {
            Ok(parsed) => t.nodes = parsed.tree.nodes.len() as u64,
            Err(_) => t.parse_errors = 1,
        }
    }
    t
}

fn main() -> ExitCode {
    let mut paths = Vec::new();
    let mut flag = None;
    let mut args = std::env::args_os().skip(1);
    while let Some(a) = args.next() {
        if a == "--threads" {
            match args.next().and_then(|v| v.to_str().and_then(|s| s.parse().ok())) {
                Some(n) => flag = Some(n),
                None => {
                    eprintln!("parse_only: --threads needs a number");
                    return ExitCode::from(2);
                }
            }
        } else {
            paths.push(PathBuf::from(a));
        }
    }
    if paths.is_empty() {
        paths.push(PathBuf::from("."));
    }
    let start = Instant::now();
    let threads = threads(flag);
    let pool = match rayon::ThreadPoolBuilder::new().num_threads(threads).stack_size(8 * 1024 * 1024).build() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("parse_only: cannot start worker threads: {e}");
            return ExitCode::from(2);
        }
    };
    let walked = match vpclint::walk::collect(&paths, threads) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("parse_only: {e}");
            return ExitCode::from(2);
        }
    };
    let total =
        pool.install(|| walked.candidates.par_iter().map(|c| parse_one(&c.path)).reduce(Tally::default, Tally::add));
    println!(
        "files={} bytes={} parse_errors={} read_errors={} nodes={} threads={} elapsed_ms={}",
        total.files,
        total.bytes,
        total.parse_errors,
        total.read_errors + walked.issues.len() as u64,
        total.nodes,
        threads,
        start.elapsed().as_millis()
    );
    ExitCode::SUCCESS
}
