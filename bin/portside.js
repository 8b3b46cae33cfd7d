#!/usr/bin/env node
// The `portside` command: runs the TypeScript CLI through tsx (no build step).
require('tsx/cjs');
require('./portside-cli.ts');
