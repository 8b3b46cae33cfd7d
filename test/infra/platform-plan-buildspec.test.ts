import { describe, expect, it } from 'vitest';
import { PLAN_SUMMARY_FILE, platformPlanSpec } from '../../src/infra/delivery/buildspecs';
import { runBuildSpec } from '../support/buildspec-runner';

/** npm as the plan step sees it: `npm ci`, and `portside plan` writing `review` where --summary-file says (or failing). */
function fakeNpm(review: object | 'fail'): string {
  const write = review === 'fail'
    ? 'echo "portside: cannot read the deployed template" >&2; exit 1'
    : `printf '%s' '${JSON.stringify(review).replace(/'/g, "'\\''")}' > "$FILE"`;
  return `
if [ "$1" = run ]; then
  while [ $# -gt 0 ]; do [ "$1" = --summary-file ] && FILE="$2"; shift; done
  ${write}
fi`;
}

const AT_RISK = {
  needsReview: true,
  text: 'Plan of prod against what is deployed: 1 stateful resource at risk. purchase-direct-prod-data: Catalog (RDS::DBCluster) REPLACED: DatabaseName; old one deleted after a final snapshot.',
};

describe('the platform pipeline\'s plan step', () => {
  it('plans the environment against what is deployed, from the checked-out manifest, and exports its review', () => {
    const run = runBuildSpec(platformPlanSpec('platform/portside.yaml'), { env: { ENVIRONMENT: 'prod' }, stubs: { npm: fakeNpm(AT_RISK) } });
    expect(run.status, run.stderr).toBe(0);
    expect(run.commandLines).toEqual([
      'npm ci',
      `npm run portside -- plan --deployed --env prod --manifest platform/portside.yaml --out cdk.out --summary-file ${PLAN_SUMMARY_FILE}`,
    ]);
    expect(run.exported).toEqual({ REVIEW_NEEDED: 'true', PLAN_SUMMARY: AT_RISK.text });
  });

  it('exports false when nothing stateful is at risk, so the review stage is skipped', () => {
    const run = runBuildSpec(platformPlanSpec('portside.yaml'), {
      env: { ENVIRONMENT: 'dev' },
      stubs: { npm: fakeNpm({ needsReview: false, text: 'Plan of dev against what is deployed: it\'s 2 stacks; no stateful resource is replaced or removed.' }) },
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.exported).toEqual({ REVIEW_NEEDED: 'false', PLAN_SUMMARY: 'Plan of dev against what is deployed: it\'s 2 stacks; no stateful resource is replaced or removed.' });
  });

  it('fails the build when the plan fails (a deploy then never starts on a guess)', () => {
    const run = runBuildSpec(platformPlanSpec('portside.yaml'), { env: { ENVIRONMENT: 'prod' }, stubs: { npm: fakeNpm('fail') } });
    expect(run.status).not.toBe(0);
    expect(run.exported).toEqual({});
  });

  it('refuses to run without the environment', () => {
    const run = runBuildSpec(platformPlanSpec('portside.yaml'), { env: {}, stubs: { npm: fakeNpm(AT_RISK) } });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('not set: ENVIRONMENT');
  });
});
