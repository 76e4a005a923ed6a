from common import *

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../testdata/") + "rules/VPC104/"


# ---- bad: a subnet outside the VPC's blocks (a count over a variable that forgot the
# secondary block), a /29 subnet ----
p = Plan(region="eu-west-1", variables={"azs": AZS, "blocks": ["10.0.1.0/24", "10.1.1.0/24"]})
p.root.variable("azs", AZS)
p.root.variable("blocks", ["10.0.1.0/24", "10.1.1.0/24"])
vpc(p)
res(p, "aws_vpc_ipv4_cidr_block_association", "secondary", {
    "vpc_id": R(res_ref("aws_vpc.main")), "cidr_block": C("100.64.0.0/16")})
res(p, "aws_subnet", "app", {"vpc_id": R(res_ref("aws_vpc.main")), "cidr_block": R(["var.blocks", "count.index"])},
    keys=[0, 1], count=ref("var.blocks"), vary=lambda k: {"cidr_block": ["10.0.1.0/24", "10.1.1.0/24"][k]})
subnet(p, "pods", "100.64.0.0/20", vpc_ref=["aws_vpc_ipv4_cidr_block_association.secondary.vpc_id",
                                           "aws_vpc_ipv4_cidr_block_association.secondary"])
subnet(p, "tiny", "10.0.9.0/29")
p.write(OUT + "bad.tfplan.json", [
    ("VPC104", "aws_subnet.app[1]", "cidr_block"),
    ("VPC104", "aws_subnet.tiny", "cidr_block"),
])


# ---- good: every block inside the primary or a secondary block; a VPC with a block from
# an IPAM pool (unknown at plan time); a VPC given by a variable ----
p = Plan(region="eu-west-1")
vpc(p)
res(p, "aws_vpc_ipv4_cidr_block_association", "secondary", {
    "vpc_id": R(res_ref("aws_vpc.main")), "cidr_block": C("100.64.0.0/16")})
subnet(p, "app", "10.0.1.0/24")
subnet(p, "pods", "100.64.0.0/20")
subnet(p, "smallest", "10.0.2.0/28")
vpc(p, name="pooled", cidr="10.20.0.0/16")
res(p, "aws_vpc_ipv4_cidr_block_association", "pooled", {
    "vpc_id": R(res_ref("aws_vpc.pooled")), "ipv4_ipam_pool_id": C("ipam-pool-0123456789abcdef0"),
    "ipv4_netmask_length": C(20)})
subnet(p, "in_pool", "10.30.0.0/24", vpc_ref=res_ref("aws_vpc.pooled"))
res(p, "aws_subnet", "shared", {"vpc_id": R(["var.vpc_id"], "vpc-0shared0000000001"), "cidr_block": C("192.168.0.0/24")})
p.write(OUT + "good.tfplan.json")
print("ok")
