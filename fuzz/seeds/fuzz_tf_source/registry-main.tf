# The network comes from the Terraform Registry: its source is not on disk, so findings
# in it stay on the plan file, named by address.
provider "aws" {
  region = "eu-west-1"
}

module "network" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "~> 5.0"
  cidr    = "10.0.0.0/16"
}

resource "aws_vpc_endpoint" "ssm" {
  vpc_id             = module.network.vpc_id
  vpc_endpoint_type  = "Interface"
  service_name       = "com.amazonaws.eu-west-1.ssm"
  security_group_ids = [aws_security_group.endpoints.id]
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
