export type FeedFormat = 'rss' | 'rdf' | 'atom' | 'json';

export interface FeedEnclosure {
  url: string;
  type: string | undefined;
}

export interface FeedItem {
  id: string | undefined;
  title: string | undefined;
  link: string | undefined;
  author: string | undefined;
  date: string | undefined;
  contentHtml: string | undefined;
  summaryHtml: string | undefined;
  enclosures: FeedEnclosure[];
}

export interface ParsedFeed {
  format: FeedFormat;
  version: string | undefined;
  title: string | undefined;
  link: string | undefined;
  description: string | undefined;
  items: FeedItem[];
}
