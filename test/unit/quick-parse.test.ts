// The common commands are parsed without commander when typed plainly (src/commands/spec.ts):
// whatever the quick parser accepts, commander must read the same way.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Option } from 'commander';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QUICK_COMMANDS, quickly } from '../../src/commands/quick.js';
import { parseFlags, type CommandSpec } from '../../src/commands/spec.js';
import { QUICK_BUNDLES } from '../../src/launcher.js';
import { runProgram } from '../../src/program.js';
import { ROOT, tempDir, testContext } from '../helpers.js';

let home: ReturnType<typeof tempDir>;
beforeEach(() => {
  home = tempDir();
});
afterEach(() => home.cleanup());

/** What commander hands the command for `argv`: its arguments and options, or the exit code it ended with. */
async function commanderReads(spec: CommandSpec, argv: readonly string[]): Promise<unknown> {
  const { ctx } = testContext({ home: home.path });
  let seen: unknown;
  const original = spec.run;
  spec.run = async (_ctx, args, options) => {
    seen = { args, options };
  };
  try {
    await runProgram(ctx, argv);
  } catch (error) {
    seen = { failed: (error as { exitCode?: number }).exitCode ?? String(error) };
  } finally {
    spec.run = original;
  }
  return seen;
}

describe('reading the flags of a spec', () => {
  it('finds the names, the key and the value commander finds, for every option of every quick command', () => {
    for (const option of QUICK_COMMANDS.flatMap((spec) => spec.options)) {
      const theirs = new Option(option.flags, option.description);
      const ours = parseFlags(option.flags);
      expect({ short: ours.short, long: ours.long, key: ours.key, takesValue: ours.takesValue, negated: ours.negated }, option.flags).toEqual({
        short: theirs.short,
        long: theirs.long,
        key: theirs.attributeName(),
        takesValue: theirs.required,
        negated: theirs.negate,
      });
    }
  });

  it('the launcher sends the quick commands, and only them, each to a bundle of its own that is built', () => {
    expect([...QUICK_BUNDLES.keys()].sort()).toEqual(QUICK_COMMANDS.flatMap((spec) => [spec.name, ...(spec.aliases ?? [])]).sort());
    for (const [typed, bundle] of QUICK_BUNDLES) {
      const spec = QUICK_COMMANDS.find((candidate) => candidate.name === bundle);
      expect(spec?.name === typed || spec?.aliases?.includes(typed), typed).toBe(true);
    }
    // npm test builds first: every quick command has its bundle, and no other bundle is built.
    const built = readdirSync(join(ROOT, 'dist')).filter((name) => name.startsWith('quick-'));
    expect(built.sort()).toEqual(QUICK_COMMANDS.map((spec) => `quick-${spec.name}.cjs`).sort());
  });
});

describe('the quick parser', () => {
  it.each([
    [['read', 'witkoff'], { args: ['witkoff'], options: { color: true } }],
    [['read', 'witkoff', '--width', '60', '--no-color'], { args: ['witkoff'], options: { color: false, width: 60 } }],
    [['read', '--section=2', '-f', 'markdown', 'witkoff-leak'], { args: ['witkoff-leak'], options: { color: true, section: '2', format: 'markdown' } }],
    [['read', '--no-pager', '--pager'], { args: [], options: { color: true, pager: true } }],
    [['read', '--pager', '--no-pager'], { args: [], options: { color: true, pager: false } }],
    [['ls', '-n', '5', '--unread'], { args: [], options: { color: true, limit: 5, unread: true } }],
    [['list', '--feed', 'lwn', '--json'], { args: [], options: { color: true, feed: 'lwn', json: true } }],
    [['search', 'harbour', 'council', '--limit', '3'], { args: ['harbour', 'council'], options: { color: true, limit: 3 } }],
    [['sections', '-w', '40'], { args: [], options: { color: true, width: 40 } }],
    [['reactions', '--json'], { args: [], options: { color: true, json: true } }],
    [['react', '😮'], { args: ['😮'], options: { color: true } }],
    [['react', 'love', 'witkoff-leak', '--no-color'], { args: ['love', 'witkoff-leak'], options: { color: false } }],
    [['react', '--remove', '-a', 'witkoff'], { args: [], options: { color: true, remove: true, article: 'witkoff' } }],
  ])('takes %j as commander does', async (argv, expected) => {
    const quick = quickly(argv);
    expect(quick && { args: quick.args, options: quick.options }).toEqual(expected);
    if (quick) expect(await commanderReads(quick.spec, argv)).toEqual(expected);
  });

  it.each([
    [['read', '--help']],
    [['read', '-h']],
    [['read', 'a', 'b']],
    [['read', '--width', '5']],
    [['read', '--width']],
    [['read', '-w60']],
    [['read', '--format', 'pdf']],
    [['read', '--json=yes']],
    [['read', '--', 'witkoff']],
    [['read', '-']],
    [['list', 'extra']],
    [['list', '--limit', '0']],
    [['list', '--feed', '--json']],
    [['search']],
    [['search', '--bogus', 'x']],
    [['--no-color', 'read']],
    [['help', 'read']],
    [['react', '😮', 'witkoff', 'extra']],
    [['react', '--article']],
    [['react', '-a', '--remove']],
    [[]],
  ])('leaves %j to commander', (argv) => {
    expect(quickly(argv)).toBeUndefined();
  });

  it('on any command line it accepts, hands the command what commander would', async () => {
    const names = QUICK_COMMANDS.flatMap((spec) => [spec.name, ...(spec.aliases ?? [])]);
    const tokens = ['witkoff', 'harbour', '2', '5', '60', 'lwn', 'text', 'html', 'pdf', '0', '--width', '-w', '--width=70', '--json', '--pager', '--no-pager', '--no-color', '--format', '-f', '--format=json', '--section', '-s', '--section=what', '--limit', '-n', '--limit=4', '--unread', '--feed', '--feed=lwn', '😮', 'love', '--remove', '--repair', '--article', '-a', '--article=witkoff', '--', '-', '-h', '--bogus', '-x', '--json=1'];
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...names), fc.array(fc.constantFrom(...tokens), { maxLength: 6 }), async (name, rest) => {
        const argv = [name, ...rest];
        const quick = quickly(argv);
        if (quick === undefined) return;
        accepted++;
        expect(await commanderReads(quick.spec, argv), argv.join(' ')).toEqual({ args: quick.args, options: quick.options });
      }),
      { numRuns: 600 },
    );
    // Most generated lines have something commander must refuse; enough must be accepted to test.
    expect(accepted).toBeGreaterThan(60);
  });
});
