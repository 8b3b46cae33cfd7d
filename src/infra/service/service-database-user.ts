import { CustomResource, Duration, RemovalPolicy, Tags } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { DatabaseAccessPlan } from '../../manifest/plan';
import type { AuroraDatabase } from '../data/aurora-database';
import { DATABASE_USER_SECRET_TAG, DATABASE_USER_TAGS } from '../data/database-user-provisioner';

/**
 * How often a service's database password is rotated. With alternating users the credential a task
 * already holds keeps working for one more full period after a rotation, and every rotation also
 * redeploys the service, so no running task ever holds a credential that no longer works.
 */
export const DATABASE_USER_ROTATION = Duration.days(30);

/** What a service stack needs of the data stack's database user provisioner. */
export interface DatabaseUserProvider {
  /** `ServiceToken` of `Custom::DatabaseUser`. */
  readonly serviceToken: string;
  /** The rotation function of the user secrets. */
  readonly rotationFunctionArn: string;
}

export interface ServiceDatabaseUserProps {
  readonly project: string;
  readonly environment: string;
  readonly service: string;
  readonly access: DatabaseAccessPlan;
  readonly database: AuroraDatabase;
  readonly provider: DatabaseUserProvider;
  /** The environment's data key (imported by ARN here, so no grant edits the data stack's key policy). */
  readonly dataKey: kms.IKey;
}

/**
 * One service's own user on one Aurora cluster, kept by the platform: its secret (generated
 * password, encrypted with the data key), the `Custom::DatabaseUser` that creates it with the
 * privileges of its access (and disables it, never drops it, when the service or the entry goes),
 * and a rotation every 30 days by the alternating-users scheme. It lives in the service's stack, so
 * the user is disabled only after the service's new tasks no longer need it (CloudFormation removes
 * resources in the clean-up phase, after the service has been updated or deleted).
 */
export class ServiceDatabaseUser extends Construct {
  public readonly secret: secretsmanager.Secret;
  public readonly user: CustomResource;
  public readonly database: AuroraDatabase;
  public readonly access: DatabaseAccessPlan;
  /** Writer endpoint for read-write access, reader endpoint for read access. */
  public readonly hostname: string;
  /** The key the secret is encrypted with: whoever reads the secret must decrypt through Secrets Manager. */
  public readonly encryptionKeyArn: string;

  constructor(scope: Construct, id: string, props: ServiceDatabaseUserProps) {
    super(scope, id);
    const { access, database } = props;
    this.access = access;
    this.database = database;
    this.hostname = access.access === 'read' ? database.readerEndpointHostname : database.endpointHostname;
    this.encryptionKeyArn = props.dataKey.keyArn;

    this.secret = new secretsmanager.Secret(this, 'Secret', {
      description: `${props.project} ${props.environment}: ${props.service}'s ${access.access} user on ${database.database.name} (${access.username}); rotated every ${DATABASE_USER_ROTATION.toDays()} days`,
      encryptionKey: props.dataKey,
      // Only the user name is templated: CloudFormation generates a new password whenever these settings
      // change, and no Custom::DatabaseUser update would follow to set it, so nothing that can change
      // (host, access) is in them, and they must never be edited (a test pins them). Rotation alternates the name.
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ username: access.username }),
        generateStringKey: 'password',
        excludePunctuation: true,
        passwordLength: 32,
      },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const tags = Tags.of(this.secret);
    tags.add(DATABASE_USER_SECRET_TAG, `${props.project}-${props.environment}`);
    tags.add(DATABASE_USER_TAGS.cluster, database.clusterIdentifier);
    tags.add(DATABASE_USER_TAGS.database, database.database.databaseName);
    tags.add(DATABASE_USER_TAGS.access, access.access);
    tags.add(DATABASE_USER_TAGS.service, props.service);

    this.user = new CustomResource(this, 'User', {
      serviceToken: props.provider.serviceToken,
      resourceType: 'Custom::DatabaseUser',
      properties: {
        ClusterIdentifier: database.clusterIdentifier,
        DatabaseName: database.database.databaseName,
        Username: access.username,
        Access: access.access,
        SecretArn: this.secret.secretArn,
      },
      // Disabling the user never touches data; the secret goes with the service.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const rotation = new secretsmanager.CfnRotationSchedule(this, 'Rotation', {
      secretId: this.secret.secretArn,
      rotationLambdaArn: props.provider.rotationFunctionArn,
      rotationRules: { scheduleExpression: `rate(${DATABASE_USER_ROTATION.toDays()} days)` },
      // The first rotation waits a period: the user was just made with the generated password.
      rotateImmediatelyOnUpdate: false,
    });
    // Rotation needs the user to exist (it copies nothing: it makes the alternate user with the same access).
    rotation.node.addDependency(this.user);
  }

  /** The secret's username and password, injected into the container at start. */
  public containerSecrets(): { username: ecs.Secret; password: ecs.Secret } {
    return {
      username: ecs.Secret.fromSecretsManager(this.secret, 'username'),
      password: ecs.Secret.fromSecretsManager(this.secret, 'password'),
    };
  }
}
