from common import *

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../testdata/") + "rules/VPC108/"


def peered(p):
    vpc(p, name="blue")
    vpc(p, name="green", cidr="10.1.0.0/16")
    res(p, "aws_vpc_peering_connection", "blue_green", {"vpc_id": R(res_ref("aws_vpc.blue")),
                                                        "peer_vpc_id": R(res_ref("aws_vpc.green")),
                                                        "auto_accept": C(True)})
    subnet(p, "blue_app", "10.0.1.0/24", vpc_ref=res_ref("aws_vpc.blue"), az=AZS[0])
    table(p, "blue", vpc_ref=res_ref("aws_vpc.blue"))
    assoc(p, "blue_app", res_ref("aws_subnet.blue_app"), res_ref("aws_route_table.blue"))
    route(p, "blue_to_green", res_ref("aws_route_table.blue"), "vpc_peering_connection_id",
          res_ref("aws_vpc_peering_connection.blue_green"), dest="10.1.0.0/16")
    subnet(p, "green_db", None, keys=[0, 1], count=ref("var.azs"), vpc_ref=res_ref("aws_vpc.green"),
           vary=lambda k: {"cidr_block": f"10.1.{k}.0/24", "availability_zone": AZS[k]})
    table(p, "green", vpc_ref=res_ref("aws_vpc.green"), keys=[0, 1], count=ref("var.azs"))
    assoc(p, "green_db", ["aws_subnet.green_db", "count.index"], ["aws_route_table.green", "count.index"],
          keys=[0, 1], count=ref("var.azs"))


# ---- bad: the return route is on zone 0's green table only ----
p = Plan(region="eu-west-1", variables={"azs": AZS})
p.root.variable("azs", AZS)
peered(p)
route(p, "green_to_blue", res_ref("aws_route_table.green[0]"), "vpc_peering_connection_id",
      res_ref("aws_vpc_peering_connection.blue_green"), dest="10.0.0.0/16")
p.write(OUT + "bad.tfplan.json", [("VPC108", "aws_route_table.green[1]", None)])


# ---- good: both green tables route back ----
p = Plan(region="eu-west-1", variables={"azs": AZS})
p.root.variable("azs", AZS)
peered(p)
route(p, "green_to_blue", ["aws_route_table.green", "count.index"], "vpc_peering_connection_id",
      res_ref("aws_vpc_peering_connection.blue_green"), dest="10.0.0.0/16", keys=[0, 1], count=ref("var.azs"))
p.write(OUT + "good.tfplan.json")
print("ok")
