from common import *

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../testdata/") + "rules/VPC105/"


# ---- bad: a count whose block forgot count.index; a for_each map with a block inside
# another ----
p = Plan(region="eu-west-1", variables={"azs": AZS})
p.root.variable("azs", AZS)
vpc(p)
res(p, "aws_subnet", "public", {"vpc_id": R(res_ref("aws_vpc.main")), "cidr_block": C("10.0.0.0/24"),
                                "availability_zone": R(["var.azs", "count.index"])},
    keys=[0, 1], count=ref("var.azs"), vary=lambda k: {"availability_zone": AZS[k]})
BLOCKS = {"app": "10.0.16.0/20", "db": "10.0.20.0/24", "cache": "10.0.40.0/24"}
subnet(p, "private", None, keys=list(BLOCKS), for_each=ref("local.private_blocks"),
       vary=lambda k: {"cidr_block": BLOCKS[k]})
p.write(OUT + "bad.tfplan.json", [
    ("VPC105", "aws_subnet.public[1]", "cidr_block"),
    ("VPC105", 'aws_subnet.private["db"]', "cidr_block"),
])


# ---- good: cidrsubnet over count.index; adjacent blocks; the same blocks in another VPC ----
p = Plan(region="eu-west-1", variables={"azs": AZS})
p.root.variable("azs", AZS)
vpc(p)
private_subnets(p)
subnet(p, "app_a", "10.0.16.0/21")
subnet(p, "app_b", "10.0.24.0/21")
vpc(p, name="other")
subnet(p, "other", "10.0.0.0/24", vpc_ref=res_ref("aws_vpc.other"))
p.write(OUT + "good.tfplan.json")
print("ok")
