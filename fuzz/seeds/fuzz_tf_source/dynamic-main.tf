# A Terraform root whose endpoint security group builds its ingress with a `dynamic` block
# over subnet CIDRs that IPAM allocates at apply time, so the plan shows `ingress` as
# "known after apply" and its `configuration` leaves the dynamic block out. plan.json has
# the shape `terraform show -json` gives (hand-written for the tests).
provider "aws" {
  region = "eu-west-1"
}

resource "aws_vpc" "main" {
  ipv4_ipam_pool_id    = "ipam-pool-0123456789abcdef0"
  ipv4_netmask_length  = 16
  enable_dns_support   = true
  enable_dns_hostnames = true
}

resource "aws_subnet" "app" {
  vpc_id              = aws_vpc.main.id
  ipv4_ipam_pool_id   = "ipam-pool-0123456789abcdef0"
  ipv4_netmask_length = 24
}

resource "aws_security_group" "endpoints" {
  name   = "endpoints"
  vpc_id = aws_vpc.main.id

  # The clients' CIDRs are known only after apply.
  dynamic "ingress" {
    for_each = [aws_subnet.app.cidr_block]
    content {
      protocol    = "tcp"
      from_port   = 443
      to_port     = 443
      cidr_blocks = [ingress.value]
    }
  }
}

resource "aws_vpc_endpoint" "ssm" {
  vpc_id              = aws_vpc.main.id
  vpc_endpoint_type   = "Interface"
  service_name        = "com.amazonaws.eu-west-1.ssm"
  private_dns_enabled = true
  subnet_ids          = [aws_subnet.app.id]
  security_group_ids  = [aws_security_group.endpoints.id]
}
