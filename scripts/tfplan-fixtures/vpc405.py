from common import *

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../testdata/") + "rules/VPC405/"


# ---- bad: an internet gateway with vpc_id, and a second one attached separately ----
p = Plan(region="eu-west-1")
vpc(p)
igw(p)
res(p, "aws_internet_gateway", "extra", {"tags": tags("extra")})
res(p, "aws_internet_gateway_attachment", "extra", {"vpc_id": R(res_ref("aws_vpc.main")),
                                                    "internet_gateway_id": R(res_ref("aws_internet_gateway.extra"))})
p.write(OUT + "bad.tfplan.json", [("VPC405", "aws_internet_gateway_attachment.extra", None)])


# ---- good: one gateway per VPC, one of them attached separately ----
p = Plan(region="eu-west-1")
vpc(p)
vpc(p, name="other", cidr="10.1.0.0/16")
igw(p)
res(p, "aws_internet_gateway", "other", {"tags": tags("other")})
res(p, "aws_internet_gateway_attachment", "other", {"vpc_id": R(res_ref("aws_vpc.other")),
                                                    "internet_gateway_id": R(res_ref("aws_internet_gateway.other"))})
p.write(OUT + "good.tfplan.json")
print("ok")
