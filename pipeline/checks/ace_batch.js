'use strict';
// Ace by DAISY's own check, run once for each line read: "<book>\t<report folder>\t<scratch>" in, "ok" or
// "error <why>" out, one line each; the input's end ends the run. One Node and one browser for
// every book a process checks (pipeline/checks/batches.py): Ace would start both for each book.
// Run with NODE_PATH naming the node_modules that hold @daisy/ace.
const fs = require('fs');
const readline = require('readline');
const ace = require('@daisy/ace-core');
const logger = require('@daisy/ace-logger');
const runner = require('@daisy/ace-axe-runner-puppeteer');

// Ace launches the runner's browser before each book and closes it after: launched once here.
let launched = false;
const shared = Object.assign(Object.create(runner), {
  launch: async () => {
    if (!launched) {
      await runner.launch();
      launched = true;
    }
  },
  close: async () => {},
});

async function main() {
  logger.initLogger({ verbose: false, silent: true, fileName: 'ace-batch.log' });
  for await (const line of readline.createInterface({ input: process.stdin })) {
    const [epub, outdir, tmpdir] = line.split('\t');
    let answer = 'ok';
    try {
      await ace(epub, { cwd: process.cwd(), outdir, tmpdir, silent: true, jobId: '' }, shared);
    } catch (err) {
      answer = `error ${String(err && err.message ? err.message : err).replace(/\s+/g, ' ')}`;
      if (launched) {  // the next book gets a fresh browser
        launched = false;
        await runner.close().catch(() => {});
      }
    }
    process.stdout.write(`${answer}\n`);
  }
  if (launched) await runner.close();
  if (process.env.ACE_BATCH_SCRATCH) fs.rmSync(process.env.ACE_BATCH_SCRATCH, { recursive: true, force: true });
}

main().then(() => process.exit(0), () => process.exit(1));
