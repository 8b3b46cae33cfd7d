#!/usr/bin/env node
// The CDK app the CDK CLI runs (`cdk.json`: "app": "node …/portside-cdk-app.js"; bin/cdk-app.ts).
require('./run-entry-point.js')('cdk-app');
