from common import *

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../testdata/") + "rules/VPC305/"


def public_side(p):
    """Public subnets, IGW, public table, EIPs and NAT gateways (count = 2)."""
    subnet(p, "public", None, keys=[0, 1], count=ref("var.azs"), public=True,
           vary=lambda k: {"cidr_block": f"10.0.{100 + k}.0/24", "availability_zone": AZS[k]})
    p.root.resources[-1]["expressions"]["cidr_block"] = ref("aws_vpc.main.cidr_block", "aws_vpc.main", "count.index")
    igw(p)
    table(p, "public")
    route(p, "public_default", res_ref("aws_route_table.public"), "gateway_id", res_ref("aws_internet_gateway.main"))
    assoc(p, "public", ["aws_subnet.public", "count.index"], res_ref("aws_route_table.public"), keys=[0, 1],
          count=ref("aws_subnet.public"))
    eip(p, "nat", keys=[0, 1], count=ref("var.azs"))
    nat(p, "nat", ["aws_subnet.public", "count.index"], ["aws_eip.nat", "count.index"], keys=[0, 1],
        count=ref("var.azs"))


def private_side(p):
    private_subnets(p)
    table(p, "private", keys=[0, 1], count=ref("var.azs"))
    route(p, "private_default", ["aws_route_table.private", "count.index"], "nat_gateway_id",
          ["aws_nat_gateway.nat", "count.index"], keys=[0, 1], count=ref("var.azs"))
    assoc(p, "private", ["aws_subnet.private", "count.index"], ["aws_route_table.private", "count.index"],
          keys=[0, 1], count=ref("var.azs"))


def dynamodb_table(p, name, hash_key):
    res(p, "aws_dynamodb_table", name, {
        "name": C(name), "billing_mode": C("PAY_PER_REQUEST"), "hash_key": C(hash_key),
        "attribute": C([{"name": hash_key, "type": "S"}]),
    })


def network(p):
    p.root.variable("azs", AZS)
    p.root.variable("region", "eu-west-1")
    vpc(p)
    public_side(p)
    private_side(p)


# ---- bad: a DynamoDB table; its gateway endpoint is on private[0]'s table only ----
p = Plan(region_ref=["var.region"], variables={"azs": AZS, "region": "eu-west-1"})
dynamodb_table(p, "orders", "id")
network(p)
endpoint(p, "dynamodb", {"service_name": R(["var.region"], "com.amazonaws.eu-west-1.dynamodb"),
                         "route_table_ids": R(res_ref("aws_route_table.private[0]"))})
p.write(OUT + "bad.tfplan.json", [("VPC305", "aws_subnet.private[1]", None)])


# ---- good: the same network with the endpoint on every private table (splat) ----
p = Plan(region_ref=["var.region"], variables={"azs": AZS, "region": "eu-west-1"})
dynamodb_table(p, "orders", "id")
network(p)
endpoint(p, "dynamodb", {"service_name": R(["var.region"], "com.amazonaws.eu-west-1.dynamodb"),
                         "vpc_endpoint_type": C("Gateway"),
                         "route_table_ids": R(["aws_route_table.private"])})
p.write(OUT + "good.tfplan.json")


# ---- good-lock-table: the only table is Terraform's state lock table (hash key LockID) ----
p = Plan(region_ref=["var.region"], variables={"azs": AZS, "region": "eu-west-1"})
dynamodb_table(p, "terraform-locks", "LockID")
network(p)
p.write(OUT + "good-lock-table.tfplan.json")


# ---- good-interface: a DynamoDB interface endpoint in the VPC: clients may use it ----
p = Plan(region_ref=["var.region"], variables={"azs": AZS, "region": "eu-west-1"})
dynamodb_table(p, "orders", "id")
network(p)
https_sg(p)
endpoint(p, "dynamodb", iface("dynamodb"))
p.write(OUT + "good-interface.tfplan.json")
print("ok")
