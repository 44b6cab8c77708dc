import type { Expr, Value } from '../sql/ast';
import { SqlError } from './sqlError';

/** Column lookup for one row: the column's value, or undefined if the table has no such column. */
export type RowAccess = (column: string) => Value | undefined;

const INT4_MIN = -2147483648;
const INT4_MAX = 2147483647;

function int4(n: number): number {
  if (n < INT4_MIN || n > INT4_MAX) throw new SqlError('22003', 'integer out of range');
  return n;
}

function typeName(v: Value): string {
  return typeof v === 'number' ? 'integer' : 'text';
}

function requireInt(v: number | string, op: string, other: Value): number {
  if (typeof v !== 'number') throw new SqlError('42883', `operator does not exist: ${typeName(v)} ${op} ${typeName(other)}`);
  return v;
}

function compare(a: number | string, b: number | string, op: string): boolean {
  if (typeof a !== typeof b) {
    // A quoted literal compared with an int column is read as an int, as PostgreSQL's unknown-type literal is.
    const asInt = (v: number | string) => (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v);
    a = asInt(a);
    b = asInt(b);
    if (typeof a !== typeof b) throw new SqlError('22P02', `invalid input syntax for type integer: "${typeof a === 'string' ? a : b}"`);
  }
  const c = a < b ? -1 : a > b ? 1 : 0;
  switch (op) {
    case '=':
      return c === 0;
    case '<>':
      return c !== 0;
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    default:
      return c >= 0;
  }
}

/** Three-valued truth (null = unknown), as SQL evaluates conditions. */
export type Truth = boolean | null;

/** Evaluate a scalar expression (no aggregates) over one row. */
export function evaluate(expr: Expr, row: RowAccess): Value | boolean {
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'column': {
      const v = row(expr.name);
      if (v === undefined) throw new SqlError('42703', `column "${expr.name}" does not exist`);
      return v;
    }
    case 'aggregate':
      throw new SqlError('42803', 'aggregate functions are not allowed here');
    case 'unary': {
      const v = evaluate(expr.operand, row);
      if (expr.op === 'not') return v === null ? null : !truth(v, 'NOT');
      if (v === null) return null;
      if (typeof v !== 'number') throw new SqlError('42883', `operator does not exist: - ${typeof v === 'boolean' ? 'boolean' : 'text'}`);
      return int4(-v);
    }
    case 'isNull': {
      const v = evaluate(expr.operand, row);
      return (v === null) !== expr.negated;
    }
    case 'in': {
      const v = evaluate(expr.operand, row);
      if (v === null) return null;
      let sawNull = false;
      for (const item of expr.list) {
        const w = evaluate(item, row);
        if (w === null) sawNull = true;
        else if (compare(scalar(v), scalar(w), '=')) return !expr.negated;
      }
      return sawNull ? null : expr.negated;
    }
    case 'binary': {
      if (expr.op === 'and' || expr.op === 'or') {
        const l = evaluate(expr.left, row);
        const r = evaluate(expr.right, row);
        const a = l === null ? null : truth(l, expr.op.toUpperCase());
        const b = r === null ? null : truth(r, expr.op.toUpperCase());
        if (expr.op === 'and') return a === false || b === false ? false : a === null || b === null ? null : true;
        return a === true || b === true ? true : a === null || b === null ? null : false;
      }
      const l = evaluate(expr.left, row);
      const r = evaluate(expr.right, row);
      if (l === null || r === null) return null;
      const a = scalar(l);
      const b = scalar(r);
      switch (expr.op) {
        case '+':
          return int4(requireInt(a, '+', b) + requireInt(b, '+', a));
        case '-':
          return int4(requireInt(a, '-', b) - requireInt(b, '-', a));
        case '*':
          return int4(requireInt(a, '*', b) * requireInt(b, '*', a));
        case '/': {
          const x = requireInt(a, '/', b);
          const y = requireInt(b, '/', a);
          if (y === 0) throw new SqlError('22012', 'division by zero');
          return int4(Math.trunc(x / y));
        }
        case '%': {
          const x = requireInt(a, '%', b);
          const y = requireInt(b, '%', a);
          if (y === 0) throw new SqlError('22012', 'division by zero');
          // PostgreSQL's int4mod: the sign follows the dividend, as JavaScript's %; -0 prints as 0.
          return x % y === 0 ? 0 : x % y;
        }
        default:
          return compare(a, b, expr.op);
      }
    }
  }
}

function scalar(v: Value | boolean): number | string {
  if (typeof v === 'boolean' || v === null) throw new SqlError('42804', 'argument of comparison must not be a boolean');
  return v;
}

function truth(v: Value | boolean, context: string): boolean {
  if (typeof v !== 'boolean') throw new SqlError('42804', `argument of ${context} must be type boolean, not type ${typeof v === 'number' ? 'integer' : 'text'}`);
  return v;
}

/** A WHERE condition: a row qualifies only if it is true (unknown does not qualify). */
export function qualifies(where: Expr | undefined, row: RowAccess): boolean {
  if (where === undefined) return true;
  const v = evaluate(where, row);
  if (v === null) return false;
  return truth(v, 'WHERE');
}

/** A value for a column (SET or INSERT): booleans are not storable in int/text columns. */
export function storable(v: Value | boolean, column: string, type: 'int' | 'text'): Value {
  if (v === null) return null;
  if (typeof v === 'boolean') throw new SqlError('42804', `column "${column}" is of type ${type === 'int' ? 'integer' : 'text'} but expression is of type boolean`);
  if (type === 'int' && typeof v === 'string') {
    if (/^\s*-?\d+\s*$/.test(v)) return int4(Number(v));
    throw new SqlError('22P02', `invalid input syntax for type integer: "${v}"`);
  }
  if (type === 'text' && typeof v === 'number') throw new SqlError('42804', `column "${column}" is of type text but expression is of type integer`);
  return v;
}

/** Does the expression contain an aggregate (count/sum)? */
export function hasAggregate(expr: Expr): boolean {
  switch (expr.kind) {
    case 'aggregate':
      return true;
    case 'unary':
    case 'isNull':
      return hasAggregate(expr.operand);
    case 'in':
      return hasAggregate(expr.operand) || expr.list.some(hasAggregate);
    case 'binary':
      return hasAggregate(expr.left) || hasAggregate(expr.right);
    default:
      return false;
  }
}
