// Where the CLI reads its working directory and writes its output: the
// process's streams in the bin, buffers in tests.
export interface Io {
  readonly cwd: string;
  readonly stdout: { write(s: string): unknown; isTTY?: boolean };
  readonly stderr: { write(s: string): unknown; isTTY?: boolean };
}
