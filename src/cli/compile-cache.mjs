/**
 * Preloaded (`node --import`) by the npm scripts whose start-up time counts: `build` and
 * `validate`. It turns on Node's module compile cache, so that a run after the first
 * does not parse and compile Astro, Vite, zod and our own TypeScript again: ~1.4 s off
 * a build's start, ~0.2 s off a validation on each of its threads. The folder sits in
 * Astro's cache folder (node_modules/.astro), which the deploy workflow keeps between
 * runs; NODE_COMPILE_CACHE names another, NODE_DISABLE_COMPILE_CACHE=1 turns it off.
 * Worker threads inherit it through the environment. Plain JavaScript: a TypeScript
 * preload would start the type stripper before the cache could spare it.
 */
import module from 'node:module';
import path from 'node:path';

const folder = process.env.NODE_COMPILE_CACHE ?? path.resolve('node_modules/.astro/compile-cache');
// Node keeps its files in a subfolder per Node version; workers are given the folder itself.
// Nodes before 22.1 have no compile cache: they run without it (the scripts' pre-step says
// which Node is needed).
if (module.enableCompileCache?.(folder).directory) process.env.NODE_COMPILE_CACHE = folder;
