// devres-access: every tryAccess()/tryAccessWith() that the devres-access rule
// proves owned by a bound device in scope becomes access(dev), exactly as the
// rule's autofix writes it (so migrated code is lint-clean by construction).
import { rules } from '@drvlint/rules';
import type { Transform } from './shared/transform.js';

const transform: Transform = {
  id: 'devres-access',
  summary: "tryAccess() with the owning device in scope becomes access(dev), as the rule's autofix",
  run(cx) {
    const rule = rules['devres-access'];
    for (const file of cx.files) {
      for (const f of cx.findings(file, rule)) {
        if (f.messageId !== 'useAccess') continue;
        const at = { getSourceFile: () => file, getStart: () => f.start } as unknown as Parameters<typeof cx.migrated>[0];
        if (f.fix) {
          cx.edit(file, f.fix);
          cx.migrated(at, `${f.data.call ?? 'tryAccess()'} became access(${f.data.dev ?? 'dev'})`);
        } else
          cx.leave(
            at,
            `${f.data.call ?? 'tryAccessWith()'}: no automatic rewrite (a tryAccessWith, or a shadowed device name); see the rule's suggestion`,
          );
      }
    }
  },
};
export default transform;
