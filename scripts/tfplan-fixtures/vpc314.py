from common import *

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../testdata/") + "rules/VPC314/"


def base(p):
    p.variables.setdefault("azs", AZS)
    p.root.variable("azs", AZS)
    vpc(p)
    private_subnets(p)
    https_sg(p)


# ---- bad: private[0] and data (both eu-west-1a); two subnets whose zone is known only after
# apply, both `data.aws_availability_zones.available.names[0]` in the configuration ----
p = Plan(region="eu-west-1")
base(p)
subnet(p, "data", "10.0.10.0/24", az=AZS[0])
for name, cidr in [("late_a", "10.0.20.0/24"), ("late_b", "10.0.21.0/24")]:
    subnet(p, name, cidr)
    p.instances[-1].values["availability_zone"] = U
    p.root.resources[-1]["expressions"]["availability_zone"] = ref(
        "data.aws_availability_zones.available.names[0]", "data.aws_availability_zones.available.names",
        "data.aws_availability_zones.available")
endpoint(p, "ssm", iface("ssm", True, subnet_ids=R(res_ref("aws_subnet.private[0]") + res_ref("aws_subnet.data"))))
endpoint(p, "logs", iface("logs", True, subnet_ids=R(res_ref("aws_subnet.late_a") + res_ref("aws_subnet.late_b"))))
p.write(OUT + "bad.tfplan.json", [("VPC314", "aws_vpc_endpoint.ssm", None), ("VPC314", "aws_vpc_endpoint.logs", None)])


# ---- good: the near miss (one subnet per zone); zones known only after apply without an
# index, and a name beside an index ----
p = Plan(region="eu-west-1")
base(p)
subnet(p, "late", "10.0.20.0/24")
p.instances[-1].values["availability_zone"] = U
p.root.resources[-1]["expressions"]["availability_zone"] = ref(
    "data.aws_availability_zones.available.names[0]", "data.aws_availability_zones.available.names",
    "data.aws_availability_zones.available")
subnet(p, "unplaced", "10.0.21.0/24")
endpoint(p, "ssm", iface("ssm", True))
endpoint(p, "logs", iface("logs", True, subnet_ids=R(res_ref("aws_subnet.private[0]") + res_ref("aws_subnet.late")
                                                     + res_ref("aws_subnet.unplaced"))))
p.write(OUT + "good.tfplan.json")
print("ok")
