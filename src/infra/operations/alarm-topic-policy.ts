import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as sns from 'aws-cdk-lib/aws-sns';

/**
 * Lets this account's CloudWatch alarms of this region publish to `topic`. `enforceSSL` gives a topic
 * its own policy, which replaces SNS's default one: without this statement an alarm's publish is
 * refused ("... alarm:X is not authorized to perform: SNS:Publish ... because no resource-based
 * policy allows") and nobody is told.
 */
export function allowAlarmsToPublish(topic: sns.Topic): void {
  const stack = Stack.of(topic);
  topic.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'ThisAccountsAlarmsPublish',
    principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
    actions: ['sns:Publish'],
    resources: [topic.topicArn],
    conditions: {
      ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
      StringEquals: { 'aws:SourceAccount': stack.account },
    },
  }));
}
