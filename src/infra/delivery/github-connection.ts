import * as codeconnections from 'aws-cdk-lib/aws-codeconnections';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/**
 * Lets a pipeline's role use the connection under its current service prefix too. CDK's source action
 * grants `codestar-connections:UseConnection`; a connection created today has an
 * `arn:aws:codeconnections:…` ARN, and the IAM action's prefix should match the ARN's (AWS
 * CodeConnections: the service was renamed, both prefixes exist), so the pipeline gets both.
 */
export function grantConnectionUse(pipeline: codepipeline.Pipeline, connectionArn: string): void {
  pipeline.addToRolePolicy(new iam.PolicyStatement({
    actions: ['codeconnections:UseConnection'],
    resources: [connectionArn],
  }));
}

export interface GitHubConnectionProps {
  readonly project: string;
  /** An existing connection; when absent one is created. */
  readonly connectionArn?: string;
}

/**
 * The CodeConnections link to GitHub every pipeline's source uses. A created connection starts
 * PENDING: someone confirms it once in the console (Developer Tools > Settings > Connections >
 * Update pending connection) and installs the AWS Connector for GitHub app on the owner's account.
 */
export class GitHubConnection extends Construct {
  public readonly connectionArn: string;
  /** True when this stack created the connection, which must then be confirmed in the console. */
  public readonly created: boolean;

  constructor(scope: Construct, id: string, props: GitHubConnectionProps) {
    super(scope, id);
    if (props.connectionArn) {
      this.connectionArn = props.connectionArn;
      this.created = false;
    } else {
      const connection = new codeconnections.CfnConnection(this, 'Connection', {
        // At most 32 characters: projects are at most 24.
        connectionName: `${props.project}-github`,
        providerType: 'GitHub',
      });
      this.connectionArn = connection.attrConnectionArn;
      this.created = true;
    }
  }
}
