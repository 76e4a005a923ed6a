from common import *

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../testdata/") + "rules/VPC308/"

POLICY = ('{"Statement":[{"Action":"s3:*","Condition":{"StringEquals":{"aws:ResourceOrgID":"o-exampleorgid"}},'
          '"Effect":"Allow","Principal":"*","Resource":"*"}]}')


def network(p):
    vpc(p)
    private_subnets(p)
    table(p, "private")
    https_sg(p)


# ---- bad: an S3 gateway endpoint and a KMS interface endpoint without a policy ----
p = Plan(region="eu-west-1")
network(p)
endpoint(p, "s3", {"service_name": C("com.amazonaws.eu-west-1.s3"),
                   "route_table_ids": R(res_ref("aws_route_table.private"))})
endpoint(p, "kms", iface("kms", private_dns=True))
p.write(OUT + "bad.tfplan.json", [("VPC308", "aws_vpc_endpoint.s3", None), ("VPC308", "aws_vpc_endpoint.kms", None)])


# ---- good: a policy written inline, one computed from a data source (unknown in the plan),
# one set by aws_vpc_endpoint_policy; an ssm endpoint (no documented endpoint policy) ----
p = Plan(region="eu-west-1")
network(p)
endpoint(p, "s3", {"service_name": C("com.amazonaws.eu-west-1.s3"),
                   "route_table_ids": R(res_ref("aws_route_table.private")),
                   "policy": C(POLICY)})
endpoint(p, "dynamodb", {"service_name": C("com.amazonaws.eu-west-1.dynamodb"),
                         "route_table_ids": R(res_ref("aws_route_table.private")),
                         "policy": R(["data.aws_iam_policy_document.dynamodb.json",
                                      "data.aws_iam_policy_document.dynamodb"])})
endpoint(p, "sqs", iface("sqs", private_dns=True))
res(p, "aws_vpc_endpoint_policy", "sqs", {"vpc_endpoint_id": R(res_ref("aws_vpc_endpoint.sqs")),
                                          "policy": C(POLICY.replace("s3:*", "sqs:*"))})
endpoint(p, "ssm", iface("ssm", private_dns=True))
p.write(OUT + "good.tfplan.json")
print("ok")
