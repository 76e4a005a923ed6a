from common import *

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../testdata/") + "rules/VPC201/"


def sg(p, name, **blocks):
    spec = {"name": C(name), "description": C(f"{name} security group"), "vpc_id": R(res_ref("aws_vpc.main"))}
    spec.update(blocks)
    return res(p, "aws_security_group", name, spec)


# ---- bad: an inline block with both families, a rule resource, a VPC rule resource ----
p = Plan(region="eu-west-1")
vpc(p)
sg(p, "admin", ingress=C([
    sg_block(cidr_blocks=["0.0.0.0/0"], ipv6_cidr_blocks=["::/0"], from_port=22, to_port=22, protocol="tcp"),
]))
sg(p, "windows")
res(p, "aws_security_group_rule", "rdp", {
    "type": C("ingress"), "protocol": C("tcp"), "from_port": C(3389), "to_port": C(3389),
    "cidr_blocks": C(["0.0.0.0/0"]), "security_group_id": R(res_ref("aws_security_group.windows"))})
res(p, "aws_vpc_security_group_ingress_rule", "ssh", {
    "security_group_id": R(res_ref("aws_security_group.windows")), "ip_protocol": C("tcp"),
    "from_port": C(22), "to_port": C(22), "cidr_ipv4": C("0.0.0.0/0")})
text = p.write(OUT + "bad.tfplan.json", [
    ("VPC201", "aws_security_group.admin", "ingress#0/cidr_blocks#0"),
    ("VPC201", "aws_security_group.admin", "ingress#0/ipv6_cidr_blocks#0"),
    ("VPC201", "aws_security_group_rule.rdp", "cidr_blocks"),
    ("VPC201", "aws_vpc_security_group_ingress_rule.ssh", "cidr_ipv4"),
])


# ---- good: 22 open to private ranges or a group; the internet on 443; all traffic is VPC202's ----
p = Plan(region="eu-west-1")
vpc(p)
sg(p, "bastion")
sg(p, "admin", ingress=C([
    sg_block(cidr_blocks=["10.0.0.0/8"], from_port=22, to_port=22, protocol="tcp"),
    sg_block(cidr_blocks=["0.0.0.0/0"], from_port=443, to_port=443, protocol="tcp"),
    sg_block(cidr_blocks=["0.0.0.0/0"], from_port=0, to_port=0, protocol="-1"),
]), egress=C([sg_block(cidr_blocks=["0.0.0.0/0"], from_port=22, to_port=22, protocol="tcp")]))
res(p, "aws_security_group_rule", "ssh_from_bastion", {
    "type": C("ingress"), "protocol": C("tcp"), "from_port": C(22), "to_port": C(22),
    "security_group_id": R(res_ref("aws_security_group.admin")),
    "source_security_group_id": R(res_ref("aws_security_group.bastion"))})
res(p, "aws_vpc_security_group_ingress_rule", "ssh_from_var", {
    "security_group_id": R(res_ref("aws_security_group.admin")), "ip_protocol": C("tcp"),
    "from_port": C(22), "to_port": C(22), "cidr_ipv4": R(["var.admin_cidr"])})
p.write(OUT + "good.tfplan.json")
print("ok")
