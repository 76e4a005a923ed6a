//! Terraform plan JSON (`terraform show -json plan.out`) and state JSON -> [`Model`].
//!
//! The pipeline, one stage per file, each stage's result read-only for the stages after it:
//!
//! 1. [`configuration`]: the plan's `configuration` (modules, expressions, references);
//! 2. [`instances`]: resource instances from `resource_changes` (`after`,
//!    `after_unknown`), `planned_values` and state-shaped `values`, each paired with its
//!    configuration resource ([`address`] parses their addresses and references);
//! 3. [`Plan`]: the two together, with attribute access ([`attrs`]) and the provider's
//!    create-time defaults for unset Optional+Computed attributes ([`defaults`]);
//! 4. [`ids`]: the model id of every instance, and the instances known ids name;
//! 5. [`link`]: links use known ids first; where an id is "known after apply" they are
//!    followed through `configuration` ([`resolve`]): the attribute's `references`,
//!    module-local references up through `module_calls.<m>.expressions` (`var.x`) and down
//!    through module `outputs` (`module.m.o`), pairing `count.index` / `each.key` instances;
//! 6. [`build`]: one file per resource family writes the model through a
//!    [`ModelBuilder`], which also creates what AWS creates with each VPC;
//! 7. [`dynamic_blocks`]: what the `.tf` source beside the plan adds, before the model is
//!    finished.
//!
//! Anything else unknown stays unknown.

mod address;
mod attrs;
mod build;
mod configuration;
mod defaults;
mod dynamic_blocks;
mod ids;
mod instances;
mod link;
pub mod locate;
mod resolve;
pub mod source;

use std::path::Path;

pub use address::split_address;
pub use configuration::{ModuleSource, module_sources};

use super::Problem;
use crate::load::terraform::locate::TfLocator;
use crate::model::build::{ImplicitNames, ModelBuilder};
use crate::model::{Model, Tool};
use crate::source::{FileId, Span};
use crate::syntax::tree::{NodeId, Tree};
use configuration::Configuration;
use ids::{Ids, VpcDefaults};
use instances::Instances;
use link::Linker;
use resolve::{MAX_RESOLVE_WORK, Resolver};

/// The objects AWS creates with a VPC, named after its address:
/// `aws_vpc.main (main route table)`.
const IMPLICIT_NAMES: ImplicitNames = ImplicitNames {
    main_table: ("main route table", "aws_route_table"),
    default_sg: ("default security group", "aws_security_group"),
    default_nacl: ("default network ACL", "aws_network_acl"),
    name: |vpc, what| format!("{vpc} ({what})"),
};

/// The `.tf` source a plan may sit beside: the Terraform root module the locator finds for
/// the plan file (`--tf-root`, else the plan's directory when it holds `.tf` files).
pub struct TfSource<'a> {
    pub locator: &'a TfLocator,
    /// The plan file's path.
    pub plan: &'a Path,
}

/// A loaded plan.
pub struct LoadedPlan {
    pub model: Model,
    pub problems: Vec<Problem>,
    /// The module calls' sources, to locate findings in `.tf` files.
    pub modules: Vec<ModuleSource>,
}

/// The plan as read: its tree, configuration and instances. Read-only once built.
pub(super) struct Plan<'t> {
    tree: &'t Tree<'t>,
    file: FileId,
    config: Configuration,
    insts: Instances,
}

/// Loads a Terraform plan or state; the caller has checked `format_version`. With
/// `source`, the `.tf` files beside the plan are read for what the plan leaves out.
pub fn load(tree: &Tree<'_>, file: FileId, source: Option<&TfSource<'_>>) -> LoadedPlan {
    let mut problems = Vec::new();
    let root = tree.root();
    if let Some(root) = root {
        check_version(tree, file, root, &mut problems);
    }
    let config = root.map_or_else(Configuration::default, |root| Configuration::read(tree, root));
    let insts = root.map_or_else(Instances::default, |root| Instances::read(tree, file, root, &config, &mut problems));
    let plan = Plan { tree, file, config, insts };
    let resolver = Resolver::new(&plan);
    let (ids, alloc) = Ids::assign(&plan);
    let mut b = ModelBuilder::new(file, Tool::Terraform, IMPLICIT_NAMES, alloc);
    b.model.region = root.and_then(|root| resolver.provider_region(root));
    let link = Linker { plan: &plan, resolver: &resolver, ids: &ids };
    let vpc = VpcDefaults::adopted(&link, b.implicit());
    let cx = build::Cx { plan: &plan, resolver: &resolver, ids: &ids, link: &link, vpc: &vpc };
    let mut out = build::Out::new(b, problems);
    build::build(&cx, &mut out);
    if let Some(source) = source {
        dynamic_blocks::unknown_dynamic_rules(&mut out.b.model, source, &plan.config.module_sources);
    }
    let build::Out { b, mut problems, .. } = out;
    for d in &tree.duplicate_keys {
        problems.push(Problem::duplicate(
            Span::new(file, d.duplicate.start, d.duplicate.end),
            Span::new(file, d.first.start, d.first.end),
            &d.key,
        ));
    }
    if let Some(at) = resolver.exhausted() {
        problems.push(Problem::new(
            plan.node_span(at),
            format!(
                "resolving references took more than {MAX_RESOLVE_WORK} steps (module outputs and variables that fan out to each other); the remaining links are unknown"
            ),
        ));
    }
    LoadedPlan { model: b.finish(), problems, modules: plan.config.module_sources }
}

/// A `format_version` vpclint does not know is read as 1.x, and said so.
fn check_version(tree: &Tree<'_>, file: FileId, root: NodeId, problems: &mut Vec<Problem>) {
    let Some(v) = tree.get(root, "format_version") else { return };
    let r = tree.node(v).range;
    let span = Span::new(file, r.start, r.end);
    match tree.str(v) {
        Some(s) => {
            let major = s.split('.').next().and_then(|m| m.parse::<u32>().ok());
            if major != Some(0) && major != Some(1) {
                problems.push(Problem::new(
                    span,
                    format!("plan format_version `{s}` is not one vpclint knows (0.x, 1.x); it is read as 1.x"),
                ));
            }
        }
        None => {
            problems.push(Problem::new(span, format!("`format_version` must be a string, found {}", tree.kind_name(v))))
        }
    }
}
