#!/usr/bin/env node
'use strict';
// Validates HAR files against HAR 1.2 with the npm package har-validator (ajv + the har-schema JSON schemas), as
// tests/har_export_valid.rs asks: `node tests/lab/validate-har.js FILE...` prints one line per invalid file
// (`FILE: errors`) and exits 1 when any is invalid, 0 when all are valid.
const fs = require('fs');
const validate = require('har-validator');

(async () => {
  let bad = 0;
  for (const file of process.argv.slice(2)) {
    try {
      await validate.har(JSON.parse(fs.readFileSync(file, 'utf8')));
    } catch (e) {
      bad += 1;
      console.log(`${file}: ${e.message} ${JSON.stringify(e.errors || []).slice(0, 800)}`);
    }
  }
  process.exit(bad ? 1 : 0);
})();
