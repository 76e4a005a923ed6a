import sys
import os; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from helpers import *

AZS = ["eu-west-1a", "eu-west-1b"]
ACCOUNT = "111122223333"


def vpc(p, name="main", cidr="10.0.0.0/16", hostnames=True, cfg=None, module=(), vpc_name=None):
    spec = {"cidr_block": C(cidr), "tags": tags(vpc_name or name)}
    if hostnames is not None:
        spec["enable_dns_hostnames"] = C(hostnames)
    return res(p, "aws_vpc", name, spec, cfg=cfg, module=module)[0]


def subnet(p, name, cidr, vpc_ref=None, keys=(None,), cfg=None, module=(), count=None, for_each=None,
           vary=None, az=None, public=False):
    spec = {"vpc_id": R(vpc_ref or res_ref("aws_vpc.main")), "cidr_block": C(cidr) if cidr else R(["each.value"])}
    if az:
        spec["availability_zone"] = C(az)
    if public:
        spec["map_public_ip_on_launch"] = C(True)
    return res(p, "aws_subnet", name, spec, keys=keys, cfg=cfg, module=module, count=count, for_each=for_each,
               vary=vary)


def table(p, name, vpc_ref=None, keys=(None,), cfg=None, module=(), count=None, for_each=None, route=None):
    spec = {"vpc_id": R(vpc_ref or res_ref("aws_vpc.main")), "tags": tags(name)}
    if route is not None:
        spec["route"] = route
    return res(p, "aws_route_table", name, spec, keys=keys, cfg=cfg, module=module, count=count, for_each=for_each)


def assoc(p, name, subnet_refs, table_refs, keys=(None,), cfg=None, module=(), count=None, for_each=None):
    return res(p, "aws_route_table_association", name,
               {"subnet_id": R(subnet_refs), "route_table_id": R(table_refs)},
               keys=keys, cfg=cfg, module=module, count=count, for_each=for_each)


def route(p, name, table_refs, target_key, target_refs=None, target_value=U, dest="0.0.0.0/0", keys=(None,),
          cfg=None, module=(), count=None, for_each=None):
    spec = {"route_table_id": R(table_refs), "destination_cidr_block": C(dest)}
    if target_refs is None:
        spec[target_key] = C(target_value)
    else:
        spec[target_key] = R(target_refs, target_value)
    return res(p, "aws_route", name, spec, keys=keys, cfg=cfg, module=module, count=count, for_each=for_each)


def igw(p, name="main", vpc_ref=None, cfg=None, module=()):
    return res(p, "aws_internet_gateway", name, {"vpc_id": R(vpc_ref or res_ref("aws_vpc.main")), "tags": tags(name)},
               cfg=cfg, module=module)


def eip(p, name, keys=(None,), cfg=None, module=(), count=None, for_each=None):
    return res(p, "aws_eip", name, {"domain": C("vpc")}, keys=keys, cfg=cfg, module=module, count=count,
               for_each=for_each)


def nat(p, name, subnet_refs, eip_refs, keys=(None,), cfg=None, module=(), count=None, for_each=None):
    return res(p, "aws_nat_gateway", name, {"subnet_id": R(subnet_refs), "allocation_id": R(eip_refs),
                                            "tags": tags(name)},
               keys=keys, cfg=cfg, module=module, count=count, for_each=for_each,
               depends_on=None)


def endpoint(p, name, spec, vpc_ref=None, cfg=None, module=(), keys=(None,), for_each=None):
    s = {"vpc_id": R(vpc_ref or res_ref("aws_vpc.main"))}
    s.update(spec)
    return res(p, "aws_vpc_endpoint", name, s, cfg=cfg, module=module, keys=keys, for_each=for_each)


def vpc_state(vpc_id, cidr, main_rtb, default_sg, hostnames=True, name="legacy"):
    return {
        "arn": f"arn:aws:ec2:eu-west-1:{ACCOUNT}:vpc/{vpc_id}", "assign_generated_ipv6_cidr_block": False,
        "cidr_block": cidr, "default_network_acl_id": "acl-0aa11bb22cc33dd44",
        "default_route_table_id": main_rtb, "default_security_group_id": default_sg,
        "dhcp_options_id": "dopt-0123abcd", "enable_dns_hostnames": hostnames, "enable_dns_support": True,
        "enable_network_address_usage_metrics": False, "id": vpc_id, "ipv6_association_id": "",
        "ipv6_cidr_block": "", "ipv6_cidr_block_network_border_group": "", "main_route_table_id": main_rtb,
        "owner_id": ACCOUNT, "tags": {"Name": name}}


def subnet_state(sid, vpc_id, cidr, az, name):
    return {"arn": f"arn:aws:ec2:eu-west-1:{ACCOUNT}:subnet/{sid}", "assign_ipv6_address_on_creation": False,
            "availability_zone": az, "availability_zone_id": "euw1-az1", "cidr_block": cidr,
            "enable_dns64": False, "enable_resource_name_dns_a_record_on_launch": False,
            "enable_resource_name_dns_aaaa_record_on_launch": False, "id": sid,
            "ipv6_cidr_block_association_id": "", "ipv6_native": False, "map_public_ip_on_launch": False,
            "owner_id": ACCOUNT, "private_dns_hostname_type_on_launch": "ip-name",
            "tags": {"Name": name}, "timeouts": None, "vpc_id": vpc_id}


def nat_state(nid, subnet_id, name):
    return {"allocation_id": "eipalloc-0a1b2c3d4e5f60718", "association_id": "eipassoc-0a1b2c3d4e5f60718",
            "connectivity_type": "public", "id": nid, "network_interface_id": "eni-0a1b2c3d4e5f60718",
            "private_ip": "10.1.0.12", "public_ip": "203.0.113.10", "secondary_allocation_ids": [],
            "secondary_private_ip_address_count": 0, "secondary_private_ip_addresses": [],
            "subnet_id": subnet_id, "tags": {"Name": name}, "timeouts": None}


def https_sg(p, name="endpoints", cidr_refs=("aws_vpc.main.cidr_block", "aws_vpc.main"), cidr="10.0.0.0/16",
             vpc_ref=None, cfg=None, module=(), port=443):
    """A security group with one inline ingress rule from the VPC's CIDR block."""
    return res(p, "aws_security_group", name, {
        "name": C(name), "description": C(f"{name} security group"),
        "vpc_id": R(vpc_ref or res_ref("aws_vpc.main")),
        "ingress": E(ref(*cidr_refs), [sg_block(cidr_blocks=[cidr], from_port=port, to_port=port, protocol="tcp",
                                                description="HTTPS from the VPC")]),
    }, cfg=cfg, module=module)


def private_subnets(p, vpc_ref=None):
    subnet(p, "private", None, keys=[0, 1], count=ref("var.azs"), vpc_ref=vpc_ref,
           vary=lambda k: {"cidr_block": f"10.0.{k}.0/24", "availability_zone": AZS[k]})
    p.root.resources[-1]["expressions"]["cidr_block"] = ref("aws_vpc.main.cidr_block", "aws_vpc.main", "count.index")


def iface(service, private_dns=None, sgs=("aws_security_group.endpoints",), region="eu-west-1", **extra):
    s = {"service_name": C(f"com.amazonaws.{region}.{service}"), "vpc_endpoint_type": C("Interface"),
         "subnet_ids": R(["aws_subnet.private"])}
    if sgs is not None:
        refs = []
        for g in sgs:
            refs += res_ref(g)
        s["security_group_ids"] = R(refs)
    if private_dns is not None:
        s["private_dns_enabled"] = C(private_dns) if isinstance(private_dns, bool) else private_dns
    s.update(extra)
    return s


def flow_log(p, name, key, refs, keys=(None,), cfg=None, module=(), count=None, for_each=None, value=U):
    return res(p, "aws_flow_log", name, {key: R(refs, value), "traffic_type": C("ALL"),
                                         "log_destination_type": C("s3"),
                                         "log_destination": C("arn:aws:s3:::example-flow-logs")},
               keys=keys, cfg=cfg, module=module, count=count, for_each=for_each)
