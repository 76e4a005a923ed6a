//! VPC201 sg-admin-port-open-to-world.

use super::{all_traffic, open_to_world, world_source};
use crate::model::*;
use crate::rules::{Rule, RuleContext};

/// An ingress rule from the internet whose TCP ports include one of the rule's `ports`
/// option (default SSH, 22, and RDP, 3389).
///
/// A rule that admits all traffic or every port is VPC202's, not this rule's: one finding
/// per rule. Unknown protocols or ports, prefix lists and CIDR blocks that are not known
/// (a parameter without default) stay silent.
pub struct SgAdminPortOpenToWorld;

/// What messages call a port: the services administrators and databases listen on by
/// default; other ports are named by number.
const PORT_NAMES: [(u16, &str); 14] = [
    (21, "FTP"),
    (22, "SSH"),
    (23, "Telnet"),
    (445, "SMB"),
    (1433, "SQL Server"),
    (1521, "Oracle"),
    (2049, "NFS"),
    (3306, "MySQL"),
    (3389, "RDP"),
    (5432, "PostgreSQL"),
    (5900, "VNC"),
    (6379, "Redis"),
    (9200, "Elasticsearch"),
    (27017, "MongoDB"),
];

fn service(port: u16) -> Option<&'static str> {
    PORT_NAMES.iter().find(|(p, _)| *p == port).map(|(_, n)| *n)
}

/// `SSH (TCP 22)`, or `TCP 8443` for a port without a name: a single-port rule's words.
fn long(port: u16) -> String {
    match service(port) {
        Some(name) => format!("{name} (TCP {port})"),
        None => format!("TCP {port}"),
    }
}

/// `SSH (22)`, or `port 8443`: a port named inside a range.
fn short(port: u16) -> String {
    match service(port) {
        Some(name) => format!("{name} ({port})"),
        None => format!("port {port}"),
    }
}

impl Rule for SgAdminPortOpenToWorld {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let mut watched: Vec<u16> = cx.options().ports("ports").to_vec();
        watched.sort_unstable();
        watched.dedup();
        if watched.is_empty() {
            return;
        }
        for rule in &cx.model.sg_rules {
            let Some(world) = world_source(rule) else { continue };
            if all_traffic(rule).is_some() || rule.protocol.known() != Some(&Protocol::Tcp) {
                continue;
            }
            let Some(ports) = rule.ports.known() else { continue };
            let open: Vec<u16> = watched.iter().copied().filter(|p| ports.contains(i32::from(*p))).collect();
            if open.is_empty() {
                continue;
            }
            let what = if ports.from == ports.to {
                open.iter().map(|p| long(*p)).collect::<Vec<_>>().join(" and ")
            } else {
                let named: Vec<String> = open.iter().map(|p| short(*p)).collect();
                format!("TCP {}-{}, which includes {},", ports.from, ports.to, and_list(&named))
            };
            let f = open_to_world(cx, rule, &world, &what);
            cx.report(f);
        }
    }
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
