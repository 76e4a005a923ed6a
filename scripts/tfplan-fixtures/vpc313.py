from common import *

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../testdata/") + "rules/VPC313/"


def isolated(p):
    p.variables.setdefault("azs", AZS)
    p.root.variable("azs", AZS)
    vpc(p)
    private_subnets(p)
    table(p, "private")
    assoc(p, "private", ["aws_subnet.private", "count.index"], res_ref("aws_route_table.private"), keys=[0, 1],
          count=ref("aws_subnet.private"))
    https_sg(p)
    endpoint(p, "ecr_dkr", iface("ecr.dkr", private_dns=True))


# ---- bad: an isolated VPC with the ECR registry endpoint and no S3 gateway endpoint ----
p = Plan(region="eu-west-1")
isolated(p)
p.write(OUT + "bad.tfplan.json", [("VPC313", "aws_vpc_endpoint.ecr_dkr", "service_name")])


# ---- good: the same VPC with its S3 gateway endpoint on the table ----
p = Plan(region="eu-west-1")
isolated(p)
endpoint(p, "s3", {"service_name": C("com.amazonaws.eu-west-1.s3"),
                   "route_table_ids": R(res_ref("aws_route_table.private"))})
p.write(OUT + "good.tfplan.json")
print("ok")
