/**
 * An article with each piece of the Markdown that web articles hold and render/fast-markdown.ts
 * sets without marked (emphasis, strong, code, links, images, autolinks, escapes, hard breaks,
 * headings, lists, quotes and rules), and the details a fetched article has. `news read` sets
 * it once, unseen, before its code cache is written (READ.warmUp), so that the cache holds the
 * code every fetched article needs. (The hard break's two spaces are written \x20\x20, which
 * no editor trims from the end of a line.)
 */
export const FORMATTED_SAMPLE = `---
title: A sample of the Markdown that web articles hold
dek: Set once, unseen, before the code cache is written
date: 2026-01-02
author: A. Writer
source: A site
url: https://example.org/sample
feed: a-feed
---

A paragraph with *emphasis*, _more_, **strong**, __strong too__, \`code\`, a
[link](https://example.org/page), an ![image](https://example.org/image.png), an
autolink <https://example.org/>, an escaped \\* star, and a hard\x20\x20
break.

## A heading with *emphasis* and \`code\`

- an item with **strong** text
- an item with a [link](https://example.org/)

1. the first
2. the second

> A quote with *emphasis*,
> over two lines.

---

The last paragraph.
`;
