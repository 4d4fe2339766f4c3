#!/usr/bin/env node
// Launcher only: the program is the bundle built by `npm install` (scripts/build.mjs).
import { run } from '../dist/news.js';

await run();
