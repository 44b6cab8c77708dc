import { SnippetError } from './reading';

/** The 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text[i] === '\n') line++;
  return line;
}

/**
 * The text with its comments blanked out (same length, same line breaks), so offsets still point
 * at the right line: Python's `#`, or C-like `//` and `/* *\/` (JavaScript, Go). Strings are kept.
 */
export function blankComments(text: string, style: 'python' | 'c'): string {
  const out = text.split('');
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote !== null) {
      if (ch === '\\') i++;
      else if (ch === quote || ch === '\n') quote = null;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') {
      quote = ch;
      continue;
    }
    const lineComment = style === 'python' ? ch === '#' : ch === '/' && text[i + 1] === '/';
    if (lineComment) {
      while (i < text.length && text[i] !== '\n') out[i++] = ' ';
      i--;
    } else if (style === 'c' && ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      for (; i < stop; i++) if (text[i] !== '\n') out[i] = ' ';
      i--;
    }
  }
  return out.join('');
}

/** The offset of the bracket closing the one at `open`, skipping strings and nested brackets. */
export function closingBracket(code: string, open: number): number {
  const pairs: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
  const stack: string[] = [];
  let quote: string | null = null;
  for (let i = open; i < code.length; i++) {
    const ch = code[i]!;
    if (quote !== null) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if (pairs[ch] !== undefined) stack.push(pairs[ch]);
    else if (ch === ')' || ch === ']' || ch === '}') {
      if (stack.pop() !== ch) throw new SnippetError(lineAt(code, i), `unexpected "${ch}"`);
      if (stack.length === 0) return i;
    }
  }
  throw new SnippetError(lineAt(code, open), `"${code[open]}" is never closed`);
}

/** One argument of a call or one property of an object literal, with where it starts. */
export interface Item {
  /** `name` of `name=value` / `name: value`, or null for a positional argument. */
  name: string | null;
  value: string;
  line: number;
}

/**
 * Split `code[start, end)` at top-level commas into items, each `name<sep>value` or a bare value.
 * `sep` is `=` for Python keyword arguments and `:` for JavaScript properties.
 */
export function splitItems(code: string, start: number, end: number, sep: '=' | ':'): Item[] {
  const items: Item[] = [];
  let depth = 0;
  let quote: string | null = null;
  let from = start;
  const push = (to: number) => {
    const raw = code.slice(from, to);
    const lead = raw.length - raw.trimStart().length;
    const text = raw.trim();
    if (text !== '') items.push({ ...splitName(text, sep), line: lineAt(code, from + lead) });
    from = to + 1;
  };
  for (let i = start; i < end; i++) {
    const ch = code[i]!;
    if (quote !== null) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    else if (ch === ',' && depth === 0) push(i);
  }
  push(end);
  return items;
}

function splitName(text: string, sep: '=' | ':'): { name: string | null; value: string } {
  const pattern = sep === '=' ? /^([A-Za-z_]\w*)\s*=(?!=)\s*([\s\S]*)$/ : /^["']?([A-Za-z_$][\w$]*)["']?\s*:\s*([\s\S]*)$/;
  const m = pattern.exec(text);
  return m ? { name: m[1]!, value: m[2]!.trim() } : { name: null, value: text };
}

/**
 * The value of a small arithmetic expression: numbers (with `_` separators), + - * /, brackets,
 * and named constants (`time.Minute`, `math.inf`). Null when it is anything else (a variable, a
 * call, an environment variable): the lab cannot know its value.
 */
export function evaluate(expr: string, constants: Readonly<Record<string, number>> = {}): number | null {
  const tokens = expr.match(/\d[\d_]*(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+|[A-Za-z_][\w.]*(?:\(\s*["']?[\w.]*["']?\s*\))?|[-+*/()]|\S/g) ?? [];
  let pos = 0;
  const peek = () => tokens[pos];
  const primary = (): number | null => {
    const t = tokens[pos++];
    if (t === undefined) return null;
    if (t === '(') {
      const v = sum();
      return tokens[pos++] === ')' ? v : null;
    }
    if (t === '-') {
      const v = primary();
      return v === null ? null : -v;
    }
    if (t === '+') return primary();
    if (/^[\d.]/.test(t)) return Number(t.replace(/_/g, ''));
    const key = t.replace(/\s+/g, '');
    return key in constants ? constants[key]! : null;
  };
  const product = (): number | null => {
    let v = primary();
    while (v !== null && (peek() === '*' || peek() === '/')) {
      const op = tokens[pos++];
      const w = primary();
      if (w === null) return null;
      v = op === '*' ? v * w : v / w;
    }
    return v;
  };
  const sum = (): number | null => {
    let v = product();
    while (v !== null && (peek() === '+' || peek() === '-')) {
      const op = tokens[pos++];
      const w = product();
      if (w === null) return null;
      v = op === '+' ? v + w : v - w;
    }
    return v;
  };
  const v = sum();
  return v !== null && pos === tokens.length && !Number.isNaN(v) ? v : null;
}

/** Python's spellings of infinity and of numbers, for `evaluate`. */
export const PYTHON_CONSTANTS: Readonly<Record<string, number>> = {
  'float("inf")': Infinity,
  "float('inf')": Infinity,
  'math.inf': Infinity,
};

/**
 * A duration with an optional unit (`30s`, `10min`, `500 ms`, `1.5h`), in ms; a bare number is in
 * `bareUnitMs` (1000 for seconds). Null when it is not one.
 */
export function durationMs(raw: string, bareUnitMs: number): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*(us|ms|s|sec|m|min|h|d)?$/i.exec(raw.trim());
  if (!m) return null;
  const n = Number(m[1]);
  const unit = (m[2] ?? '').toLowerCase();
  const scale: Record<string, number> = { '': bareUnitMs, us: 0.001, ms: 1, s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 };
  return n * scale[unit]!;
}
