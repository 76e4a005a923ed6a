"""Terraform plan fixtures of tests/precision.rs (testdata/precision/*.tfplan.json)."""
from common import *

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../testdata/") + "precision/"


def route_cfg(**kw):
    """A `route` block as the configuration's constant_value shows it: every attribute, unset null."""
    b = {k: None for k in ROUTE_BLOCK}
    b.update(kw)
    return b


# ---- cidr-without-prefix: a CIDR without its prefix length is malformed in inline blocks
# (ingress and egress, IPv4 and IPv6) as in the rule resources ----
p = Plan(region="eu-west-1")
vpc(p)
res(p, "aws_security_group", "inline", {
    "name": C("inline"), "vpc_id": R(res_ref("aws_vpc.main")),
    "ingress": E(const([sg_block(cidr_blocks=["10.0.0.0"], from_port=443, to_port=443, protocol="tcp")]),
                 [sg_block(cidr_blocks=["10.0.0.0"], from_port=443, to_port=443, protocol="tcp")]),
    "egress": E(const([sg_block(ipv6_cidr_blocks=["2001:db8::"], from_port=0, to_port=0, protocol="-1")]),
                [sg_block(ipv6_cidr_blocks=["2001:db8::"], from_port=0, to_port=0, protocol="-1")])})
res(p, "aws_security_group", "rules", {"name": C("rules"), "vpc_id": R(res_ref("aws_vpc.main"))})
res(p, "aws_security_group_rule", "https", {
    "type": C("ingress"), "protocol": C("tcp"), "from_port": C(443), "to_port": C(443),
    "cidr_blocks": C(["10.0.0.0"]), "security_group_id": R(res_ref("aws_security_group.rules"))})
res(p, "aws_vpc_security_group_ingress_rule", "ssh", {
    "security_group_id": R(res_ref("aws_security_group.rules")), "ip_protocol": C("tcp"),
    "from_port": C(22), "to_port": C(22), "cidr_ipv4": C("10.0.0.0")})
p.write(OUT + "cidr-without-prefix.tfplan.json")


# ---- route-cidr-without-prefix: the same in an aws_route and in an inline route block ----
p = Plan(region="eu-west-1")
vpc(p)
table(p, "inline", route=E(const([route_cfg(cidr_block="10.2.0.0", vpc_peering_connection_id="pcx-0123456789abcdef0")]),
                            [route_block(cidr_block="10.2.0.0", vpc_peering_connection_id="pcx-0123456789abcdef0")]))
table(p, "routes")
route(p, "peering", res_ref("aws_route_table.routes"), "vpc_peering_connection_id",
      target_value="pcx-0123456789abcdef0", dest="10.1.0.0")
p.write(OUT + "route-cidr-without-prefix.tfplan.json")
print("ok")
