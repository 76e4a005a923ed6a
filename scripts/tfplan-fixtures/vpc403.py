from common import *

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../testdata/") + "rules/VPC403/"
AZ3 = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]


def base(p):
    p.root.variable("azs", AZ3)
    vpc(p)
    igw(p)
    subnet(p, "public", None, keys=[0, 1, 2], count=ref("var.azs"),
           vary=lambda k: {"cidr_block": f"10.0.{k}.0/24", "availability_zone": AZ3[k]})
    subnet(p, "private", None, keys=[0, 1, 2], count=ref("var.azs"),
           vary=lambda k: {"cidr_block": f"10.0.{k + 10}.0/24", "availability_zone": AZ3[k]})


# ---- bad: one NAT gateway (in zone a) for the private subnets of three zones, one table
# each (the terraform-aws-vpc shape with single_nat_gateway) ----
p = Plan(region="eu-west-1", variables={"azs": AZ3})
base(p)
eip(p, "nat")
nat(p, "nat", res_ref("aws_subnet.public[0]"), res_ref("aws_eip.nat"))
table(p, "private", keys=[0, 1, 2], count=ref("var.azs"))
route(p, "private_nat", ["aws_route_table.private", "count.index"], "nat_gateway_id",
      res_ref("aws_nat_gateway.nat"), keys=[0, 1, 2], count=ref("var.azs"))
assoc(p, "private", ["aws_subnet.private", "count.index"], ["aws_route_table.private", "count.index"],
      keys=[0, 1, 2], count=ref("var.azs"))
p.write(OUT + "bad.tfplan.json", [("VPC403", "aws_subnet.private[1]", None),
                                  ("VPC403", "aws_subnet.private[2]", None)])


# ---- good: one NAT gateway per zone, each zone's table to its own ----
p = Plan(region="eu-west-1", variables={"azs": AZ3})
base(p)
eip(p, "nat", keys=[0, 1, 2], count=ref("var.azs"))
nat(p, "nat", ["aws_subnet.public", "count.index"], ["aws_eip.nat", "count.index"], keys=[0, 1, 2],
    count=ref("var.azs"))
table(p, "private", keys=[0, 1, 2], count=ref("var.azs"))
route(p, "private_nat", ["aws_route_table.private", "count.index"], "nat_gateway_id",
      ["aws_nat_gateway.nat", "count.index"], keys=[0, 1, 2], count=ref("var.azs"))
assoc(p, "private", ["aws_subnet.private", "count.index"], ["aws_route_table.private", "count.index"],
      keys=[0, 1, 2], count=ref("var.azs"))
p.write(OUT + "good.tfplan.json")
print("ok")
