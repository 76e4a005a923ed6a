from common import *

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../testdata/") + "rules/VPC316/"


def base(p):
    p.variables.setdefault("azs", AZS)
    p.root.variable("azs", AZS)
    p.root.variable("transit_gateway_id", "tgw-0123456789abcdef0")
    p.variables.setdefault("transit_gateway_id", "tgw-0123456789abcdef0")
    vpc(p)
    private_subnets(p)
    table(p, "private")
    assoc(p, "private", ["aws_subnet.private", "count.index"], res_ref("aws_route_table.private"), keys=[0, 1],
          count=ref("aws_subnet.private"))
    route(p, "default_to_hub", res_ref("aws_route_table.private"), "transit_gateway_id", ["var.transit_gateway_id"],
          "tgw-0123456789abcdef0")


# ---- bad: both private subnets route 0.0.0.0/0 to the transit gateway (a variable) ----
p = Plan(region="eu-west-1")
base(p)
p.write(OUT + "bad.tfplan.json", [("VPC316", "aws_subnet.private[0]", None), ("VPC316", "aws_subnet.private[1]", None)])


# ---- good: the same spoke with its S3 gateway endpoint on the table ----
p = Plan(region="eu-west-1")
base(p)
endpoint(p, "s3", {"service_name": C("com.amazonaws.eu-west-1.s3"),
                   "route_table_ids": R(res_ref("aws_route_table.private"))})
p.write(OUT + "good.tfplan.json")
print("ok")
