#!/usr/bin/env node
import { tuneHeap } from '../dist/heap.js';

// Before the analysis allocates anything: see heap.ts.
tuneHeap();
const { main } = await import('../dist/index.js');

process.exitCode = await main(process.argv.slice(2), { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr });
