from common import *

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../testdata/") + "rules/VPC103/"


# ---- bad: a count of NAT routes on one table, inline and separate default routes on one
# table, a route to the VPC's secondary block ----
p = Plan(region="eu-west-1", variables={"azs": AZS})
p.root.variable("azs", AZS)
vpc(p)
res(p, "aws_vpc_ipv4_cidr_block_association", "secondary", {
    "vpc_id": R(res_ref("aws_vpc.main")), "cidr_block": C("100.64.0.0/16")})
igw(p)
subnet(p, "public", None, keys=[0, 1], count=ref("var.azs"),
       vary=lambda k: {"cidr_block": f"10.0.{k}.0/24", "availability_zone": AZS[k]})
eip(p, "nat", keys=[0, 1], count=ref("var.azs"))
nat(p, "nat", ["aws_subnet.public", "count.index"], ["aws_eip.nat", "count.index"], keys=[0, 1],
    count=ref("var.azs"))
# one private table for both zones, one default route per NAT gateway: the second fails
table(p, "private")
route(p, "private_nat", res_ref("aws_route_table.private"), "nat_gateway_id",
      ["aws_nat_gateway.nat", "count.index"], keys=[0, 1], count=ref("var.azs"))
# inline default route and a separate one on the same table
table(p, "public", route=E(ref(*res_ref("aws_internet_gateway.main")),
                            [route_block(cidr_block="0.0.0.0/0", gateway_id=U)]))
route(p, "public_default", res_ref("aws_route_table.public"), "gateway_id", res_ref("aws_internet_gateway.main"))
assoc(p, "public", ["aws_subnet.public", "count.index"], res_ref("aws_route_table.public"), keys=[0, 1],
      count=ref("var.azs"))
# the VPC's secondary block is the local route's
route(p, "to_secondary", res_ref("aws_route_table.private"), "transit_gateway_id", None,
      "tgw-0123456789abcdef0", dest="100.64.0.0/16")
p.write(OUT + "bad.tfplan.json", [
    ("VPC103", "aws_route.private_nat[1]", "destination_cidr_block"),
    ("VPC103", "aws_route_table.public", "route#0/cidr_block"),
    ("VPC103", "aws_route.to_secondary", "destination_cidr_block"),
])


# ---- good: one table per zone, each with its own NAT route; overlapping destinations;
# the local route adopted inline; a destination known only after apply ----
p = Plan(region="eu-west-1", variables={"azs": AZS})
p.root.variable("azs", AZS)
vpc(p)
igw(p)
subnet(p, "public", None, keys=[0, 1], count=ref("var.azs"),
       vary=lambda k: {"cidr_block": f"10.0.{k}.0/24", "availability_zone": AZS[k]})
eip(p, "nat", keys=[0, 1], count=ref("var.azs"))
nat(p, "nat", ["aws_subnet.public", "count.index"], ["aws_eip.nat", "count.index"], keys=[0, 1],
    count=ref("var.azs"))
table(p, "private", keys=[0, 1], count=ref("var.azs"))
route(p, "private_nat", ["aws_route_table.private", "count.index"], "nat_gateway_id",
      ["aws_nat_gateway.nat", "count.index"], keys=[0, 1], count=ref("var.azs"))
route(p, "private_corp", ["aws_route_table.private", "count.index"], "transit_gateway_id", None,
      "tgw-0123456789abcdef0", dest="10.0.0.0/8", keys=[0, 1], count=ref("var.azs"))
table(p, "public", route=E(ref(*res_ref("aws_internet_gateway.main")), [
    route_block(cidr_block="0.0.0.0/0", gateway_id=U),
    route_block(cidr_block="10.0.0.0/16", gateway_id="local"),
]))
assoc(p, "public", ["aws_subnet.public", "count.index"], res_ref("aws_route_table.public"), keys=[0, 1],
      count=ref("var.azs"))
res(p, "aws_route", "public_peer", {"route_table_id": R(res_ref("aws_route_table.public")),
                                    "destination_cidr_block": R(["var.peer_cidr"]),
                                    "vpc_peering_connection_id": C("pcx-0123456789abcdef0")})
p.write(OUT + "good.tfplan.json")
print("ok")
