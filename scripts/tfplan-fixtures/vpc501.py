from common import *

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../testdata/") + "rules/VPC501/"


# ---- bad: no flow log; flow logs on one subnet of two; a flow log on a VPC the plan does not create ----
p = Plan(region="eu-west-1", variables={"existing_vpc_id": "vpc-0a1b2c3d4e5f60718"})
p.root.variable("existing_vpc_id", "", "a VPC that exists already")
vpc(p)
vpc(p, name="partial", cidr="10.1.0.0/16")
subnet(p, "partial", None, vpc_ref=res_ref("aws_vpc.partial"), keys=[0, 1], count=const(2),
       vary=lambda k: {"cidr_block": f"10.1.{k}.0/24"})
p.root.resources[-1]["expressions"]["cidr_block"] = ref("aws_vpc.partial.cidr_block", "aws_vpc.partial", "count.index")
flow_log(p, "partial", "subnet_id", res_ref("aws_subnet.partial[0]"))
vpc(p, name="elsewhere", cidr="10.2.0.0/16")
flow_log(p, "existing", "vpc_id", ["var.existing_vpc_id"], value="vpc-0a1b2c3d4e5f60718")
p.write(OUT + "bad.tfplan.json", [("VPC501", "aws_vpc.main", None), ("VPC501", "aws_vpc.partial", None),
                                  ("VPC501", "aws_vpc.elsewhere", None)])


# ---- good: a flow log on the VPC; one on each subnet (for_each); a module's VPC and flow log ----
p = Plan(region="eu-west-1", module_providers=["module.network"])
vpc(p)
flow_log(p, "main", "vpc_id", res_ref("aws_vpc.main"))
vpc(p, name="subnets", cidr="10.1.0.0/16")
subnet(p, "logged", None, vpc_ref=res_ref("aws_vpc.subnets"), keys=["a", "b"], for_each=ref("local.subnets"),
       vary=lambda k: {"cidr_block": {"a": "10.1.0.0/24", "b": "10.1.1.0/24"}[k]})
flow_log(p, "subnet", "subnet_id", ["aws_subnet.logged", "each.key"], keys=["a", "b"], for_each=ref("aws_subnet.logged"))
net = Module()
M = [("network", None)]
vpc(p, name="this", cidr="10.2.0.0/16", cfg=net, module=M)
flow_log(p, "this", "vpc_id", res_ref("aws_vpc.this"), cfg=net, module=M)
p.root.call("network", "./modules/network", {}, net)
p.write(OUT + "good.tfplan.json")


# ---- good-unknown: a flow log on a VPC id known only after apply, from outside the model ----
p = Plan(region="eu-west-1")
vpc(p)
vpc(p, name="second", cidr="10.1.0.0/16")
res(p, "aws_cloudformation_stack", "lookup", {"name": C("vpc-lookup"),
                                              "template_url": C("https://example.com/lookup.yaml")})
flow_log(p, "lookup", "vpc_id", ['aws_cloudformation_stack.lookup.outputs["VpcId"]',
                                 "aws_cloudformation_stack.lookup.outputs", "aws_cloudformation_stack.lookup"])
p.write(OUT + "good-unknown.tfplan.json")

print("ok")
