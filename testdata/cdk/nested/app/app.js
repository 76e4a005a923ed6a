#!/usr/bin/env node
// vpclint fixture: one environment-agnostic parent stack holding two nested stacks.
//   Parent
//     NetworkNested   - the VPC (DNS hostnames left at the default: on)
//     EndpointsNested - S3 gateway endpoint on the private route tables; the
//                       VPC id and route table ids arrive as Parameters of the
//                       nested stack, bound in Parent to
//                       Fn::GetAtt NetworkNested...Outputs.X
'use strict';
const cdk = require('aws-cdk-lib');
const ec2 = require('aws-cdk-lib/aws-ec2');

class NetworkNested extends cdk.NestedStack {
  constructor(scope, id, props) {
    super(scope, id, props);
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 1,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
      ],
    });
  }
}

class EndpointsNested extends cdk.NestedStack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const { vpc } = props;
    new ec2.GatewayVpcEndpoint(this, 'S3', {
      vpc,
      service: ec2.GatewayVpcEndpointAwsService.S3,
      subnets: [{ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }],
    });
  }
}

class ParentStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const network = new NetworkNested(this, 'NetworkNested');
    new EndpointsNested(this, 'EndpointsNested', { vpc: network.vpc });
  }
}

// Keep the cloud assembly small and identical from run to run and from one
// checkout to another: no construct stack traces (absolute paths), no
// tree.json, and no performance-counters.json (written only when synth is slow).
const app = new cdk.App({
  stackTraces: false,
  treeMetadata: false,
  performanceReporting: false,
  context: { 'aws:cdk:disable-creation-stack-traces': true },
});
new ParentStack(app, 'Parent');
app.synth();
