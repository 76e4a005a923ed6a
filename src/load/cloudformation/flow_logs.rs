//! Flow logs: `AWS::EC2::FlowLog`, its `ResourceType` and the `ResourceId` it captures.

use super::*;

impl<'t, 'a> Loader<'t, 'a> {
    /// The flow log of resource `i`.
    pub(super) fn flow_log(&self, i: usize) -> FlowLog {
        let meta = self.meta(i);
        let resource_type = self.prop_attr(i, "ResourceType", None, |v, _| self.parsed(v, FlowLogResourceType::parse));
        let (resource, resource_span) = match self.prop(i, "ResourceId") {
            Some((v, node)) => (self.link(&v, &|_, _, o| flow_log_ref(o)), self.node_span(node)),
            None => (Link::Absent, meta.span),
        };
        FlowLog { meta, resource_type, resource, resource_span }
    }

    /// Whether resource `i` is a flow log that is not created because its condition is false
    /// with the parameters at their defaults.
    pub(super) fn flow_log_off_by_default(&self, i: usize) -> bool {
        self.t.resources.get(i).is_some_and(|r| {
            r.type_name == Some("AWS::EC2::FlowLog") && r.exists == Tri::No && !self.t.assumed(i).is_empty()
        })
    }
}

fn flow_log_ref(o: Obj) -> Option<FlowLogRef> {
    match o {
        Obj::Vpc(v) => Some(FlowLogRef::Vpc(v)),
        Obj::Subnet(s) => Some(FlowLogRef::Subnet(s)),
        Obj::Other(x) => Some(FlowLogRef::Other(x)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::clean_model as model;
    use crate::model::*;

    /// (name, resource type, resource) of each flow log.
    fn flow_logs(m: &Model) -> Vec<(&str, Val<FlowLogResourceType>, Link<FlowLogRef>)> {
        m.flow_logs.iter().map(|f| (f.meta.name.as_str(), f.resource_type.val.clone(), f.resource.clone())).collect()
    }

    #[test]
    fn flow_logs_link_their_resource_and_keep_unknown_apart_from_outside() {
        let text = r#"
Parameters:
  VpcIds: {Type: CommaDelimitedList}
  Existing: {Type: "AWS::EC2::VPC::Id"}
  Kind: {Type: String}
Resources:
  Lookup: {Type: "Custom::VpcLookup", Properties: {ServiceToken: arn:aws:lambda:eu-west-1:111122223333:function:x}}
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  Subnet: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/24}}
  Eni: {Type: AWS::EC2::NetworkInterface, Properties: {SubnetId: !Ref Subnet}}
  OnVpc: {Type: AWS::EC2::FlowLog, Properties: {ResourceType: VPC, ResourceId: !Ref Vpc}}
  OnSubnet: {Type: AWS::EC2::FlowLog, Properties: {ResourceType: subnet, ResourceId: !GetAtt Subnet.SubnetId}}
  OnEni: {Type: AWS::EC2::FlowLog, Properties: {ResourceType: NetworkInterface, ResourceId: !Ref Eni}}
  OnExisting: {Type: AWS::EC2::FlowLog, Properties: {ResourceType: VPC, ResourceId: !Ref Existing}}
  OnLiteral: {Type: AWS::EC2::FlowLog, Properties: {ResourceType: TransitGateway, ResourceId: tgw-0123456789abcdef0}}
  OnLookup: {Type: AWS::EC2::FlowLog, Properties: {ResourceType: VPC, ResourceId: !Select [0, !Split [",", !GetAtt Lookup.Ids]]}}
  OnKind: {Type: AWS::EC2::FlowLog, Properties: {ResourceType: !Ref Kind, ResourceId: !Ref Vpc}}
  Bare: {Type: AWS::EC2::FlowLog, Properties: {TrafficType: ALL}}
"#;
        let m = model(text);
        let known = Val::Known;
        assert_eq!(
            flow_logs(&m),
            [
                ("OnVpc", known(FlowLogResourceType::Vpc), Link::To(FlowLogRef::Vpc(VpcId(0)))),
                ("OnSubnet", known(FlowLogResourceType::Subnet), Link::To(FlowLogRef::Subnet(SubnetId(0)))),
                ("OnEni", known(FlowLogResourceType::NetworkInterface), Link::To(FlowLogRef::Other(OtherId(0)))),
                (
                    "OnExisting",
                    known(FlowLogResourceType::Vpc),
                    Link::External(External::Parameter { name: "Existing".to_string(), ssm: false })
                ),
                (
                    "OnLiteral",
                    known(FlowLogResourceType::TransitGateway),
                    Link::External(External::Id("tgw-0123456789abcdef0".to_string()))
                ),
                ("OnLookup", known(FlowLogResourceType::Vpc), Link::Unknown),
                ("OnKind", Val::Unknown, Link::To(FlowLogRef::Vpc(VpcId(0)))),
                ("Bare", Val::Absent, Link::Absent),
            ]
        );
        // Spans: the resource's logical id, and where it names the logged resource.
        let on_vpc = &m.flow_logs[0];
        let at = |s: crate::source::Span| &text[s.start as usize..s.end as usize];
        assert_eq!(at(on_vpc.meta.span), "OnVpc");
        assert_eq!(at(on_vpc.resource_span), "!Ref Vpc");
        assert_eq!(at(on_vpc.resource_type.span), "VPC");
        assert_eq!(at(m.flow_logs[7].resource_span), "Bare");
        assert!(m.flow_logs_not_created.is_empty());
    }

    #[test]
    fn a_flow_log_off_with_the_parameter_defaults_is_kept_apart() {
        let m = model(
            r#"
Parameters:
  Enable: {Type: String, Default: "false"}
  Undecided: {Type: String}
Conditions:
  On: !Equals [!Ref Enable, "true"]
  Maybe: !Equals [!Ref Undecided, "true"]
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  Off: {Type: AWS::EC2::FlowLog, Condition: On, Properties: {ResourceType: VPC, ResourceId: !Ref Vpc}}
  Perhaps: {Type: AWS::EC2::FlowLog, Condition: Maybe, Properties: {ResourceType: VPC, ResourceId: !Ref Vpc}}
"#,
        );
        assert_eq!(m.flow_logs.len(), 1);
        assert_eq!(m.flow_logs[0].meta.name, "Perhaps");
        assert!(m.flow_logs[0].meta.conditional);
        assert_eq!(m.flow_logs_not_created.len(), 1);
        let off = &m.flow_logs_not_created[0];
        assert_eq!(off.flow_log.meta.name, "Off");
        assert_eq!(off.flow_log.resource, Link::To(FlowLogRef::Vpc(VpcId(0))));
        assert_eq!(off.why, NotCreated::ConditionFalseAtDefaults);
    }
}
