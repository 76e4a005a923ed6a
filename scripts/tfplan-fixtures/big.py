import sys
import os; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import *
N = int(sys.argv[1])
p = Plan(region="eu-west-1")
vpc(p, cidr="10.0.0.0/8")
keys = list(range(N))
subnet(p, "private", None, keys=keys, count=const(N),
       vary=lambda k: {"cidr_block": f"10.{k // 256}.{k % 256}.0/24"})
p.root.resources[-1]["expressions"]["cidr_block"] = ref("aws_vpc.main.cidr_block", "aws_vpc.main", "count.index")
table(p, "private", keys=keys, count=const(N))
eip(p, "nat", keys=keys, count=const(N))
nat(p, "nat", ["aws_subnet.private", "count.index"], ["aws_eip.nat", "count.index"], keys=keys, count=const(N))
route(p, "private_default", ["aws_route_table.private", "count.index"], "nat_gateway_id",
      ["aws_nat_gateway.nat", "count.index"], keys=keys, count=const(N))
assoc(p, "private", ["aws_subnet.private", "count.index"], ["aws_route_table.private", "count.index"],
      keys=keys, count=const(N))
import json
open(sys.argv[2], "w").write(json.dumps(p.to_json()))
