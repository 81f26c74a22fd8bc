// The V8 flags the CLI's process starts with. A check is a short batch
// process: it reads a program, asks its questions and exits, so V8's
// defaults, tuned for long-running servers and pages, spend on work that a
// run of a few seconds never earns back. Each flag here was chosen by paired
// runs (`npm run bench:flags`, figures in docs/performance.md).
//
// Heap. A check's live heap only grows (the program, then the checker's
// types and the analysis's facts), so full GCs find little to free, and what
// they cost is marking what is live.
// - Growth. V8 sets the next old-generation limit after each full GC from
//   how fast that GC ran on the main thread against how fast the program
//   promotes objects. Concurrent marking does most of a full GC's work on a
//   background thread, which that speed does not count, so V8 judges full
//   GCs cheap and grows by 1.1x to 2.8x; a check then marks 300–500 MB two
//   or three more times at 1,000 drivers, on CPU the heuristic never sees
//   (`node --trace-gc-verbose` shows the factors). A short batch process is
//   better served by V8's largest factor, the 4x it picks when GC looks dear.
// - Start. V8 starts the old generation small and sets each later limit
//   from where the last full GC left it, so the first full GCs (at about
//   25 MB and 120 MB, while the program is still being read) decide where
//   the large ones fall, and each of those marks the whole live heap (over
//   1 GB at 2,000 drivers) to free under a tenth. A check promotes little
//   garbage, so a check that makes no full GC at all peaks at about the RSS
//   of `tsc`, which does make them. The old generation therefore starts at
//   2 GB: a check whose heap stays below that makes no full GC, and a larger
//   one makes its first at 2 GB and grows 4x from there. V8 caps the start at
//   its heap limit, which node sets from the machine's memory.
//
// Optimizing compiler. TurboFan inlines callees into a hot function until
// their bytecode adds up to a budget (920 bytes by default). TypeScript's
// checker and drvlint's passes are many large functions calling many more,
// so most compiles fill that budget, and a compile that later deoptimizes
// throws all of it away. In a check, the compiler's background threads
// spent about as much CPU as the main thread saved (`--trace-opt` sums the
// compile times; `--no-concurrent-recompilation` moves them onto the main
// thread, where the profile shows them). A budget of 120 bytes still inlines
// the small helpers that matter (node accessors, flag tests) and halves the
// inlining decisions.
//
// The bin's first line gives the flags at start-up, where V8 takes them
// (npm's shims read them there too); `node --heap-growing-percent=…
// drvlint.js` keeps the caller's.

/** Grow the old generation to 4x what the last full GC left (V8's own largest factor). */
export const HEAP_GROWING_PERCENT = 300;

/** The old generation's first limit, in MB. */
export const INITIAL_OLD_SPACE_MB = 2048;

/** The bytecode TurboFan may inline into one function, in bytes (V8's default is 920). */
export const INLINING_BUDGET_BYTES = 120;

/** The heap flags. */
export const HEAP_FLAGS: readonly string[] = [
  `--heap-growing-percent=${HEAP_GROWING_PERCENT}`,
  `--initial-old-space-size=${INITIAL_OLD_SPACE_MB}`,
];

/** The optimizing compiler's flags. */
export const COMPILER_FLAGS: readonly string[] = [`--max-inlined-bytecode-size-cumulative=${INLINING_BUDGET_BYTES}`];

/** Every flag the bin's first line starts node with. */
export const START_FLAGS: readonly string[] = [...HEAP_FLAGS, ...COMPILER_FLAGS];
