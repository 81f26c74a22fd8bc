// drvlint check --cache: a file's results are reused only while nothing they
// can depend on has changed. The key covers the texts of the file's
// dependency set: itself, every file that imports it, transitively, and
// everything those import (the sets the editor's cache uses), drvlint's version, the rule configuration, the compiler options and
// the kernel package's declarations; so a teardown moved into a helper in
// another file invalidates the driver that calls it, by construction.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Analysis, Components, TS } from '@drvlint/core';
import type { Message } from './results.js';
import { writeAtomically } from './safe-write.js';

interface Store {
  readonly salt: string;
  readonly entries: Record<string, { readonly key: string; readonly messages: Message[] }>;
}

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

export class ResultCache {
  readonly #location: string;
  readonly #salt: string;
  readonly #entries: Map<string, { key: string; messages: Message[] }>;
  readonly #texts = new Map<string, string>();
  /** One key per dependency set (the array Components gives it), so a set is hashed once, not once per file. */
  readonly #groups = new WeakMap<readonly string[], string>();
  hits = 0;

  constructor(location: string, salt: string) {
    this.#location = location;
    this.#salt = sha(salt);
    let stored: Store | undefined;
    try {
      stored = existsSync(location) ? (JSON.parse(readFileSync(location, 'utf8')) as Store) : undefined;
    } catch {
      stored = undefined; // a damaged cache is no cache
    }
    this.#entries = new Map(
      stored && stored.salt === this.#salt && typeof stored.entries === 'object' ? Object.entries(stored.entries) : [],
    );
  }

  /** What the analysis of `file` can depend on, as one key. */
  keyOf(program: TS.Program, components: Components, file: TS.SourceFile): string {
    const group = components.of(file.fileName);
    let key = this.#groups.get(group);
    if (key === undefined) {
      const parts = group.map((f) => {
        let h = this.#texts.get(f);
        if (h === undefined) this.#texts.set(f, (h = sha(program.getSourceFile(f)?.text ?? '')));
        return `${f}\0${h}`;
      });
      this.#groups.set(group, (key = sha(parts.join('\n'))));
    }
    return key;
  }

  get(fileName: string, key: string): Message[] | undefined {
    const e = this.#entries.get(fileName);
    if (e?.key !== key) return undefined;
    this.hits++;
    return e.messages;
  }

  set(fileName: string, key: string, messages: Message[]): void {
    this.#entries.set(fileName, { key, messages });
  }

  /** Writes the cache; why it could not, for a warning (the run's results stand either way). */
  save(): string | undefined {
    try {
      mkdirSync(path.dirname(this.#location), { recursive: true });
      writeAtomically(this.#location, JSON.stringify({ salt: this.#salt, entries: Object.fromEntries(this.#entries) } satisfies Store));
      return undefined;
    } catch (e) {
      return `could not save the cache at ${this.#location}: ${(e as Error).message}`;
    }
  }
}

/** Everything besides the files that a result depends on: drvlint, its configuration, the compiler and the kernel API. */
export function cacheSalt(version: string, config: unknown, analysis: Analysis): string {
  const kernel = analysis.program
    .getSourceFiles()
    .filter((f) => analysis.kernel?.isKernelFile(f.fileName))
    .map((f) => `${f.fileName}\0${sha(f.text)}`)
    .sort();
  return JSON.stringify({ version, config, options: analysis.program.getCompilerOptions(), kernel });
}
