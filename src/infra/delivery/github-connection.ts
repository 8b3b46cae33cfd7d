import * as codeconnections from 'aws-cdk-lib/aws-codeconnections';
import { Construct } from 'constructs';

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
