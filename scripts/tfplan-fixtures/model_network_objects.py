from common import *

# ---- testdata/model/network-objects.tfplan.json: the model view's network objects, as in
# testdata/model/network-objects.yaml: an internet gateway attached by `vpc_id` and one by an
# attachment, an edge route table with its gateway association, a public NAT gateway with
# its Elastic IP and a private one, an egress-only internet gateway, a peering connection and
# flow logs ----
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../testdata/model/")
p = Plan(region="eu-west-1")
vpc(p)
vpc(p, name="peer", cidr="10.1.0.0/16")
subnet(p, "public", "10.0.0.0/24", az=AZS[0])
subnet(p, "private", "10.0.1.0/24", az=AZS[0])
subnet(p, "peer", "10.1.0.0/24", vpc_ref=res_ref("aws_vpc.peer"), az=AZS[0])
igw(p)
res(p, "aws_internet_gateway", "peer", {"tags": tags("peer")})
res(p, "aws_internet_gateway_attachment", "peer", {"vpc_id": R(res_ref("aws_vpc.peer")),
                                                   "internet_gateway_id": R(res_ref("aws_internet_gateway.peer"))})
table(p, "edge")
res(p, "aws_route_table_association", "edge", {"route_table_id": R(res_ref("aws_route_table.edge")),
                                               "gateway_id": R(res_ref("aws_internet_gateway.main"))})
table(p, "public")
route(p, "public_default", res_ref("aws_route_table.public"), "gateway_id", res_ref("aws_internet_gateway.main"))
assoc(p, "public", res_ref("aws_subnet.public"), res_ref("aws_route_table.public"))
eip(p, "nat")
nat(p, "main", res_ref("aws_subnet.public"), res_ref("aws_eip.nat"))
res(p, "aws_nat_gateway", "transit", {"subnet_id": R(res_ref("aws_subnet.private")),
                                      "connectivity_type": C("private")})
res(p, "aws_egress_only_internet_gateway", "main", {"vpc_id": R(res_ref("aws_vpc.main")), "tags": tags("main")})
res(p, "aws_vpc_peering_connection", "main_peer", {"vpc_id": R(res_ref("aws_vpc.main")),
                                                   "peer_vpc_id": R(res_ref("aws_vpc.peer")),
                                                   "auto_accept": C(True)})
table(p, "private")
route(p, "private_default", res_ref("aws_route_table.private"), "nat_gateway_id", res_ref("aws_nat_gateway.main"))
res(p, "aws_route", "private_ipv6", {"route_table_id": R(res_ref("aws_route_table.private")),
                                     "destination_ipv6_cidr_block": C("::/0"),
                                     "egress_only_gateway_id": R(res_ref("aws_egress_only_internet_gateway.main"))})
route(p, "private_to_peer", res_ref("aws_route_table.private"), "vpc_peering_connection_id",
      res_ref("aws_vpc_peering_connection.main_peer"), dest="10.1.0.0/16")
assoc(p, "private", res_ref("aws_subnet.private"), res_ref("aws_route_table.private"))
table(p, "peer", vpc_ref=res_ref("aws_vpc.peer"))
route(p, "peer_return", res_ref("aws_route_table.peer"), "vpc_peering_connection_id",
      res_ref("aws_vpc_peering_connection.main_peer"), dest="10.0.0.0/16")
assoc(p, "peer", res_ref("aws_subnet.peer"), res_ref("aws_route_table.peer"))
flow_log(p, "vpc", "vpc_id", res_ref("aws_vpc.main"))
flow_log(p, "peer_subnet", "subnet_id", res_ref("aws_subnet.peer"))
p.write(OUT + "network-objects.tfplan.json")
print("ok")
