// Runs Portside's TypeScript sources in this repository without a build step (the published package
// runs the compiled JavaScript in dist/ instead: see portside.js).
const Module = require('node:module');
const { sep } = require('node:path');

const nodeLoadsJs = Module._extensions['.js'];
const nodeResolves = Module._resolveFilename;
require('tsx/cjs');
const tsxLoadsJs = Module._extensions['.js'];
const tsxResolves = Module._resolveFilename;
// tsx resolves every require and scans every .js file it loads for ES module syntax. The packages a
// synthesis loads (about 1,400 CommonJS files of aws-cdk-lib, cdk-nag and cdk-monitoring-constructs)
// need none of it: Node resolves their requires and loads them itself, tsx only what Node cannot (our
// TypeScript and what it imports, an ES module package).
const packages = `${sep}node_modules${sep}`;
Module._resolveFilename = function resolveFilename(request, parent, ...rest) {
  const resolve = parent?.filename?.includes(packages) ? nodeResolves : tsxResolves;
  return resolve.call(this, request, parent, ...rest);
};
Module._extensions['.js'] = function loadJs(module, filename) {
  if (filename.includes(packages)) {
    try {
      return nodeLoadsJs.call(this, module, filename);
    } catch (error) {
      if (error.code !== 'ERR_REQUIRE_ESM') throw error;
    }
  }
  return tsxLoadsJs.call(this, module, filename);
};
