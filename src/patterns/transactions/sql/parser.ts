import type { BinaryOp, Expr, IsolationLevel, LockStrength, LockWaitPolicy, SelectItem, Statement } from './ast';
import { SqlSyntaxError, tokenize, type Token } from './lexer';

export { SqlSyntaxError } from './lexer';

/** Clauses and statements PostgreSQL has but this lab does not model, named in the error. */
const UNSUPPORTED_CLAUSES: Record<string, string> = {
  join: 'JOIN',
  order: 'ORDER BY',
  group: 'GROUP BY',
  having: 'HAVING',
  limit: 'LIMIT',
  offset: 'OFFSET',
  returning: 'RETURNING',
  union: 'UNION',
  on: 'ON CONFLICT',
  distinct: 'DISTINCT',
  using: 'USING',
};

const UNSUPPORTED_STATEMENTS = new Set(['savepoint', 'release', 'prepare', 'lock', 'set', 'show', 'truncate', 'drop', 'alter', 'vacuum', 'analyze', 'explain', 'with', 'copy', 'create', 'merge', 'values', 'table']);

/** Words that end an expression or a select item (so `select v from t` does not read `from` as an alias). */
const RESERVED = new Set(['from', 'where', 'and', 'or', 'not', 'in', 'is', 'for', 'set', 'values', 'select', 'update', 'delete', 'insert', 'into', 'as', 'null', 'true', 'false', ...Object.keys(UNSUPPORTED_CLAUSES)]);

/** Expressions nested deeper than this are refused (PostgreSQL's own limit is its stack depth). */
const MAX_NESTING = 100;

class Parser {
  private i = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  /** Parse one level deeper; each level recurses, so deep nesting is refused before it overflows the stack. */
  private nested<T>(parse: () => T): T {
    if (++this.depth > MAX_NESTING) throw new SqlSyntaxError(`not supported in this lab: expressions nested more than ${MAX_NESTING} deep (parentheses, NOT, signs)`);
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)]!;
  }
  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'end') this.i++;
    return t;
  }
  private isWord(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'word' && t.text === word;
  }
  private isOp(op: string): boolean {
    const t = this.peek();
    return t.kind === 'op' && t.text === op;
  }
  private acceptWord(...words: string[]): boolean {
    if (!words.every((w, k) => this.isWord(w, k))) return false;
    this.i += words.length;
    return true;
  }
  private acceptOp(op: string): boolean {
    if (!this.isOp(op)) return false;
    this.i++;
    return true;
  }
  private near(t: Token = this.peek()): string {
    if (t.kind === 'end') return 'syntax error at end of input';
    const text = t.kind === 'word' || t.kind === 'op' || t.kind === 'number' ? t.text : `'${t.value}'`;
    return `syntax error at or near "${text}" (position ${t.pos + 1})`;
  }
  private fail(expected: string): never {
    const t = this.peek();
    if (t.kind === 'word' && UNSUPPORTED_CLAUSES[t.text] !== undefined) throw new SqlSyntaxError(`not supported in this lab: ${UNSUPPORTED_CLAUSES[t.text]}`);
    throw new SqlSyntaxError(`${this.near(t)}: expected ${expected}`);
  }
  private expectWord(word: string): void {
    if (!this.acceptWord(word)) this.fail(word.toUpperCase());
  }
  private expectOp(op: string): void {
    if (!this.acceptOp(op)) this.fail(`"${op}"`);
  }
  private identifier(what: string): string {
    const t = this.peek();
    if (t.kind !== 'word' || RESERVED.has(t.text)) this.fail(what);
    this.i++;
    if (this.isOp('.')) throw new SqlSyntaxError(`not supported in this lab: qualified names (${t.text}.…)`);
    return t.text;
  }

  statement(): Statement {
    const t = this.peek();
    if (t.kind !== 'word') this.fail('a statement');
    let result: Statement;
    switch (t.text) {
      case 'begin':
        this.next();
        if (!this.acceptWord('transaction')) this.acceptWord('work');
        result = { kind: 'begin', tag: 'BEGIN', ...this.transactionModes() };
        break;
      case 'start':
        this.next();
        this.expectWord('transaction');
        result = { kind: 'begin', tag: 'START TRANSACTION', ...this.transactionModes() };
        break;
      case 'commit':
      case 'end':
        this.next();
        if (!this.acceptWord('transaction')) this.acceptWord('work');
        if (this.isWord('and')) throw new SqlSyntaxError('not supported in this lab: COMMIT AND CHAIN');
        result = { kind: 'commit' };
        break;
      case 'rollback':
      case 'abort':
        this.next();
        if (!this.acceptWord('transaction')) this.acceptWord('work');
        if (this.isWord('to')) throw new SqlSyntaxError('not supported in this lab: ROLLBACK TO SAVEPOINT');
        if (this.isWord('and')) throw new SqlSyntaxError('not supported in this lab: ROLLBACK AND CHAIN');
        result = { kind: 'rollback' };
        break;
      case 'select':
        result = this.select();
        break;
      case 'update':
        result = this.update();
        break;
      case 'delete':
        result = this.delete();
        break;
      case 'insert':
        result = this.insert();
        break;
      default:
        if (t.text === 'create' && this.isWord('table', 1)) {
          result = this.createTable();
          break;
        }
        if (UNSUPPORTED_STATEMENTS.has(t.text)) throw new SqlSyntaxError(`not supported in this lab: ${t.text.toUpperCase()}${t.text === 'create' ? ` ${this.peek(1).kind === 'word' ? (this.peek(1) as { text: string }).text.toUpperCase() : ''}`.trimEnd() : ''}`);
        throw new SqlSyntaxError(`${this.near(t)}: expected BEGIN, START TRANSACTION, COMMIT, ROLLBACK, SELECT, UPDATE, DELETE, INSERT or CREATE TABLE`);
    }
    if (this.acceptOp(';')) {
      if (this.peek().kind !== 'end') throw new SqlSyntaxError('one statement per step: found more than one');
    } else if (this.peek().kind !== 'end') this.fail('the end of the statement');
    return result;
  }

  private transactionModes(): { isolation?: IsolationLevel } {
    if (!this.acceptWord('isolation')) {
      if (this.isWord('read') || this.isWord('deferrable') || this.isWord('not')) throw new SqlSyntaxError('not supported in this lab: READ ONLY / READ WRITE / DEFERRABLE transaction modes');
      return {};
    }
    this.expectWord('level');
    let isolation: IsolationLevel;
    if (this.acceptWord('read', 'committed')) isolation = 'read committed';
    // PostgreSQL runs READ UNCOMMITTED exactly as READ COMMITTED: it never shows a dirty read.
    else if (this.acceptWord('read', 'uncommitted')) isolation = 'read committed';
    else if (this.acceptWord('repeatable', 'read')) isolation = 'repeatable read';
    else if (this.acceptWord('serializable')) isolation = 'serializable';
    else this.fail('READ COMMITTED, REPEATABLE READ or SERIALIZABLE');
    if (this.isOp(',') || this.isWord('read') || this.isWord('deferrable') || this.isWord('not')) throw new SqlSyntaxError('not supported in this lab: READ ONLY / READ WRITE / DEFERRABLE transaction modes');
    return { isolation };
  }

  private select(): Statement {
    this.expectWord('select');
    if (this.isWord('distinct')) this.fail('a select list');
    let star = false;
    const items: SelectItem[] = [];
    if (this.acceptOp('*')) star = true;
    else {
      do {
        const expr = this.expr();
        let name: string;
        if (this.acceptWord('as')) name = this.identifier('a column alias');
        else if (this.peek().kind === 'word' && !RESERVED.has((this.peek() as { text: string }).text)) name = this.identifier('a column alias');
        else name = expr.kind === 'column' ? expr.name : expr.kind === 'aggregate' ? expr.fn : '?column?';
        items.push({ expr, name });
      } while (this.acceptOp(','));
    }
    if (!this.acceptWord('from')) {
      if (this.peek().kind === 'end' || this.isOp(';')) throw new SqlSyntaxError('not supported in this lab: SELECT without FROM');
      this.fail('FROM');
    }
    const table = this.identifier('a table name');
    if (this.isOp(',')) throw new SqlSyntaxError('not supported in this lab: more than one table in FROM (joins)');
    if (this.peek().kind === 'word' && !RESERVED.has((this.peek() as { text: string }).text)) throw new SqlSyntaxError('not supported in this lab: table aliases');
    const where = this.acceptWord('where') ? this.expr() : undefined;
    let lock: { strength: LockStrength; wait: LockWaitPolicy } | undefined;
    if (this.acceptWord('for')) {
      let strength: LockStrength;
      if (this.acceptWord('update')) strength = 'update';
      else if (this.acceptWord('no', 'key', 'update')) strength = 'no key update';
      else if (this.acceptWord('share')) strength = 'share';
      else if (this.isWord('key')) throw new SqlSyntaxError('not supported in this lab: FOR KEY SHARE');
      else this.fail('UPDATE, NO KEY UPDATE or SHARE');
      if (this.isWord('of')) throw new SqlSyntaxError('not supported in this lab: FOR … OF');
      let wait: LockWaitPolicy = 'wait';
      if (this.acceptWord('nowait')) wait = 'nowait';
      else if (this.acceptWord('skip', 'locked')) wait = 'skip locked';
      lock = { strength, wait };
    }
    return { kind: 'select', table, star, items, ...(where ? { where } : {}), ...(lock ? { lock } : {}) };
  }

  private update(): Statement {
    this.expectWord('update');
    const table = this.identifier('a table name');
    this.expectWord('set');
    const set: { column: string; expr: Expr }[] = [];
    do {
      if (this.isOp('(')) throw new SqlSyntaxError('not supported in this lab: multi-column SET (…) = (…)');
      const column = this.identifier('a column name');
      this.expectOp('=');
      set.push({ column, expr: this.expr() });
    } while (this.acceptOp(','));
    if (this.isWord('from')) throw new SqlSyntaxError('not supported in this lab: UPDATE … FROM');
    const where = this.acceptWord('where') ? this.expr() : undefined;
    return { kind: 'update', table, set, ...(where ? { where } : {}) };
  }

  private delete(): Statement {
    this.expectWord('delete');
    this.expectWord('from');
    const table = this.identifier('a table name');
    const where = this.acceptWord('where') ? this.expr() : undefined;
    return { kind: 'delete', table, ...(where ? { where } : {}) };
  }

  private insert(): Statement {
    this.expectWord('insert');
    this.expectWord('into');
    const table = this.identifier('a table name');
    let columns: string[] | undefined;
    if (this.acceptOp('(')) {
      columns = [];
      do columns.push(this.identifier('a column name'));
      while (this.acceptOp(','));
      this.expectOp(')');
    }
    if (this.isWord('select')) throw new SqlSyntaxError('not supported in this lab: INSERT … SELECT');
    if (this.isWord('default')) throw new SqlSyntaxError('not supported in this lab: DEFAULT VALUES');
    this.expectWord('values');
    const rows: Expr[][] = [];
    do {
      this.expectOp('(');
      const row: Expr[] = [];
      do row.push(this.expr());
      while (this.acceptOp(','));
      this.expectOp(')');
      rows.push(row);
    } while (this.acceptOp(','));
    return { kind: 'insert', table, ...(columns ? { columns } : {}), rows };
  }

  private createTable(): Statement {
    this.expectWord('create');
    this.expectWord('table');
    const table = this.identifier('a table name');
    this.expectOp('(');
    const columns: { name: string; type: 'int' | 'text' }[] = [];
    let primaryKey: string[] = [];
    do {
      if (this.acceptWord('primary', 'key')) {
        if (primaryKey.length > 0) throw new SqlSyntaxError(`multiple primary keys for table "${table}" are not allowed`);
        this.expectOp('(');
        do primaryKey.push(this.identifier('a column name'));
        while (this.acceptOp(','));
        this.expectOp(')');
        continue;
      }
      const name = this.identifier('a column name');
      const typeToken = this.next();
      const typeName = typeToken.kind === 'word' ? typeToken.text : '';
      let type: 'int' | 'text';
      if (typeName === 'int' || typeName === 'integer' || typeName === 'int4') type = 'int';
      else if (typeName === 'text') type = 'text';
      else throw new SqlSyntaxError(`not supported in this lab: column type ${typeToken.kind === 'end' ? '(missing)' : JSON.stringify(typeName || (typeToken as { text?: string }).text)} (use int or text)`);
      columns.push({ name, type });
      if (this.acceptWord('primary', 'key')) {
        if (primaryKey.length > 0) throw new SqlSyntaxError(`multiple primary keys for table "${table}" are not allowed`);
        primaryKey = [name];
      } else if (this.peek().kind === 'word') throw new SqlSyntaxError(`not supported in this lab: column constraint ${(this.peek() as { text: string }).text.toUpperCase()} (only PRIMARY KEY)`);
    } while (this.acceptOp(','));
    this.expectOp(')');
    for (const key of primaryKey) {
      if (!columns.some((c) => c.name === key)) throw new SqlSyntaxError(`column "${key}" named in key does not exist`);
    }
    return { kind: 'createTable', table, columns, primaryKey };
  }

  // Expressions, loosest binding first: OR, AND, NOT, comparison / IN / IS, + -, * / %, unary minus.
  expr(): Expr {
    let left = this.andExpr();
    while (this.acceptWord('or')) left = { kind: 'binary', op: 'or', left, right: this.andExpr() };
    return left;
  }
  private andExpr(): Expr {
    let left = this.notExpr();
    while (this.acceptWord('and')) left = { kind: 'binary', op: 'and', left, right: this.notExpr() };
    return left;
  }
  private notExpr(): Expr {
    if (this.acceptWord('not')) return { kind: 'unary', op: 'not', operand: this.nested(() => this.notExpr()) };
    return this.comparison();
  }
  private comparison(): Expr {
    const left = this.additive();
    const t = this.peek();
    if (t.kind === 'op' && ['=', '<>', '<', '<=', '>', '>='].includes(t.text)) {
      this.next();
      return { kind: 'binary', op: t.text as BinaryOp, left, right: this.additive() };
    }
    if (this.isWord('between') || this.isWord('like') || this.isWord('ilike')) throw new SqlSyntaxError(`not supported in this lab: ${(t as { text: string }).text.toUpperCase()}`);
    const negated = this.isWord('not') && (this.isWord('in', 1) || this.isWord('between', 1) || this.isWord('like', 1));
    if (negated) this.next();
    if (this.acceptWord('in')) {
      this.expectOp('(');
      if (this.isWord('select')) throw new SqlSyntaxError('not supported in this lab: subqueries');
      const list: Expr[] = [];
      do list.push(this.additive());
      while (this.acceptOp(','));
      this.expectOp(')');
      return { kind: 'in', operand: left, list, negated };
    }
    if (negated) this.fail('IN');
    if (this.acceptWord('is')) {
      const not = this.acceptWord('not');
      this.expectWord('null');
      return { kind: 'isNull', operand: left, negated: not };
    }
    return left;
  }
  private additive(): Expr {
    let left = this.multiplicative();
    for (;;) {
      const t = this.peek();
      if (t.kind === 'op' && (t.text === '+' || t.text === '-')) {
        this.next();
        left = { kind: 'binary', op: t.text, left, right: this.multiplicative() };
      } else return left;
    }
  }
  private multiplicative(): Expr {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      if (t.kind === 'op' && (t.text === '*' || t.text === '/' || t.text === '%')) {
        this.next();
        left = { kind: 'binary', op: t.text, left, right: this.unary() };
      } else return left;
    }
  }
  private unary(): Expr {
    if (this.acceptOp('-')) {
      const operand = this.nested(() => this.unary());
      // A negative literal is a literal (so -2147483648 is an int, as in PostgreSQL).
      if (operand.kind === 'literal' && typeof operand.value === 'number') return { kind: 'literal', value: -operand.value };
      return { kind: 'unary', op: '-', operand };
    }
    if (this.acceptOp('+')) return this.nested(() => this.unary());
    return this.primary();
  }
  private primary(): Expr {
    const t = this.peek();
    if (t.kind === 'number') {
      this.next();
      if (t.value > 2147483648) throw new SqlSyntaxError(`not supported in this lab: integers beyond int4 (${t.text})`);
      return { kind: 'literal', value: t.value };
    }
    if (t.kind === 'string') {
      this.next();
      return { kind: 'literal', value: t.value };
    }
    if (this.acceptOp('(')) {
      if (this.isWord('select')) throw new SqlSyntaxError('not supported in this lab: subqueries');
      const inner = this.nested(() => this.expr());
      this.expectOp(')');
      return inner;
    }
    if (t.kind === 'word') {
      if (t.text === 'null') {
        this.next();
        return { kind: 'literal', value: null };
      }
      if (t.text === 'true' || t.text === 'false') throw new SqlSyntaxError('not supported in this lab: boolean literals (columns are int or text)');
      if (t.text === 'case' || t.text === 'exists' || t.text === 'select') throw new SqlSyntaxError(`not supported in this lab: ${t.text.toUpperCase()}`);
      if (this.peek(1).kind === 'op' && (this.peek(1) as { text: string }).text === '(') {
        this.next();
        this.next();
        if (t.text !== 'count' && t.text !== 'sum') throw new SqlSyntaxError(`not supported in this lab: function ${t.text}() (only count and sum)`);
        if (this.isWord('distinct')) throw new SqlSyntaxError('not supported in this lab: DISTINCT in aggregates');
        let arg: Expr | '*';
        if (t.text === 'count' && this.acceptOp('*')) arg = '*';
        else arg = this.expr();
        this.expectOp(')');
        if (this.isWord('over') || this.isWord('filter')) throw new SqlSyntaxError(`not supported in this lab: ${(this.peek() as { text: string }).text.toUpperCase()}`);
        return { kind: 'aggregate', fn: t.text, arg };
      }
      return { kind: 'column', name: this.identifier('an expression') };
    }
    this.fail('an expression');
  }
}

/** Parse one statement of the lab's SQL subset; throws {@link SqlSyntaxError} with a one-line reason. */
export function parseStatement(sql: string): Statement {
  const tokens = tokenize(sql);
  if (tokens.length === 1) throw new SqlSyntaxError('empty statement');
  return new Parser(tokens).statement();
}
