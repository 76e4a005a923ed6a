from common import *

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../testdata/") + "rules/VPC309/"


def base(p):
    p.variables.setdefault("azs", AZS)
    p.root.variable("azs", AZS)
    vpc(p)
    private_subnets(p)
    https_sg(p)


# ---- bad: ssm with private DNS twice (a literal endpoint and a for_each one built from the
# region data source), unknown ids linked through the configuration ----
p = Plan(region="eu-west-1")
base(p)
endpoint(p, "ssm", iface("ssm", True))
endpoint(p, "interface", {
    "service_name": R(["data.aws_region.current.name", "data.aws_region.current", "each.key"]),
    "vpc_endpoint_type": C("Interface"), "private_dns_enabled": C(True),
    "subnet_ids": R(["aws_subnet.private"]), "security_group_ids": R(res_ref("aws_security_group.endpoints"))},
    keys=["logs", "ssm"], for_each=ref("local.interface_services"))
for i in p.instances[-2:]:
    i.values["service_name"] = f"com.amazonaws.eu-west-1.{i.key}"
p.write(OUT + "bad.tfplan.json", [
    ("VPC309", "aws_vpc_endpoint.ssm", "private_dns_enabled"),
])


# ---- good: the second ssm endpoint without private DNS; another service; another VPC ----
p = Plan(region="eu-west-1")
base(p)
vpc(p, "other", cidr="10.1.0.0/16")
endpoint(p, "ssm", iface("ssm", True))
endpoint(p, "ssm_names", iface("ssm", False))
endpoint(p, "ssmmessages", iface("ssmmessages", True))
endpoint(p, "other_ssm", iface("ssm", True, sgs=None), vpc_ref=res_ref("aws_vpc.other"))
p.write(OUT + "good.tfplan.json")
print("ok")
