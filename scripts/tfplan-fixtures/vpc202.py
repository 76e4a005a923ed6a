from common import *

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../testdata/") + "rules/VPC202/"


def sg(p, name, **blocks):
    spec = {"name": C(name), "description": C(f"{name} security group"), "vpc_id": R(res_ref("aws_vpc.main"))}
    spec.update(blocks)
    return res(p, "aws_security_group", name, spec)


# ---- bad: all protocols inline, every TCP port in a rule resource, -1 in a VPC rule resource ----
p = Plan(region="eu-west-1")
vpc(p)
sg(p, "open", ingress=C([sg_block(cidr_blocks=["0.0.0.0/0"], from_port=0, to_port=0, protocol="-1")]))
sg(p, "other")
res(p, "aws_security_group_rule", "all_tcp", {
    "type": C("ingress"), "protocol": C("tcp"), "from_port": C(0), "to_port": C(65535),
    "cidr_blocks": C(["0.0.0.0/0"]), "security_group_id": R(res_ref("aws_security_group.other"))})
res(p, "aws_vpc_security_group_ingress_rule", "all", {
    "security_group_id": R(res_ref("aws_security_group.other")), "ip_protocol": C("-1"),
    "cidr_ipv6": C("::/0")})
p.write(OUT + "bad.tfplan.json", [
    ("VPC202", "aws_security_group.open", "ingress#0/cidr_blocks#0"),
    ("VPC202", "aws_security_group_rule.all_tcp", "cidr_blocks"),
    ("VPC202", "aws_vpc_security_group_ingress_rule.all", "cidr_ipv6"),
])


# ---- good: all traffic from the VPC or the group itself; the internet on some ports; egress ----
p = Plan(region="eu-west-1")
vpc(p)
sg(p, "web", ingress=C([
    sg_block(cidr_blocks=["10.0.0.0/16"], from_port=0, to_port=0, protocol="-1"),
    sg_block(self=True, from_port=0, to_port=0, protocol="-1"),
    sg_block(cidr_blocks=["0.0.0.0/0"], from_port=443, to_port=443, protocol="tcp"),
    sg_block(cidr_blocks=["0.0.0.0/0"], from_port=1024, to_port=65535, protocol="tcp"),
]), egress=C([sg_block(cidr_blocks=["0.0.0.0/0"], from_port=0, to_port=0, protocol="-1")]))
res(p, "aws_vpc_security_group_ingress_rule", "all_unknown_cidr", {
    "security_group_id": R(res_ref("aws_security_group.web")), "ip_protocol": C("-1"),
    "cidr_ipv4": R(["var.trusted_cidr"])})
p.write(OUT + "good.tfplan.json")
print("ok")
