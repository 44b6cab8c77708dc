/** Tokens of the lab's SQL subset. */
export type Token =
  | { kind: 'word'; text: string; pos: number }
  | { kind: 'number'; value: number; text: string; pos: number }
  | { kind: 'string'; value: string; pos: number }
  | { kind: 'op'; text: string; pos: number }
  | { kind: 'end'; pos: number };

/** A statement outside the lab's subset, or malformed SQL. */
export class SqlSyntaxError extends Error {}

const OPERATORS = ['<>', '!=', '<=', '>=', '=', '<', '>', '+', '-', '*', '/', '%', '(', ')', ',', ';', '.'];

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '-' && sql[i + 1] === '-') {
      while (i < sql.length && sql[i] !== '\n') i++;
    } else if (/[A-Za-z_]/.test(c)) {
      const start = i;
      while (i < sql.length && /[A-Za-z0-9_$]/.test(sql[i]!)) i++;
      // Unquoted identifiers and keywords are case-insensitive in PostgreSQL (folded to lower case).
      tokens.push({ kind: 'word', text: sql.slice(start, i).toLowerCase(), pos: start });
    } else if (/[0-9]/.test(c)) {
      const start = i;
      while (i < sql.length && /[0-9]/.test(sql[i]!)) i++;
      if (sql[i] === '.' || sql[i] === 'e' || sql[i] === 'E') throw new SqlSyntaxError(`not supported in this lab: non-integer number at position ${start + 1}`);
      const text = sql.slice(start, i);
      tokens.push({ kind: 'number', value: Number(text), text, pos: start });
    } else if (c === "'") {
      const start = i;
      let value = '';
      i++;
      for (;;) {
        if (i >= sql.length) throw new SqlSyntaxError(`unterminated quoted string at position ${start + 1}`);
        if (sql[i] === "'") {
          if (sql[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += sql[i];
        i++;
      }
      tokens.push({ kind: 'string', value, pos: start });
    } else if (c === '"') {
      throw new SqlSyntaxError(`not supported in this lab: quoted identifiers (position ${i + 1})`);
    } else {
      const op = OPERATORS.find((o) => sql.startsWith(o, i));
      if (op === undefined) throw new SqlSyntaxError(`syntax error at or near "${c}" (position ${i + 1})`);
      tokens.push({ kind: 'op', text: op === '!=' ? '<>' : op, pos: i });
      i += op.length;
    }
  }
  tokens.push({ kind: 'end', pos: sql.length });
  return tokens;
}
