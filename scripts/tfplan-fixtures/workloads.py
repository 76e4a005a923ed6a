"""Workload helpers for the VPC2xx reachability fixtures: groups, load balancers, targets."""
from common import *

ALL_OUT = sg_block(cidr_blocks=["0.0.0.0/0"], from_port=0, to_port=0, protocol="-1")


def sg(p, name, ingress=None, egress=None, ingress_refs=(), egress_refs=(), vpc_ref=None):
    """An `aws_security_group` with inline blocks; a block that names other groups takes its
    references from `*_refs`, and its `security_groups` are then unknown in the plan."""
    spec = {"name": C(name), "description": C(name), "vpc_id": R(vpc_ref or res_ref("aws_vpc.main"))}
    for key, blocks, refs in (("ingress", ingress, ingress_refs), ("egress", egress, egress_refs)):
        if blocks is None:
            continue
        if refs:
            spec[key] = E(ref(*refs), blocks)
        else:
            spec[key] = E(const(blocks), blocks)
    return res(p, "aws_security_group", name, spec)


def lb(p, name, subnets, sgs=None, lb_type=None):
    spec = {"name": C(name), "subnets": R(subnets)}
    if sgs is not None:
        refs = []
        for g in sgs:
            refs += res_ref(g)
        spec["security_groups"] = R(refs)
    if lb_type:
        spec["load_balancer_type"] = C(lb_type)
    return res(p, "aws_lb", name, spec)


def target_group(p, name, port, protocol="HTTP", target_type=None):
    spec = {"name": C(name), "port": C(port), "protocol": C(protocol), "vpc_id": R(res_ref("aws_vpc.main"))}
    if target_type:
        spec["target_type"] = C(target_type)
    return res(p, "aws_lb_target_group", name, spec)


def forward(tg):
    """A `default_action` (or `action`) block forwarding to target group `tg`."""
    return E([{"type": const("forward"), "target_group_arn": ref(*res_ref(tg, "arn"))}],
             [{"authenticate_cognito": [], "authenticate_oidc": [], "fixed_response": [], "forward": [],
               "order": U, "redirect": [], "target_group_arn": U, "type": "forward"}])


def listener(p, name, lb_addr, tg, port=80):
    return res(p, "aws_lb_listener", name, {
        "load_balancer_arn": R(res_ref(lb_addr, "arn")), "port": C(port), "protocol": C("HTTP"),
        "default_action": forward(tg)})


def ecs_service(p, name, sgs, subnets=("aws_subnet.private",), tg=None, container_port=None):
    refs = []
    for g in sgs:
        refs += res_ref(g)
    spec = {"name": C(name), "task_definition": C(f"{name}:1"), "launch_type": C("FARGATE"),
            "network_configuration": E([{"subnets": ref(*subnets), "security_groups": ref(*refs)}],
                                       [{"assign_public_ip": False, "security_groups": U, "subnets": U}])}
    if tg:
        spec["load_balancer"] = E(
            [{"container_name": const("web"), "container_port": const(container_port),
              "target_group_arn": ref(*res_ref(tg, "arn"))}],
            [{"container_name": "web", "container_port": container_port, "elb_name": None, "target_group_arn": U}])
    return res(p, "aws_ecs_service", name, spec)


def instance(p, name, sgs, subnet="aws_subnet.private[0]"):
    refs = []
    for g in sgs:
        refs += res_ref(g)
    return res(p, "aws_instance", name, {
        "ami": C("ami-0123456789abcdef0"), "instance_type": C("t3.micro"),
        "subnet_id": R(res_ref(subnet)), "vpc_security_group_ids": R(refs)})


def attachment(p, name, tg, target, port=None):
    spec = {"target_group_arn": R(res_ref(tg, "arn")), "target_id": R(res_ref(target))}
    if port is not None:
        spec["port"] = C(port)
    return res(p, "aws_lb_target_group_attachment", name, spec)


def base(p):
    p.variables.setdefault("azs", AZS)
    p.root.variable("azs", AZS)
    vpc(p)
    private_subnets(p)
    subnet(p, "public", "10.0.100.0/24", az=AZS[0], public=True)
