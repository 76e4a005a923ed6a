from common import *

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../testdata/") + "rules/VPC205/"


def entry(rule_no, action, cidr, from_port=0, to_port=0, protocol="6"):
    return {"action": action, "cidr_block": cidr, "from_port": from_port, "icmp_code": 0, "icmp_type": 0,
            "ipv6_cidr_block": "", "protocol": protocol, "rule_no": rule_no, "to_port": to_port}


def acl(p, name, ingress=None, egress=None, subnets=("aws_subnet.private",)):
    spec = {"vpc_id": R(res_ref("aws_vpc.main")), "tags": tags(name)}
    if subnets:
        refs = []
        for s in subnets:
            refs += [s + ".id", s] if "[" not in s else res_ref(s)
        spec["subnet_ids"] = R(refs)
    if ingress is not None:
        spec["ingress"] = C(ingress)
    if egress is not None:
        spec["egress"] = C(egress)
    return res(p, "aws_network_acl", name, spec)


def base(p):
    vpc(p)
    subnet(p, "private", "10.0.1.0/24")


# ---- bad: inline entries without returns; rule resources and an association resource ----
p = Plan(region="eu-west-1")
base(p)
acl(p, "private",
    egress=[entry(100, "allow", "0.0.0.0/0", 443, 443)],
    ingress=[entry(100, "allow", "10.0.0.0/16", 0, 0, "-1")])
subnet(p, "web", "10.0.2.0/24")
acl(p, "web", subnets=None)
res(p, "aws_network_acl_rule", "web_https_in", {
    "network_acl_id": R(res_ref("aws_network_acl.web")), "rule_number": C(100), "egress": C(False),
    "protocol": C("tcp"), "rule_action": C("allow"), "cidr_block": C("0.0.0.0/0"),
    "from_port": C(443), "to_port": C(443)})
res(p, "aws_network_acl_rule", "web_out_vpc", {
    "network_acl_id": R(res_ref("aws_network_acl.web")), "rule_number": C(100), "egress": C(True),
    "protocol": C("tcp"), "rule_action": C("allow"), "cidr_block": C("10.0.0.0/16"),
    "from_port": C(0), "to_port": C(65535)})
res(p, "aws_network_acl_association", "web", {
    "network_acl_id": R(res_ref("aws_network_acl.web")), "subnet_id": R(res_ref("aws_subnet.web"))})
p.write(OUT + "bad.tfplan.json", [
    ("VPC205", "aws_network_acl.private", None),
    ("VPC205", "aws_network_acl.web", None),
])


# ---- good: the ephemeral return entries; an ACL whose entries are known only after apply ----
p = Plan(region="eu-west-1")
base(p)
acl(p, "private",
    egress=[entry(100, "allow", "0.0.0.0/0", 443, 443), entry(110, "allow", "0.0.0.0/0", 1024, 65535)],
    ingress=[entry(100, "allow", "0.0.0.0/0", 1024, 65535, "tcp"), entry(110, "allow", "10.0.0.0/16", 22, 22)])
subnet(p, "web", "10.0.2.0/24")
acl(p, "web", subnets=("aws_subnet.web",))
p.root.resources[-1]["expressions"]["ingress"] = ref("local.web_ingress")
p.instances[-1].values["ingress"] = U
res(p, "aws_network_acl_rule", "web_out", {
    "network_acl_id": R(res_ref("aws_network_acl.web")), "rule_number": C(100), "egress": C(True),
    "protocol": C("tcp"), "rule_action": C("allow"), "cidr_block": C("0.0.0.0/0"),
    "from_port": C(443), "to_port": C(443)})
p.write(OUT + "good.tfplan.json")
print("ok")
