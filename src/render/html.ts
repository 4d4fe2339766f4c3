import { Marked, type Tokens } from 'marked';
import { readingMinutes, sourceIsAuthor, type Article } from '../articles/model.js';
import { sanitizeLine, sanitizeText } from './text.js';

/**
 * Article → one standalone, readable HTML page: title, dek, meta line, a table of contents and
 * the sections. Article text is untrusted: every string is escaped, raw HTML in the Markdown is
 * shown as text, and only http(s), mailto and relative addresses become links or images.
 */
export function renderHtml(article: Article, only?: number): string {
  return withoutControls(page(article, only));
}

// The last gate: marked decodes numeric entities (&#27; becomes ESC) inside text, and a page
// shown in a terminal (cat, less) must not act on anything in it.
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
function withoutControls(html: string): string {
  return html.replace(CONTROLS, '');
}

function page(article: Article, only?: number): string {
  const sections = article.sections.map((section, index) => ({ ...section, number: index + 1 })).filter((section) => only === undefined || section.number === only + 1);
  const source = sourceIsAuthor(article.author, article.source) ? undefined : article.source;
  const meta = [`${readingMinutes(article.words)} min read`, article.date, article.author, source].filter((part): part is string => Boolean(part));
  const toc =
    sections.length > 1
      ? `<nav aria-label="Sections">\n<h2>Sections</h2>\n<ol>\n${sections.map((section) => `<li><a href="#section-${section.number}">${text(section.heading)}</a></li>`).join('\n')}\n</ol>\n</nav>\n`
      : '';
  const lede = only === undefined && article.lede.trim() !== '' ? `<div class="lede">\n${markdownToHtml(article.lede)}</div>\n` : '';
  const body = sections
    .map((section) => `<section id="section-${section.number}">\n<h2>${text(section.heading)}</h2>\n${markdownToHtml(section.markdown)}</section>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="news">
<title>${text(article.title)}</title>
<style>
body { font: 1.125rem/1.6 Georgia, "Times New Roman", serif; color: #1b1b1b; background: #fdfdfb; margin: 0; padding: 2rem 1rem; }
main { max-width: 38rem; margin: 0 auto; }
h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 .5rem; }
.dek { font-size: 1.25rem; font-style: italic; color: #444; margin: 0 0 .5rem; }
.meta { font: .9rem/1.4 system-ui, sans-serif; color: #666; margin: 0 0 2rem; }
nav { font: .95rem/1.5 system-ui, sans-serif; border-left: 3px solid #ddd; padding-left: 1rem; margin-bottom: 2rem; }
nav h2 { font-size: 1rem; margin: 0; }
h2 { font-size: 1.35rem; margin: 2.5rem 0 .75rem; }
blockquote { border-left: 3px solid #ccc; margin-left: 0; padding-left: 1rem; color: #444; }
a { color: #0645ad; }
img { max-width: 100%; }
footer { margin-top: 3rem; font: .95rem/1.5 system-ui, sans-serif; color: #555; border-top: 1px solid #ddd; padding-top: 1rem; }
@media (prefers-color-scheme: dark) { body { color: #e6e6e6; background: #161616; } .dek, blockquote { color: #bbb; } .meta, footer { color: #999; } a { color: #8ab4f8; } }
</style>
</head>
<body>
<main>
<article>
<header>
<h1>${text(article.title)}</h1>
${article.dek ? `<p class="dek">${text(article.dek)}</p>\n` : ''}<p class="meta">${meta.map(text).join(' · ')}</p>
</header>
${toc}${lede}${body}
<footer><p>${text(article.prompt)} <code>news react 😮 ${text(article.slug)}</code></p></footer>
</article>
</main>
</body>
</html>
`;
}

/** Escapes text for HTML, after removing anything that is not text. */
export function text(value: string): string {
  return escapeHtml(sanitizeLine(value));
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' }[character] ?? ''};`);
}

// http(s), mailto, or a relative address (not protocol-relative //host, which leaves the page).
const SAFE_URL = /^(?:https?:|mailto:|(?!\/\/)[^:]*$)/i;

function safeUrl(href: string): string | undefined {
  const cleaned = sanitizeLine(href).trim();
  return SAFE_URL.test(cleaned) ? cleaned : undefined;
}

let marked: Marked | undefined;

function markdownToHtml(markdown: string): string {
  marked ??= new Marked({ gfm: true, async: false }).use({
    renderer: {
      // Raw HTML in an article is shown as text, never passed through.
      html(token: Tokens.HTML | Tokens.Tag) {
        return escapeHtml(token.text);
      },
      link(token: Tokens.Link) {
        const label = this.parser.parseInline(token.tokens);
        const href = safeUrl(token.href);
        if (href === undefined) return label;
        return `<a href="${escapeHtml(href)}">${label}</a>`;
      },
      image(token: Tokens.Image) {
        const src = safeUrl(token.href);
        const alt = escapeHtml(sanitizeLine(token.text));
        return src === undefined ? alt : `<img src="${escapeHtml(src)}" alt="${alt}">`;
      },
    },
  });
  return marked.parse(sanitizeText(markdown)) as string;
}
