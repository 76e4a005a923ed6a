from common import *

# ---- testdata/load/terraform/flow-logs.tfplan.json: a flow log on each kind of resource ----
LOAD = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../testdata/load/terraform/")
p = Plan(region="eu-west-1", variables={"existing_vpc_id": "vpc-0a1b2c3d4e5f60718"})
p.root.variable("existing_vpc_id", "", "a VPC that exists already")
vpc(p)
subnet(p, "app", None, keys=["a", "b"], for_each=ref("local.subnets"),
       vary=lambda k: {"cidr_block": {"a": "10.0.0.0/24", "b": "10.0.1.0/24"}[k]})
res(p, "aws_network_interface", "probe", {"subnet_id": R(["aws_subnet.app[\"a\"].id", "aws_subnet.app[\"a\"]",
                                                          "aws_subnet.app"])})
res(p, "aws_ec2_transit_gateway", "hub", {"tags": tags("hub")})
res(p, "aws_ec2_transit_gateway_vpc_attachment", "hub", {
    "subnet_ids": R(["aws_subnet.app"]), "transit_gateway_id": R(res_ref("aws_ec2_transit_gateway.hub")),
    "vpc_id": R(res_ref("aws_vpc.main"))})
res(p, "aws_cloudformation_stack", "lookup", {"name": C("vpc-lookup"),
                                              "template_url": C("https://example.com/lookup.yaml")})
flow_log(p, "vpc", "vpc_id", res_ref("aws_vpc.main"))
flow_log(p, "subnet", "subnet_id", ["aws_subnet.app", "each.key"], keys=["a", "b"], for_each=ref("aws_subnet.app"))
flow_log(p, "eni", "eni_id", res_ref("aws_network_interface.probe"))
flow_log(p, "hub", "transit_gateway_id", res_ref("aws_ec2_transit_gateway.hub"))
flow_log(p, "attachment", "transit_gateway_attachment_id", res_ref("aws_ec2_transit_gateway_vpc_attachment.hub"))
flow_log(p, "existing", "vpc_id", ["var.existing_vpc_id"], value="vpc-0a1b2c3d4e5f60718")
flow_log(p, "lookup", "vpc_id", ['aws_cloudformation_stack.lookup.outputs["VpcId"]',
                                 "aws_cloudformation_stack.lookup.outputs", "aws_cloudformation_stack.lookup"])
p.write(LOAD + "flow-logs.tfplan.json")
print("ok")
