/**
 * The delivery lines of an estimate: image storage and its replicas in drRegion, replication
 * transfer, CodePipeline V2 action-minutes per pipeline run, and CodeBuild minutes per project.
 */
import type { EstimateInput } from './estimate';
import { Ledger, num } from './ledger';
import type { PriceKey } from './prices';
import { Props, Res, shortId } from './template-resources';
import { targetOf } from './template-references';

export interface DeliveryContext {
  readonly input: EstimateInput;
  readonly ledger: Ledger;
  readonly all: readonly Res[];
}

export function chargeDelivery({ input, ledger, all }: DeliveryContext): void {
  const { plan, assumptions: a } = input;
  const byId = (stack: Res['stack'], id: string | undefined) => (id === undefined ? undefined : all.find((r) => r.stack === stack && r.id === id));
  const repositories = all.filter((r) => r.type === 'AWS::ECR::Repository');
  for (const repository of repositories) {
    const name = typeof repository.props.RepositoryName === 'string' ? repository.props.RepositoryName : shortId(repository.id);
    ledger.charge({ category: 'delivery', item: 'ECR image storage', resource: name, stack: repository.stack, keys: 'ecr.storageGbMonth', quantity: a.imageStorageGbPerRepository, working: `${a.imageStorageGbPerRepository} GB` });
  }
  const servicePipelineNames = new Set(plan.delivery.pipelines.map((pipeline) => `${plan.project}-${pipeline.service}-${pipeline.branch}`));
  for (const replication of all.filter((r) => r.type === 'AWS::ECR::ReplicationConfiguration')) {
    const rules = (((replication.props.ReplicationConfiguration as Props | undefined)?.Rules ?? []) as Props[]);
    const regions = [...new Set(rules.flatMap((rule) => ((rule.Destinations ?? []) as Props[]).map((d) => String(d.Region))))];
    const repos = repositories.filter((r) => r.stack === replication.stack).length;
    const pushesGb = [...servicePipelineNames].length * a.commitsPerBranchMonth * a.imagePushGbPerCommit;
    for (const region of regions) {
      ledger.charge({ category: 'delivery', item: `ECR replica storage in ${region}`, resource: 'image replicas', stack: replication.stack, region, keys: 'ecr.storageGbMonth', quantity: repos * a.imageStorageGbPerRepository, working: `${repos} repositories × ${a.imageStorageGbPerRepository} GB` });
      ledger.charge({
        category: 'delivery', item: `ECR replication transfer to ${region}`, resource: 'image replicas', stack: replication.stack, keys: 'transfer.interRegionGb', quantity: pushesGb,
        working: `${servicePipelineNames.size} image pipelines × ${a.commitsPerBranchMonth} commits × ${a.imagePushGbPerCommit} GB of new layers`,
      });
    }
  }
  const buildMinutes = new Map<string, { minutes: number; project: Res }>();
  for (const pipeline of all.filter((r) => r.type === 'AWS::CodePipeline::Pipeline')) {
    const name = typeof pipeline.props.Name === 'string' ? pipeline.props.Name : shortId(pipeline.id);
    const runs = servicePipelineNames.has(name) ? a.commitsPerBranchMonth : a.platformCommitsPerMonth;
    let minutesPerRun = 0;
    for (const stage of (Array.isArray(pipeline.props.Stages) ? pipeline.props.Stages : []) as Props[]) {
      for (const action of (Array.isArray(stage.Actions) ? stage.Actions : []) as Props[]) {
        const type = (action.ActionTypeId ?? {}) as Props;
        if (type.Category === 'Approval') continue;
        if (type.Category === 'Source') { minutesPerRun += a.sourceActionMinutes; continue; }
        // A plan before an environment synthesizes the app like the check does: a build's minutes.
        const minutes = /^(Build|Check|Plan-.+)$/.test(String(stage.Name)) ? a.buildActionMinutes : a.deployActionMinutes;
        minutesPerRun += minutes;
        if (type.Provider === 'CodeBuild') {
          const project = byId(pipeline.stack, targetOf((action.Configuration as Props | undefined)?.ProjectName));
          if (project) {
            const entry = buildMinutes.get(project.id) ?? { minutes: 0, project };
            entry.minutes += runs * minutes;
            buildMinutes.set(project.id, entry);
          }
        }
      }
    }
    if (pipeline.props.PipelineType !== 'V2') {
      ledger.unpriceable('codepipeline.v1PipelineMonth', 'CodePipeline V1 pipeline', name, pipeline.stack);
      continue;
    }
    ledger.charge({ category: 'delivery', item: 'CodePipeline V2 action-minutes', resource: name, stack: pipeline.stack, keys: 'codepipeline.v2ActionMinute', quantity: runs * minutesPerRun, working: `${runs} runs × ${minutesPerRun} min (manual approvals are free)` });
  }
  for (const { minutes, project } of buildMinutes.values()) {
    const environmentProps = (project.props.Environment ?? {}) as Props;
    const arch = environmentProps.Type === 'ARM_CONTAINER' ? 'arm' : environmentProps.Type === 'LINUX_CONTAINER' ? 'linux' : undefined;
    const size = /SMALL$/.test(String(environmentProps.ComputeType)) ? 'small' : /MEDIUM$/.test(String(environmentProps.ComputeType)) ? 'medium' : /LARGE$/.test(String(environmentProps.ComputeType)) ? 'large' : undefined;
    const key = `codebuild.${arch}.${size}Minute`;
    const name = typeof project.props.Name === 'string' ? project.props.Name : shortId(project.id);
    if (arch === undefined || size === undefined) {
      ledger.unpriceable(key, `CodeBuild ${String(environmentProps.Type)} ${String(environmentProps.ComputeType)}`, name, project.stack);
      continue;
    }
    ledger.charge({ category: 'delivery', item: `CodeBuild ${arch === 'arm' ? 'ARM' : 'Linux x86'} ${size}`, resource: name, stack: project.stack, keys: key as PriceKey, quantity: minutes, working: `${num(minutes)} build minutes a month` });
  }
}
