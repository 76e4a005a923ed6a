from common import *

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../testdata/") + "rules/VPC404/"


# ---- bad: a public NAT gateway without allocation_id (for_each), a private one with it ----
p = Plan(region="eu-west-1", variables={"azs": AZS})
vpc(p)
subnet(p, "public", "10.0.0.0/24", az=AZS[0])
subnet(p, "transit", "10.0.1.0/24", az=AZS[0])
eip(p, "nat")
res(p, "aws_nat_gateway", "public", {"subnet_id": R(res_ref("aws_subnet.public"))}, keys=["a", "b"],
    for_each=ref("local.nats"))
res(p, "aws_nat_gateway", "private", {"subnet_id": R(res_ref("aws_subnet.transit")),
                                      "connectivity_type": C("private"),
                                      "allocation_id": R(res_ref("aws_eip.nat"))})
p.write(OUT + "bad.tfplan.json", [("VPC404", 'aws_nat_gateway.public["a"]', "connectivity_type"),
                                  ("VPC404", 'aws_nat_gateway.public["b"]', "connectivity_type"),
                                  ("VPC404", "aws_nat_gateway.private", None)])


# ---- good: a public NAT gateway with its Elastic IP, a private one without ----
p = Plan(region="eu-west-1", variables={"azs": AZS})
vpc(p)
subnet(p, "public", "10.0.0.0/24", az=AZS[0])
subnet(p, "transit", "10.0.1.0/24", az=AZS[0])
eip(p, "nat")
nat(p, "public", res_ref("aws_subnet.public"), res_ref("aws_eip.nat"))
res(p, "aws_nat_gateway", "private", {"subnet_id": R(res_ref("aws_subnet.transit")),
                                      "connectivity_type": C("private")})
p.write(OUT + "good.tfplan.json")
print("ok")
