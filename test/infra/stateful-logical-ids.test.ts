import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/infra/app';
import { readAssembly } from '../../src/reports/assembly-reader';
import { STATEFUL_REPLACEMENT_PROPERTIES } from '../../src/reports/plan-diff';
import { referencePlan } from '../support/reference';

/**
 * A changed logical id makes CloudFormation create a new resource and delete the old one: for a
 * database, a volume, a key, a bucket, a vault or a log group, that is data gone (or orphaned, if
 * retained). So every stateful resource's logical id is written out here: a refactor that moves a
 * construct fails this test, and changing the list is a decision someone reviews (with a migration:
 * `overrideLogicalId`, or a restore).
 */
describe('logical ids of stateful resources', () => {
  it('stay exactly these, stack by stack', () => {
    const { app } = buildApp(referencePlan(), { compliance: false });
    const ids = readAssembly(app.synth()).flatMap((stack) => Object.entries(stack.template.Resources)
      .filter(([, resource]) => resource.Type in STATEFUL_REPLACEMENT_PROPERTIES)
      .map(([logicalId, resource]) => `${stack.stackName} ${resource.Type} ${logicalId}`));
    expect(ids.sort()).toEqual([
      'purchase-direct-delivery AWS::ECR::Repository ImagesbackofficeRepositoryFCA5EC20',
      'purchase-direct-delivery AWS::ECR::Repository ImagesordereventsRepository932AC208',
      'purchase-direct-delivery AWS::ECR::Repository ImagesordersapiRepositoryF345AFD4',
      'purchase-direct-delivery AWS::ECR::Repository ImagesproductfeedsRepositoryF0001832',
      'purchase-direct-delivery AWS::ECR::Repository ImagesstorefrontRepository6B0E88F1',
      'purchase-direct-delivery AWS::KMS::Key StorageKeyBAA9457B',
      'purchase-direct-delivery AWS::Logs::LogGroup StorageBuildLogs003C2AEF',
      'purchase-direct-delivery AWS::S3::Bucket StorageAccessLogs96FB524C',
      'purchase-direct-delivery AWS::S3::Bucket StorageArtifacts08431D1F',
      'purchase-direct-dev-data AWS::Backup::BackupVault BackupVaultADF21B19',
      'purchase-direct-dev-data AWS::EFS::FileSystem FileSystemmediaFileSystemA5D89F5C',
      'purchase-direct-dev-data AWS::KMS::Key DataKey17AFBB84',
      'purchase-direct-dev-data AWS::Logs::LogGroup DatabaseUsersLogs1C0DD543',
      'purchase-direct-dev-data AWS::Logs::LogGroup DatabaseUsersProviderLogsB7ED3C8A',
      'purchase-direct-dev-data AWS::Logs::LogGroup DatabasecatalogLogauditB72617FC',
      'purchase-direct-dev-data AWS::Logs::LogGroup DatabasecatalogLogerror25386D8D',
      'purchase-direct-dev-data AWS::Logs::LogGroup DatabasecatalogLogslowqueryF4CB0958',
      'purchase-direct-dev-data AWS::Logs::LogGroup DatabaseordersLogpostgresqlDDC9C3BA',
      'purchase-direct-dev-data AWS::RDS::DBCluster DatabasecatalogClusterEEEB2EFD',
      'purchase-direct-dev-data AWS::RDS::DBCluster DatabaseordersClusterA0E75E54',
      'purchase-direct-dev-data AWS::RDS::DBInstance DatabasecatalogClusterWriter06DB321F',
      'purchase-direct-dev-data AWS::RDS::DBInstance DatabaseordersClusterWriterA457585D',
      'purchase-direct-dev-data AWS::S3::Bucket BucketfeedsBucket006B8ECD',
      'purchase-direct-dev-data AWS::SQS::Queue QueueordereventsDeadLetterQueue1E96A04D',
      'purchase-direct-dev-data AWS::SQS::Queue QueueordereventsQueueBC113B25',
      'purchase-direct-dev-network AWS::KMS::Key OperationsKeyD0717C64',
      'purchase-direct-dev-network AWS::Logs::LogGroup NetworkFlowLogs2BEC3212',
      'purchase-direct-dev-network AWS::Logs::LogGroup RedeployerLogs1EED44CF',
      'purchase-direct-dev-network AWS::S3::Bucket NetworkAlbAccessLogs006310A6',
      'purchase-direct-dev-network AWS::S3::Bucket NetworkServerAccessLogs65480703',
      'purchase-direct-dev-service-backoffice AWS::Logs::LogGroup WebLogsD9759FC4',
      'purchase-direct-dev-service-backoffice AWS::SecretsManager::Secret DatabaseUsercatalogSecret5D033483',
      'purchase-direct-dev-service-backoffice AWS::SecretsManager::Secret DatabaseUserordersSecret6B0A8361',
      'purchase-direct-dev-service-order-events AWS::Logs::LogGroup WorkerLogs4B5B6506',
      'purchase-direct-dev-service-order-events AWS::SecretsManager::Secret DatabaseUserordersSecret6B0A8361',
      'purchase-direct-dev-service-orders-api AWS::Logs::LogGroup WebLogsD9759FC4',
      'purchase-direct-dev-service-orders-api AWS::SecretsManager::Secret DatabaseUserordersSecret6B0A8361',
      'purchase-direct-dev-service-product-feeds AWS::Logs::LogGroup JobLogsD3A1DDA2',
      'purchase-direct-dev-service-product-feeds AWS::Logs::LogGroup JobRunLogsE0D3DFD2',
      'purchase-direct-dev-service-product-feeds AWS::SecretsManager::Secret DatabaseUsercatalogSecret5D033483',
      'purchase-direct-dev-service-storefront AWS::Logs::LogGroup WebLogsD9759FC4',
      'purchase-direct-dev-service-storefront AWS::SecretsManager::Secret DatabaseUsercatalogSecret5D033483',
      'purchase-direct-dev-service-storefront AWS::SecretsManager::Secret DatabaseUserordersSecret6B0A8361',
      'purchase-direct-dr-vault AWS::Backup::BackupVault Vault23237E5B',
      'purchase-direct-dr-vault AWS::Backup::BackupVault Vault23237E5B',
      'purchase-direct-dr-vault AWS::KMS::Key Key961B73FD',
      'purchase-direct-dr-vault AWS::KMS::Key Key961B73FD',
      'purchase-direct-foundation AWS::KMS::Key AuditKey55555D67',
      'purchase-direct-foundation AWS::KMS::Key AuditKey55555D67',
      'purchase-direct-foundation AWS::Logs::LogGroup AuditLogGroup4CD660E1',
      'purchase-direct-foundation AWS::Logs::LogGroup AuditLogGroup4CD660E1',
      'purchase-direct-foundation AWS::S3::Bucket AuditAccessLogs9A4BEAE3',
      'purchase-direct-foundation AWS::S3::Bucket AuditAccessLogs9A4BEAE3',
      'purchase-direct-foundation AWS::S3::Bucket AuditBucket7486E833',
      'purchase-direct-foundation AWS::S3::Bucket AuditBucket7486E833',
      'purchase-direct-prod-data AWS::Backup::BackupVault BackupVaultADF21B19',
      'purchase-direct-prod-data AWS::EFS::FileSystem FileSystemmediaFileSystemA5D89F5C',
      'purchase-direct-prod-data AWS::KMS::Key DataKey17AFBB84',
      'purchase-direct-prod-data AWS::Logs::LogGroup DatabaseUsersLogs1C0DD543',
      'purchase-direct-prod-data AWS::Logs::LogGroup DatabaseUsersProviderLogsB7ED3C8A',
      'purchase-direct-prod-data AWS::Logs::LogGroup DatabasecatalogLogauditB72617FC',
      'purchase-direct-prod-data AWS::Logs::LogGroup DatabasecatalogLogerror25386D8D',
      'purchase-direct-prod-data AWS::Logs::LogGroup DatabasecatalogLogslowqueryF4CB0958',
      'purchase-direct-prod-data AWS::Logs::LogGroup DatabaseordersLogpostgresqlDDC9C3BA',
      'purchase-direct-prod-data AWS::RDS::DBCluster DatabasecatalogClusterEEEB2EFD',
      'purchase-direct-prod-data AWS::RDS::DBCluster DatabaseordersClusterA0E75E54',
      'purchase-direct-prod-data AWS::RDS::DBInstance DatabasecatalogClusterReader173346D22',
      'purchase-direct-prod-data AWS::RDS::DBInstance DatabasecatalogClusterWriter06DB321F',
      'purchase-direct-prod-data AWS::RDS::DBInstance DatabaseordersClusterReader122CAEE8A',
      'purchase-direct-prod-data AWS::RDS::DBInstance DatabaseordersClusterWriterA457585D',
      'purchase-direct-prod-data AWS::S3::Bucket BucketfeedsBucket006B8ECD',
      'purchase-direct-prod-data AWS::SQS::Queue QueueordereventsDeadLetterQueue1E96A04D',
      'purchase-direct-prod-data AWS::SQS::Queue QueueordereventsQueueBC113B25',
      'purchase-direct-prod-network AWS::KMS::Key OperationsKeyD0717C64',
      'purchase-direct-prod-network AWS::Logs::LogGroup NetworkFlowLogs2BEC3212',
      'purchase-direct-prod-network AWS::Logs::LogGroup RedeployerLogs1EED44CF',
      'purchase-direct-prod-network AWS::S3::Bucket NetworkAlbAccessLogs006310A6',
      'purchase-direct-prod-network AWS::S3::Bucket NetworkServerAccessLogs65480703',
      'purchase-direct-prod-service-backoffice AWS::Logs::LogGroup WebLogsD9759FC4',
      'purchase-direct-prod-service-backoffice AWS::SecretsManager::Secret DatabaseUsercatalogSecret5D033483',
      'purchase-direct-prod-service-backoffice AWS::SecretsManager::Secret DatabaseUserordersSecret6B0A8361',
      'purchase-direct-prod-service-order-events AWS::Logs::LogGroup WorkerLogs4B5B6506',
      'purchase-direct-prod-service-order-events AWS::SecretsManager::Secret DatabaseUserordersSecret6B0A8361',
      'purchase-direct-prod-service-orders-api AWS::Logs::LogGroup FirewallLogs7FB06776',
      'purchase-direct-prod-service-orders-api AWS::Logs::LogGroup WebLogsD9759FC4',
      'purchase-direct-prod-service-orders-api AWS::SecretsManager::Secret DatabaseUserordersSecret6B0A8361',
      'purchase-direct-prod-service-product-feeds AWS::Logs::LogGroup JobLogsD3A1DDA2',
      'purchase-direct-prod-service-product-feeds AWS::Logs::LogGroup JobRunLogsE0D3DFD2',
      'purchase-direct-prod-service-product-feeds AWS::SecretsManager::Secret DatabaseUsercatalogSecret5D033483',
      'purchase-direct-prod-service-storefront AWS::Logs::LogGroup FirewallLogs7FB06776',
      'purchase-direct-prod-service-storefront AWS::Logs::LogGroup WebLogsD9759FC4',
      'purchase-direct-prod-service-storefront AWS::SecretsManager::Secret DatabaseUsercatalogSecret5D033483',
      'purchase-direct-prod-service-storefront AWS::SecretsManager::Secret DatabaseUserordersSecret6B0A8361',
    ]);
  });
});
