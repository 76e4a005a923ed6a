//! What a [`Link::External`](super::Link::External) names outside the file.
//!
//! The loaders say what it is; rules match the variant, never the text. The text
//! ([`Display`](fmt::Display), and the JSON form through `Serialize`) is what the model's
//! JSON view (`{"external": ...}`), findings' `vpc` and messages show.

use std::fmt;

/// Something outside the file a link names. Two externals are equal when they name it the
/// same way (one parameter, one import, one literal id); two computed imports are equal as
/// values but may be two different things (see [`External::Import`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum External {
    /// A value the file writes where an id is expected, shown as is: usually an id
    /// (`vpc-0123...`, `eipalloc-...`, `tgw-...`, a Terraform plan's known id that names no
    /// object of the plan), but the loaders do not check its shape, so it is whatever text
    /// (or number) the property or a parameter's default holds.
    Id(String),
    /// A CloudFormation resource of the template that the model does not represent (a custom
    /// resource, a type vpclint does not model), by its logical id: its `Ref` or attribute.
    Resource(String),
    /// A CloudFormation parameter whose value is given at deploy time: one without default
    /// (`parameter X`), or of an SSM parameter type (`ssm`: `parameter X (from SSM)`), whose
    /// default is the name of the SSM parameter to read, not the value.
    Parameter { name: String, ssm: bool },
    /// A CloudFormation `Fn::ImportValue` of an export (`import Y`); `None` when the export
    /// name cannot be evaluated (`import (computed name)`): not a name, so two of them may be
    /// two different things.
    Import(Option<String>),
    /// The account's default VPC (`the default VPC`): where a security group without a VPC
    /// is created; for an instance's subnet, a default subnet of it.
    DefaultVpc,
    /// A security group named by its name (CloudFormation `GroupName`,
    /// `SourceSecurityGroupName`), which the model does not link: the name, or `None`
    /// (`a group by name`) when it cannot be evaluated.
    GroupName(Option<String>),
}

impl fmt::Display for External {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            External::Id(s) | External::Resource(s) | External::GroupName(Some(s)) => f.write_str(s),
            External::Parameter { name, ssm: false } => write!(f, "parameter {name}"),
            External::Parameter { name, ssm: true } => write!(f, "parameter {name} (from SSM)"),
            External::Import(Some(name)) => write!(f, "import {name}"),
            External::Import(None) => f.write_str("import (computed name)"),
            External::DefaultVpc => f.write_str("the default VPC"),
            External::GroupName(None) => f.write_str("a group by name"),
        }
    }
}

/// The text, as a JSON string.
impl serde::Serialize for External {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text() {
        let s = |s: &str| Some(s.to_string());
        let cases = [
            (External::Id("vpc-0123456789abcdef0".to_string()), "vpc-0123456789abcdef0"),
            (External::Resource("Custom".to_string()), "Custom"),
            (External::Parameter { name: "VpcId".to_string(), ssm: false }, "parameter VpcId"),
            (External::Parameter { name: "Ami".to_string(), ssm: true }, "parameter Ami (from SSM)"),
            (External::Import(s("Network-VpcId")), "import Network-VpcId"),
            (External::Import(None), "import (computed name)"),
            (External::DefaultVpc, "the default VPC"),
            (External::GroupName(s("web")), "web"),
            (External::GroupName(None), "a group by name"),
        ];
        for (x, text) in cases {
            assert_eq!(x.to_string(), text);
            assert_eq!(serde_json::to_value(&x).unwrap(), serde_json::Value::String(text.to_string()));
        }
    }
}
