from common import *

# ---- testdata/load/terraform/elastic-ips.tfplan.json: Elastic IPs and the NAT gateways that take them ----
LOAD = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../testdata/load/terraform/")
p = Plan(region="eu-west-1", variables={"allocation": "eipalloc-0a1b2c3d4e5f60718"})
p.root.variable("allocation", "", "an Elastic IP allocated outside this configuration")
vpc(p)
subnet(p, "public", "10.0.0.0/24", az=AZS[0])
subnet(p, "transit", "10.0.1.0/24", az=AZS[0])
eip(p, "nat")
eip(p, "pool", keys=[0, 1], count=const(2))
# Provider v4's `vpc = false`: an EC2-Classic address, domain known after apply.
res(p, "aws_eip", "classic", {"vpc": C(False)}, vary=lambda k: {"domain": U})
nat(p, "public", res_ref("aws_subnet.public"), res_ref("aws_eip.nat"))
nat(p, "pooled", ["aws_subnet.public.id", "aws_subnet.public"], ["aws_eip.pool", "count.index"], keys=[0, 1],
    count=const(2))
res(p, "aws_nat_gateway", "by_id", {"subnet_id": R(res_ref("aws_subnet.public")),
                                    "allocation_id": R(["var.allocation"], "eipalloc-0a1b2c3d4e5f60718")})
res(p, "aws_nat_gateway", "private", {"subnet_id": R(res_ref("aws_subnet.transit")),
                                      "connectivity_type": C("private")})
p.write(LOAD + "elastic-ips.tfplan.json")
print("ok")
