'use strict';
// Node, CommonJS (`require('partner-center-licenses')`): the bundle scripts/build-pkg.sh
// writes (the driver, the wasm glue, the .wasm read from disk).
module.exports = require('./dist/index.node.cjs');
