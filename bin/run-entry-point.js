// Starts one of Portside's entry points (bin/<name>.ts): from the TypeScript sources in a checkout of
// the Portside repository, from the compiled JavaScript (dist/bin/<name>.js) in an installed package.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

module.exports = function runEntryPoint(name) {
  const root = join(__dirname, '..');
  // The published package holds dist/ and no src/ (package.json "files"); a checkout holds src/.
  if (existsSync(join(root, 'src'))) {
    require('./typescript-loader.js');
    require(join(__dirname, `${name}.ts`));
  } else {
    require(join(root, 'dist', 'bin', `${name}.js`));
  }
};
