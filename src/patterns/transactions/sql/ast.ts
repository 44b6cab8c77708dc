/** The SQL subset of the transactions lab, as parsed statements. */

export type Value = number | string | null;

export type Expr =
  | { kind: 'literal'; value: Value }
  | { kind: 'column'; name: string }
  | { kind: 'unary'; op: '-' | 'not'; operand: Expr }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr }
  | { kind: 'in'; operand: Expr; list: Expr[]; negated: boolean }
  | { kind: 'isNull'; operand: Expr; negated: boolean }
  | { kind: 'aggregate'; fn: 'count' | 'sum'; arg: Expr | '*' };

export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '=' | '<>' | '<' | '<=' | '>' | '>=' | 'and' | 'or';

export type IsolationLevel = 'read committed' | 'repeatable read' | 'serializable';
export const ISOLATION_LEVELS: readonly IsolationLevel[] = ['read committed', 'repeatable read', 'serializable'];

/**
 * Row-lock strength, as PostgreSQL names them. UPDATE takes `no key update` (or `update` when it
 * changes a key column), DELETE takes `update`.
 */
export type LockStrength = 'share' | 'no key update' | 'update';
export type LockWaitPolicy = 'wait' | 'nowait' | 'skip locked';

export interface SelectItem {
  expr: Expr;
  /** The output column name, as PostgreSQL names it (alias, column name, aggregate name or ?column?). */
  name: string;
}

export type Statement =
  | { kind: 'begin'; isolation?: IsolationLevel; tag: 'BEGIN' | 'START TRANSACTION' }
  | { kind: 'commit' }
  | { kind: 'rollback' }
  | { kind: 'select'; table: string; star: boolean; items: SelectItem[]; where?: Expr; lock?: { strength: LockStrength; wait: LockWaitPolicy } }
  | { kind: 'update'; table: string; set: { column: string; expr: Expr }[]; where?: Expr }
  | { kind: 'delete'; table: string; where?: Expr }
  | { kind: 'insert'; table: string; columns?: string[]; rows: Expr[][] }
  | { kind: 'createTable'; table: string; columns: { name: string; type: 'int' | 'text' }[]; primaryKey: string[] };

export type StatementKind = Statement['kind'];
