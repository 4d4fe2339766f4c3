import { Lexer, type Token } from 'marked';
import { decodeEntities } from '../render/entities.js';

/**
 * The text a line of inline Markdown shows, without its markup: `# Fares rise in *autumn*`
 * becomes the title "Fares rise in autumn". Markdown's own rules decide what is markup
 * (`5 * 3 * 2` and snake_case keep their characters): marked reads the line.
 */
export function markdownLineText(markdown: string): string {
  return textOf(Lexer.lexInline(markdown)).trim();
}

function textOf(tokens: Token[]): string {
  return tokens
    .map((token) => {
      switch (token.type) {
        case 'html':
          return ''; // a tag: what it wraps is in the tokens around it
        case 'br':
          return ' ';
        case 'escape':
        case 'codespan':
        case 'image':
          return token.text as string;
        case 'text':
          return token.tokens ? textOf(token.tokens) : decodeEntities(token.text as string);
        default:
          return 'tokens' in token && token.tokens ? textOf(token.tokens) : token.raw;
      }
    })
    .join('');
}
