from common import *

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../testdata/") + "rules/VPC106/"


# ---- bad: a count of associations over the private subnets, and a second association
# for one of them (a copy left behind when the subnet moved tables) ----
p = Plan(region="eu-west-1", variables={"azs": AZS})
p.root.variable("azs", AZS)
vpc(p)
private_subnets(p)
table(p, "private")
table(p, "isolated")
assoc(p, "private", ["aws_subnet.private", "count.index"], res_ref("aws_route_table.private"), keys=[0, 1],
      count=ref("var.azs"))
assoc(p, "isolated", res_ref("aws_subnet.private[1]"), res_ref("aws_route_table.isolated"))
# Both subnet ids are known only after apply: the finding is on the later entry of the plan.
p.write(OUT + "bad.tfplan.json", [("VPC106", "aws_route_table_association.private[1]", None)])


# ---- good: one association per subnet; one whose subnet cannot be pinned; an edge
# association of the internet gateway ----
p = Plan(region="eu-west-1", variables={"azs": AZS})
p.root.variable("azs", AZS)
vpc(p)
igw(p)
private_subnets(p)
table(p, "private", keys=[0, 1], count=ref("var.azs"))
assoc(p, "private", ["aws_subnet.private", "count.index"], ["aws_route_table.private", "count.index"], keys=[0, 1],
      count=ref("var.azs"))
subnet(p, "app", "10.0.10.0/24")
table(p, "app")
assoc(p, "app", ['local.subnet_ids["app"]', "local.subnet_ids"], res_ref("aws_route_table.app"))
table(p, "edge")
res(p, "aws_route_table_association", "edge", {"gateway_id": R(res_ref("aws_internet_gateway.main")),
                                               "route_table_id": R(res_ref("aws_route_table.edge"))})
p.write(OUT + "good.tfplan.json")
print("ok")
