/**
 * The Dockerfile cannot be built here (no Docker engine on the CI machine), so its contract with the
 * platform is checked as text: stage names, the pipeline's test-stage detection, a non-root numeric
 * user, an exec-form CMD that makes node PID 1, and production-only dependencies in the image.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dockerfile = readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8');
const dockerignore = readFileSync(new URL('../../.dockerignore', import.meta.url), 'utf8');

interface Stage {
  readonly name: string;
  readonly from: string;
  readonly instructions: readonly string[];
}

/** Instructions (comments dropped, continuation lines joined) grouped by stage. */
function stages(text: string): Stage[] {
  const lines = text.replace(/\\\n/g, ' ').split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
  const result: { name: string; from: string; instructions: string[] }[] = [];
  for (const line of lines) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?$/i.exec(line);
    if (from) result.push({ from: from[1]!, name: from[2] ?? '', instructions: [] });
    else result.at(-1)?.instructions.push(line);
  }
  return result;
}

const all = stages(dockerfile);
const runtime = all.at(-1)!;
const instruction = (stage: Stage, keyword: string) => stage.instructions.filter((line) => line.toUpperCase().startsWith(`${keyword} `));

describe('Dockerfile', () => {
  it('has named stages: deps, build, test, prod-deps, and runtime last (the image pushed)', () => {
    expect(all.map((stage) => stage.name)).toEqual(['deps', 'build', 'test', 'prod-deps', 'runtime']);
  });

  it('has exactly one stage the pipeline recognises as the test stage, and it runs the unit tests', () => {
    // The same expression as Portside's imageBuildSpec (grep -qiE), applied line by line.
    const pipelineTestStage = /^[ \t]*FROM[ \t].*[ \t]AS[ \t]+test[ \t]*$/i;

    expect(dockerfile.split('\n').filter((line) => pipelineTestStage.test(line))).toEqual(['FROM build AS test']);
    expect(all.find((stage) => stage.name === 'test')!.instructions).toContain('RUN npm test');
  });

  it('runs as a non-root numeric user', () => {
    const users = instruction(runtime, 'USER');

    expect(users).toHaveLength(1);
    const [uid, gid] = users[0]!.slice('USER '.length).split(':');
    expect(uid).toMatch(/^\d+$/);
    expect(Number(uid)).toBeGreaterThan(0);
    expect(Number(gid)).toBeGreaterThan(0);
  });

  it('starts node directly with an exec-form CMD, so node is PID 1 and receives SIGTERM', () => {
    const [cmd] = instruction(runtime, 'CMD');

    const argv = JSON.parse(cmd!.slice('CMD '.length)) as string[];
    expect(argv[0]).toBe('node');
    expect(argv.at(-1)).toBe('dist/main.js');
    expect(instruction(runtime, 'ENTRYPOINT')).toEqual([]);
    expect(instruction(runtime, 'STOPSIGNAL')).toEqual(['STOPSIGNAL SIGTERM']);
  });

  it('ships production dependencies only, and no install script ever runs', () => {
    const prodDeps = all.find((stage) => stage.name === 'prod-deps')!;

    expect(instruction(prodDeps, 'RUN').join('\n')).toMatch(/npm ci --omit=dev --ignore-scripts/);
    expect(instruction(runtime, 'COPY')).toEqual([
      'COPY package.json ./',
      'COPY --from=prod-deps /app/node_modules ./node_modules',
      'COPY --from=build /app/dist ./dist',
    ]);
    for (const run of all.flatMap((stage) => instruction(stage, 'RUN')).filter((line) => line.includes('npm ci'))) {
      expect(run).toContain('--ignore-scripts');
    }
  });

  it('writes nothing at run time: no RUN, VOLUME or writable copy in the runtime stage', () => {
    expect(instruction(runtime, 'RUN')).toEqual([]);
    expect(instruction(runtime, 'VOLUME')).toEqual([]);
    expect(runtime.instructions.some((line) => line.includes('--chown'))).toBe(false);
    expect(runtime.instructions).toContain('ENV NODE_ENV=production');
  });

  it('keeps local installs and build output out of the build context', () => {
    const ignored = dockerignore.split('\n').map((line) => line.trim());

    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', '.git']));
  });
});
