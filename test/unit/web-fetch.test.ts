import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { NewsError } from '../../src/errors.js';
import { checkAddress, DEFAULT_MAX_BYTES, fetchResource, isAddress, type FetchRequest, type FetchResult } from '../../src/web/fetch.js';
import { rejectedNewsError, thrownNewsError } from '../helpers.js';

type Handler = (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;

interface TestServer {
  /** http://127.0.0.1:port, without a trailing slash. */
  origin: string;
  port: number;
  /** What each request asked for, in order. */
  seen: { url: string; headers: IncomingHttpHeaders }[];
}

const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

async function serve(handler: Handler): Promise<TestServer> {
  const seen: TestServer['seen'] = [];
  const server = createServer((request, response) => {
    seen.push({ url: request.url ?? '', headers: request.headers });
    void Promise.resolve(handler(request, response)).catch((error: unknown) => response.destroy(error as Error));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, port, seen };
}

function html(response: ServerResponse, body: string | Buffer, headers: Record<string, string> = {}): void {
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers });
  response.end(body);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function fetchOf(address: string, options: Partial<FetchRequest> = {}): Promise<FetchResult> {
  return fetchResource({ address, wanted: 'page', timeoutMs: 5000, maxBytes: DEFAULT_MAX_BYTES, env: {}, userAgent: 'news-test/1.0 (+tests)', ...options });
}

async function fetched(address: string, options: Partial<FetchRequest> = {}): Promise<Extract<FetchResult, { notModified: false }>> {
  const result = await fetchOf(address, options);
  if (result.notModified) throw new Error('expected a body, got 304');
  return result;
}

const text = (body: Uint8Array): string => Buffer.from(body).toString('utf8');

const PAGE = '<!doctype html><html><head><title>Hi</title></head><body><p>“Hello”</p></body></html>';

describe('fetchResource: a page', () => {
  it('returns the body, its type and charset, and what the server said of it', async () => {
    const server = await serve((_request, response) => html(response, PAGE, { etag: '"v1"', 'last-modified': 'Wed, 21 Oct 2015 07:28:00 GMT' }));
    const result = await fetched(`${server.origin}/story`);
    expect(result).toMatchObject({
      notModified: false,
      url: `${server.origin}/story`,
      status: 200,
      contentType: 'text/html',
      charset: 'utf-8',
      etag: '"v1"',
      lastModified: 'Wed, 21 Oct 2015 07:28:00 GMT',
    });
    expect(text(result.body)).toBe(PAGE);
  });

  it('sends its User-Agent, an Accept for what it wants, and the encodings it can undo', async () => {
    const server = await serve((_request, response) => html(response, PAGE));
    await fetchOf(`${server.origin}/`);
    await fetchOf(`${server.origin}/feed`, { wanted: 'feed' });
    const [page, feed] = server.seen;
    expect(page?.headers['user-agent']).toBe('news-test/1.0 (+tests)');
    expect(page?.headers.accept).toMatch(/^text\/html/);
    expect(page?.headers['accept-encoding']).toBe('gzip, deflate, br');
    expect(feed?.headers.accept).toMatch(/^application\/rss\+xml/);
    expect(page?.headers['if-none-match']).toBeUndefined();
  });

  it('passes the charset from the header on, quoted or not', async () => {
    const server = await serve((request, response) =>
      request.url === '/quoted' ? html(response, 'x', { 'content-type': 'Text/HTML; Charset="Shift_JIS"' }) : html(response, 'x', { 'content-type': 'text/html;charset=iso-8859-2' }),
    );
    expect(await fetched(`${server.origin}/quoted`)).toMatchObject({ contentType: 'text/html', charset: 'Shift_JIS' });
    expect(await fetched(`${server.origin}/plain`)).toMatchObject({ charset: 'iso-8859-2' });
  });

  it('accepts HTML, XHTML, plain text and Markdown, and a body with no type that is text', async () => {
    const types = ['text/html', 'application/xhtml+xml', 'text/plain', 'text/markdown'];
    const server = await serve((request, response) => {
      const type = types[Number(request.url?.slice(1))];
      response.writeHead(200, type === undefined ? {} : { 'content-type': type });
      response.end('# Title\n\nText.\n');
    });
    for (const [at, type] of types.entries()) expect((await fetched(`${server.origin}/${at}`)).contentType).toBe(type);
    expect(await fetched(`${server.origin}/none`)).toMatchObject({ contentType: undefined, charset: undefined });
  });

  it('reads a slow server that answers within the time given', async () => {
    const server = await serve(async (_request, response) => {
      await sleep(100);
      response.writeHead(200, { 'content-type': 'text/html' });
      for (const part of ['<p>', 'slow', '</p>']) {
        response.write(part);
        await sleep(80);
      }
      response.end();
    });
    expect(text((await fetched(`${server.origin}/`, { timeoutMs: 3000 })).body)).toBe('<p>slow</p>');
  });
});

describe('fetchResource: redirects', () => {
  it.each([301, 302, 303, 307, 308])('follows a %i to a relative address', async (status) => {
    const server = await serve((request, response) => {
      if (request.url === '/old/story') {
        response.writeHead(status, { location: '../new/story?x=1' });
        response.end('moved');
      } else html(response, `<p>${request.url}</p>`);
    });
    const result = await fetched(`${server.origin}/old/story`);
    expect(result.url).toBe(`${server.origin}/new/story?x=1`);
    expect(text(result.body)).toBe('<p>/new/story?x=1</p>');
  });

  /** /hop/0 → /hop/1 → … → /hop/<last>, which is a page. */
  async function chain(last: number): Promise<TestServer> {
    return serve((request, response) => {
      const at = Number(request.url?.split('/')[2]);
      if (at < last) {
        response.writeHead(302, { location: `/hop/${at + 1}` });
        response.end();
      } else html(response, `<p>${at}</p>`);
    });
  }

  it('follows five redirects', async () => {
    const server = await chain(5);
    const result = await fetched(`${server.origin}/hop/0`);
    expect(result.url).toBe(`${server.origin}/hop/5`);
    expect(server.seen).toHaveLength(6);
  });

  it('refuses a sixth', async () => {
    const server = await chain(6);
    const error = await rejectedNewsError(fetchOf(`${server.origin}/hop/0`));
    expect(error.kind).toBe('network');
    expect(error.message).toBe(`${server.origin}/hop/0 redirects more than 5 times`);
    expect(server.seen).toHaveLength(6);
  });

  it('refuses a loop as soon as it comes back', async () => {
    const server = await serve((request, response) => {
      response.writeHead(301, { location: request.url === '/a' ? '/b' : `${server.origin}/a` });
      response.end();
    });
    const error = await rejectedNewsError(fetchOf(`${server.origin}/a`));
    expect(error.message).toBe(`${server.origin}/a redirects in a loop (back to ${server.origin}/a)`);
    expect(server.seen).toHaveLength(2);
  });

  it.each(['file:///etc/passwd', 'ftp://example.org/x', 'javascript:alert(1)', 'data:text/html,<p>x'])('refuses a redirect to %s', async (location) => {
    const server = await serve((_request, response) => {
      response.writeHead(302, { location });
      response.end();
    });
    const error = await rejectedNewsError(fetchOf(`${server.origin}/`));
    expect(error.kind).toBe('network');
    expect(error.message).toMatch(/redirects to a [a-z]+: address, which news does not follow$/);
  });

  it('refuses a redirect that says nowhere', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(301);
      response.end();
    });
    expect((await rejectedNewsError(fetchOf(`${server.origin}/`))).message).toBe(`the server answered 301 for ${server.origin}/ without saying where to go`);
  });
});

describe('fetchResource: conditional requests', () => {
  it('sends If-None-Match and reads a 304 as not modified', async () => {
    const server = await serve((request, response) => {
      if (request.headers['if-none-match'] === '"v7"') {
        response.writeHead(304, { etag: '"v7"' });
        response.end();
      } else html(response, PAGE, { etag: '"v7"' });
    });
    expect(await fetchOf(`${server.origin}/feed`, { etag: '"v7"' })).toEqual({ notModified: true, url: `${server.origin}/feed`, etag: '"v7"', lastModified: undefined });
    expect(server.seen[0]?.headers['if-none-match']).toBe('"v7"');
  });

  it('sends If-Modified-Since, and keeps what it had when the 304 does not repeat it', async () => {
    const since = 'Wed, 21 Oct 2015 07:28:00 GMT';
    const server = await serve((request, response) => {
      response.writeHead(request.headers['if-modified-since'] === since ? 304 : 200);
      response.end();
    });
    expect(await fetchOf(`${server.origin}/feed`, { lastModified: since, etag: '"old"' })).toEqual({ notModified: true, url: `${server.origin}/feed`, etag: '"old"', lastModified: since });
    expect(server.seen[0]?.headers['if-modified-since']).toBe(since);
    expect(server.seen[0]?.headers['if-none-match']).toBe('"old"');
  });
});

describe('fetchResource: time', () => {
  it('gives up on a server that sends headers and then stalls', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.write('<p>and then nothing');
    });
    const error = await rejectedNewsError(fetchOf(`${server.origin}/stall`, { timeoutMs: 300 }));
    expect(error.kind).toBe('network');
    expect(error.message).toBe(`${server.origin}/stall did not answer in time (gave up after 0.3 s)`);
    expect(error.hint).toContain('--timeout 60');
  });

  it('gives up on a server that never sends headers', async () => {
    const server = await serve(() => undefined);
    const error = await rejectedNewsError(fetchOf(`${server.origin}/`, { timeoutMs: 300 }));
    expect(error.message).toMatch(/did not answer in time/);
  });

  it('counts the time across redirects, not per request', async () => {
    const server = await serve(async (request, response) => {
      await sleep(150);
      response.writeHead(302, { location: `/${Number(request.url?.slice(1)) + 1}` });
      response.end();
    });
    const error = await rejectedNewsError(fetchOf(`${server.origin}/0`, { timeoutMs: 400 }));
    expect(error.message).toMatch(/did not answer in time/);
    expect(server.seen.length).toBeLessThanOrEqual(3);
  });

  it('leaves no socket or timer open after a failure', async () => {
    const before = process.getActiveResourcesInfo().filter((kind) => kind === 'TCPSocketWrap').length;
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.write('<p>');
    });
    await rejectedNewsError(fetchOf(`${server.origin}/`, { timeoutMs: 200 }));
    await sleep(50);
    const clientSockets = process.getActiveResourcesInfo().filter((kind) => kind === 'TCPSocketWrap').length - before;
    // The server's own end of a connection may still be open; the client's is gone.
    expect(clientSockets).toBeLessThanOrEqual(1);
  });
});

describe('fetchResource: size', () => {
  it('stops reading a body as soon as it passes the limit', async () => {
    let written = 0;
    let closed!: () => void;
    const serverSawClose = new Promise<void>((resolve) => (closed = resolve));
    const server = await serve(async (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.on('close', closed);
      const chunk = Buffer.alloc(64 * 1024, 'a');
      while (!response.destroyed && written < 500 * 1024 * 1024) {
        written += chunk.length;
        if (!response.write(chunk)) await new Promise((resolve) => response.once('drain', resolve).once('close', resolve));
      }
      response.end();
    });
    const error = await rejectedNewsError(fetchOf(`${server.origin}/big`, { maxBytes: 1024 * 1024 }));
    expect(error.kind).toBe('network');
    expect(error.message).toBe(`${server.origin}/big is more than the 1 MB limit`);
    await serverSawClose;
    expect(written).toBeLessThan(50 * 1024 * 1024);
  });

  it('refuses a body whose Content-Length is over the limit without reading it', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html', 'content-length': String(25 * 1024 * 1024) });
      response.write('<p>');
    });
    const error = await rejectedNewsError(fetchOf(`${server.origin}/huge`));
    // Said from the header: the body was never read (it never ends).
    expect(error.message).toBe(`${server.origin}/huge is 25 MB, more than the 20 MB limit`);
  });

  it('reads a body of exactly the limit', async () => {
    const server = await serve((_request, response) => html(response, Buffer.alloc(1000, 'b')));
    expect((await fetched(`${server.origin}/`, { maxBytes: 1000 })).body).toHaveLength(1000);
  });
});

describe('fetchResource: compression', () => {
  const compressors: [string, (body: Buffer) => Buffer][] = [
    ['gzip', gzipSync],
    ['x-gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ];

  it.each(compressors)('undoes %s', async (coding, compress) => {
    const server = await serve((_request, response) => html(response, compress(Buffer.from(PAGE)), { 'content-encoding': coding }));
    const result = await fetched(`${server.origin}/`);
    expect(text(result.body)).toBe(PAGE);
  });

  it('undoes raw deflate, which some servers send for "deflate"', async () => {
    const server = await serve((_request, response) => html(response, deflateRawSync(Buffer.from(PAGE)), { 'content-encoding': 'deflate' }));
    expect(text((await fetched(`${server.origin}/`)).body)).toBe(PAGE);
  });

  it('undoes two codings, the last applied first', async () => {
    const server = await serve((_request, response) => html(response, brotliCompressSync(gzipSync(Buffer.from(PAGE))), { 'content-encoding': 'gzip, br' }));
    expect(text((await fetched(`${server.origin}/`)).body)).toBe(PAGE);
  });

  it('refuses a gzip bomb: small on the wire, over the limit once inflated', async () => {
    const bomb = gzipSync(Buffer.alloc(40 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(DEFAULT_MAX_BYTES / 100);
    const server = await serve((_request, response) => html(response, bomb, { 'content-encoding': 'gzip' }));
    const error = await rejectedNewsError(fetchOf(`${server.origin}/bomb`));
    expect(error.message).toBe(`${server.origin}/bomb is more than the 20 MB limit once decompressed`);
  });

  it('refuses a coding it does not know, and a damaged body', async () => {
    const server = await serve((request, response) =>
      request.url === '/zstd' ? html(response, 'xxxx', { 'content-encoding': 'zstd' }) : html(response, 'not gzip at all', { 'content-encoding': 'gzip' }),
    );
    expect((await rejectedNewsError(fetchOf(`${server.origin}/zstd`))).message).toBe(`${server.origin}/zstd came compressed as zstd, which news cannot read`);
    expect((await rejectedNewsError(fetchOf(`${server.origin}/bad`))).message).toBe(`${server.origin}/bad came with a damaged gzip body`);
  });
});

describe('fetchResource: content types', () => {
  const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex');

  async function answering(type: string | undefined, body: Buffer | string = PAGE): Promise<TestServer> {
    return serve((_request, response) => {
      response.writeHead(200, type === undefined ? {} : { 'content-type': type });
      response.end(body);
    });
  }

  it.each([
    ['image/png', 'an image (image/png)'],
    ['video/mp4', 'a video (video/mp4)'],
    ['audio/mpeg', 'a sound file (audio/mpeg)'],
    ['application/pdf', 'a PDF document (application/pdf)'],
    ['application/zip', 'an archive (application/zip)'],
    ['application/json', 'JSON data (application/json)'],
    ['application/x-whatever', 'of type application/x-whatever'],
  ])('refuses %s when a page is wanted', async (type, described) => {
    const server = await answering(type, PNG);
    const error = await rejectedNewsError(fetchOf(`${server.origin}/x`));
    expect(error.kind).toBe('network');
    expect(error.message).toBe(`${server.origin}/x is ${described}, not a web page`);
  });

  it('refuses an image when a feed is wanted', async () => {
    const server = await answering('image/png', PNG);
    expect((await rejectedNewsError(fetchOf(`${server.origin}/x`, { wanted: 'feed' }))).message).toBe(`${server.origin}/x is an image (image/png), not a feed`);
  });

  it('points at news feed add for a feed given as a page', async () => {
    const server = await answering('application/rss+xml', '<rss/>');
    const error = await rejectedNewsError(fetchOf(`${server.origin}/rss`));
    expect(error.message).toBe(`${server.origin}/rss is XML (application/rss+xml), not a web page`);
    expect(error.hint).toBe(`It looks like a feed: add it with news feed add ${server.origin}/rss`);
  });

  it.each(['application/rss+xml', 'application/atom+xml', 'application/rdf+xml', 'application/xml', 'text/xml', 'application/feed+json', 'application/json', 'text/html', 'text/plain'])(
    'takes %s as a feed',
    async (type) => {
      const server = await answering(`${type}; charset=UTF-8`, '<rss version="2.0"><channel/></rss>');
      expect(await fetched(`${server.origin}/feed`, { wanted: 'feed' })).toMatchObject({ contentType: type, charset: 'UTF-8' });
    },
  );

  it('refuses binary data labelled as HTML, or with no label, or as octet-stream', async () => {
    for (const type of ['text/html', undefined, 'application/octet-stream']) {
      const server = await answering(type, PNG);
      const error = await rejectedNewsError(fetchOf(`${server.origin}/img`));
      expect(error.message, type).toBe(`${server.origin}/img is binary data (${type ?? 'with no content type'}), not a web page`);
    }
  });

  it('takes text sent as application/octet-stream', async () => {
    const server = await answering('application/octet-stream', PAGE);
    expect(text((await fetched(`${server.origin}/`)).body)).toBe(PAGE);
  });
});

describe('fetchResource: failures', () => {
  it.each([
    [404, 'Not Found'],
    [410, 'Gone'],
    [500, 'Internal Server Error'],
    [403, 'Forbidden'],
  ])('reports a %i with its status text', async (status, statusText) => {
    const server = await serve((_request, response) => {
      response.writeHead(status, { 'content-type': 'text/html' });
      response.end('<p>nope</p>');
    });
    const error = await rejectedNewsError(fetchOf(`${server.origin}/gone`));
    expect(error.kind).toBe('network');
    expect(error.exitCode).toBe(1);
    expect(error.message).toBe(`the server answered ${status} ${statusText} for ${server.origin}/gone`);
    expect(error.hint).toBeTruthy();
  });

  it('reports a connection refused by a closed port', async () => {
    const server = await serve(() => undefined);
    const closedPort = server.port;
    await new Promise<void>((resolve) => servers.pop()?.close(() => resolve()));
    const error = await rejectedNewsError(fetchOf(`http://127.0.0.1:${closedPort}/`));
    expect(error.kind).toBe('network');
    expect(error.message).toBe(`the server refused the connection for http://127.0.0.1:${closedPort}/ (127.0.0.1:${closedPort})`);
  });

  it('names the server a redirect led to when that one fails', async () => {
    // The live server is started while the other is still open, so the system cannot hand it
    // the closed one's port.
    let goneOrigin = '';
    const server = await serve((_request, response) => {
      response.writeHead(302, { location: `${goneOrigin}/moved` });
      response.end();
    });
    const gone = await serve(() => undefined);
    goneOrigin = gone.origin;
    await new Promise<void>((resolve) => servers.pop()?.close(() => resolve()));
    const error = await rejectedNewsError(fetchOf(`${server.origin}/`));
    expect(error.message).toBe(`the server refused the connection for ${gone.origin}/moved (127.0.0.1:${gone.port})`);
  });

  it('reports a TLS failure (https to a server that speaks plain http)', async () => {
    const server = await serve((_request, response) => html(response, PAGE));
    const error = await rejectedNewsError(fetchOf(`https://127.0.0.1:${server.port}/`));
    expect(error.kind).toBe('network');
    expect(error.message).toBe(`the secure connection to 127.0.0.1:${server.port} failed: it does not speak TLS there (wrong version number)`);
  });

  it('reports a server that does not speak HTTP', async () => {
    const { createServer: createTcpServer } = await import('node:net');
    const sockets = new Set<import('node:net').Socket>();
    const tcp = createTcpServer((socket) => {
      sockets.add(socket);
      socket.end('SSH-2.0-OpenSSH_9.6\r\n\r\n');
    });
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = tcp.address() as AddressInfo;
      const error = await rejectedNewsError(fetchOf(`http://127.0.0.1:${port}/`));
      expect(error.kind).toBe('network');
      expect(error.message).toBe(`127.0.0.1:${port} sent an answer that is not valid HTTP, for http://127.0.0.1:${port}/`);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
    }
  });

  it('refuses an address that is not http(s) as a network error, not a crash', async () => {
    const error = await rejectedNewsError(fetchOf('file:///etc/passwd'));
    expect(error.kind).toBe('network');
  });
});

describe('fetchResource: proxies', () => {
  /** A forward proxy that answers every absolute-form request itself, saying what it was asked. */
  async function proxy(): Promise<TestServer> {
    return serve((request, response) => html(response, `<p>proxied ${request.url} for ${request.headers.host}</p>`));
  }

  it('sends http requests through HTTP_PROXY, in absolute form', async () => {
    const through = await proxy();
    const result = await fetched('http://news.test/page', { env: { HTTP_PROXY: through.origin } });
    expect(text(result.body)).toBe('<p>proxied http://news.test/page for news.test</p>');
    expect(result.url).toBe('http://news.test/page');
    expect(through.seen[0]?.headers['user-agent']).toBe('news-test/1.0 (+tests)');
  });

  it('reads the lower-case form too, and a proxy written without http://', async () => {
    const through = await proxy();
    expect(text((await fetched('http://news.test/a', { env: { http_proxy: `127.0.0.1:${through.port}` } })).body)).toContain('proxied http://news.test/a');
  });

  it('goes straight to a host named in NO_PROXY', async () => {
    const through = await proxy();
    const origin = await serve((_request, response) => html(response, '<p>direct</p>'));
    for (const noProxy of ['127.0.0.1', 'localhost, 127.0.0.1', `127.0.0.1:${origin.port}`]) {
      const result = await fetched(`${origin.origin}/`, { env: { HTTP_PROXY: through.origin, NO_PROXY: noProxy } });
      expect(text(result.body), noProxy).toBe('<p>direct</p>');
    }
    expect(through.seen).toHaveLength(0);
  });

  it('reads the proxy from the environment it is given, not from process.env', async () => {
    const origin = await serve((_request, response) => html(response, '<p>direct</p>'));
    const saved = process.env.HTTP_PROXY;
    process.env.HTTP_PROXY = 'http://127.0.0.1:9';
    try {
      expect(text((await fetched(`${origin.origin}/`, { env: {} })).body)).toBe('<p>direct</p>');
    } finally {
      if (saved === undefined) delete process.env.HTTP_PROXY;
      else process.env.HTTP_PROXY = saved;
    }
  });

  it('follows a redirect through the proxy', async () => {
    const through = await serve((request, response) => {
      if (request.url === 'http://news.test/old') {
        response.writeHead(301, { location: '/new' });
        response.end();
      } else html(response, `<p>${request.url}</p>`);
    });
    const result = await fetched('http://news.test/old', { env: { HTTP_PROXY: through.origin } });
    expect(result.url).toBe('http://news.test/new');
    expect(text(result.body)).toBe('<p>http://news.test/new</p>');
  });

  it('uses ALL_PROXY when no proxy is set for the scheme', async () => {
    const through = await proxy();
    expect(text((await fetched('http://news.test/all', { env: { ALL_PROXY: through.origin } })).body)).toContain('proxied http://news.test/all');
  });

  it('sends https through HTTPS_PROXY, as a CONNECT tunnel', async () => {
    const through = await proxy();
    const connects: string[] = [];
    servers.at(-1)?.on('connect', (request: IncomingMessage, socket: import('node:net').Socket) => {
      connects.push(request.url ?? '');
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    });
    const error = await rejectedNewsError(fetchOf('https://news.test/page', { env: { HTTPS_PROXY: through.origin, HTTP_PROXY: 'http://127.0.0.1:9' } }));
    expect(connects).toEqual(['news.test:443']);
    expect(error.message).toBe('the proxy refused to connect to news.test: it answered 403 Forbidden');
  });

  it('does not send https through HTTP_PROXY, as curl does not', async () => {
    const through = await proxy();
    const origin = await serve((_request, response) => html(response, PAGE));
    const error = await rejectedNewsError(fetchOf(`https://127.0.0.1:${origin.port}/`, { env: { HTTP_PROXY: through.origin } }));
    expect(error.message).toMatch(/^the secure connection to 127\.0\.0\.1:\d+ failed/);
    expect(through.seen).toHaveLength(0);
  });

  it('says so when the proxy is not there', async () => {
    const gone = await serve(() => undefined);
    await new Promise<void>((resolve) => servers.pop()?.close(() => resolve()));
    const error = await rejectedNewsError(fetchOf('http://news.test/page', { env: { HTTP_PROXY: gone.origin } }));
    expect(error.message).toBe(`the proxy ${gone.origin} refused the connection, fetching http://news.test/page`);
    expect(error.hint).toContain('HTTP_PROXY');
  });
});

describe('checkAddress', () => {
  it.each(['file:///etc/passwd', 'ftp://example.org/file', 'javascript:alert(1)', 'data:text/html,<p>x</p>', 'not an address', '/relative/path', 'example.org/story', 'http://'])(
    'refuses %j as a usage error',
    (address) => {
      const error = thrownNewsError(() => checkAddress(address));
      expect(error).toBeInstanceOf(NewsError);
      expect(error.kind).toBe('usage');
      expect(error.exitCode).toBe(2);
      expect(error.hint).toBe('Give an address that starts with http:// or https://');
    },
  );

  it('says which schemes it takes', () => {
    expect(thrownNewsError(() => checkAddress('ftp://example.org/x')).message).toBe('news fetches http and https addresses only, not ftp:');
  });

  it('returns the address normalised', () => {
    expect(checkAddress('HTTPS://Example.ORG')).toBe('https://example.org/');
    expect(checkAddress('  http://example.org/a b  ')).toBe('http://example.org/a%20b');
  });
});

describe('isAddress', () => {
  it('tells addresses from file names', () => {
    expect(isAddress('https://example.org/x')).toBe(true);
    expect(isAddress('HTTP://example.org')).toBe(true);
    expect(isAddress('story.html')).toBe(false);
    expect(isAddress('http:story')).toBe(false);
    expect(isAddress('ftp://example.org')).toBe(false);
  });
});
