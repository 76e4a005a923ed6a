from common import *

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../testdata/") + "rules/VPC107/"


def public_net(p):
    vpc(p)
    igw(p)
    subnet(p, "public", "10.0.0.0/24", az=AZS[0], public=True)
    table(p, "public")
    route(p, "public_internet", res_ref("aws_route_table.public"), "gateway_id", res_ref("aws_internet_gateway.main"))
    assoc(p, "public", res_ref("aws_subnet.public"), res_ref("aws_route_table.public"))
    eip(p, "nat")
    nat(p, "main", res_ref("aws_subnet.public"), res_ref("aws_eip.nat"))


# ---- bad: private subnets (count) that map public IPs behind a NAT gateway; a subnet on
# the VPC's main table, which has only the local route ----
p = Plan(region="eu-west-1", variables={"azs": AZS})
p.root.variable("azs", AZS)
public_net(p)
subnet(p, "private", None, keys=[0, 1], count=ref("var.azs"), public=True,
       vary=lambda k: {"cidr_block": f"10.0.{k + 1}.0/24", "availability_zone": AZS[k]})
table(p, "private")
route(p, "private_nat", res_ref("aws_route_table.private"), "nat_gateway_id", res_ref("aws_nat_gateway.main"))
assoc(p, "private", ["aws_subnet.private", "count.index"], res_ref("aws_route_table.private"), keys=[0, 1],
      count=ref("var.azs"))
subnet(p, "orphan", "10.0.9.0/24", public=True)
p.write(OUT + "bad.tfplan.json", [("VPC107", "aws_subnet.private[0]", "map_public_ip_on_launch"),
                                  ("VPC107", "aws_subnet.private[1]", "map_public_ip_on_launch"),
                                  ("VPC107", "aws_subnet.orphan", "map_public_ip_on_launch")])


# ---- good: the public subnet routes to the internet gateway (separately, and inline);
# a private subnet without the flag; a subnet whose table cannot be pinned ----
p = Plan(region="eu-west-1", variables={"azs": AZS})
p.root.variable("azs", AZS)
public_net(p)
subnet(p, "web", "10.0.5.0/24", public=True)
table(p, "web", route=E(ref(*res_ref("aws_internet_gateway.main")), [route_block(cidr_block="0.0.0.0/0", gateway_id=U)]))
assoc(p, "web", res_ref("aws_subnet.web"), res_ref("aws_route_table.web"))
subnet(p, "private", "10.0.1.0/24")
table(p, "private")
route(p, "private_nat", res_ref("aws_route_table.private"), "nat_gateway_id", res_ref("aws_nat_gateway.main"))
assoc(p, "private", res_ref("aws_subnet.private"), res_ref("aws_route_table.private"))
subnet(p, "dynamic", "10.0.6.0/24", public=True)
assoc(p, "dynamic", res_ref("aws_subnet.dynamic"), ['local.tables["dynamic"]', "local.tables"])
p.write(OUT + "good.tfplan.json")
print("ok")
