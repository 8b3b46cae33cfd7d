/**
 * The CIS AWS Foundations Benchmark monitoring controls (section 4 of v1.4.0 and v3.0.0): one
 * CloudWatch Logs metric filter on the account trail's log group and one alarm per control.
 *
 * The patterns are copied byte for byte, never written here:
 * - 4.1–4.14 from the AWS Security Hub user guide, controls CloudWatch.1–CloudWatch.14
 *   (awsdocs/aws-security-hub-user-guide, doc_source/cloudwatch-controls.md). Security Hub "fails
 *   if the exact metric filters prescribed by CIS are not used. Additional fields or terms cannot
 *   be added", so improving a pattern (say, to silence deploys) turns its control FAILED.
 * - 4.15 (no Security Hub control) from the benchmark's own remediation text.
 *
 * This table is the one list: the foundation stack, the tests and docs/operations.md read it.
 */

/** Every CIS metric is published in this namespace (Security Hub only looks at the pattern). */
export const CIS_METRIC_NAMESPACE = 'Portside/CIS';

export interface CisAlarm {
  /** The benchmark's recommendation number (v1.4.0 and v3.0.0 agree for 4.1–4.15). */
  readonly cis: string;
  /** The Security Hub control that checks this filter, when there is one. */
  readonly securityHub?: string;
  /** Metric name and alarm name suffix, as in the Security Hub examples (`CIS-4.3-RootAccountUsage`). */
  readonly name: string;
  /** What the control watches, in words. */
  readonly title: string;
  /** The CloudWatch Logs filter pattern, exactly as the benchmark prescribes it. */
  readonly pattern: string;
  /** The alarm's description: what happened and what to do (CloudWatch allows 1024 characters). */
  readonly description: string;
}

const RUNBOOK = 'Runbook: docs/operations.md, "Account audit".';

export const CIS_ALARMS: readonly CisAlarm[] = [
  {
    cis: '4.1',
    securityHub: 'CloudWatch.2',
    name: 'UnauthorizedAPICalls',
    title: 'Unauthorized API calls',
    pattern: '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}',
    description: 'An AWS API call was refused (UnauthorizedOperation or AccessDenied) in this account. ' +
      'One refusal is often a console page or a tool probing permissions; many in a few minutes, from one principal or source IP, ' +
      'can be stolen credentials exploring what they may do. Find the calls in CloudTrail (errorCode AccessDenied*, *UnauthorizedOperation): ' +
      'who (userIdentity.arn), what (eventName), from where (sourceIPAddress). Expected: fix the policy or the tool. ' +
      `Unexpected: disable the access key or revoke the role's sessions, then investigate. ${RUNBOOK}`,
  },
  {
    cis: '4.2',
    securityHub: 'CloudWatch.3',
    name: 'ConsoleSigninWithoutMFA',
    title: 'Management Console sign-in without MFA',
    pattern: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
    description: 'An IAM user signed in to the AWS Management Console successfully without MFA. ' +
      'A password alone protects that user. Find the ConsoleLogin event in CloudTrail (userIdentity.userName, sourceIPAddress). ' +
      'If the sign-in was not expected, reset the password, deactivate the user\'s access keys and review what the session did. ' +
      `Either way, assign an MFA device to the user (or move the person to IAM Identity Center). ${RUNBOOK}`,
  },
  {
    cis: '4.3',
    securityHub: 'CloudWatch.1',
    name: 'RootAccountUsage',
    title: 'Use of the root user',
    pattern: '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
    description: 'The account\'s root user made a request (console sign-in or API call). ' +
      'Root can do anything and cannot be limited by IAM; it is for the few tasks that require it. ' +
      'Confirm with the person who holds the root credentials that it was them and why. If nobody did: change the root password, ' +
      `remove any root access keys, check the root MFA device, and review every root event in CloudTrail. ${RUNBOOK}`,
  },
  {
    cis: '4.4',
    securityHub: 'CloudWatch.4',
    name: 'IAMPolicyChanges',
    title: 'IAM policy changes',
    pattern: '{($.eventName=DeleteGroupPolicy) || ($.eventName=DeleteRolePolicy) || ($.eventName=DeleteUserPolicy) || ($.eventName=PutGroupPolicy) || ($.eventName=PutRolePolicy) || ($.eventName=PutUserPolicy) || ($.eventName=CreatePolicy) || ($.eventName=DeletePolicy) || ($.eventName=CreatePolicyVersion) || ($.eventName=DeletePolicyVersion) || ($.eventName=AttachRolePolicy) || ($.eventName=DetachRolePolicy) || ($.eventName=AttachUserPolicy) || ($.eventName=DetachUserPolicy) || ($.eventName=AttachGroupPolicy) || ($.eventName=DetachGroupPolicy)}',
    description: 'An IAM policy was created, changed, attached or detached (the pattern matches DeletePolicy of any service, so EC2 Auto Scaling and Organizations policy deletions fire it too). ' +
      'Portside deploys change role policies through CloudFormation, so an alarm during a deploy is expected: check that invokedBy or the ' +
      'session is cloudformation.amazonaws.com / the cdk-hnb659fds-cfn-exec-role. Any other change: find it in CloudTrail, confirm who made it and why, ' +
      `and revert permissions nobody asked for. ${RUNBOOK}`,
  },
  {
    cis: '4.5',
    securityHub: 'CloudWatch.5',
    name: 'CloudTrailChanges',
    title: 'CloudTrail configuration changes',
    pattern: '{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}',
    description: 'A CloudTrail trail was created, changed, deleted, started or stopped in this account. ' +
      'Stopping or changing the audit trail is among the first things an intruder does to hide. Check that the account trail still logs ' +
      '(aws cloudtrail get-trail-status: IsLogging true) and that the change came from a Portside deploy of the foundation stack. ' +
      `If not: aws cloudtrail start-logging --name <project>-audit, undo the change, then investigate the principal that made the call. ${RUNBOOK}`,
  },
  {
    cis: '4.6',
    securityHub: 'CloudWatch.6',
    name: 'ConsoleAuthenticationFailure',
    title: 'Management Console authentication failures',
    pattern: '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
    description: 'A Management Console sign-in failed authentication (wrong password or MFA code). ' +
      'A single failure is usually a typo; repeated failures for one user or from one source IP suggest password guessing. ' +
      'Find the ConsoleLogin events in CloudTrail (userIdentity, sourceIPAddress). If they continue and are not the user\'s own, ' +
      `make sure the user has MFA, reset the password and consider blocking the source. ${RUNBOOK}`,
  },
  {
    cis: '4.7',
    securityHub: 'CloudWatch.7',
    name: 'DisableOrDeleteCMK',
    title: 'Disabling or scheduled deletion of customer managed KMS keys',
    pattern: '{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}',
    description: 'A customer managed KMS key was disabled or scheduled for deletion. Everything encrypted with it ' +
      '(databases, file systems, logs, backups) becomes unreadable when the key is deleted. Find the event in CloudTrail (requestParameters.keyId) ' +
      'and its principal. Removing a stack can schedule its key\'s deletion; anything else that was not planned: cancel at once with ' +
      `aws kms cancel-key-deletion --key-id <id> (and aws kms enable-key), within the waiting period (7-30 days). ${RUNBOOK}`,
  },
  {
    cis: '4.8',
    securityHub: 'CloudWatch.8',
    name: 'S3BucketPolicyChanges',
    title: 'S3 bucket policy changes',
    pattern: '{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy) || ($.eventName=PutBucketCors) || ($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication) || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors) || ($.eventName=DeleteBucketLifecycle) || ($.eventName=DeleteBucketReplication))}',
    description: 'An S3 bucket\'s policy, ACL, CORS, lifecycle or replication configuration was changed or deleted. ' +
      'Portside deploys set these through CloudFormation (expected during a deploy). Otherwise find the event in CloudTrail ' +
      '(requestParameters.bucketName) and check that the bucket is still private and TLS-only (S3 console: Permissions; Block Public Access on). ' +
      `Revert an unplanned change by hand (a deploy does not: CloudFormation drift detection on the owning stack shows what differs). ${RUNBOOK}`,
  },
  {
    cis: '4.9',
    securityHub: 'CloudWatch.9',
    name: 'AWSConfigChanges',
    title: 'AWS Config configuration changes',
    pattern: '{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || ($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel) || ($.eventName=PutConfigurationRecorder))}',
    description: 'The AWS Config recorder or delivery channel was stopped, deleted or changed. Without it the account loses its ' +
      'record of resource configurations (and the compliance rules built on it). Find the event in CloudTrail and who made it. ' +
      `If not planned by whoever owns AWS Config in this account: start the recorder again (aws configservice start-configuration-recorder) and investigate. ${RUNBOOK}`,
  },
  {
    cis: '4.10',
    securityHub: 'CloudWatch.10',
    name: 'SecurityGroupChanges',
    title: 'Security group changes',
    pattern: '{($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress) || ($.eventName=RevokeSecurityGroupIngress) || ($.eventName=RevokeSecurityGroupEgress) || ($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)}',
    description: 'A security group was created, deleted, or had a rule added or removed. Portside deploys do this through CloudFormation ' +
      '(expected during a deploy). Otherwise find the event in CloudTrail (requestParameters.groupId, ipPermissions): a rule that opens a ' +
      'database or a task to 0.0.0.0/0 exposes it. Remove unplanned rules by hand (drift detection on the owning stack lists them) and find who added them. ' +
      RUNBOOK,
  },
  {
    cis: '4.11',
    securityHub: 'CloudWatch.11',
    name: 'NetworkACLChanges',
    title: 'Network ACL changes',
    pattern: '{($.eventName=CreateNetworkAcl) || ($.eventName=CreateNetworkAclEntry) || ($.eventName=DeleteNetworkAcl) || ($.eventName=DeleteNetworkAclEntry) || ($.eventName=ReplaceNetworkAclEntry) || ($.eventName=ReplaceNetworkAclAssociation)}',
    description: 'A network ACL or one of its entries was created, changed, deleted or re-associated. Portside uses the VPC default ACLs ' +
      'and never changes them, so this was not a Portside deploy. Find the event in CloudTrail (networkAclId, ruleAction, cidrBlock), ' +
      `check what traffic it now allows or blocks, revert it if unplanned and find who made it. ${RUNBOOK}`,
  },
  {
    cis: '4.12',
    securityHub: 'CloudWatch.12',
    name: 'NetworkGatewayChanges',
    title: 'Network gateway changes',
    pattern: '{($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGateway) || ($.eventName=AttachInternetGateway) || ($.eventName=CreateInternetGateway) || ($.eventName=DeleteInternetGateway) || ($.eventName=DetachInternetGateway)}',
    description: 'An internet gateway or customer (VPN) gateway was created, attached, detached or deleted. Creating an environment\'s ' +
      'network stack does this once; at any other time it opens or cuts a path between a VPC and the outside. Find the event in CloudTrail ' +
      `(internetGatewayId, vpcId), confirm it was planned, and otherwise undo it and find who made it. ${RUNBOOK}`,
  },
  {
    cis: '4.13',
    securityHub: 'CloudWatch.13',
    name: 'RouteTableChanges',
    title: 'Route table changes',
    pattern: '{($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute) || ($.eventName=ReplaceRouteTableAssociation) || ($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || ($.eventName=DisassociateRouteTable)}',
    description: 'A route or route table was created, replaced, deleted or re-associated. Network stack deploys do this through ' +
      'CloudFormation (expected then). Otherwise find the event in CloudTrail (routeTableId, destinationCidrBlock, gatewayId): a new route can send ' +
      `private traffic somewhere else. Revert unplanned changes by hand (drift detection on the network stack shows them) and find who made them. ${RUNBOOK}`,
  },
  {
    cis: '4.14',
    securityHub: 'CloudWatch.14',
    name: 'VPCChanges',
    title: 'VPC changes',
    pattern: '{($.eventName=CreateVpc) || ($.eventName=DeleteVpc) || ($.eventName=ModifyVpcAttribute) || ($.eventName=AcceptVpcPeeringConnection) || ($.eventName=CreateVpcPeeringConnection) || ($.eventName=DeleteVpcPeeringConnection) || ($.eventName=RejectVpcPeeringConnection) || ($.eventName=AttachClassicLinkVpc) || ($.eventName=DetachClassicLinkVpc) || ($.eventName=DisableVpcClassicLink) || ($.eventName=EnableVpcClassicLink)}',
    description: 'A VPC was created, deleted or modified, or a VPC peering connection was requested, accepted, rejected or deleted. ' +
      'Creating or removing an environment\'s network stack does this (expected then). Otherwise find the event in CloudTrail (vpcId, ' +
      'vpcPeeringConnectionId): an accepted peering puts another network inside this one\'s reach. Undo unplanned changes and find who made them. ' +
      RUNBOOK,
  },
  {
    cis: '4.15',
    name: 'OrganizationsChanges',
    title: 'AWS Organizations changes',
    pattern: '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }',
    description: 'A change was made to AWS Organizations from this account: accounts, organizational units, service control policies, ' +
      'handshakes, or this account leaving the organization. Most of these calls are only possible from the management account; in a member account ' +
      'LeaveOrganization and AcceptHandshake matter most. Find the event in CloudTrail and confirm it with whoever administers the organization; ' +
      `an unplanned policy detach or account move can remove guardrails from every account below it. ${RUNBOOK}`,
  },
];

/** The alarm name in an account: `<project>-CIS-4.3-RootAccountUsage`. */
export function cisAlarmName(project: string, alarm: Pick<CisAlarm, 'cis' | 'name'>): string {
  return `${project}-CIS-${alarm.cis}-${alarm.name}`;
}
