// The transforms of `drvlint migrate`, by id, in the order they run (see the
// migration contract): each runs on the program the ones before it left.
// Named here, below both, so that the transforms and the rule that points
// users at them (`no-legacy-api`) read the same ids.
export const TRANSFORM_IDS = [
  'core-internal',
  'remove-to-unbind',
  'device-removal',
  'registration',
  'raw-id-table',
  'devres-access',
] as const;

export type TransformId = (typeof TRANSFORM_IDS)[number];
