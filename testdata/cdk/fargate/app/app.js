#!/usr/bin/env node
// vpclint fixture (VPC206): an Application Load Balancer in front of a Fargate service,
// built with the ecs-patterns construct users reach for. With `-c narrow=true` the service
// wears a group of its own that admits only HTTPS from the VPC, while its container
// listens on 8080.
'use strict';
const cdk = require('aws-cdk-lib');
const ec2 = require('aws-cdk-lib/aws-ec2');
const ecs = require('aws-cdk-lib/aws-ecs');
const patterns = require('aws-cdk-lib/aws-ecs-patterns');

class FargateStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc });
    const narrow = this.node.tryGetContext('narrow') === 'true';
    let securityGroups;
    if (narrow) {
      const sg = new ec2.SecurityGroup(this, 'ServiceGroup', { vpc, description: 'HTTPS from the VPC only' });
      sg.addIngressRule(ec2.Peer.ipv4(vpc.vpcCidrBlock), ec2.Port.tcp(443), 'HTTPS from the VPC');
      securityGroups = [sg];
    }
    new patterns.ApplicationLoadBalancedFargateService(this, 'Web', {
      cluster,
      securityGroups,
      taskImageOptions: { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:latest'), containerPort: 8080 },
    });
  }
}

const app = new cdk.App({
  stackTraces: false,
  treeMetadata: false,
  performanceReporting: false,
  context: { 'aws:cdk:disable-creation-stack-traces': true },
});
new FargateStack(app, 'Fargate');
app.synth();
