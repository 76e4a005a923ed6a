from common import *

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../testdata/") + "rules/VPC102/"


# ---- bad: one table per zone, but the associations all name zone 0's table; a spare table
# with a peering route ----
p = Plan(region="eu-west-1", variables={"azs": AZS})
p.root.variable("azs", AZS)
vpc(p)
private_subnets(p)
table(p, "private", keys=[0, 1], count=ref("var.azs"))
assoc(p, "private", ["aws_subnet.private", "count.index"], res_ref("aws_route_table.private[0]"), keys=[0, 1],
      count=ref("var.azs"))
table(p, "spare")
route(p, "spare_peer", res_ref("aws_route_table.spare"), "vpc_peering_connection_id", None,
      "pcx-0123456789abcdef0", dest="10.1.0.0/16")
p.write(OUT + "bad.tfplan.json", [("VPC102", "aws_route_table.private[1]", None),
                                  ("VPC102", "aws_route_table.spare", None)])


# ---- good: each table serves a subnet, replaces the main table, adopts it, or is the
# internet gateway's edge table ----
p = Plan(region="eu-west-1", variables={"azs": AZS})
p.root.variable("azs", AZS)
vpc(p)
igw(p)
private_subnets(p)
table(p, "private", keys=[0, 1], count=ref("var.azs"))
assoc(p, "private", ["aws_subnet.private", "count.index"], ["aws_route_table.private", "count.index"], keys=[0, 1],
      count=ref("var.azs"))
table(p, "main")
res(p, "aws_main_route_table_association", "main", {"vpc_id": R(res_ref("aws_vpc.main")),
                                                     "route_table_id": R(res_ref("aws_route_table.main"))})
vpc(p, name="other", cidr="10.1.0.0/16")
res(p, "aws_default_route_table", "other", {"default_route_table_id": R(res_ref("aws_vpc.other",
                                                                                "default_route_table_id"))})
table(p, "edge")
res(p, "aws_route_table_association", "edge", {"gateway_id": R(res_ref("aws_internet_gateway.main")),
                                               "route_table_id": R(res_ref("aws_route_table.edge"))})
p.write(OUT + "good.tfplan.json")


# ---- good-unknown: an association whose table cannot be pinned may use any table ----
p = Plan(region="eu-west-1", variables={"azs": AZS})
p.root.variable("azs", AZS)
vpc(p)
private_subnets(p)
table(p, "a")
table(p, "b")
assoc(p, "private", ["aws_subnet.private", "count.index"], ['local.tables["private"]', "local.tables"],
      keys=[0, 1], count=ref("var.azs"))
p.write(OUT + "good-unknown.tfplan.json")
print("ok")
