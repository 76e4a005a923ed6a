# A Terraform root with a local module. `terraform show -json plan.out > plan.json`
# produced the shape of plan.json next to this file (hand-written for the tests).
terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

provider "aws" {
  region = "eu-west-1"
}

module "network" {
  source = "./modules/network"
  cidr   = "10.0.0.0/16"
}

# Private DNS is left unset: the provider creates the endpoint with it off.
resource "aws_vpc_endpoint" "ssm" {
  vpc_id              = module.network.vpc_id
  vpc_endpoint_type   = "Interface"
  service_name        = "com.amazonaws.eu-west-1.ssm"
  security_group_ids  = [aws_security_group.endpoints.id]
}

resource "aws_security_group" "endpoints" {
  name   = "endpoints"
  vpc_id = module.network.vpc_id

  ingress {
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = ["10.0.0.0/16"]
  }
}
