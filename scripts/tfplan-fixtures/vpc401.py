from common import *

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../testdata/") + "rules/VPC401/"


def base(p):
    p.root.variable("azs", AZS)
    vpc(p)
    igw(p)
    subnet(p, "public", None, keys=[0, 1], count=ref("var.azs"),
           vary=lambda k: {"cidr_block": f"10.0.{k}.0/24", "availability_zone": AZS[k]})
    table(p, "public")
    route(p, "public_internet", res_ref("aws_route_table.public"), "gateway_id", res_ref("aws_internet_gateway.main"))
    assoc(p, "public", ["aws_subnet.public", "count.index"], res_ref("aws_route_table.public"), keys=[0, 1],
          count=ref("var.azs"))
    private_subnets_at(p)
    table(p, "private", keys=[0, 1], count=ref("var.azs"))
    assoc(p, "private", ["aws_subnet.private", "count.index"], ["aws_route_table.private", "count.index"],
          keys=[0, 1], count=ref("var.azs"))
    eip(p, "nat", keys=[0, 1], count=ref("var.azs"))


def private_subnets_at(p):
    subnet(p, "private", None, keys=[0, 1], count=ref("var.azs"),
           vary=lambda k: {"cidr_block": f"10.0.{k + 10}.0/24", "availability_zone": AZS[k]})


# ---- bad: the NAT gateways are put in the private subnets (count) they serve; their
# subnet ids are known only after apply, so the findings are on the entries ----
p = Plan(region="eu-west-1", variables={"azs": AZS})
base(p)
nat(p, "nat", ["aws_subnet.private", "count.index"], ["aws_eip.nat", "count.index"], keys=[0, 1],
    count=ref("var.azs"))
route(p, "private_nat", ["aws_route_table.private", "count.index"], "nat_gateway_id",
      ["aws_nat_gateway.nat", "count.index"], keys=[0, 1], count=ref("var.azs"))
p.write(OUT + "bad.tfplan.json", [("VPC401", "aws_nat_gateway.nat[0]", None),
                                  ("VPC401", "aws_nat_gateway.nat[1]", None)])


# ---- good: the NAT gateways in the public subnets; a private NAT gateway in a private
# subnet ----
p = Plan(region="eu-west-1", variables={"azs": AZS})
base(p)
nat(p, "nat", ["aws_subnet.public", "count.index"], ["aws_eip.nat", "count.index"], keys=[0, 1],
    count=ref("var.azs"))
route(p, "private_nat", ["aws_route_table.private", "count.index"], "nat_gateway_id",
      ["aws_nat_gateway.nat", "count.index"], keys=[0, 1], count=ref("var.azs"))
res(p, "aws_nat_gateway", "internal", {"subnet_id": R(res_ref("aws_subnet.private[0]")),
                                       "connectivity_type": C("private")})
p.write(OUT + "good.tfplan.json")
print("ok")
