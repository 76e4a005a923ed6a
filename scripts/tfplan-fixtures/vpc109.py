from common import *

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../testdata/") + "rules/VPC109/"


def two_vpcs(p):
    vpc(p, name="blue")
    vpc(p, name="green", cidr="10.1.0.0/16")
    igw(p, "blue", vpc_ref=res_ref("aws_vpc.blue"))
    igw(p, "green", vpc_ref=res_ref("aws_vpc.green"))
    subnet(p, "blue_public", "10.0.0.0/24", vpc_ref=res_ref("aws_vpc.blue"), az=AZS[0])
    subnet(p, "green_app", "10.1.1.0/24", vpc_ref=res_ref("aws_vpc.green"), az=AZS[0])
    table(p, "green", vpc_ref=res_ref("aws_vpc.green"))


# ---- bad: the green table routes to the blue gateway; a green subnet is associated with a
# blue table ----
p = Plan(region="eu-west-1")
two_vpcs(p)
route(p, "green_internet", res_ref("aws_route_table.green"), "gateway_id", res_ref("aws_internet_gateway.blue"))
table(p, "blue", vpc_ref=res_ref("aws_vpc.blue"))
assoc(p, "green_app", res_ref("aws_subnet.green_app"), res_ref("aws_route_table.blue"))
p.write(OUT + "bad.tfplan.json", [("VPC109", "aws_route.green_internet", None),
                                  ("VPC109", "aws_route_table_association.green_app", None)])


# ---- good: each table routes to its own VPC's gateway ----
p = Plan(region="eu-west-1")
two_vpcs(p)
route(p, "green_internet", res_ref("aws_route_table.green"), "gateway_id", res_ref("aws_internet_gateway.green"))
assoc(p, "green_app", res_ref("aws_subnet.green_app"), res_ref("aws_route_table.green"))
p.write(OUT + "good.tfplan.json")
print("ok")
