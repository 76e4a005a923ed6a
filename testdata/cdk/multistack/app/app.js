#!/usr/bin/env node
// vpclint fixture: three environment-agnostic stacks sharing one VPC.
//   Network   - the VPC (no gateway endpoints, DNS hostnames OFF on purpose)
//   Endpoints - S3 gateway endpoint on Network's private route tables
//               (route table ids arrive via Fn::ImportValue); omitted with -c s3=false
//   App       - SSM interface endpoint with private DNS (subnets and the
//               endpoint's security group come from Network via imports)
'use strict';
const cdk = require('aws-cdk-lib');
const ec2 = require('aws-cdk-lib/aws-ec2');

class NetworkStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 1,
      enableDnsHostnames: false,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
      ],
    });
  }
}

class EndpointsStack extends cdk.Stack {
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

class AppStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const { vpc } = props;
    new ec2.InterfaceVpcEndpoint(this, 'Ssm', {
      vpc,
      service: ec2.InterfaceVpcEndpointAwsService.SSM,
      privateDnsEnabled: true,
      subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    });
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
const s3 = String(app.node.tryGetContext('s3') ?? 'true') !== 'false';

const network = new NetworkStack(app, 'Network');
if (s3) {
  new EndpointsStack(app, 'Endpoints', { vpc: network.vpc });
}
new AppStack(app, 'App', { vpc: network.vpc });

app.synth();
