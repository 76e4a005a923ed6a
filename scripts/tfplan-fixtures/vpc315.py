from common import *

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../testdata/") + "rules/VPC315/"


def base(p):
    p.variables.setdefault("azs", AZS)
    p.root.variable("azs", AZS)
    vpc(p)
    vpc(p, "shared", cidr="10.1.0.0/16")
    private_subnets(p)
    subnet(p, "shared", "10.1.0.0/24", vpc_ref=res_ref("aws_vpc.shared"), az=AZS[0])
    table(p, "private")
    table(p, "shared", vpc_ref=res_ref("aws_vpc.shared"))
    https_sg(p)
    https_sg(p, "shared", cidr_refs=("aws_vpc.shared.cidr_block", "aws_vpc.shared"), cidr="10.1.0.0/16",
             vpc_ref=res_ref("aws_vpc.shared"))


# ---- bad: a gateway endpoint on the other VPC's table, an interface endpoint with the other
# VPC's subnet and group (unknown ids, linked through the configuration) ----
p = Plan(region="eu-west-1")
base(p)
endpoint(p, "s3", {"service_name": C("com.amazonaws.eu-west-1.s3"),
                   "route_table_ids": R(res_ref("aws_route_table.shared"))})
endpoint(p, "ssm", iface("ssm", True, sgs=("aws_security_group.shared",),
                         subnet_ids=R(res_ref("aws_subnet.shared"))))
p.write(OUT + "bad.tfplan.json", [
    ("VPC315", "aws_vpc_endpoint.s3", None),
    ("VPC315", "aws_vpc_endpoint.ssm", None),
    ("VPC315", "aws_vpc_endpoint.ssm", None),
])


# ---- good: the same endpoints on their own VPC's parts; one in the shared VPC ----
p = Plan(region="eu-west-1")
base(p)
endpoint(p, "s3", {"service_name": C("com.amazonaws.eu-west-1.s3"),
                   "route_table_ids": R(res_ref("aws_route_table.private"))})
endpoint(p, "ssm", iface("ssm", True))
endpoint(p, "shared_ssm", iface("ssm", True, sgs=("aws_security_group.shared",),
                                subnet_ids=R(res_ref("aws_subnet.shared"))), vpc_ref=res_ref("aws_vpc.shared"))
p.write(OUT + "good.tfplan.json")
print("ok")
