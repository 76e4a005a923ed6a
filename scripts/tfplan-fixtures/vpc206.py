from workloads import *

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../testdata/") + "rules/VPC206/"

# ---- bad: a service admitting 443 from the VPC, its container on 8080; a load balancer ----
# ---- group without egress blocks (Terraform: no egress at all) ----
p = Plan(region="eu-west-1")
base(p)
sg(p, "lb", ingress=[sg_block(cidr_blocks=["0.0.0.0/0"], from_port=443, to_port=443, protocol="tcp")],
   egress=[ALL_OUT])
sg(p, "svc", ingress=[sg_block(cidr_blocks=["10.0.0.0/16"], from_port=443, to_port=443, protocol="tcp")],
   egress=[ALL_OUT])
lb(p, "app", ["aws_subnet.public.id", "aws_subnet.public"], sgs=["aws_security_group.lb"])
target_group(p, "svc", 80, target_type="ip")
listener(p, "app", "aws_lb.app", "aws_lb_target_group.svc")
ecs_service(p, "svc", ["aws_security_group.svc"], tg="aws_lb_target_group.svc", container_port=8080)
sg(p, "internal_lb", ingress=[sg_block(cidr_blocks=["10.0.0.0/16"], from_port=80, to_port=80, protocol="tcp")])
sg(p, "web", ingress=[sg_block(from_port=80, to_port=80, protocol="tcp", security_groups=U)],
   ingress_refs=res_ref("aws_security_group.internal_lb"), egress=[ALL_OUT])
lb(p, "internal", ["aws_subnet.private"], sgs=["aws_security_group.internal_lb"])
target_group(p, "web", 80)
listener(p, "internal", "aws_lb.internal", "aws_lb_target_group.web")
instance(p, "web", ["aws_security_group.web"])
attachment(p, "web", "aws_lb_target_group.web", "aws_instance.web", port=80)
p.write(OUT + "bad.tfplan.json", [
    ("VPC206", "aws_lb.app", None),
    ("VPC206", "aws_lb.internal", None),
])

# ---- good: the service admits the load balancer's group on its container port; an NLB ----
# ---- without groups; an instance admitting the VPC's block ----
p = Plan(region="eu-west-1")
base(p)
sg(p, "lb", ingress=[sg_block(cidr_blocks=["0.0.0.0/0"], from_port=443, to_port=443, protocol="tcp")],
   egress=[ALL_OUT])
sg(p, "svc", egress=[ALL_OUT])
res(p, "aws_vpc_security_group_ingress_rule", "svc_from_lb", {
    "security_group_id": R(res_ref("aws_security_group.svc")), "ip_protocol": C("tcp"),
    "from_port": C(8080), "to_port": C(8080),
    "referenced_security_group_id": R(res_ref("aws_security_group.lb"))})
lb(p, "app", ["aws_subnet.public.id", "aws_subnet.public"], sgs=["aws_security_group.lb"])
target_group(p, "svc", 80, target_type="ip")
listener(p, "app", "aws_lb.app", "aws_lb_target_group.svc")
ecs_service(p, "svc", ["aws_security_group.svc"], tg="aws_lb_target_group.svc", container_port=8080)
sg(p, "closed", egress=[ALL_OUT])
lb(p, "net", ["aws_subnet.public.id", "aws_subnet.public"], lb_type="network")
target_group(p, "worker", 5000, protocol="TCP")
listener(p, "net", "aws_lb.net", "aws_lb_target_group.worker", port=5000)
instance(p, "worker", ["aws_security_group.closed"])
attachment(p, "worker", "aws_lb_target_group.worker", "aws_instance.worker")
sg(p, "web", ingress=[sg_block(cidr_blocks=["10.0.0.0/16"], from_port=80, to_port=80, protocol="tcp")],
   egress=[ALL_OUT])
target_group(p, "web", 80)
listener(p, "web", "aws_lb.app", "aws_lb_target_group.web", port=8000)
instance(p, "web", ["aws_security_group.web"])
attachment(p, "web", "aws_lb_target_group.web", "aws_instance.web")
p.write(OUT + "good.tfplan.json")
print("ok")
