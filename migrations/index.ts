// Every transform of drvlint migrate, in the contract's order: each runs on
// the program the ones before it left.
import coreInternal from './core-internal.js';
import deviceRemoval from './device-removal.js';
import devresAccess from './devres-access.js';
import rawIdTable from './raw-id-table.js';
import registration from './registration.js';
import removeToUnbind from './remove-to-unbind.js';
import { TRANSFORM_IDS, type TransformId } from '@drvlint/core';
import type { Transform } from './shared/transform.js';

const byId = {
  'core-internal': coreInternal,
  'remove-to-unbind': removeToUnbind,
  'device-removal': deviceRemoval,
  registration,
  'raw-id-table': rawIdTable,
  'devres-access': devresAccess,
} as const satisfies Record<TransformId, Transform>;

export const transforms: readonly Transform[] = TRANSFORM_IDS.map((id) => byId[id]);
export const transformIds: readonly TransformId[] = TRANSFORM_IDS;
export { runMigration, type MigrationHost, type MigrationResult, type TransformReport } from './shared/engine.js';
export type { Transform, Site } from './shared/transform.js';
export type { TransformId } from '@drvlint/core';
