import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface ApprovalTopicProps {
  readonly project: string;
  readonly email: string;
  readonly key: kms.IKey;
}

/**
 * Where manual approvals are announced: an encrypted, TLS-only topic with the manifest's
 * `alertEmail` subscribed (the address confirms the subscription once, from the first e-mail).
 */
export class ApprovalTopic extends Construct {
  public readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: ApprovalTopicProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', {
      topicName: `${props.project}-approvals`,
      displayName: `Portside ${props.project} approvals`,
      masterKey: props.key,
      enforceSSL: true,
    });
    this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));
  }
}
