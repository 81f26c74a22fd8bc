// --fix never harms a file: real files, real links and modes.
import {
  chmodSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeSource } from '../../packages/cli/dist/safe-write.js';
import { afterAll, describe, expect, it } from 'vitest';
import { DRIVER_HEAD, drvlint, project, tempRoot } from './helpers.js';

const tmp = tempRoot('fix-safety');
const outside = mkdtempSync(path.join(os.tmpdir(), 'drvlint-outside-'));
afterAll(() => {
  tmp.cleanup();
  rmSync(outside, { recursive: true, force: true });
});
let n = 0;

const RAW = (eol = '\n') =>
  `${DRIVER_HEAD}export const T = pci.rawIdTable([\n  [pci.DeviceId.fromId(pci.Vendor.REDHAT, 5), 0],\n]);\n`.replace(/\n/g, eol);
const FIXED = (eol = '\n') => RAW().replace('0],\n]);', '0],\n  pci.DeviceId.ZERO,\n]);').replace(/\n/g, eol);
const fresh = (files: Record<string, string>) => project(path.join(tmp.dir, `p${n++}`), files);

describe('--fix keeps what a file is', () => {
  it('keeps a CRLF file CRLF, and a UTF-8 BOM', async () => {
    const dir = fresh({ 'src/crlf.ts': RAW('\r\n'), 'src/bom.ts': `\uFEFF${RAW()}` });
    await drvlint(dir, 'check', '--fix');
    expect(readFileSync(path.join(dir, 'src/crlf.ts'), 'utf8')).toBe(FIXED('\r\n'));
    expect(readFileSync(path.join(dir, 'src/bom.ts'), 'utf8')).toBe(`\uFEFF${FIXED()}`);
  });

  it('keeps the mode and hard links, and does not write a read-only file', async () => {
    const dir = fresh({ 'src/private.ts': RAW(), 'src/exec.ts': RAW(), 'src/linked.ts': RAW(), 'src/readonly.ts': RAW() });
    chmodSync(path.join(dir, 'src/private.ts'), 0o600);
    chmodSync(path.join(dir, 'src/exec.ts'), 0o755);
    linkSync(path.join(dir, 'src/linked.ts'), path.join(dir, 'other-name.ts'));
    chmodSync(path.join(dir, 'src/readonly.ts'), 0o444);
    const r = await drvlint(dir, 'check', '--fix');
    expect(statSync(path.join(dir, 'src/private.ts')).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(dir, 'src/exec.ts')).mode & 0o777).toBe(0o755);
    expect(readFileSync(path.join(dir, 'other-name.ts'), 'utf8')).toBe(FIXED());
    expect(statSync(path.join(dir, 'src/linked.ts')).nlink).toBe(2);
    expect(readFileSync(path.join(dir, 'src/readonly.ts'), 'utf8')).toBe(RAW());
    expect(r.stderr).toContain('drvlint: not fixing src/readonly.ts: it is read-only');
  });

  it('writes through a symlinked file to its target, and never through a link that leads outside the root', async () => {
    mkdirSync(path.join(outside, 'lib'), { recursive: true });
    writeFileSync(path.join(outside, 'lib/outside.ts'), RAW());
    const dir = fresh({ 'src/real.ts': RAW() });
    symlinkSync(path.join(dir, 'src/real.ts'), path.join(dir, 'src/alias.ts'));
    symlinkSync(path.join(outside, 'lib'), path.join(dir, 'src/lib'));
    const r = await drvlint(dir, 'check', '--fix');
    expect(lstatSync(path.join(dir, 'src/alias.ts')).isSymbolicLink()).toBe(true);
    expect(readFileSync(path.join(dir, 'src/real.ts'), 'utf8')).toBe(FIXED());
    expect(readFileSync(path.join(outside, 'lib/outside.ts'), 'utf8')).toBe(RAW());
    expect(r.stderr).toMatch(/drvlint: not fixing src\/lib\/outside\.ts: its real path .* is outside the project root/);
  });

  it('never overwrites an edit saved while drvlint ran', () => {
    const dir = fresh({ 'src/a.ts': RAW() });
    const file = path.join(dir, 'src/a.ts');
    writeFileSync(file, `${RAW()}// saved by the user meanwhile\n`);
    expect(writeSource(dir, file, RAW(), FIXED())).toEqual({ written: false, why: 'it changed on disk while drvlint ran; run again' });
    expect(readFileSync(file, 'utf8')).toBe(`${RAW()}// saved by the user meanwhile\n`);
  });
});
