// How the analysis names what a value holds in messages ("the Core device
// `pdev`", "a closure that captures …"), and which of several is the most
// specific to name.
import { text } from '../syntax/syntax.js';
import type { TS } from '../ts.js';
import type { Scope } from '../facts/type-facts.js';

export interface Capture {
  readonly node: TS.Node;
  readonly name: string;
  readonly scope: Scope;
}

export interface ScopedValue {
  readonly node: TS.Expression;
  /** "the Core device `pdev`", "a closure that captures `pdev` (the Core device)" */
  readonly description: string;
  readonly scope: Scope;
  /** Set when the value is a closure (or an object of methods) that captures a driver-scoped value. */
  readonly capture?: Capture;
}

export function describeScope(scope: Scope): string {
  switch (scope.kind) {
    case 'device':
      return scope.context === 'Normal' ? 'a device reference' : scope.context === 'unknown' ? 'a device' : `the ${scope.context} device`;
    case 'private-data':
      return "the driver's private data";
    case 'resource':
      return `a device resource (${scope.name})`;
    case 'holder':
      return `a value holding ${describeScope(scope.inner)}`;
    case 'part':
      return `part of ${describeScope(scope.of)}`;
  }
}

export function describeValue(node: TS.Node, scope: Scope): string {
  const kind = describeScope(scope);
  return `${kind} \`${text(node)}\``;
}

export function isCoreScope(scope: Scope): boolean {
  return scope.kind === 'device' && (scope.context === 'Core' || scope.context === 'CoreInternal');
}

export function rankOf(s: Scope): number {
  return isCoreScope(s) ? 2 : s.kind === 'holder' || s.kind === 'part' ? 0 : 1;
}
