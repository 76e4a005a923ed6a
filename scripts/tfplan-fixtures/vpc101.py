import sys
import os; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from helpers import *

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../testdata/") + "rules/VPC101/"
AZS = ["eu-west-1a", "eu-west-1b"]


def vpc(p, cfg=None, module=(), name="main", vpc_ref=None):
    return res(p, "aws_vpc", name, {"cidr_block": C("10.0.0.0/16"), "enable_dns_hostnames": C(True),
                                     "tags": tags(name)}, cfg=cfg, module=module)


# ---- bad: count, for_each with each.key and each.value, one subnet never associated ----
p = Plan(region="eu-west-1", variables={"azs": AZS, "app_subnets": {"a": "10.0.10.0/24", "b": "10.0.11.0/24", "c": "10.0.12.0/24"}})
p.root.variable("azs", AZS, "availability zones for the private subnets")
p.root.variable("app_subnets", {}, "application subnets by key")
vpc(p)
res(p, "aws_subnet", "private", {
    "vpc_id": R(res_ref("aws_vpc.main")),
    "cidr_block": R(["aws_vpc.main.cidr_block", "aws_vpc.main", "count.index"]),
    "availability_zone": R(["var.azs", "count.index"]),
}, keys=[0, 1], count=ref("var.azs"),
    vary=lambda k: {"cidr_block": f"10.0.{k}.0/24", "availability_zone": AZS[k]})
res(p, "aws_route_table", "private", {"vpc_id": R(res_ref("aws_vpc.main")), "tags": tags("private")})
res(p, "aws_route_table_association", "private", {
    "subnet_id": R(["aws_subnet.private", "count.index"]),
    "route_table_id": R(res_ref("aws_route_table.private")),
}, keys=[0, 1], count=ref("aws_subnet.private"))
res(p, "aws_subnet", "app", {
    "vpc_id": R(res_ref("aws_vpc.main")),
    "cidr_block": R(["each.value"]),
}, keys=["a", "b", "c"], for_each=ref("var.app_subnets"),
    vary=lambda k: {"cidr_block": {"a": "10.0.10.0/24", "b": "10.0.11.0/24", "c": "10.0.12.0/24"}[k]})
res(p, "aws_route_table_association", "app", {
    "subnet_id": R(["aws_subnet.app", "each.key"]),
    "route_table_id": R(res_ref("aws_route_table.private")),
}, keys=["a", "b"], for_each=ref("local.associated_apps"))
res(p, "aws_subnet", "db", {
    "vpc_id": R(res_ref("aws_vpc.main")),
    "cidr_block": R(["each.value"]),
}, keys=["x", "y"], for_each=ref("local.db_subnets"),
    vary=lambda k: {"cidr_block": {"x": "10.0.20.0/24", "y": "10.0.21.0/24"}[k]})
res(p, "aws_route_table_association", "db", {
    "subnet_id": R(["each.value.id", "each.value"]),
    "route_table_id": R(res_ref("aws_route_table.private")),
}, keys=["x", "y"], for_each=ref("aws_subnet.db"))
res(p, "aws_subnet", "orphan", {"vpc_id": R(res_ref("aws_vpc.main")), "cidr_block": C("10.0.99.0/24")})
p.write(OUT + "bad.tfplan.json", [("VPC101", 'aws_subnet.app["c"]', None), ("VPC101", "aws_subnet.orphan", None)])


# ---- bad-modules: links through module variables, outputs and a nested module ----
p = Plan(region="eu-west-1", module_providers=["module.network", "module.network.module.isolated"])
vpc(p)
net = Module()
net.variable("vpc_id", has_default=False, description="VPC to create the subnets in")
net.variable("subnets", {}, "private subnet CIDR blocks by key")
M = [("network", None)]
res(p, "aws_subnet", "private", {"vpc_id": R(["var.vpc_id"]), "cidr_block": R(["each.value"])},
    keys=["a", "b"], module=M, cfg=net, for_each=ref("var.subnets"),
    vary=lambda k: {"cidr_block": {"a": "10.0.1.0/24", "b": "10.0.2.0/24"}[k]})
res(p, "aws_route_table", "private", {"vpc_id": R(["var.vpc_id"])}, module=M, cfg=net)
res(p, "aws_route_table_association", "private", {
    "subnet_id": R(["each.value.id", "each.value"]),
    "route_table_id": R(res_ref("aws_route_table.private")),
}, keys=["a", "b"], module=M, cfg=net, for_each=ref("aws_subnet.private"))
res(p, "aws_subnet", "extra", {"vpc_id": R(["var.vpc_id"]), "cidr_block": C("10.0.3.0/24")}, module=M, cfg=net)
net.output("private_route_table_id", res_ref("aws_route_table.private"), description="the private route table")
net.output("extra_subnet_id", res_ref("aws_subnet.extra"))
iso = Module()
iso.variable("vpc_id", has_default=False)
res(p, "aws_subnet", "isolated", {"vpc_id": R(["var.vpc_id"]), "cidr_block": C("10.0.4.0/24")},
    module=[("network", None), ("isolated", None)], cfg=iso)
net.call("isolated", "./isolated", {"vpc_id": ref("var.vpc_id")}, iso)
p.root.call("network", "./modules/network", {
    "vpc_id": ref(*res_ref("aws_vpc.main")),
    "subnets": const({"a": "10.0.1.0/24", "b": "10.0.2.0/24"}),
}, net)
res(p, "aws_route_table_association", "extra", {
    "subnet_id": R(mod_ref("network", "extra_subnet_id")),
    "route_table_id": R(mod_ref("network", "private_route_table_id")),
})
res(p, "aws_subnet", "shared", {"vpc_id": R(res_ref("aws_vpc.main")), "cidr_block": C("10.0.5.0/24")})
res(p, "aws_route_table_association", "shared", {
    "subnet_id": R(res_ref("aws_subnet.shared")),
    "route_table_id": R(mod_ref("network", "private_route_table_id")),
})
p.write(OUT + "bad-modules.tfplan.json", [("VPC101", "module.network.module.isolated.aws_subnet.isolated", None)])


# ---- bad-known-ids: existing resources (no-op) linked by id, new ones linked to them ----
VPC_ID = "vpc-0a1b2c3d4e5f60718"
MAIN_RTB = "rtb-0f1e2d3c4b5a69788"
p = Plan(region="eu-west-1")
p.existing("aws_vpc", "main", {
    "arn": "arn:aws:ec2:eu-west-1:111122223333:vpc/" + VPC_ID, "assign_generated_ipv6_cidr_block": False,
    "cidr_block": "10.1.0.0/16", "default_network_acl_id": "acl-0aa11bb22cc33dd44",
    "default_route_table_id": MAIN_RTB, "default_security_group_id": "sg-0ab12cd34ef56ab78",
    "dhcp_options_id": "dopt-0123abcd", "enable_dns_hostnames": True, "enable_dns_support": True,
    "enable_network_address_usage_metrics": False, "id": VPC_ID, "ipv6_association_id": "",
    "ipv6_cidr_block": "", "ipv6_cidr_block_network_border_group": "", "main_route_table_id": MAIN_RTB,
    "owner_id": "111122223333", "tags": {"Name": "legacy"}})
p.root.resource("aws_vpc", "main", {"cidr_block": const("10.1.0.0/16"), "enable_dns_hostnames": const(True),
                                    "tags": const({"Name": "legacy"})})


def subnet_state(sid, cidr, az, name):
    return {"arn": "arn:aws:ec2:eu-west-1:111122223333:subnet/" + sid, "assign_ipv6_address_on_creation": False,
            "availability_zone": az, "availability_zone_id": "euw1-az1", "cidr_block": cidr,
            "enable_dns64": False, "enable_resource_name_dns_a_record_on_launch": False,
            "enable_resource_name_dns_aaaa_record_on_launch": False, "id": sid,
            "ipv6_cidr_block_association_id": "", "ipv6_native": False, "map_public_ip_on_launch": False,
            "owner_id": "111122223333", "private_dns_hostname_type_on_launch": "ip-name",
            "tags": {"Name": name}, "timeouts": None, "vpc_id": VPC_ID}


LEGACY_SUBNET = "subnet-0aa1111111111111a"
BATCH_SUBNET = "subnet-0bb2222222222222b"
LEGACY_RTB = "rtb-0cc3333333333333c"
p.existing("aws_subnet", "legacy", subnet_state(LEGACY_SUBNET, "10.1.1.0/24", "eu-west-1a", "legacy"))
p.root.resource("aws_subnet", "legacy", {"cidr_block": const("10.1.1.0/24"), "vpc_id": ref(*res_ref("aws_vpc.main"))})
p.existing("aws_subnet", "batch", subnet_state(BATCH_SUBNET, "10.1.2.0/24", "eu-west-1b", "batch"))
p.root.resource("aws_subnet", "batch", {"cidr_block": const("10.1.2.0/24"), "vpc_id": ref(*res_ref("aws_vpc.main"))})
p.existing("aws_route_table", "legacy", {
    "arn": "arn:aws:ec2:eu-west-1:111122223333:route-table/" + LEGACY_RTB, "id": LEGACY_RTB,
    "owner_id": "111122223333", "propagating_vgws": [], "route": [], "tags": {"Name": "legacy"},
    "timeouts": None, "vpc_id": VPC_ID})
p.root.resource("aws_route_table", "legacy", {"vpc_id": ref(*res_ref("aws_vpc.main")), "tags": const({"Name": "legacy"})})
p.existing("aws_route_table_association", "legacy", {
    "gateway_id": "", "id": "rtbassoc-0dd4444444444444d", "route_table_id": LEGACY_RTB,
    "subnet_id": LEGACY_SUBNET, "timeouts": None})
p.root.resource("aws_route_table_association", "legacy", {
    "route_table_id": ref(*res_ref("aws_route_table.legacy")), "subnet_id": ref(*res_ref("aws_subnet.legacy"))})
# a new association naming an existing subnet by its literal id
res(p, "aws_route_table_association", "batch", {
    "subnet_id": C(BATCH_SUBNET), "route_table_id": R(res_ref("aws_route_table.legacy"), LEGACY_RTB)})
# a new subnet in the existing VPC: its vpc_id is known at plan time
res(p, "aws_subnet", "new_app", {"vpc_id": R(res_ref("aws_vpc.main"), VPC_ID), "cidr_block": C("10.1.3.0/24")})
p.write(OUT + "bad-known-ids.tfplan.json", [("VPC101", "aws_subnet.new_app", None)])


# ---- state JSON (`terraform show -json` of a state): links by id only ----
p = Plan(state=True)
p.existing("aws_vpc", "main", dict(p.instances and {} or {}, **{
    "arn": "arn:aws:ec2:eu-west-1:111122223333:vpc/" + VPC_ID, "assign_generated_ipv6_cidr_block": False,
    "cidr_block": "10.1.0.0/16", "default_network_acl_id": "acl-0aa11bb22cc33dd44",
    "default_route_table_id": MAIN_RTB, "default_security_group_id": "sg-0ab12cd34ef56ab78",
    "dhcp_options_id": "dopt-0123abcd", "enable_dns_hostnames": True, "enable_dns_support": True,
    "enable_network_address_usage_metrics": False, "id": VPC_ID, "ipv6_association_id": "",
    "ipv6_cidr_block": "", "ipv6_cidr_block_network_border_group": "", "main_route_table_id": MAIN_RTB,
    "owner_id": "111122223333", "tags": {"Name": "legacy"}}))
p.existing("aws_subnet", "legacy", subnet_state(LEGACY_SUBNET, "10.1.1.0/24", "eu-west-1a", "legacy"))
p.existing("aws_subnet", "batch", subnet_state(BATCH_SUBNET, "10.1.2.0/24", "eu-west-1b", "batch"))
p.existing("aws_route_table", "legacy", {
    "arn": "arn:aws:ec2:eu-west-1:111122223333:route-table/" + LEGACY_RTB, "id": LEGACY_RTB,
    "owner_id": "111122223333", "propagating_vgws": [], "route": [], "tags": {"Name": "legacy"},
    "timeouts": None, "vpc_id": VPC_ID})
p.existing("aws_route_table_association", "legacy", {
    "gateway_id": "", "id": "rtbassoc-0dd4444444444444d", "route_table_id": LEGACY_RTB,
    "subnet_id": LEGACY_SUBNET, "timeouts": None})
p.write(OUT + "bad.tfstate.json", [("VPC101", "aws_subnet.batch", None)])


# ---- good: every subnet associated (count, for_each, module output, nested module) ----
p = Plan(region="eu-west-1", variables={"azs": AZS})
p.root.variable("azs", AZS)
vpc(p)
res(p, "aws_subnet", "private", {
    "vpc_id": R(res_ref("aws_vpc.main")),
    "cidr_block": R(["aws_vpc.main.cidr_block", "aws_vpc.main", "count.index"]),
    "availability_zone": R(["var.azs", "count.index"]),
}, keys=[0, 1], count=ref("var.azs"),
    vary=lambda k: {"cidr_block": f"10.0.{k}.0/24", "availability_zone": AZS[k]})
res(p, "aws_route_table", "private", {"vpc_id": R(res_ref("aws_vpc.main"))}, keys=[0, 1], count=ref("var.azs"))
res(p, "aws_route_table_association", "private", {
    "subnet_id": R(["aws_subnet.private", "count.index"]),
    "route_table_id": R(["aws_route_table.private", "count.index"]),
}, keys=[0, 1], count=ref("var.azs"))
net = Module()
net.variable("vpc_id", has_default=False)
M = [("network", None)]
res(p, "aws_subnet", "data", {"vpc_id": R(["var.vpc_id"]), "cidr_block": R(["each.value"])},
    keys=["x", "y"], module=M, cfg=net, for_each=ref("local.data_subnets"),
    vary=lambda k: {"cidr_block": {"x": "10.0.20.0/24", "y": "10.0.21.0/24"}[k]})
net.output("data_subnet_ids", ["aws_subnet.data"])
net.output("vpc_id", ["var.vpc_id"])
iso = Module()
iso.variable("vpc_id", has_default=False)
IM = [("network", None), ("isolated", None)]
res(p, "aws_subnet", "isolated", {"vpc_id": R(["var.vpc_id"]), "cidr_block": C("10.0.30.0/24")}, module=IM, cfg=iso)
res(p, "aws_route_table", "isolated", {"vpc_id": R(["var.vpc_id"])}, module=IM, cfg=iso)
res(p, "aws_route_table_association", "isolated", {
    "subnet_id": R(res_ref("aws_subnet.isolated")), "route_table_id": R(res_ref("aws_route_table.isolated"))},
    module=IM, cfg=iso)
net.call("isolated", "./isolated", {"vpc_id": ref("var.vpc_id")}, iso)
p.root.call("network", "./modules/network", {"vpc_id": ref(*res_ref("aws_vpc.main"))}, net)
res(p, "aws_route_table", "data", {"vpc_id": R(mod_ref("network", "vpc_id"))})
res(p, "aws_route_table_association", "data", {
    "subnet_id": R(["module.network.data_subnet_ids", "module.network", "each.key"]),
    "route_table_id": R(res_ref("aws_route_table.data")),
}, keys=["x", "y"], for_each=ref("local.data_subnets"))
p.write(OUT + "good.tfplan.json")


# ---- good-unknown: an association whose subnet cannot be known statically ----
p = Plan(region="eu-west-1")
vpc(p)
res(p, "aws_subnet", "app", {"vpc_id": R(res_ref("aws_vpc.main")), "cidr_block": C("10.0.1.0/24")})
res(p, "aws_route_table", "app", {"vpc_id": R(res_ref("aws_vpc.main"))})
res(p, "aws_route_table_association", "app", {
    "subnet_id": R(['local.subnet_ids["app"]', "local.subnet_ids"]),
    "route_table_id": R(res_ref("aws_route_table.app")),
})
p.write(OUT + "good-unknown.tfplan.json")
print("ok")


# ---- good-external-vpc: subnets added to a VPC the plan does not create (a literal id, a
# root variable): its main route table is not in the plan, so VPC101 stays silent ----
p = Plan(region="eu-west-1", variables={"vpc_id": "vpc-0shared0000000001"})
p.root.variable("vpc_id", "vpc-0shared0000000001", "the shared VPC of the network account")
res(p, "aws_subnet", "literal", {"vpc_id": C("vpc-0shared0000000002"), "cidr_block": C("10.9.1.0/24")})
res(p, "aws_subnet", "from_variable", {"vpc_id": R(["var.vpc_id"], "vpc-0shared0000000001"),
                                       "cidr_block": C("10.9.2.0/24")})
p.write(OUT + "good-external-vpc.tfplan.json", [])
