import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLEAN, DRIVER_HEAD, TSCONFIG, cliFindings, project, root, tempRoot } from '../cli/helpers.js';
import { docsExamplesProject } from '../docs-examples.js';
import { type Diagnostic, TsServer } from './tsserver.js';

const CODE = { 'no-escape': 990001, 'core-context': 990002, 'devres-access': 990009 } as const;
const tmp = tempRoot('tsserver');
afterAll(() => tmp.cleanup());

const drvlintOnly = (ds: Diagnostic[]) =>
  ds.filter((d) => d.source === 'drvlint').map((d) => `${d.start.line}:${d.start.offset} ${d.code} ${d.category}`);

const DRIVER = `${DRIVER_HEAD}let last: unknown;
const driver = pci.driver({
  name: 'x',
  idTable: pci.idTable([[pci.DeviceId.fromId(pci.Vendor.REDHAT, 5), 0]]),
  probe(pdev: pci.Device<Core>) {
    last = pdev.ref();
    return { bar: pdev.iomapRegion(0, 'x') };
  },
  unbind(pdev, self) {
    self.bar.tryAccess()?.write32(0, 0);
  },
});
export default module({ name: 'x', authors: [], description: '', license: 'GPL', drivers: [driver] });
`;

describe('@drvlint/ts-plugin in a real tsserver', () => {
  let server: TsServer;
  let file: string;

  beforeAll(() => {
    const dir = project(
      path.join(tmp.dir, 'editor'),
      { 'src/driver.ts': DRIVER, 'src/clean.ts': CLEAN },
      {
        ...TSCONFIG,
        compilerOptions: { ...TSCONFIG.compilerOptions, plugins: [{ name: '@drvlint/ts-plugin', rules: { 'devres-access': 'error' } }] },
      },
    );
    file = path.join(dir, 'src/driver.ts');
    server = new TsServer();
  });
  afterAll(() => server.close());

  it('adds drvlint findings to semantic diagnostics, with severities from the tsconfig entry', async () => {
    server.open(file);
    const ds = await server.diagnostics(file);
    expect(drvlintOnly(ds)).toEqual([`7:5 ${CODE['no-escape']} error`, `11:5 ${CODE['devres-access']} error`]);
    const escape = ds.find((d) => d.code === CODE['no-escape']);
    expect(escape?.text).toBe('A device reference `pdev.ref()` is stored in module-level `last` and outlives the binding.');
    expect(escape?.relatedInformation?.[0]).toMatchObject({
      message: 'module-level `last` is declared here',
      span: { file, start: { line: 2, offset: 5 } },
    });
  });

  it('updates after an edit that introduces, then removes, a violation', async () => {
    // Line 8 is `    return { bar: … };`: store the Core view too, first.
    server.change(file, { line: 8, offset: 5 }, { line: 8, offset: 5 }, 'last = pdev;\n    ');
    expect(drvlintOnly(await server.diagnostics(file))).toEqual([
      `7:5 ${CODE['no-escape']} error`,
      `8:5 ${CODE['no-escape']} error`,
      `8:5 ${CODE['core-context']} error`,
      `12:5 ${CODE['devres-access']} error`,
    ]);
    server.change(file, { line: 8, offset: 5 }, { line: 9, offset: 5 }, '');
    expect(drvlintOnly(await server.diagnostics(file))).toEqual([`7:5 ${CODE['no-escape']} error`, `11:5 ${CODE['devres-access']} error`]);
  });

  it('offers the autofix as a quick fix; applying it removes the finding', async () => {
    const before = await server.diagnostics(file);
    const target = before.find((d) => d.code === CODE['devres-access']);
    expect(target).toBeDefined();
    const supported = await server.request<string[]>('getSupportedCodeFixes', { file });
    expect(supported).toContain(String(CODE['devres-access']));
    const fixes = await server.request<
      {
        fixName: string;
        description: string;
        changes: {
          fileName: string;
          textChanges: { start: { line: number; offset: number }; end: { line: number; offset: number }; newText: string }[];
        }[];
      }[]
    >('getCodeFixes', {
      file,
      startLine: target?.start.line,
      startOffset: target?.start.offset,
      endLine: target?.end.line,
      endOffset: target?.end.offset,
      errorCodes: [CODE['devres-access']],
    });
    const fix = fixes.find((f) => f.fixName === 'drvlint/devres-access');
    // The call becomes access(pdev), and the `?.` after it a plain `.`, since access() never returns undefined.
    expect(fix?.changes[0]?.textChanges).toEqual([
      { start: { line: 11, offset: 14 }, end: { line: 11, offset: 25 }, newText: 'access(pdev)' },
      { start: { line: 11, offset: 25 }, end: { line: 11, offset: 27 }, newText: '.' },
    ]);
    for (const c of [...(fix?.changes[0]?.textChanges ?? [])].reverse()) server.change(file, c.start, c.end, c.newText);
    expect(drvlintOnly(await server.diagnostics(file))).toEqual([`7:5 ${CODE['no-escape']} error`]);
  });

  it('leaves a clean file clean', async () => {
    const clean = path.join(path.dirname(file), 'clean.ts');
    server.open(clean);
    expect(drvlintOnly(await server.diagnostics(clean))).toEqual([]);
  });
});

describe('one configuration for the editor and the CLI', () => {
  it('reads drvlint.config.json beside the tsconfig, with the tsconfig plugin entry on top', async () => {
    const dir = project(
      path.join(tmp.dir, 'configured'),
      { 'src/driver.ts': DRIVER, 'drvlint.config.json': JSON.stringify({ rules: { 'no-escape': 'off', 'devres-access': 'warn' } }) },
      {
        ...TSCONFIG,
        compilerOptions: { ...TSCONFIG.compilerOptions, plugins: [{ name: '@drvlint/ts-plugin', rules: { 'devres-access': 'error' } }] },
      },
    );
    const server = new TsServer();
    try {
      const file = path.join(dir, 'src/driver.ts');
      server.open(file);
      // no-escape is off in the file; devres-access is warn there but error in the entry, which wins.
      expect(drvlintOnly(await server.diagnostics(file))).toEqual([`11:5 ${CODE['devres-access']} error`]);
      const cli = await cliFindings(dir);
      expect(cli.keys).toEqual(['src/driver.ts:11:5 drvlint/devres-access']);
    } finally {
      await server.close();
    }
  });
});

describe('parity with the CLI', () => {
  const examples = docsExamplesProject();
  afterAll(examples.cleanup);
  const projects = [
    ['fixtures/drivers', path.join(root, 'fixtures/drivers')],
    ['test/fixtures/spec-example', path.join(root, 'test/fixtures/spec-example')],
    ['the docs examples of every rule', examples.dir],
  ] as const;
  it.each(projects)('%s', async (_name, dir) => {
    const { files, keys: expected } = await cliFindings(dir);

    // As a global plugin, configured by nothing: the recommended preset, as the CLI.
    const server = new TsServer({ globalPlugins: '@drvlint/ts-plugin', probe: root });
    try {
      const byCode = new Map(
        Object.entries({
          'no-escape': 990001,
          'core-context': 990002,
          'no-context-forgery': 990003,
          'id-table': 990004,
          'static-driver': 990005,
          'bus-internal': 990006,
          'unbind-teardown-only': 990007,
          'required-teardown': 990008,
          'devres-access': 990009,
          'no-legacy-api': 990010,
        }).map(([k, v]) => [v, k]),
      );
      const got: string[] = [];
      for (const file of files) {
        server.open(file);
        for (const d of await server.diagnostics(file)) {
          if (d.source === 'drvlint')
            got.push(`${path.relative(dir, file)}:${d.start.line}:${d.start.offset} drvlint/${byCode.get(d.code)}`);
        }
      }
      expect(expected.length).toBeGreaterThan(0);
      expect(got.sort()).toEqual(expected);
    } finally {
      await server.close();
    }
  });
});
