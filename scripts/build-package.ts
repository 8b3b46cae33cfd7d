/**
 * `npm run build` (after `tsc -p tsconfig.build.json`): completes dist/ with what tsc does not emit,
 * so the published package runs without TypeScript, tsx or esbuild:
 * - the plain JavaScript files that run in worker threads and child processes (*.cjs, *.mjs);
 * - each Lambda handler of src/lambda bundled with its database drivers (dist/src/lambda/<name>/bundle).
 */
import { copyFileSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { bundleHandler, prebuiltBundleDirectory } from '../src/infra/lambda/bundled-node-code';

const root = resolve(__dirname, '..');
const dist = join(root, 'dist');

function filesUnder(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const plainJavaScript = filesUnder(join(root, 'src')).filter((file) => /\.(cjs|mjs)$/.test(file));
for (const file of plainJavaScript) {
  const target = join(dist, relative(root, file));
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(file, target);
}

const handlersRoot = join(root, 'src', 'lambda');
const handlers = readdirSync(handlersRoot).filter((name) => statSync(join(handlersRoot, name, 'index.ts'), { throwIfNoEntry: false })?.isFile());
for (const name of handlers) {
  bundleHandler(join(handlersRoot, name, 'index.ts'), prebuiltBundleDirectory(name, join(dist, 'src', 'lambda')));
}
process.stdout.write(`build: ${plainJavaScript.length} plain JavaScript files copied, ${handlers.length} Lambda handler(s) bundled into dist/\n`);
