// `npm run pack [-- --out dir]`: the tarballs a driver project installs while
// the packages are not on the npm registry. A user installs `@drvlint/kernel`
// and the front ends they want (`@drvlint/cli`, `eslint-plugin-drvlint`,
// `@drvlint/ts-plugin`); the internal packages (`@drvlint/core`, `rules`,
// `migrations`) ride inside each front end as bundleDependencies, so no
// registry lookup can miss them. Their own registry dependencies (picomatch,
// diff) become the front end's, where npm installs them as usual. Last, the
// VS Code extension, `drvlint-vscode-<version>.vsix`, carrying the tsserver
// plugin.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { out: { type: 'string', default: path.join(root, 'packed') } } });
const out = path.resolve(values.out);

const FRONT_ENDS = ['@drvlint/cli', 'eslint-plugin-drvlint', '@drvlint/ts-plugin'];
const STANDALONE = ['@drvlint/kernel'];
const INTERNAL = /^@drvlint\/(core|rules|migrations)$/;

const stage = mkdtempSync(path.join(os.tmpdir(), 'drvlint-pack-'));
try {
  const raw = path.join(stage, 'raw');
  mkdirSync(raw);
  execFileSync('npm', ['pack', '--workspaces', '--pack-destination', raw, '--silent'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  // Each workspace tarball, unpacked, by package name.
  const unpacked = new Map();
  for (const t of readdirSync(raw).filter((f) => f.endsWith('.tgz'))) {
    const dir = path.join(stage, 'unpacked', t.replace(/\.tgz$/, ''));
    mkdirSync(dir, { recursive: true });
    execFileSync('tar', ['-xzf', path.join(raw, t), '-C', dir]);
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package/package.json'), 'utf8'));
    unpacked.set(pkg.name, { dir: path.join(dir, 'package'), pkg, tarball: path.join(raw, t) });
  }
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  for (const name of STANDALONE) cpSync(unpacked.get(name).tarball, path.join(out, path.basename(unpacked.get(name).tarball)));

  for (const name of FRONT_ENDS) {
    const front = unpacked.get(name);
    // The internal packages it needs, with theirs.
    const bundled = new Set();
    const visit = (deps) => {
      for (const dep of Object.keys(deps ?? {}))
        if (INTERNAL.test(dep) && !bundled.has(dep)) {
          bundled.add(dep);
          visit(unpacked.get(dep).pkg.dependencies);
        }
    };
    visit(front.pkg.dependencies);
    const dependencies = { ...front.pkg.dependencies };
    for (const dep of bundled) {
      const inner = unpacked.get(dep);
      cpSync(inner.dir, path.join(front.dir, 'node_modules', dep), { recursive: true });
      for (const [d, range] of Object.entries(inner.pkg.dependencies ?? {})) if (!INTERNAL.test(d)) dependencies[d] ??= range;
    }
    const pkg = { ...front.pkg, dependencies, bundleDependencies: [...bundled].sort() };
    writeFileSync(path.join(front.dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
    execFileSync('npm', ['pack', '--pack-destination', out, '--silent'], { cwd: front.dir, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  // The VS Code extension: the tsserver plugin, as packed above, contributed to VS Code's TypeScript.
  const vscode = path.join(stage, 'vscode');
  cpSync(path.join(root, 'packages/vscode'), vscode, { recursive: true, filter: (f) => !f.includes(`${path.sep}node_modules`) });
  const plugin = path.join(
    out,
    readdirSync(out).find((f) => f.startsWith('drvlint-ts-plugin-')),
  );
  execFileSync(
    'npm',
    ['install', '--no-save', '--no-package-lock', '--ignore-scripts', '--omit=dev', '--omit=peer', '--no-audit', '--no-fund', plugin],
    {
      cwd: vscode,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const { version } = JSON.parse(readFileSync(path.join(vscode, 'package.json'), 'utf8'));
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules/@vscode/vsce/vsce'), 'package', '--out', path.join(out, `drvlint-vscode-${version}.vsix`)],
    {
      cwd: vscode,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  for (const t of readdirSync(out).sort()) console.log(path.join(path.relative(process.cwd(), out) || '.', t));
} finally {
  rmSync(stage, { recursive: true, force: true });
}
