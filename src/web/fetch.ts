import { STATUS_CODES, type IncomingHttpHeaders } from 'node:http';
import { promisify } from 'node:util';
import { brotliDecompress, constants as zlibConstants, gunzip, inflate, inflateRaw, type ZlibOptions } from 'node:zlib';
import { EnvHttpProxyAgent, request, type Dispatcher } from 'undici';
import { NewsError, usageError } from '../errors.js';
import { looksBinary } from './decode.js';

/**
 * The one door to the network: an address in, its bytes out, or a NewsError that says what
 * went wrong in words. Everything a hostile or broken server can do (redirect for ever, stall,
 * send gigabytes, compress a bomb, label an image as HTML) ends here as a refusal within the
 * time given, and nothing is left running once it returns. undici is imported only here.
 */

export type Wanted = 'page' | 'feed';

export interface FetchRequest {
  address: string;
  wanted: Wanted;
  /** For the whole exchange: every redirect, the headers and the body. */
  timeoutMs: number;
  /** The most body bytes read, compressed or not. */
  maxBytes: number;
  etag?: string | undefined;
  lastModified?: string | undefined;
  /** Where HTTP_PROXY, HTTPS_PROXY and NO_PROXY (or their lower-case forms) are read, rather than process.env. */
  env: Readonly<Record<string, string | undefined>>;
  userAgent: string;
}

export type FetchResult =
  | { notModified: true; url: string; etag: string | undefined; lastModified: string | undefined }
  | {
      notModified: false;
      /** The address after redirects. */
      url: string;
      status: number;
      /** The lower-case MIME type, without parameters. */
      contentType: string | undefined;
      charset: string | undefined;
      body: Uint8Array;
      etag: string | undefined;
      lastModified: string | undefined;
    };

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

const ACCEPT: Record<Wanted, string> = {
  page: 'text/html,application/xhtml+xml;q=0.9,text/markdown;q=0.8,text/plain;q=0.7,*/*;q=0.1',
  feed: 'application/rss+xml,application/atom+xml,application/feed+json,application/rdf+xml;q=0.9,application/xml;q=0.9,text/xml;q=0.9,application/json;q=0.8,text/html;q=0.5,*/*;q=0.1',
};

const WHAT: Record<Wanted, string> = { page: 'a web page', feed: 'a feed' };

/** Whether a string is meant as an address rather than a file name. */
export function isAddress(text: string): boolean {
  return /^https?:\/\//i.test(text);
}

/** An address typed by the user, as the URL news fetches; anything but http(s) is a usage error. */
export function checkAddress(address: string): string {
  const hint = 'Give an address that starts with http:// or https://';
  let url: URL;
  try {
    url = new URL(address.trim());
  } catch {
    throw usageError(`${address} is not a web address`, hint);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    const local = url.protocol === 'file:' ? ' (for a file on this computer, give its path instead)' : '';
    throw usageError(`news fetches http and https addresses only, not ${url.protocol}${local}`, hint);
  }
  if (url.hostname === '') throw usageError(`${address} names no server`, hint);
  return url.href;
}

export async function fetchResource(fetchRequest: FetchRequest): Promise<FetchResult> {
  const start = fetchableUrl(fetchRequest.address);
  const timeoutMs = Math.max(1, fetchRequest.timeoutMs);
  const dispatcher = dispatchers(fetchRequest.env, timeoutMs);
  const progress = { start, at: start };
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  // A race, not only the signal: a stage that ignores the signal (a slow DNS lookup, a
  // decompression) still cannot hold the caller past the time given.
  const timedOut = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(timeoutError(start.href, timeoutMs));
    }, timeoutMs);
  });
  try {
    return await Promise.race([exchange(fetchRequest, progress, dispatcher.forScheme, controller.signal, timeoutMs), timedOut]);
  } catch (error) {
    if (controller.signal.aborted) throw timeoutError(start.href, timeoutMs);
    // A failure after a redirect is the new server's: name that one.
    throw describeFailure(error, progress.at, fetchRequest.env, timeoutMs);
  } finally {
    clearTimeout(timer);
    await dispatcher.destroy();
  }
}

function fetchableUrl(address: string): URL {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new NewsError('network', `${address} is not a web address`, 'Give an address that starts with http:// or https://');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new NewsError('network', `cannot fetch ${address}: news fetches http and https addresses only`, 'Give an address that starts with http:// or https://');
  }
  url.hash = '';
  return url;
}

/** The first of the lower-case and upper-case forms that is set, as curl reads them. */
function fromEnv(env: FetchRequest['env'], name: string): string | undefined {
  for (const value of [env[name.toLowerCase()], env[name.toUpperCase()]]) {
    if (value !== undefined && value.trim() !== '') return value.trim();
  }
  return undefined;
}

/**
 * The proxy for a scheme, as curl and git pick it: https_proxy for https, http_proxy for http
 * (never for https, unlike undici's own fallback), all_proxy for either.
 */
function proxySetting(env: FetchRequest['env'], protocol: string): { name: string; address: string } | undefined {
  for (const name of [protocol === 'https:' ? 'HTTPS_PROXY' : 'HTTP_PROXY', 'ALL_PROXY']) {
    const value = fromEnv(env, name);
    if (value === undefined) continue;
    // curl takes "proxy.example:3128" to mean an http:// proxy, and so do people writing it.
    const address = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
    try {
      new URL(address);
    } catch {
      throw new NewsError('network', `the proxy in ${name} is not an address: ${value}`, `Set ${name} to an address like http://proxy.example:3128, or unset it`);
    }
    return { name, address };
  }
  return undefined;
}

/** One dispatcher per scheme, made when first needed (a redirect may change scheme), all destroyed at the end. */
function dispatchers(env: FetchRequest['env'], timeoutMs: number): { forScheme: (protocol: string) => Dispatcher; destroy: () => Promise<void> } {
  const made = new Map<string, Dispatcher>();
  return {
    forScheme(protocol) {
      let dispatcher = made.get(protocol);
      if (dispatcher === undefined) {
        const proxy = proxySetting(env, protocol)?.address ?? '';
        // Empty strings, not undefined: undici reads process.env for any option left out, and
        // the environment news was given is the one that counts.
        dispatcher = new EnvHttpProxyAgent({
          httpProxy: proxy,
          httpsProxy: proxy,
          noProxy: fromEnv(env, 'no_proxy') ?? '',
          // A plain-http request goes to the proxy as GET http://…, as curl sends it, rather
          // than through a CONNECT tunnel that many proxies allow only to port 443.
          proxyTunnel: false,
          connect: { timeout: timeoutMs },
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        });
        made.set(protocol, dispatcher);
      }
      return dispatcher;
    },
    async destroy() {
      await Promise.all([...made.values()].map((dispatcher) => dispatcher.destroy().catch(() => undefined)));
    },
  };
}

async function exchange(fetchRequest: FetchRequest, progress: { start: URL; at: URL }, dispatcherFor: (protocol: string) => Dispatcher, signal: AbortSignal, timeoutMs: number): Promise<FetchResult> {
  const headers: Record<string, string> = {
    accept: ACCEPT[fetchRequest.wanted],
    'accept-encoding': 'gzip, deflate, br',
    'user-agent': fetchRequest.userAgent,
  };
  if (fetchRequest.etag !== undefined) headers['if-none-match'] = fetchRequest.etag;
  if (fetchRequest.lastModified !== undefined) headers['if-modified-since'] = fetchRequest.lastModified;

  const visited = new Set<string>();
  const { start } = progress;
  let url = start;
  for (let redirects = 0; ; redirects += 1) {
    visited.add(url.href);
    const response = await request(url, { dispatcher: dispatcherFor(url.protocol), method: 'GET', headers, signal, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
    const status = response.statusCode;
    if (REDIRECT_STATUSES.has(status)) {
      discard(response.body);
      const next = redirectTarget(url, status, header(response.headers, 'location'));
      if (visited.has(next.href)) throw new NewsError('network', `${start.href} redirects in a loop (back to ${next.href})`, 'Open it in a browser; the site may need cookies that news does not keep');
      if (redirects === MAX_REDIRECTS) throw new NewsError('network', `${start.href} redirects more than ${MAX_REDIRECTS} times`, 'Open it in a browser, and give news the address it ends at');
      url = next;
      progress.at = next;
      continue;
    }
    if (status === 304) {
      discard(response.body);
      return { notModified: true, url: url.href, etag: header(response.headers, 'etag') ?? fetchRequest.etag, lastModified: header(response.headers, 'last-modified') ?? fetchRequest.lastModified };
    }
    if (status < 200 || status > 299) {
      discard(response.body);
      throw statusError(url.href, status, response.statusText);
    }
    return await readResponse(fetchRequest, url, response);
  }
}

function redirectTarget(from: URL, status: number, location: string | undefined): URL {
  if (location === undefined || location.trim() === '') {
    throw new NewsError('network', `the server answered ${status} for ${from.href} without saying where to go`, 'Open it in a browser, and give news the address it ends at');
  }
  let next: URL;
  try {
    next = new URL(location.trim(), from);
  } catch {
    throw new NewsError('network', `${from.href} redirects to something that is not an address: ${location}`, 'Open it in a browser, and give news the address it ends at');
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    throw new NewsError('network', `${from.href} redirects to a ${next.protocol} address, which news does not follow`, 'news follows redirects to http and https addresses only');
  }
  next.hash = '';
  return next;
}

async function readResponse(fetchRequest: FetchRequest, url: URL, response: Dispatcher.ResponseData): Promise<FetchResult> {
  const { mime, charset } = parseContentType(header(response.headers, 'content-type'));
  const verdict = acceptance(fetchRequest.wanted, mime);
  if (verdict === 'refused') {
    discard(response.body);
    throw wrongTypeError(url.href, fetchRequest.wanted, mime ?? '');
  }
  const limit = fetchRequest.maxBytes;
  const declared = Number(header(response.headers, 'content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    discard(response.body);
    throw tooLargeError(url.href, limit, `is ${formatSize(declared)}, more than the ${formatSize(limit)} limit`);
  }
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    received += chunk.length;
    // Leaving the loop destroys the stream: the rest is never read.
    if (received > limit) throw tooLargeError(url.href, limit, `is more than the ${formatSize(limit)} limit`);
    chunks.push(chunk);
  }
  const body = await decompress(Buffer.concat(chunks), header(response.headers, 'content-encoding'), url.href, limit);
  if (looksBinary(body)) {
    throw new NewsError('network', `${url.href} is binary data (${mime ?? 'with no content type'}), not ${WHAT[fetchRequest.wanted]}`, hintFor(fetchRequest.wanted));
  }
  return {
    notModified: false,
    url: url.href,
    status: response.statusCode,
    contentType: mime,
    charset,
    body,
    etag: header(response.headers, 'etag'),
    lastModified: header(response.headers, 'last-modified'),
  };
}

/** Drops a body unread. undici reports the drop as an error on the stream, which nobody is listening for. */
function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => undefined);
  body.destroy();
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9a-z-]+\/[!#$%&'*+.^_`|~0-9a-z-]+$/;

function parseContentType(value: string | undefined): { mime: string | undefined; charset: string | undefined } {
  if (value === undefined) return { mime: undefined, charset: undefined };
  const [type = '', ...parameters] = value.split(';');
  const mime = type.trim().toLowerCase();
  let charset: string | undefined;
  for (const parameter of parameters) {
    const match = /^\s*charset\s*=\s*(?:"([^"]*)"|([^\s"]*))\s*$/i.exec(parameter);
    if (match) charset = (match[1] ?? match[2] ?? '').trim() || undefined;
  }
  return { mime: TOKEN.test(mime) ? mime : undefined, charset };
}

const PAGE_TYPES = new Set(['text/html', 'application/xhtml+xml', 'text/plain', 'text/markdown', 'text/x-markdown']);
const FEED_TYPES = new Set(['application/xml', 'text/xml', 'application/feed+json', 'application/json', 'text/html', 'text/plain']);

/** Whether a content type is what was asked for; one that names nothing useful is judged by the body. */
function acceptance(wanted: Wanted, mime: string | undefined): 'accepted' | 'refused' {
  if (mime === undefined || mime === 'application/octet-stream') return 'accepted';
  if (wanted === 'page') return PAGE_TYPES.has(mime) ? 'accepted' : 'refused';
  return FEED_TYPES.has(mime) || mime.endsWith('+xml') ? 'accepted' : 'refused';
}

function describeType(mime: string): string {
  const [top] = mime.split('/');
  if (mime === '') return 'not of a type news reads';
  if (top === 'image') return `an image (${mime})`;
  if (top === 'video') return `a video (${mime})`;
  if (top === 'audio') return `a sound file (${mime})`;
  if (top === 'font') return `a font (${mime})`;
  if (mime === 'application/pdf') return `a PDF document (${mime})`;
  if (/zip|gzip|tar|compress|rar|7z|bzip|xz/.test(mime)) return `an archive (${mime})`;
  if (/javascript|ecmascript/.test(mime)) return `a script (${mime})`;
  if (mime === 'text/css') return `a style sheet (${mime})`;
  if (mime.endsWith('+xml') || mime.endsWith('/xml')) return `XML (${mime})`;
  if (mime.endsWith('/json') || mime.endsWith('+json')) return `JSON data (${mime})`;
  return `of type ${mime}`;
}

function wrongTypeError(address: string, wanted: Wanted, mime: string): NewsError {
  const isFeed = /^application\/(?:rss|atom|rdf)\+xml$|^application\/feed\+json$/.test(mime);
  const hint = wanted === 'page' && isFeed ? `It looks like a feed: add it with news feed add ${address}` : hintFor(wanted);
  return new NewsError('network', `${address} is ${describeType(mime)}, not ${WHAT[wanted]}`, hint);
}

function hintFor(wanted: Wanted): string {
  return wanted === 'page' ? 'Give the address of a web page (HTML, Markdown or plain text)' : 'Give the address of an RSS, Atom or JSON feed';
}

function tooLargeError(address: string, limit: number, what: string): NewsError {
  return new NewsError('network', `${address} ${what}`, `news reads up to ${formatSize(limit)}; check that the address is the article or feed itself, not a download`);
}

function formatSize(bytes: number): string {
  const mb = 1024 * 1024;
  if (bytes >= mb) return `${Number((bytes / mb).toFixed(bytes >= 10 * mb ? 0 : 1))} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

type Inflate = (buffer: Buffer, options: ZlibOptions) => Promise<Buffer>;
const gunzipAsync = promisify(gunzip) as Inflate;
const inflateAsync = promisify(inflate) as Inflate;
const inflateRawAsync = promisify(inflateRaw) as Inflate;
const brotliAsync = promisify(brotliDecompress) as Inflate;

/**
 * The body as sent, undone layer by layer (the last coding listed was applied last). The limit
 * holds for what comes out too, and zlib stops as soon as it is passed: a few kilobytes that
 * inflate to gigabytes are refused without ever being inflated.
 */
async function decompress(body: Buffer, contentEncoding: string | undefined, address: string, limit: number): Promise<Buffer> {
  const codings = (contentEncoding ?? '')
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
  let result = body;
  for (const coding of codings.reverse()) {
    if (result.length === 0) break;
    // Truncated streams are read as far as they go, as browsers do.
    const options = { maxOutputLength: limit, finishFlush: zlibConstants.Z_SYNC_FLUSH };
    try {
      if (coding === 'gzip' || coding === 'x-gzip') result = await gunzipAsync(result, options);
      else if (coding === 'br') result = await brotliAsync(result, { maxOutputLength: limit, finishFlush: zlibConstants.BROTLI_OPERATION_FLUSH });
      else if (coding === 'deflate') result = await inflateDeflate(result, options);
      else throw new NewsError('network', `${address} came compressed as ${coding}, which news cannot read`, 'Try again later, or tell the site');
    } catch (error) {
      if (error instanceof NewsError) throw error;
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLargeError(address, limit, `is more than the ${formatSize(limit)} limit once decompressed`);
      throw new NewsError('network', `${address} came with a damaged ${coding} body`, 'Try again later, or tell the site');
    }
  }
  return result;
}

/** "deflate" is meant as zlib-wrapped, but some servers send the raw stream. */
async function inflateDeflate(body: Buffer, options: ZlibOptions): Promise<Buffer> {
  try {
    return await inflateAsync(body, options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw error;
    return await inflateRawAsync(body, options);
  }
}

function statusError(address: string, status: number, statusText: string | undefined): NewsError {
  const text = STATUS_CODES[status] ?? (statusText?.trim() || undefined);
  const answer = text === undefined ? `${status}` : `${status} ${text}`;
  const hint =
    status === 404 || status === 410
      ? 'Check the address; the page may have moved or been removed'
      : status === 401 || status === 403
        ? 'The site does not let news in; it may need a login, or block programs that are not browsers'
        : status === 429
          ? 'The site asks for fewer requests; try again later'
          : status >= 500
            ? 'The site has a problem of its own; try again later'
            : 'Check the address, or open it in a browser';
  return new NewsError('network', `the server answered ${answer} for ${address}`, hint);
}

function timeoutError(address: string, timeoutMs: number): NewsError {
  const seconds = Number((timeoutMs / 1000).toFixed(timeoutMs < 10_000 ? 1 : 0));
  const longer = Math.min(3600, Math.max(60, Math.ceil((timeoutMs * 2) / 1000)));
  return new NewsError('network', `${address} did not answer in time (gave up after ${seconds} s)`, `The server may be slow or down; try --timeout ${longer}, or later`);
}

/** The codes of an error and of the errors it wraps, outermost first. */
function errorChain(error: unknown): (Error & { code?: string; hostname?: string; address?: string; port?: number })[] {
  const chain: (Error & { code?: string })[] = [];
  for (let at = error; at instanceof Error && chain.length < 8; at = at.cause) {
    chain.push(at);
    if (at instanceof AggregateError) chain.push(...at.errors.filter((inner): inner is Error => inner instanceof Error));
  }
  return chain;
}

/** The proxy an address would go through, as far as an error message needs it (NO_PROXY aside). */
function proxyFor(url: URL, env: FetchRequest['env']): { origin: string; port: number } | undefined {
  try {
    const setting = proxySetting(env, url.protocol);
    if (setting === undefined) return undefined;
    const proxy = new URL(setting.address);
    return { origin: proxy.origin, port: Number(proxy.port || (proxy.protocol === 'https:' ? 443 : 80)) };
  } catch {
    return undefined;
  }
}

const TLS_REASONS: Record<string, string> = {
  CERT_HAS_EXPIRED: 'its certificate has expired',
  CERT_NOT_YET_VALID: 'its certificate is not valid yet',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'its certificate is signed by an authority this computer does not trust',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'its certificate is signed by an authority this computer does not know',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its certificate could not be verified',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its certificate is for another name',
  ERR_SSL_WRONG_VERSION_NUMBER: 'it does not speak TLS there (wrong version number)',
  CERT_REVOKED: 'its certificate has been revoked',
};

function describeFailure(error: unknown, failed: URL, env: FetchRequest['env'], timeoutMs: number): NewsError {
  if (error instanceof NewsError) return error;
  const chain = errorChain(error);
  const coded = chain.find((link) => typeof link.code === 'string');
  const code = coded?.code ?? '';
  const host = failed.host;
  const address = failed.href;
  const proxied = ['http_proxy', 'https_proxy', 'all_proxy'].some((name) => fromEnv(env, name) !== undefined);
  const proxyNote = proxied ? ', or the proxy settings (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, NO_PROXY)' : '';
  const failedHost = coded?.hostname ?? host;

  if (['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT'].includes(code)) return timeoutError(address, timeoutMs);
  if (code === 'ENOTFOUND' || code === 'EAI_NONAME' || code === 'EAI_NODATA') {
    return new NewsError('network', `cannot find the server ${failedHost}${failedHost === failed.hostname ? '' : ` (for ${address})`}`, `Check the address, and that you are online${proxyNote}`);
  }
  if (code === 'EAI_AGAIN') return new NewsError('network', `cannot look up the server ${failedHost} right now`, `Check that you are online${proxyNote}, then try again`);
  if (code === 'ECONNREFUSED') {
    const proxy = proxyFor(failed, env);
    if (proxy !== undefined && coded?.port === proxy.port) {
      return new NewsError('network', `the proxy ${proxy.origin} refused the connection, fetching ${address}`, 'Check that the proxy is running, or the proxy settings (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, NO_PROXY)');
    }
    const where = coded?.address !== undefined && coded.port !== undefined ? `${coded.address}:${coded.port}` : host;
    return new NewsError('network', `the server refused the connection for ${address} (${where})`, `Check the address and its port; the server may be down${proxyNote}`);
  }
  if (code === 'ENETUNREACH' || code === 'EHOSTUNREACH' || code === 'ENETDOWN') {
    return new NewsError('network', `cannot reach ${host}: no route to it`, `Check that you are online${proxyNote}`);
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET' || code === 'ECONNABORTED') {
    return new NewsError('network', `the connection to ${host} was cut off while fetching ${address}`, 'Try again; if it goes on, the site may be blocking news');
  }
  const tls = chain.find((link) => link.code !== undefined && (link.code in TLS_REASONS || /^(?:ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|EPROTO$)/.test(link.code)));
  if (tls) {
    // OpenSSL's messages carry source paths; its reason alone reads as words.
    const reason = TLS_REASONS[tls.code ?? ''] ?? (tls as { reason?: string }).reason ?? tls.message;
    return new NewsError('network', `the secure connection to ${host} failed: ${reason}`, 'news checks certificates as a browser does; check the address (https or http), or tell the site');
  }
  // undici's parser errors often come without their HPE_ code.
  if (/^HPE_/.test(code) || chain.some((link) => link.name === 'HTTPParserError')) {
    return new NewsError('network', `${host} sent an answer that is not valid HTTP, for ${address}`, 'Check the address and its port');
  }
  const message = chain[0]?.message ?? String(error);
  if (/Proxy Authentication Required|Proxy response \(407\)/.test(message)) {
    return new NewsError('network', `the proxy asks for a user name and password, fetching ${address}`, 'Put them in the proxy address: http://user:password@proxy.example:3128');
  }
  const tunnel = /Proxy response \((\d+)\)/.exec(message);
  if (tunnel) {
    return new NewsError('network', `the proxy refused to connect to ${host}: it answered ${tunnel[1]} ${STATUS_CODES[Number(tunnel[1])] ?? ''}`.trimEnd(), 'Check the proxy settings (HTTPS_PROXY, ALL_PROXY, NO_PROXY)');
  }
  return new NewsError('network', `cannot fetch ${address}: ${message}`, 'Try again later');
}
