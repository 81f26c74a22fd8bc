// How the CLI's process grows its heap. V8 sets the next old-generation limit
// after each full GC from how fast that GC ran on the main thread against how
// fast the program promotes objects. Concurrent marking does most of a full
// GC's work on a background thread, which that speed does not count, so V8
// judges full GCs cheap and grows by 1.1x to 2.8x; a check, whose live heap
// only grows (the program, then the checker's types and the analysis's
// facts), then marks 300–500 MB two or three more times at 1,000 drivers, on
// CPU the heuristic never sees (`node --trace-gc-verbose` shows the factors).
// A short batch process is better served by V8's largest factor, the 4x it
// picks when GC looks dear. The bin's first line gives the flag at start-up;
// `node --heap-growing-percent=… drvlint.js` keeps the caller's.

/** Grow the old generation to 4x what the last full GC left (V8's own largest factor). */
export const HEAP_GROWING_PERCENT = 300;

/** The flag the bin's first line starts node with. */
export const HEAP_FLAG = `--heap-growing-percent=${HEAP_GROWING_PERCENT}`;
