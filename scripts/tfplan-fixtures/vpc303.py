from common import *

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../testdata/") + "rules/VPC303/"


def net(p, name="main", cidr="10.0.0.0/16", hostnames=None, support=None, vpc_name=None):
    spec = {"cidr_block": C(cidr), "tags": tags(vpc_name or name)}
    if hostnames is not None:
        spec["enable_dns_hostnames"] = hostnames if isinstance(hostnames, (R, dict)) else C(hostnames)
    if support is not None:
        spec["enable_dns_support"] = C(support)
    return res(p, "aws_vpc", name, spec)[0]


def ep(p, name, vpc_name, service="ssm", private_dns=True):
    return res(p, "aws_vpc_endpoint", name, {
        "vpc_id": R(res_ref(f"aws_vpc.{vpc_name}")), "service_name": C(f"com.amazonaws.eu-west-1.{service}"),
        "vpc_endpoint_type": C("Interface"), "private_dns_enabled": C(private_dns) if isinstance(private_dns, bool) else private_dns})


# ---- bad: hostnames unset (unknown on create, the provider leaves AWS's false), false, support off, module ----
p = Plan(region="eu-west-1")
net(p, "unset")
ep(p, "unset_ssm", "unset")
net(p, "off", cidr="10.1.0.0/16", hostnames=False)
ep(p, "off_kms", "off", "kms")
net(p, "nosupport", cidr="10.2.0.0/16", hostnames=True, support=False)
ep(p, "nosupport_sts", "nosupport", "sts")
mv = Module()
mv.variable("cidr", has_default=False)
mv.variable("enable_dns_hostnames", False)
res(p, "aws_vpc", "this", {"cidr_block": R(["var.cidr"], "10.3.0.0/16"),
                           "enable_dns_hostnames": R(["var.enable_dns_hostnames"], False)},
    module=[("network", None)], cfg=mv)
mv.output("vpc_id", res_ref("aws_vpc.this"))
p.root.call("network", "./modules/network", {"cidr": const("10.3.0.0/16")}, mv)
res(p, "aws_vpc_endpoint", "network_logs", {
    "vpc_id": R(mod_ref("network", "vpc_id")), "service_name": C("com.amazonaws.eu-west-1.logs"),
    "vpc_endpoint_type": C("Interface"), "private_dns_enabled": C(True)})
p.write(OUT + "bad.tfplan.json", [
    ("VPC303", "aws_vpc_endpoint.unset_ssm", "private_dns_enabled"),
    ("VPC303", "aws_vpc_endpoint.off_kms", "private_dns_enabled"),
    ("VPC303", "aws_vpc_endpoint.nosupport_sts", "private_dns_enabled"),
    ("VPC303", "aws_vpc_endpoint.network_logs", "private_dns_enabled"),
])


# ---- bad-known-ids: an existing VPC without DNS hostnames, linked by its id ----
VPC_ID = "vpc-0a1b2c3d4e5f60718"
p = Plan(region="eu-west-1")
p.existing("aws_vpc", "legacy", vpc_state(VPC_ID, "10.1.0.0/16", "rtb-0f1e2d3c4b5a69788", "sg-0ab12cd34ef56ab78",
                                         hostnames=False))
p.root.resource("aws_vpc", "legacy", {"cidr_block": const("10.1.0.0/16"), "tags": const({"Name": "legacy"})})
res(p, "aws_vpc_endpoint", "ssm", {
    "vpc_id": R(res_ref("aws_vpc.legacy"), VPC_ID), "service_name": C("com.amazonaws.eu-west-1.ssm"),
    "vpc_endpoint_type": C("Interface"), "private_dns_enabled": C(True)})
# the same VPC named by a literal id
res(p, "aws_vpc_endpoint", "ec2", {
    "vpc_id": C(VPC_ID), "service_name": C("com.amazonaws.eu-west-1.ec2"),
    "vpc_endpoint_type": C("Interface"), "private_dns_enabled": C(True)})
p.write(OUT + "bad-known-ids.tfplan.json", [
    ("VPC303", "aws_vpc_endpoint.ssm", "private_dns_enabled"),
    ("VPC303", "aws_vpc_endpoint.ec2", "private_dns_enabled"),
])


# ---- good: both attributes on; private DNS off or unset needs nothing ----
p = Plan(region="eu-west-1")
net(p, "main", hostnames=True)
ep(p, "ssm", "main")
net(p, "plain", cidr="10.1.0.0/16")
ep(p, "kms", "plain", "kms", private_dns=False)
res(p, "aws_vpc_endpoint", "sts", {
    "vpc_id": R(res_ref("aws_vpc.plain")), "service_name": C("com.amazonaws.eu-west-1.sts"),
    "vpc_endpoint_type": C("Interface")})
mv = Module()
mv.variable("enable_dns_hostnames", False)
res(p, "aws_vpc", "this", {"cidr_block": C("10.3.0.0/16"), "enable_dns_hostnames": R(["var.enable_dns_hostnames"], True)},
    module=[("network", None)], cfg=mv)
mv.output("vpc_id", res_ref("aws_vpc.this"))
p.root.call("network", "./modules/network", {"enable_dns_hostnames": const(True)}, mv)
res(p, "aws_vpc_endpoint", "network_logs", {
    "vpc_id": R(mod_ref("network", "vpc_id")), "service_name": C("com.amazonaws.eu-west-1.logs"),
    "vpc_endpoint_type": C("Interface"), "private_dns_enabled": C(True)})
p.write(OUT + "good.tfplan.json")


# ---- good-unknown: hostnames from a value known only after apply; a VPC from a data source ----
p = Plan(region="eu-west-1")
net(p, "main", hostnames=R(["local.dns_hostnames"]))
ep(p, "ssm", "main")
res(p, "aws_vpc_endpoint", "kms", {
    "vpc_id": R(["data.aws_vpc.shared.id", "data.aws_vpc.shared"]), "service_name": C("com.amazonaws.eu-west-1.kms"),
    "vpc_endpoint_type": C("Interface"), "private_dns_enabled": C(True)})
p.write(OUT + "good-unknown.tfplan.json")
print("ok")
