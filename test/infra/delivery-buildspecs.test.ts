import { describe, expect, it } from 'vitest';
import {
  imageBuildSpec, platformDeploySpec, platformSynthSpec, stackDeploySpec,
} from '../../src/infra/delivery/buildspecs';
import { outputFile, runBuildSpec } from '../support/buildspec-runner';

const REPOSITORY_URI = '111111111111.dkr.ecr.eu-west-2.amazonaws.com/purchase-direct/storefront';
const COMMIT = '3f9c2e1d0b8a7f6e5d4c3b2a1908f7e6d5c4b3a2';
const DIGEST = `sha256:${'ab'.repeat(32)}`;
const OLD_DIGEST = `sha256:${'cd'.repeat(32)}`;

/** ECR as the image build sees it: the commit's tag exists once pushed (or from the start, if `existing`). */
function fakeAws(existing?: string): string {
  return `
case "$1 $2" in
  "ecr get-login-password") echo secret-password ;;
  "ecr describe-images")
    if [ -n "${existing ?? ''}" ]; then echo "${existing ?? ''}";
    elif [ -f "$STATE/pushed" ]; then echo "${DIGEST}";
    else echo "An error occurred (ImageNotFoundException) when calling the DescribeImages operation" >&2; exit 254; fi ;;
  *) echo "unexpected aws $*" >&2; exit 99 ;;
esac`;
}

/** Docker: logs in, builds; the test stage fails when asked to; --push marks the image as pushed. */
function fakeDocker(options: { failTests?: boolean } = {}): string {
  return `
case "$*" in
  login*) cat > /dev/null; echo "Login Succeeded" ;;
  "buildx create"*) echo portside ;;
  *"--target test"*) ${options.failTests ? 'echo "1 test failed" >&2; exit 1' : 'echo "tests passed"'} ;;
  *--push*) touch "$STATE/pushed" ;;
  *) echo "unexpected docker $*" >&2; exit 99 ;;
esac`;
}

const DOCKERFILE_WITH_TESTS = 'FROM node:22-slim AS base\nRUN npm ci\n\nFROM base AS test\nRUN npm test\n\nFROM base\nCMD ["node", "server.js"]\n';
const DOCKERFILE_WITHOUT_TESTS = 'FROM node:22-slim\nCMD ["node", "server.js"]\n';

function buildImage(options: { existing?: string; failTests?: boolean; dockerfile?: string; env?: Record<string, string> } = {}) {
  return runBuildSpec(imageBuildSpec(), {
    env: {
      REPOSITORY_URI, DOCKERFILE: 'Dockerfile', PLATFORM: 'linux/arm64', COMMIT_ID: COMMIT, AWS_REGION: 'eu-west-2', ...options.env,
    },
    stubs: { aws: fakeAws(options.existing), docker: fakeDocker(options) },
    files: { Dockerfile: options.dockerfile ?? DOCKERFILE_WITH_TESTS },
  });
}

describe('the image build (steps 3 and 4)', () => {
  it('logs in to ECR, runs the test stage, builds for the service\'s platform with the registry cache and pushes the commit tag', () => {
    const run = buildImage();
    expect(run.status, run.stderr).toBe(0);
    const cache = `type=registry,ref=${REPOSITORY_URI}:buildcache`;
    expect(run.commandLines).toEqual([
      'aws ecr get-login-password --region eu-west-2',
      'docker login --username AWS --password-stdin 111111111111.dkr.ecr.eu-west-2.amazonaws.com',
      `aws ecr describe-images --repository-name purchase-direct/storefront --image-ids imageTag=${COMMIT} --query imageDetails[0].imageDigest --output text`,
      'docker buildx create --name portside --driver docker-container --use',
      `docker buildx build --platform linux/arm64 --file Dockerfile --target test --cache-from ${cache} --progress plain .`,
      `docker buildx build --platform linux/arm64 --file Dockerfile --cache-from ${cache} --cache-to ${cache},mode=max,image-manifest=true,oci-mediatypes=true --provenance=false --tag ${REPOSITORY_URI}:${COMMIT} --push --progress plain .`,
      `aws ecr describe-images --repository-name purchase-direct/storefront --image-ids imageTag=${COMMIT} --query imageDetails[0].imageDigest --output text`,
    ]);
  });

  it('outputs the image by digest, as image.json and as the variables the deploy steps read', () => {
    const run = buildImage();
    expect(JSON.parse(outputFile(run, 'image.json')!)).toEqual({
      imageUri: `${REPOSITORY_URI}@${DIGEST}`, imageTag: COMMIT, commit: COMMIT, built: true,
    });
    expect(run.exported).toEqual({ IMAGE_URI: `${REPOSITORY_URI}@${DIGEST}`, IMAGE_TAG: COMMIT, IMAGE_BUILT: 'true' });
  });

  it('promotes an image already built for the commit instead of building it again (build once)', () => {
    const run = buildImage({ existing: OLD_DIGEST });
    expect(run.status, run.stderr).toBe(0);
    expect(run.commandLines.filter((line) => line.startsWith('docker buildx'))).toEqual([]);
    expect(run.stdout).toContain(`already built as ${OLD_DIGEST}`);
    expect(JSON.parse(outputFile(run, 'image.json')!)).toMatchObject({ imageUri: `${REPOSITORY_URI}@${OLD_DIGEST}`, built: false });
  });

  it('stops before pushing anything when a test fails', () => {
    const run = buildImage({ failTests: true });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('1 test failed');
    expect(run.commandLines.some((line) => line.includes('--push'))).toBe(false);
    expect(outputFile(run, 'image.json')).toBeUndefined();
  });

  it('still builds a Dockerfile without a test stage, and says plainly that no tests ran', () => {
    const run = buildImage({ dockerfile: DOCKERFILE_WITHOUT_TESTS });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('WARNING: Dockerfile has no stage named test, so no tests ran');
    expect(run.commandLines.some((line) => line.includes('--target test'))).toBe(false);
    expect(run.commandLines.some((line) => line.includes('--push'))).toBe(true);
  });

  it('builds x86_64 services for linux/amd64', () => {
    const run = buildImage({ env: { PLATFORM: 'linux/amd64' } });
    expect(run.commandLines.filter((line) => line.startsWith('docker buildx build')).every((line) => line.includes('--platform linux/amd64'))).toBe(true);
  });

  it('refuses to run without the source commit, before touching ECR', () => {
    const run = buildImage({ env: { COMMIT_ID: '' } });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('not set: COMMIT_ID');
    expect(run.calls).toEqual([]);
  });

  it('fails when the pushed tag cannot be found in ECR afterwards, rather than output a wrong image', () => {
    const run = runBuildSpec(imageBuildSpec(), {
      env: { REPOSITORY_URI, DOCKERFILE: 'Dockerfile', PLATFORM: 'linux/arm64', COMMIT_ID: COMMIT, AWS_REGION: 'eu-west-2' },
      stubs: { aws: fakeAws(), docker: fakeDocker().replace('touch "$STATE/pushed"', 'true') },
      files: { Dockerfile: DOCKERFILE_WITH_TESTS },
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('is not in ECR after the build');
  });
});

const STACK = 'purchase-direct-prod-service-storefront';
const DEPLOY_ROLE = 'arn:aws:iam::222222222222:role/cdk-hnb659fds-deploy-role-222222222222-eu-west-2';
const EXEC_ROLE = 'arn:aws:iam::222222222222:role/cdk-hnb659fds-cfn-exec-role-222222222222-eu-west-2';
const IMAGE_URI = `${REPOSITORY_URI}@${DIGEST}`;

/** AWS for the deploy step: ECR in the delivery account, STS, CloudFormation in the environment. */
function fakeDeployAws(options: { update?: 'ok' | 'no-change' | 'error'; wait?: 'ok' | 'fail'; stack?: 'exists' | 'missing'; previousImage?: string; replication?: string[] } = {}): string {
  const update = {
    ok: `echo '{"StackId": "arn:aws:cloudformation:eu-west-2:222222222222:stack/${STACK}/1"}'`,
    'no-change': 'echo "An error occurred (ValidationError) when calling the UpdateStack operation: No updates are to be performed." >&2; exit 254',
    error: 'echo "An error occurred (ValidationError) when calling the UpdateStack operation: Stack is in UPDATE_IN_PROGRESS state" >&2; exit 254',
  }[options.update ?? 'ok'];
  // The AWS CLI's text output of the stack's parameters: key, tab, value (empty for an empty value).
  const parameters = `BootstrapVersion\\t/cdk-bootstrap/hnb659fds/version\\nImageUri\\t${options.previousImage ?? `${REPOSITORY_URI}@${OLD_DIGEST}`}\\nSetTaskCount\\tfalse\\n`;
  return `
case "$1 $2" in
  "ecr batch-get-image") echo '{"schemaVersion":2}' ;;
  "ecr put-image") echo '{}' ;;
  "ecr describe-image-replication-status") # the next of the given statuses on each call, the last one repeated
    STATUSES=(${(options.replication ?? ['None']).join(' ')}); N=$(cat "$STATE/replication-calls" 2>/dev/null || echo 0); echo $((N + 1)) > "$STATE/replication-calls"
    echo "\${STATUSES[$(( N < \${#STATUSES[@]} ? N : \${#STATUSES[@]} - 1 ))]}" ;;
  "sts assume-role") printf 'ASIAASSUMED\\tsecret\\ttoken\\n' ;;
  "cloudformation describe-stacks") ${options.stack === 'missing'
    ? `echo "An error occurred (ValidationError) when calling the DescribeStacks operation: Stack with id ${STACK} does not exist" >&2; exit 254`
    : `printf '${parameters}'`} ;;
  "cloudformation update-stack") ${update} ;;
  "cloudformation wait") ${options.wait === 'fail' ? 'echo "Waiter StackUpdateComplete failed: Waiter encountered a terminal failure state" >&2; exit 255' : 'true'} ;;
  "cloudformation describe-stack-events") printf 'Service\\tECS Deployment Circuit Breaker was triggered\\n' ;;
  *) echo "unexpected aws $*" >&2; exit 99 ;;
esac`;
}

function deployImage(options: Parameters<typeof fakeDeployAws>[0] & { imageUri?: string; imageRegion?: string } = {}) {
  return runBuildSpec(stackDeploySpec(), {
    env: {
      SERVICE: 'storefront', ENVIRONMENT: 'prod', STACK_NAME: STACK, TARGET_REGION: options.imageRegion ?? 'eu-west-2',
      IMAGE_REGION: options.imageRegion ?? 'eu-west-2', REPLICA_POLL_SECONDS: '0',
      DEPLOY_ROLE_ARN: DEPLOY_ROLE, EXECUTION_ROLE_ARN: EXEC_ROLE, REPOSITORY_NAME: 'purchase-direct/storefront',
      IMAGE_URI: options.imageUri ?? IMAGE_URI, AWS_ACCESS_KEY_ID: 'AKIACODEBUILD',
    },
    stubs: { aws: fakeDeployAws(options) },
  });
}

describe('the deploy step (steps 5 to 7)', () => {
  it('tags the image as deployed, assumes the environment\'s deploy role and updates the stack with the previous template and only a new ImageUri', () => {
    const run = deployImage();
    expect(run.status, run.stderr).toBe(0);
    const [getImage, putImage, assume, describe, update, wait] = run.calls;
    expect(getImage!.args.slice(0, 4)).toEqual(['ecr', 'batch-get-image', '--repository-name', 'purchase-direct/storefront']);
    expect(getImage!.args).toContain(`imageDigest=${DIGEST}`);
    expect(putImage!.args.join(' ')).toMatch(new RegExp(`^ecr put-image --repository-name purchase-direct/storefront --image-digest ${DIGEST} --image-tag deployed-prod-\\d{8}T\\d{6}Z --image-manifest \\{"schemaVersion":2\\}$`));
    expect(assume!.args.slice(0, 4)).toEqual(['sts', 'assume-role', '--role-arn', DEPLOY_ROLE]);
    expect(describe!.args.slice(0, 6)).toEqual(['cloudformation', 'describe-stacks', '--region', 'eu-west-2', '--stack-name', STACK]);
    expect(update!.args).toEqual([
      'cloudformation', 'update-stack', '--region', 'eu-west-2', '--stack-name', STACK, '--use-previous-template',
      '--parameters', `ParameterKey=ImageUri,ParameterValue=${IMAGE_URI}`, 'ParameterKey=BootstrapVersion,UsePreviousValue=true', 'ParameterKey=SetTaskCount,ParameterValue=false',
      '--capabilities', 'CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', '--role-arn', EXEC_ROLE,
    ]);
    expect(wait!.args).toEqual(['cloudformation', 'wait', 'stack-update-complete', '--region', 'eu-west-2', '--stack-name', STACK]);
    expect(run.stdout).toContain(`${STACK} now runs ${IMAGE_URI}`);
  });

  it('sets the task count for the first image only: later images leave the count autoscaling chose', () => {
    const parametersOf = (run: ReturnType<typeof deployImage>) => run.calls.find((call) => call.args[1] === 'update-stack')!.args;
    const first = deployImage({ previousImage: '' });
    expect(first.status, first.stderr).toBe(0);
    expect(parametersOf(first)).toContain('ParameterKey=SetTaskCount,ParameterValue=true');
    expect(first.stdout).toContain('First image of');
    const later = deployImage();
    expect(parametersOf(later)).toContain('ParameterKey=SetTaskCount,ParameterValue=false');
    expect(later.stdout).toContain(`Replacing ${REPOSITORY_URI}@${OLD_DIGEST}`);
  });

  it('calls ECR with the delivery account\'s credentials and CloudFormation only with the assumed role\'s', () => {
    const run = deployImage();
    for (const call of run.calls) {
      const service = call.args[0];
      expect({ service, key: call.accessKey }).toEqual({ service, key: service === 'cloudformation' ? 'ASIAASSUMED' : 'AKIACODEBUILD' });
    }
  });

  it('succeeds without waiting when the stack already runs the image', () => {
    const run = deployImage({ update: 'no-change' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('already runs');
    expect(run.commandLines.some((line) => line.includes('wait'))).toBe(false);
  });

  it('fails, naming the failed resources, when ECS rolls the deployment back', () => {
    const run = deployImage({ wait: 'fail' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('rolled it back to the previous image');
    expect(run.stderr).toContain('ECS Deployment Circuit Breaker was triggered');
  });

  it('fails on any other update error, with CloudFormation\'s message', () => {
    const run = deployImage({ update: 'error' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('UPDATE_IN_PROGRESS');
  });

  it('explains that the infrastructure comes first when the service stack does not exist', () => {
    const run = deployImage({ stack: 'missing' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('deploy the infrastructure first');
    expect(run.commandLines.some((line) => line.includes('update-stack'))).toBe(false);
  });

  it('waits for the replica of an environment in drRegion and deploys the replica, by the same digest', () => {
    const run = deployImage({ imageRegion: 'eu-west-1', replication: ['IN_PROGRESS', 'IN_PROGRESS', 'COMPLETE'] });
    expect(run.status, run.stderr).toBe(0);
    const polls = run.calls.filter((call) => call.args[1] === 'describe-image-replication-status');
    expect(polls).toHaveLength(3);
    expect(polls[0]!.args).toEqual(expect.arrayContaining(['--repository-name', 'purchase-direct/storefront', `imageDigest=${DIGEST}`]));
    expect(polls[0]!.accessKey).toBe('AKIACODEBUILD');
    const replica = IMAGE_URI.replace('.dkr.ecr.eu-west-2.', '.dkr.ecr.eu-west-1.');
    expect(replica).not.toBe(IMAGE_URI);
    expect(run.calls.find((call) => call.args[1] === 'update-stack')!.args).toContain(`ParameterKey=ImageUri,ParameterValue=${replica}`);
    expect(run.stdout).toContain(`now runs ${replica}`);
  });

  it('fails before touching the stack when the replica cannot be made, and says why', () => {
    for (const replication of [['FAILED'], ['None']]) {
      const run = deployImage({ imageRegion: 'eu-west-1', replication });
      expect(run.status, replication[0]).not.toBe(0);
      expect(run.stderr).toContain(`has no replica in eu-west-1 (replication status: ${replication[0]})`);
      expect(run.commandLines.some((line) => line.includes('update-stack') || line.includes('assume-role'))).toBe(false);
    }
  });

  it('never asks about replicas for an environment that pulls from the delivery region', () => {
    const run = deployImage();
    expect(run.commandLines.some((line) => line.includes('replication'))).toBe(false);
  });

  it('refuses an image that is not pinned by digest, before changing anything', () => {
    const run = deployImage({ imageUri: `${REPOSITORY_URI}:latest` });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('must name an ECR image by digest');
    expect(run.calls).toEqual([]);
  });
});

describe('the platform pipeline\'s steps', () => {
  const npm = 'exit 0';

  it('runs the repository\'s own tests when it has a test script, then portside check with Control Tower MEDIUM and above failing, which synthesizes into cdk.out', () => {
    const run = runBuildSpec(platformSynthSpec('platform/portside.yaml'), { env: {}, stubs: { npm: 'if [ "$1 $2" = "pkg get" ]; then echo \'"vitest run"\'; fi' } });
    expect(run.status, run.stderr).toBe(0);
    expect(run.calls.map((call) => [call.command, ...call.args].join(' '))).toEqual([
      'npm ci', 'npm pkg get scripts.test', 'npm test', 'npm run portside -- check --manifest platform/portside.yaml --out cdk.out --guard-fail-on medium',
    ]);
    expect(platformSynthSpec('x.yaml').artifacts).toEqual({ 'base-directory': 'cdk.out', files: ['**/*'] });
  });

  it('runs no tests in a repository without a test script (a platform repository that installs Portside)', () => {
    const run = runBuildSpec(platformSynthSpec('portside.yaml'), { env: {}, stubs: { npm: 'if [ "$1 $2" = "pkg get" ]; then echo "{}"; fi' } });
    expect(run.status, run.stderr).toBe(0);
    expect(run.calls.map((call) => [call.command, ...call.args].join(' '))).toEqual([
      'npm ci', 'npm pkg get scripts.test', 'npm run portside -- check --manifest portside.yaml --out cdk.out --guard-fail-on medium',
    ]);
    expect(run.stdout).toContain('defines no test script');
  });

  it('fails the build when portside check fails', () => {
    const run = runBuildSpec(platformSynthSpec('portside.yaml'), { env: {}, stubs: { npm: 'if [ "$1 $2" = "pkg get" ]; then echo "{}"; elif [ "$1" = run ]; then exit 1; fi' } });
    expect(run.status).not.toBe(0);
  });

  it('deploys the selected stacks from the synthesized assembly, keeping previous parameters, with selectors passed unexpanded', () => {
    const run = runBuildSpec(platformDeploySpec(), {
      env: { STACKS: 'prod/*', CODEBUILD_SRC_DIR_Synth: '/codebuild/synth' },
      stubs: { npm, npx: 'exit 0' },
      // A directory the selector would match as a glob must not change the command.
      files: { 'prod/README.md': 'x' },
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.calls.map((call) => [call.command, ...call.args])).toEqual([
      ['npm', 'ci'],
      ['npx', 'cdk', 'deploy', '--app', '/codebuild/synth', '--require-approval', 'never', '--previous-parameters=true', '--concurrency', '4', '--progress', 'events', 'prod/*'],
    ]);
  });

  it('starts a sleeping environment\'s stopped Aurora clusters with its deploy-wake role and waits for them before deploying', () => {
    // describe-db-clusters: the first cluster is stopped until started (then starting, then available); the second is available.
    const aws = `
case "$1 $2" in
  "sts assume-role") printf 'AKWAKE\\tsecret\\ttoken\\n' ;;
  "rds describe-db-clusters")
    if [[ "$*" == *shop-dev-orders* ]]; then echo available;
    elif [ -f "$STATE/started" ]; then n=$(cat "$STATE/polls" 2>/dev/null || echo 0); echo $((n+1)) > "$STATE/polls"; [ "$n" -ge 1 ] && echo available || echo starting;
    else echo stopped; fi ;;
  "rds start-db-cluster") touch "$STATE/started" ;;
  *) echo "unexpected aws $*" >&2; exit 99 ;;
esac`;
    const run = runBuildSpec(platformDeploySpec(), {
      env: {
        STACKS: 'dev/*', CODEBUILD_SRC_DIR_Synth: '/codebuild/synth', WAKE_POLL_SECONDS: '0',
        WAKE_CLUSTERS: 'shop-dev-catalog shop-dev-orders', WAKE_ROLE_ARN: 'arn:aws:iam::111111111111:role/shop-dev-deploy-wake', WAKE_REGION: 'eu-west-2',
      },
      stubs: { npm, npx: 'exit 0', aws },
    });
    expect(run.status, run.stderr).toBe(0);
    const lines = run.calls.map((call) => [call.command, call.args[0], call.args[1], call.accessKey]);
    expect(lines.filter(([command]) => command === 'aws').map(([, service, action]) => `${service} ${action}`)).toEqual([
      'sts assume-role',
      'rds describe-db-clusters', 'rds start-db-cluster', 'rds describe-db-clusters', 'rds describe-db-clusters',
      'rds describe-db-clusters',
    ]);
    // RDS is called with the wake role; the deploy runs after, with the project's own credentials.
    expect(lines.filter(([, service]) => service === 'rds').every(([, , , key]) => key === 'AKWAKE')).toBe(true);
    expect(lines.at(-1)).toEqual(['npx', 'cdk', 'deploy', '']);
    expect(run.stdout).toContain('Starting shop-dev-catalog: its environment is asleep');
  });

  it('fails before deploying when a cluster does not become available', () => {
    const aws = `
case "$1 $2" in
  "sts assume-role") printf 'AKWAKE\\tsecret\\ttoken\\n' ;;
  "rds describe-db-clusters") echo stopping ;;
  *) echo "unexpected aws $*" >&2; exit 99 ;;
esac`;
    const run = runBuildSpec(platformDeploySpec(), {
      env: { STACKS: 'dev/*', CODEBUILD_SRC_DIR_Synth: '/codebuild/synth', WAKE_POLL_SECONDS: '0', WAKE_CLUSTERS: 'shop-dev-catalog', WAKE_ROLE_ARN: 'arn:aws:iam::111111111111:role/shop-dev-deploy-wake', WAKE_REGION: 'eu-west-2' },
      stubs: { npm, npx: 'exit 0', aws },
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('ERROR: Aurora shop-dev-catalog is stopping, not available');
    expect(run.calls.some((call) => call.command === 'npx')).toBe(false);
  });

  it('refuses to deploy without the synthesized assembly', () => {
    const run = runBuildSpec(platformDeploySpec(), { env: { STACKS: 'dev/*' }, stubs: { npm, npx: 'exit 0' } });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('not set: CODEBUILD_SRC_DIR_Synth');
  });
});
