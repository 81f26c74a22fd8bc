// SARIF 2.1.0's own schema (from @microsoft/jest-sarif), for the tests that
// check what drvlint writes is valid SARIF.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Ajv4 from 'ajv-draft-04';

let validate: ReturnType<Ajv4['compile']> | undefined;

/** The schema's complaints about `log`, as JSON; empty when it is valid SARIF 2.1.0. */
export function sarifErrors(log: unknown): string {
  if (!validate) {
    const schemaFile = path.join(
      path.dirname(createRequire(import.meta.url).resolve('@microsoft/jest-sarif/package.json')),
      'lib/schemas/sarif-2.1.0-rtm.5.json',
    );
    validate = new Ajv4({ allErrors: true, strict: false, unicodeRegExp: false }).compile(JSON.parse(readFileSync(schemaFile, 'utf8')));
  }
  return validate(log) ? '' : JSON.stringify(validate.errors);
}
