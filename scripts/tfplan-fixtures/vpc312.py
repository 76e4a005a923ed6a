from common import *

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../testdata/") + "rules/VPC312/"

INBOUND_ONLY = E([{"dns_record_ip_type": const("ipv4"),
                   "private_dns_only_for_inbound_resolver_endpoint": const(True)}],
                 [{"dns_record_ip_type": "ipv4", "private_dns_only_for_inbound_resolver_endpoint": True}])


def network(p):
    vpc(p)
    private_subnets(p)
    table(p, "private")
    https_sg(p)


# ---- bad: private DNS for the inbound Resolver only, no S3 gateway endpoint ----
p = Plan(region="eu-west-1")
network(p)
endpoint(p, "s3_interface", iface("s3", private_dns=True, dns_options=INBOUND_ONLY))
p.write(OUT + "bad.tfplan.json", [("VPC312", "aws_vpc_endpoint.s3_interface", "private_dns_enabled")])


# ---- good: dns_options unset (the provider sends false) ----
p = Plan(region="eu-west-1")
network(p)
endpoint(p, "s3_interface", iface("s3", private_dns=True))
p.write(OUT + "good.tfplan.json")


# ---- good-gateway: the option set, and the VPC's S3 gateway endpoint ----
p = Plan(region="eu-west-1")
network(p)
endpoint(p, "s3", {"service_name": C("com.amazonaws.eu-west-1.s3"),
                   "route_table_ids": R(res_ref("aws_route_table.private"))})
endpoint(p, "s3_interface", iface("s3", private_dns=True, dns_options=INBOUND_ONLY))
p.write(OUT + "good-gateway.tfplan.json")
print("ok")
