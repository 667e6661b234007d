// Node CommonJS: `require` the package by name, run the shared flow (an ES module, loaded
// with import()), print the results as one JSON line.
'use strict';
const pcl = require('partner-center-licenses');

import('./flow.mjs').then(async ({ runFlow }) => {
  const results = await runFlow(pcl, JSON.parse(process.argv[2]));
  const entry = require.resolve('partner-center-licenses');
  console.log(JSON.stringify({ entry, results }));
  process.exit(0);
});
