from common import *

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../testdata/") + "rules/VPC207/"


def sg(p, name, **blocks):
    spec = {"name": C(name), "description": C(f"{name} security group"), "vpc_id": R(res_ref("aws_vpc.main"))}
    spec.update(blocks)
    return res(p, "aws_security_group", name, spec)


# ---- bad: an inline block, a rule resource and a VPC rule resource without a peer ----
p = Plan(region="eu-west-1")
vpc(p)
sg(p, "app", ingress=C([
    sg_block(cidr_blocks=["10.0.0.0/16"], from_port=443, to_port=443, protocol="tcp"),
    sg_block(from_port=8080, to_port=8080, protocol="tcp"),
]))
p.root.resources[-1]["expressions"]["ingress"] = const([
    {"cidr_blocks": ["10.0.0.0/16"], "from_port": 443, "to_port": 443, "protocol": "tcp"},
    {"from_port": 8080, "to_port": 8080, "protocol": "tcp"}])
sg(p, "db")
res(p, "aws_security_group_rule", "db_from_app", {
    "type": C("ingress"), "protocol": C("tcp"), "from_port": C(5432), "to_port": C(5432),
    "security_group_id": R(res_ref("aws_security_group.db"))})
res(p, "aws_vpc_security_group_egress_rule", "db_out", {
    "security_group_id": R(res_ref("aws_security_group.db")), "ip_protocol": C("tcp"),
    "from_port": C(443), "to_port": C(443)})
p.write(OUT + "bad.tfplan.json", [
    ("VPC207", "aws_security_group.app", "ingress#1"),
    ("VPC207", "aws_security_group_rule.db_from_app", None),
    ("VPC207", "aws_vpc_security_group_egress_rule.db_out", None),
])


# ---- good: every kind of peer, peers known only after apply ----
p = Plan(region="eu-west-1")
vpc(p)
sg(p, "app", ingress=C([
    sg_block(cidr_blocks=["10.0.0.0/16"], from_port=443, to_port=443, protocol="tcp"),
    sg_block(ipv6_cidr_blocks=["::/0"], from_port=443, to_port=443, protocol="tcp"),
    sg_block(prefix_list_ids=["pl-0123456789abcdef0"], from_port=443, to_port=443, protocol="tcp"),
    sg_block(self=True, from_port=0, to_port=0, protocol="-1"),
]))
sg(p, "db")
res(p, "aws_security_group_rule", "db_from_app", {
    "type": C("ingress"), "protocol": C("tcp"), "from_port": C(5432), "to_port": C(5432),
    "security_group_id": R(res_ref("aws_security_group.db")),
    "source_security_group_id": R(res_ref("aws_security_group.app"))})
res(p, "aws_security_group_rule", "db_from_vpn", {
    "type": C("ingress"), "protocol": C("tcp"), "from_port": C(5432), "to_port": C(5432),
    "security_group_id": R(res_ref("aws_security_group.db")),
    "cidr_blocks": R(["data.aws_ec2_managed_prefix_list.vpn.entries", "data.aws_ec2_managed_prefix_list.vpn"])})
res(p, "aws_vpc_security_group_egress_rule", "db_out", {
    "security_group_id": R(res_ref("aws_security_group.db")), "ip_protocol": C("tcp"),
    "from_port": C(443), "to_port": C(443),
    "referenced_security_group_id": R(res_ref("aws_security_group.app"))})
res(p, "aws_vpc_security_group_ingress_rule", "db_in", {
    "security_group_id": R(res_ref("aws_security_group.db")), "ip_protocol": C("tcp"),
    "from_port": C(5432), "to_port": C(5432),
    "cidr_ipv4": R(["aws_vpc.main.cidr_block", "aws_vpc.main"], "10.0.0.0/16")})
p.write(OUT + "good.tfplan.json")
print("ok")
