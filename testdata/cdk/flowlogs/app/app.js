#!/usr/bin/env node
// vpclint fixture: VPC flow logs the ways CDK users write them, one stack each.
//   Logged        - ec2.Vpc's `flowLogs` property (CloudWatch Logs, the default destination)
//   VpcFlowLog    - vpc.addFlowLog() to an S3 bucket
//   SubnetsLogged - one ec2.FlowLog per subnet (FlowLogResourceType.fromSubnet): all covered
//   PartlyLogged  - flow logs on the public subnets only
//   Unlogged      - no flow log
'use strict';
const cdk = require('aws-cdk-lib');
const ec2 = require('aws-cdk-lib/aws-ec2');
const s3 = require('aws-cdk-lib/aws-s3');

function vpc(scope, props) {
  return new ec2.Vpc(scope, 'Vpc', {
    maxAzs: 2,
    natGateways: 1,
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
      { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
    ],
    ...props,
  });
}

function subnetFlowLogs(scope, subnets) {
  const bucket = new s3.Bucket(scope, 'FlowLogBucket');
  subnets.forEach((subnet, i) => {
    new ec2.FlowLog(scope, `SubnetFlowLog${i + 1}`, {
      resourceType: ec2.FlowLogResourceType.fromSubnet(subnet),
      destination: ec2.FlowLogDestination.toS3(bucket),
    });
  });
}

class Logged extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    vpc(this, { flowLogs: { Cloudwatch: {} } });
  }
}

class VpcFlowLog extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const v = vpc(this);
    v.addFlowLog('FlowLogS3', { destination: ec2.FlowLogDestination.toS3(new s3.Bucket(this, 'FlowLogBucket')) });
  }
}

class SubnetsLogged extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const v = vpc(this);
    subnetFlowLogs(this, [...v.publicSubnets, ...v.privateSubnets]);
  }
}

class PartlyLogged extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const v = vpc(this);
    subnetFlowLogs(this, v.publicSubnets);
  }
}

class Unlogged extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    vpc(this);
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
new Logged(app, 'Logged');
new VpcFlowLog(app, 'VpcFlowLog');
new SubnetsLogged(app, 'SubnetsLogged');
new PartlyLogged(app, 'PartlyLogged');
new Unlogged(app, 'Unlogged');

app.synth();
