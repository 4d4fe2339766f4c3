// undici's SQLite cache store requires node:sqlite (Node 22) when it is made. news never makes
// one, and Node 20 has no such module, so the require is answered here and never run.
throw new Error('node:sqlite is not available to news');
