declare const __NEWS_VERSION__: string;
/** The package's version, which the build writes in (tests define it too). */
export const VERSION = typeof __NEWS_VERSION__ === 'string' ? __NEWS_VERSION__ : '0.0.0-dev';
