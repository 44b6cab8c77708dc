import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The rules that let a lab be one folder (README "Architecture"): a lab's code talks to the app
// only through the contract in src/lab/, reads typed parameters, and its model is made of parts
// a reader can hold in their head.
const PATTERNS = import.meta.dirname;
const MAX_FUNCTION_LINES = 150;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith('.testkit.ts') ? [path] : [];
  });
}

const files = sourceFiles(PATTERNS);

/** Functions (declarations, expressions, arrows, methods) longer than the limit, as "file:line name (n lines)". */
function longFunctions(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = end - start + 1;
      if (lines > MAX_FUNCTION_LINES) {
        const name = node.name !== undefined && ts.isIdentifier(node.name) ? node.name.text : '(anonymous)';
        found.push(`${relative(PATTERNS, path)}:${start + 1} ${name} (${lines} lines)`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('a lab is one folder behind the contract', () => {
  it('no file under src/patterns imports app/, store/ or ui/ (views get the injected LabViewApi)', () => {
    const offending = files.filter((f) => /from '(\.\.\/)+(app|store|ui\/(?!plan))[/']/.test(readFileSync(f, 'utf8'))).map((f) => relative(PATTERNS, f));
    expect(offending).toEqual([]);
  });

  it('no parameter is cast: parameter values are typed by defineLab', () => {
    const casts = files.flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .flatMap((line, i) => (/params(\.values)?\.[A-Za-z]+\)? as /.test(line) || /params\[[^\]]+\] as /.test(line) ? [`${relative(PATTERNS, f)}:${i + 1}`] : [])),
    );
    expect(casts).toEqual([]);
  });

  it(`no function in a lab is longer than ${MAX_FUNCTION_LINES} lines`, () => {
    expect(files.flatMap(longFunctions)).toEqual([]);
  });
});
