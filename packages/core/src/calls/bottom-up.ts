// Per-function facts that compose across calls (what a helper keeps, tears
// down, may throw) are computed callees first. A recursive walk would grow the
// call stack with every helper in a chain, and a program can hold a chain as
// long as itself; this walks with an explicit stack instead. The order is the
// recursive walk's: a function is computed once its callees are, in the order
// its calls come, and the functions on the path to it are busy, so a cycle
// contributes nothing new on its inner round.

export interface BottomUp<F> {
  /** Whether `f`'s fact is known already. */
  done(f: F): boolean;
  /** The functions on the current path; shared with the fact's own guard against recursion. */
  readonly busy: Set<F>;
  /** The functions `f` calls whose facts `f`'s depends on, in the order of the calls. */
  callees(f: F): Iterable<F>;
  /** Computes and stores `f`'s fact; its callees' are known, or busy. */
  compute(f: F): void;
}

export function bottomUp<F>(start: F, walk: BottomUp<F>): void {
  const stack: { readonly f: F; expanded: boolean }[] = [{ f: start, expanded: false }];
  try {
    for (let top = stack.at(-1); top; top = stack.at(-1)) {
      if (!top.expanded) {
        // Computed meanwhile (two callers pushed it), or on the path already (a cycle).
        if (walk.done(top.f) || walk.busy.has(top.f)) {
          stack.pop();
          continue;
        }
        top.expanded = true;
        walk.busy.add(top.f);
        const next: F[] = [];
        for (const c of walk.callees(top.f)) if (c !== top.f && !walk.done(c) && !walk.busy.has(c) && !next.includes(c)) next.push(c);
        // Pushed last first, so that the first callee is computed first.
        for (let i = next.length - 1; i >= 0; i--) stack.push({ f: next[i] as F, expanded: false });
        continue;
      }
      stack.pop();
      if (!walk.done(top.f)) walk.compute(top.f);
      walk.busy.delete(top.f);
    }
  } finally {
    for (const s of stack) if (s.expanded) walk.busy.delete(s.f);
  }
}
