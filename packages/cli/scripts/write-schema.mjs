// Regenerates drvlint.config.schema.json from the rules' metadata (run after
// `npm run build`). A test fails while the published file is out of date.
import { writeFileSync } from 'node:fs';
import { configSchema } from '../dist/config.js';

writeFileSync(new URL('../drvlint.config.schema.json', import.meta.url), `${JSON.stringify(configSchema(), null, 2)}\n`);
