from common import *

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../testdata/") + "rules/VPC306/"


def base(p):
    p.variables.setdefault("azs", AZS)
    p.root.variable("azs", AZS)
    vpc(p)
    private_subnets(p)
    https_sg(p)


# ---- bad: the endpoint lists only private[0] (eu-west-1a); private[1] is in eu-west-1b ----
p = Plan(region="eu-west-1")
base(p)
endpoint(p, "ssm", iface("ssm", True, subnet_ids=R(res_ref("aws_subnet.private[0]"))))
p.write(OUT + "bad.tfplan.json", [("VPC306", "aws_vpc_endpoint.ssm", None)])


# ---- good: the near miss (both subnets), and an endpoint whose subnets are unknown ----
p = Plan(region="eu-west-1")
base(p)
endpoint(p, "ssm", iface("ssm", True))
endpoint(p, "logs", iface("logs", True, subnet_ids=R(["var.endpoint_subnet_ids"])))
p.root.variable("endpoint_subnet_ids", has_default=False)
p.write(OUT + "good.tfplan.json")
print("ok")
