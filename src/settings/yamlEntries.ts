import { SnippetError } from './reading';

/** One leaf of a YAML mapping: its dotted path (`spring.datasource.hikari.maximum-pool-size`). */
export interface YamlEntry {
  key: string;
  value: string;
  line: number;
}

function unquote(value: string): string {
  const m = /^(["'])(.*)\1$/.exec(value);
  return m ? m[2]! : value;
}

/** The line without a trailing `# comment` (a `#` outside quotes, at the start or after a space). */
function withoutComment(raw: string): string {
  let quote: string | null = null;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (quote !== null) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#' && (i === 0 || /\s/.test(raw[i - 1]!))) return raw.slice(0, i);
  }
  return raw;
}

/**
 * The leaves of a YAML configuration as dotted keys, each with its line: the nested mappings of a
 * Spring Boot application.yml, flat keys (`a.b.c: 1`) and several documents (`---`). Lists and
 * block scalars (`|`, `>`) are skipped: no pool setting is one. Anything else is an error naming
 * its line, so a snippet is never half read.
 */
export function yamlEntries(text: string): YamlEntry[] {
  const entries: YamlEntry[] = [];
  let stack: { indent: number; key: string }[] = [];
  let skipDeeperThan: number | null = null;
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = i + 1;
    const content = withoutComment(raw).trimEnd();
    if (content.trim() === '') continue;
    const indent = content.length - content.trimStart().length;
    if (/^\s*\t/.test(content)) throw new SnippetError(line, 'YAML indents with spaces, not tabs');
    if (skipDeeperThan !== null && indent > skipDeeperThan) continue;
    skipDeeperThan = null;
    const trimmed = content.trim();
    if (trimmed === '---' || trimmed === '...') {
      stack = [];
      continue;
    }
    if (trimmed === '-' || trimmed.startsWith('- ')) continue;
    const m = /^("[^"]*"|'[^']*'|[^\s:][^:]*?)\s*:(?:\s+(.*))?$/.exec(trimmed);
    if (!m) throw new SnippetError(line, `expected "key: value" or "key:", found ${trimmed}`);
    while (stack.length > 0 && stack[stack.length - 1]!.indent >= indent) stack.pop();
    const key = unquote(m[1]!);
    const value = (m[2] ?? '').trim();
    if (value === '') stack.push({ indent, key });
    else if (/^[|>][-+]?\d*$/.test(value)) skipDeeperThan = indent;
    else entries.push({ key: [...stack.map((s) => s.key), key].join('.'), value: unquote(value), line });
  }
  return entries;
}
