#!/usr/bin/env node
// vpclint fixture (VPC306, VPC313): interface endpoints written the way the CDK docs show them.
//   Ssm        - the default ec2.Vpc (environment-agnostic: two zones, written as
//                Fn::Select of Fn::GetAZs) and an SSM interface endpoint placed in the
//                first zone only
//   SsmPinned  - the same with the stack pinned to an account and region, so the zones are
//                literal names (eu-west-1a/b/c, from cdk.context.json: no lookup is made)
//   Ecr        - an isolated VPC (no NAT, no internet gateway) with the ECR API and Docker
//                registry endpoints and no S3 gateway endpoint
// With `-c fixed=true` the SSM endpoints are in every zone and the Ecr VPC has the S3
// gateway endpoint.
'use strict';
const cdk = require('aws-cdk-lib');
const ec2 = require('aws-cdk-lib/aws-ec2');

class SsmStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const vpc = new ec2.Vpc(this, 'Vpc');
    vpc.addInterfaceEndpoint('Ssm', {
      service: ec2.InterfaceVpcEndpointAwsService.SSM,
      subnets: props.fixed ? undefined : { availabilityZones: [vpc.availabilityZones[0]] },
    });
  }
}

class EcrStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const vpc = new ec2.Vpc(this, 'Vpc', {
      natGateways: 0,
      subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    vpc.addInterfaceEndpoint('Ecr', { service: ec2.InterfaceVpcEndpointAwsService.ECR });
    vpc.addInterfaceEndpoint('EcrDocker', { service: ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER });
    if (props.fixed) {
      vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    }
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
const fixed = String(app.node.tryGetContext('fixed') ?? 'false') === 'true';

new SsmStack(app, 'Ssm', { fixed });
new SsmStack(app, 'SsmPinned', { fixed, env: { account: '111111111111', region: 'eu-west-1' } });
new EcrStack(app, 'Ecr', { fixed });

app.synth();
