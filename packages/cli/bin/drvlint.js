#!/usr/bin/env -S node --heap-growing-percent=300 --initial-old-space-size=2048 --max-inlined-bytecode-size-cumulative=120
// V8's flags are given at start-up, where V8 takes them (npm's shims on
// Windows read them from this line too): see src/start-flags.ts for why. Started as
// `node [flags] drvlint.js`, the process keeps the flags it was given.
const { main } = await import('../dist/index.js');

process.exitCode = await main(process.argv.slice(2), { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr });
