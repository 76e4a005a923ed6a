//! Loading: bytes -> text -> spanned tree -> VPC model.
//!
//! The format is decided by content, not by file name: a CloudFormation template has a
//! `Resources` section (or `AWSTemplateFormatVersion`); a Terraform plan or state has
//! `format_version` with `planned_values`, `resource_changes` or `values`.

pub mod cloudformation;
pub mod join;
pub mod terraform;

use std::io::Read;
use std::path::Path;

use crate::model::Model;
use crate::source::Span;
use crate::syntax::tree::{Kind, Tree};
use crate::syntax::{json, yaml};

/// Default limit on the size of one input file (`--max-file-size`).
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// The format a file was recognised as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    CloudformationYaml,
    CloudformationJson,
    TerraformPlan,
}

/// A problem in a file that was otherwise loaded (reported as VPC001).
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub span: Span,
    pub message: String,
    pub resource: Option<String>,
    pub related: Vec<(Span, String)>,
}

impl Problem {
    /// A problem at `span`.
    pub fn new(span: Span, message: String) -> Problem {
        Problem { span, message, resource: None, related: Vec::new() }
    }

    /// Names the resource the problem is in.
    pub fn resource(mut self, name: &str) -> Problem {
        self.resource = Some(name.to_string());
        self
    }

    /// A duplicated mapping key.
    pub fn duplicate(dup: Span, first: Span, key: &str) -> Problem {
        Problem {
            span: dup,
            message: format!(
                "duplicate key `{key}`: the later value is used, and CloudFormation may reject the template"
            ),
            resource: None,
            related: vec![(first, format!("`{key}` first defined here"))],
        }
    }
}

/// Why a file could not be read or parsed (reported as VPC000).
#[derive(Debug, Clone, PartialEq)]
pub struct LoadError {
    /// Byte offset of the error in the file's text, when there is one.
    pub offset: Option<u32>,
    /// The cause's message (for a binary plan, with `PLAN` for the file's name).
    pub message: String,
    pub cause: Unreadable,
}

impl LoadError {
    fn new(offset: Option<u32>, cause: Unreadable) -> LoadError {
        LoadError { offset, message: cause.message("PLAN"), cause }
    }
}

/// Why a file could not be checked (reported as VPC000). Each cause has its own message and
/// its own help, so the report says what to do about this file rather than about VPC000 in
/// general. Messages never quote the file's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    /// The file does not exist (any more): removed or renamed after the walk found it.
    NotFound(String),
    /// The file or a directory cannot be read for lack of permission.
    PermissionDenied(String),
    /// Another I/O error, as the operating system words it.
    Io(String),
    /// A directory that the walk could not read otherwise (the `ignore` crate's words).
    Walk(String),
    /// A FIFO, socket or device: never opened, so a pipe cannot make a run hang.
    NotRegular,
    /// A directory where a file was expected.
    Directory,
    /// Over `--max-file-size`; `size` is `None` when the file grew past it while being read.
    TooLarge { size: Option<u64>, limit: u64 },
    /// Text in another Unicode encoding (`UTF-16`, `UTF-32`), and how it was recognised.
    Encoding { name: &'static str, why: &'static str },
    /// Text that is not valid UTF-8 (Latin-1, Windows-1252 ...).
    NotUtf8,
    /// Binary data; `what` says how it was recognised.
    Binary { what: &'static str },
    /// A binary Terraform plan (`terraform plan -out`), a ZIP archive.
    BinaryPlan,
    /// Terraform source (`.tf`, or `.tf.json` when `json`), which vpclint does not read.
    TerraformSource { json: bool },
    /// A Rain source template: resource `module` is a `Rain::Module`, which only
    /// `rain pkg` expands into the resources (and logical ids) the template refers to.
    RainSource { module: String },
    /// Parsed, but neither a template nor a plan: why not.
    NotRecognised(String),
    /// A YAML or JSON syntax error, in the parser's words.
    Syntax { json: bool, message: String },
    /// Nesting deeper than [`crate::syntax::tree::MAX_DEPTH`].
    TooDeep(String),
    /// YAML aliases that expand past the budget (a "billion laughs" file).
    AliasBomb(String),
    /// More values than the parse tree holds.
    TooManyValues(String),
    /// A panic inside vpclint while checking the file.
    Internal(String),
}

impl Unreadable {
    /// The cause of an I/O error.
    pub fn io(e: &std::io::Error) -> Unreadable {
        match e.kind() {
            std::io::ErrorKind::NotFound => Unreadable::NotFound(io_message(e)),
            std::io::ErrorKind::PermissionDenied => Unreadable::PermissionDenied(io_message(e)),
            _ => Unreadable::Io(io_message(e)),
        }
    }

    /// The cause of a parse error: a limit when the parser refused the file for one, else
    /// a syntax error.
    fn parse(json: bool, message: String) -> Unreadable {
        if message.contains("aliases expand") {
            Unreadable::AliasBomb(message)
        } else if message.contains("deeper than") || message.contains("too deep") {
            Unreadable::TooDeep(message)
        } else if message.contains("values in one file") {
            Unreadable::TooManyValues(message)
        } else {
            Unreadable::Syntax { json, message }
        }
    }

    /// The finding's message. `path` is the file as shown (named in the commands to run).
    pub fn message(&self, path: &str) -> String {
        match self {
            Unreadable::NotFound(io) | Unreadable::PermissionDenied(io) | Unreadable::Io(io) => {
                format!("cannot read: {io}")
            }
            Unreadable::Walk(m) => m.clone(),
            Unreadable::NotRegular => "not a regular file (a FIFO, socket or device); skipped".to_string(),
            Unreadable::Directory => "is a directory".to_string(),
            Unreadable::TooLarge { size: Some(size), limit } => {
                format!("file is {size} bytes, over the limit of {limit} bytes; raise it with --max-file-size")
            }
            Unreadable::TooLarge { size: None, limit } => {
                format!("file grew over the limit of {limit} bytes while being read; raise it with --max-file-size")
            }
            Unreadable::Encoding { name, why } => format!("the file is {name} encoded ({why}); save it as UTF-8"),
            Unreadable::NotUtf8 => "the file is not valid UTF-8".to_string(),
            Unreadable::Binary { what } => {
                format!("the file is binary ({what}), not a CloudFormation template or Terraform plan")
            }
            Unreadable::BinaryPlan => format!(
                "this is a binary Terraform plan: run `terraform show -json {} > plan.json` and check plan.json",
                shell_word(path)
            ),
            Unreadable::TerraformSource { json } => format!(
                "this is Terraform source ({}), which vpclint does not read: it checks plans; run `terraform plan \
                 -out plan.out && terraform show -json plan.out > plan.json` and check plan.json",
                if *json { "`.tf.json`" } else { "`.tf`" }
            ),
            Unreadable::RainSource { module } => format!(
                "this is a Rain source template: resource `{module}` is a `Rain::Module`, which only `rain pkg` \
                 expands into the resources the template refers to"
            ),
            Unreadable::NotRecognised(why) => format!("not a CloudFormation template or Terraform plan: {why}"),
            Unreadable::Syntax { json: true, message } => format!("invalid JSON: {message}"),
            Unreadable::Syntax { json: false, message } => format!("invalid YAML: {message}"),
            Unreadable::TooDeep(m) | Unreadable::AliasBomb(m) | Unreadable::TooManyValues(m) => m.clone(),
            Unreadable::Internal(what) => {
                format!("internal error while checking this file (a vpclint bug, please report it): {what}")
            }
        }
    }

    /// What to do about it: shown in place of VPC000's general "How to fix".
    pub fn help(&self, path: &str) -> String {
        let file = shell_word(path);
        match self {
            Unreadable::NotFound(_) => "the file was removed or renamed while vpclint ran (or a symlink points \
                nowhere); run again once the files are in place"
                .to_string(),
            Unreadable::PermissionDenied(_) => "give the user running vpclint read permission (and, for a \
                directory, execute permission), or leave the path out: `exclude` in vpclint.toml, or `.gitignore` \
                for directory walks"
                .to_string(),
            Unreadable::Io(_) | Unreadable::Walk(_) => {
                "the operating system refused the read; check the file system, then run again".to_string()
            }
            Unreadable::NotRegular => "vpclint never opens FIFOs, sockets or devices (so a pipe cannot make it \
                hang), and `<(command)` is a pipe: write the template or plan to a regular file and name that"
                .to_string(),
            Unreadable::Directory => "name the directory itself to walk it, or the files in it".to_string(),
            Unreadable::TooLarge { .. } => "raise the limit with the flag `--max-file-size` or the key \
                `max-file-size` in vpclint.toml (default 64 MiB); vpclint needs about ten times a YAML file's size \
                in memory"
                .to_string(),
            Unreadable::Encoding { name, .. } => {
                format!(
                    "save the file as UTF-8, for example `iconv -f {name} -t UTF-8 {file} > fixed && mv fixed {file}`"
                )
            }
            Unreadable::NotUtf8 => format!(
                "save the file as UTF-8; the position is the first byte that is not UTF-8 (often a Latin-1 or \
                 Windows-1252 accent: `iconv -f WINDOWS-1252 -t UTF-8 {file} > fixed && mv fixed {file}`)"
            ),
            Unreadable::Binary { .. } => format!("vpclint reads text: {RECOGNISED}; do not name this file"),
            Unreadable::BinaryPlan => "vpclint reads a plan's JSON form; keep plan.json in the directory of the \
                `.tf` files (or pass `--tf-root`) and findings point at the resource blocks"
                .to_string(),
            Unreadable::TerraformSource { .. } => "vpclint checks what Terraform will create, which only the plan \
                knows (variables, modules, `count` and `for_each` resolved); run the commands in the root module, and \
                findings in plan.json point back at the `.tf` resource blocks next to it"
                .to_string(),
            Unreadable::RainSource { .. } => format!(
                "run `rain pkg {file} > packaged.yaml` and check packaged.yaml: checked as it is, the template \
                 would lack the modules' resources, and every reference into a module would look broken"
            ),
            Unreadable::NotRecognised(_) => {
                format!("vpclint reads {RECOGNISED}; name only those (directory walks skip other files quietly)")
            }
            Unreadable::Syntax { json, .. } => format!(
                "fix the {} syntax at the reported position (the mistake may be just before it)",
                if *json { "JSON" } else { "YAML" }
            ),
            Unreadable::TooDeep(_) => format!(
                "vpclint refuses nesting deeper than {} levels so that no file can exhaust its stack; no real \
                 template or plan nests this deep: the file was generated wrongly, or is hostile",
                crate::syntax::tree::MAX_DEPTH
            ),
            Unreadable::AliasBomb(_) => "vpclint expands YAML aliases (`*name`) only up to a budget, so that a \
                \"billion laughs\" file cannot exhaust memory; write the repeated parts out, or alias less deeply"
                .to_string(),
            Unreadable::TooManyValues(_) => "the file holds more values than vpclint's parse tree allows; split \
                it (nested stacks, modules)"
                .to_string(),
            Unreadable::Internal(_) => "please report it at https://github.com/vpclint/vpclint/issues with the \
                message and, if you can, the file; the other files were checked"
                .to_string(),
        }
    }
}

/// What vpclint recognises, for help texts.
const RECOGNISED: &str = "CloudFormation templates (YAML or JSON with `Resources` or \
    `AWSTemplateFormatVersion`) and Terraform plans in JSON (`terraform show -json plan.out > plan.json`, with \
    `format_version` and `planned_values`, `resource_changes` or `values`)";

/// `path` as one shell word: as it is when that is safe, else in single quotes.
fn shell_word(path: &str) -> String {
    let safe = !path.is_empty()
        && path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '_' | '-' | '+' | ':' | '@' | ',' | '='));
    if safe { path.to_string() } else { format!("'{}'", path.replace('\'', r"'\''")) }
}

/// The text of a file, decoded, or why it cannot be.
pub struct Decoded {
    /// The text to show in diagnostics: lossy when the bytes are text that is not valid
    /// UTF-8, empty when they are binary or in another encoding (nothing of such a file is
    /// ever shown).
    pub text: String,
    pub error: Option<LoadError>,
}

/// Reads a file for checking. Refuses non-regular files and files over `max_size`.
pub fn read_file(path: &Path, max_size: u64) -> Result<Vec<u8>, Unreadable> {
    let meta = std::fs::metadata(path).map_err(|e| Unreadable::io(&e))?;
    if meta.is_dir() {
        return Err(Unreadable::Directory);
    }
    if !meta.is_file() {
        return Err(Unreadable::NotRegular);
    }
    if meta.len() > max_size {
        return Err(Unreadable::TooLarge { size: Some(meta.len()), limit: max_size });
    }
    let file = std::fs::File::open(path).map_err(|e| Unreadable::io(&e))?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // `take` guards against a file that grows between the size check and the read.
    file.take(max_size + 1).read_to_end(&mut bytes).map_err(|e| Unreadable::io(&e))?;
    if bytes.len() as u64 > max_size {
        return Err(Unreadable::TooLarge { size: None, limit: max_size });
    }
    Ok(bytes)
}

/// The io error without Rust's " (os error N)" suffix.
pub fn io_message(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s.get(..i).unwrap_or(&s).to_string(),
        None => s,
    }
}

/// How much of the start of a file the binary and encoding guesses look at.
const SNIFF_LEN: usize = 8192;

/// Decodes bytes as UTF-8, explaining binary files and other encodings.
pub fn decode(bytes: Vec<u8>) -> Decoded {
    let whole = |cause: Unreadable| Decoded { text: String::new(), error: Some(LoadError::new(None, cause)) };
    if let Some(cause) = sniff(&bytes) {
        return whole(cause);
    }
    match String::from_utf8(bytes) {
        Ok(text) => Decoded { text, error: None },
        Err(e) => {
            let head = e.as_bytes().get(..SNIFF_LEN).unwrap_or(e.as_bytes());
            if looks_binary(head) {
                return whole(Unreadable::Binary { what: "it is not text" });
            }
            let valid = e.utf8_error().valid_up_to() as u32;
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            Decoded { text, error: Some(LoadError::new(Some(valid), Unreadable::NotUtf8)) }
        }
    }
}

/// Recognises what is not UTF-8 text from the first bytes: archives, other Unicode
/// encodings, binary data (NUL bytes, as git and grep decide).
fn sniff(bytes: &[u8]) -> Option<Unreadable> {
    if [b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"].iter().any(|m| bytes.starts_with(*m)) {
        // Terraform's plan file holds an entry named `tfplan`; ZIP keeps entry names as
        // they are, in each entry's header and in the central directory.
        return Some(if memchr::memmem::find(bytes, b"tfplan").is_some() {
            Unreadable::BinaryPlan
        } else {
            Unreadable::Binary { what: "a ZIP archive" }
        });
    }
    const BOM: &str = "it starts with a byte order mark";
    if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) || bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Some(Unreadable::Encoding { name: "UTF-32", why: BOM });
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Some(Unreadable::Encoding { name: "UTF-16", why: BOM });
    }
    let head = bytes.get(..SNIFF_LEN).unwrap_or(bytes);
    if let Some(name) = utf16_without_bom(head) {
        return Some(Unreadable::Encoding { name, why: "every other byte is NUL, as in UTF-16 text" });
    }
    memchr::memchr(0, bytes).map(|_| Unreadable::Binary { what: "it contains NUL bytes" })
}

/// `UTF-16LE` or `UTF-16BE` when nearly every other byte of `head` is NUL: ASCII text in
/// UTF-16 without a byte order mark.
fn utf16_without_bom(head: &[u8]) -> Option<&'static str> {
    let pairs = head.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in head.chunks_exact(2) {
        if let [a, b] = pair {
            even += usize::from(*a == 0);
            odd += usize::from(*b == 0);
        }
    }
    let most = |n: usize| n * 10 >= pairs * 9;
    let few = |n: usize| n * 10 <= pairs;
    if most(odd) && few(even) {
        Some("UTF-16LE")
    } else if most(even) && few(odd) {
        Some("UTF-16BE")
    } else {
        None
    }
}

/// Whether bytes that are not valid UTF-8 are binary rather than text in a legacy
/// encoding: control characters or invalid sequences make up a noticeable share.
fn looks_binary(head: &[u8]) -> bool {
    let controls =
        head.iter().filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B)) || b == 0x7F).count();
    let lossy = String::from_utf8_lossy(head);
    let (mut chars, mut invalid) = (0usize, 0usize);
    for c in lossy.chars() {
        chars += 1;
        invalid += usize::from(c == char::REPLACEMENT_CHARACTER);
    }
    controls * 100 > head.len() || invalid * 10 > chars
}

/// Whether the file name says Terraform source: `*.tf` or `*.tf.json`, and which.
pub fn terraform_source_name(path: &Path) -> Option<bool> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    if name.ends_with(".tf.json") {
        Some(true)
    } else if name.ends_with(".tf") {
        Some(false)
    } else {
        None
    }
}

/// What loading one file's text gave.
pub enum Loaded {
    /// A template or plan, with its model and the problems noticed while loading.
    Model {
        format: Format,
        model: Box<Model>,
        problems: Vec<Problem>,
        /// For plans: the module calls' sources, to locate findings in `.tf` files.
        tf_modules: Vec<terraform::ModuleSource>,
        /// For templates: the literal export and import names that may join it to others
        /// (see [`join`]); empty for plans.
        joins: join::Scan,
    },
    /// Parsed, but neither a template nor a plan.
    NotRecognised(String),
    /// Could not be parsed.
    Failed(LoadError),
}

/// A parsed document: its tree, whether it is JSON, and the YAML parser's notes.
pub struct Parsed<'a> {
    pub tree: Tree<'a>,
    pub is_json: bool,
    pub notes: Vec<(crate::syntax::tree::Range, String)>,
}

/// Parses `text` as JSON when it starts like JSON, else as YAML.
pub fn parse(text: &str) -> Result<Parsed<'_>, LoadError> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        match json::parse(text) {
            Ok(tree) => Ok(Parsed { tree, is_json: true, notes: Vec::new() }),
            Err(e) => Err(LoadError::new(Some(e.offset), Unreadable::parse(true, e.message))),
        }
    } else {
        match yaml::parse(text) {
            Ok(p) => Ok(Parsed { tree: p.tree, is_json: false, notes: p.notes }),
            Err(e) => Err(LoadError::new(Some(e.offset), Unreadable::parse(false, e.message))),
        }
    }
}

/// Whether a parsed document is a CloudFormation template that is not a Rain source: one
/// that can join others (see [`join`]).
pub fn is_joinable_template(tree: &Tree<'_>) -> bool {
    matches!(classify(tree), Class::Cfn) && rain_module(tree).is_none()
}

/// One template of a joined group, within the group's text.
#[derive(Debug, Clone)]
pub struct JoinMember {
    /// Where its text starts in the group's text, and its length.
    pub base: u32,
    pub len: u32,
    /// Its stack name, for names it must rename (see [`join`]).
    pub stack: String,
    /// For a nested stack's template: the member holding it and its stack resource there.
    pub parent: Option<(usize, String)>,
    /// Its deployed stack name, from `[stacks]` in vpclint.toml.
    pub deployed: Option<String>,
}

/// Loads CloudFormation templates that imports join (see [`join`]) as one model. `text` is
/// the group's text, each member's text at its `base`; spans in the model and problems are
/// offsets in it. A member that does not parse as a template is returned as its index and
/// error instead (the caller checks the rest without it).
pub fn load_joined(
    text: &str,
    members: &[JoinMember],
    file: crate::source::FileId,
) -> Result<(Model, Vec<Problem>), (usize, LoadError)> {
    let mut parsed = Vec::with_capacity(members.len());
    let mut problems = Vec::new();
    for (i, m) in members.iter().enumerate() {
        let slice = text.get(m.base as usize..(m.base + m.len) as usize).unwrap_or("");
        let p = parse(slice).map_err(|e| (i, e))?;
        if !is_joinable_template(&p.tree) {
            return Err((i, LoadError::new(None, Unreadable::NotRecognised("not a CloudFormation template".into()))));
        }
        for (range, message) in p.notes {
            problems.push(Problem::new(Span::new(file, range.start + m.base, range.end + m.base), message));
        }
        parsed.push(join::Member {
            tree: p.tree,
            base: m.base,
            stack: m.stack.clone(),
            parent: m.parent.clone(),
            deployed: m.deployed.clone(),
        });
    }
    let mut joined = join::join(&parsed);
    let mut suppressions = Vec::new();
    for m in &joined.members {
        let Some(meta) = m.metadata else { continue };
        let range = joined.tree.node(meta).range;
        let entry = crate::syntax::tree::Entry { key: "Metadata".into(), key_range: range, value: meta };
        let holder = joined.tree.push(crate::syntax::tree::Kind::Map(vec![entry]), range);
        suppressions.extend(cloudformation::member_suppressions(
            &joined.tree,
            holder,
            &m.resources,
            file,
            &mut problems,
        ));
    }
    let (mut model, more) = cloudformation::load(&joined.tree, file, Some(text));
    model.suppressions.extend(suppressions);
    // Each resource's stack: the member whose text holds its logical id.
    let mut bases: Vec<(u32, u32)> = members.iter().enumerate().map(|(i, m)| (m.base, i as u32)).collect();
    bases.sort_unstable();
    for node in &mut model.dependencies.resources {
        let after = bases.partition_point(|&(base, _)| base <= node.span.start);
        node.stack = after.checked_sub(1).and_then(|i| bases.get(i)).map_or(0, |&(_, m)| m);
    }
    problems.extend(more);
    Ok((model, problems))
}

/// Parses `text` and, when it is a template or plan, builds its model.
pub fn load_text(text: &str, file: crate::source::FileId) -> Loaded {
    load_text_with(text, file, None)
}

/// [`load_text`] for a file that may be a Terraform plan beside its `.tf` source.
pub fn load_text_with(text: &str, file: crate::source::FileId, tf: Option<&terraform::TfSource<'_>>) -> Loaded {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    let looks_json = trimmed.starts_with('{') || trimmed.starts_with('[');
    let (tree, is_json, notes) = if looks_json {
        match json::parse(text) {
            Ok(t) => (t, true, Vec::new()),
            Err(e) => return Loaded::Failed(LoadError::new(Some(e.offset), Unreadable::parse(true, e.message))),
        }
    } else {
        match yaml::parse(text) {
            Ok(p) => (p.tree, false, p.notes),
            Err(e) => return Loaded::Failed(LoadError::new(Some(e.offset), Unreadable::parse(false, e.message))),
        }
    };
    match classify(&tree) {
        Class::Cfn => {
            if let Some((module, at)) = rain_module(&tree) {
                return Loaded::Failed(LoadError::new(Some(at), Unreadable::RainSource { module }));
            }
            let comments = if is_json { None } else { Some(text) };
            let (model, mut problems) = cloudformation::load(&tree, file, comments);
            for (range, message) in notes {
                problems.push(Problem::new(Span::new(file, range.start, range.end), message));
            }
            let format = if is_json { Format::CloudformationJson } else { Format::CloudformationYaml };
            let joins = join::scan(&tree);
            Loaded::Model { format, model: Box::new(model), problems, tf_modules: Vec::new(), joins }
        }
        Class::Plan => {
            let plan = terraform::load(&tree, file, tf);
            let (model, problems, tf_modules) = (Box::new(plan.model), plan.problems, plan.modules);
            Loaded::Model { format: Format::TerraformPlan, model, problems, tf_modules, joins: join::Scan::default() }
        }
        Class::Neither(why) => Loaded::NotRecognised(why),
    }
}

/// The first resource whose `Type` is a Rain module (`Type: !Rain::Module path`, or
/// `"Type": {"Rain::Module": path}` in JSON), with the offset of its `Type` value.
fn rain_module(tree: &Tree<'_>) -> Option<(String, u32)> {
    let root = tree.root()?;
    let resources = tree.get(root, "Resources").and_then(|r| tree.entries(r))?;
    resources.iter().find_map(|e| {
        let ty = tree.get(e.value, "Type")?;
        tree.get(ty, "Rain::Module")?;
        Some((e.key.to_string(), tree.node(ty).range.start))
    })
}

enum Class {
    Cfn,
    Plan,
    Neither(String),
}

fn classify(tree: &Tree<'_>) -> Class {
    let Some(root) = tree.root() else {
        return Class::Neither("the file is empty (or holds only comments)".to_string());
    };
    if tree.entries(root).is_none() {
        return Class::Neither(format!(
            "the top level is {}; a CloudFormation template or Terraform plan is a mapping",
            tree.kind_name(root)
        ));
    }
    if tree.get(root, "format_version").is_some()
        && ["planned_values", "resource_changes", "values", "configuration", "prior_state"]
            .iter()
            .any(|k| tree.get(root, k).is_some())
    {
        return Class::Plan;
    }
    if tree.get(root, "AWSTemplateFormatVersion").is_some() {
        return Class::Cfn;
    }
    if let Some(res) = tree.get(root, "Resources") {
        if let Some(entries) = tree.entries(res) {
            if entries.iter().any(|e| tree.get(e.value, "Type").is_some()) || entries.is_empty() {
                return Class::Cfn;
            }
        } else if !matches!(tree.node(res).kind, Kind::Null) {
            return Class::Cfn;
        }
    }
    Class::Neither(
        "not a CloudFormation template (no `Resources` with typed entries, no `AWSTemplateFormatVersion`) \
         nor a Terraform plan (no `format_version` with `planned_values`, `resource_changes` or `values`)"
            .to_string(),
    )
}

/// A cheap textual guess, for directory walks: does an unparseable file look like it was
/// meant to be a template or plan? Such files are reported; other unparseable YAML/JSON
/// files in a walk (Helm charts, package manifests ...) are skipped quietly.
pub fn looks_like_candidate(text: &str) -> bool {
    let head = text.get(..text.len().min(64 * 1024)).unwrap_or_else(|| {
        let end = crate::source::floor_char_boundary(text, 64 * 1024);
        text.get(..end).unwrap_or("")
    });
    head.contains("AWSTemplateFormatVersion")
        || head.contains("AWS::")
        || (head.contains("format_version") && (head.contains("planned_values") || head.contains("resource_changes")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cause_of(bytes: &[u8]) -> Option<(Option<u32>, Unreadable)> {
        decode(bytes.to_vec()).error.map(|e| (e.offset, e.cause))
    }

    /// Every cause, with a path that needs quoting.
    fn every_cause() -> Vec<Unreadable> {
        vec![
            Unreadable::NotFound("No such file or directory".into()),
            Unreadable::PermissionDenied("Permission denied".into()),
            Unreadable::Io("Input/output error".into()),
            Unreadable::Walk("odd".into()),
            Unreadable::NotRegular,
            Unreadable::Directory,
            Unreadable::TooLarge { size: Some(200), limit: 100 },
            Unreadable::TooLarge { size: None, limit: 100 },
            Unreadable::Encoding { name: "UTF-16", why: "it starts with a byte order mark" },
            Unreadable::NotUtf8,
            Unreadable::Binary { what: "it contains NUL bytes" },
            Unreadable::BinaryPlan,
            Unreadable::TerraformSource { json: false },
            Unreadable::TerraformSource { json: true },
            Unreadable::NotRecognised("the file is empty".into()),
            Unreadable::Syntax { json: false, message: "did not find expected key".into() },
            Unreadable::Syntax { json: true, message: "trailing comma".into() },
            Unreadable::TooDeep("nesting is deeper than 256 levels".into()),
            Unreadable::AliasBomb("YAML aliases expand to more than 1000000 values".into()),
            Unreadable::TooManyValues("more than 10 values in one file".into()),
            Unreadable::Internal("index out of bounds".into()),
        ]
    }

    #[test]
    fn every_cause_has_its_own_message_and_help() {
        let causes = every_cause();
        let mut helps = std::collections::BTreeSet::new();
        for c in &causes {
            let (message, help) = (c.message("my plan"), c.help("my plan"));
            assert!(!message.is_empty() && !help.is_empty(), "{c:?}");
            assert!(!help.contains("fix the syntax") || matches!(c, Unreadable::Syntax { .. }), "{c:?}: {help}");
            helps.insert(help);
        }
        // Causes that share a help: the two sizes, the I/O errors, the two source kinds and
        // the two syntaxes differ only in their message.
        assert!(helps.len() >= causes.len() - 5, "{} helps for {} causes", helps.len(), causes.len());
    }

    #[test]
    fn messages_and_help_say_what_to_do() {
        let plan = Unreadable::BinaryPlan;
        assert_eq!(
            plan.message("out/tfplan"),
            "this is a binary Terraform plan: run `terraform show -json out/tfplan > plan.json` and check plan.json"
        );
        assert!(plan.message("my plan").contains("show -json 'my plan' > plan.json"));
        let tf = Unreadable::TerraformSource { json: false };
        assert!(tf.message("main.tf").contains("Terraform source (`.tf`)"));
        assert!(
            tf.message("main.tf").contains("terraform plan -out plan.out && terraform show -json plan.out > plan.json")
        );
        assert!(Unreadable::TerraformSource { json: true }.message("x.tf.json").contains("`.tf.json`"));
        let big = Unreadable::TooLarge { size: Some(200), limit: 100 };
        assert!(big.message("x").contains("over the limit of 100 bytes"));
        assert!(big.help("x").contains("--max-file-size") && big.help("x").contains("`max-file-size`"));
        let utf16 = Unreadable::Encoding { name: "UTF-16", why: "it starts with a byte order mark" };
        assert!(utf16.message("x").contains("UTF-16") && utf16.help("x").contains("UTF-8"));
        assert!(Unreadable::NotUtf8.help("x").contains("save the file as UTF-8"));
        assert!(Unreadable::NotRecognised("why".into()).help("x").contains("`AWSTemplateFormatVersion`"));
        assert!(Unreadable::Syntax { json: true, message: "m".into() }.help("x").contains("fix the JSON syntax"));
        assert!(Unreadable::Syntax { json: false, message: "m".into() }.message("x").starts_with("invalid YAML: m"));
        assert!(Unreadable::NotRegular.help("x").contains("regular file"));
        assert!(Unreadable::PermissionDenied("Permission denied".into()).help("x").contains("permission"));
    }

    #[test]
    fn parser_limits_are_told_from_syntax_errors() {
        // The parsers' own words, so a change of wording there shows up here.
        let deep = "[".repeat(crate::syntax::tree::MAX_DEPTH + 10);
        let Loaded::Failed(e) = load_text(&deep, crate::source::FileId(0)) else { panic!("deep JSON must fail") };
        assert!(matches!(e.cause, Unreadable::TooDeep(_)), "{e:?}");
        let deep = format!("{}x\n", "- ".repeat(crate::syntax::tree::MAX_DEPTH + 10));
        let Loaded::Failed(e) = load_text(&deep, crate::source::FileId(0)) else { panic!("deep YAML must fail") };
        assert!(matches!(e.cause, Unreadable::TooDeep(_)), "{e:?}");
        let bomb =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/bad/alias-bomb.yaml")).unwrap();
        let Loaded::Failed(e) = load_text(&bomb, crate::source::FileId(0)) else { panic!("alias bomb must fail") };
        assert!(matches!(e.cause, Unreadable::AliasBomb(_)), "{e:?}");
        let Loaded::Failed(e) = load_text("{\"a\": 1,}", crate::source::FileId(0)) else { panic!() };
        assert!(matches!(e.cause, Unreadable::Syntax { json: true, .. }), "{e:?}");
        assert_eq!(e.message, "invalid JSON: trailing comma");
    }

    #[test]
    fn binary_files_are_recognised_and_have_no_position() {
        let mut zip = b"PK\x03\x04\x14\x00\x00\x00\x08\x00".to_vec();
        zip.extend_from_slice(b"\x00\x00\x00\x00tfplan\x1b[31m\xff");
        assert_eq!(cause_of(&zip), Some((None, Unreadable::BinaryPlan)));
        assert_eq!(cause_of(b"PK\x03\x04other.txt\x00"), Some((None, Unreadable::Binary { what: "a ZIP archive" })));
        assert_eq!(
            cause_of(b"Resources:\n  \x00x: 1\n"),
            Some((None, Unreadable::Binary { what: "it contains NUL bytes" }))
        );
        let noise: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8 | 0x80).collect();
        assert_eq!(cause_of(&noise), Some((None, Unreadable::Binary { what: "it is not text" })));
        // Nothing of a binary file is kept to be shown.
        assert!(decode(zip).text.is_empty());
    }

    #[test]
    fn other_encodings_are_named() {
        let bom16 = [&[0xFF, 0xFE][..], "R\0e\0s\0".as_bytes()].concat();
        assert!(matches!(cause_of(&bom16), Some((None, Unreadable::Encoding { name: "UTF-16", .. }))));
        let bom32 = [&[0xFF, 0xFE, 0, 0][..], "R\0\0\0".as_bytes()].concat();
        assert!(matches!(cause_of(&bom32), Some((None, Unreadable::Encoding { name: "UTF-32", .. }))));
        let le: Vec<u8> = "Resources:\n  Vpc: x\n".bytes().flat_map(|b| [b, 0]).collect();
        assert!(matches!(cause_of(&le), Some((None, Unreadable::Encoding { name: "UTF-16LE", .. }))));
        let be: Vec<u8> = "Resources:\n  Vpc: x\n".bytes().flat_map(|b| [0, b]).collect();
        assert!(matches!(cause_of(&be), Some((None, Unreadable::Encoding { name: "UTF-16BE", .. }))));
        // Latin-1 text is text: the position of the first bad byte is kept.
        let latin1 = b"Resources:\n  Vpc: {Value: r\xe9seau}\n";
        assert_eq!(cause_of(latin1), Some((Some(27), Unreadable::NotUtf8)));
        assert!(decode(latin1.to_vec()).text.contains("r\u{fffd}seau"));
    }

    #[test]
    fn terraform_source_is_told_by_name() {
        assert_eq!(terraform_source_name(Path::new("infra/main.tf")), Some(false));
        assert_eq!(terraform_source_name(Path::new("MAIN.TF")), Some(false));
        assert_eq!(terraform_source_name(Path::new("infra/override.tf.json")), Some(true));
        assert_eq!(terraform_source_name(Path::new("plan.json")), None);
        assert_eq!(terraform_source_name(Path::new("tfplan")), None);
    }
}
