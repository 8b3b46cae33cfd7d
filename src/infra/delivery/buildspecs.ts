/**
 * The delivery pipelines' build specifications, generated from code so they are typed, reviewed and
 * exercised by a test that runs their shell with `docker` and `aws` replaced by recording stubs.
 *
 * CodeBuild runs the commands of a 0.2 buildspec one by one in one bash shell and fails the phase
 * at the first command with a non-zero status. So every command carries its own status (no
 * `set -e`, no `exit`: the shell belongs to CodeBuild), and multi-line blocks end in the status
 * that matters.
 */

/** A CodeBuild buildspec (version 0.2), as the plain object `BuildSpec.fromObject` takes. */
export interface BuildSpecDocument {
  readonly version: '0.2';
  readonly env: { readonly shell: 'bash'; readonly 'exported-variables'?: readonly string[] };
  readonly phases: Partial<Record<BuildPhase, { readonly 'runtime-versions'?: Record<string, string>; readonly commands: readonly string[] }>>;
  readonly artifacts?: { readonly files: readonly string[]; readonly 'base-directory'?: string };
}

export type BuildPhase = 'install' | 'pre_build' | 'build' | 'post_build';

/** The phases in the order CodeBuild runs them. */
export const BUILD_PHASES: readonly BuildPhase[] = ['install', 'pre_build', 'build', 'post_build'];

/** The mutable tag the registry layer cache lives under (excluded from tag immutability). */
export const BUILD_CACHE_TAG = 'buildcache';

/** Tags the deploy step adds to an image it deploys: lifecycle rules keep these for rollback. */
export const DEPLOYED_TAG_PREFIX = 'deployed-';

/** The file the image build writes and the deploy steps read. */
export const IMAGE_ARTIFACT_FILE = 'image.json';

/** The platform steps run the repository's own Node and packages (the CDK CLI pinned by its lock file). */
const NODE_INSTALL = { 'runtime-versions': { nodejs: '20' }, commands: ['npm ci'] };

/**
 * Builds, tests and pushes a service image once per commit.
 *
 * Environment: `REPOSITORY_URI` (…amazonaws.com/<project>/<service>), `DOCKERFILE`, `PLATFORM`
 * (linux/arm64 or linux/amd64), `COMMIT_ID` (the pipeline's source commit), `AWS_REGION`.
 *
 * - An image already tagged with the commit (built by another branch's pipeline) is promoted as is:
 *   build once, deploy the same digest everywhere.
 * - Tests run when the Dockerfile has a stage named `test` (`docker build --target test`), with the
 *   same layer cache as the image; a failing test fails the build before anything is pushed.
 * - Layers are cached in the registry under `:buildcache`, so a small change rebuilds only what changed.
 * - Outputs `image.json` and the variables `IMAGE_URI` (by digest), `IMAGE_TAG`, `IMAGE_BUILT`.
 */
export function imageBuildSpec(): BuildSpecDocument {
  const cache = `type=registry,ref=$REPOSITORY_URI:${BUILD_CACHE_TAG}`;
  const describeDigest = (target: string) =>
    `${target}=$(aws ecr describe-images --repository-name "$REPOSITORY_NAME" --image-ids imageTag="$IMAGE_TAG" --query 'imageDetails[0].imageDigest' --output text 2>/dev/null || true)`;
  const building = '[[ "$IMAGE_BUILT" == true ]]';
  return {
    version: '0.2',
    env: { shell: 'bash', 'exported-variables': ['IMAGE_URI', 'IMAGE_TAG', 'IMAGE_BUILT'] },
    phases: {
      pre_build: {
        commands: [
          requireVariables('REPOSITORY_URI', 'DOCKERFILE', 'PLATFORM', 'COMMIT_ID'),
          'REGISTRY="${REPOSITORY_URI%%/*}"; REPOSITORY_NAME="${REPOSITORY_URI#*/}"; IMAGE_TAG="$COMMIT_ID"',
          'aws ecr get-login-password --region "$AWS_REGION" | docker login --username AWS --password-stdin "$REGISTRY"',
          describeDigest('EXISTING_DIGEST'),
          [
            'if [[ "$EXISTING_DIGEST" == sha256:* ]]; then',
            '  IMAGE_BUILT=false; echo "Commit $IMAGE_TAG was already built as $EXISTING_DIGEST: promoting that image, not rebuilding"',
            'else',
            '  IMAGE_BUILT=true',
            'fi',
          ].join('\n'),
        ],
      },
      build: {
        commands: [
          // A builder with the docker-container driver can export the layer cache to the registry.
          `! ${building} || docker buildx create --name portside --driver docker-container --use`,
          [
            `if ${building} && grep -qiE '^[[:space:]]*FROM[[:space:]].*[[:space:]]AS[[:space:]]+test[[:space:]]*$' "$DOCKERFILE"; then`,
            '  echo "Running the tests: the test stage of $DOCKERFILE"',
            `  docker buildx build --platform "$PLATFORM" --file "$DOCKERFILE" --target test --cache-from "${cache}" --progress plain .`,
            `elif ${building}; then`,
            '  echo "WARNING: $DOCKERFILE has no stage named test, so no tests ran. Add \'FROM … AS test\' to run them on every commit."',
            'fi',
          ].join('\n'),
          `! ${building} || docker buildx build --platform "$PLATFORM" --file "$DOCKERFILE" --cache-from "${cache}" --cache-to "${cache},mode=max,image-manifest=true,oci-mediatypes=true" --provenance=false --tag "$REPOSITORY_URI:$IMAGE_TAG" --push --progress plain .`,
          describeDigest('IMAGE_DIGEST'),
          fail('[[ "$IMAGE_DIGEST" == sha256:* ]]', 'ERROR: $REPOSITORY_URI:$IMAGE_TAG is not in ECR after the build'),
          'IMAGE_URI="$REPOSITORY_URI@$IMAGE_DIGEST"',
          `printf '{"imageUri":"%s","imageTag":"%s","commit":"%s","built":%s}\\n' "$IMAGE_URI" "$IMAGE_TAG" "$COMMIT_ID" "$IMAGE_BUILT" > ${IMAGE_ARTIFACT_FILE}`,
          'echo "Image: $IMAGE_URI (tag $IMAGE_TAG, built in this run: $IMAGE_BUILT)"',
        ],
      },
    },
    artifacts: { files: [IMAGE_ARTIFACT_FILE] },
  };
}

/** How long the deploy step waits for a new image's replica in drRegion: 60 polls, 10 s apart (ECR copies most images within minutes). */
const REPLICA_WAIT_ATTEMPTS = 60;

/**
 * Hands a new image to a service's CloudFormation stack: `update-stack` with the previous template
 * and a new `ImageUri`, every other parameter at its previous value, then waits for the result.
 *
 * The template stays the one the infrastructure deploy last put there, so an image deploy never
 * reverts infrastructure, and the infrastructure deploy keeps the parameter, so it never reverts the
 * image. `SetTaskCount` is true for the first image only (see `ContainerImageInput`). Runs in the
 * delivery account and reaches the environment through its CDK bootstrap deploy role.
 *
 * Environment: `SERVICE`, `ENVIRONMENT`, `STACK_NAME`, `TARGET_REGION`, `IMAGE_REGION` (where the
 * environment pulls from: the delivery region, or the replica's), `DEPLOY_ROLE_ARN`,
 * `EXECUTION_ROLE_ARN`, `REPOSITORY_NAME`, `IMAGE_URI` (repository@sha256:digest); `WAKE_*` for an
 * environment that sleeps (wakeDatabasesCommand).
 */
export function stackDeploySpec(): BuildSpecDocument {
  const region = '--region "$TARGET_REGION" --stack-name "$STACK_NAME"';
  return {
    version: '0.2',
    env: { shell: 'bash' },
    phases: {
      build: {
        commands: [
          requireVariables('SERVICE', 'ENVIRONMENT', 'STACK_NAME', 'TARGET_REGION', 'IMAGE_REGION', 'DEPLOY_ROLE_ARN', 'EXECUTION_ROLE_ARN', 'REPOSITORY_NAME', 'IMAGE_URI'),
          fail('[[ "$IMAGE_URI" == *@sha256:* && "$IMAGE_URI" =~ \\.dkr\\.ecr\\.([a-z0-9-]+)\\. ]] && SOURCE_REGION="${BASH_REMATCH[1]}"', 'ERROR: IMAGE_URI must name an ECR image by digest, got $IMAGE_URI'),
          'echo "Deploying $IMAGE_URI to $STACK_NAME ($ENVIRONMENT, $TARGET_REGION)"',
          // A deployed image gets one more tag, so lifecycle rules keep it while a rollback may need it.
          'MANIFEST=$(aws ecr batch-get-image --repository-name "$REPOSITORY_NAME" --image-ids imageDigest="${IMAGE_URI##*@}" --query \'images[0].imageManifest\' --output text)',
          `aws ecr put-image --repository-name "$REPOSITORY_NAME" --image-digest "\${IMAGE_URI##*@}" --image-tag "${DEPLOYED_TAG_PREFIX}$ENVIRONMENT-$(date -u +%Y%m%dT%H%M%SZ)" --image-manifest "$MANIFEST" > /dev/null`,
          // An environment in drRegion pulls the replica there, so it can start while the delivery
          // region is down: wait until ECR has copied this image, then name the replica.
          [
            'if [[ "$IMAGE_REGION" != "$SOURCE_REGION" ]]; then',
            '  echo "Waiting for the replica of ${IMAGE_URI##*@} in $IMAGE_REGION"; REPLICA=NONE',
            `  for ATTEMPT in $(seq 1 ${REPLICA_WAIT_ATTEMPTS}); do`,
            '    REPLICA=$(aws ecr describe-image-replication-status --repository-name "$REPOSITORY_NAME" --image-id imageDigest="${IMAGE_URI##*@}" --query "replicationStatuses[?region==\'$IMAGE_REGION\'].status | [0]" --output text)',
            '    [[ "$REPLICA" == COMPLETE || "$REPLICA" == FAILED ]] && break; sleep "${REPLICA_POLL_SECONDS:-10}"',
            '  done',
            '  [[ "$REPLICA" == COMPLETE ]] || { echo "ERROR: the image has no replica in $IMAGE_REGION (replication status: $REPLICA). An image pushed before replication was set up is never copied: rebuild it, or push it to $IMAGE_REGION by hand" >&2; false; }',
            'fi',
          ].join('\n'),
          'IMAGE_URI="${IMAGE_URI/.dkr.ecr.$SOURCE_REGION./.dkr.ecr.$IMAGE_REGION.}"',
          // With the delivery account's own credentials, before the deploy role's.
          wakeDatabasesCommand(),
          'CREDENTIALS=$(aws sts assume-role --role-arn "$DEPLOY_ROLE_ARN" --role-session-name "portside-$SERVICE-$ENVIRONMENT" --query \'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]\' --output text)',
          'read -r AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN <<< "$CREDENTIALS" && export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN',
          fail(
            `STACK_PARAMETERS=$(aws cloudformation describe-stacks ${region} --query 'Stacks[0].Parameters[].[ParameterKey,ParameterValue]' --output text)`,
            'ERROR: stack $STACK_NAME is not in $TARGET_REGION: deploy the infrastructure first (the platform pipeline, or npx cdk deploy once)',
          ),
          // ImageUri is new; SetTaskCount is true only for the first image (the count starts at the
          // manifest's desiredCount), so later deploys leave the count autoscaling chose; the rest keep their values.
          [
            'PARAMETERS=("ParameterKey=ImageUri,ParameterValue=$IMAGE_URI"); PREVIOUS_IMAGE=""; SETS_TASK_COUNT=false',
            'while IFS=$\'\\t\' read -r KEY VALUE; do',
            '  case "$KEY" in',
            '    ImageUri) PREVIOUS_IMAGE="${VALUE#None}" ;;',
            '    SetTaskCount) SETS_TASK_COUNT=true ;;',
            '    "") ;;',
            '    *) PARAMETERS+=("ParameterKey=$KEY,UsePreviousValue=true") ;;',
            '  esac',
            'done <<< "$STACK_PARAMETERS"',
          ].join('\n'),
          [
            'if [[ "$SETS_TASK_COUNT" == false ]]; then',
            '  echo "$STACK_NAME has no SetTaskCount parameter: its template decides the task count"',
            'elif [[ -z "$PREVIOUS_IMAGE" ]]; then',
            '  PARAMETERS+=("ParameterKey=SetTaskCount,ParameterValue=true"); echo "First image of $STACK_NAME: starting the manifest\'s task count"',
            'else',
            '  PARAMETERS+=("ParameterKey=SetTaskCount,ParameterValue=false"); echo "Replacing $PREVIOUS_IMAGE; the task count stays where autoscaling put it"',
            'fi',
          ].join('\n'),
          [
            `if OUTPUT=$(aws cloudformation update-stack ${region} --use-previous-template --parameters "\${PARAMETERS[@]}" --capabilities CAPABILITY_IAM CAPABILITY_NAMED_IAM --role-arn "$EXECUTION_ROLE_ARN" 2>&1); then`,
            '  echo "$OUTPUT"; UPDATING=true',
            'elif [[ "$OUTPUT" == *"No updates are to be performed"* ]]; then',
            '  echo "$STACK_NAME already runs $IMAGE_URI: nothing to deploy"; UPDATING=false',
            'else',
            '  echo "$OUTPUT" >&2; false',
            'fi',
          ].join('\n'),
          [
            `[[ "$UPDATING" == false ]] || aws cloudformation wait stack-update-complete ${region} || {`,
            '  echo "ERROR: the update of $STACK_NAME failed; CloudFormation rolled it back to the previous image. Failed resources:" >&2',
            `  aws cloudformation describe-stack-events ${region} --max-items 50 --query 'StackEvents[?contains(ResourceStatus, \`FAILED\`)].[LogicalResourceId,ResourceStatusReason]' --output text >&2`,
            '  false',
            '}',
          ].join('\n'),
          '[[ "$UPDATING" == false ]] || echo "$STACK_NAME now runs $IMAGE_URI"',
        ],
      },
    },
  };
}

/** How long a deploy waits for a sleeping environment's Aurora clusters: 90 polls, 20 s apart (a start takes minutes). */
const WAKE_WAIT_ATTEMPTS = 90;

/**
 * Before deploying into a sleeping environment: start its stopped Aurora clusters and wait until
 * they are available, because CloudFormation cannot modify a stopped cluster and a new database user
 * or a first image needs a running one. Runs in a subshell with the environment's deploy-wake role
 * (DeployWakeRole), so its credentials never reach the deploy. A role that cannot be assumed yet
 * (the schedule's first deploy creates it; its clusters are running then) skips the step.
 *
 * Environment: `WAKE_CLUSTERS` (cluster identifiers, space-separated; empty: nothing to do),
 * `WAKE_ROLE_ARN`, `WAKE_REGION`.
 */
export function wakeDatabasesCommand(): string {
  const rds = '--region "$WAKE_REGION" --db-cluster-identifier "$CLUSTER"';
  return [
    'if [[ -n "${WAKE_CLUSTERS:-}" ]]; then (',
    '  WAKE_CREDENTIALS=$(aws sts assume-role --role-arn "$WAKE_ROLE_ARN" --role-session-name portside-deploy-wake --query \'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]\' --output text) || WAKE_CREDENTIALS=""',
    '  if [[ -z "$WAKE_CREDENTIALS" ]]; then echo "Cannot assume $WAKE_ROLE_ARN yet (the schedule\'s first deploy creates it): not waking $WAKE_CLUSTERS"; else',
    '    read -r AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN <<< "$WAKE_CREDENTIALS" && export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN',
    '    WOKEN=true',
    '    for CLUSTER in $WAKE_CLUSTERS; do',
    '      STATUS=unknown',
    `      for ATTEMPT in $(seq 1 ${WAKE_WAIT_ATTEMPTS}); do`,
    `        STATUS=$(aws rds describe-db-clusters ${rds} --query 'DBClusters[0].Status' --output text) || STATUS=unknown`,
    '        [[ "$STATUS" == available ]] && break',
    `        [[ "$STATUS" == stopped ]] && echo "Starting $CLUSTER: its environment is asleep" && aws rds start-db-cluster ${rds} > /dev/null`,
    '        sleep "${WAKE_POLL_SECONDS:-20}"',
    '      done',
    '      [[ "$STATUS" == available ]] || { echo "ERROR: Aurora $CLUSTER is $STATUS, not available: the deploy would fail on it" >&2; WOKEN=false; }',
    '    done',
    '    [[ "$WOKEN" == true ]]',
    '  fi',
    ') fi',
  ].join('\n');
}

/** A command that fails the phase, with a message, when any of the variables is empty. */
function requireVariables(...names: string[]): string {
  return fail(`MISSING=$(for NAME in ${names.join(' ')}; do [[ -n "\${!NAME:-}" ]] || echo -n "$NAME "; done); [[ -z "$MISSING" ]]`, 'ERROR: not set: $MISSING');
}

/** `check`, or a message on stderr and a failing status (never `exit`: CodeBuild owns the shell). */
function fail(check: string, message: string): string {
  return `${check} || { echo "${message}" >&2; false; }`;
}

/**
 * The platform pipeline's first step: install, run the repository's own tests when its package.json
 * defines any (never Portside's suite: Portside is a dependency there), then `portside check`, which
 * synthesizes the cloud assembly and fails the build on any unacknowledged cdk-nag finding or
 * CloudFormation limit, and on any unacknowledged Control Tower finding of MEDIUM severity or above.
 */
export function platformSynthSpec(manifestFile: string): BuildSpecDocument {
  return {
    version: '0.2',
    env: { shell: 'bash' },
    phases: {
      install: NODE_INSTALL,
      build: {
        commands: [
          [
            'if [[ "$(npm pkg get scripts.test)" != "{}" ]]; then',
            '  npm test',
            'else',
            '  echo "The repository defines no test script: nothing of its own to test"',
            'fi',
          ].join('\n'),
          `npm run portside -- check --manifest ${shellQuote(manifestFile)} --out cdk.out --guard-fail-on medium`,
        ],
      },
    },
    artifacts: { 'base-directory': 'cdk.out', files: ['**/*'] },
  };
}

/**
 * Deploys stacks of the synthesized assembly with the CDK CLI pinned by the repository's lock file.
 * `--previous-parameters` keeps every service's `ImageUri`, so the infrastructure never reverts an image.
 *
 * Environment: `STACKS` (CDK stack selectors, e.g. `dev/*`); the assembly is the secondary input
 * named `Synth`; `WAKE_*` for an environment that sleeps (wakeDatabasesCommand).
 */
export function platformDeploySpec(): BuildSpecDocument {
  return {
    version: '0.2',
    env: { shell: 'bash' },
    phases: {
      install: NODE_INSTALL,
      build: {
        commands: [
          requireVariables('STACKS', 'CODEBUILD_SRC_DIR_Synth'),
          // Split without globbing: a selector such as dev/* must reach the CLI as written.
          'read -r -a SELECTORS <<< "$STACKS"',
          wakeDatabasesCommand(),
          'npx cdk deploy --app "$CODEBUILD_SRC_DIR_Synth" --require-approval never --previous-parameters=true --concurrency 4 --progress events "${SELECTORS[@]}"',
        ],
      },
    },
  };
}

/** The file `portside plan --summary-file` writes in the plan step, and the variables the step exports from it. */
export const PLAN_SUMMARY_FILE = 'plan-summary.json';
export const PLAN_VARIABLES = {
  /** `true` when a stateful resource would be replaced or removed, or the deploy would fail on a fixed name. */
  reviewNeeded: 'REVIEW_NEEDED',
  /** One line of at most 450 characters naming them (the summary's `text`). */
  summary: 'PLAN_SUMMARY',
} as const;

/**
 * The platform pipeline's look before an environment's deploy: `portside plan --deployed` of that
 * environment, from the checked-out source, against the templates CloudFormation has deployed there
 * (read through the environment's bootstrap lookup role), then its review exported as variables
 * for the approval that follows.
 *
 * Environment: `ENVIRONMENT` (the manifest's environment name).
 */
export function platformPlanSpec(manifestFile: string): BuildSpecDocument {
  const field = (name: string) => `node -p 'JSON.parse(require("fs").readFileSync("${PLAN_SUMMARY_FILE}", "utf8")).${name}'`;
  return {
    version: '0.2',
    env: { shell: 'bash', 'exported-variables': [PLAN_VARIABLES.reviewNeeded, PLAN_VARIABLES.summary] },
    phases: {
      install: NODE_INSTALL,
      build: {
        commands: [
          requireVariables('ENVIRONMENT'),
          `npm run portside -- plan --deployed --env "$ENVIRONMENT" --manifest ${shellQuote(manifestFile)} --out cdk.out --summary-file ${PLAN_SUMMARY_FILE}`,
          `${PLAN_VARIABLES.reviewNeeded}=$(${field('needsReview')}) && ${PLAN_VARIABLES.summary}=$(${field('text')})`,
          `echo "Review needed before deploying $ENVIRONMENT: $${PLAN_VARIABLES.reviewNeeded}"`,
        ],
      },
    },
  };
}

/** Quotes a value for a POSIX shell. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:@=-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
