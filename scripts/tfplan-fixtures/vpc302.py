from common import *

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../testdata/") + "rules/VPC302/"


def base(p):
    p.variables.setdefault("azs", AZS)
    p.root.variable("azs", AZS)
    vpc(p)
    private_subnets(p)
    https_sg(p)


# ---- bad: unset (provider creates it off), explicit false, for_each, module variable ----
p = Plan(region="eu-west-1")
base(p)
endpoint(p, "ssm", iface("ssm"))
endpoint(p, "kms", iface("kms", False))
endpoint(p, "interface", {
    "service_name": R(["each.key"]), "vpc_endpoint_type": C("Interface"),
    "subnet_ids": R(["aws_subnet.private"]), "security_group_ids": R(res_ref("aws_security_group.endpoints"))},
    keys=["logs", "ecr.api"], for_each=ref("local.interface_services"))
for i in p.instances[-2:]:
    i.values["service_name"] = f"com.amazonaws.eu-west-1.{i.key}"
p.root.resources[-1]["expressions"]["service_name"] = ref("data.aws_region.current.name", "data.aws_region.current", "each.key")
# S3's interface endpoint is exempt: clients reach S3 through the gateway endpoint
endpoint(p, "s3_interface", iface("s3"))
me = Module()
ME = [("endpoints", None)]
me.variable("vpc_id", has_default=False)
me.variable("subnet_ids", has_default=False)
me.variable("services", {"sts": {}})
me.variable("private_dns_enabled", False, "whether to turn on private DNS for the endpoints")
res(p, "aws_vpc_endpoint", "this", {
    "vpc_id": R(["var.vpc_id"]), "service_name": R(["data.aws_region.current.name", "data.aws_region.current", "each.key"]),
    "vpc_endpoint_type": C("Interface"), "subnet_ids": R(["var.subnet_ids"]),
    "private_dns_enabled": R(["var.private_dns_enabled"], False)},
    keys=["sts"], module=ME, cfg=me, for_each=ref("var.services"),
    vary=lambda k: {"service_name": f"com.amazonaws.eu-west-1.{k}"})
p.root.call("endpoints", "./modules/endpoints", {
    "vpc_id": ref(*res_ref("aws_vpc.main")), "subnet_ids": ref("aws_subnet.private")}, me)
p.write(OUT + "bad.tfplan.json", [
    ("VPC302", "aws_vpc_endpoint.ssm", None),
    ("VPC302", "aws_vpc_endpoint.kms", "private_dns_enabled"),
    ("VPC302", 'aws_vpc_endpoint.interface["logs"]', None),
    ("VPC302", 'aws_vpc_endpoint.interface["ecr.api"]', None),
    ("VPC302", 'module.endpoints.aws_vpc_endpoint.this["sts"]', "private_dns_enabled"),
])


# ---- good: private DNS on, gateway endpoints, an existing endpoint with private DNS on ----
VPC_ID, MAIN, SG = "vpc-0a1b2c3d4e5f60718", "rtb-0f1e2d3c4b5a69788", "sg-0ab12cd34ef56ab78"
p = Plan(region="eu-west-1")
base(p)
endpoint(p, "ssm", iface("ssm", True))
endpoint(p, "s3", {"service_name": C("com.amazonaws.eu-west-1.s3")})
endpoint(p, "dynamodb", {"service_name": C("com.amazonaws.eu-west-1.dynamodb"), "vpc_endpoint_type": C("Gateway")})
endpoint(p, "partner", iface("x", sgs=None, service_name=C("com.amazonaws.vpce.eu-west-1.vpce-svc-0a1b2c3d4e5f60718")))
p.existing("aws_vpc_endpoint", "ec2", {
    "arn": f"arn:aws:ec2:eu-west-1:{ACCOUNT}:vpc-endpoint/vpce-0aa1111111111111a", "auto_accept": None,
    "cidr_blocks": [], "dns_entry": [{"dns_name": "vpce-0aa1111111111111a-abcd1234.ec2.eu-west-1.vpce.amazonaws.com",
                                      "hosted_zone_id": "Z38GZ743OKFT7T"}],
    "dns_options": [{"dns_record_ip_type": "ipv4", "private_dns_only_for_inbound_resolver_endpoint": False}],
    "id": "vpce-0aa1111111111111a", "ip_address_type": "ipv4", "network_interface_ids": ["eni-0aa1111111111111a"],
    "owner_id": ACCOUNT, "policy": "{\"Statement\":[{\"Action\":\"*\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Resource\":\"*\"}]}",
    "prefix_list_id": None, "private_dns_enabled": True, "requester_managed": False, "route_table_ids": [],
    "security_group_ids": [SG], "service_name": "com.amazonaws.eu-west-1.ec2", "state": "available",
    "subnet_ids": ["subnet-0aa1111111111111a"], "tags": None, "timeouts": None, "vpc_endpoint_type": "Interface",
    "vpc_id": VPC_ID})
p.root.resource("aws_vpc_endpoint", "ec2", {"private_dns_enabled": const(True), "service_name": const("com.amazonaws.eu-west-1.ec2"),
                                            "vpc_endpoint_type": const("Interface"), "vpc_id": const(VPC_ID),
                                            "subnet_ids": const(["subnet-0aa1111111111111a"]),
                                            "security_group_ids": const([SG])})
p.write(OUT + "good.tfplan.json")


# ---- good-unknown: the setting, the type or the service cannot be known at plan time ----
p = Plan(region="eu-west-1")
base(p)
endpoint(p, "ssm", iface("ssm", R(["local.private_dns"])))
endpoint(p, "kms", {"service_name": C("com.amazonaws.eu-west-1.kms"),
                    "vpc_endpoint_type": R(["local.endpoint_type"]), "subnet_ids": R(["aws_subnet.private"])})
endpoint(p, "custom", iface("x", service_name=R(["data.aws_vpc_endpoint_service.custom.service_name",
                                                 "data.aws_vpc_endpoint_service.custom"])))
p.write(OUT + "good-unknown.tfplan.json")
print("ok")
