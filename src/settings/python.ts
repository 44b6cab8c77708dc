import { SnippetError } from './reading';
import { blankComments, closingBracket, evaluate, lineAt, PYTHON_CONSTANTS, splitItems, type Item } from './text';

/** The arguments of the first call to one of `callees` in a Python snippet (comments skipped). */
export function pythonCallArguments(text: string, callees: readonly string[], what: string): { items: Item[]; callee: string; line: number } {
  const code = blankComments(text, 'python');
  const pattern = new RegExp(`(?:^|[^\\w.])(?:[\\w.]+\\.)?(${callees.join('|')})\\s*\\(`, 'm');
  const m = pattern.exec(code);
  if (!m) throw new SnippetError(1, `no ${callees.join(' or ')}(…) call found: expected ${what}`);
  const open = m.index + m[0].length - 1;
  const close = closingBracket(code, open);
  return { items: splitItems(code, open + 1, close, '='), callee: m[1]!, line: lineAt(code, open) };
}

/** A Python number (arithmetic and `float("inf")` allowed); `None` is null. Anything else cannot be read. */
export function pythonNumber(item: Item, name = item.name ?? 'argument'): number | null {
  if (item.value === 'None') return null;
  const v = evaluate(item.value, PYTHON_CONSTANTS);
  if (v === null) throw new SnippetError(item.line, `${name}=${item.value}: expected a number the lab can read (a literal or arithmetic on literals)`);
  return v;
}

