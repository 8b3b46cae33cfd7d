import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/manifest';
import { BASE_MANIFEST, edit, where } from './fixtures/base-manifest';
import { expectedIssue } from './fixtures/issues';

interface InvalidCase {
  /** The behaviour, as the test name: "rejects …". */
  readonly name: string;
  readonly yaml: string;
  /** The field path of the expected issue ('' for problems with the YAML text). */
  readonly path: string;
  readonly message: RegExp;
  /** Expected `line:column` (see `where`), when the position matters. */
  readonly at?: string;
}

/** Builds a case whose position is the `|` in `marked`, located in its own manifest. */
function at(yaml: string, marked: string): string {
  return where(yaml, marked);
}

function c(name: string, yaml: string, path: string, message: RegExp, marked?: string): InvalidCase {
  return marked === undefined ? { name, yaml, path, message } : { name, yaml, path, message, at: at(yaml, marked) };
}

const BINARY = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7919 + 13) % 256)).toString('latin1');

const CASES: readonly InvalidCase[] = [
  // ── The document ──────────────────────────────────────────────────────────────────────────
  c('rejects an empty file', '', '', /^got an empty manifest; expected a mapping with the fields project, region, .*; start from the example in MANIFEST\.md$/),
  c('rejects a file with only comments', '# nothing here yet\n', '', /^got an empty manifest/),
  c('rejects a scalar file', 'hello\n', '', /^got "hello" \(a string\); expected a mapping with the fields project, region/),
  c('rejects a list at the top', '- project: shop\n', '', /^got a list; expected a mapping/),
  c('rejects binary garbage', BINARY, '', /^(got .*expected a mapping|invalid YAML|bad indentation)/),
  c('rejects bad indentation with its position', edit(['  owner: shop-co\n', '  owner: shop-co\n    extra: 1\n']), '', /^bad indentation: .*; fix the indentation of this line$/, 'owner: |shop-co'),
  c('rejects an unclosed quote', edit(['branch: dev\n', 'branch: "dev\n']), '', /^invalid YAML: missing closing "quote; .*close the quote/),
  c('rejects a duplicate key, naming where it first appeared', edit(['    port: 8080\n', '    port: 8080\n    port: 8081\n']), 'services.api.port', /^got "port" a second time in the same mapping \(first at line \d+\); each key may appear once; remove one of them or merge them$/, '    port: 8080\n    |port: 8081'),
  c('rejects tabs used for indentation', edit(['github:\n  owner', 'github:\n\towner']), '', /^got a tab used for indentation; YAML indents with spaces only/, '|\towner'),
  c('rejects a second YAML document', `${BASE_MANIFEST}---\nproject: other\n`, '', /^got more than one YAML document; .*remove the extra --- line$/, '|---'),
  c('rejects custom YAML tags', edit(['region: eu-west-2', 'region: !Ref Region']), '', /^got an unknown YAML tag \(unresolved tag: !Ref\)/, 'region: |!Ref'),

  // ── Top level ─────────────────────────────────────────────────────────────────────────────
  c('rejects a project name with capitals, suggesting a valid one', edit(['project: shop', 'project: My_Shop']), 'project', /^got "My_Shop"; project names are 3–24 lowercase letters, digits and hyphens.*; rename it to "my-shop"$/, 'project: |My_Shop'),
  c('rejects a project name shorter than 3 characters', edit(['project: shop', 'project: ab']), 'project', /^got "ab"; project names are 3–24/),
  c('rejects an unknown top-level field, suggesting the likely one', edit(['\nservices:\n', '\nservces:\n']), 'servces', /^got unknown field "servces"; allowed fields: project, region, .*; did you mean "services"\?$/, '|servces:'),
  c('reports a missing required field at its parent', edit(['alertEmail: ops@shop.example\n', '']), '', /^missing required field "alertEmail"; expected an email address; add alertEmail: platform@example\.com$/, '|project: shop'),
  c('rejects a region code in capitals', edit(['region: eu-west-2', 'region: EU-West-2']), 'region', /^got "EU-West-2"; expected an AWS region code such as eu-west-2; write it in lowercase without spaces: eu-west-2$/),
  c('rejects a region that does not exist before synthesis, suggesting the likely one', edit(['region: eu-west-2', 'region: us-west-9']), 'region', /^got "us-west-9"; no AWS commercial region has that code; did you mean "us-west-1"\?$/, 'region: |us-west-9'),
  c('rejects a region of another partition', edit(['drRegion: eu-west-1', 'drRegion: us-gov-west-1']), 'drRegion', /^got "us-gov-west-1"; us-gov-west-1 is in the aws-us-gov partition; Portside deploys to the commercial AWS regions/),
  c('rejects an environment region that does not exist', edit(['    branch: dev\n', '    branch: dev\n    region: eu-west-7\n']), 'environments.dev.region', /^got "eu-west-7"; no AWS commercial region has that code; did you mean "eu-west-[0-9]"\?$/),
  c('rejects accountBaseline switches written as text', edit(['\nenvironments:\n', '\naccountBaseline: { cloudTrail: "no" }\nenvironments:\n']), 'accountBaseline.cloudTrail', /^got "no" \(a string\); expected true or false/),
  c('rejects an unknown accountBaseline switch, suggesting the likely one', edit(['\nenvironments:\n', '\naccountBaseline: { cloudtrail: false }\nenvironments:\n']), 'accountBaseline.cloudtrail', /^got unknown field "cloudtrail"; allowed fields: cloudTrail, costAnomalyMonitor; did you mean "cloudTrail"\?$/),
  c('rejects a delivery account that is not 12 digits', edit(['\nenvironments:\n', '\ndelivery: { account: "99999" }\nenvironments:\n']), 'delivery.account', /^got "99999"; expected an AWS account ID of exactly 12 digits, in quotes/),
  c('rejects a delivery region that does not exist', edit(['\nenvironments:\n', '\ndelivery: { region: eu-west-22 }\nenvironments:\n']), 'delivery.region', /^got "eu-west-22"; no AWS commercial region has that code/),
  c('rejects a drRegion equal to region', edit(['drRegion: eu-west-1', 'drRegion: eu-west-2']), 'drRegion', /^got eu-west-2, the same as region; .*must differ; choose another region/, 'drRegion: |eu-west-2'),
  c('rejects an alertEmail that is not an address', edit(['alertEmail: ops@shop.example', 'alertEmail: ops-at-shop']), 'alertEmail', /^got "ops-at-shop"; expected an email address/),
  c('rejects tag keys starting with aws:', edit(['  CostCentre: retail', '  aws:cost: retail']), 'tags["aws:cost"]', /^got tag key "aws:cost"; keys starting with aws: are reserved for AWS; rename it, e\.g\. "cost"$/, '  |aws:cost'),
  c('rejects tag keys Portside sets itself, in any case', edit(['  CostCentre: retail', '  Environment: retail']), 'tags.Environment', /^got tag key "Environment"; Portside sets the project, environment and service tags/),
  c('rejects a tag value written as a number', edit(['  CostCentre: retail', '  CostCentre: 4711']), 'tags.CostCentre', /^got 4711 \(a number\); expected a string; quote it: "4711"$/),
  c('rejects a malformed GitHub connection ARN', edit(['  owner: shop-co\n', '  owner: shop-co\n  connectionArn: arn:aws:codeconnections:eu-west-2:1111:connection/x\n']), 'github.connectionArn', /^got "arn:aws:codeconnections:eu-west-2:1111:connection\/x"; expected a connection ARN/),
  c('rejects a list where a mapping is expected', edit(['github:\n  owner: shop-co', 'github:\n  - shop-co']), 'github', /^got a list; expected a mapping of fields \(owner, connectionArn, platform\); write name: value lines instead of a list/),
  c('rejects a platform repository given as a URL, showing the owner/repo form', edit(['  owner: shop-co\n', '  owner: shop-co\n  platform:\n    repository: https://github.com/shop-co/platform\n']), 'github.platform.repository', /^got "https:\/\/github\.com\/shop-co\/platform"; expected a GitHub repository as owner\/repo; write only shop-co\/platform$/, 'repository: |https'),
  c('rejects a platform repository without its owner', edit(['  owner: shop-co\n', '  owner: shop-co\n  platform: { repository: platform }\n']), 'github.platform.repository', /^got "platform"; expected a GitHub repository as owner\/repo; write it as owner\/repo, e\.g\. purchase-direct\/platform$/),
  c('rejects a platform branch that is not a git branch name', edit(['  owner: shop-co\n', '  owner: shop-co\n  platform: { branch: "release//2" }\n']), 'github.platform.branch', /^got "release\/\/2"; expected a git branch name; write the branch name, e\.g\. main$/, 'branch: |"release'),
  c('rejects an empty platform branch', edit(['  owner: shop-co\n', '  owner: shop-co\n  platform: { branch: "" }\n']), 'github.platform.branch', /^got ""; expected a git branch name; write the branch name, e\.g\. main$/),
  c('rejects an unknown field under github.platform, suggesting the likely one', edit(['  owner: shop-co\n', '  owner: shop-co\n  platform: { repo: shop-co/platform }\n']), 'github.platform.repo', /^got unknown field "repo"; allowed fields: repository, branch; did you mean "repository"\?$/, 'platform: { |repo'),
  c('rejects a platform written as the bare repository, showing the mapping', edit(['  owner: shop-co\n', '  owner: shop-co\n  platform: shop-co/platform\n']), 'github.platform', /^got "shop-co\/platform" \(a string\); expected a mapping of fields \(repository, branch\); write it as platform: \{ repository: shop-co\/platform \}$/),

  // ── Environments ──────────────────────────────────────────────────────────────────────────
  c('rejects an environment name with capitals', edit(['  dev:\n    account', '  Dev:\n    account']), 'environments.Dev', /^got name "Dev"; environment names are lowercase letters and digits, starting with a letter, at most 10 characters; rename it to "dev"$/, '  |Dev:'),
  c('rejects an environment name longer than 10 characters', edit(['  dev:\n    account', '  development:\n    account']), 'environments.development', /^got name "development"; environment names are/),
  c('rejects an account written as an unquoted number', edit(['account: "111111111111"', 'account: 011111111111']), 'environments.dev.account', /^got 11111111111 \(a number\); expected a string; quote it: "011111111111"$/, 'account: |011111111111'),
  c('rejects an account that is not 12 digits', edit(['account: "111111111111"', 'account: "11111111111"']), 'environments.dev.account', /^got "11111111111"; expected an AWS account ID of exactly 12 digits, in quotes; it has 11 digits/),
  c('rejects an unknown profile, suggesting the likely one', edit(['profile: resilient', 'profile: resiliant']), 'environments.prod.profile', /^got "resiliant"; profile is economy or resilient; did you mean "resilient"\?$/),
  c('rejects a budget written in quotes', edit(['    branch: dev\n', '    branch: dev\n    budgetMonthlyUsd: "1500"\n']), 'environments.dev.budgetMonthlyUsd', /^got "1500" \(a string\); expected a number; write the number without quotes$/),
  c('rejects a malformed hosted zone id', edit(['hostedZoneId: Z0123456789ABC', 'hostedZoneId: /hostedzone/Z0123456789ABC']), 'environments.prod.domain.hostedZoneId', /^got "\/hostedzone\/Z0123456789ABC"; expected a Route 53 hosted zone ID.*; drop the prefix: Z0123456789ABC$/),
  c('rejects a domain name in capitals', edit(['name: shop.example', 'name: Shop.Example']), 'environments.prod.domain.name', /^got "Shop\.Example"; expected a lowercase DNS name .*; write it in lowercase: shop\.example$/),
  c('rejects a CIDR outside /16–/24', edit(['    branch: dev\n', '    branch: dev\n    cidr: 10.0.0.0/8\n']), 'environments.dev.cidr', /^got "10\.0\.0\.0\/8"; expected an IPv4 CIDR from \/16 to \/24/),
  c('rejects a CIDR that is not its block\'s first address', edit(['    branch: dev\n', '    branch: dev\n    cidr: 10.1.2.0/16\n']), 'environments.dev.cidr', /^got 10\.1\.2\.0\/16; a \/16 block starts at 10\.1\.0\.0; use 10\.1\.0\.0\/16$/),
  c('rejects zones of another region', edit(['    branch: dev\n', '    branch: dev\n    availabilityZones: [eu-west-2a, eu-west-1b]\n']), 'environments.dev.availabilityZones[1]', /^got eu-west-1b; environment dev is in eu-west-2, so its zones are eu-west-2a, eu-west-2b, …; use zones of eu-west-2$/, 'eu-west-2a, |eu-west-1b'),
  c('rejects too few zones for a resilient environment', edit(['    branch: main\n', '    branch: main\n    availabilityZones: [eu-west-2a, eu-west-2b]\n']), 'environments.prod.availabilityZones', /^got 2 zones; profile resilient spreads over 3 AZs; list at least 3 zones of eu-west-2/),
  c('rejects a resilient environment in a region with 2 AZs', edit(['    branch: main\n', '    branch: main\n    region: us-west-1\n']), 'environments.prod.profile', /^got resilient; region us-west-1 has 2 AZs; resilient needs 3; use profile economy or another region$/),
  c('rejects a manifest without environments', edit(['environments:\n  dev:', 'environments: {}\nunused:\n  dev:']), 'environments', /^got an empty mapping; at least one environment is required/),
  c('rejects an unknown field inside an environment', edit(['    approval: true', '    aproval: true']), 'environments.prod.aproval', /^got unknown field "aproval"; allowed fields: account, region, .*; did you mean "approval"\?$/, '    |aproval'),

  // ── Overrides ─────────────────────────────────────────────────────────────────────────────
  c('rejects an override of an undeclared service', edit(['        web: { desiredCount', '        wbe: { desiredCount']), 'environments.prod.overrides.services.wbe', /^got unknown service "wbe"; declared services: web, api; did you mean "web"\?$/, '        |wbe:'),
  c('rejects an override of an undeclared database', edit(['        catalog: { instanceClass', '        catalogue: { instanceClass']), 'environments.prod.overrides.databases.catalogue', /^got unknown database "catalogue"; declared databases: catalog, orders; did you mean "catalog"\?$/),
  c('rejects overriding a service field that is the same everywhere', edit(['web: { desiredCount: 3', 'web: { repository: shop-co/web2, desiredCount: 3']), 'environments.prod.overrides.services.web.repository', /^got repository in an override; repository cannot be overridden per environment: .*; remove it here and change services\.web\.repository for every environment$/, 'web: { |repository'),
  c('rejects overriding a database engine', edit(['catalog: { instanceClass', 'catalog: { engine: aurora-postgresql, instanceClass']), 'environments.prod.overrides.databases.catalog.engine', /^got engine in an override; engine cannot be overridden per environment/),
  c('points a bad overridden value at the override', edit(['web: { desiredCount: 3, maxCount: 12 }', 'web: { desiredCount: 3, maxCount: 12, cpu: 4096 }']), 'environments.prod.overrides.services.web.cpu', /^got 4096; Fargate cpu 4096 takes memoryMiB 8192–30720 in steps of 1024; with memoryMiB 1024 use cpu 256 or 512$/, 'cpu: |4096 }'),
  c('blames the override when it makes desiredCount exceed maxCount', edit(['web: { desiredCount: 3, maxCount: 12 }', 'web: { desiredCount: 8 }']), 'environments.prod.overrides.services.web.desiredCount', /^got 8; desiredCount must not exceed maxCount \(6\); lower desiredCount or raise maxCount to 8 or more$/),
  c('rejects an override that changes a service\'s default architecture: the image is built once', edit(['web: { desiredCount: 3, maxCount: 12 }', 'web: { desiredCount: 3, maxCount: 12, architecture: x86_64 }']), 'environments.prod.overrides.services.web.architecture', /^got x86_64; the image is built once for services\.web\.architecture \(arm64, the default\) and promoted to every environment, so an override may only repeat arm64; remove the override, or change services\.web\.architecture for every environment$/, 'architecture: |x86_64'),
  c('rejects an override that changes a service\'s written architecture', edit(['    cpu: 1024\n', '    cpu: 1024\n    architecture: x86_64\n'], ['web: { desiredCount: 3, maxCount: 12 }', 'web: { desiredCount: 3, maxCount: 12 }\n        api: { architecture: arm64 }']), 'environments.prod.overrides.services.api.architecture', /^got arm64; the image is built once for services\.api\.architecture \(x86_64\) and promoted to every environment, so an override may only repeat x86_64; remove the override, or change services\.api\.architecture for every environment$/),
  c('rejects an override giving a resilient environment a single task', edit(['web: { desiredCount: 3, maxCount: 12 }', 'web: { desiredCount: 1 }']), 'environments.prod.overrides.services.web.desiredCount', /^got 1; environment prod uses profile resilient, which runs at least 2 tasks spread over AZs; set desiredCount to 2 or more$/),

  // ── Databases ─────────────────────────────────────────────────────────────────────────────
  c('rejects an unknown engine, suggesting the likely one', edit(['engine: aurora-postgresql', 'engine: aurora-postgres']), 'databases.orders.engine', /^got "aurora-postgres"; engine is aurora-mysql or aurora-postgresql; did you mean "aurora-postgresql"\?$/),
  c('rejects a MySQL-style version for aurora-mysql', edit(['    engine: aurora-mysql\n', '    engine: aurora-mysql\n    version: "8.0.35"\n']), 'databases.catalog.version', /^got "8\.0\.35"; aurora-mysql versions look like 3\.10\.4 .*; use "3\.10\.4" or remove version for the default$/),
  c('rejects an aurora-postgresql major version below 13', edit(['version: "16.6"', 'version: "12.5"']), 'databases.orders.version', /^got "12\.5"; aurora-postgresql takes major versions 13–18; use "17\.7"/),
  c('rejects an aurora-postgresql version without a minor', edit(['version: "16.6"', 'version: "16"']), 'databases.orders.version', /^got "16"; aurora-postgresql versions look like 17\.7 \(major\.minor\)/),
  c('rejects a version written as a number, quoting it as written', edit(['version: "16.6"', 'version: 16.10']), 'databases.orders.version', /^got 16\.1 \(a number\); expected a string; quote it: "16\.10"$/),
  c('rejects an instance family Aurora does not offer', edit(['catalog: { instanceClass: db.r7g.xlarge }', 'catalog: { instanceClass: db.m5.xlarge }']), 'environments.prod.overrides.databases.catalog.instanceClass', /^got db\.m5\.xlarge; Aurora takes the families t3, t4g, r5, r6g, r6i, r7g, r7i, r8g and x2g; use db\.r7g\.xlarge$/),
  c('rejects a burstable size Aurora does not offer', edit(['    engine: aurora-mysql\n', '    engine: aurora-mysql\n    instanceClass: db.t4g.small\n']), 'databases.catalog.instanceClass', /^got db\.t4g\.small; Aurora takes t4g only as medium or large; use db\.t4g\.medium/),
  c('rejects a malformed instance class', edit(['    engine: aurora-mysql\n', '    engine: aurora-mysql\n    instanceClass: r7g.large\n']), 'databases.catalog.instanceClass', /^got "r7g\.large"; expected an RDS instance class such as db\.r7g\.large/),
  c('rejects no readers in a resilient environment', edit(['    engine: aurora-mysql\n', '    engine: aurora-mysql\n    readers: 0\n']), 'databases.catalog.readers', /^got 0; environment prod uses profile resilient, which needs at least 1 reader in another AZ for failover; set readers to 1 or more, or override it under environments\.prod\.overrides\.databases\.catalog$/),
  c('rejects more than 15 readers', edit(['    engine: aurora-mysql\n', '    engine: aurora-mysql\n    readers: 16\n']), 'databases.catalog.readers', /^got 16; Aurora takes 0–15 readers/),
  c('rejects a database name with hyphens, suggesting underscores', edit(['    engine: aurora-mysql\n', '    engine: aurora-mysql\n    databaseName: shop-catalog\n']), 'databases.catalog.databaseName', /^got "shop-catalog"; .*; use underscores instead of hyphens: shop_catalog$/),

  // ── File systems ──────────────────────────────────────────────────────────────────────────
  c('rejects an Infrequent Access period EFS does not offer, naming the nearest', edit(['infrequentAccessAfterDays: 30', 'infrequentAccessAfterDays: 45']), 'fileSystems.media.infrequentAccessAfterDays', /^got 45; EFS takes 1, 7, 14, 30, 60, 90, 180, 270, 365 days; use 30 or 60$/, 'infrequentAccessAfterDays: |45'),
  c('rejects a volume with an empty value, showing how to take the defaults', edit(['  media:\n    infrequentAccessAfterDays: 30\n', '  media:\n']), 'fileSystems.media', /^got nothing \(an empty value\); expected a mapping of fields \(infrequentAccessAfterDays\); write \{\} for a volume with default settings$/),

  // ── Services ──────────────────────────────────────────────────────────────────────────────
  c('rejects a cpu Fargate does not offer, naming the cpus for the memory', edit(['    cpu: 512\n', '    cpu: 300\n']), 'services.web.cpu', /^got 300; Fargate takes 256, 512, 1024, 2048, 4096, 8192, 16384; with memoryMiB 1024 use cpu 256 or 512$/, 'cpu: |300'),
  c('rejects memory the cpu cannot take, naming both ways out', edit(['    cpu: 1024\n    memoryMiB: 2048', '    cpu: 256\n    memoryMiB: 4096']), 'services.api.memoryMiB', /^got 4096; with cpu 256 Fargate takes memoryMiB 512, 1024 or 2048; use one of those, or cpu 512, 1024 or 2048 for 4096 MiB$/, 'memoryMiB: |4096'),
  c('rejects port 0', edit(['port: 3000', 'port: 0']), 'services.web.port', /^got 0; ports are 1–65535; use the port the container listens on, e\.g\. 8080$/, 'port: |0'),
  c('rejects port 70000', edit(['port: 3000', 'port: 70000']), 'services.web.port', /^got 70000; ports are 1–65535/),
  c('rejects a port in quotes', edit(['port: 3000', 'port: "3000"']), 'services.web.port', /^got "3000" \(a string\); expected an integer; write the number without quotes$/),
  c('rejects a port with a fraction', edit(['port: 3000', 'port: 3000.5']), 'services.web.port', /^got 3000\.5; ports are 1–65535; use a whole number such as 3001$/),
  c('rejects a health check path without a leading slash', edit(['healthCheckPath: /health\n', 'healthCheckPath: health\n']), 'services.web.healthCheckPath', /^got "health"; expected a URL path starting with \/; write "\/health"$/),
  c('rejects desiredCount above maxCount', edit(['    desiredCount: 2\n    maxCount: 6', '    desiredCount: 8\n    maxCount: 6']), 'services.web.desiredCount', /^got 8; desiredCount must not exceed maxCount \(6\); lower desiredCount or raise maxCount to 8 or more$/, 'desiredCount: |8'),
  c('rejects a maxCount below the profile\'s default desiredCount', edit(['    desiredCount: 2\n    databases: [orders]', '    maxCount: 1\n    databases: [orders]']), 'services.api.maxCount', /^got 1; maxCount must be at least desiredCount \(2, the resilient default\); set maxCount to 2 or more$/),
  c('rejects a single task in a resilient environment, offering an override', edit(['    desiredCount: 2\n    databases: [orders]', '    desiredCount: 1\n    databases: [orders]']), 'services.api.desiredCount', /^got 1; environment prod uses profile resilient, which runs at least 2 tasks spread over AZs; set desiredCount to 2 or more, or override it under environments\.prod\.overrides\.services\.api$/),
  c('rejects an undeclared database, suggesting the likely one', edit(['databases: [catalog]', 'databases: [catalogue]']), 'services.web.databases[0]', /^got undeclared database "catalogue"; declared databases: catalog, orders; did you mean "catalog"\?$/, 'databases: [|catalogue]'),
  c('rejects a database listed twice', edit(['databases: [catalog]', 'databases: [catalog, orders, catalog]']), 'services.web.databases[2]', /^got "catalog" twice \(first at services\.web\.databases\[0\]\); list each database once, with the access the service needs; remove the repeated entry$/, 'orders, |catalog]'),
  c('rejects an undeclared database in the { name, access } form, at its name', edit(['databases: [catalog]', 'databases: [catalog, { name: order, access: read }]']), 'services.web.databases[1].name', /^got undeclared database "order"; declared databases: catalog, orders; did you mean "orders"\?$/, '{ name: |order,'),
  c('rejects a database access other than read or read-write', edit(['databases: [orders]', 'databases: [{ name: orders, access: readonly }]']), 'services.api.databases[0].access', /^got "readonly"; access is read-write \(the default\) or read \(SELECT only, on the reader endpoint\); use read-write or read$/, 'access: |readonly'),
  c('rejects an unknown field in a database entry', edit(['databases: [orders]', 'databases: [{ name: orders, mode: read }]']), 'services.api.databases[0].mode', /^got unknown field "mode"; allowed fields: name, access; remove it or correct its name$/, '{ name: orders, |mode'),
  c('rejects a database listed by name and again read-only', edit(['databases: [catalog]', 'databases: [catalog, { name: catalog, access: read }]']), 'services.web.databases[1].name', /^got "catalog" twice \(first at services\.web\.databases\[0\]\); .*; keep one entry: catalog to read and write, or \{ name: catalog, access: read \} to read only$/),
  c('rejects a mount of an undeclared file system', edit(['      media: /mnt/media', '      uploads: /mnt/media']), 'services.web.mounts.uploads', /^got undeclared file system "uploads"; declared fileSystems: media; declare uploads under fileSystems or remove it here$/, '      |uploads'),
  c('rejects a relative mount path', edit(['media: /mnt/media', 'media: mnt/media']), 'services.web.mounts.media', /^got "mnt\/media"; expected an absolute container path other than \/, such as \/mnt\/media; write "\/mnt\/media"$/),
  c('rejects two mounts at one container path', edit(['  media:\n    infrequentAccessAfterDays: 30\n', '  media:\n    infrequentAccessAfterDays: 30\n  assets: {}\n'], ['      media: /mnt/media\n', '      media: /mnt/media\n      assets: /mnt/media/\n']), 'services.web.mounts.assets', /^got "\/mnt\/media\/", where media is already mounted; each volume needs its own container path/),
  c('rejects an invalid variable name', edit(['      NODE_ENV: production', '      node-env: production']), 'services.web.environment.node-env', /^got name "node-env"; variable names are letters, digits and underscores, not starting with a digit; rename it to NODE_ENV$/, '      |node-env'),
  c('rejects a variable Portside injects for a database', edit(['      NODE_ENV: production', '      CATALOG_DB_HOST: localhost']), 'services.web.environment.CATALOG_DB_HOST', /^got variable CATALOG_DB_HOST; Portside sets CATALOG_DB_HOST for database catalog; rename the variable or remove it$/),
  c('rejects a PORT variable', edit(['      NODE_ENV: production', '      PORT: "80"']), 'services.web.environment.PORT', /^got variable PORT; Portside sets PORT to the container port/),
  c('rejects a variable that is also a secret', edit(['      NODE_ENV: production\n', '      NODE_ENV: production\n      API_KEY: plain\n    secrets:\n      API_KEY: arn:aws:secretsmanager:eu-west-2:111111111111:secret:web-AbCdEf\n']), 'services.web.environment.API_KEY', /^got variable API_KEY under both environment and secrets; a variable is either plain or secret; remove one of them$/),
  c('rejects a secret ARN without its 6-character suffix', edit(['      NODE_ENV: production\n', '      NODE_ENV: production\n    secrets:\n      API_KEY: arn:aws:secretsmanager:eu-west-2:111111111111:secret:web-api\n']), 'services.web.secrets.API_KEY', /^got "arn:aws:secretsmanager:eu-west-2:111111111111:secret:web-api"; expected a complete Secrets Manager ARN.*; use the complete ARN shown in the Secrets Manager console, ending in -XXXXXX$/),
  c('rejects two services building the same image', edit(['repository: shop-co/api', 'repository: Shop-Co/Web']), 'services.api.repository', /^got Shop-Co\/Web with dockerfile Dockerfile, the same as service web; two services may not build the same image; set dockerfile to a different path or merge the services$/),
  c('rejects a repository given as a URL, showing the owner/repo form', edit(['repository: shop-co/web', 'repository: https://github.com/shop-co/web.git']), 'services.web.repository', /^got "https:\/\/github\.com\/shop-co\/web\.git"; expected a GitHub repository as owner\/repo; write only shop-co\/web$/),
  c('rejects a service name longer than 20 characters', edit(['  api:\n    repository', '  orders-api-internal-v2:\n    repository']), 'services.orders-api-internal-v2', /^got name "orders-api-internal-v2"; service names are lowercase letters, digits and hyphens, starting with a letter, at most 20 characters/),
  c('rejects an unknown field in a service, suggesting the likely one', edit(['    desiredCount: 2\n    maxCount: 6', '    desiredcount: 2\n    maxCount: 6']), 'services.web.desiredcount', /^got unknown field "desiredcount"; allowed fields: repository, dockerfile, port, .*; did you mean "desiredCount"\?$/, '    |desiredcount'),
  c('rejects a single name where a list is expected', edit(['databases: [orders]', 'databases: orders']), 'services.api.databases', /^got "orders" \(a string\); expected a list; write a list: \[orders\]$/),
  c('rejects a list where a mapping of variables is expected', edit(['      NODE_ENV: production', '      - NODE_ENV=production']), 'services.web.environment', /^got a list; expected a mapping of variable names to text values; write name: value lines instead of a list/),
  c('rejects a variable value written as a number', edit(['      NODE_ENV: production', '      WORKERS: 4']), 'services.web.environment.WORKERS', /^got 4 \(a number\); expected a string; quote it: "4"$/),
  c('rejects an unknown architecture', edit(['    cpu: 512\n', '    cpu: 512\n    architecture: arm\n']), 'services.web.architecture', /^got "arm"; architecture is arm64 or x86_64; did you mean "arm64"\?$/),
  c('rejects a scaling target above 90% cpu', edit(['    cpu: 512\n', '    cpu: 512\n    scaling: { cpuPercent: 95 }\n']), 'services.web.scaling.cpuPercent', /^got 95; cpuPercent is 10–90; use e\.g\. 60$/),
  c('rejects yes as a boolean', edit(['    cpu: 512\n', '    cpu: 512\n    public: yes\n']), 'services.web.public', /^got "yes" \(a string\); expected true or false; write true or false \(YAML reads yes, no, on and off as text\)$/),
  c('reports a missing required service field at the service', edit(['    port: 8080\n', '']), 'services.api', /^missing required field "port"; ports are 1–65535; add port: 8080, or set kind: worker or job$/, '  api:\n    |repository: shop-co/api'),
  c('rejects a database whose Aurora cluster identifier would exceed 63 characters', edit(['project: shop', 'project: shop-platform-retailco'], ['\ndatabases:\n', '\ndatabases:\n  catalog-archive-of-all-products-1234567:\n    engine: aurora-mysql\n']), 'databases.catalog-archive-of-all-products-1234567', /^the name catalog-archive-of-all-products-1234567 in environment \w+ makes the Aurora cluster identifier .* \(\d+ characters\); RDS takes at most 63; shorten the database, environment or project name$/),
  c('rejects a database name that makes two hyphens in a row in the cluster identifier', edit(['\ndatabases:\n', '\ndatabases:\n  archive-:\n    engine: aurora-mysql\n']), 'databases.archive-', /cluster identifier shop-\w+-archive-; RDS refuses two hyphens in a row and a final hyphen/),
  c('rejects a manifest without services', edit(['services:\n  web:', 'services: {}\nunused:\n  web:']), 'services', /^got an empty mapping; at least one service is required/),
];

describe('parseManifest on invalid manifests', () => {
  it('starts from a valid base manifest', () => {
    expect(parseManifest(BASE_MANIFEST, 'portside.yaml').warnings).toEqual([]);
  });

  it('covers at least 45 invalid manifests', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(45);
  });

  it.each(CASES.map((testCase) => [testCase.name, testCase] as const))('%s', (_name, testCase) => {
    const { issues } = expectedIssue(testCase);
    for (const issue of issues) {
      expect(issue.message).toMatch(/^[a-z]/);
      expect(issue.message).not.toMatch(/\.$/);
    }
  });
});
