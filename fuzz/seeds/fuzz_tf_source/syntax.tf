# vpclint:ignore VPC302 a reason
resource "aws_instance" "web" {
  user_data = <<-EOT
    resource "x" "y" {
    }
  EOT
  a = "${jsonencode({ a = "}" })}"
  b = "%{ if true }{%{ endif }"
  c = [for s in var.list : upper(s) if s != ""]
  d = { for k, v in var.map : k => v... }
  e = var.x ? 1 : -2
  f = aws_subnet.app[*].id
  /* } */ // {
  dynamic "ingress" {
    for_each = var.rules
    content {
      dynamic "nested" {
        for_each = []
        content {}
      }
    }
  }
}
module "m" { source = "./m" }
resource aws_eip nat {}
