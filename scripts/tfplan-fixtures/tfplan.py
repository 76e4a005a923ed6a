"""Builds `terraform show -json` plan documents with the shapes Terraform 1.5 and the AWS
provider v5 produce: key order of Terraform's Go structs, sorted attribute maps, unknown
values omitted from `after` and marked in `after_unknown`, configuration references
unwrapped at every traversal depth.
"""
import json
import re

TF_VERSION = "1.5.7"
PROVIDER = "registry.terraform.io/hashicorp/aws"

# Per resource type: null when unset, default when unset, Optional+Computed (unknown on
# create when unset), computed-only (unknown on create), schema version.
SCHEMAS = {
    "aws_vpc": dict(
        null=["assign_generated_ipv6_cidr_block", "ipv4_ipam_pool_id", "ipv4_netmask_length",
              "ipv6_ipam_pool_id", "ipv6_netmask_length", "tags"],
        default={"enable_dns_support": True, "instance_tenancy": "default"},
        opt_computed=["cidr_block", "enable_dns_hostnames", "enable_network_address_usage_metrics",
                      "ipv6_cidr_block", "ipv6_cidr_block_network_border_group"],
        computed=["arn", "default_network_acl_id", "default_route_table_id", "default_security_group_id",
                  "dhcp_options_id", "id", "ipv6_association_id", "main_route_table_id", "owner_id"],
        schema_version=1),
    "aws_subnet": dict(
        null=["customer_owned_ipv4_pool", "enable_lni_at_device_index", "ipv6_cidr_block",
              "map_customer_owned_ip_on_launch", "outpost_arn", "tags", "timeouts"],
        default={"assign_ipv6_address_on_creation": False, "enable_dns64": False,
                 "enable_resource_name_dns_a_record_on_launch": False,
                 "enable_resource_name_dns_aaaa_record_on_launch": False, "ipv6_native": False,
                 "map_public_ip_on_launch": False},
        opt_computed=["availability_zone", "availability_zone_id", "private_dns_hostname_type_on_launch"],
        required=["vpc_id", "cidr_block"],
        computed=["arn", "id", "ipv6_cidr_block_association_id", "owner_id"],
        schema_version=1),
    "aws_internet_gateway": dict(
        null=["tags", "timeouts", "vpc_id"], default={}, opt_computed=[],
        computed=["arn", "id", "owner_id"], schema_version=0),
    "aws_internet_gateway_attachment": dict(
        null=["timeouts"], default={}, opt_computed=[], required=["internet_gateway_id", "vpc_id"],
        computed=["id", "owner_id"], schema_version=0, no_tags=True),
    "aws_vpc_ipv4_cidr_block_association": dict(
        null=["ipv4_ipam_pool_id", "ipv4_netmask_length", "timeouts"], default={}, opt_computed=["cidr_block"],
        required=["vpc_id"], computed=["id"], schema_version=0, no_tags=True),
    "aws_dynamodb_table": dict(
        null=["global_secondary_index", "import_table", "local_secondary_index", "range_key", "replica",
              "restore_date_time", "restore_source_name", "restore_source_table_arn", "restore_to_latest_time",
              "stream_enabled", "table_class", "tags", "timeouts"],
        default={"billing_mode": "PROVISIONED", "deletion_protection_enabled": None},
        opt_computed=["point_in_time_recovery", "read_capacity", "server_side_encryption", "stream_view_type",
                      "ttl", "write_capacity"],
        computed=["arn", "id", "stream_arn", "stream_label"],
        schema_version=1),
    "aws_eip": dict(
        null=["address", "associate_with_private_ip", "customer_owned_ipv4_pool", "tags", "timeouts"],
        default={"domain": "vpc"},
        opt_computed=["instance", "network_border_group", "network_interface", "public_ipv4_pool"],
        computed=["allocation_id", "arn", "association_id", "carrier_ip", "customer_owned_ip", "id",
                  "ipam_pool_id", "private_dns", "private_ip", "ptr_record", "public_dns", "public_ip",
                  "vpc"],
        schema_version=0),
    "aws_nat_gateway": dict(
        null=["tags", "timeouts"], default={"connectivity_type": "public"},
        opt_computed=["allocation_id", "private_ip", "secondary_allocation_ids",
                      "secondary_private_ip_address_count", "secondary_private_ip_addresses"],
        required=["subnet_id"],
        computed=["association_id", "id", "network_interface_id", "public_ip"], schema_version=0),
    "aws_route_table": dict(
        null=["tags", "timeouts"], default={}, opt_computed=["propagating_vgws", "route"],
        required=["vpc_id"], computed=["arn", "id", "owner_id"], schema_version=0),
    "aws_default_route_table": dict(
        null=["tags", "timeouts"], default={}, opt_computed=["propagating_vgws", "route"],
        required=["default_route_table_id"], computed=["arn", "id", "owner_id", "vpc_id"],
        schema_version=0),
    "aws_route": dict(
        null=["carrier_gateway_id", "core_network_arn", "destination_cidr_block",
              "destination_ipv6_cidr_block", "destination_prefix_list_id", "egress_only_gateway_id",
              "gateway_id", "local_gateway_id", "nat_gateway_id", "timeouts", "transit_gateway_id",
              "vpc_endpoint_id", "vpc_peering_connection_id"],
        default={}, opt_computed=["instance_id", "network_interface_id"], required=["route_table_id"],
        computed=["id", "instance_owner_id", "origin", "state"], schema_version=0, no_tags=True),
    "aws_route_table_association": dict(
        null=["gateway_id", "subnet_id", "timeouts"], default={}, opt_computed=[],
        required=["route_table_id"], computed=["id"], schema_version=0, no_tags=True),
    "aws_vpc_peering_connection": dict(
        null=["tags", "timeouts"], default={}, opt_computed=["accepter", "auto_accept", "peer_owner_id",
                                                              "peer_region", "requester"],
        required=["peer_vpc_id", "vpc_id"], computed=["accept_status", "id"], schema_version=0),
    "aws_main_route_table_association": dict(
        null=["timeouts"], default={}, opt_computed=[], required=["route_table_id", "vpc_id"],
        computed=["id", "original_route_table_id"], schema_version=0, no_tags=True),
    "aws_vpc_endpoint": dict(
        null=["auto_accept", "tags", "timeouts"], default={"vpc_endpoint_type": "Gateway"},
        opt_computed=["dns_options", "ip_address_type", "policy", "private_dns_enabled",
                      "route_table_ids", "security_group_ids", "subnet_ids"],
        required=["service_name", "vpc_id"],
        computed=["arn", "cidr_blocks", "dns_entry", "id", "network_interface_ids", "owner_id",
                  "prefix_list_id", "requester_managed", "state"], schema_version=0),
    "aws_vpc_endpoint_policy": dict(
        null=["timeouts"], default={}, opt_computed=["policy"], required=["vpc_endpoint_id"],
        computed=["id"], schema_version=0, no_tags=True),
    "aws_vpc_endpoint_route_table_association": dict(
        null=[], default={}, opt_computed=[], required=["route_table_id", "vpc_endpoint_id"],
        computed=["id"], schema_version=0, no_tags=True),
    "aws_security_group": dict(
        null=["tags", "timeouts"], default={"description": "Managed by Terraform", "revoke_rules_on_delete": False},
        opt_computed=["egress", "ingress", "name", "name_prefix", "vpc_id"],
        computed=["arn", "id", "owner_id"], schema_version=1),
    "aws_default_security_group": dict(
        null=["tags"], default={"revoke_rules_on_delete": False},
        opt_computed=["egress", "ingress", "vpc_id"],
        computed=["arn", "description", "id", "name", "name_prefix", "owner_id"], schema_version=1),
    "aws_security_group_rule": dict(
        null=["cidr_blocks", "description", "ipv6_cidr_blocks", "prefix_list_ids", "timeouts"],
        default={"self": False}, opt_computed=["source_security_group_id"],
        required=["from_port", "protocol", "security_group_id", "to_port", "type"],
        computed=["id", "security_group_rule_id"], schema_version=2, no_tags=True),
    "aws_vpc_security_group_ingress_rule": dict(
        null=["cidr_ipv4", "cidr_ipv6", "description", "from_port", "prefix_list_id",
              "referenced_security_group_id", "tags", "to_port"],
        default={}, opt_computed=[], required=["ip_protocol", "security_group_id"],
        computed=["arn", "id", "security_group_rule_id", "tags_all"], schema_version=0, no_tags=True),
    "aws_ec2_transit_gateway_vpc_attachment": dict(
        null=["tags"],
        default={"appliance_mode_support": "disable", "dns_support": "enable", "ipv6_support": "disable",
                 "transit_gateway_default_route_table_association": True,
                 "transit_gateway_default_route_table_propagation": True},
        opt_computed=[], required=["subnet_ids", "transit_gateway_id", "vpc_id"],
        computed=["id", "vpc_owner_id"], schema_version=0),
    "aws_networkfirewall_firewall": dict(
        null=["delete_protection", "description", "firewall_policy_change_protection",
              "subnet_change_protection", "tags", "timeouts"],
        default={"encryption_configuration": []}, opt_computed=[],
        required=["firewall_policy_arn", "name", "subnet_mapping", "vpc_id"],
        computed=["arn", "firewall_status", "id", "update_token"], schema_version=0),
    "aws_networkmanager_vpc_attachment": dict(
        null=["tags", "timeouts"], default={}, opt_computed=["options"],
        required=["core_network_id", "subnet_arns", "vpc_arn"],
        computed=["arn", "attachment_policy_rule_number", "attachment_type", "core_network_arn", "edge_location",
                  "id", "owner_account_id", "resource_arn", "segment_name", "state"], schema_version=0),
    "aws_vpc_security_group_egress_rule": dict(
        null=["cidr_ipv4", "cidr_ipv6", "description", "from_port", "prefix_list_id",
              "referenced_security_group_id", "tags", "to_port"],
        default={}, opt_computed=[], required=["ip_protocol", "security_group_id"],
        computed=["arn", "id", "security_group_rule_id", "tags_all"], schema_version=0, no_tags=True),
    "aws_network_acl": dict(
        null=["tags"], default={}, opt_computed=["egress", "ingress", "subnet_ids"],
        required=["vpc_id"], computed=["arn", "id", "owner_id"], schema_version=0),
    "aws_network_acl_rule": dict(
        null=["cidr_block", "from_port", "icmp_code", "icmp_type", "ipv6_cidr_block", "to_port"],
        default={"egress": False}, opt_computed=[],
        required=["network_acl_id", "protocol", "rule_action", "rule_number"],
        computed=["id"], schema_version=0, no_tags=True),
    "aws_network_acl_association": dict(
        null=[], default={}, opt_computed=[], required=["network_acl_id", "subnet_id"],
        computed=["id"], schema_version=0, no_tags=True),
    "aws_instance": dict(
        null=["credit_specification", "get_password_data", "hibernation", "launch_template", "tags",
              "timeouts", "user_data_replace_on_change", "volume_tags"],
        default={"get_password_data": False, "source_dest_check": True},
        opt_computed=["associate_public_ip_address", "availability_zone", "instance_type", "key_name",
                      "network_interface", "private_ip", "security_groups", "subnet_id", "vpc_security_group_ids"],
        required=["ami"],
        computed=["arn", "id", "instance_state", "outpost_arn", "primary_network_interface_id", "private_dns",
                  "public_dns", "public_ip"], schema_version=1),
    "aws_launch_template": dict(
        null=["description", "image_id", "instance_type", "key_name", "tags", "user_data"],
        default={"network_interfaces": [], "vpc_security_group_ids": None, "security_group_names": None},
        opt_computed=["name", "name_prefix"],
        computed=["arn", "default_version", "id", "latest_version"], schema_version=0),
    "aws_autoscaling_group": dict(
        null=["launch_configuration", "mixed_instances_policy", "tags", "timeouts"],
        default={"force_delete": False, "launch_template": [], "target_group_arns": None,
                 "wait_for_capacity_timeout": "10m"},
        opt_computed=["availability_zones", "desired_capacity", "health_check_type", "name", "name_prefix",
                      "vpc_zone_identifier"],
        required=["max_size", "min_size"], computed=["arn", "id"], schema_version=0, no_tags=True),
    "aws_lambda_function": dict(
        null=["description", "handler", "runtime", "tags", "timeouts"],
        default={"memory_size": 128, "publish": False, "timeout": 3, "vpc_config": []},
        opt_computed=["filename", "source_code_hash"], required=["function_name", "role"],
        computed=["arn", "id", "invoke_arn", "last_modified", "qualified_arn", "version"], schema_version=0),
    "aws_ecs_service": dict(
        null=["health_check_grace_period_seconds", "tags", "timeouts"],
        default={"enable_ecs_managed_tags": False, "enable_execute_command": False, "load_balancer": [],
                 "network_configuration": [], "scheduling_strategy": "REPLICA", "wait_for_steady_state": False},
        opt_computed=["cluster", "deployment_maximum_percent", "deployment_minimum_healthy_percent",
                      "desired_count", "iam_role", "launch_type", "platform_version"],
        required=["name", "task_definition"], computed=["id", "triggers"], schema_version=1),
    "aws_lb": dict(
        null=["customer_owned_ipv4_pool", "name_prefix", "tags", "timeouts"],
        default={"enable_deletion_protection": False, "idle_timeout": 60, "load_balancer_type": "application"},
        opt_computed=["internal", "ip_address_type", "name", "security_groups", "subnet_mapping", "subnets"],
        computed=["arn", "arn_suffix", "dns_name", "id", "vpc_id", "zone_id"], schema_version=0),
    "aws_lb_target_group": dict(
        null=["name_prefix", "tags"],
        default={"deregistration_delay": "300", "slow_start": 0, "target_type": "instance"},
        opt_computed=["health_check", "name", "protocol_version", "stickiness"],
        computed=["arn", "arn_suffix", "id", "load_balancer_arns"], schema_version=0),
    "aws_lb_listener": dict(
        null=["alpn_policy", "certificate_arn", "tags", "timeouts"], default={},
        opt_computed=["port", "protocol", "ssl_policy"], required=["load_balancer_arn"],
        computed=["arn", "id"], schema_version=0),
    "aws_lb_listener_rule": dict(
        null=["tags"], default={}, opt_computed=["priority"], required=["listener_arn"],
        computed=["arn", "id"], schema_version=0),
    "aws_lb_target_group_attachment": dict(
        null=["availability_zone", "port"], default={}, opt_computed=[],
        required=["target_group_arn", "target_id"], computed=["id"], schema_version=0, no_tags=True),
    "aws_flow_log": dict(
        null=["deliver_cross_account_role", "eni_id", "iam_role_arn", "subnet_id", "tags", "traffic_type",
              "transit_gateway_attachment_id", "transit_gateway_id", "vpc_id"],
        default={"destination_options": [], "log_destination_type": "cloud-watch-logs",
                 "max_aggregation_interval": 600},
        opt_computed=["log_destination", "log_format"], computed=["arn", "id"], schema_version=1),
    "aws_egress_only_internet_gateway": dict(
        null=["tags"], default={}, opt_computed=[], required=["vpc_id"], computed=["id"], schema_version=0),
    "aws_network_interface": dict(
        null=["description", "interface_type", "tags"], default={"source_dest_check": True},
        opt_computed=["attachment", "ipv4_prefix_count", "ipv4_prefixes", "ipv6_address_count",
                      "ipv6_address_list", "ipv6_address_list_enabled", "ipv6_addresses", "ipv6_prefix_count",
                      "ipv6_prefixes", "private_ip", "private_ip_list", "private_ip_list_enabled", "private_ips",
                      "private_ips_count", "security_groups"],
        required=["subnet_id"],
        computed=["arn", "id", "mac_address", "outpost_arn", "owner_id", "private_dns_name"], schema_version=0),
    "aws_ec2_transit_gateway": dict(
        null=["description", "tags", "timeouts", "transit_gateway_cidr_blocks"],
        default={"amazon_side_asn": 64512, "auto_accept_shared_attachments": "disable",
                 "default_route_table_association": "enable", "default_route_table_propagation": "enable",
                 "dns_support": "enable", "multicast_support": "disable",
                 "security_group_referencing_support": "disable", "vpn_ecmp_support": "enable"},
        opt_computed=[],
        computed=["arn", "association_default_route_table_id", "id", "owner_id",
                  "propagation_default_route_table_id"], schema_version=0),
    "aws_cloudformation_stack": dict(
        null=["capabilities", "iam_role_arn", "notification_arns", "on_failure", "policy_url", "tags",
              "template_url", "timeout_in_minutes", "timeouts"],
        default={"disable_rollback": False}, opt_computed=["parameters", "policy_body", "template_body"],
        required=["name"], computed=["id", "outputs"], schema_version=0),
    "aws_ec2_instance_connect_endpoint": dict(
        null=["tags", "timeouts"], default={"preserve_client_ip": True}, opt_computed=["security_group_ids"],
        required=["subnet_id"],
        computed=["arn", "availability_zone", "dns_name", "fips_dns_name", "id", "network_interface_ids",
                  "owner_id", "vpc_id"], schema_version=0),
}

# Empty values of inline blocks, as the SDKv2 provider fills them.
ROUTE_BLOCK = {
    "carrier_gateway_id": "", "cidr_block": "", "core_network_arn": "", "destination_prefix_list_id": "",
    "egress_only_gateway_id": "", "gateway_id": "", "ipv6_cidr_block": "", "local_gateway_id": "",
    "nat_gateway_id": "", "network_interface_id": "", "transit_gateway_id": "", "vpc_endpoint_id": "",
    "vpc_peering_connection_id": "",
}
SG_BLOCK = {
    "cidr_blocks": [], "description": "", "from_port": 0, "ipv6_cidr_blocks": [], "prefix_list_ids": [],
    "protocol": "", "security_groups": [], "self": False, "to_port": 0,
}


class Unknown:
    """A value known only after apply."""

    def __repr__(self):
        return "Unknown"


U = Unknown()


def ref(*refs):
    return {"references": list(refs)}


def const(v):
    return {"constant_value": v}


def res_ref(addr, attr="id"):
    """References Terraform lists for `addr.attr` (`aws_vpc.main.id`, `aws_subnet.a[0].id`)."""
    out = [f"{addr}.{attr}", addr] if attr else [addr]
    m = re.match(r'^(.*)\[[^\]]+\]$', addr)
    if m:
        out.append(m.group(1))
    return out


def mod_ref(module, output, index=None):
    if index is None:
        return [f"module.{module}.{output}", f"module.{module}"]
    return [f"module.{module}.{output}{index}", f"module.{module}.{output}", f"module.{module}"]


def route_block(**kw):
    b = dict(ROUTE_BLOCK)
    b.update(kw)
    return b


def sg_block(**kw):
    b = dict(SG_BLOCK)
    b.update(kw)
    return b


def sorted_map(d):
    return {k: d[k] for k in sorted(d)}


def strip_unknown(v):
    """`after`: unknown object attributes are omitted, unknown list elements become null."""
    if isinstance(v, Unknown):
        return None
    if isinstance(v, dict):
        return sorted_map({k: strip_unknown(x) for k, x in v.items() if not isinstance(x, Unknown)})
    if isinstance(v, list):
        return [None if isinstance(x, Unknown) else strip_unknown(x) for x in v]
    return v


def unknown_of(v, top=True):
    """`after_unknown`: true for unknown leaves; known object leaves omitted; lists kept."""
    if isinstance(v, Unknown):
        return True
    if isinstance(v, dict):
        out = {}
        for k, x in v.items():
            u = unknown_of(x, False)
            if u is not False:
                out[k] = u
        return sorted_map(out)
    if isinstance(v, list):
        return [unknown_of(x, False) for x in v]
    return False


def sensitive_of(v):
    """`after_sensitive` for a value without sensitive parts: containers kept empty."""
    if isinstance(v, dict):
        out = {}
        for k, x in v.items():
            s = sensitive_of(x)
            if s is not False:
                out[k] = s
        return sorted_map(out)
    if isinstance(v, list):
        return [sensitive_of(x) for x in v]
    return False


LIST_ATTRS = {"route", "propagating_vgws", "ingress", "egress", "route_table_ids", "subnet_ids",
              "security_group_ids", "dns_entry", "dns_options", "network_interface_ids", "cidr_blocks",
              "secondary_allocation_ids", "secondary_private_ip_addresses", "subnet_arns", "subnet_mapping",
              "firewall_status", "encryption_configuration", "options"}
MAP_ATTRS = {"tags_all"}


def sensitive_top(values, full=None):
    """`after_sensitive`: empty containers for collections, known or not (Terraform keeps the
    shape of unknown collections too)."""
    s = sensitive_of(values)
    s = s if s is not False else {}
    for k, v in (full or {}).items():
        if isinstance(v, Unknown) and k not in s:
            if k in LIST_ATTRS:
                s[k] = []
            elif k in MAP_ATTRS:
                s[k] = {}
    return sorted_map(s)


class Instance:
    def __init__(self, module, rtype, name, key, values, action):
        self.module = module  # list of (name, key)
        self.rtype, self.name, self.key = rtype, name, key
        self.values = values
        self.action = action

    @property
    def module_address(self):
        return module_addr(self.module)

    @property
    def address(self):
        a = f"{self.rtype}.{self.name}{key_str(self.key)}"
        return f"{self.module_address}.{a}" if self.module else a


def key_str(k):
    if k is None:
        return ""
    if isinstance(k, int):
        return f"[{k}]"
    return "[" + json.dumps(k) + "]"


def module_addr(module):
    return ".".join(f"module.{n}{key_str(k)}" for n, k in module)


def new_values(rtype, attrs):
    """`after` for a create: given attributes, then the provider's treatment of unset ones."""
    s = SCHEMAS[rtype]
    v = {}
    for a in s["null"]:
        v[a] = None
    v.update(s["default"])
    for a in s["opt_computed"]:
        v[a] = U
    for a in s.get("required", []):
        v[a] = U
    for a in s["computed"]:
        v[a] = U
    v.update(attrs)
    if not s.get("no_tags"):
        tags = v.get("tags")
        v["tags_all"] = U if tags is None else dict(tags)
    return v


class Module:
    """One module's configuration (root or child)."""

    def __init__(self, source=None):
        self.source = source
        self.resources = []  # config resource dicts
        self.calls = {}  # name -> (call dict without module, Module)
        self.outputs = {}
        self.variables = {}

    def resource(self, rtype, name, expressions, count=None, for_each=None, depends_on=None, provider_key="aws"):
        r = {"address": f"{rtype}.{name}", "mode": "managed", "type": rtype, "name": name,
             "provider_config_key": provider_key, "expressions": sorted_map(expressions),
             "schema_version": SCHEMAS.get(rtype, {}).get("schema_version", 0)}
        if count is not None:
            r["count_expression"] = count
        if for_each is not None:
            r["for_each_expression"] = for_each
        if depends_on:
            r["depends_on"] = depends_on
        self.resources.append(r)

    def call(self, name, source, expressions, module, count=None, for_each=None):
        c = {"source": source, "expressions": sorted_map(expressions)}
        if count is not None:
            c["count_expression"] = count
        if for_each is not None:
            c["for_each_expression"] = for_each
        self.calls[name] = (c, module)

    def output(self, name, refs=None, constant=None, description=None):
        o = {"expression": ref(*refs) if refs is not None else const(constant)}
        if description:
            o["description"] = description
        self.outputs[name] = o

    def variable(self, name, default=None, description=None, has_default=True):
        v = {}
        if has_default:
            v["default"] = default
        if description:
            v["description"] = description
        self.variables[name] = v

    def to_json(self):
        out = {}
        if self.outputs:
            out["outputs"] = sorted_map(self.outputs)
        if self.resources:
            out["resources"] = sorted(self.resources, key=lambda r: r["address"])
        if self.calls:
            calls = {}
            for n in sorted(self.calls):
                c, m = self.calls[n]
                d = dict(c)
                # Go struct order: source, expressions, count/for_each, module
                d = {k: d[k] for k in ("source", "expressions", "count_expression", "for_each_expression") if k in d}
                d["module"] = m.to_json()
                calls[n] = d
            out["module_calls"] = calls
        if self.variables:
            out["variables"] = sorted_map(self.variables)
        return out


class Plan:
    def __init__(self, region=None, region_ref=None, variables=None, state=False, module_providers=()):
        self.instances = []
        self.root = Module()
        self.region = region
        self.region_ref = region_ref
        self.variables = variables or {}
        self.state = state
        self.module_providers = module_providers

    def new(self, rtype, name, attrs, key=None, module=()):
        inst = Instance(list(module), rtype, name, key, new_values(rtype, attrs), ["create"])
        self.instances.append(inst)
        return inst

    def existing(self, rtype, name, values, key=None, module=(), action=("no-op",)):
        v = dict(values)
        s = SCHEMAS[rtype]
        for a in s["null"]:
            v.setdefault(a, None)
        for a, d in s["default"].items():
            v.setdefault(a, d)
        if not s.get("no_tags"):
            v.setdefault("tags_all", v.get("tags") or {})
        inst = Instance(list(module), rtype, name, key, v, list(action))
        self.instances.append(inst)
        return inst

    # ---- output ----

    def _resource_values(self, inst):
        d = {"address": inst.address, "mode": "managed", "type": inst.rtype, "name": inst.name}
        if inst.key is not None:
            d["index"] = inst.key
        d["provider_name"] = PROVIDER
        d["schema_version"] = SCHEMAS[inst.rtype]["schema_version"]
        after = strip_unknown(inst.values)
        d["values"] = after
        d["sensitive_values"] = sensitive_top(after, inst.values)
        return d

    def _modules_tree(self, insts, values_fn):
        # group by module path
        by_mod = {}
        for i in insts:
            by_mod.setdefault(tuple(i.module), []).append(i)
        paths = set()
        for p in by_mod:
            for n in range(len(p) + 1):
                paths.add(p[:n])

        def build(path):
            m = {}
            rs = sorted(by_mod.get(path, []), key=lambda i: i.address)
            if rs:
                m["resources"] = [values_fn(i) for i in rs]
            if path:
                m["address"] = module_addr(list(path))
            children = sorted([p for p in paths if len(p) == len(path) + 1 and p[:len(path)] == path],
                              key=lambda p: module_addr(list(p)))
            if children:
                m["child_modules"] = [build(c) for c in children]
            return m

        return build(())

    def _change(self, inst):
        d = {"address": inst.address}
        if inst.module:
            d["module_address"] = inst.module_address
        d.update({"mode": "managed", "type": inst.rtype, "name": inst.name})
        if inst.key is not None:
            d["index"] = inst.key
        d["provider_name"] = PROVIDER
        after = strip_unknown(inst.values)
        if inst.action == ["create"]:
            before = None
        else:
            before = after
        change = {"actions": inst.action, "before": before, "after": after,
                  "after_unknown": unknown_of(inst.values),
                  "before_sensitive": False if before is None else sensitive_top(before),
                  "after_sensitive": sensitive_top(after, inst.values)}
        d["change"] = change
        return d

    def provider_config(self):
        p = {"name": "aws", "full_name": PROVIDER, "version_constraint": "~> 5.0"}
        if self.region is not None:
            p["expressions"] = {"region": const(self.region)}
        elif self.region_ref is not None:
            p["expressions"] = {"region": ref(*self.region_ref)}
        out = {"aws": p}
        for m in self.module_providers:
            out[f"{m}:aws"] = {"name": "aws", "full_name": PROVIDER, "module_address": m}
        return out

    def to_json(self):
        if self.state:
            return {"format_version": "1.0", "terraform_version": TF_VERSION,
                    "values": {"root_module": self._modules_tree(self.instances, self._resource_values)}}
        live = [i for i in self.instances if i.action != ["delete"]]
        doc = {"format_version": "1.2", "terraform_version": TF_VERSION}
        if self.variables:
            doc["variables"] = {k: {"value": v} for k, v in sorted(self.variables.items())}
        doc["planned_values"] = {"root_module": self._modules_tree(live, self._resource_values)}
        doc["resource_changes"] = [self._change(i) for i in sorted(self.instances, key=lambda i: i.address)]
        existing = [i for i in self.instances if i.action != ["create"]]
        if existing:
            doc["prior_state"] = {"format_version": "1.0", "terraform_version": TF_VERSION,
                                  "values": {"root_module": self._modules_tree(existing, self._resource_values)}}
        doc["configuration"] = {"provider_config": self.provider_config(),
                                "root_module": self.root.to_json()}
        doc["timestamp"] = "2024-05-14T09:21:07Z"
        return doc

    def write(self, path, expect=None):
        text = dumps(self.to_json()) + "\n"
        with open(path, "w") as f:
            f.write(text)
        exp_path = path + ".expect"
        import os
        if expect:
            lines = ["# rule resource line"]
            for rule, addr, where in expect:
                lines.append(f"{rule} {addr} {locate(text, addr, where)}")
            with open(exp_path, "w") as f:
                f.write("\n".join(lines) + "\n")
        elif os.path.exists(exp_path):
            os.remove(exp_path)
        return text


def locate(text, address, where=None):
    """1-based line of the `address` entry in resource_changes (or of attribute `where` in
    that change's `after`), as a person would find it in the file."""
    lines = text.split("\n")
    start = text.find('"resource_changes"')
    if start < 0:
        start = 0
    needle = '"address": ' + json.dumps(address) + ','
    pos = text.find(needle, start)
    if pos < 0:
        raise SystemExit(f"address {address} not found")
    if where:
        # `attr`, `attr#n` (the n-th element, 0-based, of a list) or a path of these
        # separated by `/` (`ingress#0/cidr_blocks#1`)
        pos = text.find('"after": {', pos)
        dec = json.JSONDecoder()
        for step in where.split("/"):
            key, _, nth = step.partition("#")
            pos = text.find('"' + key + '": ', pos)
            pos = pos + len('"' + key + '": ')
            if nth:
                pos += 1  # past '['
                for k in range(int(nth) + 1):
                    while text[pos] in " \n,":
                        pos += 1
                    if k == int(nth):
                        break
                    _, pos = dec.raw_decode(text, pos)
    line = text.count("\n", 0, pos) + 1
    return line


def dumps(v, level=0, prefix=0, width=110):
    """JSON with two-space indentation; small containers stay on one line."""
    flat = json.dumps(v)
    if not isinstance(v, (dict, list)) or (level * 2 + prefix + len(flat) <= width and not _has_big(v)):
        return flat
    pad = "  " * (level + 1)
    end = "  " * level
    if isinstance(v, dict):
        if not v:
            return "{}"
        items = []
        for k, x in v.items():
            kk = json.dumps(k) + ": "
            items.append(pad + kk + dumps(x, level + 1, len(kk), width))
        return "{\n" + ",\n".join(items) + "\n" + end + "}"
    if not v:
        return "[]"
    return "[\n" + ",\n".join(pad + dumps(x, level + 1, 0, width) for x in v) + "\n" + end + "]"


def _has_big(v):
    # resource entries and changes always get one line per key, so addresses are easy to find
    return isinstance(v, dict) and any(k in v for k in ("change", "values", "expressions", "after", "actions"))
