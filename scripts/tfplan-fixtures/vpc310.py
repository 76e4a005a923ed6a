from common import *

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../testdata/") + "rules/VPC310/"


def base(p):
    p.variables.setdefault("azs", AZS)
    p.root.variable("azs", AZS)
    vpc(p)
    private_subnets(p)
    table(p, "private", keys=[0, 1], count=ref("var.azs"))


# ---- bad: an S3 endpoint lists both private tables; a second S3 endpoint (literal region)
# is associated with private[1] through aws_vpc_endpoint_route_table_association ----
p = Plan(region="eu-west-1")
base(p)
endpoint(p, "s3", {"service_name": R(["data.aws_region.current.name", "data.aws_region.current"],
                                     "com.amazonaws.eu-west-1.s3"),
                   "route_table_ids": R(["aws_route_table.private"])})
endpoint(p, "s3_team", {"service_name": C("com.amazonaws.eu-west-1.s3")})
res(p, "aws_vpc_endpoint_route_table_association", "s3_team", {
    "vpc_endpoint_id": R(res_ref("aws_vpc_endpoint.s3_team")),
    "route_table_id": R(res_ref("aws_route_table.private[1]")),
})
p.write(OUT + "bad.tfplan.json")
# The finding is on the association resource, the element that lists the table for the
# second endpoint: its line, with the endpoint as the finding's resource.
with open(OUT + "bad.tfplan.json") as f:
    text = f.read()
with open(OUT + "bad.tfplan.json.expect", "w") as f:
    f.write("# rule resource line\n")
    f.write(f"VPC310 aws_vpc_endpoint.s3_team {locate(text, 'aws_vpc_endpoint_route_table_association.s3_team')}\n")


# ---- good: S3 and DynamoDB on one table (a gateway endpoint of another service), S3 on
# the other table through a second endpoint ----
p = Plan(region="eu-west-1")
base(p)
endpoint(p, "s3", {"service_name": C("com.amazonaws.eu-west-1.s3"),
                   "route_table_ids": R(res_ref("aws_route_table.private[0]"))})
endpoint(p, "dynamodb", {"service_name": C("com.amazonaws.eu-west-1.dynamodb"),
                         "route_table_ids": R(["aws_route_table.private"])})
endpoint(p, "s3_team", {"service_name": C("com.amazonaws.eu-west-1.s3")})
res(p, "aws_vpc_endpoint_route_table_association", "s3_team", {
    "vpc_endpoint_id": R(res_ref("aws_vpc_endpoint.s3_team")),
    "route_table_id": R(res_ref("aws_route_table.private[1]")),
})
p.write(OUT + "good.tfplan.json")
print("ok")
