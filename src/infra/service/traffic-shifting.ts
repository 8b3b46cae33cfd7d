import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { DeploymentPlan, WebWorkloadPlan } from '../../manifest/plan';
import { acknowledge } from '../compliance/acknowledge';
import { smokeTestFunctionName } from './smoke-test-hook';
import { TEST_LISTENER_PORTS } from './test-listener';

export interface TrafficShiftingProps {
  readonly project: string;
  readonly environment: string;
  readonly web: WebWorkloadPlan;
  readonly deployment: DeploymentPlan;
  readonly vpc: ec2.IVpc;
  /** The VPC's CIDR, a literal (cdk-nag can read it; no cross-stack reference). */
  readonly vpcCidr: string;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly securityGroup: ec2.SecurityGroup;
  /** The production listener (HTTPS with a domain, HTTP without) and its target group. */
  readonly productionListener: elbv2.ApplicationListener;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly ecsService: ecs.FargateService;
  readonly containerName: string;
  readonly containerPort: number;
  /** With a domain: the test listener serves HTTPS with the production certificate. */
  readonly certificate?: acm.ICertificate;
  readonly hostName?: string;
}

export interface TrafficShifting {
  readonly alternateTargetGroup: elbv2.ApplicationTargetGroup;
  readonly testListener: elbv2.ApplicationListener;
}

/** Every request (no other rule exists on these listeners): ECS shifts its weights between the two groups. */
const EVERY_PATH = elbv2.ListenerCondition.pathPatterns(['/*']);

/**
 * What ECS's blue/green, canary and linear deployments need on the service's own load balancer
 * (ECS developer guide, "Application Load Balancer resources for blue/green, linear, and canary
 * deployments"): an alternate target group with the same settings, a production listener rule and
 * a test listener rule forwarding to both (ECS moves their weights), the test listener on a second
 * port that only the VPC reaches, the infrastructure role ECS assumes to move traffic (least
 * privilege: these two groups, two listeners and two rules), and the smoke test hook. The primary
 * group, the listeners' default actions and the alarms' names are those of a rolling service, so
 * switching from rolling adds resources and changes none.
 */
export function addTrafficShifting(scope: Construct, props: TrafficShiftingProps): TrafficShifting {
  const { web, targetGroup } = props;
  const alternateTargetGroup = new elbv2.ApplicationTargetGroup(scope, 'AlternateTargetGroup', {
    vpc: props.vpc,
    port: web.port,
    protocol: elbv2.ApplicationProtocol.HTTP,
    targetType: elbv2.TargetType.IP,
    healthCheck: targetGroup.healthCheck,
    deregistrationDelay: Duration.seconds(web.deregistrationDelaySeconds),
  });
  const weighted = () => elbv2.ListenerAction.weightedForward([
    { targetGroup, weight: 100 },
    { targetGroup: alternateTargetGroup, weight: 0 },
  ]);
  const productionRule = new elbv2.ApplicationListenerRule(scope, 'ProductionRule', {
    listener: props.productionListener, priority: 1, conditions: [EVERY_PATH], action: weighted(),
  });

  const https = props.certificate !== undefined;
  const testPort = https ? TEST_LISTENER_PORTS.https : TEST_LISTENER_PORTS.http;
  const testListener = props.loadBalancer.addListener('TestListener', {
    port: testPort,
    protocol: https ? elbv2.ApplicationProtocol.HTTPS : elbv2.ApplicationProtocol.HTTP,
    ...(https ? { certificates: [props.certificate!], sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS } : {}),
    defaultTargetGroups: [targetGroup],
    open: false,
  });
  const testRule = new elbv2.ApplicationListenerRule(scope, 'TestRule', {
    listener: testListener, priority: 1, conditions: [EVERY_PATH], action: weighted(),
  });
  props.securityGroup.addIngressRule(ec2.Peer.ipv4(props.vpcCidr), ec2.Port.tcp(testPort), `test listener ${testPort}: the VPC only (deployment smoke tests)`);
  if (!https) {
    const vpcOnly = 'the test listener of a service without a domain (no certificate to serve): only the VPC\'s CIDR reaches it, and it carries only deployment smoke tests';
    acknowledge(testListener,
      { id: 'NIST.800.53.R5-ALBHttpToHttpsRedirection', reason: vpcOnly },
      { id: 'CT.ELASTICLOADBALANCING.PR.1', reason: vpcOnly },
      { id: 'NIST.800.53.R5-ELBv2ACMCertificateRequired', reason: vpcOnly });
  }

  const role = infrastructureRole(scope, {
    targetGroups: [targetGroup, alternateTargetGroup],
    listeners: [props.productionListener, testListener],
    rules: [productionRule, testRule],
  });
  targetGroup.addTarget(props.ecsService.loadBalancerTarget({
    containerName: props.containerName,
    containerPort: props.containerPort,
    alternateTarget: new ecs.AlternateTarget('AlternateTarget', {
      alternateTargetGroup,
      productionListener: ecs.ListenerRuleConfiguration.applicationListenerRule(productionRule),
      testListener: ecs.ListenerRuleConfiguration.applicationListenerRule(testRule),
      role,
    }),
  }));
  if (props.deployment.smokeTest) {
    addSmokeTestHook(scope, props, testPort, https);
  }
  return { alternateTargetGroup, testListener };
}

/** The role ECS assumes to register tasks and move weights: only this service's groups, listeners and rules. */
function infrastructureRole(scope: Construct, resources: {
  targetGroups: readonly elbv2.ApplicationTargetGroup[];
  listeners: readonly elbv2.ApplicationListener[];
  rules: readonly elbv2.ApplicationListenerRule[];
}): iam.Role {
  const role = new iam.Role(scope, 'DeploymentRole', {
    description: 'ECS moves this service\'s traffic between its two target groups during blue/green, canary and linear deployments',
    assumedBy: new iam.ServicePrincipal('ecs.amazonaws.com'),
  });
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    sid: 'ReadLoadBalancing',
    actions: ['elasticloadbalancing:DescribeListeners', 'elasticloadbalancing:DescribeRules', 'elasticloadbalancing:DescribeTargetGroups', 'elasticloadbalancing:DescribeTargetHealth'],
    resources: ['*'],
  }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    sid: 'RegisterTasks',
    actions: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'],
    resources: resources.targetGroups.map((group) => group.targetGroupArn),
  }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    sid: 'MoveTraffic',
    actions: ['elasticloadbalancing:ModifyListener', 'elasticloadbalancing:ModifyRule'],
    resources: [...resources.listeners.map((listener) => listener.listenerArn), ...resources.rules.map((rule) => rule.listenerRuleArn)],
  }));
  acknowledge(role, {
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'the four elasticloadbalancing:Describe* actions ECS reads the deployment\'s state with have no resource-level permissions; every action that changes anything is limited to this service\'s target groups, listeners and rules',
  });
  return role;
}

/**
 * The environment's smoke test function (network stack, found by its name) at POST_TEST_TRAFFIC_SHIFT:
 * the test listener sends everything to the new tasks, production nothing yet. ECS invokes it with a
 * role that may invoke only it, and passes what to test as HookDetails (src/lambda/smoke-test reads it).
 */
function addSmokeTestHook(scope: Construct, props: TrafficShiftingProps, testPort: number, https: boolean): void {
  const stack = Stack.of(scope);
  const functionArn = stack.formatArn({
    service: 'lambda', resource: 'function', resourceName: smokeTestFunctionName(props.project, props.environment), arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  const hookFunction = lambda.Function.fromFunctionArn(scope, 'SmokeTestFunction', functionArn);
  const role = new iam.Role(scope, 'SmokeTestHookRole', {
    description: 'ECS invokes the environment\'s smoke test function during this service\'s deployments',
    assumedBy: new iam.ServicePrincipal('ecs.amazonaws.com'),
  });
  role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'InvokeSmokeTest', actions: ['lambda:InvokeFunction'], resources: [functionArn] }));
  props.ecsService.addLifecycleHook(new ecs.DeploymentLifecycleLambdaTarget(hookFunction, 'SmokeTestHook', {
    role,
    lifecycleStages: [ecs.DeploymentLifecycleStage.POST_TEST_TRAFFIC_SHIFT],
  }));
  const cfnService = props.ecsService.node.defaultChild as ecs.CfnService;
  cfnService.addPropertyOverride('DeploymentConfiguration.LifecycleHooks.0.HookDetails', {
    loadBalancer: props.loadBalancer.loadBalancerFullName,
    protocol: https ? 'https' : 'http',
    port: testPort,
    path: props.deployment.smokeTest,
    ...(props.hostName ? { hostName: props.hostName } : {}),
  });
}
