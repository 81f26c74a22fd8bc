// A real tsserver process, spoken to over its protocol: requests are one
// JSON object per line on stdin; responses and events come back framed by a
// Content-Length header.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const tsserverPath = path.join(path.dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'lib/tsserver.js');

export interface Location {
  readonly line: number;
  readonly offset: number;
}

export interface Diagnostic {
  readonly start: Location;
  readonly end: Location;
  readonly text: string;
  readonly code: number;
  readonly category: string;
  readonly source?: string;
  readonly relatedInformation?: { readonly span?: { readonly file: string; readonly start: Location }; readonly message: string }[];
}

export class TsServer {
  readonly #proc: ChildProcessWithoutNullStreams;
  #seq = 0;
  #buffer = Buffer.alloc(0);
  readonly #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(options: { globalPlugins?: string; probe?: string; logFile?: string; tsserver?: string } = {}) {
    const args = [options.tsserver ?? tsserverPath, '--disableAutomaticTypingAcquisition', '--suppressDiagnosticEvents'];
    if (options.globalPlugins)
      args.push('--globalPlugins', options.globalPlugins, '--pluginProbeLocations', options.probe ?? process.cwd());
    if (options.logFile) args.push('--logVerbosity', 'verbose', '--logFile', options.logFile);
    this.#proc = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.#proc.stdout.on('data', (chunk: Buffer) => this.#read(chunk));
    this.#proc.on('exit', () => {
      for (const p of this.#pending.values()) p.reject(new Error('tsserver exited'));
      this.#pending.clear();
    });
  }

  #read(chunk: Buffer): void {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    for (;;) {
      const header = this.#buffer.indexOf('\r\n\r\n');
      if (header < 0) return;
      const m = /Content-Length: (\d+)/.exec(this.#buffer.subarray(0, header).toString('utf8'));
      if (!m) throw new Error(`bad tsserver header: ${this.#buffer.subarray(0, header).toString('utf8')}`);
      const length = Number(m[1]);
      if (this.#buffer.length < header + 4 + length) return;
      const body = JSON.parse(this.#buffer.subarray(header + 4, header + 4 + length).toString('utf8')) as {
        type: string;
        request_seq: number;
        success: boolean;
        body?: unknown;
        message?: string;
      };
      this.#buffer = this.#buffer.subarray(header + 4 + length);
      if (body.type !== 'response') continue;
      const p = this.#pending.get(body.request_seq);
      this.#pending.delete(body.request_seq);
      if (body.success) p?.resolve(body.body);
      else p?.reject(new Error(body.message ?? 'tsserver request failed'));
    }
  }

  request<T = unknown>(command: string, args: unknown): Promise<T> {
    const seq = ++this.#seq;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(seq, { resolve: resolve as (v: unknown) => void, reject });
      this.#proc.stdin.write(`${JSON.stringify({ seq, type: 'request', command, arguments: args })}\n`);
    });
  }

  /** Fire-and-forget requests (open, change) that tsserver does not answer. */
  notify(command: string, args: unknown): void {
    this.#proc.stdin.write(`${JSON.stringify({ seq: ++this.#seq, type: 'request', command, arguments: args })}\n`);
  }

  open(file: string, fileContent?: string): void {
    this.notify('open', { file, ...(fileContent === undefined ? {} : { fileContent }) });
  }

  diagnostics(file: string): Promise<Diagnostic[]> {
    return this.request<Diagnostic[]>('semanticDiagnosticsSync', { file, includeLinePosition: false });
  }

  change(file: string, start: Location, end: Location, insertString: string): void {
    this.notify('change', { file, line: start.line, offset: start.offset, endLine: end.line, endOffset: end.offset, insertString });
  }

  async close(): Promise<void> {
    this.notify('exit', {});
    await new Promise((r) => {
      const t = setTimeout(() => {
        this.#proc.kill();
        r(undefined);
      }, 2000);
      this.#proc.once('exit', () => {
        clearTimeout(t);
        r(undefined);
      });
    });
  }
}
