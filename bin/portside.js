#!/usr/bin/env node
// The `portside` command (bin/portside-cli.ts).
require('./run-entry-point.js')('portside-cli');
