// @drvlint/ts-plugin: `"plugins": [{ "name": "@drvlint/ts-plugin", "rules": { "<id>": "warn" } }]`.
import type { TS, TypeScript } from '@drvlint/core';
import { type PluginConfig, createPlugin } from './plugin.js';

function init(modules: { typescript: TypeScript }): TS.server.PluginModule {
  const ts = modules.typescript;
  let proxy: ReturnType<typeof createPlugin> | undefined;
  return {
    create: (info) => (proxy = createPlugin(ts, info)),
    onConfigurationChanged: (config: PluginConfig) =>
      (proxy as unknown as { configure?: (c: PluginConfig) => void } | undefined)?.configure?.(config),
  };
}

export = init;
