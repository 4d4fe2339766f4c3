import { withHeadingText } from '../articles/headings.js';
import { readingMinutes } from '../articles/model.js';
import type { Context } from '../context.js';
import { sectionsJson, toJson } from '../render/json.js';
import { columns, padEnd, sanitizeLine, truncate, wrapKeepingWhole, wrapText } from '../render/text.js';
import { pickArticle, resolveStyles, resolveWidth, widthOption } from './shared.js';
import type { CommandSpec } from './spec.js';

interface SectionsOptions {
  json?: boolean;
  width?: number;
  color?: boolean;
}

export const SECTIONS: CommandSpec = {
  name: 'sections',
  description: "list an article's sections, to jump to one with `news read --section`",
  arguments: [{ name: '[article]', description: 'the article (default: the one you read last)' }],
  options: [widthOption('list'), { flags: '--json', description: 'print the sections as JSON' }],
  help: '\nExamples:\n  $ news sections              # the article you read last\n  $ news sections witkoff-leak\n  $ news read witkoff-leak --section 3',
  run: (ctx, [name], options) => runSections(ctx, name, options as SectionsOptions),
};

export async function runSections(ctx: Context, name: string | undefined, options: SectionsOptions): Promise<void> {
  const entry = pickArticle(ctx, name, 'sections');
  const article = await withHeadingText(ctx.library.load(entry));
  if (options.json) {
    ctx.io.out(toJson({ slug: entry.slug, title: article.title, sections: sectionsJson(article) }));
    return;
  }
  const width = resolveWidth(ctx, options.width, 'list');
  const c = await resolveStyles(ctx, options.color);
  const numberWidth = String(article.sections.length).length;
  const headings = article.sections.map((section) => sanitizeLine(section.heading));
  const longestHeading = Math.max(0, ...headings.map(columns));
  // On a narrow screen the lengths give way to the headings: first the word counts, then all.
  const lengthsFor = (withWords: boolean): string[] =>
    article.sections.map((section) => (withWords ? `${section.words} ${section.words === 1 ? 'word' : 'words'} · ` : '') + `${readingMinutes(section.words)} min`);
  const roomFor = (lengths: string[]): number => width - numberWidth - Math.max(0, ...lengths.map(columns)) - 4;
  const lengths = [lengthsFor(true), lengthsFor(false)].find((candidate) => roomFor(candidate) >= Math.min(longestHeading, 30)) ?? [];
  const showLengths = lengths.length > 0;
  // No wider than the longest heading, so the lengths sit next to the headings.
  const headingWidth = Math.min(longestHeading, showLengths ? roomFor(lengths) : width - numberWidth - 2);
  const lines = [c.bold(truncate(sanitizeLine(article.title), width))];
  article.sections.forEach((section, index) => {
    const number = c.bold(String(index + 1).padStart(numberWidth));
    const heading = truncate(headings[index] ?? '', headingWidth);
    lines.push(showLengths ? `${number}  ${padEnd(heading, headingWidth)}  ${c.dim(lengths[index] ?? '')}` : `${number}  ${heading}`);
  });
  if (article.sections.length === 0) lines.push(...wrapText('This article has no sections.', width).map((line) => c.dim(line)));
  ctx.io.out(`${lines.join('\n')}\n`);
  if (ctx.io.stdoutIsTTY && article.sections.length > 0) {
    const command = `news read ${entry.slug} --section <number>`;
    const hint = wrapKeepingWhole(`Read one: ${command}`, [command], width);
    ctx.io.err(`${hint.join('\n')}\n`);
  }
}
