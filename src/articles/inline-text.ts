import { Lexer, type Token } from 'marked';
import { decodeEntities } from '../render/entities.js';

/**
 * The text a line of inline Markdown shows, without its markup: `# Fares rise in *autumn*`
 * becomes the title "Fares rise in autumn". Markdown's own rules decide what is markup
 * (`5 * 3 * 2` and snake_case keep their characters): marked reads the line. Inline HTML is
 * kept as written, as the reader shows it elsewhere.
 */
export function markdownLineText(markdown: string): string {
  return textOf(Lexer.lexInline(markdown)).trim();
}

// A backslash before ASCII punctuation, which Markdown reads as the character itself.
const ESCAPED = /\\([!-/:-@[-`{-~])/g;

function textOf(tokens: Token[]): string {
  return tokens
    .map((token) => {
      switch (token.type) {
        case 'html':
          // Kept as written, as the reader shows it in the body: to Markdown, List<String> is a tag.
          return token.raw;
        case 'br':
          return ' ';
        case 'escape':
        case 'codespan':
          return token.text as string;
        case 'image':
          // Its alt text, as written: escapes and entities still to read.
          return decodeEntities((token.text as string).replace(ESCAPED, '$1'));
        case 'text':
          return token.tokens ? textOf(token.tokens) : decodeEntities(token.text as string);
        default:
          return 'tokens' in token && token.tokens ? textOf(token.tokens) : token.raw;
      }
    })
    .join('');
}
