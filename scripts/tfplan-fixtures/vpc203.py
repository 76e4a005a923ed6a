from workloads import *

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../testdata/") + "rules/VPC203/"


def function(p, name, sgs):
    refs = []
    for g in sgs:
        refs += res_ref(g)
    return res(p, "aws_lambda_function", name, {
        "function_name": C(name), "role": C("arn:aws:iam::111122223333:role/fn"), "runtime": C("python3.12"),
        "handler": C("index.handler"), "filename": C("fn.zip"),
        "vpc_config": E([{"subnet_ids": ref("aws_subnet.private"), "security_group_ids": ref(*refs)}],
                        [{"ipv6_allowed_for_dual_stack": False, "security_group_ids": U, "subnet_ids": U,
                          "vpc_id": U}])})


def endpoints(p):
    https_sg(p)
    endpoint(p, "ssm", iface("ssm", True))


# ---- bad: a group without egress blocks (Terraform: none at all); egress to 5432 only ----
p = Plan(region="eu-west-1")
base(p)
endpoints(p)
sg(p, "fn")
function(p, "fn", ["aws_security_group.fn"])
sg(p, "app", egress=[sg_block(cidr_blocks=["10.0.0.0/16"], from_port=5432, to_port=5432, protocol="tcp")])
ecs_service(p, "app", ["aws_security_group.app"])
p.write(OUT + "bad.tfplan.json", [
    ("VPC203", "aws_security_group.fn", None),
    ("VPC203", "aws_security_group.app", None),
])

# ---- good: egress to the endpoint's group through a rule resource; all egress; an ----
# ---- endpoint without private DNS ----
p = Plan(region="eu-west-1")
base(p)
endpoints(p)
endpoint(p, "logs", iface("logs", False))
sg(p, "fn")
res(p, "aws_vpc_security_group_egress_rule", "fn_to_endpoints", {
    "security_group_id": R(res_ref("aws_security_group.fn")), "ip_protocol": C("tcp"),
    "from_port": C(443), "to_port": C(443),
    "referenced_security_group_id": R(res_ref("aws_security_group.endpoints"))})
function(p, "fn", ["aws_security_group.fn"])
sg(p, "app", egress=[ALL_OUT])
ecs_service(p, "app", ["aws_security_group.app"])
p.write(OUT + "good.tfplan.json")
print("ok")
