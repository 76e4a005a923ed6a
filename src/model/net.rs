//! IPv4/IPv6 CIDR blocks, port ranges and protocols.

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

/// An IPv4 or IPv6 CIDR block. Host bits are cleared on parse, as AWS does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Cidr {
    V4 { addr: u32, prefix: u8 },
    V6 { addr: u128, prefix: u8 },
}

impl Cidr {
    /// Parses `a.b.c.d/n` or an IPv6 `addr/n`; a bare address is a host route (/32, /128).
    pub fn parse(s: &str) -> Option<Cidr> {
        let s = s.trim();
        // AWS takes a block only with its prefix length: `10.0.0.0` alone is malformed
        // (EC2 and CloudFormation reject it), not a /32.
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a, p.parse::<u8>().ok()?),
            None => return None,
        };
        if let Ok(v4) = addr.parse::<Ipv4Addr>() {
            if prefix > 32 {
                return None;
            }
            return Some(Cidr::V4 { addr: u32::from(v4) & mask4(prefix), prefix });
        }
        if let Ok(v6) = addr.parse::<Ipv6Addr>() {
            if prefix > 128 {
                return None;
            }
            return Some(Cidr::V6 { addr: u128::from(v6) & mask6(prefix), prefix });
        }
        None
    }

    /// The prefix length.
    pub fn prefix(&self) -> u8 {
        match *self {
            Cidr::V4 { prefix, .. } | Cidr::V6 { prefix, .. } => prefix,
        }
    }

    /// Whether this is an IPv4 block.
    pub fn is_v4(&self) -> bool {
        matches!(self, Cidr::V4 { .. })
    }

    /// Whether this is the whole address space of its family (`0.0.0.0/0`, `::/0`).
    pub fn is_default(&self) -> bool {
        self.prefix() == 0
    }

    /// Whether `other` lies entirely inside `self` (same family only).
    pub fn contains(&self, other: &Cidr) -> bool {
        match (*self, *other) {
            (Cidr::V4 { addr: a, prefix: p }, Cidr::V4 { addr: b, prefix: q }) => q >= p && (b & mask4(p)) == a,
            (Cidr::V6 { addr: a, prefix: p }, Cidr::V6 { addr: b, prefix: q }) => q >= p && (b & mask6(p)) == a,
            _ => false,
        }
    }

    /// Whether the two blocks share at least one address.
    pub fn overlaps(&self, other: &Cidr) -> bool {
        self.contains(other) || other.contains(self)
    }

    /// `Fn::Cidr [block, count, bits]`: `count` consecutive subnets with `bits` host bits.
    /// Returns `None` when the request is invalid (CloudFormation rejects it too).
    pub fn split(&self, count: u32, host_bits: u8) -> Option<Vec<Cidr>> {
        if count == 0 || count > 256 {
            return None;
        }
        match *self {
            Cidr::V4 { addr, prefix } => {
                let new_prefix = 32u8.checked_sub(host_bits)?;
                if new_prefix < prefix || host_bits == 0 {
                    return None;
                }
                let available = 1u64 << (new_prefix - prefix);
                if u64::from(count) > available {
                    return None;
                }
                let step = 1u64 << host_bits;
                Some(
                    (0..u64::from(count))
                        .map(|i| Cidr::V4 { addr: (u64::from(addr) + i * step) as u32, prefix: new_prefix })
                        .collect(),
                )
            }
            Cidr::V6 { addr, prefix } => {
                let new_prefix = 128u8.checked_sub(host_bits)?;
                if new_prefix < prefix || host_bits == 0 {
                    return None;
                }
                let diff = u32::from(new_prefix - prefix);
                if diff < 32 && count > (1u32 << diff) {
                    return None;
                }
                let step: u128 = 1u128.checked_shl(u32::from(host_bits))?;
                Some(
                    (0..u128::from(count))
                        .map(|i| Cidr::V6 { addr: addr.wrapping_add(i.wrapping_mul(step)), prefix: new_prefix })
                        .collect(),
                )
            }
        }
    }
}

fn mask4(prefix: u8) -> u32 {
    if prefix == 0 { 0 } else { u32::MAX << (32 - u32::from(prefix)) }
}

fn mask6(prefix: u8) -> u128 {
    if prefix == 0 { 0 } else { u128::MAX << (128 - u32::from(prefix)) }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Cidr::V4 { addr, prefix } => write!(f, "{}/{}", Ipv4Addr::from(addr), prefix),
            Cidr::V6 { addr, prefix } => write!(f, "{}/{}", Ipv6Addr::from(addr), prefix),
        }
    }
}

/// An IP protocol as security group and NACL rules name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    /// `-1`: every protocol and port.
    All,
    Tcp,
    Udp,
    Icmp,
    Icmpv6,
    /// Another protocol number; AWS then allows all ports.
    Other(u8),
}

impl Protocol {
    /// Parses `tcp`, `6`, `-1`, `all`, ... as AWS accepts them.
    pub fn parse(s: &str) -> Option<Protocol> {
        let s = s.trim().to_ascii_lowercase();
        Some(match s.as_str() {
            "-1" | "all" => Protocol::All,
            "tcp" | "6" => Protocol::Tcp,
            "udp" | "17" => Protocol::Udp,
            "icmp" | "1" => Protocol::Icmp,
            "icmpv6" | "58" => Protocol::Icmpv6,
            n => Protocol::Other(n.parse::<u8>().ok()?),
        })
    }

    /// Whether a rule with this protocol can carry TCP traffic.
    pub fn covers_tcp(&self) -> bool {
        matches!(self, Protocol::All | Protocol::Tcp)
    }

    /// Whether AWS ignores the port range for this protocol (all ports allowed).
    pub fn all_ports(&self) -> bool {
        matches!(self, Protocol::All | Protocol::Other(_))
    }
}

impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Protocol::All => f.write_str("all protocols"),
            Protocol::Tcp => f.write_str("tcp"),
            Protocol::Udp => f.write_str("udp"),
            Protocol::Icmp => f.write_str("icmp"),
            Protocol::Icmpv6 => f.write_str("icmpv6"),
            Protocol::Other(n) => write!(f, "protocol {n}"),
        }
    }
}

/// An inclusive port range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub struct PortRange {
    pub from: i32,
    pub to: i32,
}

impl PortRange {
    /// Every port (`-1` or unset with an all-ports protocol).
    pub const ALL: PortRange = PortRange { from: 0, to: 65535 };

    /// Whether `port` is inside the range; `-1..-1` means all ports.
    pub fn contains(&self, port: i32) -> bool {
        (self.from == -1 && self.to == -1) || (self.from <= port && port <= self.to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_contain() {
        let vpc = Cidr::parse("10.0.0.0/16").unwrap();
        let sub = Cidr::parse("10.0.1.0/24").unwrap();
        assert!(vpc.contains(&sub));
        assert!(!sub.contains(&vpc));
        assert!(vpc.overlaps(&sub));
        assert!(Cidr::parse("0.0.0.0/0").unwrap().contains(&sub));
        assert_eq!(Cidr::parse("10.0.1.7/24").unwrap().to_string(), "10.0.1.0/24");
        assert!(Cidr::parse("10.0.0.0/33").is_none());
        assert!(Cidr::parse("nonsense").is_none());
        assert!(Cidr::parse("10.0.0.0").is_none(), "a block needs its prefix length");
        assert!(Cidr::parse("::/0").unwrap().is_default());
        let v6 = Cidr::parse("2001:db8::/56").unwrap();
        assert!(!v6.overlaps(&vpc));
        assert!(Cidr::parse("2001:db8::/32").unwrap().contains(&v6));
    }

    #[test]
    fn fn_cidr_split() {
        let vpc = Cidr::parse("10.0.0.0/16").unwrap();
        let parts = vpc.split(4, 8).unwrap();
        let shown: Vec<String> = parts.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"]);
        assert!(vpc.split(3, 20).is_none());
        assert!(Cidr::parse("10.0.0.0/24").unwrap().split(5, 6).is_none());
        assert!(vpc.split(0, 8).is_none());
    }

    #[test]
    fn protocols() {
        assert_eq!(Protocol::parse("TCP"), Some(Protocol::Tcp));
        assert_eq!(Protocol::parse("-1"), Some(Protocol::All));
        assert_eq!(Protocol::parse("47"), Some(Protocol::Other(47)));
        assert_eq!(Protocol::parse("bogus"), None);
        assert!(PortRange { from: -1, to: -1 }.contains(443));
        assert!(PortRange { from: 400, to: 500 }.contains(443));
        assert!(!PortRange { from: 80, to: 80 }.contains(443));
    }
}
