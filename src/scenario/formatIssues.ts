import { describeFound } from '../lab/describeValue';
import type { z } from 'zod';

/** A validation problem: where (a path like `events[2].atS`) and what is wrong. */
export interface ValidationIssue {
  path: string;
  message: string;
}

/** `["events", 2, "atS"]` → `events[2].atS`; the root is `(scenario)`. */
export function formatPath(path: readonly PropertyKey[], root = '(scenario)'): string {
  if (path.length === 0) return root;
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? shortKey(String(part)) : `.${shortKey(String(part))}`;
  }
  return out;
}

/** A key as a message shows it: a 100 kB key is cut, not echoed whole. */
export function shortKey(key: string): string {
  return key.length > 40 ? `${key.slice(0, 40)}…` : key;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = data;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[part as string];
  }
  return current;
}

function bound(kind: 'at least' | 'at most', inclusive: boolean | undefined, limit: unknown, origin: string): string {
  const what = origin === 'string' ? 'text of length' : origin === 'array' ? 'a list with length' : 'a number';
  const op = kind === 'at least' ? (inclusive === false ? 'greater than' : 'at least') : inclusive === false ? 'less than' : 'at most';
  return `${what} ${op} ${String(limit)}`;
}

/** Turn zod's issues into "path: expected X, found Y" lines, reading the found values from `data`. */
export function formatZodIssues(issues: readonly z.core.$ZodIssue[], data: unknown): ValidationIssue[] {
  return issues.map((issue) => {
    const path = formatPath(issue.path);
    const found = describeFound(valueAt(data, issue.path));
    switch (issue.code) {
      case 'invalid_type':
        return { path, message: `expected ${issue.expected === 'int' ? 'a whole number' : issue.expected}, found ${found}` };
      case 'too_small':
        return { path, message: `expected ${bound('at least', issue.inclusive, issue.minimum, issue.origin)}, found ${found}` };
      case 'too_big':
        return { path, message: `expected ${bound('at most', issue.inclusive, issue.maximum, issue.origin)}, found ${found}` };
      case 'invalid_value':
        return { path, message: `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, found ${found}` };
      case 'invalid_format':
        return { path, message: `expected ${issue.message}, found ${found}` };
      case 'unrecognized_keys':
        return { path, message: `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.slice(0, 10).map((k) => JSON.stringify(shortKey(k))).join(', ')}${issue.keys.length > 10 ? ` and ${issue.keys.length - 10} more` : ''}` };
      case 'invalid_union': {
        const expected = new Set<string>();
        for (const branch of issue.errors) for (const sub of branch) if (sub.code === 'invalid_type') expected.add(sub.expected);
        const list = [...expected];
        return { path, message: `expected ${list.length > 0 ? list.join(' or ') : 'a valid value'}, found ${found}` };
      }
      default:
        return { path, message: issue.message.startsWith('expected') ? `${issue.message}, found ${found}` : `${issue.message} (found ${found})` };
    }
  });
}
