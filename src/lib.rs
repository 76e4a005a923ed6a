//! vpclint: audit AWS VPC networking in CloudFormation templates and Terraform plans.
//!
//! Data flows one way: [`walk`] finds files, [`load`] parses each once into a spanned
//! [`syntax::tree`] and then into the [`model`], [`rules`] check the model, and [`report`] renders
//! the findings. [`run`] drives it, one file per rayon task.

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::expect_used))]
// The crate is a tool, not a library for others: its documentation is read with
// `cargo doc --document-private-items` (`.ci/run` builds it so, warnings denied), and a
// public module's doc names the private stages it is made of.
#![allow(rustdoc::private_intra_doc_links)]

pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod load;
pub mod model;
pub mod report;
pub mod rules;
pub mod source;
pub mod syntax;
pub mod walk;
pub mod work;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;

use diagnostic::{Finding, Level, RuleId};
use load::{Loaded, Problem};
use report::{Location, RelatedLocation, Report, ReportFinding};
use rules::Registry;
use rules::engine::{self, Selection};
use source::{FileId, SharedLines, SourceFile, Span};

/// Standard input read for `-`: the name it is shown as, and its bytes.
pub type StdinInput = (PathBuf, Arc<[u8]>);

/// A resolved run configuration (no clap types past `cli`).
#[derive(Debug, Clone)]
pub struct Config {
    pub paths: Vec<PathBuf>,
    pub selection: Selection,
    /// Every rule the run knows (built-in, and user rules as they come).
    pub registry: Arc<Registry>,
    pub max_file_size: u64,
    /// Worker threads; 0 means one per core.
    pub threads: usize,
    /// `--tf-root`: the Terraform root module of the plans being checked.
    pub tf_root: Option<PathBuf>,
    /// Per-rule level overrides (configuration file `[severity]`).
    pub severity: std::collections::BTreeMap<String, Level>,
    /// Paths skipped in directory walks (configuration file `exclude`).
    pub exclude: globset::GlobSet,
    /// Keep each file's model as JSON in the outcome (`vpclint model`).
    pub keep_models: bool,
    /// What `-` among the paths reads: standard input, already read, and the name it is
    /// shown as (`--stdin-filename`, default `-`).
    pub stdin: Option<StdinInput>,
    /// `exclude` applies to named files too (`--force-exclude`), for hook runners that name
    /// every changed file.
    pub force_exclude: bool,
    /// Named files that are not templates or plans are skipped quietly, as in a walk
    /// (`--skip-non-templates`), for hook runners that name every YAML and JSON file.
    pub skip_non_templates: bool,
    /// Keep suppressed findings, with their reasons, for JSON and SARIF (`--show-suppressed`).
    pub show_suppressed: bool,
    /// Join CloudFormation templates by their exports and imports (`--no-join`: false).
    pub join: bool,
    /// `[stacks]` from vpclint.toml: the stack name a template is deployed as, by glob.
    pub stacks: Vec<(globset::GlobMatcher, String)>,
    /// `per-file-ignores` from vpclint.toml: rules not reported in files matching a glob.
    pub per_file_ignores: Vec<(globset::GlobMatcher, Vec<diagnostic::RuleSelector>)>,
}

impl Config {
    /// The stack name `[stacks]` gives the template shown as `path` (the first glob that
    /// matches, in the file's key order).
    pub fn deployed_name(&self, path: &Path) -> Option<&str> {
        self.stacks.iter().find(|(glob, _)| glob.is_match(path)).map(|(_, name)| name.as_str())
    }

    /// Whether `per-file-ignores` drops rule `id` in the file shown as `path`.
    pub fn per_file_ignored(&self, path: &str, id: &str) -> bool {
        self.per_file_ignores
            .iter()
            .any(|(glob, selectors)| glob.is_match(path) && selectors.iter().any(|s| s.matches(id)))
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            paths: vec![PathBuf::from(".")],
            selection: Selection::default(),
            registry: Arc::new(Registry::default()),
            max_file_size: load::DEFAULT_MAX_FILE_SIZE,
            threads: 0,
            tf_root: None,
            severity: std::collections::BTreeMap::new(),
            exclude: globset::GlobSet::empty(),
            keep_models: false,
            stdin: None,
            force_exclude: false,
            skip_non_templates: false,
            show_suppressed: false,
            join: true,
            stacks: Vec::new(),
            per_file_ignores: Vec::new(),
        }
    }
}

/// Errors that stop a run before any file is checked (exit code 2).
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum RunError {
    #[error(transparent)]
    #[diagnostic(code(vpclint::usage))]
    MissingPath(#[from] walk::MissingPath),
    #[error("cannot start worker threads: {0}")]
    #[diagnostic(code(vpclint::threads))]
    Threads(String),
}

/// The result of a run: the report plus notices for stderr.
#[derive(Debug, Default)]
pub struct Outcome {
    pub report: Report,
    /// Messages for stderr that are not findings: skipped FIFOs and sockets, and the
    /// warning that no template or plan was found at all.
    pub notices: Vec<String>,
    /// The run's worker threads, for reporters that render in parallel (`None` in a
    /// default-constructed outcome: render on the calling thread).
    pub pool: Option<Arc<rayon::ThreadPool>>,
    /// Each checked file's model as JSON, in path order, when the run keeps models.
    pub models: Vec<serde_json::Value>,
}

/// Walks, loads and checks everything `config` names.
pub fn run(config: &Config) -> Result<Outcome, RunError> {
    let start = Instant::now();
    let threads =
        if config.threads == 0 { std::thread::available_parallelism().map_or(2, |n| n.get()) } else { config.threads };
    let pool = Arc::new(
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .stack_size(8 * 1024 * 1024)
            .build()
            .map_err(|e| RunError::Threads(e.to_string()))?,
    );
    let files: Vec<PathBuf> = config.paths.iter().filter(|p| p.as_os_str() != "-").cloned().collect();
    let mut walked = walk::collect_excluding(&files, threads, &config.exclude)?;
    if let Some((name, _)) = config.stdin.as_ref().filter(|_| files.len() < config.paths.len()) {
        walked.candidates.push(walk::Candidate { path: name.clone(), explicit: true, stdin: true });
    }
    if config.force_exclude {
        walked.candidates.retain(|c| !(c.explicit && config.exclude.is_match(&c.path)));
    }
    if config.skip_non_templates {
        walked.candidates.iter_mut().for_each(|c| c.explicit = false);
    }
    let rules = if config.keep_models { Vec::new() } else { config.registry.enabled(&config.selection) };
    let locator = load::terraform::locate::TfLocator::new(config.tf_root.clone());
    let ctx = Ctx { config, rules: &rules, view_lists: engine::view_lists(&rules), locator: &locator };
    let results: Vec<FileResult> = pool.install(|| {
        walked.candidates.par_iter().enumerate().map(|(i, c)| check_candidate(FileId(i as u32), c, &ctx)).collect()
    });
    // The files read as templates or plans, or that failed to be (for baselines).
    let files: Vec<String> = walked
        .candidates
        .iter()
        .zip(&results)
        .filter(|(_, r)| !matches!(r.status, Status::Skipped))
        .map(|(c, _)| source::shown(&c.path))
        .collect();
    // Templates that imports join to the template exporting each name are checked once
    // more, as one network: their results replace the members' own.
    let results = if config.join && !config.keep_models {
        pool.install(|| join_results(results, &walked.candidates, &ctx))
    } else {
        results
    };

    let mut report = Report { registry: config.registry.clone(), files, ..Report::default() };
    let mut models = Vec::new();
    for r in results {
        if r.joined > 0 {
            report.summary.joined_templates += r.joined;
            report.summary.networks += 1;
        }
        match r.status {
            Status::Checked => report.summary.files_scanned += r.joined.max(1),
            Status::Skipped => report.summary.files_skipped += 1,
            Status::Failed => report.summary.files_failed += 1,
        }
        for (path, text, lines) in r.sources {
            report.lines.insert(path.clone(), lines);
            report.sources.insert(path, text);
        }
        for (path, lines) in r.snippets {
            match report.snippets.get_mut(&path) {
                Some(kept) => kept.merge(&lines),
                None => {
                    report.snippets.insert(path, lines);
                }
            }
        }
        report.summary.suppressed += r.suppressed;
        report.suppressed.extend(r.shown_suppressed);
        report.findings.extend(r.findings);
        models.extend(r.model);
    }
    for issue in &walked.issues {
        report.summary.files_failed += 1;
        report.findings.push(unreadable(&config.registry, &issue.path.display().to_string(), None, &issue.cause));
    }
    let mut notices: Vec<String> = walked
        .special
        .iter()
        .map(|p| format!("{}: skipped: not a regular file (a FIFO, socket or device)", p.display()))
        .collect();
    // Nothing was recognised, and nothing failed (which has its own finding): say so, as
    // ruff says "No Python files found", rather than report a clean run of nothing.
    if report.summary.files_scanned == 0 && report.summary.files_failed == 0 {
        notices.push(nothing_found(&config.paths));
    }
    report.findings.retain(|f| config.selection.enabled(&f.rule_id) || f.rule_id == diagnostic::UNREADABLE);
    report.suppressed.retain(|f| config.selection.enabled(&f.rule_id));
    for f in report.findings.iter_mut().chain(&mut report.suppressed) {
        if let Some(&level) = config.severity.get(&f.rule_id) {
            f.level = level;
        }
    }
    report.finalize();
    report.elapsed_ms = start.elapsed().as_millis();
    models.sort_by(|a: &serde_json::Value, b: &serde_json::Value| {
        a.get("path").and_then(|p| p.as_str()).cmp(&b.get("path").and_then(|p| p.as_str()))
    });
    Ok(Outcome { report, notices, pool: Some(pool), models })
}

/// The warning for a run that found no template or plan in `paths`.
fn nothing_found(paths: &[PathBuf]) -> String {
    const SHOWN: usize = 3;
    let mut names: Vec<String> = Vec::new();
    for p in paths {
        let p = walk::normalize(p);
        let name = if p == std::path::Path::new(".") {
            "the current directory".to_string()
        } else if p == std::path::Path::new("-") {
            "standard input".to_string()
        } else {
            p.display().to_string()
        };
        if !names.contains(&name) {
            names.push(name);
        }
    }
    let place = match names.len() {
        0 => String::new(),
        n if n > SHOWN => {
            let first: Vec<&str> = names.iter().take(SHOWN).map(String::as_str).collect();
            format!(" in {} and {} more", first.join(", "), n - SHOWN)
        }
        _ => format!(" in {}", names.join(", ")),
    };
    format!(
        "warning: no CloudFormation template or Terraform plan found{place}; for Terraform, run \
         `terraform show -json plan.out > plan.json` and check plan.json"
    )
}

enum Status {
    Checked,
    Skipped,
    Failed,
}

struct FileResult {
    status: Status,
    findings: Vec<ReportFinding>,
    /// Texts of the files the findings point into, with their line indexes (for snippets).
    sources: Vec<(String, Arc<str>, SharedLines)>,
    /// Of the others, the lines their findings' snippets show.
    snippets: Vec<(String, report::snippets::Snippets)>,
    /// Findings dropped by in-source suppressions.
    suppressed: usize,
    /// The model's JSON form, when the run keeps models (`vpclint model`).
    model: Option<serde_json::Value>,
    /// Suppressed findings with their reasons, when the run shows them (`--show-suppressed`).
    shown_suppressed: Vec<ReportFinding>,
    /// For a joined group: how many templates it joined (each counts as a file checked).
    joined: usize,
    /// For a template that exports or imports by literal name: those names and its text,
    /// for the join (see `load::join`).
    joins: Option<(load::join::Scan, Arc<str>)>,
}

impl FileResult {
    /// A result with these findings and source texts and nothing else (a file that failed,
    /// was skipped, or was checked before suppressions are counted).
    fn of(status: Status, findings: Vec<ReportFinding>, sources: Vec<(String, Arc<str>, SharedLines)>) -> FileResult {
        FileResult {
            status,
            findings,
            sources,
            snippets: Vec::new(),
            suppressed: 0,
            model: None,
            shown_suppressed: Vec::new(),
            joined: 0,
            joins: None,
        }
    }
}

/// What every file check shares.
struct Ctx<'a> {
    config: &'a Config,
    rules: &'a [rules::EnabledRule],
    /// The lists of the model's JSON form that `rules` read (user rules' queries), decided
    /// once per run; `None` when no rule reads the form, which is then never built.
    view_lists: Option<model::view::Lists>,
    locator: &'a load::terraform::locate::TfLocator,
}

/// Templates that imports or nesting join, with their texts.
struct Group {
    /// (candidate index, text if kept from its own check), in candidate order.
    members: Vec<(usize, Option<Arc<str>>)>,
    /// Candidate index of a nested template -> (its parent's candidate index, the parent's
    /// stack resource).
    parents: HashMap<usize, (usize, String)>,
}

/// `results` (one per candidate, in order) with each group of templates that imports or
/// nested stacks join (see `load::join`) checked as one network: the group's result replaces
/// its members'. The members were parsed once already, alone; only they are parsed again. A
/// group that cannot be joined (a panic, a member that no longer reads) keeps its members'
/// own results.
fn join_results(results: Vec<FileResult>, candidates: &[walk::Candidate], ctx: &Ctx<'_>) -> Vec<FileResult> {
    // Names with `${AWS::StackName}` take the stack name `[stacks]` gives, or join nothing.
    let scans: Vec<Option<load::join::Scan>> = results
        .iter()
        .zip(candidates)
        .map(|(r, c)| {
            let (scan, _) = r.joins.as_ref()?;
            let deployed = ctx.config.deployed_name(&c.path);
            let named = |names: &[String]| -> Vec<String> {
                names.iter().filter_map(|n| load::join::with_stack(n, deployed)).collect()
            };
            Some(load::join::Scan {
                exports: named(&scan.exports),
                imports: named(&scan.imports),
                nested: scan.nested.clone(),
            })
        })
        .collect();
    // Nested stacks whose template is a checked candidate beside their parent.
    let by_path: HashMap<PathBuf, usize> =
        candidates.par_iter().enumerate().map(|(i, c)| (walk::normalize(&c.path), i)).collect();
    let mut parents: HashMap<usize, (usize, String)> = HashMap::new();
    for (i, scan) in scans.iter().enumerate() {
        let (Some(scan), Some(c)) = (scan, candidates.get(i)) else { continue };
        for (res, file) in &scan.nested {
            let path = walk::normalize(&c.path.parent().unwrap_or(Path::new("")).join(file));
            let Some(&child) = by_path.get(&path) else { continue };
            let checked = results.get(child).is_some_and(|r| matches!(r.status, Status::Checked) && r.joined == 0);
            if child != i && checked {
                parents.entry(child).or_insert((i, res.clone()));
            }
        }
    }
    let edges: Vec<(usize, usize)> = parents.iter().map(|(&child, (parent, _))| (*parent, child)).collect();
    let groups: Vec<Group> = load::join::groups(&scans, &edges)
        .into_iter()
        .map(|g| Group {
            parents: g.iter().filter_map(|i| Some((*i, parents.get(i)?.clone()))).collect(),
            members: g
                .into_iter()
                .map(|i| (i, results.get(i).and_then(|r| r.joins.as_ref()).map(|(_, t)| t.clone())))
                .collect(),
        })
        .collect();
    if groups.is_empty() {
        return results;
    }
    let joined: Vec<Option<FileResult>> = groups
        .par_iter()
        .map(|g| {
            let run = || check_joined(g, candidates, ctx);
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)).ok().flatten()
        })
        .collect();
    let mut replaced: Vec<Option<FileResult>> = results.into_iter().map(Some).collect();
    let mut out = Vec::with_capacity(replaced.len());
    for (g, r) in groups.iter().zip(joined) {
        let Some(r) = r else { continue };
        for (i, _) in &g.members {
            if let Some(slot) = replaced.get_mut(*i) {
                *slot = None;
            }
        }
        out.push(r);
    }
    out.extend(replaced.into_iter().flatten());
    out
}

/// One group's joined check; `None` when the group cannot be joined.
fn check_joined(g: &Group, candidates: &[walk::Candidate], ctx: &Ctx<'_>) -> Option<FileResult> {
    let (first, _) = g.members.first()?;
    let id = FileId(*first as u32);
    // The group's text: the members' texts one after the other, each after a line break. A
    // nested template that neither exports nor imports is read again.
    let mut text = String::new();
    let mut members = Vec::with_capacity(g.members.len());
    let position: HashMap<usize, usize> = g.members.iter().enumerate().map(|(k, (i, _))| (*i, k)).collect();
    for (i, kept) in &g.members {
        let c = candidates.get(*i)?;
        let t: Arc<str> = match kept {
            Some(t) => t.clone(),
            None => {
                let decoded = load::decode(load::read_file(&c.path, ctx.config.max_file_size).ok()?);
                if decoded.error.is_some() {
                    return None;
                }
                Arc::from(decoded.text)
            }
        };
        let base = u32::try_from(text.len()).ok()?;
        let len = u32::try_from(t.len()).ok()?;
        base.checked_add(len)?.checked_add(1)?;
        text.push_str(&t);
        text.push('\n');
        let file_name = c.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let parent = g.parents.get(i).and_then(|(p, res)| Some((*position.get(p)?, res.clone())));
        let deployed = ctx.config.deployed_name(&c.path).map(str::to_string);
        let stack = load::join::stack_name(&file_name);
        members.push((c, t, load::JoinMember { base, len, stack, parent, deployed }));
    }
    let plan: Vec<load::JoinMember> = members.iter().map(|(_, _, m)| m.clone()).collect();
    let (model, problems) = load::load_joined(&text, &plan, id).ok()?;
    let files: Vec<(SourceFile, String, u32)> = members
        .iter()
        .map(|(c, t, m)| (SourceFile::new(c.path.clone(), t.clone()), c.path.display().to_string(), m.base))
        .collect();
    let refs: Vec<(&SourceFile, &str, u32)> = files.iter().map(|(f, p, b)| (f, p.as_str(), *b)).collect();
    let spans = report::resolve::Spans { files: &refs };
    let view_file = SourceFile::new(candidates.get(*first)?.path.clone(), Arc::from(text));
    let mut r = check_model(&model, &problems, &spans, &view_file, None, ctx);
    r.joined = g.members.len();
    Some(r)
}

/// Checks one file; a panic anywhere inside becomes a VPC000 finding, never a crash.
fn check_candidate(id: FileId, c: &walk::Candidate, ctx: &Ctx<'_>) -> FileResult {
    let path = source::shown(&c.path);
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check_file(id, c, &path, ctx))) {
        Ok(r) => r,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            let finding = unreadable(&ctx.config.registry, &path, None, &load::Unreadable::Internal(what));
            FileResult::of(Status::Failed, vec![finding], Vec::new())
        }
    }
}

fn check_file(id: FileId, c: &walk::Candidate, path: &str, ctx: &Ctx<'_>) -> FileResult {
    let failed = |findings: Vec<ReportFinding>, source: Option<(String, Arc<str>, SharedLines)>| {
        FileResult::of(Status::Failed, findings, source.into_iter().collect())
    };
    let skipped = || FileResult::of(Status::Skipped, Vec::new(), Vec::new());
    let read = match (&ctx.config.stdin, c.stdin) {
        (Some((_, bytes)), true) if bytes.len() as u64 > ctx.config.max_file_size => {
            Err(load::Unreadable::TooLarge { size: Some(bytes.len() as u64), limit: ctx.config.max_file_size })
        }
        (Some((_, bytes)), true) => Ok(bytes.to_vec()),
        _ => load::read_file(&c.path, ctx.config.max_file_size),
    };
    let bytes = match read {
        Ok(b) => b,
        Err(cause) => return failed(vec![unreadable(&ctx.config.registry, path, None, &cause)], None),
    };
    // Terraform source (`.tf`, `.tf.json`) that is not a plan by content gets the hint to
    // check the plan instead of the error of reading HCL as YAML.
    let tf_source = load::terraform_source_name(&c.path);
    let decoded = load::decode(bytes);
    let file = SourceFile::owned(c.path.clone(), decoded.text);
    let report_failure = |e: load::LoadError| {
        if let (Some(json), false) = (tf_source, e.cause == load::Unreadable::BinaryPlan) {
            return failed(
                vec![unreadable(&ctx.config.registry, path, None, &load::Unreadable::TerraformSource { json })],
                None,
            );
        }
        // An error at the end of the file (a truncated document) points at its last character.
        let end = file.text().trim_end().len() as u32;
        let loc = e.offset.map(|o| {
            let o = if o >= end {
                source::floor_char_boundary(file.text(), end.saturating_sub(1) as usize) as u32
            } else {
                o
            };
            let next =
                source::floor_char_boundary(file.text(), o as usize + 1).max(o as usize + 1).min(file.text().len());
            report::resolve::locate(&file, Span::new(id, o, next as u32))
        });
        let keep_source = loc.is_some();
        let finding = unreadable(&ctx.config.registry, path, loc, &e.cause);
        failed(vec![finding], keep_source.then(|| (path.to_string(), file.shared_text(), file.shared_lines())))
    };
    if let Some(e) = decoded.error {
        if !c.explicit && !load::looks_like_candidate(file.text()) {
            return skipped();
        }
        return report_failure(e);
    }
    let tf = load::terraform::TfSource { locator: ctx.locator, plan: &c.path };
    match load::load_text_with(file.text(), id, Some(&tf)) {
        Loaded::Failed(e) => {
            if !c.explicit && !load::looks_like_candidate(file.text()) {
                return skipped();
            }
            report_failure(e)
        }
        Loaded::NotRecognised(why) => {
            if c.explicit {
                let cause = match tf_source {
                    Some(json) => load::Unreadable::TerraformSource { json },
                    None => load::Unreadable::NotRecognised(why),
                };
                failed(vec![unreadable(&ctx.config.registry, path, None, &cause)], None)
            } else {
                skipped()
            }
        }
        Loaded::Model { model, problems, format, tf_modules, joins } => {
            let files = [(&file, path, 0)];
            let spans = report::resolve::Spans { files: &files };
            let tf_root = (format == load::Format::TerraformPlan).then(|| ctx.locator.root_for(&c.path)).flatten();
            let tf = tf_root.as_ref().map(|root| (root, &tf_modules[..]));
            let mut r = check_model(&model, &problems, &spans, &file, tf, ctx);
            let kept = ctx.config.keep_models.then(|| model::view::ViewBuilder::new(&model, &file, path).build());
            r.model = kept;
            r.joins = (!joins.is_empty() && !c.stdin).then(|| (joins, file.shared_text()));
            r
        }
    }
}

/// The findings of a loaded model (one file's, or a joined group's): its load problems, the
/// rules' findings located in `spans`' files (and, for a plan with `tf`, in its `.tf`
/// source), in-source suppressions and `per-file-ignores` applied. `view_file` holds the
/// text the model's spans are offsets in, for user rules' view of the model.
fn check_model(
    model: &model::Model,
    problems: &[Problem],
    spans: &report::resolve::Spans<'_>,
    view_file: &SourceFile,
    tf: Option<(&PathBuf, &[load::terraform::ModuleSource])>,
    ctx: &Ctx<'_>,
) -> FileResult {
    let registry = &ctx.config.registry;
    let problem = |p: &Problem| {
        let mut f = Finding::new(RuleId::new(diagnostic::MALFORMED), p.span, p.resource.clone(), p.message.clone());
        for (span, message) in &p.related {
            f = f.related(*span, message.clone());
        }
        report::resolve::finding_in(registry, spans, &f)
    };
    let mut findings: Vec<ReportFinding> = problems.iter().map(problem).collect();
    // A suppression naming no rule is a warning: it suppresses nothing, but it is no
    // reason to fail a run (issue 17; ruff's unknown noqa codes are warnings too).
    for (span, message) in rules::suppress::unknown_words(&model.suppressions, registry) {
        let mut f = problem(&Problem::new(span, message));
        f.level = Level::Warning;
        findings.push(f);
    }
    let mut shown_suppressed = Vec::new();
    let mut sources = Vec::new();
    let mut suppressed = 0;
    // The model's JSON form, for user rules' queries: built once, before the rules run in
    // parallel, only when an enabled rule reads it, with only the lists the rules read.
    let view = ctx.view_lists.as_ref().and_then(|lists| {
        let path = view_file.path.display().to_string();
        model::view::ViewBuilder::new(model, view_file, &path).build_lists(lists).map(rules::jsonpath::Doc::from)
    });
    for f in engine::check_with_view(model, ctx.rules, view.as_ref()) {
        // A plan's finding is located in its Terraform source first: the `.tf` block
        // may suppress it.
        let found = match (&tf, &f.resource) {
            (Some((root, modules)), Some(address)) => ctx.locator.locate(root, modules, address),
            _ => None,
        };
        let tf_ignores = found.as_ref().map_or(&[][..], |found| &found.ignore_comments[..]);
        let suppression = rules::suppress::suppression_of(&f, &model.suppressions, tf_ignores, registry);
        if suppression.is_some() && !ctx.config.show_suppressed {
            suppressed += 1;
            continue;
        }
        let mut rf = report::resolve::finding_in(registry, spans, &f);
        if let (Some(mut found), Some(address)) = (found, &f.resource) {
            // `./main.tf`, `root/./modules/net/main.tf`: shown as other paths are.
            found.location.path = walk::normalize(std::path::Path::new(&found.location.path)).display().to_string();
            let planned = std::mem::replace(&mut rf.location, found.location);
            rf.related.insert(
                0,
                RelatedLocation { location: planned, message: format!("planned as `{address}` in this plan") },
            );
            sources.push((rf.location.path.clone(), found.text, found.lines));
        }
        if let Some(s) = suppression {
            suppressed += 1;
            rf.suppressed = Some(report::SuppressedBy { reason: s.reason });
            shown_suppressed.push(rf);
            continue;
        }
        findings.push(rf);
    }
    // `per-file-ignores` drops rules in matching files, load problems (VPC001) included.
    findings.retain(|f| !ctx.config.per_file_ignored(&f.location.path, &f.rule_id));
    shown_suppressed.retain(|f| !ctx.config.per_file_ignored(&f.location.path, &f.rule_id));
    // The VPC each finding concerns, by its resource's name (built only when a finding
    // names a resource).
    if findings.iter().chain(&shown_suppressed).any(|f| f.resource.is_some()) {
        let vpcs = model.vpc_index();
        for f in findings.iter_mut().chain(shown_suppressed.iter_mut()) {
            f.vpc = f.resource.as_deref().and_then(|r| vpcs.get(r)).map(|v| v.to_string());
        }
    }
    // The lines of the files the findings point into that their snippets show.
    let mut snippets = Vec::new();
    for (file, path, _) in spans.files {
        let locations = findings
            .iter()
            .chain(&shown_suppressed)
            .flat_map(|f| std::iter::once(&f.location).chain(f.related.iter().map(|r| &r.location)));
        let len = file.text().len();
        let spans: Vec<(usize, usize)> =
            locations.filter(|l| l.path == *path).filter_map(|l| report::terminal::span_of(l, len)).collect();
        if !spans.is_empty() {
            snippets.push((path.to_string(), report::snippets::Snippets::cut(file.text(), file.lines(), &spans)));
        }
    }
    FileResult { suppressed, shown_suppressed, snippets, ..FileResult::of(Status::Checked, findings, sources) }
}

/// A VPC000 finding: the file could not be read or parsed, with the help for its cause.
fn unreadable(registry: &Registry, path: &str, location: Option<Location>, cause: &load::Unreadable) -> ReportFinding {
    report::resolve::unreadable(registry, path, location, cause.message(path), cause.help(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_vanished_after_the_walk_is_a_vpc000_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gone.yaml");
        std::fs::write(&path, "Resources: {}\n").unwrap();
        let candidate = walk::Candidate { path: path.clone(), explicit: false, stdin: false };
        std::fs::remove_file(&path).unwrap();
        let config = Config::default();
        let locator = load::terraform::locate::TfLocator::new(None);
        let ctx = Ctx { config: &config, rules: &[], view_lists: None, locator: &locator };
        let r = check_candidate(FileId(0), &candidate, &ctx);
        assert!(matches!(r.status, Status::Failed));
        assert_eq!(r.findings.len(), 1);
        assert_eq!(r.findings[0].rule_id, diagnostic::UNREADABLE);
        assert!(r.findings[0].message.contains("No such file"), "{}", r.findings[0].message);
        assert!(r.findings[0].help.as_deref().is_some_and(|h| h.contains("removed or renamed")));
    }

    #[test]
    fn the_nothing_found_warning_names_the_paths() {
        let w = nothing_found(&[PathBuf::from("./")]);
        assert_eq!(
            w,
            "warning: no CloudFormation template or Terraform plan found in the current directory; for Terraform, \
             run `terraform show -json plan.out > plan.json` and check plan.json"
        );
        let paths: Vec<PathBuf> = ["a", "./a", "b/", "c", "d", "e"].iter().map(PathBuf::from).collect();
        assert!(nothing_found(&paths).contains(" found in a, b, c and 2 more; "), "{}", nothing_found(&paths));
    }
}

fn shown_path(p: &std::path::Path) -> String {
    p.display().to_string()
}

/// A user rule example that does not behave as tagged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    /// The rule file.
    pub path: PathBuf,
    /// The line of the example's opening fence.
    pub line: usize,
    pub rule: String,
    pub message: String,
}

/// Runs every `bad`/`good` example of the user rules under `dirs`: a bad example must give
/// at least one finding of its rule, a good one none. Returns how many examples ran and the
/// failures.
pub fn test_user_rules(dirs: &[PathBuf]) -> Result<(usize, Vec<ExampleFailure>), rules::query::UserRuleError> {
    let mut ran = 0;
    let mut failures = Vec::new();
    for dir in dirs {
        for path in rules::query::rule_files(dir)? {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let (doc, rule) = rules::query::load_file(&path)?;
            let fences: Vec<usize> = text
                .lines()
                .enumerate()
                .filter(|(_, l)| {
                    l.strip_prefix("```").is_some_and(|info| {
                        let w: Vec<&str> = info.split_whitespace().collect();
                        // As `rules::catalog` reads example fences: first word the language,
                        // last word bad or good.
                        matches!((w.first(), w.last()), (Some(&("yaml" | "json")), Some(&("bad" | "good"))))
                    })
                })
                .map(|(i, _)| i + 1)
                .collect();
            let fail = |line: usize, message: String| ExampleFailure {
                path: path.clone(),
                line,
                rule: doc.id.clone(),
                message,
            };
            if doc.examples.is_empty() {
                failures.push(fail(1, "the rule has no `yaml bad`/`json good`... example to test".to_string()));
            }
            let enabled = rules::EnabledRule {
                id: RuleId::new(&doc.id),
                rule: Arc::new(rule),
                options: Arc::new(rules::RuleOptions::default()),
            };
            for (i, ex) in doc.examples.iter().enumerate() {
                ran += 1;
                let line = fences.get(i).copied().unwrap_or(1);
                let file = SourceFile::new(path.clone(), Arc::from(ex.code.as_str()));
                let model = match load::load_text(file.text(), FileId(0)) {
                    Loaded::Model { model, .. } => model,
                    Loaded::Failed(e) => {
                        failures.push(fail(
                            line,
                            format!("the example does not load: {}", e.cause.message(&shown_path(&path))),
                        ));
                        continue;
                    }
                    Loaded::NotRecognised(why) => {
                        failures.push(fail(line, format!("the example is not a template or plan: {why}")));
                        continue;
                    }
                };
                let shown = path.display().to_string();
                let rules = std::slice::from_ref(&enabled);
                let view = engine::view_lists(rules)
                    .and_then(|lists| model::view::ViewBuilder::new(&model, &file, &shown).build_lists(&lists))
                    .map(rules::jsonpath::Doc::from);
                let found = engine::check_with_view(&model, rules, view.as_ref());
                match (ex.bad, found.len()) {
                    (true, 0) => failures.push(fail(line, "the bad example gives no finding".to_string())),
                    (false, n) if n > 0 => failures.push(fail(
                        line,
                        format!(
                            "the good example gives {n} finding(s): {}",
                            found.first().map_or("", |f| f.message.as_str())
                        ),
                    )),
                    _ => {}
                }
            }
        }
    }
    Ok((ran, failures))
}
