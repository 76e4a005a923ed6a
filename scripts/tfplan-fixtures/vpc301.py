from common import *

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../testdata/") + "rules/VPC301/"


def route_cfg(**kw):
    """A `route` block as the configuration's constant_value shows it: every attribute, unset null."""
    b = {k: None for k in ROUTE_BLOCK}
    b.update(kw)
    return b


def public_side(p, count=True):
    """Public subnets, IGW, public table, EIPs and NAT gateways (count = 2)."""
    subnet(p, "public", None, keys=[0, 1], count=ref("var.azs"), public=True,
           vary=lambda k: {"cidr_block": f"10.0.{100 + k}.0/24", "availability_zone": AZS[k]})
    p.root.resources[-1]["expressions"]["cidr_block"] = ref("aws_vpc.main.cidr_block", "aws_vpc.main", "count.index")
    igw(p)
    table(p, "public")
    route(p, "public_default", res_ref("aws_route_table.public"), "gateway_id", res_ref("aws_internet_gateway.main"))
    assoc(p, "public", ["aws_subnet.public", "count.index"], res_ref("aws_route_table.public"), keys=[0, 1],
          count=ref("aws_subnet.public"))
    eip(p, "nat", keys=[0, 1], count=ref("var.azs"))
    nat(p, "nat", ["aws_subnet.public", "count.index"], ["aws_eip.nat", "count.index"], keys=[0, 1],
        count=ref("var.azs"))


def private_side(p):
    subnet(p, "private", None, keys=[0, 1], count=ref("var.azs"),
           vary=lambda k: {"cidr_block": f"10.0.{k}.0/24", "availability_zone": AZS[k]})
    p.root.resources[-1]["expressions"]["cidr_block"] = ref("aws_vpc.main.cidr_block", "aws_vpc.main", "count.index")
    table(p, "private", keys=[0, 1], count=ref("var.azs"))
    route(p, "private_default", ["aws_route_table.private", "count.index"], "nat_gateway_id",
          ["aws_nat_gateway.nat", "count.index"], keys=[0, 1], count=ref("var.azs"))
    assoc(p, "private", ["aws_subnet.private", "count.index"], ["aws_route_table.private", "count.index"],
          keys=[0, 1], count=ref("var.azs"))


# ---- bad: count-paired NAT routes; the S3 endpoint is associated with private[0] only ----
p = Plan(region_ref=["var.region"], variables={"azs": AZS, "region": "eu-west-1"})
p.root.variable("azs", AZS)
p.root.variable("region", "eu-west-1")
vpc(p)
public_side(p)
private_side(p)
endpoint(p, "s3", {"service_name": R(["var.region"], "com.amazonaws.eu-west-1.s3")})
res(p, "aws_vpc_endpoint_route_table_association", "s3", {
    "vpc_endpoint_id": R(res_ref("aws_vpc_endpoint.s3")),
    "route_table_id": R(res_ref("aws_route_table.private[0]")),
})
p.write(OUT + "bad.tfplan.json", [("VPC301", "aws_subnet.private[1]", None)])


# ---- good: the same network with the endpoint on every private table (splat) ----
p = Plan(region_ref=["var.region"], variables={"azs": AZS, "region": "eu-west-1"})
p.root.variable("azs", AZS)
p.root.variable("region", "eu-west-1")
vpc(p)
public_side(p)
private_side(p)
endpoint(p, "s3", {"service_name": R(["var.region"], "com.amazonaws.eu-west-1.s3"),
                   "vpc_endpoint_type": C("Gateway"),
                   "route_table_ids": R(["aws_route_table.private"])})
p.write(OUT + "good.tfplan.json")


# ---- bad-inline: inline `route` blocks; NAT by reference and by a nat- id in gateway_id ----
p = Plan(region="eu-west-1")
vpc(p)
subnet(p, "public", "10.0.100.0/24", public=True)
igw(p)
table(p, "public", route=E(ref(*res_ref("aws_internet_gateway.main")),
                            [route_block(cidr_block="0.0.0.0/0", gateway_id=U)]))
assoc(p, "public", res_ref("aws_subnet.public"), res_ref("aws_route_table.public"))
eip(p, "nat")
nat(p, "nat", res_ref("aws_subnet.public"), res_ref("aws_eip.nat"))
subnet(p, "app", None, keys=["a", "b"], for_each=ref("local.app_subnets"),
       vary=lambda k: {"cidr_block": {"a": "10.0.1.0/24", "b": "10.0.2.0/24"}[k]})
table(p, "app", route=E(ref(*res_ref("aws_nat_gateway.nat")),
                         [route_block(cidr_block="0.0.0.0/0", nat_gateway_id=U)]))
assoc(p, "app", ["aws_subnet.app", "each.key"], res_ref("aws_route_table.app"), keys=["a", "b"],
      for_each=ref("local.app_subnets"))
# A table written against an existing NAT gateway, by id, in gateway_id (the API accepts it).
subnet(p, "legacy", "10.0.3.0/24")
table(p, "legacy", route=E(const([route_cfg(cidr_block="0.0.0.0/0", gateway_id="nat-0fedcba9876543210")]),
                            [route_block(cidr_block="0.0.0.0/0", gateway_id="nat-0fedcba9876543210")]))
assoc(p, "legacy", res_ref("aws_subnet.legacy"), res_ref("aws_route_table.legacy"))
endpoint(p, "s3", {"service_name": C("com.amazonaws.eu-west-1.s3"), "vpc_endpoint_type": C("Gateway"),
                   "route_table_ids": R(res_ref("aws_route_table.public"))})
p.write(OUT + "bad-inline.tfplan.json", [("VPC301", 'aws_subnet.app["a"]', None), ("VPC301", 'aws_subnet.app["b"]', None),
                                          ("VPC301", "aws_subnet.legacy", None)])


# ---- bad-modules: the network lives in a module (for_each), NAT in a nested module ----
p = Plan(region="eu-west-1", module_providers=["module.vpc", "module.vpc.module.nat"])
mv = Module()
MV = [("vpc", None)]
mv.variable("cidr", has_default=False)
mv.variable("azs", has_default=False)
res(p, "aws_vpc", "this", {"cidr_block": R(["var.cidr"], "10.0.0.0/16"), "enable_dns_hostnames": C(True)},
    module=MV, cfg=mv)
subnet(p, "public", None, vpc_ref=res_ref("aws_vpc.this"), keys=["a", "b"], module=MV, cfg=mv,
       for_each=ref("var.azs"), public=True,
       vary=lambda k: {"cidr_block": {"a": "10.0.100.0/24", "b": "10.0.101.0/24"}[k]})
subnet(p, "private", None, vpc_ref=res_ref("aws_vpc.this"), keys=["a", "b"], module=MV, cfg=mv,
       for_each=ref("var.azs"), vary=lambda k: {"cidr_block": {"a": "10.0.1.0/24", "b": "10.0.2.0/24"}[k]})
igw(p, "this", vpc_ref=res_ref("aws_vpc.this"), module=MV, cfg=mv)
table(p, "public", vpc_ref=res_ref("aws_vpc.this"), module=MV, cfg=mv)
route(p, "public_internet", res_ref("aws_route_table.public"), "gateway_id", res_ref("aws_internet_gateway.this"),
      module=MV, cfg=mv)
assoc(p, "public", ["aws_subnet.public", "each.key"], res_ref("aws_route_table.public"), keys=["a", "b"],
      module=MV, cfg=mv, for_each=ref("var.azs"))
table(p, "private", vpc_ref=res_ref("aws_vpc.this"), keys=["a", "b"], module=MV, cfg=mv, for_each=ref("var.azs"))
assoc(p, "private", ["aws_subnet.private", "each.key"], ["aws_route_table.private", "each.key"], keys=["a", "b"],
      module=MV, cfg=mv, for_each=ref("var.azs"))
route(p, "private_nat", ["aws_route_table.private", "each.key"], "nat_gateway_id", mod_ref("nat", "nat_gateway_id"),
      keys=["a", "b"], module=MV, cfg=mv, for_each=ref("var.azs"))
mn = Module()
MN = [("vpc", None), ("nat", None)]
mn.variable("subnet_id", has_default=False)
eip(p, "this", module=MN, cfg=mn)
nat(p, "this", ["var.subnet_id"], res_ref("aws_eip.this"), module=MN, cfg=mn)
mn.output("nat_gateway_id", res_ref("aws_nat_gateway.this"))
mv.call("nat", "./nat", {"subnet_id": ref('aws_subnet.public["a"].id', 'aws_subnet.public["a"]', "aws_subnet.public")}, mn)
mv.output("vpc_id", res_ref("aws_vpc.this"))
mv.output("public_route_table_ids", ["aws_route_table.public.id", "aws_route_table.public"])
mv.output("private_route_table_ids", ["aws_route_table.private"])
p.root.call("vpc", "./modules/vpc", {"cidr": const("10.0.0.0/16"), "azs": const({"a": "eu-west-1a", "b": "eu-west-1b"})}, mv)
endpoint(p, "s3", {"service_name": C("com.amazonaws.eu-west-1.s3"),
                   "route_table_ids": R(mod_ref("vpc", "public_route_table_ids"))},
         vpc_ref=mod_ref("vpc", "vpc_id"))
p.write(OUT + "bad-modules.tfplan.json", [("VPC301", 'module.vpc.aws_subnet.private["a"]', None),
                                           ("VPC301", 'module.vpc.aws_subnet.private["b"]', None)])


# ---- good-modules: the endpoint takes every private table through the module output ----
p2 = p
p2.instances = [i for i in p2.instances if not (i.rtype == "aws_vpc_endpoint")]
p2.root.resources = [r for r in p2.root.resources if r["type"] != "aws_vpc_endpoint"]
endpoint(p2, "s3", {"service_name": C("com.amazonaws.eu-west-1.s3"),
                    "route_table_ids": R(mod_ref("vpc", "private_route_table_ids"))},
         vpc_ref=mod_ref("vpc", "vpc_id"))
p2.write(OUT + "good-modules.tfplan.json")


# ---- bad-main-table: subnets without associations on a main table that routes to a NAT ----
p = Plan(region="eu-west-1")
vpc(p)
subnet(p, "public", "10.0.100.0/24", public=True)
igw(p)
table(p, "public")
route(p, "public_default", res_ref("aws_route_table.public"), "gateway_id", res_ref("aws_internet_gateway.main"))
assoc(p, "public", res_ref("aws_subnet.public"), res_ref("aws_route_table.public"))
eip(p, "nat")
nat(p, "nat", res_ref("aws_subnet.public"), res_ref("aws_eip.nat"))
# aws_default_route_table adopts the main table and gives it a NAT default route
res(p, "aws_default_route_table", "main", {
    "default_route_table_id": R(res_ref("aws_vpc.main", "default_route_table_id")),
    "route": E(ref(*res_ref("aws_nat_gateway.nat")), [route_block(cidr_block="0.0.0.0/0", nat_gateway_id=U)]),
    "tags": tags("main"),
})
subnet(p, "workers", "10.0.1.0/24")
# A second VPC whose main table is replaced with aws_main_route_table_association.
vpc(p, "second", cidr="10.1.0.0/16")
V2 = res_ref("aws_vpc.second")
subnet(p, "second_public", "10.1.100.0/24", vpc_ref=V2, public=True)
igw(p, "second", vpc_ref=V2)
table(p, "second_public", vpc_ref=V2)
route(p, "second_public_default", res_ref("aws_route_table.second_public"), "gateway_id",
      res_ref("aws_internet_gateway.second"))
assoc(p, "second_public", res_ref("aws_subnet.second_public"), res_ref("aws_route_table.second_public"))
eip(p, "second_nat")
nat(p, "second_nat", res_ref("aws_subnet.second_public"), res_ref("aws_eip.second_nat"))
table(p, "second_private", vpc_ref=V2)
route(p, "second_private_default", res_ref("aws_route_table.second_private"), "nat_gateway_id",
      res_ref("aws_nat_gateway.second_nat"))
res(p, "aws_main_route_table_association", "second", {
    "vpc_id": R(V2), "route_table_id": R(res_ref("aws_route_table.second_private"))})
subnet(p, "second_app", "10.1.1.0/24", vpc_ref=V2)
# The endpoint is associated with the VPC's original main table, which is no longer main.
endpoint(p, "second_s3", {"service_name": C("com.amazonaws.eu-west-1.s3")}, vpc_ref=V2)
res(p, "aws_vpc_endpoint_route_table_association", "second_s3", {
    "vpc_endpoint_id": R(res_ref("aws_vpc_endpoint.second_s3")),
    "route_table_id": R(res_ref("aws_vpc.second", "main_route_table_id")),
})
p.write(OUT + "bad-main-table.tfplan.json", [("VPC301", "aws_subnet.workers", None),
                                              ("VPC301", "aws_subnet.second_app", None)])


# ---- bad-other-region: an S3 endpoint for another region does not count ----
p = Plan(region="eu-west-1", variables={"nat_gateway_id": "nat-0fedcba9876543210"})
p.root.variable("nat_gateway_id", has_default=False, description="shared NAT gateway of the platform team")
vpc(p)
subnet(p, "private", "10.0.1.0/24")
table(p, "private")
assoc(p, "private", res_ref("aws_subnet.private"), res_ref("aws_route_table.private"))
route(p, "private_default", res_ref("aws_route_table.private"), "gateway_id", ["var.nat_gateway_id"],
      target_value="nat-0fedcba9876543210")
endpoint(p, "s3_us", {"service_name": C("com.amazonaws.us-east-1.s3"), "vpc_endpoint_type": C("Gateway"),
                      "route_table_ids": R(res_ref("aws_route_table.private"))})
p.write(OUT + "bad-other-region.tfplan.json", [("VPC301", "aws_subnet.private", None)])


# ---- good-unknown: an endpoint whose table list cannot be known at plan time ----
p = Plan(region="eu-west-1", variables={"nat_gateway_id": "nat-0fedcba9876543210"})
p.root.variable("nat_gateway_id", has_default=False)
vpc(p)
subnet(p, "batch", "10.0.2.0/24")
table(p, "batch")
assoc(p, "batch", res_ref("aws_subnet.batch"), res_ref("aws_route_table.batch"))
route(p, "batch_default", res_ref("aws_route_table.batch"), "nat_gateway_id", ["var.nat_gateway_id"],
      target_value="nat-0fedcba9876543210")
# route tables from a local that cannot be evaluated at plan time
endpoint(p, "s3", {"service_name": C("com.amazonaws.eu-west-1.s3"),
                   "route_table_ids": R(["local.batch_route_table_ids"])})
p.write(OUT + "good-unknown.tfplan.json")


# ---- good-unknown-region: the provider region is not known, so the endpoint may be same-region ----
p = Plan(region_ref=["local.region"], variables={"nat_gateway_id": "nat-0fedcba9876543210"})
p.root.variable("nat_gateway_id", has_default=False)
vpc(p)
subnet(p, "private", "10.0.1.0/24")
table(p, "private")
assoc(p, "private", res_ref("aws_subnet.private"), res_ref("aws_route_table.private"))
route(p, "private_default", res_ref("aws_route_table.private"), "gateway_id", ["var.nat_gateway_id"],
      target_value="nat-0fedcba9876543210")
endpoint(p, "s3", {"service_name": C("com.amazonaws.eu-west-1.s3"),
                   "route_table_ids": R(res_ref("aws_route_table.private"))})
p.write(OUT + "good-unknown-region.tfplan.json")


# ---- bad-known-ids: existing network (no-op), route to an existing NAT by its id in gateway_id ----
VPC_ID, MAIN, SG = "vpc-0a1b2c3d4e5f60718", "rtb-0f1e2d3c4b5a69788", "sg-0ab12cd34ef56ab78"
PUB, APP, RTB, NAT = "subnet-0aa1111111111111a", "subnet-0bb2222222222222b", "rtb-0cc3333333333333c", "nat-0dd4444444444444d"
p = Plan(region="eu-west-1")
p.existing("aws_vpc", "main", vpc_state(VPC_ID, "10.1.0.0/16", MAIN, SG))
p.root.resource("aws_vpc", "main", {"cidr_block": const("10.1.0.0/16"), "enable_dns_hostnames": const(True),
                                    "tags": const({"Name": "legacy"})})
p.existing("aws_subnet", "public", subnet_state(PUB, VPC_ID, "10.1.100.0/24", "eu-west-1a", "public"))
p.root.resource("aws_subnet", "public", {"cidr_block": const("10.1.100.0/24"), "vpc_id": ref(*res_ref("aws_vpc.main"))})
p.existing("aws_nat_gateway", "main", nat_state(NAT, PUB, "main"))
p.root.resource("aws_nat_gateway", "main", {"allocation_id": ref(*res_ref("aws_eip.nat")),
                                            "subnet_id": ref(*res_ref("aws_subnet.public"))})
p.existing("aws_subnet", "app", subnet_state(APP, VPC_ID, "10.1.1.0/24", "eu-west-1a", "app"))
p.root.resource("aws_subnet", "app", {"cidr_block": const("10.1.1.0/24"), "vpc_id": ref(*res_ref("aws_vpc.main"))})
p.existing("aws_route_table", "app", {
    "arn": f"arn:aws:ec2:eu-west-1:{ACCOUNT}:route-table/{RTB}", "id": RTB, "owner_id": ACCOUNT,
    "propagating_vgws": [], "route": [route_block(cidr_block="0.0.0.0/0", gateway_id=NAT)],
    "tags": {"Name": "app"}, "timeouts": None, "vpc_id": VPC_ID})
p.root.resource("aws_route_table", "app", {"vpc_id": ref(*res_ref("aws_vpc.main")),
                                           "route": ref(*res_ref("aws_nat_gateway.main"))})
p.existing("aws_route_table_association", "app", {
    "gateway_id": "", "id": "rtbassoc-0ee5555555555555e", "route_table_id": RTB, "subnet_id": APP, "timeouts": None})
p.root.resource("aws_route_table_association", "app", {"route_table_id": ref(*res_ref("aws_route_table.app")),
                                                       "subnet_id": ref(*res_ref("aws_subnet.app"))})
# a new S3 endpoint that serves only the public table, by its known id
endpoint(p, "s3", {"service_name": C("com.amazonaws.eu-west-1.s3"),
                   "route_table_ids": E(ref(*res_ref("aws_vpc.main", "main_route_table_id")), [MAIN])},
         vpc_ref=res_ref("aws_vpc.main"))
p.instances[-1].values["vpc_id"] = VPC_ID
p.write(OUT + "bad-known-ids.tfplan.json", [("VPC301", "aws_subnet.app", None)])
print("ok")


# ---- bad-default-table: an existing VPC whose adopted main table routes to a NAT (state linked by id) ----
VPC_ID, MAIN, SG = "vpc-0a1b2c3d4e5f60718", "rtb-0f1e2d3c4b5a69788", "sg-0ab12cd34ef56ab78"
PUB, APP, NAT = "subnet-0aa1111111111111a", "subnet-0bb2222222222222b", "nat-0dd4444444444444d"
p = Plan(region="eu-west-1")
p.existing("aws_vpc", "main", vpc_state(VPC_ID, "10.1.0.0/16", MAIN, SG))
p.root.resource("aws_vpc", "main", {"cidr_block": const("10.1.0.0/16"), "enable_dns_hostnames": const(True),
                                    "tags": const({"Name": "legacy"})})
p.existing("aws_subnet", "public", subnet_state(PUB, VPC_ID, "10.1.100.0/24", "eu-west-1a", "public"))
p.root.resource("aws_subnet", "public", {"cidr_block": const("10.1.100.0/24"), "vpc_id": ref(*res_ref("aws_vpc.main"))})
p.existing("aws_nat_gateway", "main", nat_state(NAT, PUB, "main"))
p.root.resource("aws_nat_gateway", "main", {"allocation_id": ref(*res_ref("aws_eip.nat")),
                                            "subnet_id": ref(*res_ref("aws_subnet.public"))})
p.existing("aws_default_route_table", "main", {
    "arn": f"arn:aws:ec2:eu-west-1:{ACCOUNT}:route-table/{MAIN}", "default_route_table_id": MAIN, "id": MAIN,
    "owner_id": ACCOUNT, "propagating_vgws": [], "route": [route_block(cidr_block="0.0.0.0/0", nat_gateway_id=NAT)],
    "tags": {"Name": "main"}, "timeouts": None, "vpc_id": VPC_ID})
p.root.resource("aws_default_route_table", "main", {
    "default_route_table_id": ref(*res_ref("aws_vpc.main", "default_route_table_id")),
    "route": ref(*res_ref("aws_nat_gateway.main")), "tags": const({"Name": "main"})})
p.existing("aws_subnet", "app", subnet_state(APP, VPC_ID, "10.1.1.0/24", "eu-west-1a", "app"))
p.root.resource("aws_subnet", "app", {"cidr_block": const("10.1.1.0/24"), "vpc_id": ref(*res_ref("aws_vpc.main"))})
IGW, PUB_RTB = "igw-0ee5555555555555e", "rtb-0ff6666666666666f"
p.existing("aws_internet_gateway", "main", {
    "arn": f"arn:aws:ec2:eu-west-1:{ACCOUNT}:internet-gateway/{IGW}", "id": IGW, "owner_id": ACCOUNT,
    "tags": {"Name": "main"}, "timeouts": None, "vpc_id": VPC_ID})
p.root.resource("aws_internet_gateway", "main", {"vpc_id": ref(*res_ref("aws_vpc.main"))})
p.existing("aws_route_table", "public", {
    "arn": f"arn:aws:ec2:eu-west-1:{ACCOUNT}:route-table/{PUB_RTB}", "id": PUB_RTB, "owner_id": ACCOUNT,
    "propagating_vgws": [], "route": [route_block(cidr_block="0.0.0.0/0", gateway_id=IGW)],
    "tags": {"Name": "public"}, "timeouts": None, "vpc_id": VPC_ID})
p.root.resource("aws_route_table", "public", {"vpc_id": ref(*res_ref("aws_vpc.main")),
                                              "route": ref(*res_ref("aws_internet_gateway.main"))})
p.existing("aws_route_table_association", "public", {
    "gateway_id": "", "id": "rtbassoc-0ab7777777777777a", "route_table_id": PUB_RTB, "subnet_id": PUB, "timeouts": None})
p.root.resource("aws_route_table_association", "public", {"route_table_id": ref(*res_ref("aws_route_table.public")),
                                                          "subnet_id": ref(*res_ref("aws_subnet.public"))})
p.write(OUT + "bad-default-table.tfplan.json", [("VPC301", "aws_subnet.app", None)])


# ---- infrastructure subnets (testdata/rules/VPC301/*hub*, *firewall*; the same cases as the .yaml ones) ----
TGW = "tgw-0123456789abcdef0"
POLICY = f"arn:aws:network-firewall:eu-west-1:{ACCOUNT}:firewall-policy/egress"


def hub_base(p, name, cidr="100.64.0.0/16"):
    """A VPC with a public subnet, an internet gateway and a NAT gateway."""
    V = res_ref(f"aws_vpc.{name}")
    vpc(p, name, cidr=cidr)
    subnet(p, "public", cidr.replace("0.0/16", "0.0/24"), vpc_ref=V, public=True)
    igw(p, "main", vpc_ref=V)
    table(p, "public", vpc_ref=V)
    route(p, "public_default", res_ref("aws_route_table.public"), "gateway_id", res_ref("aws_internet_gateway.main"))
    assoc(p, "public", res_ref("aws_subnet.public"), res_ref("aws_route_table.public"))
    eip(p, "nat")
    nat(p, "nat", res_ref("aws_subnet.public"), res_ref("aws_eip.nat"))
    return V


def nat_routed(p, name, vpc_ref, cidrs, for_each=False):
    """Subnets `name` (count 2, or for_each a/b) on one table whose default route goes to the NAT gateway."""
    keys = ["a", "b"] if for_each else [0, 1]
    pick = "each.key" if for_each else "count.index"
    loop = {"for_each": ref("local.zones")} if for_each else {"count": ref("var.azs")}
    subnet(p, name, None, vpc_ref=vpc_ref, keys=keys, vary=lambda k: {"cidr_block": cidrs[keys.index(k)]}, **loop)
    table(p, name, vpc_ref=vpc_ref)
    route(p, f"{name}_default", res_ref(f"aws_route_table.{name}"), "nat_gateway_id", res_ref("aws_nat_gateway.nat"))
    assoc(p, name, [f"aws_subnet.{name}", pick], res_ref(f"aws_route_table.{name}"), keys=keys, **loop)


def firewall(p, name, vpc_ref, subnet_addrs):
    """An aws_networkfirewall_firewall with one `subnet_mapping` block per subnet (ids known after apply)."""
    blocks = [{"subnet_id": ref(*res_ref(a))} for a in subnet_addrs]
    res(p, "aws_networkfirewall_firewall", name, {
        "name": C(name), "firewall_policy_arn": C(POLICY), "vpc_id": R(vpc_ref),
        "subnet_mapping": E(blocks, [{"ip_address_type": U, "subnet_id": U} for _ in subnet_addrs]),
        "tags": tags(name)})


# ---- good-inspection-hub: transit attachment subnets and Network Firewall subnets of a hub ----
p = Plan(region="eu-west-1", variables={"azs": AZS})
p.root.variable("azs", AZS)
V = hub_base(p, "hub")
nat_routed(p, "tgw", V, ["100.64.1.0/28", "100.64.1.16/28"])
res(p, "aws_ec2_transit_gateway_vpc_attachment", "hub", {
    "transit_gateway_id": C(TGW), "vpc_id": R(V), "subnet_ids": R(["aws_subnet.tgw"]), "tags": tags("hub")})
nat_routed(p, "firewall", V, ["100.64.2.0/28", "100.64.2.16/28"], for_each=True)
firewall(p, "inspection", V, ['aws_subnet.firewall["a"]', 'aws_subnet.firewall["b"]'])
p.write(OUT + "good-inspection-hub.tfplan.json")


# ---- good-gwlb-hub: Gateway Load Balancer endpoint subnets of a hub (appliances in another account) ----
p = Plan(region="eu-west-1", variables={"azs": AZS})
p.root.variable("azs", AZS)
V = hub_base(p, "hub")
nat_routed(p, "tgw", V, ["100.64.1.0/28", "100.64.1.16/28"])
res(p, "aws_ec2_transit_gateway_vpc_attachment", "hub", {
    "transit_gateway_id": C(TGW), "vpc_id": R(V), "subnet_ids": R(["aws_subnet.tgw"]), "tags": tags("hub")})
nat_routed(p, "appliance", V, ["100.64.2.0/28", "100.64.2.16/28"])
# One endpoint per zone: subnet_ids = [aws_subnet.appliance[count.index].id]
res(p, "aws_vpc_endpoint", "inspection", {
    "vpc_id": R(V), "service_name": C("com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0"),
    "vpc_endpoint_type": C("GatewayLoadBalancer"),
    "subnet_ids": R(["aws_subnet.appliance", "count.index"])}, keys=[0, 1], count=ref("var.azs"))
p.write(OUT + "good-gwlb-hub.tfplan.json")


# ---- good-cloud-wan-hub: Cloud WAN attachment subnets, by ARN ([for s in aws_subnet.cwan : s.arn]) ----
p = Plan(region="eu-west-1", variables={"azs": AZS})
p.root.variable("azs", AZS)
V = hub_base(p, "egress")
nat_routed(p, "cwan", V, ["100.64.1.0/28", "100.64.1.16/28"])
res(p, "aws_networkmanager_vpc_attachment", "egress", {
    "core_network_id": C("core-network-0123456789abcdef0"), "vpc_arn": R(res_ref("aws_vpc.egress", "arn")),
    "subnet_arns": R(["aws_subnet.cwan"]), "tags": tags("egress")})
p.write(OUT + "good-cloud-wan-hub.tfplan.json")


# ---- good-cloud-wan-hub-known-ids: an existing egress VPC; the new attachment names it by known ARNs ----
VPC_ID, MAIN, SG = "vpc-0a1b2c3d4e5f60718", "rtb-0f1e2d3c4b5a69788", "sg-0ab12cd34ef56ab78"
PUB, CWAN, RTB, NAT = "subnet-0aa1111111111111a", "subnet-0bb2222222222222b", "rtb-0cc3333333333333c", "nat-0dd4444444444444d"
p = Plan(region="eu-west-1")
p.existing("aws_vpc", "egress", vpc_state(VPC_ID, "100.64.0.0/16", MAIN, SG, name="egress"))
p.root.resource("aws_vpc", "egress", {"cidr_block": const("100.64.0.0/16"), "enable_dns_hostnames": const(True),
                                      "tags": const({"Name": "egress"})})
p.existing("aws_subnet", "public", subnet_state(PUB, VPC_ID, "100.64.0.0/24", "eu-west-1a", "public"))
p.root.resource("aws_subnet", "public", {"cidr_block": const("100.64.0.0/24"),
                                         "vpc_id": ref(*res_ref("aws_vpc.egress"))})
p.existing("aws_nat_gateway", "main", nat_state(NAT, PUB, "main"))
p.root.resource("aws_nat_gateway", "main", {"allocation_id": ref(*res_ref("aws_eip.nat")),
                                            "subnet_id": ref(*res_ref("aws_subnet.public"))})
p.existing("aws_subnet", "cwan", subnet_state(CWAN, VPC_ID, "100.64.1.0/28", "eu-west-1a", "cwan"))
p.root.resource("aws_subnet", "cwan", {"cidr_block": const("100.64.1.0/28"),
                                       "vpc_id": ref(*res_ref("aws_vpc.egress"))})
p.existing("aws_route_table", "cwan", {
    "arn": f"arn:aws:ec2:eu-west-1:{ACCOUNT}:route-table/{RTB}", "id": RTB, "owner_id": ACCOUNT,
    "propagating_vgws": [], "route": [route_block(cidr_block="0.0.0.0/0", nat_gateway_id=NAT)],
    "tags": {"Name": "cwan"}, "timeouts": None, "vpc_id": VPC_ID})
p.root.resource("aws_route_table", "cwan", {"vpc_id": ref(*res_ref("aws_vpc.egress")),
                                            "route": ref(*res_ref("aws_nat_gateway.main"))})
p.existing("aws_route_table_association", "cwan", {
    "gateway_id": "", "id": "rtbassoc-0ee5555555555555e", "route_table_id": RTB, "subnet_id": CWAN, "timeouts": None})
p.root.resource("aws_route_table_association", "cwan", {"route_table_id": ref(*res_ref("aws_route_table.cwan")),
                                                        "subnet_id": ref(*res_ref("aws_subnet.cwan"))})
res(p, "aws_networkmanager_vpc_attachment", "egress", {
    "core_network_id": C("core-network-0123456789abcdef0"),
    "vpc_arn": R(res_ref("aws_vpc.egress", "arn"), f"arn:aws:ec2:eu-west-1:{ACCOUNT}:vpc/{VPC_ID}"),
    "subnet_arns": R(res_ref("aws_subnet.cwan", "arn"), [f"arn:aws:ec2:eu-west-1:{ACCOUNT}:subnet/{CWAN}"]),
    "tags": tags("egress")})
p.write(OUT + "good-cloud-wan-hub-known-ids.tfplan.json")


# ---- bad-distributed-firewall: a firewall in the workloads' own VPC (no transit attachment) ----
p = Plan(region="eu-west-1", variables={"azs": AZS})
p.root.variable("azs", AZS)
V = hub_base(p, "main", cidr="10.0.0.0/16")
nat_routed(p, "firewall", V, ["10.0.1.0/28", "10.0.1.16/28"], for_each=True)
firewall(p, "distributed", V, ['aws_subnet.firewall["a"]', 'aws_subnet.firewall["b"]'])
p.write(OUT + "bad-distributed-firewall.tfplan.json", [("VPC301", 'aws_subnet.firewall["a"]', None),
                                                        ("VPC301", 'aws_subnet.firewall["b"]', None)])


# ---- good-dynamic-firewall-hub: `dynamic "subnet_mapping"` blocks, which the configuration leaves out:
# which subnets hold the hub's firewall is not known, so no subnet of the hub is reported ----
p = Plan(region="eu-west-1", variables={"azs": AZS})
p.root.variable("azs", AZS)
V = hub_base(p, "hub")
nat_routed(p, "tgw", V, ["100.64.1.0/28", "100.64.1.16/28"])
res(p, "aws_ec2_transit_gateway_vpc_attachment", "hub", {
    "transit_gateway_id": C(TGW), "vpc_id": R(V), "subnet_ids": R(["aws_subnet.tgw"]), "tags": tags("hub")})
nat_routed(p, "firewall", V, ["100.64.2.0/28", "100.64.2.16/28"], for_each=True)
firewall(p, "inspection", V, ['aws_subnet.firewall["a"]', 'aws_subnet.firewall["b"]'])
del p.root.resources[-1]["expressions"]["subnet_mapping"]
p.write(OUT + "good-dynamic-firewall-hub.tfplan.json")
