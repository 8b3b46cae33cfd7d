import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/infra/app';
import { readAssembly, type CfnResource, type SynthesizedStack } from '../../src/reports/assembly-reader';
import { diagramDot, endpointName, EnvironmentModel, environmentModel, renderSvg, TemplateReferences } from '../../src/reports/diagram';
import { referencePlan } from '../support/reference';
import { byClass, parseXml, textOf } from '../support/xml';

/** A small resilient environment, as the model builder would read it from the templates. */
function model(overrides: Partial<EnvironmentModel> = {}): EnvironmentModel {
  const zones = ['eu-west-2a', 'eu-west-2b'];
  return {
    project: 'shop',
    environment: 'prod',
    account: '222222222222',
    region: 'eu-west-2',
    profile: 'resilient',
    network: {
      cidr: '10.0.0.0/16',
      availabilityZones: zones,
      subnets: (['public', 'private', 'isolated'] as const).flatMap((tier, t) => zones.map((zone, z) => ({ tier, availabilityZone: zone, cidr: `10.0.${t * 16 + z}.0/24` }))),
      natGateways: zones,
      interfaceEndpoints: ['ecr.api', 'logs'],
      interfaceEndpointTier: 'private',
      gatewayEndpoints: ['s3'],
    },
    services: [
      {
        name: 'web', stackName: 'shop-prod-service-web', kind: 'web', sidecars: ['otel'], minTasks: 2, maxTasks: 6, cpu: 512, memoryMiB: 1024, architecture: 'arm64', spot: false,
        containerPort: 3000, tier: 'private', databases: ['shop-prod-catalog'], readOnlyDatabases: [], calls: ['admin'], mounts: [{ fileSystem: 'FileSystemMedia', containerPath: '/mnt/media' }],
        bucketGrants: [{ resource: 'shop-prod-uploads-222222222222-eu-west-2', access: 'read-write' }], queueGrants: [{ resource: 'shop-prod-orders', access: 'send' }],
        loadBalancer: { scheme: 'internet-facing', https: true, domainName: 'web.shop.example', firewall: true, tier: 'public', deployment: 'canary 10 %, test :8443 (VPC)' },
      },
      {
        name: 'admin', stackName: 'shop-prod-service-admin', kind: 'web', sidecars: [], minTasks: 1, maxTasks: 1, cpu: 256, memoryMiB: 512, architecture: 'x86_64', spot: true,
        containerPort: 8000, tier: 'private', databases: ['shop-prod-catalog'], readOnlyDatabases: ['shop-prod-catalog'], calls: [], mounts: [], bucketGrants: [], queueGrants: [{ resource: 'shop-prod-orders', access: 'consume' }],
        loadBalancer: { scheme: 'internal', https: false, firewall: false, tier: 'private', deployment: 'rolling' },
      },
    ],
    databases: [{
      id: 'shop-prod-catalog', name: 'catalog', engine: 'aurora-mysql', version: '3.10.4', tier: 'isolated',
      instances: [{ role: 'writer', instanceClass: 'db.r7g.large', availabilityZone: 'eu-west-2a' }, { role: 'reader', instanceClass: 'db.r7g.large', availabilityZone: 'eu-west-2b' }],
    }],
    fileSystems: [{ id: 'FileSystemMedia', name: 'media', mountTargets: zones, tier: 'private' }],
    buckets: [{ bucketName: 'shop-prod-uploads-222222222222-eu-west-2', expireAfterDays: 365 }],
    queues: [{ queueName: 'shop-prod-orders', deadLetterQueueName: 'shop-prod-orders-dlq', fifo: false, maxReceiveCount: 5 }],
    delivery: {
      stackName: 'shop-delivery', account: '111111111111', region: 'eu-west-2',
      imagePipelines: [
        { name: 'shop-web-main', service: 'web', repository: 'shop/web', branch: 'main', buildProject: 'shop-web-image', platform: 'linux/arm64', imageRepository: 'shop/web', approval: true, stackName: 'shop-prod-service-web' },
        { name: 'shop-admin-main', service: 'admin', repository: 'shop/admin', branch: 'main', buildProject: 'shop-admin-image', platform: 'linux/amd64', imageRepository: 'shop/admin', approval: true, stackName: 'shop-prod-service-admin' },
      ],
      platformPipelines: [{ name: 'shop-platform', repository: 'shop/platform', branch: 'main', stepsBefore: ['check', 'delivery'], approval: true }],
    },
    ...overrides,
  };
}

/** Edges of a Graphviz SVG as `tail->head`, from their titles. */
function edges(svg: ReturnType<typeof parseXml>): string[] {
  return byClass(svg, 'edge').map((edge) => textOf(edge.children.find((child) => child.name === 'title')!));
}

describe('diagramDot', () => {
  it('draws each service as load balancer → Fargate service → Aurora cluster and EFS volume, inside the VPC tiers', async () => {
    // GIVEN a model WHEN it is laid out
    const svg = parseXml(await renderSvg(diagramDot(model())));
    // THEN every kind of thing is a node of its class, with its facts in the label
    expect(byClass(svg, 'service').map((node) => node.attributes.id)).toEqual(['prod-service-admin', 'prod-service-web']);
    expect(byClass(svg, 'load-balancer')).toHaveLength(2);
    expect(byClass(svg, 'database')).toHaveLength(1);
    expect(byClass(svg, 'file-system')).toHaveLength(1);
    expect(byClass(svg, 'nat-gateway')).toHaveLength(2);
    expect(byClass(svg, 'internet')).toHaveLength(1);
    expect(textOf(byClass(svg, 'service').find((node) => node.attributes.id === 'prod-service-web')!)).toMatch(/web.*Fargate · 2–6 tasks · arm64.*0\.5 vCPU · 1 GiB per task/s);
    expect(textOf(byClass(svg, 'service').find((node) => node.attributes.id === 'prod-service-admin')!)).toMatch(/Fargate \+ Spot · 1 task · x86_64/);
    expect(textOf(byClass(svg, 'database')[0]!)).toMatch(/catalog.*Aurora MySQL 3\.10\.4.*writer db\.r7g\.large · eu-west-2a.*reader db\.r7g\.large · eu-west-2b/s);
    expect(textOf(byClass(svg, 'load-balancer')[0]!) + textOf(byClass(svg, 'load-balancer')[1]!)).toMatch(/internet-facing · HTTPS · WAF.*web\.shop\.example/s);
    // AND the tiers and AZs are clusters
    const clusters = byClass(svg, 'cluster').map((cluster) => cluster.attributes.id);
    expect(clusters).toEqual(expect.arrayContaining(['prod-cluster-vpc', 'prod-cluster-public', 'prod-cluster-private', 'prod-cluster-isolated', 'prod-cluster-public-eu-west-2a', 'prod-cluster-isolated-eu-west-2b', 'prod-cluster-delivery']));
    // AND requests, data, mounts and deployments are edges
    expect(edges(svg)).toEqual(expect.arrayContaining([
      'internet->alb-web', 'alb-web->service-web', 'alb-admin->service-admin', 'service-web->database-catalog', 'service-admin->database-catalog',
      'service-web->volume-media', 'source-web->build-web', 'build-web->registry-web', 'registry-web->service-web',
    ]));
    expect(edges(svg)).not.toContain('internet->alb-admin');
  });

  it('labels a traffic-shifting service\'s load balancer with its strategy and test listener, and a rolling one with nothing more', () => {
    const albs = diagramDot(model()).split('\n').filter((line) => line.includes('"alb-'));
    expect(albs.find((line) => line.includes('"alb-web"'))).toContain('canary 10 %, test :8443 (VPC)');
    expect(albs.find((line) => line.includes('"alb-admin"'))).not.toContain('rolling');
  });

  it('draws read-only database access as a dashed edge labelled read', () => {
    const edges = diagramDot(model()).split('\n').filter((line) => line.includes('-> "database-catalog"'));
    expect(edges.find((line) => line.includes('"service-admin"'))).toMatch(/label="read".*style="dashed"|style="dashed".*label="read"/);
    expect(edges.find((line) => line.includes('"service-web"'))).not.toMatch(/label="read"|dashed/);
  });

  it('draws a call from the calling service to the callee\'s load balancer', () => {
    const calls = diagramDot(model()).split('\n').filter((line) => line.includes('label="calls"'));
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatch(/^\s*"service-web" -> "alb-admin" /);
  });

  it('draws buckets and queues outside the VPC, with an edge per grant labelled with its access', async () => {
    const dot = diagramDot(model());
    const regional = dot.slice(dot.indexOf('subgraph "cluster_regional"'));
    expect(dot.indexOf('subgraph "cluster_regional"')).toBeGreaterThan(dot.lastIndexOf('subgraph "cluster_vpc"'));
    expect(regional).toContain('"bucket-shop-prod-uploads-222222222222-eu-west-2"');
    expect(regional).toContain('"queue-shop-prod-orders"');
    const edges = dot.split('\n');
    expect(edges.find((line) => line.includes('"service-web" -> "bucket-shop-prod-uploads-222222222222-eu-west-2"'))).toContain('label="read-write"');
    expect(edges.find((line) => line.includes('"service-web" -> "queue-shop-prod-orders"'))).toContain('label="send"');
    expect(edges.find((line) => line.includes('"service-admin" -> "queue-shop-prod-orders"'))).toContain('label="consume"');
    const legend = textOf(parseXml(await renderSvg(dot)));
    expect(legend).toContain('S3 bucket');
    expect(legend).toContain('SQS queue');
    expect(legend).toContain('queue grant');
  });

  it('keeps the legend to what the diagram holds', async () => {
    const withoutStorage = model({ fileSystems: [], buckets: [], services: model().services.map((service) => ({ ...service, mounts: [], bucketGrants: [] })) });
    const legend = textOf(parseXml(await renderSvg(diagramDot(withoutStorage))));
    expect(legend).toContain('Aurora cluster');
    expect(legend).not.toContain('EFS volume');
    expect(legend).not.toContain('volume mount');
  });

  it('escapes names in labels and quotes identifiers', async () => {
    const hostile = model({ project: 'a<b>&"c"' });
    const dot = diagramDot(hostile);
    expect(dot).toContain('digraph "a<b>&\\"c\\"-prod"');
    expect(dot).toContain('a&lt;b&gt;&amp;&quot;c&quot; · prod');
    const svg = parseXml(await renderSvg(dot));
    expect(textOf(svg)).toContain('a<b>&"c" · prod');
  });

  it('gives the same dot source and the same SVG for the same model', async () => {
    const first = diagramDot(model());
    expect(diagramDot(model())).toBe(first);
    expect(await renderSvg(diagramDot(model()))).toBe(await renderSvg(first));
  });

  it('draws an environment without delivery stack, NAT gateways or endpoints', async () => {
    const bare = model({ delivery: undefined, network: { ...model().network, natGateways: [], interfaceEndpoints: [], gatewayEndpoints: [] } });
    const svg = parseXml(await renderSvg(diagramDot(bare)));
    expect(byClass(svg, 'nat-gateway')).toHaveLength(0);
    expect(byClass(svg, 'endpoint')).toHaveLength(0);
    expect(byClass(svg, 'source')).toHaveLength(0);
    expect(byClass(svg, 'service')).toHaveLength(2);
  });
});

describe('endpointName', () => {
  it('shortens interface and gateway endpoint service names', () => {
    expect(endpointName('com.amazonaws.eu-west-2.ecr.api')).toBe('ecr.api');
    expect(endpointName({ 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.s3']] })).toBe('s3');
  });
});

describe('TemplateReferences', () => {
  const stack = (stackName: string, resources: Record<string, CfnResource>, outputs: Record<string, unknown> = {}): SynthesizedStack => ({
    environment: 'prod', stackName, account: '222222222222', region: 'eu-west-2',
    template: { Resources: resources, Outputs: outputs }, templateBytes: 0, terminationProtection: false, assetCount: 0,
  });
  const data = stack('shop-prod-data', {
    Catalog: { Type: 'AWS::RDS::DBCluster', Properties: { DBClusterIdentifier: 'shop-prod-catalog' } },
  }, { CatalogHost: { Value: { 'Fn::GetAtt': ['Catalog', 'Endpoint.Address'] } } });
  const service = stack('shop-prod-service-web', {
    Task: {
      Type: 'AWS::ECS::TaskDefinition',
      Properties: { ContainerDefinitions: [{ Environment: [{ Name: 'DB_HOST', Value: { 'Fn::GetStackOutput': { StackName: 'shop-prod-data', Region: 'eu-west-2', OutputName: 'CatalogHost' } } }] }] },
    },
    Service: { Type: 'AWS::ECS::Service', Properties: { TaskDefinition: { Ref: 'Task' } } },
  });
  const references = new TemplateReferences([data, service]);

  it('follows Fn::GetStackOutput to the resource behind the other stack\'s output', () => {
    const target = references.resolve({ 'Fn::GetStackOutput': { StackName: 'shop-prod-data', Region: 'eu-west-2', OutputName: 'CatalogHost' } }, service);
    expect(target?.logicalId).toBe('Catalog');
    expect(target?.stack.stackName).toBe('shop-prod-data');
  });

  it('lists every resource referenced deeply, once each', () => {
    const found = references.referencedBy(service.template.Resources, service).map((r) => `${r.stack.stackName}/${r.logicalId}`);
    expect(found).toEqual(['shop-prod-data/Catalog', 'shop-prod-service-web/Task']);
  });

  it('resolves nothing for an output that does not exist', () => {
    expect(references.resolve({ 'Fn::GetStackOutput': { StackName: 'shop-prod-data', OutputName: 'Missing' } }, service)).toBeUndefined();
    expect(references.resolve('plain', service)).toBeUndefined();
  });
});

describe('environmentModel from the reference manifest\'s templates', () => {
  it('reads calls and read-only database access from the service stacks', () => {
    const plan = referencePlan();
    const templates = readAssembly(buildApp(plan, { compliance: false }).app.synth());
    for (const environment of ['dev', 'prod']) {
      const services = environmentModel(templates, plan, environment).services;
      const of = (name: string) => services.find((service) => service.name === name)!;
      expect(of('storefront').calls, environment).toEqual(['orders-api']);
      expect(of('orders-api').calls, environment).toEqual([]);
      expect(of('backoffice').readOnlyDatabases, environment).toEqual([`purchase-direct-${environment}-orders`]);
      expect(of('storefront').readOnlyDatabases, environment).toEqual([]);
    }
  });
});

describe('environmentModel on the reference manifest: buckets, queues and grants', () => {
  it('reads the data stack\'s bucket and queue and each service\'s grants from the templates', () => {
    const plan = referencePlan();
    const stacks = readAssembly(buildApp(plan, { compliance: false }).app.synth());
    const prod = environmentModel(stacks, plan, 'prod');
    expect(prod.buckets).toEqual([{ bucketName: 'purchase-direct-prod-feeds-222222222222-eu-west-2', expireAfterDays: 90 }]);
    expect(prod.queues).toEqual([{ queueName: 'purchase-direct-prod-order-events', deadLetterQueueName: 'purchase-direct-prod-order-events-dlq', fifo: false, maxReceiveCount: 5 }]);
    const grants = Object.fromEntries(prod.services.map((service) => [service.name, [...service.bucketGrants, ...service.queueGrants]]));
    expect(grants).toEqual({
      storefront: [{ resource: 'purchase-direct-prod-feeds-222222222222-eu-west-2', access: 'read' }],
      'orders-api': [{ resource: 'purchase-direct-prod-order-events', access: 'send' }],
      backoffice: [],
      'order-events': [{ resource: 'purchase-direct-prod-order-events', access: 'consume' }],
      'product-feeds': [{ resource: 'purchase-direct-prod-feeds-222222222222-eu-west-2', access: 'write' }],
    });
  });

  it('tells web services, the worker and the job apart, with the job\'s schedule', () => {
    const plan = referencePlan();
    const stacks = readAssembly(buildApp(plan, { compliance: false }).app.synth());
    const prod = environmentModel(stacks, plan, 'prod');
    expect(prod.services.map((service) => [service.name, service.kind, service.schedule, service.loadBalancer === undefined])).toEqual([
      ['storefront', 'web', undefined, false],
      ['orders-api', 'web', undefined, false],
      ['backoffice', 'web', undefined, false],
      ['order-events', 'worker', undefined, true],
      ['product-feeds', 'job', 'cron(30 1 * * ? *) Europe/London', true],
    ]);
    expect(prod.services.find((service) => service.name === 'product-feeds')).toMatchObject({ minTasks: 1, maxTasks: 1 });
  });
});
