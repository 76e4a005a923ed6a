from common import *

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../testdata/") + "rules/VPC311/"


def base(p):
    p.variables.setdefault("azs", AZS)
    p.root.variable("azs", AZS)
    vpc(p)
    private_subnets(p)
    table(p, "private")
    https_sg(p)


# ---- bad: ssm without vpc_endpoint_type (Gateway by default), written Gateway over for_each,
# an S3 gateway endpoint with subnets, an interface endpoint with route tables ----
p = Plan(region="eu-west-1")
base(p)
ssm = iface("ssm", True)
del ssm["vpc_endpoint_type"]
endpoint(p, "ssm", ssm)
endpoint(p, "gateway", {
    "service_name": R(["data.aws_region.current.name", "data.aws_region.current", "each.key"]),
    "vpc_endpoint_type": C("Gateway")},
    keys=["logs", "dynamodb"], for_each=ref("local.gateway_services"))
for i in p.instances[-2:]:
    i.values["service_name"] = f"com.amazonaws.eu-west-1.{i.key}"
endpoint(p, "s3", {"service_name": C("com.amazonaws.eu-west-1.s3"),
                   "route_table_ids": R(res_ref("aws_route_table.private")),
                   "subnet_ids": R(["aws_subnet.private"])})
endpoint(p, "s3_interface", iface("s3", route_table_ids=R(res_ref("aws_route_table.private"))))
p.write(OUT + "bad.tfplan.json", [
    ("VPC311", "aws_vpc_endpoint.ssm", "service_name"),
    ("VPC311", 'aws_vpc_endpoint.gateway["logs"]', "vpc_endpoint_type"),
    ("VPC311", "aws_vpc_endpoint.s3", None),
    ("VPC311", "aws_vpc_endpoint.s3_interface", None),
])


# ---- good: ssm as Interface (the near miss), gateway endpoints with route tables only, an
# existing S3 gateway endpoint whose state lists empty subnets and groups, unknown service ----
p = Plan(region="eu-west-1")
base(p)
endpoint(p, "ssm", iface("ssm", True))
endpoint(p, "s3", {"service_name": C("com.amazonaws.eu-west-1.s3"),
                   "route_table_ids": R(res_ref("aws_route_table.private"))})
endpoint(p, "dynamodb", {"service_name": C("com.amazonaws.eu-west-1.dynamodb"), "vpc_endpoint_type": C("Gateway")})
p.existing("aws_vpc_endpoint", "legacy_s3", {
    "arn": f"arn:aws:ec2:eu-west-1:{ACCOUNT}:vpc-endpoint/vpce-0bb2222222222222b", "auto_accept": None,
    "cidr_blocks": ["3.5.64.0/21"], "dns_entry": [], "dns_options": [], "id": "vpce-0bb2222222222222b",
    "ip_address_type": "", "network_interface_ids": [], "owner_id": ACCOUNT,
    "policy": "{\"Statement\":[{\"Action\":\"*\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Resource\":\"*\"}]}",
    "prefix_list_id": "pl-6da54004", "private_dns_enabled": False, "requester_managed": False,
    "route_table_ids": ["rtb-0f1e2d3c4b5a69788"], "security_group_ids": [], "service_name": "com.amazonaws.eu-west-1.s3",
    "state": "available", "subnet_ids": [], "tags": None, "timeouts": None, "vpc_endpoint_type": "Gateway",
    "vpc_id": "vpc-0a1b2c3d4e5f60718"})
p.root.resource("aws_vpc_endpoint", "legacy_s3", {"service_name": const("com.amazonaws.eu-west-1.s3"),
                                                  "vpc_id": const("vpc-0a1b2c3d4e5f60718"),
                                                  "route_table_ids": const(["rtb-0f1e2d3c4b5a69788"])})
endpoint(p, "custom", {"service_name": R(["data.aws_vpc_endpoint_service.custom.service_name",
                                          "data.aws_vpc_endpoint_service.custom"])})
p.write(OUT + "good.tfplan.json")
print("ok")
