// What a user would otherwise write: render the article's Markdown with marked + marked-terminal.
import { readFileSync } from 'node:fs';
import { marked } from 'marked';
import { markedTerminal } from 'marked-terminal';

const text = readFileSync(process.argv[2], 'utf8').replace(/^---[\s\S]*?\n---\n/, '');
marked.use(markedTerminal({ reflowText: true, width: 80 }));
process.stdout.write(marked.parse(text));
