/**
 * The commented starter `portside.yaml` that `portside init` writes: two environments (an economy one
 * and a resilient production one behind an approval) and one web service, valid as written; the
 * other kinds of things a manifest holds are shown commented out, ready to uncomment.
 */
export interface StarterOptions {
  readonly project: string;
  readonly region: string;
  readonly drRegion: string;
  readonly account: string;
  readonly prodAccount: string;
  /** A tooling account for image repositories and pipelines; absent: the first environment's account. */
  readonly deliveryAccount?: string;
  readonly githubOwner: string;
  readonly alertEmail: string;
}

/** A line with its comment in the column the other comments use. */
function commented(text: string, comment: string): string {
  return `${text.padEnd(33)} # ${comment}`;
}

export function starterManifest(options: StarterOptions): string {
  const { project, region, drRegion, account, prodAccount, deliveryAccount, githubOwner, alertEmail } = options;
  const delivery = deliveryAccount
    ? `\n${commented('delivery:', 'image repositories and pipelines live in this tooling account, trusted by the environments')}\n  account: "${deliveryAccount}"\n`
    : `\n# delivery:                      # a tooling account for image repositories and pipelines (default: the first environment's)\n#   account: "999999999999"\n`;
  return `# yaml-language-server: $schema=./node_modules/portside/portside.schema.json
# The manifest of ${project}'s container platform on AWS, written by \`portside init\`.
# Reference: node_modules/portside/docs/manifest.md. Check it with \`npx portside validate\`,
# see what it builds with \`npx portside plan\`, what it costs with \`npx portside cost\`.
${commented(`project: ${project}`, 'prefixes every stack and resource name')}
${commented(`region: ${region}`, 'primary region')}
${commented(`drRegion: ${drRegion}`, 'backups are copied here')}
${commented(`alertEmail: ${alertEmail}`, 'alarms, budgets and approvals are sent here')}

github:
${commented(`  owner: ${githubOwner}`, 'owner of the service repositories')}
  # platform: { repository: ${githubOwner}/${project}, branch: main }   # the repository holding this file (the default)
${delivery}
environments:                     # deployed in this order by the platform pipeline and \`portside deploy\`
  staging:
    account: "${account}"
    branch: develop               # each service repository's branch that deploys here
    profile: economy              # one NAT gateway, Fargate Spot, smaller databases
    budgetMonthlyUsd: 500
  prod:
    account: "${prodAccount}"
    branch: main
    profile: resilient            # three AZs, no Spot, a database reader in another AZ
    approval: true                # a person approves before each deploy
    budgetMonthlyUsd: 2000
    allowPlainHttp: true          # no domain yet, so web answers on plain HTTP: add a domain and remove this before real traffic
    # domain: { name: example.com, hostedZoneId: Z0123456789ABCDEFGHIJ }   # HTTPS: a certificate and <service>.<name> records

# databases:                      # Aurora, Multi-AZ in resilient environments
#   app:
#     engine: aurora-postgresql   # or aurora-mysql

services:
  web:
${commented(`    repository: ${githubOwner}/web`, 'GitHub owner/repo holding its Dockerfile')}
    port: 8080
    healthCheckPath: /health
    cpu: 256                      # Fargate CPU units; with memoryMiB a valid Fargate size
    memoryMiB: 512
    desiredCount: 2               # minimum tasks
    maxCount: 6                   # autoscaling ceiling
    public: true                  # internet-facing load balancer
    # databases: [app]            # its own database user, APP_DB_* variables injected

  # worker:                       # a queue consumer: no load balancer
  #   kind: worker
  #   repository: ${githubOwner}/worker
  #   queue: jobs                 # declare it under queues:
  #   cpu: 256
  #   memoryMiB: 512

# queues:
#   jobs: {}
`;
}
