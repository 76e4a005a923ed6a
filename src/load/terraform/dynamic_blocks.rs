//! What the `.tf` source beside a plan adds to its model: `dynamic` blocks, which
//! Terraform leaves out of the plan's `configuration`.

use super::{ModuleSource, TfSource};
use crate::model::{Direction, Model};

/// Security groups whose inline `ingress`/`egress` the plan leaves unset on create, but
/// whose `.tf` block generates them with a `dynamic` block: the plan cannot say what those
/// rules are (Terraform leaves dynamic blocks out of its `configuration`, and an unknown
/// `for_each` leaves the blocks "known after apply"), so the group's rules become unknown
/// instead of absent. Without the `.tf` source this cannot be seen (README, "Known
/// limitations").
pub(super) fn unknown_dynamic_rules(model: &mut Model, source: &TfSource<'_>, modules: &[ModuleSource]) {
    let mut groups = model.security_groups.iter_mut().filter(|g| g.rules_known && !g.defaulted_inline.is_empty());
    let Some(first) = groups.next() else { return };
    let Some(root) = source.locator.root_for(source.plan) else { return };
    for sg in std::iter::once(first).chain(groups) {
        let Some(dynamic) = source.locator.dynamic_blocks(&root, modules, &sg.meta.name) else { continue };
        let generated = |d: &Direction| {
            let name = match d {
                Direction::Ingress => "ingress",
                Direction::Egress => "egress",
            };
            dynamic.iter().any(|label| label == name)
        };
        if sg.defaulted_inline.iter().any(generated) {
            sg.rules_known = false;
        }
    }
}
