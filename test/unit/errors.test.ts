import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NewsError, describeFsError, formatError, usageError } from '../../src/errors.js';
import { ROOT, tempDir, testContext } from '../helpers.js';

describe('formatError', () => {
  it('puts a full stop between the message and the hint', () => {
    expect(formatError(usageError('no such thing', 'Try another'))).toBe('news: no such thing. Try another');
  });

  it.each([['which reaction?'], ['stop!'], ['done.'], ['a name like “witkoff…']])('adds no full stop after %j, which ends a sentence already', (message) => {
    expect(formatError(usageError(message, 'Give one'))).toBe(`news: ${message} Give one`);
  });

  it('prints a message without a hint as it is', () => {
    expect(formatError(new NewsError('io', 'cannot access /x'))).toBe('news: cannot access /x');
  });

  it('file-system hints end without a full stop, like every other', () => {
    for (const code of ['EACCES', 'EPERM', 'ENOSPC', 'EROFS', 'EEXIST', 'ENOTDIR']) {
      const error = describeFsError(Object.assign(new Error(code), { code }), '/data/news');
      expect(error.hint, code).toBeDefined();
      expect(error.hint, code).not.toMatch(/\.$/);
      expect(formatError(error), code).not.toMatch(/\.\.|\.$/);
    }
  });
});

describe('hints in the source', () => {
  /** Every string literal given as the hint of usageError(…) or new NewsError(…) under src/. */
  function hints(): { where: string; text: string }[] {
    const found: { where: string; text: string }[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.ts')) {
          const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
          const visit = (node: ts.Node): void => {
            let hint: ts.Expression | undefined;
            if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'usageError') hint = node.arguments[1];
            if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'NewsError') hint = node.arguments?.[2];
            if (hint && (ts.isStringLiteral(hint) || ts.isNoSubstitutionTemplateLiteral(hint) || ts.isTemplateExpression(hint))) {
              const line = source.getLineAndCharacterOfPosition(hint.getStart()).line + 1;
              found.push({ where: `${path.slice(ROOT.length)}:${line}`, text: hint.getText().slice(1, -1) });
            }
            ts.forEachChild(node, visit);
          };
          visit(source);
        }
      }
    };
    walk(join(ROOT, 'src'));
    return found;
  }

  it('none ends with a full stop (formatError puts the line together)', () => {
    const found = hints();
    expect(found.length).toBeGreaterThan(10);
    expect(found.filter(({ text }) => /\.$/.test(text)).map(({ where, text }) => `${where}: ${text}`)).toEqual([]);
  });
});

describe('the error line', () => {
  let home: ReturnType<typeof tempDir>;
  beforeEach(() => {
    home = tempDir();
  });
  afterEach(() => home.cleanup());

  it('news react without a reaction: a question, then the hint', async () => {
    const t = testContext({ home: home.path });
    expect(await t.run('react')).toBe(2);
    expect(t.io.stderr).toBe("news: which reaction? Give one emoji or a name, like 'news react 😮' or 'news react love'\n");
  });
});
