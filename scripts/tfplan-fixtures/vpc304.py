from common import *

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../testdata/") + "rules/VPC304/"


def base(p):
    p.variables.setdefault("azs", AZS)
    p.root.variable("azs", AZS)
    vpc(p)
    private_subnets(p)


def ep(p, name, service, sgs, **kw):
    return endpoint(p, name, iface(service, True, sgs=sgs, **kw))


# ---- bad: default group, port 80 only, on-premises source, rule resources without 443 ----
p = Plan(region="eu-west-1")
base(p)
ep(p, "ssm", "ssm", None)
https_sg(p, "http_only", port=80)
ep(p, "kms", "kms", ["aws_security_group.http_only"])
res(p, "aws_security_group", "onprem", {"name": C("onprem"), "vpc_id": R(res_ref("aws_vpc.main"))})
res(p, "aws_security_group_rule", "onprem_https", {
    "type": C("ingress"), "protocol": C("tcp"), "from_port": C(443), "to_port": C(443),
    "cidr_blocks": C(["192.168.0.0/16"]), "security_group_id": R(res_ref("aws_security_group.onprem"))})
ep(p, "sts", "sts", ["aws_security_group.onprem"])
res(p, "aws_security_group", "ssh", {"name": C("ssh"), "vpc_id": R(res_ref("aws_vpc.main"))})
res(p, "aws_vpc_security_group_ingress_rule", "ssh", {
    "security_group_id": R(res_ref("aws_security_group.ssh")), "ip_protocol": C("tcp"),
    "from_port": C(22), "to_port": C(22), "cidr_ipv4": R(["aws_vpc.main.cidr_block", "aws_vpc.main"], "10.0.0.0/16")})
ep(p, "ec2", "ec2", ["aws_security_group.ssh"])
# for_each endpoints sharing a group that admits UDP only
res(p, "aws_security_group", "udp", {"name": C("udp"), "vpc_id": R(res_ref("aws_vpc.main")),
    "ingress": E(ref("aws_vpc.main.cidr_block", "aws_vpc.main"),
                 [sg_block(cidr_blocks=["10.0.0.0/16"], from_port=443, to_port=443, protocol="udp")])})
endpoint(p, "interface", {
    "service_name": R(["each.key"]), "vpc_endpoint_type": C("Interface"), "private_dns_enabled": C(True),
    "subnet_ids": R(["aws_subnet.private"]), "security_group_ids": R(res_ref("aws_security_group.udp"))},
    keys=["logs", "ecr.api"], for_each=ref("local.interface_services"))
for i in p.instances[-2:]:
    i.values["service_name"] = f"com.amazonaws.eu-west-1.{i.key}"
p.root.resources[-1]["expressions"]["service_name"] = ref("each.key")
# a group from a module output that admits only port 80
ms = Module()
ms.variable("vpc_id", has_default=False)
ms.variable("cidr", has_default=False)
https_sg(p, "this", cidr_refs=("var.cidr",), vpc_ref=["var.vpc_id"], cfg=ms, module=[("sg", None)], port=80)
ms.output("security_group_id", res_ref("aws_security_group.this"))
p.root.call("sg", "./modules/sg", {"vpc_id": ref(*res_ref("aws_vpc.main")),
                                   "cidr": ref("aws_vpc.main.cidr_block", "aws_vpc.main")}, ms)
endpoint(p, "ecr_api", iface("ecr.api", True, sgs=None, security_group_ids=R(mod_ref("sg", "security_group_id"))))
# a second VPC whose adopted default group admits SSH only; its endpoint lists no groups
vpc(p, "other", cidr="10.1.0.0/16")
res(p, "aws_default_security_group", "other", {"vpc_id": R(res_ref("aws_vpc.other")),
    "ingress": E(const([{"cidr_blocks": ["10.1.0.0/16"], "description": None, "from_port": 22, "ipv6_cidr_blocks": None,
                         "prefix_list_ids": None, "protocol": "tcp", "security_groups": None, "self": None, "to_port": 22}]),
                 [sg_block(cidr_blocks=["10.1.0.0/16"], from_port=22, to_port=22, protocol="tcp")])})
endpoint(p, "other_ssm", {"service_name": C("com.amazonaws.eu-west-1.ssm"), "vpc_endpoint_type": C("Interface"),
                          "private_dns_enabled": C(True)}, vpc_ref=res_ref("aws_vpc.other"))
p.write(OUT + "bad.tfplan.json", [
    ("VPC304", "aws_vpc_endpoint.ecr_api", None),
    ("VPC304", "aws_vpc_endpoint.other_ssm", None),
    ("VPC304", "aws_vpc_endpoint.ssm", None),
    ("VPC304", "aws_vpc_endpoint.kms", None),
    ("VPC304", "aws_vpc_endpoint.sts", None),
    ("VPC304", "aws_vpc_endpoint.ec2", None),
    ("VPC304", 'aws_vpc_endpoint.interface["logs"]', None),
    ("VPC304", 'aws_vpc_endpoint.interface["ecr.api"]', None),
])


# ---- good: inline rule, rule resources, a client security group, the adopted default group ----
p = Plan(region="eu-west-1")
base(p)
https_sg(p)
ep(p, "ssm", "ssm", ["aws_security_group.endpoints"])
res(p, "aws_security_group", "clients", {"name": C("clients"), "vpc_id": R(res_ref("aws_vpc.main"))})
# inline rule whose source group is known only after apply
res(p, "aws_security_group", "from_clients", {"name": C("from_clients"), "vpc_id": R(res_ref("aws_vpc.main")),
    "ingress": E(ref(*res_ref("aws_security_group.clients")),
                 [sg_block(from_port=443, to_port=443, protocol="tcp", security_groups=U)])})
ep(p, "kms", "kms", ["aws_security_group.from_clients"])
res(p, "aws_security_group", "rule_resource", {"name": C("rule_resource"), "vpc_id": R(res_ref("aws_vpc.main"))})
res(p, "aws_security_group_rule", "https_from_clients", {
    "type": C("ingress"), "protocol": C("tcp"), "from_port": C(443), "to_port": C(443),
    "security_group_id": R(res_ref("aws_security_group.rule_resource")),
    "source_security_group_id": R(res_ref("aws_security_group.clients"))})
ep(p, "sts", "sts", ["aws_security_group.rule_resource"])
res(p, "aws_security_group", "vpc_rule", {"name": C("vpc_rule"), "vpc_id": R(res_ref("aws_vpc.main"))})
res(p, "aws_vpc_security_group_ingress_rule", "https", {
    "security_group_id": R(res_ref("aws_security_group.vpc_rule")), "ip_protocol": C("tcp"),
    "from_port": C(443), "to_port": C(443), "cidr_ipv4": R(["aws_vpc.main.cidr_block", "aws_vpc.main"], "10.0.0.0/16")})
ep(p, "ec2", "ec2", ["aws_security_group.vpc_rule"])
res(p, "aws_default_security_group", "main", {"vpc_id": R(res_ref("aws_vpc.main")),
    "ingress": E(ref("aws_vpc.main.cidr_block", "aws_vpc.main"),
                 [sg_block(cidr_blocks=["10.0.0.0/16"], from_port=443, to_port=443, protocol="tcp")])})
ep(p, "logs", "logs", None)
# groups from a module output
ms = Module()
ms.variable("vpc_id", has_default=False)
ms.variable("cidr", has_default=False)
https_sg(p, "this", cidr_refs=("var.cidr",), vpc_ref=["var.vpc_id"], cfg=ms, module=[("sg", None)])
ms.output("security_group_id", res_ref("aws_security_group.this"))
p.root.call("sg", "./modules/sg", {"vpc_id": ref(*res_ref("aws_vpc.main")),
                                   "cidr": ref("aws_vpc.main.cidr_block", "aws_vpc.main")}, ms)
endpoint(p, "ecr_api", iface("ecr.api", True, sgs=None, security_group_ids=R(mod_ref("sg", "security_group_id"))))
p.write(OUT + "good.tfplan.json")


# ---- good-unknown: a group defined elsewhere, sources known only after apply ----
p = Plan(region="eu-west-1")
base(p)
ep(p, "ssm", "ssm", None, security_group_ids=R(["data.aws_security_group.shared.id", "data.aws_security_group.shared"]))
res(p, "aws_security_group", "dynamic", {"name": C("dynamic"), "vpc_id": R(res_ref("aws_vpc.main")),
    "ingress": E(ref("local.client_cidrs"), [sg_block(from_port=443, to_port=443, protocol="tcp", cidr_blocks=U)])})
ep(p, "kms", "kms", ["aws_security_group.dynamic"])
p.write(OUT + "good-unknown.tfplan.json")
print("ok")
