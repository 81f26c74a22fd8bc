// Every transform of drvlint migrate, in the contract's order: each runs on
// the program the ones before it left.
import coreInternal from './core-internal.js';
import deviceRemoval from './device-removal.js';
import devresAccess from './devres-access.js';
import rawIdTable from './raw-id-table.js';
import registration from './registration.js';
import removeToUnbind from './remove-to-unbind.js';
import type { Transform, TransformId } from './shared/transform.js';

export const transforms: readonly Transform[] = [coreInternal, removeToUnbind, deviceRemoval, registration, rawIdTable, devresAccess];
export const transformIds: readonly TransformId[] = transforms.map((t) => t.id);
export { runMigration, applyEdits, type MigrationHost, type MigrationResult, type TransformReport } from './shared/engine.js';
export type { Transform, TransformId, Site } from './shared/transform.js';
