from workloads import *

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../testdata/") + "rules/VPC204/"


def eice(p, name, sgs=None, subnet="aws_subnet.private[0]", preserve=None):
    spec = {"subnet_id": R(res_ref(subnet))}
    if sgs is not None:
        refs = []
        for g in sgs:
            refs += res_ref(g)
        spec["security_group_ids"] = R(refs)
    if preserve is not None:
        spec["preserve_client_ip"] = C(preserve)
    return res(p, "aws_ec2_instance_connect_endpoint", name, spec)


# ---- bad: the endpoint's group has no egress blocks (Terraform: none at all), though the ----
# ---- host admits it ----
p = Plan(region="eu-west-1")
base(p)
sg(p, "eice")
sg(p, "host", ingress=[sg_block(from_port=22, to_port=22, protocol="tcp", security_groups=U)],
   ingress_refs=res_ref("aws_security_group.eice"), egress=[ALL_OUT])
instance(p, "host", ["aws_security_group.host"])
eice(p, "this", ["aws_security_group.eice"], preserve=False)
p.write(OUT + "bad.tfplan.json", [("VPC204", "aws_ec2_instance_connect_endpoint.this", None)])

# ---- good: egress to the VPC on 22, and the host admits the endpoint's group ----
p = Plan(region="eu-west-1")
base(p)
sg(p, "eice", egress=[sg_block(cidr_blocks=["10.0.0.0/16"], from_port=22, to_port=22, protocol="tcp")])
sg(p, "host", ingress=[sg_block(from_port=22, to_port=22, protocol="tcp", security_groups=U)],
   ingress_refs=res_ref("aws_security_group.eice"), egress=[ALL_OUT])
instance(p, "host", ["aws_security_group.host"])
eice(p, "this", ["aws_security_group.eice"])
p.write(OUT + "good.tfplan.json")
print("ok")
